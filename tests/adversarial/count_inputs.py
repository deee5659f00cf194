"""How many adversarial inputs the suite tries, by class of the reliability issue.

    python tests/adversarial/count_inputs.py

Counts collected test cases per file (each parametrized case is one input) and, for the
property tests, the examples Hypothesis generates (`max_examples`); prints a Markdown table.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSES = {
    "test_adv_data_lost.py": "data lost",
    "test_adv_kubeconfig.py": "data lost",
    "test_adv_write_failures.py": "data lost",
    "test_adv_locks.py": "locks bypassed",
    "test_adv_secrets.py": "secrets shown",
    "test_adv_no_bug.py": "unexpected error",
    "test_adv_silent.py": "accepted silently",
}


def property_examples(path: Path) -> dict[str, int]:
    """`test name -> max_examples` for the Hypothesis tests of one file."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "settings":
                for keyword in decorator.keywords:
                    value = keyword.value
                    if keyword.arg == "max_examples" and isinstance(value, ast.Constant):
                        found[node.name] = int(str(value.value))
    return found


def main() -> int:
    listing = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
            str(HERE),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cases: Counter[str] = Counter()
    generated: Counter[str] = Counter()
    for line in listing.splitlines():
        if "::" not in line:
            continue
        file, test = line.split("::", 1)
        name = Path(file).name
        klass = CLASSES.get(name, "other")
        examples = property_examples(HERE / name).get(test.split("[")[0])
        if examples:
            generated[klass] += examples
        else:
            cases[klass] += 1
    print("| class | fixed inputs | generated inputs (Hypothesis) | total |")
    print("|---|---:|---:|---:|")
    for klass in sorted(set(cases) | set(generated)):
        total = cases[klass] + generated[klass]
        print(f"| {klass} | {cases[klass]} | {generated[klass]} | {total} |")
    all_cases, all_generated = sum(cases.values()), sum(generated.values())
    print(f"| **all** | {all_cases} | {all_generated} | {all_cases + all_generated} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
