"""`plan -o markdown` as a pull-request comment: summary first, changes before anything else,
unchanged resources left out of `--against`, fleet findings listed, the aks-kit version
recorded. (A change set over GitHub's comment limit: tests/ci/test_pr_scripts.py.)"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aks_kit import __version__


@pytest.fixture
def base(cli: Callable[..., Any], tmp_path: Path) -> Path:
    path = tmp_path / "base.json"
    result = cli("plan", "--preset", "standard", "-o", "json", "--out", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def against(cli: Callable[..., Any], base: Path, *sets: str) -> Any:
    args = [arg for value in sets for arg in ("--set", value)]
    return cli("plan", "--preset", "standard", *args, "--against", str(base), "-o", "markdown")


def test_a_replacement_blocks_and_lists_errors_before_warnings(
    cli: Callable[..., Any], base: Path
) -> None:
    result = against(cli, base, "metadata.location=westus3")
    assert result.exit_code == 3
    text = result.stdout
    lines = text.splitlines()
    assert lines[0] == "### aks-kit plan: `aks-standard` against the base (blocked)"
    assert "replacement" in lines[2]
    levels = [
        line.split("|")[1].strip()
        for line in lines
        if line.startswith("| error |") or line.startswith("| warning |")
    ]
    assert levels == sorted(levels, key=lambda level: level != "error")
    assert "unchanged resources are not listed" not in text  # everything is replaced


def test_a_deletion_blocks(cli: Callable[..., Any], base: Path) -> None:
    result = against(cli, base, "spec.nodePools[user]=null")
    assert result.exit_code == 3
    assert "1 deletion" in result.stdout.splitlines()[2]
    assert "| `aks-standard-user` | (delete) |" in result.stdout


def test_only_in_place_changes_leave_unchanged_resources_out(
    cli: Callable[..., Any], base: Path
) -> None:
    result = against(cli, base, "spec.nodePools[user].maxCount=40")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.splitlines()[0].endswith("against the base (ok)")
    assert "1 changes: 1 in-place" in text
    assert "`aks-standard-user`" in text
    assert "aks-standard-logs" not in text  # an unchanged resource
    assert re.search(r"^\d+ unchanged resources are not listed", text, re.M)
    assert text.rstrip().endswith(f"<sub>planned with aks-kit {__version__}</sub>")


def test_no_changes(cli: Callable[..., Any], base: Path) -> None:
    result = against(cli, base)
    assert result.exit_code == 0, result.stderr
    assert "(ok): no changes" in result.stdout
    assert "<details>" not in result.stdout and "| resource |" not in result.stdout


def test_the_plan_records_its_aks_kit_version(
    cli: Callable[..., Any], base: Path, tmp_path: Path
) -> None:
    assert json.loads(base.read_text())["aksKitVersion"] == __version__
    old = json.loads(base.read_text())
    old["aksKitVersion"] = "0.0.9"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(old))
    text = against(cli, older).stdout
    assert f"planned with aks-kit {__version__}; the base plan with aks-kit 0.0.9" in text
    del old["aksKitVersion"]
    older.write_text(json.dumps(old))
    assert "the base plan does not say which aks-kit made it" in against(cli, older).stdout


FLEET = """\
apiVersion: aks-kit/v1
kind: Fleet
metadata: {name: shop, location: eastus2}
spec:
  updateStrategy:
    stages:
      - {name: canary, groups: [canary]}
      - {name: wave1, groups: [wave9]}
  members:
    - {name: a, extends: standard, group: canary, spec: {nodePools: [{name: user, maxCount: 1500}]}}
    - {name: b, extends: standard, group: wave1}
"""


def test_a_fleet_lists_its_findings_before_its_stacks(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(FLEET)
    result = cli("plan", "-f", str(path), "-o", "markdown")
    assert result.exit_code == 3
    text = result.stdout
    summary = text.splitlines()[2]
    assert summary.endswith("2 errors, 3 warnings")
    findings = text[: text.index("<details>")]
    assert "| level | stack | path | message | from |" in findings
    assert (
        "| error | `shop` | `spec.updateStrategy.stages[wave1].groups` | no member is in group 'wave9'"
        in findings
    )
    assert (
        "| error | `a` | `spec.nodePools[user].maxCount` | user pools hold 0 to 1000 nodes"
        in findings
    )
    rows = [line for line in findings.splitlines() if line.startswith(("| error", "| warning"))]
    assert len(rows) == 5
    assert [row.split("|")[1].strip() for row in rows] == ["error"] * 2 + ["warning"] * 3
