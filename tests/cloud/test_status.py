"""`aks-kit status NAME`: a cluster as ARM sees it, for clusters aks-kit did not create."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from arm_server import ArmServer
from arm_world import SUB, World, cluster_body

Serve = Callable[[World], AbstractContextManager[ArmServer]]


def with_cluster(
    world: World, name: str = "legacy", group: str = "rg-legacy", **kwargs: Any
) -> World:
    world.clusters[(group, name)] = cluster_body(name, group, "eastus2", **kwargs)
    return world


def test_status_json_reads_states_versions_pools_and_upgrades(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(with_cluster(world)) as server:
        result = cli("status", "legacy", "-g", "rg-legacy", "-o", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["provisioningState"] == "Succeeded"
    assert data["powerState"] == "Running"
    assert data["kubernetesVersion"] == "1.33.3"
    assert data["sku"] == "Base" and data["tier"] == "Standard"
    assert data["availableUpgrades"] == ["1.33.4", "1.34.1"]
    assert [
        (p["name"], p["mode"], p["count"], p["minCount"], p["maxCount"], p["provisioningState"])
        for p in data["nodePools"]
    ] == [
        ("system", "System", 3, None, None, "Succeeded"),
        ("user", "User", 5, 2, 10, "Upgrading"),
    ]
    assert data["nodePools"][1]["availableUpgrades"] == ["1.34.1"]
    paths = [r["path"] for r in server.requests]
    base = f"/subscriptions/{SUB}/resourceGroups/rg-legacy/providers/Microsoft.ContainerService/managedClusters/legacy"
    assert paths == [base, f"{base}/upgradeProfiles/default"]


def test_status_finds_the_resource_group_by_listing(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(with_cluster(world)) as server:
        result = cli("status", "legacy")
    assert result.exit_code == 0, result.stderr
    assert (
        server.requests[0]["path"]
        == f"/subscriptions/{SUB}/providers/Microsoft.ContainerService/managedClusters"
    )
    assert "legacy (rg-legacy, eastus2)" in result.stdout
    assert "Succeeded, Running" in result.stdout
    lines = result.stdout.splitlines()
    assert any(
        line.split()[:4] == ["user", "User", "Standard_D8ds_v5", "5"] and "(2-10)" in line
        for line in lines
    )


def test_status_of_a_missing_cluster_exits_4(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(world):
        listed = cli("status", "ghost")
        named = cli("status", "ghost", "-g", "rg-x")
    assert listed.exit_code == 4
    assert f"no AKS cluster named 'ghost' in subscription {SUB}" in listed.stderr
    assert named.exit_code == 4
    assert "cluster ghost in resource group rg-x" in named.stderr


def test_status_with_two_clusters_of_one_name_asks_for_the_group(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with_cluster(world, group="rg-a")
    with_cluster(world, group="rg-b")
    with serve(world):
        result = cli("status", "legacy")
    assert result.exit_code == 2
    assert "pass --resource-group" in result.stderr and "rg-a, rg-b" in result.stderr
