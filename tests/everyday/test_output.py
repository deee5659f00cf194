"""Output that reads well anywhere: a pipe, a file, a 60- or 120-column terminal, COLUMNS.

Names are never cut or wrapped; in a narrow terminal the settings fold instead. Tables show
the names Azure will give resources; JSON keeps both names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from terminal import REPO, base_env, in_terminal, through_pipe

PRESETS = ["standard", "automatic", "standard-large"]


def plan_document(preset: str, *extra: str) -> dict[str, Any]:
    run = through_pipe("plan", "--preset", preset, *extra, "-o", "json")
    assert run.code in (0, 3), run.text
    return dict(json.loads(run.out))


def azure_names(document: dict[str, Any]) -> list[str]:
    """The names Azure gives the resources (a role assignment's is a GUID made at deploy)."""
    return [r["azureName"] for r in document["resources"] if r["azureName"] is not None]


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_names_whole(text: str, names: list[str]) -> None:
    lines = text.splitlines()
    for name in names:
        assert any(name in line for line in lines), (name, text)


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


# ------------------------------------------------------------------ JSON keeps both names


@pytest.mark.parametrize("preset", PRESETS)
def test_json_keeps_the_logical_and_the_azure_name(preset: str) -> None:
    document = plan_document(preset)
    for resource in document["resources"]:
        generated = resource["type"] == "azure-native:authorization:RoleAssignment"
        assert resource["name"] and (resource["azureName"] or generated), resource
    by_logical = {r["name"]: r["azureName"] for r in document["resources"]}
    assert by_logical[f"aks-{preset}-rg"] == f"rg-aks-{preset}"
    assert by_logical[f"aks-{preset}"] == f"aks-{preset}"


def test_the_name_column_shows_azure_names() -> None:
    run = through_pipe("plan", "--preset", "automatic")
    assert run.code == 0, run.text
    assert "rg-aks-automatic" in run.out
    assert "aks-automatic-rg" not in run.out
    header = run.out.splitlines()[0].split()
    assert header[:3] == ["TYPE", "NAME", "SETTINGS"]


# ------------------------------------------------------------------ pipes and files


@pytest.mark.parametrize("preset", PRESETS)
def test_a_pipe_never_wraps_or_cuts_names(preset: str) -> None:
    document = plan_document(preset)
    run = through_pipe("plan", "--preset", preset)
    assert run.code == 0, run.text
    assert_names_whole(run.out, azure_names(document))
    rows = [line for line in run.out.splitlines() if line and not line.startswith(" ")]
    # one line per resource: a header, the resources, then findings and the summary
    assert len(run.out.splitlines()) == len(rows)
    assert all(line == line.rstrip() for line in run.out.splitlines())


def test_grep_finds_a_long_name_through_a_pipe() -> None:
    document = plan_document("standard")
    longest = max(azure_names(document), key=len)
    run = through_pipe("plan", "--preset", "standard")
    hits = [line for line in run.out.splitlines() if longest in line]
    assert len(hits) == 1, run.out


def test_out_files_are_not_wrapped_at_80_columns(tmp_path: Path) -> None:
    out = tmp_path / "plan.txt"
    run = through_pipe("plan", "--preset", "standard-large", "--out", str(out))
    assert run.code == 0, run.text
    text = out.read_text(encoding="utf-8")
    assert_names_whole(text, azure_names(plan_document("standard-large")))
    cluster = next(line for line in text.splitlines() if line.startswith("managedClusters"))
    assert "inline pool system" in cluster  # the whole settings cell on the row


def test_presets_list_through_a_pipe_is_one_line_per_preset() -> None:
    run = through_pipe("presets", "list")
    lines = run.out.splitlines()
    assert len(lines) == 1 + len(PRESETS), run.out
    assert [line.split()[0] for line in lines[1:]] == sorted(PRESETS)


def test_columns_is_honoured_in_a_pipe() -> None:
    run = through_pipe("plan", "--preset", "standard", env=base_env(columns="90"))
    assert widest(run.out) <= 90, run.out
    assert_names_whole(run.out, azure_names(plan_document("standard")))


# ------------------------------------------------------------------ terminals


@pytest.mark.parametrize("columns", [60, 120])
@pytest.mark.parametrize("preset", ["standard", "standard-large"])
def test_a_terminal_folds_settings_never_names(columns: int, preset: str) -> None:
    document = plan_document(preset)
    run = in_terminal("plan", "--preset", preset, columns=columns)
    assert run.code == 0, run.text
    assert widest(run.out) <= columns, run.out
    assert_names_whole(run.out, azure_names(document))
    # nothing is lost: the cluster's settings are all there, folded or not
    assert squashed("azure/overlay/cilium") in squashed(run.out)


def test_a_wide_terminal_shows_one_row_per_resource() -> None:
    document = plan_document("automatic")
    run = in_terminal("plan", "--preset", "automatic", columns=200)
    table = run.out.split("\n\n")[0].splitlines()
    rows = [line for line in table if line.split() and line.split()[0] != "TYPE"]
    assert len([r for r in rows if not r.startswith(" ")]) >= len(document["resources"])


def test_columns_overrides_the_terminal_size() -> None:
    run = in_terminal("plan", "--preset", "standard", columns=160, env=base_env(columns="70"))
    assert widest(run.out) <= 70, run.out
    assert_names_whole(run.out, azure_names(plan_document("standard")))


@pytest.mark.parametrize("columns", [60, 120])
def test_presets_show_in_a_terminal_keeps_paths_whole(columns: int) -> None:
    run = in_terminal("presets", "show", "standard", columns=columns)
    assert run.code == 0, run.text
    assert widest(run.out) <= columns
    for path in ("spec.network.natGateway.outboundIPs", "spec.nodePools[user].maxCount"):
        assert any(path in line for line in run.out.splitlines()), run.out


# ------------------------------------------------------------------ what the table says


def test_the_inline_system_pool_shows_its_autoscaling_range() -> None:
    result = through_pipe(
        "plan",
        "--preset",
        "standard",
        "--set",
        "spec.nodePools[system].minCount=3",
        "--set",
        "spec.nodePools[system].maxCount=6",
        "--set",
        "spec.nodePools[system].count=null",
    )
    assert result.code == 0, result.text
    cluster = next(line for line in result.out.splitlines() if "managedClusters" in line)
    assert "3-6 (autoscale)" in cluster, cluster


def test_an_invalid_spec_prints_its_errors_not_the_table(write: Callable[..., Path]) -> None:
    spec = write(
        "bad.yaml",
        "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n"
        "spec:\n  nodePools:\n    - name: user\n      maxCount: 1200\n",
    )
    run = through_pipe("plan", "-f", str(spec))
    assert run.code == 3
    text = run.out + run.err
    assert "maxCount = 1200" in text
    assert "ResourceGroup" not in text and "TYPE" not in text
    assert "1 error" in text


def test_counts_read_right() -> None:
    document = plan_document("standard-large")
    warnings = sum(f["level"] == "warning" for f in document["findings"])
    run = through_pipe("plan", "--preset", "standard-large")
    summary = run.out.splitlines()[-1]
    expected = f"{warnings} warning" + ("" if warnings == 1 else "s")
    assert summary.endswith(f"0 errors, {expected}"), summary
    assert re.search(r" \d+-\d,\d{3} nodes in pools", summary), summary  # 9-4,992 nodes
    one = through_pipe("plan", "--preset", "standard", "--set", "spec.nodePools[user]=null")
    assert "1 node pool," in one.out.splitlines()[-1], one.out


def test_a_one_member_fleet_reads_right(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text(
        "apiVersion: aks-kit/v1\nkind: Fleet\nmetadata: {name: shop, location: westeurope}\n"
        "spec:\n  members:\n    - name: shop-weu\n      extends: standard\n"
        "      metadata: {location: westeurope}\n",
        encoding="utf-8",
    )
    run = through_pipe("plan", "-f", str(one))
    assert run.code == 0, run.text
    assert "1 member in 1 region" in run.out, run.out


def test_capacity_says_the_number_behind_the_average() -> None:
    run = through_pipe("capacity", "--preset", "standard")
    assert run.code == 0, run.text
    line = next(line for line in run.out.splitlines() if "64 ports per node" in line)
    # 2 IPs x 64,512 ports / 64 = 2,016 nodes
    assert "2,016 nodes" in line, line


def test_capacity_states_each_note_once() -> None:
    run = through_pipe("capacity", "--preset", "standard-large")
    text = run.out
    assert text.count("control plane scales itself") == 1, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), text


def test_capacity_groups_a_fleets_repeated_lines() -> None:
    run = through_pipe("capacity", "-f", str(REPO / "examples" / "fleets" / "train-75k.yaml"))
    assert run.code in (0, 3), run.text
    lines = [line for line in run.out.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), "\n".join(lines)
