"""AKS Automatic's rules on the validated spec: what `sku: automatic` refuses.

What Automatic fixes is filled in (or refused) earlier, with the other defaults
(presets/defaults.py). The custom-VNet rules follow the AKS Automatic custom network
quickstart (https://learn.microsoft.com/azure/aks/automatic/quick-automatic-custom-network).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..attribution import finding_at, pool_path
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument


def system_subnet(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """In a custom VNet the managed system pools need their own subnet in that VNet
    (AVM-TF #199/#200: without it the create fails with EmptySubnetError)."""
    vnet = doc.spec.network.vnet
    if doc.spec.sku == "automatic" and vnet is not None and vnet.system_subnet is None:
        yield finding_at(
            provenance,
            "error",
            "automatic",
            "spec.network.vnet.systemSubnet",
            None,
            "AKS Automatic in a custom VNet needs a subnet for its managed system node pools",
        )
    if doc.spec.sku != "automatic" and vnet is not None and vnet.system_subnet is not None:
        yield finding_at(
            provenance,
            "error",
            "vnet",
            "spec.network.vnet.systemSubnet",
            None,
            "only used by AKS Automatic's managed system node pools (sku: automatic)",
        )


def no_system_pools(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if doc.spec.sku != "automatic":
        return
    for pool in doc.spec.node_pools:
        if pool.mode == "system":
            yield finding_at(
                provenance,
                "error",
                "automatic",
                pool_path(pool, "mode"),
                "system",
                "AKS Automatic runs system pods on managed system node pools; "
                "remove this pool or make it mode: user",
            )


def no_autoscaling_pools(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if doc.spec.sku != "automatic":
        return
    for pool in doc.spec.node_pools:
        if pool.autoscaling:
            key = "maxCount" if pool.max_count is not None else "minCount"
            yield finding_at(
                provenance,
                "error",
                "automatic",
                pool_path(pool, key),
                getattr(pool, "max_count" if key == "maxCount" else "min_count"),
                "AKS Automatic scales nodes with node auto-provisioning; autoscaling pools "
                "are not allowed (give the pool a fixed count, or leave sizing to AKS)",
            )


def linux_only(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if doc.spec.sku != "automatic":
        return
    for pool in doc.spec.node_pools:
        if pool.os_type != "Linux":
            yield finding_at(
                provenance,
                "error",
                "automatic",
                pool_path(pool, "osType"),
                pool.os_type,
                "AKS Automatic supports Linux nodes only",
            )
