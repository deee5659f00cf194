"""`aks-kit doctor` with every outside dependency swapped for a known answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from arm_server import Route, StaticToken, arm_server
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError

from aks_kit.cli.application import Application
from aks_kit.cloud.versions import kubernetes_versions

SUB = "00000000-0000-0000-0000-000000000001"
PATH = f"/subscriptions/{SUB}/providers/Microsoft.ContainerService/locations/eastus2/kubernetesVersions"
SECRET_TOKEN = "eyJ-not-a-real-token-but-must-never-print"


class GoodCredential:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(SECRET_TOKEN, 4102444800)


class NoCredential:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token")


def fake_run(plugins: list[dict[str, str]]) -> Callable[[list[str]], str]:
    def run(argv: list[str]) -> str:
        if argv[1:] == ["version"]:
            return "v3.272.0\n"
        if argv[1:] == ["plugin", "ls", "--json"]:
            return json.dumps(plugins)
        raise AssertionError(f"unexpected command {argv}")

    return run


@pytest.fixture
def deps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, application: Application) -> Application:
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    application.which = lambda name: f"/usr/local/bin/{name}"
    application.run = fake_run([{"name": "azure-native", "kind": "resource", "version": "3.29.0"}])
    application.credential = GoodCredential
    application.versions = lambda cred, sub, loc: []  # never the real ARM
    return application


def test_all_good_exits_0_and_never_prints_the_token(
    deps: Application, cli: Callable[..., Any]
) -> None:
    versions = {"values": [{"version": "1.34", "isDefault": True}, {"version": "1.33"}]}
    with arm_server({PATH: Route(200, versions)}) as server:
        deps.versions = lambda cred, sub, loc: kubernetes_versions(
            cred, sub, loc, base_url=server.url, authentication_policy=StaticToken("t")
        )
        result = cli("doctor", "--subscription", SUB, "-o", "json")
    assert result.exit_code == 0, result.stdout
    checks = {c["name"]: c for c in result.json()}
    assert all(c["ok"] for c in checks.values())
    assert checks["subscription"]["detail"] == (
        f"{SUB}: AKS in eastus2 offers 1.33, 1.34 (default 1.34)"
    )
    assert "3.272.0" in checks["pulumi CLI"]["detail"]
    assert SECRET_TOKEN not in result.stdout + result.stderr


def test_missing_pulumi_and_credentials_exit_6(deps: Application, cli: Callable[..., Any]) -> None:
    deps.which = lambda name: None
    deps.credential = NoCredential
    result = cli("doctor", "--subscription", SUB, "-o", "json")
    assert result.exit_code == 6
    checks = {c["name"]: c for c in result.json()}
    assert checks["pulumi CLI"] == {
        "name": "pulumi CLI",
        "ok": False,
        "detail": "not on PATH",
        "fix": checks["pulumi CLI"]["fix"],
        "required": True,
    }
    assert "get.pulumi.com" in checks["pulumi CLI"]["fix"]
    assert checks["Azure credentials"]["ok"] is False
    assert "az login" in checks["Azure credentials"]["fix"]
    assert checks["kubelogin"]["required"] is False


def test_old_pulumi_is_flagged(deps: Application, cli: Callable[..., Any]) -> None:
    deps.run = lambda argv: "v3.100.0\n" if argv[1:] == ["version"] else "[]"
    result = cli("doctor", "--subscription", SUB, "-o", "json")
    checks = {c["name"]: c for c in result.json()}
    assert checks["pulumi CLI"]["ok"] is False
    assert "upgrade to 3.150.0" in checks["pulumi CLI"]["fix"]
    assert checks["azure-native plugin"]["detail"] == "not installed yet"


def test_subscription_denied_names_the_reason(deps: Application, cli: Callable[..., Any]) -> None:
    denied = {"error": {"code": "AuthorizationFailed", "message": "no access to this scope"}}
    with arm_server({PATH: Route(403, denied)}) as server:
        deps.versions = lambda cred, sub, loc: kubernetes_versions(
            cred, sub, loc, base_url=server.url, authentication_policy=StaticToken("t")
        )
        result = cli("doctor", "--subscription", SUB, "-o", "json")
    assert result.exit_code == 6
    check = next(c for c in result.json() if c["name"] == "subscription")
    assert check["ok"] is False
    assert "AuthorizationFailed" in check["detail"] or "no access" in check["detail"]


def test_world_readable_passphrase_is_flagged(
    deps: Application, cli: Callable[..., Any], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    passphrase = home / "passphrase"
    passphrase.write_text("x")
    passphrase.chmod(0o644)
    result = cli("doctor", "--subscription", SUB, "-o", "json")
    check = next(c for c in result.json() if c["name"] == "backend")
    assert check["ok"] is False
    assert check["fix"] == f"chmod 600 {passphrase}"
