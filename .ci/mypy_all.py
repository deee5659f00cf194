"""Run mypy on everything and fail unless it checked every Python file on disk.

mypy reports "no issues found in N source files"; a configuration that silently stops
seeing a folder would still pass, so N is compared with the .py files under the folders
`[tool.mypy] files` names.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    roots = config["tool"]["mypy"]["files"]
    expected = sum(1 for root in roots for _ in (REPO / root).rglob("*.py"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False
    )
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        return result.returncode
    found = re.search(r"in (\d+) source files?", result.stdout)
    checked = int(found.group(1)) if found else 0
    if checked < expected:
        print(
            f"mypy checked {checked} files but {', '.join(roots)} hold {expected}: "
            "a folder is not being type-checked",
            file=sys.stderr,
        )
        return 1
    print(f"mypy checked all {checked} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
