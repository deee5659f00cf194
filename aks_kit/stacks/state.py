"""Where stacks live: a local file backend by default, or a shared one the user names.

The local backend sits in the user data dir with a generated passphrase in a 0600 file
beside it (never printed). A shared backend (azblob://, Pulumi Cloud) needs a shared secrets
provider: a passphrase on one laptop would lock everyone else out of the stack's secrets.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from aks_kit.errors import UsageError
from aks_kit.files import write_text

from .redact import redact_url

ENV_BACKEND = "PULUMI_BACKEND_URL"
CLOUD_PREFIXES = ("https://", "http://")
SHARED_PREFIXES = ("azblob://", "s3://", "gs://", *CLOUD_PREFIXES)


@dataclass(frozen=True)
class Backend:
    url: str
    secrets_provider: str | None
    """None means the passphrase provider (local) or the cloud's own."""
    passphrase_file: Path | None

    @property
    def local(self) -> bool:
        return self.url.startswith("file://")

    @property
    def state_dir(self) -> Path:
        """A local backend's directory (file URLs are percent-encoded)."""
        from urllib.parse import urlparse
        from urllib.request import url2pathname

        return Path(url2pathname(urlparse(self.url).path))

    def env(self) -> dict[str, str]:
        """Variables the CLI needs; the passphrase travels as a file path, not a value."""
        if self.passphrase_file is not None:
            return {"PULUMI_CONFIG_PASSPHRASE_FILE": str(self.passphrase_file)}
        return {}


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get("AKS_KIT_HOME") or user_data_dir("aks-kit", appauthor=False))


def choose_backend(url: str | None, secrets_provider: str | None) -> Backend:
    """Decide the backend without touching it (nothing is created here)."""
    url = url or os.environ.get(ENV_BACKEND) or None
    if url is None or url.startswith("file://"):
        if secrets_provider and not secrets_provider.startswith("passphrase"):
            return Backend(url or local_url(), secrets_provider, None)
        return Backend(url or local_url(), None, data_dir() / "passphrase")
    if not url.startswith(SHARED_PREFIXES):
        raise UsageError(
            f"--backend {redact_url(url)!r}: expected file://, azblob://, s3://, gs:// "
            "or a Pulumi Cloud URL"
        )
    cloud = url.startswith(CLOUD_PREFIXES)
    if not cloud and not secrets_provider:
        raise UsageError(
            f"--backend {redact_url(url)} is shared, so secrets need a shared provider too: add "
            "--secrets-provider azurekeyvault://<vault>.vault.azure.net/keys/<key> "
            "(a laptop passphrase would lock everyone else out of the stack's secrets)"
        )
    if secrets_provider and secrets_provider.startswith("passphrase"):
        raise UsageError("a shared backend cannot use a passphrase secrets provider")
    return Backend(url, secrets_provider, None)


def local_url() -> str:
    return (data_dir() / "state").as_uri()


def _private_dir(path: Path, *, tighten: bool) -> None:
    """Create `path` 0700 (whatever the umask); with `tighten`, an existing one of ours that
    others can enter is made 0700 too. The state holds encrypted secrets beside their key."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    created_loose = info.st_mode & 0o077 and info.st_uid == os.getuid()
    if created_loose and (tighten or not any(path.iterdir())):
        path.chmod(0o700)


def prepare(backend: Backend) -> None:
    """Create the local state dir (0700) and the passphrase file (0600) on first use."""
    if not backend.local:
        return
    home = data_dir()
    _private_dir(home, tighten=True)
    state = backend.state_dir
    _private_dir(state, tighten=state.parent == home)
    target = backend.passphrase_file
    if target is not None and not target.exists():
        # Written whole and private; of two first runs the first wins, so a stack is never
        # encrypted with a passphrase that is then overwritten.
        write_text(target, secrets.token_urlsafe(32), private=True, exclusive=True)
