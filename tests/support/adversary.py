"""Helpers for the adversarial tests (tests/adversarial/): aks-kit as a real process.

`aks` (a fixture there) runs the installed `aks-kit` script (the one beside this Python) with a hermetic
environment; `sh` runs a bash script with that script first on PATH, for pipes and process
substitution. `assert_clean` is the bar every adversarial input must clear: never a
traceback, never "unexpected error ... a bug in aks-kit", never exit 1.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
AKS = BIN / "aks-kit"

SPEC = """\
apiVersion: aks-kit/v1
kind: Cluster
extends: standard
metadata:
  name: mine
  location: eastus2
  tags: {team: core}
"""

AUTOMATIC_SPEC = """\
apiVersion: aks-kit/v1
kind: Cluster
extends: automatic
metadata:
  name: auto
  location: eastus2
"""

FLEET = """\
apiVersion: aks-kit/v1
kind: Fleet
metadata: {name: train, location: eastus2}
spec:
  members:
    - {name: eus2-01, extends: standard}
    - {name: wus3-01, extends: standard, metadata: {location: westus3}}
"""


@dataclass
class Proc:
    code: int
    out: bytes
    err: bytes

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8", "replace")

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


def assert_clean(proc: Proc) -> None:
    """No traceback, no 'unexpected error', no 'bug', and not exit 1."""
    text = proc.text
    assert "Traceback" not in text, text
    assert "unexpected error" not in text, text
    assert "bug in aks-kit" not in text, text
    assert proc.code != 1, text


def base_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "AKS_KIT_HOME": str(home / "aks-kit"),
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra or {})
    return env


Runner = Callable[..., Proc]


def _capability_drop() -> None:
    """Drop root's power to ignore file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)
    in the child, so a read-only folder is read-only for it too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def no_permission_override() -> Callable[[], None] | None:
    """A preexec_fn making permission bits bind (as root), or None when not root."""
    if os.geteuid() != 0:
        return None
    return _capability_drop


def size_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn setting RLIMIT_FSIZE (what `ulimit -f` sets) in the child."""

    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (to prove nothing changed or was left)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }
