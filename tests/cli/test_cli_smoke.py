"""End-to-end through the CLI: each command, its output formats and its exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_presets_list_names_builtins(cli: Callable[..., Any]) -> None:
    result = cli("presets", "list", "-o", "json")
    assert result.exit_code == 0
    names = [row["name"] for row in result.json()]
    assert names == ["automatic", "standard", "standard-large"]


def test_presets_show_json_has_sources(cli: Callable[..., Any]) -> None:
    result = cli("presets", "show", "automatic", "-o", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["document"]["spec"]["sku"] == "automatic"
    assert data["sources"]["spec.sku"] == "preset:automatic"
    assert data["sources"]["metadata.name"] == "default"


def test_unknown_preset_exits_4(cli: Callable[..., Any]) -> None:
    result = cli("presets", "show", "standrd")
    assert result.exit_code == 4
    assert "did you mean 'standard'" in result.stderr


def test_set_without_equals_exits_2(cli: Callable[..., Any]) -> None:
    result = cli("presets", "show", "standard", "--set", "spec.tier")
    assert result.exit_code == 2
    assert "expected PATH=VALUE" in result.stderr


def test_automatic_override_exits_3_naming_layer(cli: Callable[..., Any]) -> None:
    result = cli("presets", "show", "automatic", "--set", "spec.network.dataplane=azure")
    assert result.exit_code == 3
    assert (
        "spec.network.dataplane = azure (from --set spec.network.dataplane): "
        "AKS Automatic requires cilium"
    ) in result.stdout


def test_validate_reports_each_file(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    good = write("good.yaml", "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n")
    bad = write(
        "bad.yaml",
        "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n"
        "spec:\n  nodePools:\n    - name: user\n      maxCount: 1200\n",
    )
    result = cli("presets", "validate", str(good), str(bad), "-o", "json")
    assert result.exit_code == 3
    by_file = {row["file"]: row for row in result.json()}
    assert by_file[str(good)]["ok"] is True
    codes = [f["code"] for f in by_file[str(bad)]["findings"]]
    assert "pool-count" in codes


def test_validate_missing_file_exits_4(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("presets", "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 4
    assert "file not found" in result.stdout


def test_version_json(cli: Callable[..., Any]) -> None:
    result = cli("version", "-o", "json")
    assert result.exit_code == 0
    assert result.json()["aks-kit"]
