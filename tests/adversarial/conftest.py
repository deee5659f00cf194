"""Fixtures of the adversarial tests: aks-kit run as a process, as a user runs it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from adversary import AKS, Proc, Runner, base_env


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def process_runner(tmp_path: Path, home: Path) -> Runner:
    """Run `aks-kit ARGS` as a process in tmp_path."""

    def run(
        *args: str,
        input: bytes | str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
        preexec: Callable[[], Any] | None = None,
        cwd: Path | None = None,
    ) -> Proc:
        data = input.encode("utf-8") if isinstance(input, str) else input
        done = subprocess.run(
            [str(AKS), *args],
            input=data,
            stdin=None if data is not None else subprocess.DEVNULL,
            capture_output=True,
            env=base_env(home, env),
            cwd=cwd or tmp_path,
            timeout=timeout,
            preexec_fn=preexec,
        )
        return Proc(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def aks(tmp_path: Path, home: Path) -> Runner:
    """Run `aks-kit ARGS` as a process in tmp_path."""
    return process_runner(tmp_path, home)


@pytest.fixture
def sh(tmp_path: Path, home: Path) -> Runner:
    """Run a bash script (pipes, process substitution) with aks-kit on PATH."""

    def run(
        script: str,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
        preexec: Callable[[], Any] | None = None,
    ) -> Proc:
        done = subprocess.run(
            ["bash", "-c", "set -o pipefail\n" + script],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=base_env(home, env),
            cwd=tmp_path,
            timeout=timeout,
            preexec_fn=preexec,
        )
        return Proc(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def aksi(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run `aks-kit ARGS` in this process (the same code, faster), in tmp_path: for inputs
    whose handling does not depend on being a separate process."""
    from typer.testing import CliRunner

    from aks_kit.cli.main import app

    def run(
        *args: str,
        input: bytes | str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> Proc:
        monkeypatch.chdir(cwd or tmp_path)
        full = base_env(home, env)
        for key in ("AKS_KIT_PRESET_PATH", "PULUMI_BACKEND_URL"):
            if key not in full:
                monkeypatch.delenv(key, raising=False)
        for key, value in full.items():
            if key != "PATH":
                monkeypatch.setenv(key, value)
        result = CliRunner().invoke(app, list(args), input=input)
        err = result.stderr_bytes or b""
        exception = result.exception
        if exception is not None and not isinstance(exception, SystemExit):
            err += f"\nTraceback (in process): {exception!r}".encode()
        return Proc(result.exit_code, result.stdout_bytes, err)

    return run


@pytest.fixture
def aksp(tmp_path: Path, home: Path) -> Runner:
    """The process runner under a name a module keeps when it makes `aks` mean in-process
    (`aksi`) for its many cheap cases."""
    return process_runner(tmp_path, home)
