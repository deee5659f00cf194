"""`plan --against` in a terminal or a pipe: the changes per resource with Pulumi-like
symbols, each field with its class, and a summary that counts resources and fields apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from terminal import in_terminal, through_pipe


@pytest.fixture
def old_plan(tmp_path: Path) -> Path:
    path = tmp_path / "old.json"
    run = through_pipe("plan", "--preset", "standard", "-o", "json")
    path.write_text(run.out, encoding="utf-8")
    return path


def changes_json(old: Path, *args: str) -> dict[str, object]:
    run = through_pipe("plan", "--preset", "standard", *args, "--against", str(old), "-o", "json")
    return dict(json.loads(run.out)["changes"])


def test_a_location_change_lists_each_resource_and_counts_apart(old_plan: Path) -> None:
    report = changes_json(old_plan, "--location", "westus3")
    changes = report["changes"]
    assert isinstance(changes, list)
    resources = {(c["stack"], c["resource"]) for c in changes}
    fields = [c for c in changes if c["path"]]
    run = through_pipe(
        "plan", "--preset", "standard", "--location", "westus3", "--against", str(old_plan)
    )
    assert run.code == 3, run.text
    summary = run.out.splitlines()[-1]
    assert f"{len(resources)} resources to change" in summary, summary
    assert f"{len(fields)} fields" in summary, summary
    # every changed resource has a line with its symbol, type and Azure name
    assert re.search(r"^\+- +ResourceGroup rg-aks-standard +replace$", run.out, re.M), run.out
    assert re.search(r"^ +location: eastus2 -> westus3 +replacement$", run.out, re.M), run.out
    resource_lines = [line for line in run.out.splitlines() if re.match(r"^(\+-|\+|~|-|!) ", line)]
    assert len(resource_lines) == len(resources)


def test_a_rejected_change_is_marked_and_names_its_field(old_plan: Path) -> None:
    args = ["--set", "spec.nodePools[user].vmSize=Standard_D16ds_v5"]
    run = through_pipe("plan", "--preset", "standard", *args, "--against", str(old_plan))
    assert run.code == 3
    assert re.search(r"^! +agentPools aks-standard/user +rejected$", run.out, re.M), run.out
    assert "properties.vmSize: Standard_D8ds_v5 -> Standard_D16ds_v5  rejected" in run.out
    assert run.out.splitlines()[-1].startswith(
        "1 resource to change (1 rejected); 1 field: 1 rejected"
    )


def test_an_in_place_update_shows_the_update_symbol(old_plan: Path) -> None:
    run = through_pipe(
        "plan",
        "--preset",
        "standard",
        "--set",
        "spec.nodePools[user].maxCount=30",
        "--against",
        str(old_plan),
    )
    assert run.code == 0, run.text
    assert re.search(r"^~ +agentPools aks-standard/user +update$", run.out, re.M), run.out
    assert "properties.maxCount: 20 -> 30" in run.out


def test_no_changes_says_so(old_plan: Path) -> None:
    run = through_pipe("plan", "--preset", "standard", "--against", str(old_plan))
    assert run.code == 0
    assert run.out.strip().splitlines()[-1] == "no changes"


@pytest.mark.parametrize("columns", [60, 120])
def test_the_change_list_in_a_terminal(old_plan: Path, columns: int) -> None:
    run = in_terminal(
        "plan",
        "--preset",
        "standard",
        "--location",
        "westus3",
        "--against",
        str(old_plan),
        columns=columns,
    )
    assert run.code == 3
    assert "rg-aks-standard" in run.out
    assert max(len(line) for line in run.out.splitlines()) <= columns
