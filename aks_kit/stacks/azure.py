"""Direct Azure calls through the Azure SDK (read-only): what the region offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KubernetesVersion:
    version: str
    default: bool
    preview: bool
    lts_only: bool


def kubernetes_versions(
    credential: Any,
    subscription_id: str,
    location: str,
    *,
    base_url: str | None = None,
    authentication_policy: Any = None,
) -> list[KubernetesVersion]:
    """The Kubernetes minor versions AKS offers in a region, oldest first.

    `base_url` and `authentication_policy` exist so tests can point the real client at a
    local server that answers like ARM.
    """
    from azure.mgmt.containerservice import ContainerServiceClient

    kwargs: dict[str, Any] = {"retry_total": 0}
    if base_url is not None:
        kwargs["base_url"] = base_url
    if authentication_policy is not None:
        kwargs["authentication_policy"] = authentication_policy
    with ContainerServiceClient(credential, subscription_id, **kwargs) as client:
        result = client.managed_clusters.list_kubernetes_versions(location)
    versions = []
    for item in result.values_property or []:
        plans = (item.capabilities.support_plan if item.capabilities else None) or []
        versions.append(
            KubernetesVersion(
                version=str(item.version),
                default=bool(item.is_default),
                preview=bool(item.is_preview),
                lts_only=bool(plans) and "KubernetesOfficial" not in plans,
            )
        )
    return sorted(versions, key=lambda v: tuple(int(p) for p in v.version.split(".")[:2]))
