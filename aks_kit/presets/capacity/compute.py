"""Capacity arithmetic: the report of nodes, addresses and pods at the pools' largest
size against Azure's limits (presets/facts.py); egress comes from capacity/egress.py.

Pure and fast: no I/O, only the model, the defaults and the shared sizing helpers.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import facts
from ..attribution import POOLS, pool_path
from ..defaults import default_max_pods, network_mode, pod_cidr, pool_max_pods
from ..facts import cite
from ..findings import Level
from ..model import ClusterDocument, NodePool
from ..sizing import (
    auto_provisioned_nodes,
    cluster_max_pods,
    ipv4,
    peak_nodes,
    planned_nodes,
    pod_range_nodes,
    pod_subnet_addresses_per_node,
    surge_nodes,
    usable_addresses,
    uses_pod_range,
)
from .egress import egress_report
from .report import (
    CODE_BATCH_SCALING,
    CODE_CONTROL_PLANE,
    CODE_PODS,
    CODE_UPGRADE_AT_MAX,
    COVERED_CLUSTER_NODES,
    COVERED_FREE_TIER,
    COVERED_POD_RANGE,
    COVERED_POOL_MAX,
    COVERED_POOLS,
    COVERED_SUBNET,
    COVERED_SURGE,
    AddressRange,
    AddressReport,
    CapacityReport,
    NodeReport,
    Note,
    PodReport,
    PoolCapacity,
    Usage,
)

API_SERVER_SUBNET_PREFIX = facts.API_SERVER_SUBNET_PREFIX.value
BATCH_NODES = facts.BATCH_NODES.value
BATCH_WAIT_MINUTES = facts.BATCH_WAIT_MINUTES.value
DEFAULT_POD_CIDR = facts.DEFAULT_POD_CIDR.value
FREE_TIER_MAX_NODES = facts.FREE_TIER_MAX_NODES.value
FREE_TIER_RECOMMENDED = facts.FREE_TIER_RECOMMENDED.value
NODES_PER_CLUSTER = facts.NODES_PER_CLUSTER.value
NODES_PER_POOL = facts.NODES_PER_POOL.value
POOLS_PER_CLUSTER = facts.POOLS_PER_CLUSTER.value
RESERVED_PER_SUBNET = facts.RESERVED_PER_SUBNET.value
UPGRADE_SCALE_DOWN_TO = facts.UPGRADE_SCALE_DOWN_TO.value

# --------------------------------------------------------------------------- report


def capacity_report(doc: ClusterDocument) -> CapacityReport:
    return CapacityReport(
        nodes=_nodes(doc),
        addresses=_addresses(doc),
        egress=egress_report(doc),
        pods=_pods(doc),
        notes=tuple(_notes(doc)),
    )


def _pool(doc: ClusterDocument, pool: NodePool) -> PoolCapacity:
    surge = surge_nodes(pool)
    key = "maxCount" if pool.autoscaling else "count"
    setting = pool.max_count if pool.autoscaling else pool.count
    source = cite(facts.NODES_PER_POOL)
    return PoolCapacity(
        name=pool.name,
        path=pool_path(pool),
        mode=pool.mode,
        autoscaling=pool.autoscaling,
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        surge_nodes=surge,
        max_pods=pool_max_pods(doc, pool),
        max_pods_default=pool.max_pods is None,
        nodes=Usage(
            f"pool {pool.name} nodes",
            pool_path(pool, key),
            pool.max_nodes,
            NODES_PER_POOL,
            "nodes per pool",
            source,
            COVERED_POOL_MAX,
            covered=True,
            value=setting,
        ),
        peak_nodes=Usage(
            f"pool {pool.name} nodes with upgrade surge",
            pool_path(pool, key),
            pool.max_nodes + surge,
            NODES_PER_POOL,
            "nodes per pool",
            cite(facts.NODES_PER_POOL, facts.SURGE_PAST_POOL_LIMIT),
            COVERED_SURGE,
            level="warning",
            covered=True,
            value=setting,
        ),
    )


def _nodes(doc: ClusterDocument) -> NodeReport:
    pools = doc.spec.node_pools
    low, high = doc.spec.pool_nodes()
    auto = auto_provisioned_nodes(doc)
    source = cite(facts.NODES_PER_CLUSTER)

    def cluster(name: str, used: int, code: str, level: Level, checked: bool = True) -> Usage:
        return Usage(
            name,
            "spec.nodePools",
            used,
            NODES_PER_CLUSTER,
            "nodes per cluster",
            source,
            code,
            level=level,
            covered=True,
            checked=checked,
        )

    return NodeReport(
        pools=tuple(_pool(doc, pool) for pool in pools),
        pool_count=Usage(
            "node pools",
            "spec.nodePools",
            len(pools),
            POOLS_PER_CLUSTER,
            "pools per cluster",
            source,
            COVERED_POOLS,
            covered=True,
        ),
        min_nodes=cluster("cluster nodes at minimum", low, COVERED_CLUSTER_NODES, "error", False),
        max_nodes=(
            cluster("cluster nodes", high, COVERED_CLUSTER_NODES, "error")
            if not auto
            # Node auto-provisioning may grow to the limit: judged at it, not against it.
            else cluster(
                "cluster nodes (auto-provisioned, up to)",
                auto,
                COVERED_CLUSTER_NODES,
                "error",
                False,
            )
        ),
        peak_nodes=cluster(
            "cluster nodes with upgrade surge",
            planned_nodes(doc),
            COVERED_SURGE,
            "warning",
            not auto,
        ),
        auto_provisioned=doc.spec.node_provisioning.mode == "Auto",
    )


def _addresses(doc: ClusterDocument) -> AddressReport:
    mode = network_mode(doc)
    pools = doc.spec.node_pools
    peak = planned_nodes(doc)
    # Node auto-provisioning may grow past what the pools hold: judged at its limit, as a
    # warning (AKS stops adding nodes when the range is full), not as an error.
    auto = peak > peak_nodes(doc)
    network = doc.spec.network
    vnet = network.vnet
    ranges: list[AddressRange] = []
    widest_pods = max((pool_max_pods(doc, p) for p in pools), default=default_max_pods(doc))
    surge_pods = sum((p.max_nodes + surge_nodes(p)) * pool_max_pods(doc, p) for p in pools)

    if vnet is not None and vnet.node_subnet.cidr:
        subnet = ipv4(vnet.node_subnet.cidr)
        need, per_node = peak, 1
        note = "nodes with upgrade surge, plus Azure's 5 reserved addresses"
        if mode == "node-subnet":
            need += surge_pods
            per_node += widest_pods
            note = (
                "nodes with upgrade surge and their pods (Azure CNI gives each pod a subnet "
                "address), plus Azure's 5 reserved addresses; largest node count at the "
                f"highest maxPods ({widest_pods})"
            )
        usage = Usage(
            "node subnet addresses",
            "spec.network.vnet.nodeSubnet.cidr",
            need + RESERVED_PER_SUBNET,
            int(subnet.num_addresses),
            "addresses",
            cite(facts.RESERVED_PER_SUBNET, facts.DEFAULT_MAX_PODS),
            COVERED_SUBNET,
            level="warning" if auto else "error",
            covered=not auto,
            value=str(subnet),
        )
        ranges.append(
            AddressRange(
                "nodeSubnet",
                usage.path,
                str(subnet),
                int(subnet.num_addresses),
                usage,
                usable_addresses(subnet) // per_node,
                not usage.exceeded,
                note,
            )
        )

    if mode == "pod-subnet" and vnet is not None and vnet.pod_subnet and vnet.pod_subnet.cidr:
        subnet = ipv4(vnet.pod_subnet.cidr)
        batches = sum(
            (p.max_nodes + surge_nodes(p)) * pod_subnet_addresses_per_node(pool_max_pods(doc, p))
            for p in pools
        )
        widest = pod_subnet_addresses_per_node(widest_pods)
        usage = Usage(
            "pod subnet addresses",
            "spec.network.vnet.podSubnet.cidr",
            batches + RESERVED_PER_SUBNET,
            int(subnet.num_addresses),
            "addresses",
            cite(facts.RESERVED_PER_SUBNET, facts.DEFAULT_MAX_PODS, facts.DYNAMIC_IP_BATCH),
            COVERED_SUBNET,
            covered=True,
            value=str(subnet),
        )
        note = (
            f"maxPods per node rounded up to batches of {facts.DYNAMIC_IP_BATCH.value} "
            "addresses (nodes with upgrade surge), plus Azure's 5 reserved addresses; largest "
            f"node count at the highest maxPods ({widest_pods}, {widest} addresses a node)"
        )
        ranges.append(
            AddressRange(
                "podSubnet",
                usage.path,
                str(subnet),
                int(subnet.num_addresses),
                usage,
                usable_addresses(subnet) // widest,
                not usage.exceeded,
                note,
            )
        )

    if uses_pod_range(doc):
        pod_range = ipv4(pod_cidr(doc))
        room = pod_range_nodes(pod_range)
        usage = Usage(
            "pod range /24 blocks",
            "spec.network.podCidr",
            peak,
            room,
            "nodes (one /24 each)",
            cite(facts.OVERLAY_NODE_PREFIX, facts.DEFAULT_POD_CIDR),
            COVERED_POD_RANGE,
            level="warning" if auto else "error",
            covered=not auto,
            value=str(pod_range),
        )
        default = "" if network.pod_cidr else f" (Azure's default {DEFAULT_POD_CIDR})"
        ranges.append(
            AddressRange(
                "podCidr",
                usage.path,
                str(pod_range),
                int(pod_range.num_addresses),
                usage,
                room,
                not usage.exceeded,
                f"one /24 per node, nodes with upgrade surge{default}",
            )
        )

    service = ipv4(network.service_cidr)
    ranges.append(
        AddressRange(
            "serviceCidr",
            "spec.network.serviceCidr",
            str(service),
            int(service.num_addresses),
            None,
            None,
            True,
            "ClusterIP addresses for Services; does not bound the node count",
        )
    )

    if vnet is not None and vnet.api_server_subnet is not None and vnet.api_server_subnet.cidr:
        subnet = ipv4(vnet.api_server_subnet.cidr)
        big_enough = subnet.prefixlen <= API_SERVER_SUBNET_PREFIX
        ranges.append(
            AddressRange(
                "apiServerSubnet",
                "spec.network.vnet.apiServerSubnet.cidr",
                str(subnet),
                int(subnet.num_addresses),
                None,
                None,
                big_enough,
                f"API server VNet integration needs /{API_SERVER_SUBNET_PREFIX} or larger "
                f"({'met' if big_enough else 'too small'}); does not bound the node count",
            )
        )

    if vnet is not None and vnet.system_subnet is not None and vnet.system_subnet.cidr:
        subnet = ipv4(vnet.system_subnet.cidr)
        ranges.append(
            AddressRange(
                "systemSubnet",
                "spec.network.vnet.systemSubnet.cidr",
                str(subnet),
                int(subnet.num_addresses),
                None,
                None,
                True,
                "managed system node pools (AKS's default is a /26); sized by AKS",
            )
        )
    return AddressReport(mode, tuple(ranges))


def _pods(doc: ClusterDocument) -> PodReport:
    mode = network_mode(doc)
    total = cluster_max_pods(doc)
    pools = doc.spec.node_pools
    fact: facts.Fact[int] | None = None
    note = "no documented per-cluster pod limit for this network mode"
    if mode == "overlay":
        fact = facts.PODS_PER_CLUSTER_OVERLAY
        note = "Azure CNI overlay"
    elif mode == "pod-subnet":
        if any(p.pod_ip_allocation_mode == "StaticBlock" for p in pools):
            note = (
                "pod subnet with StaticBlock allocation: no documented per-cluster limit "
                "(AKS suggests it above about 65,000 pods)"
            )
        else:
            fact = facts.PODS_PER_CLUSTER_DYNAMIC_IP
            note = "Azure CNI pod subnet with dynamic IP allocation"
    usage = None
    if fact is not None:
        usage = Usage(
            "pods per cluster",
            POOLS,
            total,
            fact.value,
            "pods per cluster",
            cite(fact),
            CODE_PODS,
            advice="lower maxPods or maxCount, or spread the workload over more clusters",
        )
    return PodReport(mode, default_max_pods(doc), total, usage, note)


def _notes(doc: ClusterDocument) -> Iterator[Note]:
    spec = doc.spec
    _, nodes = spec.pool_nodes()
    if spec.tier == "free" and nodes > FREE_TIER_MAX_NODES:
        yield Note(
            COVERED_FREE_TIER,
            "spec.tier",
            f"pools may reach {nodes:,} nodes: the free tier supports at most "
            f"{FREE_TIER_MAX_NODES:,}; use standard or premium above {FREE_TIER_MAX_NODES:,}",
            cite(facts.FREE_TIER_MAX_NODES),
            covered_by=COVERED_FREE_TIER,
        )
    elif spec.tier == "free" and nodes > FREE_TIER_RECOMMENDED:
        yield Note(
            COVERED_FREE_TIER,
            "spec.tier",
            f"pools may reach {nodes:,} nodes: the free tier is meant for fewer than "
            f"{FREE_TIER_RECOMMENDED} nodes and has no SLA",
            cite(facts.FREE_TIER_RECOMMENDED),
            covered_by=COVERED_FREE_TIER,
        )
    if spec.tier in ("standard", "premium") and nodes > FREE_TIER_MAX_NODES:
        yield Note(
            CODE_CONTROL_PLANE,
            "spec.tier",
            f"above {FREE_TIER_MAX_NODES:,} nodes the {spec.tier} tier's control plane scales "
            "itself (up to 5,000 nodes); expect API-server latency or timeouts for up to 15 "
            "minutes while it scales (kubectl describe configmap "
            "large-cluster-control-plane-scaling-status -n kube-system)",
            cite(facts.CONTROL_PLANE_SCALING),
        )
    if nodes >= NODES_PER_CLUSTER:
        yield Note(
            CODE_UPGRADE_AT_MAX,
            "spec.nodePools",
            f"a cluster at {NODES_PER_CLUSTER:,} nodes can't upgrade (no room for surge): "
            f"scale below about {UPGRADE_SCALE_DOWN_TO:,} nodes first",
            cite(facts.UPGRADE_SCALE_DOWN_TO),
        )
    manual = [p for p in spec.node_pools if not p.autoscaling and p.mode != "system"]
    if nodes > FREE_TIER_MAX_NODES and any(p.max_nodes > 0 for p in manual):
        names = ", ".join(p.name for p in manual if p.max_nodes > 0)
        yield Note(
            CODE_BATCH_SCALING,
            "spec.nodePools",
            f"pools without the autoscaler ({names}) in a cluster above "
            f"{FREE_TIER_MAX_NODES:,} nodes: scale by hand in batches of "
            f"{BATCH_NODES[0]}-{BATCH_NODES[1]} nodes, {BATCH_WAIT_MINUTES[0]}-"
            f"{BATCH_WAIT_MINUTES[1]} minutes apart (or 10-20% of the current size)",
            cite(facts.BATCH_NODES),
        )
