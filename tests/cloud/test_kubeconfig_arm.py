"""`aks-kit kubeconfig NAME` without a stack output: the user credentials from ARM."""

from __future__ import annotations

import stat
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from arm_server import ArmServer
from arm_world import SUB, World, cluster_body

from aks_kit.cli.application import Application
from aks_kit.errors import Prerequisite

Serve = Callable[[World], AbstractContextManager[ArmServer]]
CREDENTIAL = (
    f"/subscriptions/{SUB}/resourceGroups/rg-legacy/providers/Microsoft.ContainerService/"
    "managedClusters/legacy/listClusterUserCredential"
)


@pytest.fixture
def no_pulumi(application: Application) -> Application:
    def missing() -> Any:
        raise Prerequisite("the pulumi CLI is not on PATH")

    application.pulumi_command = missing
    return application


def test_entra_cluster_gets_an_exec_kubeconfig_from_arm(
    cli: Callable[..., Any], serve: Serve, world: World, no_pulumi: Application, tmp_path: Path
) -> None:
    world.clusters[("rg-legacy", "legacy")] = cluster_body(
        "legacy", "rg-legacy", "eastus2", entra=True
    )
    target = tmp_path / "legacy.kubeconfig"
    with serve(world) as server:
        result = cli("kubeconfig", "legacy", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    text = target.read_text()
    assert "command: kubelogin" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    [post] = [r for r in server.requests if r["method"] == "POST"]
    assert post["path"] == CREDENTIAL
    assert "format=exec" in post["query"]


def test_local_account_cluster_and_merge(
    cli: Callable[..., Any], serve: Serve, world: World, no_pulumi: Application, tmp_path: Path
) -> None:
    world.clusters[("rg-legacy", "legacy")] = cluster_body("legacy", "rg-legacy", "eastus2")
    config = tmp_path / "config"
    with serve(world) as server:
        result = cli("kubeconfig", "legacy", "-g", "rg-legacy", "--kubeconfig", str(config))
    assert result.exit_code == 0, result.stderr
    assert "secret-token-value" not in result.stdout + result.stderr
    assert "current-context: legacy" in config.read_text()
    [post] = [r for r in server.requests if r["method"] == "POST"]
    assert "format=" not in post["query"]


def test_no_stack_and_no_cluster_exits_4_naming_both(
    cli: Callable[..., Any], serve: Serve, world: World, no_pulumi: Application
) -> None:
    with serve(world):
        result = cli("kubeconfig", "ghost")
    assert result.exit_code == 4
    assert "no kubeconfig from stack 'ghost' (the pulumi CLI is not on PATH)" in result.stderr
    assert "and in Azure: no AKS cluster named 'ghost'" in result.stderr
