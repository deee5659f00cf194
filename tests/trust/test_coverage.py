"""Every leaf the renderer emits has a change-table entry; what has none fails closed; no
output cites notes outside the repository; every entry and limit names a public source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from trust_helpers import (
    SOURCE_IDS,
    SOURCES,
    Cli,
    against,
    edited,
    findings,
    plan,
    resources,
)

# Inputs that name the resource (URL path parameters): changing one replaces the resource,
# and a replacement folds every other change of the resource into itself.
ADDRESSING = {
    "resourceName",
    "resourceGroupName",
    "resourceProviderNamespace",
    "parentResourcePath",
    "resourceType",
    "virtualNetworkName",
    "subnetName",
    "natGatewayName",
    "publicIpAddressName",
    "routeTableName",
    "workspaceName",
    "azureMonitorWorkspaceName",
    "dataCollectionEndpointName",
    "dataCollectionRuleName",
    "associationName",
    "ruleGroupName",
    "resourceUri",
    "scope",
    "roleAssignmentName",
    "name",
    "location",
}
PRIVATE = ("aks-facts", "design §", "§")


def _mutate(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return [*value, "x"] if not value or not isinstance(value[0], dict) else value[:-1]
    return value


def _mutate_all(inputs: dict[str, Any], top: bool = True) -> None:
    for key, value in list(inputs.items()):
        if top and key in ADDRESSING:
            continue
        if isinstance(value, dict) and value:
            _mutate_all(value, top=False)
        elif isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
            for item in value:
                _mutate_all({k: v for k, v in item.items() if k != "name"}, top=False)
                for k, v in item.items():
                    if k != "name" and not isinstance(v, dict | list):
                        item[k] = _mutate(v)
                    elif isinstance(v, dict):
                        _mutate_all(v, top=False)
        else:
            inputs[key] = _mutate(value)


def everything_changed(doc: dict[str, Any]) -> dict[str, Any]:
    def edit(d: dict[str, Any]) -> None:
        for resource in resources(d):
            _mutate_all(resource["inputs"])

    return edited(doc, edit)


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_every_rendered_leaf_has_a_change_table_entry(
    cli: Cli, tmp_path: Path, source: tuple[str, ...]
) -> None:
    doc = plan(cli, *source, ok=False)
    _, report = against(cli, tmp_path, everything_changed(doc), *source, extra=("--allow-replace",))
    leaves = report["changes"]["changes"]
    assert len(leaves) > 20
    missing = sorted(
        {(c["armType"], c["path"]) for c in leaves if "no entry" in c["source"].lower()}
    )
    assert not missing, missing


def test_a_leaf_without_an_entry_on_a_guarded_type_blocks(cli: Cli, tmp_path: Path) -> None:
    doc = plan(cli, "--preset", "standard")

    def extra(d: dict[str, Any]) -> None:
        for resource in resources(d, "Microsoft.ContainerService/managedClusters"):
            resource["inputs"]["properties"]["somethingNew"] = {"enabled": True}

    code, report = against(cli, tmp_path, edited(doc, extra), "--preset", "standard")
    [change] = [c for c in report["changes"]["changes"] if "somethingNew" in c["path"]]
    assert change["class"] not in ("in-place", "rolling", "create")
    assert code == 3
    assert any("somethingNew" in f["message"] for f in findings(report, "error"))


def _outputs(cli: Cli, tmp_path: Path, source: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    doc = plan(cli, *source, ok=False)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(everything_changed(doc)))
    runs = [
        ("plan", *source),
        ("plan", *source, "-o", "json"),
        ("plan", *source, "-o", "markdown"),
        ("plan", *source, "--explain"),
        ("capacity", *source),
        ("capacity", *source, "-o", "json"),
        ("plan", *source, "--against", str(old)),
        ("plan", *source, "--against", str(old), "-o", "json"),
        ("plan", *source, "--against", str(old), "-o", "markdown"),
    ]
    if source[0] == "--preset":
        runs.append(("presets", "show", source[1]))
        runs.append(("presets", "show", source[1], "-o", "json"))
    else:
        runs.append(("presets", "validate", source[1]))
        runs.append(("presets", "validate", source[1], "-o", "json"))
    for args in runs:
        result = cli(*args)
        assert result.exception is None, (args, result.exception)
        out.append(result.stdout + result.stderr)
    return out


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_no_output_cites_notes_outside_the_repository(
    cli: Cli, tmp_path: Path, source: tuple[str, ...]
) -> None:
    for text in _outputs(cli, tmp_path, source):
        for marker in PRIVATE:
            assert marker not in text, text[
                max(0, text.find(marker) - 200) : text.find(marker) + 80
            ]


def test_unconfirmed_entries_say_so_once_with_a_legend(cli: Cli, tmp_path: Path) -> None:
    doc = plan(cli, "--preset", "standard")
    for run in (("-o", "markdown"), ()):
        path = tmp_path / f"old{len(run)}.json"
        path.write_text(json.dumps(everything_changed(doc)))
        result = cli("plan", "--preset", "standard", "--against", str(path), *run)
        text = result.stdout
        assert "UNCONFIRMED" not in text
        unconfirmed = [line for line in text.splitlines() if "not confirmed" in line.lower()]
        assert len(unconfirmed) <= 1 + text.count("†") // 1, unconfirmed
        if "†" in text:
            assert any("†" in line and "confirm" in line.lower() for line in text.splitlines())


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_every_change_names_a_public_source(
    cli: Cli, tmp_path: Path, source: tuple[str, ...]
) -> None:
    doc = plan(cli, *source, ok=False)
    _, report = against(cli, tmp_path, everything_changed(doc), *source, extra=("--allow-replace",))
    for change in report["changes"]["changes"]:
        if change["class"] in ("create", "deletion"):
            continue
        assert "https://" in change["source"], (change["path"], change["source"])
        assert isinstance(change["confirmed"], bool)


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_every_limit_names_a_public_source(cli: Cli, source: tuple[str, ...]) -> None:
    result = cli("capacity", *source, "-o", "json")
    assert result.exception is None
    text = result.stdout

    def sources(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "source" and isinstance(item, str):
                    yield item
                else:
                    yield from sources(item)
        elif isinstance(value, list):
            for item in value:
                yield from sources(item)

    found = list(sources(json.loads(text)))
    assert found
    for item in found:
        assert "https://" in item, item
