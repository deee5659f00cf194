"""`aks-kit doctor` as a user reads it: every fix whole (folded, never cut), no advice to
run doctor, and none of the Azure SDK's log lines before aks-kit's own report."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError

from aks_kit.cli.application import Application


class NoisyNoCredential:
    """Fails the way DefaultAzureCredential does: logs each credential tried, then raises."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        log = logging.getLogger("azure.identity._credentials.chained")
        for _ in range(15):
            log.warning(
                "DefaultAzureCredential failed to retrieve a token from the included credentials."
            )
        raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token")


@pytest.fixture
def broken(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, application: Application
) -> Application:
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    application.which = lambda name: None  # no pulumi, no kubelogin
    application.credential = NoisyNoCredential
    return application


@pytest.mark.parametrize("columns", ["60", "120"])
def test_doctor_never_cuts_a_fix(
    broken: Application, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    table = cli("doctor", "--subscription", "00000000-0000-0000-0000-000000000001")
    checks = cli("doctor", "--subscription", "00000000-0000-0000-0000-000000000001", "-o", "json")
    assert table.exit_code == 6
    assert "…" not in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= int(columns)
    words = set(table.stdout.split())
    for check in checks.json():
        # folded onto more lines, never cut: every word of every fix is there
        # (a word longer than the column, e.g. a URL, may fold inside itself)
        for word in check["fix"].split():
            assert word in words or len(word) > 20, (word, table.stdout)


def test_doctor_does_not_tell_the_user_to_run_doctor(
    broken: Application, cli: Callable[..., Any]
) -> None:
    result = cli("doctor", "-o", "json")
    for check in result.json():
        assert "aks-kit doctor" not in check["fix"], check


def test_doctor_prints_no_sdk_log_noise(broken: Application, cli: Callable[..., Any]) -> None:
    result = cli("doctor", "--subscription", "00000000-0000-0000-0000-000000000001")
    assert "DefaultAzureCredential failed to retrieve" not in result.stderr
    assert result.stderr.count("\n") <= 1, result.stderr
