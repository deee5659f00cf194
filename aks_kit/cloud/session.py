"""One signed-in connection to ARM: the credential check every command shares (`doctor`,
`versions`, `preflight`, `status`, the engine), the subscription and cloud, and the Azure
SDK clients built on them with the SDK's own retry policy.

Tests replace `CONNECTOR` (a credential, and a local server that answers like ARM): no
test reaches Azure.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aks_kit.errors import Prerequisite

from .clouds import Cloud, cloud, subscription_id

CredentialFactory = Callable[[], Any]


@dataclass
class Connector:
    """How sessions reach Azure. Production: DefaultAzureCredential and the cloud's ARM."""

    credential_factory: Callable[[Cloud], Any] | None = None
    endpoint: str | None = None
    """Replaces the cloud's ARM endpoint (tests: a local server)."""
    authentication_policy: Any = None
    """Replaces the SDK's bearer-token policy (which refuses plain-HTTP endpoints)."""
    retry_total: int = 4
    """Retries of throttled (429, honouring Retry-After) and transient (408, 5xx) answers."""
    retry_backoff_factor: float = 0.8


CONNECTOR = Connector()
_COUNT_LOCK = threading.Lock()
_CLIENT_LOCK = threading.RLock()


def quiet_sdk_logs() -> None:
    """Keep the Azure SDK's log records (credential probing, retries) off stderr.

    Python prints unhandled warnings of any logger; aks-kit reports failures itself.
    AKS_KIT_DEBUG=1 leaves the SDK's logging alone.
    """
    if os.environ.get("AKS_KIT_DEBUG"):
        return
    logger = logging.getLogger("azure")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False
    logger.setLevel(logging.CRITICAL)


def default_credential(where: Cloud) -> Any:
    """DefaultAzureCredential for the cloud's sign-in authority (never a browser prompt)."""
    from azure.identity import DefaultAzureCredential

    return DefaultAzureCredential(
        authority=where.authority, exclude_interactive_browser_credential=True
    )


def sign_in_hint(where: Cloud) -> str:
    az = "`az login`"
    if where.name != "AzureCloud":
        az = f"`az cloud set --name {where.name}` then `az login`"
    return (
        f"sign in with {az}, or set AZURE_CLIENT_ID and AZURE_TENANT_ID for workload "
        "identity or a service principal; `aks-kit doctor` checks everything"
    )


def check_credential(where: Cloud | None = None, factory: CredentialFactory | None = None) -> Any:
    """A credential that can get a token for ARM, or Prerequisite (exit 6) with one line
    that says how to sign in. The token is never shown or kept."""
    from azure.core.exceptions import ClientAuthenticationError

    where = where or cloud(None)
    quiet_sdk_logs()
    if factory is None:
        chosen = CONNECTOR.credential_factory or default_credential

        def factory() -> Any:
            return chosen(where)

    credential = factory()
    try:
        credential.get_token(where.credential_scope)
    except ClientAuthenticationError:
        raise Prerequisite(f"no Azure credentials: {sign_in_hint(where)}") from None
    return credential


@dataclass
class Session:
    """A credential, a subscription and a cloud; builds each SDK client once."""

    credential: Any
    subscription_id: str
    cloud: Cloud
    connector: Connector = field(default_factory=lambda: CONNECTOR)
    calls: int = 0
    """ARM requests sent, retries included."""
    _clients: dict[str, Any] = field(default_factory=dict)

    @property
    def endpoint(self) -> str:
        return self.connector.endpoint or self.cloud.resource_manager

    def client(self, kind: str) -> Any:
        """`containerservice`, `compute`, `network`, `resources` or `features`."""
        with _CLIENT_LOCK:  # prefetching threads share one client of each kind
            if kind not in self._clients:
                self._clients[kind] = _CLIENTS[kind]()(
                    self.credential, self.subscription_id, **self._client_options()
                )
            return self._clients[kind]

    def _count(self, _request: Any) -> None:
        with _COUNT_LOCK:
            self.calls += 1

    def _client_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "base_url": self.endpoint,
            "credential_scopes": [self.cloud.credential_scope],
            "retry_total": self.connector.retry_total,
            "retry_backoff_factor": self.connector.retry_backoff_factor,
            "raw_request_hook": self._count,
        }
        if self.connector.authentication_policy is not None:
            options["authentication_policy"] = self.connector.authentication_policy
        return options

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def connect(subscription: str | None = None, cloud_name: str | None = None) -> Session:
    """Check credentials and choose the subscription: exit 6 with how to fix either."""
    where = cloud(cloud_name)
    credential = check_credential(where)
    chosen = subscription_id(subscription, where.name)
    return Session(credential, chosen, where)


def _containerservice() -> Any:
    from azure.mgmt.containerservice import ContainerServiceClient

    return ContainerServiceClient


def _compute() -> Any:
    from azure.mgmt.compute import ComputeManagementClient

    return ComputeManagementClient


def _network() -> Any:
    from azure.mgmt.network import NetworkManagementClient

    return NetworkManagementClient


def _resources() -> Any:
    from azure.mgmt.resource.resources import ResourceManagementClient

    return ResourceManagementClient


def _features() -> Any:
    from azure.mgmt.resource.features import FeatureClient

    return FeatureClient


_CLIENTS: dict[str, Callable[[], Any]] = {
    "containerservice": _containerservice,
    "compute": _compute,
    "network": _network,
    "resources": _resources,
    "features": _features,
}
