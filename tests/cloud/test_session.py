"""Credentials, clouds and ARM's refusals: one helper for every command, one line each."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from arm_server import ArmServer, Route
from arm_world import SUB, World

from aks_kit.cloud import session as session_module
from aks_kit.cloud.clouds import CLOUDS, cloud
from aks_kit.cloud.session import Connector, Session

Serve = Callable[[World], AbstractContextManager[ArmServer]]

VERSIONS = f"/subscriptions/{SUB}/providers/Microsoft.ContainerService/locations/eastus2/kubernetesVersions"


def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The real azure-identity chain, with nothing to find: no environment credential and
    no Azure CLI on PATH. It logs warnings as it fails, as DefaultAzureCredential does."""
    for name in (
        "AZURE_CLIENT_ID",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_SECRET",
        "AZURE_FEDERATED_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))

    def factory(where: Any) -> Any:
        from azure.identity import AzureCliCredential, ChainedTokenCredential, EnvironmentCredential

        return ChainedTokenCredential(EnvironmentCredential(), AzureCliCredential())

    monkeypatch.setattr(session_module, "CONNECTOR", Connector(credential_factory=factory))


@pytest.mark.parametrize(
    "args",
    [["versions", "--location", "eastus"], ["preflight", "--preset", "standard"]],
    ids=["versions", "preflight"],
)
def test_no_credentials_exit_6_with_one_line_and_no_sdk_noise(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str]
) -> None:
    no_credentials(monkeypatch, tmp_path)
    monkeypatch.setenv("AZURE_SUBSCRIPTION_ID", SUB)
    result = cli(*args)
    assert result.exit_code == 6
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: no Azure credentials: sign in with `az login`")


def test_sovereign_cloud_sign_in_hint(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_credentials(monkeypatch, tmp_path)
    result = cli("versions", "--location", "chinaeast2", "--cloud", "AzureChinaCloud")
    assert result.exit_code == 6
    assert "`az cloud set --name AzureChinaCloud` then `az login`" in result.stderr


def test_unknown_cloud_is_a_usage_error(cli: Callable[..., Any]) -> None:
    result = cli("versions", "--location", "eastus", "--cloud", "Mars")
    assert result.exit_code == 2
    assert "unknown cloud 'Mars'" in result.stderr


def test_clouds_match_the_sdk_endpoints() -> None:
    from azure.core import AzureClouds
    from azure.identity import AzureAuthorityHosts
    from azure.mgmt.core.tools import get_arm_endpoints

    sdk = {
        "AzureCloud": (AzureClouds.AZURE_PUBLIC_CLOUD, AzureAuthorityHosts.AZURE_PUBLIC_CLOUD),
        "AzureChinaCloud": (AzureClouds.AZURE_CHINA_CLOUD, AzureAuthorityHosts.AZURE_CHINA),
        "AzureUSGovernment": (
            AzureClouds.AZURE_US_GOVERNMENT,
            AzureAuthorityHosts.AZURE_GOVERNMENT,
        ),
    }
    assert set(CLOUDS) == set(sdk)
    for name, (setting, authority) in sdk.items():
        endpoints = get_arm_endpoints(setting)
        assert CLOUDS[name].resource_manager == endpoints["resource_manager"]
        assert [CLOUDS[name].credential_scope] == endpoints["credential_scopes"]
        assert CLOUDS[name].authority == authority


def test_clients_for_a_sovereign_cloud_use_its_endpoint_and_scope() -> None:
    where = cloud("azureusgovernment")
    with Session(object(), SUB, where, Connector()) as session:
        client = session.client("compute")
        assert client._config.credential_scopes == [
            "https://management.core.usgovcloudapi.net/.default"
        ]
        assert session.endpoint == "https://management.usgovcloudapi.net/"
        assert client._config.base_url == "https://management.usgovcloudapi.net/"


def test_default_credential_signs_in_at_the_clouds_authority(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    class Recorder:
        def __init__(self, **kwargs: Any) -> None:
            seen.update(kwargs)

        def get_token(self, *scopes: str, **kwargs: Any) -> Any:
            seen["scopes"] = scopes
            return object()

    import azure.identity

    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", Recorder)
    session_module.check_credential(cloud("AzureChinaCloud"))
    assert seen["authority"] == "login.chinacloudapi.cn"
    assert seen["exclude_interactive_browser_credential"] is True
    assert seen["scopes"] == ("https://management.chinacloudapi.cn/.default",)


DENIED = {
    "error": {
        "code": "AuthorizationFailed",
        "message": (
            "The client 'dev@contoso.com' with object id '00000000-0000-0000-0000-000000000002' "
            "does not have authorization to perform action "
            "'Microsoft.ContainerService/locations/kubernetesVersions/read' over scope "
            f"'/subscriptions/{SUB}' or the scope is invalid. If access was recently granted, "
            "please refresh your credentials."
        ),
    }
}


def test_403_names_the_missing_permission(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    world.extra[VERSIONS] = Route(403, DENIED)
    with serve(world) as server:
        result = cli("versions", "--location", "eastus2")
    assert result.exit_code == 5
    assert (
        "missing permission Microsoft.ContainerService/locations/kubernetesVersions/read"
        in result.stderr
    )
    assert f"subscription {SUB}" in result.stderr
    assert len(server.requests) == 1  # a refusal is not retried
    assert len(result.stderr.strip().splitlines()) == 1


def test_403_without_an_action_names_the_read_it_was(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    world.extra[VERSIONS] = Route(403, {"error": {"code": "Forbidden", "message": "Denied."}})
    with serve(world):
        result = cli("versions", "--location", "eastus2")
    assert result.exit_code == 5
    assert (
        "(Forbidden): missing permission Microsoft.ContainerService/locations/kubernetesVersions/read"
        in result.stderr
    )


def test_429_with_retry_after_is_retried_by_the_sdk(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    throttled = {"error": {"code": "TooManyRequests", "message": "Too many requests."}}
    ok = world.routes()[VERSIONS]
    world.extra[VERSIONS] = [Route(429, throttled, {"Retry-After": "1"}, times=1), ok]
    with serve(world) as server:
        started = time.monotonic()
        result = cli("versions", "--location", "eastus2", "-o", "json")
        elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert len(server.requests) == 2
    assert elapsed >= 0.9  # waited as Retry-After said
    assert result.stderr == ""


def test_transient_5xx_is_retried(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    ok = world.routes()[VERSIONS]
    busy = {"error": {"code": "ServiceUnavailable", "message": "Try again."}}
    world.extra[VERSIONS] = [Route(503, busy, times=1), ok]
    with serve(world) as server:
        result = cli("versions", "--location", "eastus2", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert len(server.requests) == 2


def test_throttling_that_outlasts_the_retries_exits_5(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    throttled = {"error": {"code": "TooManyRequests", "message": "Too many requests."}}
    world.extra[VERSIONS] = Route(429, throttled, {"Retry-After": "0"})
    with serve(world) as server:
        result = cli("versions", "--location", "eastus2")
    assert result.exit_code == 5
    assert "throttling" in result.stderr
    assert len(server.requests) == 3  # the first try and retry_total=2 retries


def test_404_is_not_found(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    with serve(world):
        result = cli("versions", "--location", "nowhere")
    assert result.exit_code == 4
    assert "Kubernetes versions in nowhere: NotFound" in result.stderr
