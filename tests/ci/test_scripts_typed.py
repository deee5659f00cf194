"""The workflow scripts meet the package's bar: mypy --strict (ruff covers them already)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / ".github" / "scripts"


def test_workflow_scripts_are_strictly_typed() -> None:
    files = sorted(str(p) for p in SCRIPTS.glob("*.py"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", *files],
        cwd=SCRIPTS,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
