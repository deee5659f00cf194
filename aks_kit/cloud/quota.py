"""What a cluster asks of its subscription's quotas: vCPUs per VM family and in total at
every pool's maximum count plus upgrade surge, and public IPs / NAT gateways for egress.

Quota names are those the usages APIs return: compute `cores` (Total Regional vCPUs),
`lowPriorityCores` (Spot), a family such as `standardDDSv5Family`; network
`PublicIPAddresses`, `StandardSkuPublicIpAddresses`, `NatGateways`, `LoadBalancers`.
See https://learn.microsoft.com/azure/quotas/per-vm-quota-requests and
https://learn.microsoft.com/azure/virtual-machines/spot-vms (Spot uses its own quota).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aks_kit.presets.model import ClusterDocument
from aks_kit.presets.sizing import surge_nodes

from .arm import text
from .regional import VmSku

REGIONAL_VCPUS = "cores"
SPOT_VCPUS = "lowPriorityCores"
PUBLIC_IPS = ("PublicIPAddresses", "StaticPublicIPAddresses", "StandardSkuPublicIpAddresses")
NAT_GATEWAYS = "NatGateways"
LOAD_BALANCERS = "LoadBalancers"


@dataclass
class Demand:
    """Quota needed per (region, quota name), and who needs it."""

    compute: Counter[tuple[str, str]] = field(default_factory=Counter)
    network: Counter[tuple[str, str]] = field(default_factory=Counter)
    unknown_sizes: list[str] = field(default_factory=list)
    """Pools whose VM size the region does not list (their vCPUs are not counted)."""

    def add(self, other: Demand) -> None:
        self.compute.update(other.compute)
        self.network.update(other.network)
        self.unknown_sizes.extend(other.unknown_sizes)


def compute_demand(doc: ClusterDocument, skus: dict[str, VmSku]) -> Demand:
    """vCPUs at every pool's maximum count plus its upgrade surge."""
    region = doc.metadata.location
    demand = Demand()
    for pool in doc.spec.node_pools:
        nodes = pool.max_nodes + surge_nodes(pool)
        sku = skus.get(pool.vm_size.lower())
        if sku is None or sku.vcpus <= 0:
            demand.unknown_sizes.append(pool.name)
            continue
        vcpus = nodes * sku.vcpus
        if pool.spot:
            demand.compute[(region, SPOT_VCPUS)] += vcpus
            continue
        demand.compute[(region, REGIONAL_VCPUS)] += vcpus
        if sku.family:
            demand.compute[(region, sku.family)] += vcpus
    return demand


def egress_demand(doc: ClusterDocument) -> Demand:
    """Public IPs and NAT gateways the egress plan creates (AKS's or aks-kit's own)."""
    region = doc.metadata.location
    network = doc.spec.network
    demand = Demand()
    kind = network.outbound_type
    if kind == "loadBalancer":
        ips = network.load_balancer.outbound_ips if network.load_balancer else 1
        demand.network[(region, LOAD_BALANCERS)] += 1
    elif kind in ("managedNATGateway", "userAssignedNATGateway"):
        ips = network.nat_gateway.outbound_ips if network.nat_gateway else 1
        demand.network[(region, NAT_GATEWAYS)] += 1
    else:
        return demand
    for name in PUBLIC_IPS:
        demand.network[(region, name)] += ips
    return demand


def existing_vcpus(cluster: Any, skus: dict[str, VmSku], region: str) -> Counter[tuple[str, str]]:
    """vCPUs an existing cluster's pools already use: they are in the usages' `current`,
    and an update reuses them rather than adding to them."""
    used: Counter[tuple[str, str]] = Counter()
    for profile in getattr(cluster, "agent_pool_profiles", None) or []:
        sku = skus.get(str(profile.vm_size or "").lower())
        count = int(profile.count or 0)
        if sku is None or count <= 0:
            continue
        vcpus = count * sku.vcpus
        if text(profile.scale_set_priority) == "Spot":
            used[(region, SPOT_VCPUS)] += vcpus
            continue
        used[(region, REGIONAL_VCPUS)] += vcpus
        if sku.family:
            used[(region, sku.family)] += vcpus
    return used
