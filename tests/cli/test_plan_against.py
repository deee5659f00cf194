"""`aks-kit plan --against FILE`: change risk against an earlier plan, for pull requests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
TRAIN = REPO / "examples" / "fleets" / "train-75k.yaml"


def base_plan(cli: Callable[..., Any], tmp_path: Path, *args: str) -> Path:
    path = tmp_path / "base.json"
    result = cli("plan", *args, "-o", "json", "--out", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def test_pool_vm_size_change_is_rejected_and_exits_3(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    base = base_plan(cli, tmp_path, "--preset", "standard")
    result = cli(
        "plan",
        "--preset",
        "standard",
        "--set",
        "spec.nodePools[user].vmSize=Standard_D16ds_v5",
        "--against",
        str(base),
        "-o",
        "json",
    )
    assert result.exit_code == 3
    document = result.json()
    [error] = [f for f in document["findings"] if f["level"] == "error"]
    assert error["code"] == "change-rejected"
    assert error["path"] == "spec.nodePools[user].vmSize"
    assert "new pool" in error["message"]
    assert document["changes"]["summary"]["rejected"] == 1


def test_pool_max_count_change_is_in_place(cli: Callable[..., Any], tmp_path: Path) -> None:
    base = base_plan(cli, tmp_path, "--preset", "standard")
    result = cli(
        "plan",
        "--preset",
        "standard",
        "--set",
        "spec.nodePools[user].maxCount=40",
        "--against",
        str(base),
        "-o",
        "json",
    )
    assert result.exit_code == 0, result.stdout
    [change] = result.json()["changes"]["changes"]
    assert (change["class"], change["old"], change["new"]) == ("in-place", 20, 40)


def test_deleting_a_pool_needs_allow_replace(cli: Callable[..., Any], tmp_path: Path) -> None:
    base = base_plan(cli, tmp_path, "--preset", "standard")
    args = ["plan", "--preset", "standard", "--set", "spec.nodePools[user]=null"]
    assert cli(*args, "--against", str(base)).exit_code == 3
    assert cli(*args, "--against", str(base), "--allow-replace").exit_code == 0


def test_markdown_puts_the_change_summary_first(cli: Callable[..., Any], tmp_path: Path) -> None:
    base = base_plan(cli, tmp_path, "--preset", "standard")
    result = cli(
        "plan",
        "--preset",
        "standard",
        "--set",
        "spec.nodePools[user].maxCount=40",
        "--against",
        str(base),
        "-o",
        "markdown",
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "### aks-kit plan: `aks-standard` against the base (ok)"
    assert lines[2].startswith("**aks-kit plan --against** (ok): 1 changes: 1 in-place")
    assert "<details>" in result.stdout


def test_missing_or_broken_against_file(cli: Callable[..., Any], tmp_path: Path) -> None:
    missing = cli("plan", "--preset", "standard", "--against", str(tmp_path / "nope.json"))
    assert missing.exit_code == 4
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert cli("plan", "--preset", "standard", "--against", str(broken)).exit_code == 2


def test_the_75000_node_fleet_against_itself_and_a_changed_member(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    base = base_plan(cli, tmp_path, "-f", str(TRAIN))
    same = cli("plan", "-f", str(TRAIN), "--against", str(base), "-o", "json")
    assert same.exit_code == 0, same.stdout
    assert same.json()["changes"]["changes"] == []
    changed = tmp_path / "train.yaml"
    text = TRAIN.read_text().replace(
        "- {name: neu-05, extends: ./presets/train-member.yaml, group: wave2, metadata: {location: northeurope}}",
        "- {name: neu-05, extends: ./presets/train-member.yaml, group: wave2, metadata: {location: northeurope},\n"
        "       spec: {nodePools: [{name: user7, vmSize: Standard_D32ds_v5}]}}",
    )
    assert text != TRAIN.read_text()
    changed.write_text(text)
    (tmp_path / "presets").mkdir()
    (tmp_path / "presets" / "train-member.yaml").write_text(
        (TRAIN.parent / "presets" / "train-member.yaml").read_text()
    )
    result = cli("plan", "-f", str(changed), "--against", str(base), "-o", "json")
    assert result.exit_code == 3
    errors = [f for f in result.json()["findings"] if f["level"] == "error"]
    assert [(f["stack"], f["code"]) for f in errors] == [("neu-05", "change-rejected")]
    assert errors[0]["path"] == "spec.members[neu-05].spec.nodePools[user7].vmSize"
