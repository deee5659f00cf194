"""The Kubernetes versions AKS offers in a region: default, preview, support plans (LTS),
patches and their upgrade paths (`managedClusters/listKubernetesVersions`; the shape is
specification/containerservice/.../examples/KubernetesVersions_List.json in
Azure/azure-rest-api-specs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .arm import READ_VERSIONS, arm_errors, text

if TYPE_CHECKING:
    from .session import Session

LTS_PLAN = "AKSLongTermSupport"
COMMUNITY_PLAN = "KubernetesOfficial"


@dataclass(frozen=True)
class KubernetesVersion:
    version: str
    """The minor version, e.g. `1.34`."""
    default: bool
    preview: bool
    lts_only: bool
    support_plans: tuple[str, ...] = ()
    patches: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each patch version and the versions it can upgrade to."""

    @property
    def lts(self) -> bool:
        return LTS_PLAN in self.support_plans

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "default": self.default,
            "preview": self.preview,
            "lts": self.lts,
            "ltsOnly": self.lts_only,
            "supportPlans": list(self.support_plans),
            "patches": {k: list(v) for k, v in self.patches.items()},
        }


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in text.split("."))


def parse_versions(result: Any) -> list[KubernetesVersion]:
    """The SDK's KubernetesVersionListResult as KubernetesVersions, oldest first."""
    versions = []
    for item in result.values_property or []:
        plans = tuple(
            text(p) for p in (item.capabilities.support_plan if item.capabilities else None) or ()
        )
        patches = {
            str(patch): tuple(sorted((info.upgrades or []) if info else [], key=version_key))
            for patch, info in (item.patch_versions or {}).items()
        }
        versions.append(
            KubernetesVersion(
                version=str(item.version),
                default=bool(item.is_default),
                preview=bool(item.is_preview),
                lts_only=bool(plans) and COMMUNITY_PLAN not in plans,
                support_plans=plans,
                patches=dict(sorted(patches.items(), key=lambda kv: version_key(kv[0]))),
            )
        )
    return sorted(versions, key=lambda v: version_key(v.version)[:2])


def region_versions(session: Session, location: str) -> list[KubernetesVersion]:
    """The Kubernetes minor versions AKS offers in `location`, oldest first."""
    client = session.client("containerservice")
    with arm_errors(f"Kubernetes versions in {location}", READ_VERSIONS, session.subscription_id):
        result = client.managed_clusters.list_kubernetes_versions(location)
    return parse_versions(result)


def kubernetes_versions(
    credential: Any,
    subscription_id: str,
    location: str,
    *,
    base_url: str | None = None,
    authentication_policy: Any = None,
) -> list[KubernetesVersion]:
    """`region_versions` for a credential and subscription (as `doctor` asks)."""
    from .clouds import cloud
    from .session import CONNECTOR, Connector, Session

    connector = CONNECTOR
    if base_url is not None or authentication_policy is not None:
        connector = Connector(
            endpoint=base_url, authentication_policy=authentication_policy, retry_total=0
        )
    with Session(credential, subscription_id, cloud(None), connector) as session:
        return region_versions(session, location)
