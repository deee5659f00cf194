"""Secrets shown: credentials in a backend or secrets-provider URL are never printed (errors,
`doctor`, tables, JSON), and the local state folder is private (0700) whatever the umask.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from adversary import Runner, assert_clean
from fake_preflight import passing_preflight
from fake_pulumi import FakePulumi, stack_ls

from aks_kit.cli.application import Application

SECRET = "S3CRETvalue"


@pytest.fixture
def aks(aksi: Runner) -> Runner:
    """In this module `aks` runs in process (the same code, faster); `aksp` is a process."""
    return aksi


URLS = {
    "azblob-access-key": f"azblob://tfstate?storage_account=acct&access_key={SECRET}",
    "azblob-sas-token": f"azblob://tfstate?storage_account=acct&sas_token=sv%3D1%26sig%3D{SECRET}",
    "https-userinfo": f"https://deployer:{SECRET}@api.pulumi.example.com",
    "https-token-param": f"https://api.pulumi.example.com/?token={SECRET}",
    "s3-secret-key": f"s3://bucket?region=x&access_key_id=AKIA&secret_access_key={SECRET}",
    "gs-credentials": f"gs://bucket?credentials={SECRET}",
    "bad-scheme-userinfo": f"ftp://deployer:{SECRET}@files.example.com/state",
    "bad-scheme-password-only": f"redis://:{SECRET}@cache.example.com:6379",
    "file-userinfo": f"file://user:{SECRET}@/tmp/state",
}


def leaked(text: str) -> bool:
    return SECRET in text or SECRET.lower() in text.lower()


@pytest.mark.parametrize(
    "command", [["preview", "--preset", "standard"], ["stacks", "list"], ["outputs", "prod"]]
)
@pytest.mark.parametrize("url", list(URLS))
def test_backend_credentials_never_reach_the_terminal(
    aks: Runner, command: list[str], url: str
) -> None:
    proc = aks(*command, "--backend", URLS[url])
    assert_clean(proc)
    assert not leaked(proc.text), proc.text


@pytest.mark.parametrize("url", ["bad-scheme-userinfo", "azblob-access-key", "https-userinfo"])
def test_backend_credentials_in_the_environment_are_redacted(aksp: Runner, url: str) -> None:
    proc = aksp("stacks", "list", env={"PULUMI_BACKEND_URL": URLS[url]})
    assert_clean(proc)
    assert not leaked(proc.text), proc.text


def test_a_redacted_url_still_says_where(aks: Runner) -> None:
    proc = aks("stacks", "list", "--backend", URLS["bad-scheme-userinfo"])
    assert proc.code == 2, proc.text
    assert "files.example.com" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "provider",
    [
        f"azurekeyvault://vault.vault.azure.net/keys/k?client_secret={SECRET}",
        f"passphrase://{SECRET}",
        f"awskms://alias/k?access_key={SECRET}",
    ],
    ids=["keyvault-client-secret", "passphrase-inline", "awskms-key"],
)
def test_secrets_provider_credentials_are_redacted(aks: Runner, provider: str) -> None:
    proc = aks(
        "stacks", "list", "--backend", URLS["azblob-access-key"], "--secrets-provider", provider
    )
    assert_clean(proc)
    assert not leaked(proc.text), proc.text


# --------------------------------------------------------------------------- doctor


@pytest.fixture
def doctor_deps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, application: Application) -> None:
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)

    class NoCredential:
        def get_token(self, *scopes: str, **kwargs: Any) -> Any:
            from azure.core.exceptions import ClientAuthenticationError

            raise ClientAuthenticationError("no credential here")

    def run(argv: list[str]) -> str:
        if argv[1:] == ["version"]:
            return "v3.272.0\n"
        return json.dumps([{"name": "azure-native", "kind": "resource", "version": "3.29.0"}])

    application.which = lambda name: f"/usr/local/bin/{name}"
    application.run = run
    application.credential = NoCredential
    application.preflight = passing_preflight  # no Azure here


@pytest.mark.parametrize("fmt", ["table", "json", "yaml"])
@pytest.mark.parametrize("url", list(URLS))
def test_doctor_never_shows_backend_credentials(
    doctor_deps: None, cli: Callable[..., Any], url: str, fmt: str
) -> None:
    result = cli(
        "doctor",
        "--backend",
        URLS[url],
        "--secrets-provider",
        "azurekeyvault://v.vault.azure.net/keys/k",
        "-o",
        fmt,
    )
    assert result.exception is None, repr(result.exception)
    assert not leaked(result.stdout + result.stderr), result.stdout + result.stderr


# --------------------------------------------------------------------------- state folder


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o002])
def test_the_local_state_folder_is_created_private(
    application: Application,
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Any],
    tmp_path: Path,
    umask: int,
) -> None:
    home = tmp_path / "aks-kit"
    monkeypatch.setenv("AKS_KIT_HOME", str(home))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    fake = FakePulumi([stack_ls([])])
    application.pulumi_command = lambda: fake
    old = os.umask(umask)
    try:
        result = cli("stacks", "list", "-o", "json")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    for folder in (home, home / "state"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, f"{folder} is not 0700"
    assert stat.S_IMODE((home / "passphrase").stat().st_mode) == 0o600
