"""`aks-kit versions --location L` through the real containerservice client."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from arm_server import ArmServer
from arm_world import SUB, World

Serve = Callable[[World], AbstractContextManager[ArmServer]]


def test_versions_json_lists_default_preview_lts_patches_and_upgrades(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(world) as server:
        result = cli("versions", "--location", "eastus2", "-o", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["location"] == "eastus2"
    by_version = {v["version"]: v for v in data["versions"]}
    assert [v["version"] for v in data["versions"]] == ["1.29", "1.32", "1.33", "1.34", "1.35"]
    assert by_version["1.34"]["default"] is True
    assert by_version["1.35"]["preview"] is True
    assert by_version["1.29"]["ltsOnly"] is True
    assert by_version["1.32"]["lts"] is True and by_version["1.32"]["ltsOnly"] is False
    assert by_version["1.32"]["patches"] == {"1.32.6": ["1.32.7", "1.33.3"], "1.32.7": ["1.33.3"]}
    [request] = server.requests
    assert request["path"] == (
        f"/subscriptions/{SUB}/providers/Microsoft.ContainerService/locations/eastus2/kubernetesVersions"
    )
    assert request["headers"]["Authorization"] == "Bearer test-token"


def test_versions_table(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    with serve(world):
        result = cli("versions", "--location", "eastus2")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "VERSION",
        "DEFAULT",
        "PREVIEW",
        "SUPPORT",
        "PATCHES",
        "(->",
        "UPGRADES)",
    ]
    row = next(line for line in lines if line.strip().startswith("1.32"))
    assert "community, LTS" in row and "1.32.6 -> 1.32.7, 1.33.3" in row
    assert "LTS only" in next(line for line in lines if line.strip().startswith("1.29"))


def test_subscription_from_the_azure_cli_profile(
    cli: Callable[..., Any],
    serve: Serve,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import json
    import os

    profile = tmp_path / "azure-config" / "azureProfile.json"
    profile.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "installationId": "x",
        "subscriptions": [
            {
                "id": "11111111-1111-1111-1111-111111111111",
                "isDefault": False,
                "environmentName": "AzureCloud",
            },
            {"id": SUB, "isDefault": True, "environmentName": "AzureCloud", "name": "dev"},
        ],
    }
    profile.write_text(json.dumps(data), encoding="utf-8-sig")  # the CLI writes a BOM
    assert os.environ["AZURE_CONFIG_DIR"] == str(profile.parent)
    with serve(world) as server:
        monkeypatch.delenv("AZURE_SUBSCRIPTION_ID")
        result = cli("versions", "--location", "eastus2", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert server.requests[0]["path"].startswith(f"/subscriptions/{SUB}/")


def test_subscription_flag_wins(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    other = "22222222-2222-2222-2222-222222222222"
    with serve(world) as server:
        result = cli("versions", "--location", "eastus2", "--subscription", other)
    assert result.exit_code == 4  # the server knows no such subscription: ARM's 404
    assert server.requests[0]["path"].startswith(f"/subscriptions/{other}/")
    assert "Kubernetes versions in eastus2" in result.stderr


def test_no_subscription_anywhere_exits_6(
    cli: Callable[..., Any], serve: Serve, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(world):
        monkeypatch.delenv("AZURE_SUBSCRIPTION_ID")
        result = cli("versions", "--location", "eastus2")
    assert result.exit_code == 6
    assert "az account set" in result.stderr
