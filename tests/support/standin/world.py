"""One hermetic world for running `aks-kit` against the real pulumi CLI and the stand-in.

A fresh PULUMI_HOME with the stand-in installed as azure-native (plugin download off), a fresh
aks-kit home (so a fresh local file backend and passphrase), the stand-in's ARM directory, and
a scripted `az` on PATH that hands DefaultAzureCredential a token, as `az login` would.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .arm import SUBSCRIPTION, TENANT, Arm
from .install import install

REPO = Path(__file__).resolve().parents[3]
BUILD_SCRIPT = "tools/build-pulumi-cli.sh"
GO_MOD = REPO / "tools" / "pulumi-cli" / "go.mod"

FAKE_AZ = """#!/bin/sh
# `az account get-access-token -o json`, as the Azure CLI answers it when signed in.
case "$*" in
  *get-access-token*)
    printf '{"accessToken": "standin-arm-token", "expires_on": 4102444800, "subscription": "%s", "tenant": "%s", "tokenType": "Bearer"}\\n' "$AKS_STANDIN_SUBSCRIPTION" "$AKS_STANDIN_TENANT"
    ;;
  *) echo "stand-in az: unsupported: $*" >&2; exit 2 ;;
esac
"""


def pulumi_version() -> str:
    for line in GO_MOD.read_text().splitlines():
        parts = line.split()
        if parts[:1] == ["github.com/pulumi/pulumi/pkg/v3"]:
            return parts[1]
    raise RuntimeError(f"no pulumi version in {GO_MOD}")


def built_cli() -> Path | None:
    """The pulumi CLI the build script made (or AKS_KIT_PULUMI), if it exists."""
    named = os.environ.get("AKS_KIT_PULUMI")
    if named:
        return Path(named) if Path(named).is_file() else None
    base = os.environ.get("AKS_KIT_TOOLS_CACHE") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aks-kit-tools"
    )
    binary = Path(base) / "pulumi" / pulumi_version() / "pulumi"
    return binary if binary.is_file() else None


@dataclass(repr=False)
class Run:
    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __repr__(self) -> str:
        return (
            f"aks-kit {' '.join(self.args)} -> {self.exit_code} in {self.seconds:.1f}s\n"
            f"--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"
        )


@dataclass
class World:
    root: Path
    cli: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    record: Path | None = None
    """Record every pulumi call (argv, stderr, engine events) here (standin.recorder)."""

    def __post_init__(self) -> None:
        self.pulumi_home = self.root / "pulumi-home"
        self.aks_home = self.root / "aks-kit-home"
        self.arm_dir = self.root / "arm"
        self.bin = self.root / "bin"
        self.work = self.root / "work"
        for directory in (self.pulumi_home, self.aks_home, self.arm_dir, self.bin, self.work):
            directory.mkdir(parents=True, exist_ok=True)
        install(self.pulumi_home)
        az = self.bin / "az"
        az.write_text(FAKE_AZ)
        az.chmod(0o755)
        pulumi = self.bin / "pulumi"
        if self.record is None:
            pulumi.symlink_to(self.cli)
        else:
            support = Path(__file__).resolve().parent.parent
            pulumi.write_text(
                "#!/bin/sh\n"
                f'export PYTHONPATH={shlex.quote(str(support))}"${{PYTHONPATH:+:$PYTHONPATH}}"\n'
                f"exec {shlex.quote(sys.executable)} -m standin.recorder "
                f'{shlex.quote(str(self.cli))} "$@"\n'
            )
            pulumi.chmod(0o755)
        self.arm = Arm(self.arm_dir)

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "AZURE_"))}
        keep.pop("AKS_KIT_PRESET_PATH", None)
        return {
            **keep,
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "PULUMI_HOME": str(self.pulumi_home),
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "AKS_KIT_HOME": str(self.aks_home),
            "AKS_STANDIN_DIR": str(self.arm_dir),
            "AKS_STANDIN_SUBSCRIPTION": SUBSCRIPTION,
            "AKS_STANDIN_TENANT": TENANT,
            "AZURE_TOKEN_CREDENTIALS": "AzureCliCredential",
            "AZURE_SUBSCRIPTION_ID": SUBSCRIPTION,
            "NO_COLOR": "1",
            "COLUMNS": "200",
            "TERM": "dumb",
            **({"AKS_STANDIN_RECORD": str(self.record)} if self.record else {}),
            **self.extra_env,
        }

    def command(self, *args: str) -> list[str]:
        if args and args[0] in ("preview", "up") and "--skip-preflight" not in args:
            # The stand-in models ARM's resource operations, not its quota, SKU and provider
            # reads: preflight has its own tests against the ARM-like server (tests/cloud).
            args = (args[0], "--skip-preflight", *args[1:])
        return [sys.executable, "-m", "aks_kit", *args]

    def program(self) -> Path:
        """`aks-kit` as a program, for scripts that run it themselves (the workflow scripts
        take it from $AKS_KIT): the same command line as `command`, run with `env()`."""
        path = self.bin / "aks-kit"
        if not path.exists():
            path.write_text(
                "#!/bin/sh\n"
                "# aks-kit ARGS, with --skip-preflight for preview and up (see World.command)\n"
                'case "$1" in\n'
                '  preview|up) verb="$1"; shift; set -- "$verb" --skip-preflight "$@" ;;\n'
                "esac\n"
                f'exec {shlex.quote(sys.executable)} -m aks_kit "$@"\n'
            )
            path.chmod(0o755)
        return path

    def run(self, *args: str, timeout: float = 600, input: str | None = None) -> Run:
        started = time.monotonic()
        done = subprocess.run(
            self.command(*args),
            cwd=self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
        )
        return Run(args, done.returncode, done.stdout, done.stderr, time.monotonic() - started)

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start `aks-kit ARGS` in its own process group (as a terminal job)."""
        return subprocess.Popen(
            self.command(*args),
            cwd=self.work,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    @staticmethod
    def interrupt(process: subprocess.Popen[str]) -> None:
        """Ctrl-C: SIGINT to the whole foreground process group."""
        os.killpg(process.pid, signal.SIGINT)

    def faults(self, *faults: dict[str, Any]) -> None:
        self.arm.faults_path.write_text(json.dumps(list(faults)))

    def requests(self) -> list[dict[str, Any]]:
        if not self.arm.log_path.exists():
            return []
        return [json.loads(line) for line in self.arm.log_path.read_text().splitlines()]

    def state_dir(self) -> Path:
        return self.aks_home / "state"

    def clean(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
