"""Shared fixtures: a hermetic CLI runner (no colour, fixed width, no user presets), and the
real-engine world (the pulumi CLI built from source with the azure-native stand-in) that the
engine tests and the workflow scripts' end-to-end tests share."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from standin.world import BUILD_SCRIPT, World, built_cli
from typer.testing import CliRunner

from aks_kit.cli.application import Application
from aks_kit.cli.main import app

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output (review the diff; CI never does).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def hermetic_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("AKS_KIT_PRESET_PATH", raising=False)
    monkeypatch.delenv("AKS_KIT_DEBUG", raising=False)
    # Azure: no real subscription, and never the user's Azure CLI profile.
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    monkeypatch.setenv("AZURE_CONFIG_DIR", str(tmp_path / "azure-config"))


class NoNetworkCredential:
    """Stands in for DefaultAzureCredential in tests: it would probe the metadata endpoint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("a test reached DefaultAzureCredential; inject a credential")


@pytest.fixture(autouse=True)
def no_real_azure_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    import azure.identity

    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", NoNetworkCredential)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def application() -> Application:
    """The application object the CLI runs with; tests swap its outside dependencies."""
    return Application()


@pytest.fixture
def cli(application: Application) -> Callable[..., Result]:
    """Run `aks-kit ARGS` in-process; stdout and stderr kept apart."""

    def run(*args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, obj=application)
        exception = result.exception
        if isinstance(exception, SystemExit):
            exception = None
        return Result(result.exit_code, result.stdout, result.stderr, exception)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    """The pulumi CLI built from source. Without one the test skips with the command that
    builds it; in CI (CI=true) a missing CLI is a failure."""
    cli = built_cli()
    if cli is None:
        message = (
            f"no pulumi CLI built from source: run {BUILD_SCRIPT} "
            "(needs Go and the Go module proxy; see README, 'Tests')"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return cli


@pytest.fixture
def world(pulumi_cli: Path, tmp_path: Path) -> Iterator[World]:
    """A fresh engine world: PULUMI_HOME, local file backend, ARM state (standin.world)."""
    yield World(tmp_path / "world", pulumi_cli)
