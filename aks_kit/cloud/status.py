"""A cluster as ARM sees it, for `aks-kit status` and the kubeconfig fallback: works for
clusters aks-kit did not create (`managedClusters` get, list, upgradeProfiles/default and
listClusterUserCredential; shapes in Azure/azure-rest-api-specs,
specification/containerservice/.../examples/ManagedClustersGet.json and friends)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aks_kit.errors import NotFound, UsageError

from .arm import READ_CLUSTERS, READ_USER_CREDENTIAL, arm_errors, resource_group_of, text
from .versions import version_key

if TYPE_CHECKING:
    from .session import Session


@dataclass(frozen=True)
class PoolStatus:
    name: str
    mode: str
    vm_size: str
    count: int
    min_count: int | None
    max_count: int | None
    version: str
    provisioning_state: str
    power_state: str
    upgrades: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClusterStatus:
    name: str
    resource_group: str
    location: str
    provisioning_state: str
    power_state: str
    kubernetes_version: str
    fqdn: str
    sku: str
    tier: str
    entra_id: bool
    pools: tuple[PoolStatus, ...]
    upgrades: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "resourceGroup": self.resource_group,
            "location": self.location,
            "provisioningState": self.provisioning_state,
            "powerState": self.power_state,
            "kubernetesVersion": self.kubernetes_version,
            "fqdn": self.fqdn,
            "sku": self.sku,
            "tier": self.tier,
            "entraId": self.entra_id,
            "availableUpgrades": list(self.upgrades),
            "nodePools": [
                {
                    "name": p.name,
                    "mode": p.mode,
                    "vmSize": p.vm_size,
                    "count": p.count,
                    "minCount": p.min_count,
                    "maxCount": p.max_count,
                    "kubernetesVersion": p.version,
                    "provisioningState": p.provisioning_state,
                    "powerState": p.power_state,
                    "availableUpgrades": list(p.upgrades),
                }
                for p in self.pools
            ],
        }


def find_group(session: Session, name: str, resource_group: str | None) -> str:
    """The cluster's resource group: as given, or found by listing the subscription's
    clusters (one paged read). Exit 4 when none has that name, 2 when several do."""
    if resource_group:
        return resource_group
    client = session.client("containerservice")
    with arm_errors("listing clusters", READ_CLUSTERS, session.subscription_id):
        groups = [
            resource_group_of(str(c.id))
            for c in client.managed_clusters.list()
            if str(c.name).lower() == name.lower()
        ]
    if not groups:
        raise NotFound(f"no AKS cluster named {name!r} in subscription {session.subscription_id}")
    if len(groups) > 1:
        raise UsageError(
            f"{len(groups)} clusters are named {name!r} (resource groups "
            f"{', '.join(sorted(groups))}): pass --resource-group"
        )
    return groups[0]


def cluster_status(session: Session, name: str, resource_group: str | None) -> ClusterStatus:
    group = find_group(session, name, resource_group)
    client = session.client("containerservice")
    where = f"cluster {name} in resource group {group}"
    with arm_errors(where, READ_CLUSTERS, session.subscription_id):
        cluster = client.managed_clusters.get(group, name)
        profile = client.managed_clusters.get_upgrade_profile(group, name)
    properties = profile.properties if profile is not None else None
    control = properties.control_plane_profile if properties is not None else None
    upgrades = _upgrades(control)
    pool_upgrades = {
        str(p.name): _upgrades(p) for p in (properties.agent_pool_profiles if properties else [])
    }
    pools = tuple(
        PoolStatus(
            name=str(p.name),
            mode=text(p.mode),
            vm_size=str(p.vm_size or ""),
            count=int(p.count or 0),
            min_count=p.min_count if p.enable_auto_scaling else None,
            max_count=p.max_count if p.enable_auto_scaling else None,
            version=str(p.current_orchestrator_version or p.orchestrator_version or ""),
            provisioning_state=text(p.provisioning_state),
            power_state=text(p.power_state.code if p.power_state else None),
            upgrades=pool_upgrades.get(str(p.name), ()),
        )
        for p in cluster.agent_pool_profiles or []
    )
    return ClusterStatus(
        name=str(cluster.name),
        resource_group=group,
        location=str(cluster.location),
        provisioning_state=text(cluster.provisioning_state),
        power_state=text(cluster.power_state.code if cluster.power_state else None),
        kubernetes_version=str(
            cluster.current_kubernetes_version or cluster.kubernetes_version or ""
        ),
        fqdn=str(cluster.fqdn or cluster.private_fqdn or ""),
        sku=text(cluster.sku.name if cluster.sku else None),
        tier=text(cluster.sku.tier if cluster.sku else None),
        entra_id=cluster.aad_profile is not None,
        pools=pools,
        upgrades=upgrades,
    )


def _upgrades(profile: Any) -> tuple[str, ...]:
    items = getattr(profile, "upgrades", None) or []
    return tuple(sorted({str(u.kubernetes_version) for u in items}, key=version_key))


def user_kubeconfig(session: Session, name: str, resource_group: str | None) -> str:
    """The cluster's user kubeconfig from ARM: exec format (kubelogin) for Entra ID
    clusters. Never printed: the caller writes it to a 0600 file."""
    group = find_group(session, name, resource_group)
    client = session.client("containerservice")
    where = f"user credentials of cluster {name} in resource group {group}"
    with arm_errors(where, READ_USER_CREDENTIAL, session.subscription_id):
        cluster = client.managed_clusters.get(group, name)
        options: dict[str, Any] = {}
        if cluster.aad_profile is not None:
            options["format"] = "exec"
        result = client.managed_clusters.list_cluster_user_credentials(group, name, **options)
    for item in result.kubeconfigs or []:
        if item.value:
            value = item.value
            return value.decode("utf-8") if isinstance(value, bytes) else str(value)
    raise NotFound(f"{where}: ARM returned no kubeconfig")
