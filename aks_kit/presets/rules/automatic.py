"""AKS Automatic's rules on the validated spec: what `sku: automatic` refuses.

What Automatic fixes is filled in (or refused) earlier, with the other defaults
(presets/defaults.py). The custom-VNet rules follow the AKS Automatic custom network
quickstart (https://learn.microsoft.com/azure/aks/automatic/quick-automatic-custom-network).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

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
        moved = any(p.mode == "system" and p.inline is False for p in doc.spec.node_pools)
        yield finding_at(
            provenance,
            "warning" if moved else "error",
            "vnet",
            "spec.network.vnet.systemSubnet",
            None,
            "only used by AKS Automatic's managed system node pools (sku: automatic)",
        )


MIGRATION: Final = "https://learn.microsoft.com/azure/aks/automatic/aks-automatic-sku-migration"


def no_system_pools(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """A self-managed System pool on Automatic is the first step of moving to Base; it is
    its own agentPools resource (`inline: false`), never part of the cluster body."""
    if doc.spec.sku != "automatic":
        return
    for pool in doc.spec.node_pools:
        if pool.mode != "system":
            continue
        if pool.inline is False:
            yield finding_at(
                provenance,
                "info",
                "automatic",
                pool_path(pool),
                None,
                "a self-managed System pool on AKS Automatic: the first step of moving to "
                f"Base; next, set sku: base and keep this pool as it is ({MIGRATION})",
            )
            continue
        yield finding_at(
            provenance,
            "error",
            "automatic",
            pool_path(pool, "mode"),
            "system",
            "AKS Automatic runs system pods on managed system node pools; remove this pool, "
            "make it mode: user, or (to move to Base) keep it as its own resource with "
            f"inline: false ({MIGRATION})",
        )


def base_without_inline_pool(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """Base needs one inline system pool at creation; a cluster moved from Automatic has its
    System pool as its own resource instead."""
    spec = doc.spec
    if spec.sku != "base":
        return
    system = [p for p in spec.node_pools if p.mode == "system"]
    if system and all(p.inline is False for p in system):
        yield finding_at(
            provenance,
            "warning",
            "automatic",
            pool_path(system[0], "inline"),
            False,
            "no System pool inside the cluster: ARM creates a Base cluster only with one, so "
            "this plan fits only a cluster that exists already (moved from AKS Automatic, "
            f"{MIGRATION})",
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
