"""Engine tests: `aks-kit` in a subprocess, the real pulumi CLI, the azure-native stand-in.

Each test gets a fresh world (PULUMI_HOME, local file backend, ARM state). Without a built
CLI they skip with the command that builds it; in CI (CI=true) a missing CLI is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from standin.world import BUILD_SCRIPT, World, built_cli


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
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
    yield World(tmp_path / "world", pulumi_cli)
