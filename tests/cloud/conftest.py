"""Every cloud test runs the real Azure SDK clients against the local ARM-like server."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from arm_server import ArmServer, StaticToken, arm_server
from arm_world import SUB, World

from aks_kit.cloud import session as session_module
from aks_kit.cloud.session import Connector


class FakeCredential:
    """Hands out a token without asking anyone; the static policy sends it."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken("test-token", int(time.time()) + 3600)


@pytest.fixture
def world() -> World:
    return World().region("eastus2")


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Callable[[World], AbstractContextManager[ArmServer]]:
    """Start the server for a world and point aks-kit's sessions at it."""
    monkeypatch.setenv("AZURE_SUBSCRIPTION_ID", SUB)

    @contextmanager
    def start(world: World) -> Iterator[ArmServer]:
        with arm_server(world.routes()) as server:
            connector = Connector(
                credential_factory=lambda cloud: FakeCredential(),
                endpoint=server.url,
                authentication_policy=StaticToken("test-token"),
                retry_total=2,
                retry_backoff_factor=0.01,
            )
            monkeypatch.setattr(session_module, "CONNECTOR", connector)
            yield server

    return start
