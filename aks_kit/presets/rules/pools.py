"""Node pool rules: names, counts, pods per node, system and spot pools, OS SKUs, LocalDNS,
zones, upgrade surge."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .. import facts
from ..attribution import finding_at, pool_path, pools_finding
from ..defaults import pool_max_pods
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument, NodePool
from ..sizing import (
    parse_surge,
    surge_nodes,
    vm_family,
    vm_vcpus,
)

NODES_PER_CLUSTER = facts.NODES_PER_CLUSTER.value
NODES_PER_POOL = facts.NODES_PER_POOL.value
PODS_PER_NODE_MAX = facts.PODS_PER_NODE_MAX.value
PODS_PER_NODE_MIN = facts.PODS_PER_NODE_MIN.value
WINDOWS_POOL_NAME_MAX = facts.WINDOWS_POOL_NAME_MAX.value
SYSTEM_MIN_NODES = facts.SYSTEM_POOL_MIN_NODES.value
SYSTEM_MIN_PODS = facts.SYSTEM_POOL_MIN_PODS.value
SYSTEM_MIN_VCPUS = facts.SYSTEM_POOL_MIN_VCPUS.value

POOL_NAME = re.compile(rf"^[a-z][a-z0-9]{{0,{facts.POOL_NAME_MAX.value - 1}}}$")


def pool_names(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    counts = Counter(pool.name for pool in doc.spec.node_pools)
    for pool in doc.spec.node_pools:
        path = pool_path(pool, "name")
        if not POOL_NAME.fullmatch(pool.name):
            yield finding_at(
                provenance,
                "error",
                "pool-name",
                path,
                pool.name,
                "pool names are 1-12 lowercase letters and digits, starting with a letter",
            )
        elif pool.os_type == "Windows" and len(pool.name) > WINDOWS_POOL_NAME_MAX:
            yield finding_at(
                provenance,
                "error",
                "pool-name",
                path,
                pool.name,
                "Windows pool names are at most 6 characters",
            )
        if counts[pool.name] > 1:
            yield finding_at(
                provenance, "error", "pool-name", path, pool.name, "pool names must be unique"
            )
            counts[pool.name] = 1


def pool_counts(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    for pool in doc.spec.node_pools:
        low = 1 if pool.mode == "system" else 0
        kind = "system" if pool.mode == "system" else "user"
        for key, value in (
            ("count", pool.count),
            ("minCount", pool.min_count),
            ("maxCount", pool.max_count),
        ):
            if value is not None and not low <= value <= NODES_PER_POOL:
                yield finding_at(
                    provenance,
                    "error",
                    "pool-count",
                    pool_path(pool, key),
                    value,
                    f"{kind} pools hold {low} to {NODES_PER_POOL} nodes",
                )
        if (pool.min_count is None) != (pool.max_count is None):
            missing = "maxCount" if pool.max_count is None else "minCount"
            yield finding_at(
                provenance,
                "error",
                "pool-count",
                pool_path(pool, missing),
                None,
                "autoscaling needs both minCount and maxCount",
            )
        if pool.min_count is not None and pool.max_count is not None:
            if pool.min_count > pool.max_count:
                yield finding_at(
                    provenance,
                    "error",
                    "pool-count",
                    pool_path(pool, "minCount"),
                    pool.min_count,
                    f"minCount must be at most maxCount ({pool.max_count})",
                )
            elif pool.count is not None and not pool.min_count <= pool.count <= pool.max_count:
                yield finding_at(
                    provenance,
                    "error",
                    "pool-count",
                    pool_path(pool, "count"),
                    pool.count,
                    f"count must be between minCount ({pool.min_count}) "
                    f"and maxCount ({pool.max_count})",
                )


def max_pods(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    for pool in doc.spec.node_pools:
        if (
            pool.max_pods is not None
            and not PODS_PER_NODE_MIN <= pool.max_pods <= PODS_PER_NODE_MAX
        ):
            yield finding_at(
                provenance,
                "error",
                "max-pods",
                pool_path(pool, "maxPods"),
                pool.max_pods,
                f"maxPods must be {PODS_PER_NODE_MIN} to {PODS_PER_NODE_MAX}",
            )


def system_pool(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    spec = doc.spec
    if spec.sku == "base" and not any(p.mode == "system" for p in spec.node_pools):
        yield finding_at(
            provenance,
            "error",
            "system-pool",
            "spec.nodePools",
            None,
            "sku: base needs at least one pool with mode: system",
        )
    for pool in spec.node_pools:
        if pool.mode != "system":
            continue
        if pool.os_type != "Linux":
            yield finding_at(
                provenance,
                "error",
                "system-pool",
                pool_path(pool, "osType"),
                pool.os_type,
                "system pools run Linux",
            )
        if pool.spot:
            yield finding_at(
                provenance,
                "error",
                "system-pool",
                pool_path(pool, "spot"),
                True,
                "system pools cannot be spot pools",
            )
        yield from _system_pool_size(doc, pool, provenance)


def _system_pool_size(
    doc: ClusterDocument, pool: NodePool, provenance: Provenance
) -> Iterator[Finding]:
    """Microsoft's minimums for system pools (use-system-pools)."""
    key = "minCount" if pool.autoscaling else "count"
    if pool.min_nodes < SYSTEM_MIN_NODES:
        yield finding_at(
            provenance,
            "warning",
            "system-pool",
            pool_path(pool, key),
            pool.min_nodes,
            f"a system pool needs at least {SYSTEM_MIN_NODES} nodes (three for production; "
            f"{facts.SYSTEM_POOL_MIN_NODES.cite()})",
        )
    pods = pool_max_pods(doc, pool)
    if pods < SYSTEM_MIN_PODS:
        yield finding_at(
            provenance,
            "error",
            "system-pool",
            pool_path(pool, "maxPods"),
            pods,
            f"a system pool must support at least {SYSTEM_MIN_PODS} pods per node "
            f"({facts.SYSTEM_POOL_MIN_PODS.cite()})",
        )
    vcpus, family = vm_vcpus(pool.vm_size), vm_family(pool.vm_size)
    if family == "B" or (vcpus is not None and vcpus < SYSTEM_MIN_VCPUS):
        yield finding_at(
            provenance,
            "error",
            "system-pool",
            pool_path(pool, "vmSize"),
            pool.vm_size,
            f"a system pool needs a VM with at least {SYSTEM_MIN_VCPUS} vCPUs and "
            f"{facts.SYSTEM_POOL_MIN_MEMORY_GB.value} GB of memory, not B-series "
            f"({facts.SYSTEM_POOL_MIN_VCPUS.cite()})",
        )


def os_skus(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    for pool in doc.spec.node_pools:
        if pool.os_sku == "Windows2019":
            yield finding_at(
                provenance,
                "error",
                "os-sku",
                pool_path(pool, "osSku"),
                pool.os_sku,
                "Windows Server 2019 is retired: no new pools on Kubernetes "
                f"{facts.WINDOWS_2019_RETIRED.value} and later; use Windows2022 or Windows2025 "
                f"({facts.WINDOWS_2019_RETIRED.cite()})",
            )


def local_dns(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    for pool in doc.spec.node_pools:
        if pool.local_dns == "Preferred":
            yield finding_at(
                provenance,
                "warning",
                "local-dns",
                pool_path(pool, "localDNS"),
                pool.local_dns,
                "Preferred only validates the LocalDNS configuration and does not turn "
                f"LocalDNS on; production uses {facts.LOCALDNS_PREFERRED.value} "
                f"({facts.LOCALDNS_PREFERRED.cite()})",
            )


def zone_balancing(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """balance-similar-node-groups balances pools, one per zone (cluster-autoscaler)."""
    profile = doc.spec.autoscaler
    if profile is None or not profile.balance_similar_node_groups:
        return
    for pool in doc.spec.node_pools:
        if pool.autoscaling and len(pool.zones) > 1:
            yield finding_at(
                provenance,
                "warning",
                "zones",
                pool_path(pool, "zones"),
                list(pool.zones),
                "with balanceSimilarNodeGroups the autoscaler balances pools, one per zone: "
                "split this autoscaled pool into one pool per zone "
                f"({facts.ZONE_BALANCING.cite()})",
            )


def spot_settings(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    for pool in doc.spec.node_pools:
        if pool.spot:
            if pool.max_surge is not None:
                yield finding_at(
                    provenance,
                    "error",
                    "spot",
                    pool_path(pool, "maxSurge"),
                    pool.max_surge,
                    "Spot pools are upgraded without surge nodes: remove maxSurge "
                    f"({facts.SPOT_NO_SURGE.cite()})",
                )
            continue
        for key, value in (
            ("spotMaxPrice", pool.spot_max_price),
            ("evictionPolicy", pool.eviction_policy),
        ):
            if value is not None:
                yield finding_at(
                    provenance,
                    "error",
                    "spot",
                    pool_path(pool, key),
                    value,
                    "only spot pools (spot: true) take this setting",
                )


def surge(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """Surge format, and (a warning) surge that cannot fit at the pool's or cluster's max."""
    total = 0
    for pool in doc.spec.node_pools:
        surge_ok = True
        for key, text in (("maxSurge", pool.max_surge), ("maxUnavailable", pool.max_unavailable)):
            if text is None:
                continue
            parsed = parse_surge(text)
            if parsed is None or (parsed[1] and parsed[0] > 100):
                surge_ok = False
                yield finding_at(
                    provenance,
                    "error",
                    "surge",
                    pool_path(pool, key),
                    text,
                    "must be a node count (e.g. 1) or a percentage from 0% to 100% (e.g. 10%)",
                )
        if surge_ok and pool.max_surge is not None:
            # maxUnavailable defaults to 0 (REST API spec, upgradeSettings): unset counts as 0.
            s, u = parse_surge(pool.max_surge), parse_surge(pool.max_unavailable or "0")
            if s is not None and u is not None and s[0] == 0 and u[0] == 0:
                yield finding_at(
                    provenance,
                    "error",
                    "surge",
                    pool_path(pool, "maxSurge"),
                    pool.max_surge,
                    "maxSurge and maxUnavailable cannot both be 0 (maxUnavailable defaults to 0)",
                )
        extra = surge_nodes(pool) if surge_ok else 0
        total += pool.max_nodes + extra
        if extra and pool.max_nodes + extra > NODES_PER_POOL:
            yield finding_at(
                provenance,
                "warning",
                "surge-at-max",
                pool_path(pool, "maxSurge"),
                pool.max_surge,
                f"cannot upgrade at maximum size: {pool.max_nodes} nodes + {extra} surge "
                f"exceeds {NODES_PER_POOL} per pool (lower maxCount or maxSurge)",
                because=[pool_path(pool, "maxCount"), pool_path(pool, "count")],
            )
    _, nodes = doc.spec.pool_nodes()
    if nodes <= NODES_PER_CLUSTER < total:
        yield pools_finding(
            provenance,
            "warning",
            "surge-at-max",
            nodes,
            f"cannot upgrade at maximum size: {nodes} nodes + surge = {total} exceeds "
            f"{NODES_PER_CLUSTER} per cluster (scale down before upgrading, "
            "or lower maxCount)",
        )
