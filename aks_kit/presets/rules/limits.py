"""Cluster-wide limits: how many pools and nodes a cluster, its tier and its plugin allow."""

from __future__ import annotations

from collections.abc import Iterator

from .. import facts
from ..attribution import finding_at, pools_finding
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument

AZURE_NPM_MAX_NODES = facts.AZURE_NPM_MAX_NODES.value
FREE_TIER_MAX_NODES = facts.FREE_TIER_MAX_NODES.value
FREE_TIER_RECOMMENDED = facts.FREE_TIER_RECOMMENDED.value
KUBENET_MAX_NODES = facts.KUBENET_MAX_NODES.value
NODES_PER_CLUSTER = facts.NODES_PER_CLUSTER.value
POOLS_PER_CLUSTER = facts.POOLS_PER_CLUSTER.value


def pool_total(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if len(doc.spec.node_pools) > POOLS_PER_CLUSTER:
        yield finding_at(
            provenance,
            "error",
            "too-many-pools",
            "spec.nodePools",
            len(doc.spec.node_pools),
            f"a cluster has at most {POOLS_PER_CLUSTER} node pools",
        )


def cluster_nodes(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    _, nodes = doc.spec.pool_nodes()
    spec = doc.spec
    if nodes > NODES_PER_CLUSTER:
        yield pools_finding(
            provenance,
            "error",
            "cluster-nodes",
            nodes,
            f"pools may reach {nodes} nodes; a cluster holds at most {NODES_PER_CLUSTER}",
        )
    if spec.tier == "free":
        if nodes > FREE_TIER_MAX_NODES:
            yield finding_at(
                provenance,
                "error",
                "free-tier",
                "spec.tier",
                "free",
                f"pools may reach {nodes} nodes; the free tier supports at most "
                f"{FREE_TIER_MAX_NODES} (use standard)",
            )
        elif nodes > FREE_TIER_RECOMMENDED:
            yield finding_at(
                provenance,
                "warning",
                "free-tier",
                "spec.tier",
                "free",
                f"pools may reach {nodes} nodes; the free tier is meant for fewer than "
                f"{FREE_TIER_RECOMMENDED} and has no SLA (use standard)",
            )
    if spec.network.plugin == "kubenet" and nodes > KUBENET_MAX_NODES:
        yield finding_at(
            provenance,
            "error",
            "kubenet-nodes",
            "spec.network.plugin",
            "kubenet",
            f"pools may reach {nodes} nodes; kubenet supports at most {KUBENET_MAX_NODES} "
            "(use azure with pluginMode: overlay)",
        )
    if spec.network.policy == "azure" and nodes > AZURE_NPM_MAX_NODES:
        yield finding_at(
            provenance,
            "error",
            "npm-nodes",
            "spec.network.policy",
            "azure",
            f"pools may reach {nodes} nodes; Azure network policy manager supports at most "
            f"{AZURE_NPM_MAX_NODES} (use cilium)",
        )
