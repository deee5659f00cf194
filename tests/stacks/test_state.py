"""Backends: local by default with a 0600 passphrase; shared ones need shared secrets."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from aks_kit.errors import UsageError
from aks_kit.stacks.state import choose_backend, prepare


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "aks-kit"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    return tmp_path / "aks-kit"


def test_default_is_local_and_nothing_is_created_until_prepared(home: Path) -> None:
    backend = choose_backend(None, None)
    assert backend.url == (home / "state").as_uri()
    assert backend.passphrase_file == home / "passphrase"
    assert backend.env() == {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    assert not home.exists()
    prepare(backend)
    assert (home / "state").is_dir()
    mode = stat.S_IMODE((home / "passphrase").stat().st_mode)
    assert mode == 0o600
    first = (home / "passphrase").read_text()
    assert len(first) >= 40
    prepare(backend)
    assert (home / "passphrase").read_text() == first


def test_shared_backend_needs_a_shared_secrets_provider() -> None:
    with pytest.raises(UsageError, match="--secrets-provider azurekeyvault://"):
        choose_backend("azblob://state", None)
    shared = choose_backend("azblob://state", "azurekeyvault://kv.vault.azure.net/keys/k")
    assert shared.passphrase_file is None
    assert shared.env() == {}
    with pytest.raises(UsageError, match="passphrase"):
        choose_backend("azblob://state", "passphrase")


def test_pulumi_cloud_uses_its_own_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_BACKEND_URL", "https://api.pulumi.com")
    backend = choose_backend(None, None)
    assert (backend.url, backend.secrets_provider, backend.passphrase_file) == (
        "https://api.pulumi.com",
        None,
        None,
    )


def test_unknown_scheme_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="expected file://"):
        choose_backend("ftp://x", None)


def test_local_paths_with_spaces_and_accents(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "Application Support" / "aks-kit ü"
    monkeypatch.setenv("AKS_KIT_HOME", str(home))
    backend = choose_backend(None, None)
    assert "%20" in backend.url
    assert backend.state_dir == home / "state"
    prepare(backend)
    assert (home / "state").is_dir()
    assert not (tmp_path / "Application%20Support").exists()
