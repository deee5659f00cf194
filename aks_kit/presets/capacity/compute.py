"""Capacity arithmetic: the report of nodes, addresses, egress ports and pods at the
pools' largest size, against Azure's limits (presets/facts.py).

Pure and fast: no I/O, only the model, the defaults and the shared sizing helpers.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import facts
from ..defaults import default_max_pods, network_mode, pod_cidr, pool_max_pods
from ..facts import cite
from ..findings import POOLS, Level, pool_path
from ..model import ClusterDocument, LoadBalancer, NodePool
from ..sizing import (
    cluster_max_pods,
    ipv4,
    peak_nodes,
    pod_range_nodes,
    surge_nodes,
    usable_addresses,
    uses_pod_range,
)
from .report import (
    CODE_BATCH_SCALING,
    CODE_CONTROL_PLANE,
    CODE_LB_AUTOMATIC,
    CODE_PODS,
    CODE_SNAT_PORTS,
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
    EgressReport,
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
LB_AUTOMATIC_MAX_NODES = facts.LB_AUTOMATIC_MAX_NODES.value
LB_AUTOMATIC_MAX_PORTS = facts.LB_AUTOMATIC_MAX_PORTS.value
LB_DEFAULT_PORT_TABLE = facts.LB_DEFAULT_PORT_TABLE.value
LB_PORTS_PER_IP = facts.LB_PORTS_PER_IP.value
NAT_MAX_IPS = facts.NAT_MAX_IPS.value
NAT_MIN_AVERAGE_PORTS = facts.NAT_MIN_AVERAGE_PORTS.value
NAT_PORTS_PER_IP = facts.NAT_PORTS_PER_IP.value
NODES_PER_CLUSTER = facts.NODES_PER_CLUSTER.value
NODES_PER_POOL = facts.NODES_PER_POOL.value
POOLS_PER_CLUSTER = facts.POOLS_PER_CLUSTER.value
RESERVED_PER_SUBNET = facts.RESERVED_PER_SUBNET.value
UPGRADE_SCALE_DOWN_TO = facts.UPGRADE_SCALE_DOWN_TO.value


def lb_automatic_ports(nodes: int, outbound_ips: int) -> int | None:
    """Ports per node under automatic allocation; None above the table's 1,000 instances."""
    for ceiling, ports in LB_DEFAULT_PORT_TABLE:
        if nodes <= ceiling:
            return min(ports * outbound_ips, LB_AUTOMATIC_MAX_PORTS)
    return None


def lb_max_nodes(ports_per_node: int, outbound_ips: int) -> int:
    """Nodes a load balancer's SNAT ports allow: 64,000 x IPs // ports per node [§3.5]."""
    return LB_PORTS_PER_IP * outbound_ips // ports_per_node


def nat_total_ports(outbound_ips: int) -> int:
    return NAT_PORTS_PER_IP * outbound_ips


# --------------------------------------------------------------------------- report


def capacity_report(doc: ClusterDocument) -> CapacityReport:
    return CapacityReport(
        nodes=_nodes(doc),
        addresses=_addresses(doc),
        egress=_egress(doc),
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
        max_nodes=cluster("cluster nodes", high, COVERED_CLUSTER_NODES, "error"),
        peak_nodes=cluster(
            "cluster nodes with upgrade surge", peak_nodes(doc), COVERED_SURGE, "warning"
        ),
        auto_provisioned=doc.spec.node_provisioning.mode == "Auto",
    )


def _addresses(doc: ClusterDocument) -> AddressReport:
    mode = network_mode(doc)
    pools = doc.spec.node_pools
    peak = peak_nodes(doc)
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
            covered=True,
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
        usage = Usage(
            "pod subnet addresses",
            "spec.network.vnet.podSubnet.cidr",
            surge_pods + RESERVED_PER_SUBNET,
            int(subnet.num_addresses),
            "addresses",
            cite(facts.RESERVED_PER_SUBNET, facts.DEFAULT_MAX_PODS),
            COVERED_SUBNET,
            covered=True,
            value=str(subnet),
        )
        static = any(p.pod_ip_allocation_mode == "StaticBlock" for p in pools)
        note = (
            "maxPods per node (nodes with upgrade surge), plus Azure's 5 reserved addresses; "
            f"largest node count at the highest maxPods ({widest_pods})"
        )
        if static:
            note += "; StaticBlock pools take /28 blocks, which can need more (not counted)"
        ranges.append(
            AddressRange(
                "podSubnet",
                usage.path,
                str(subnet),
                int(subnet.num_addresses),
                usage,
                usable_addresses(subnet) // widest_pods,
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
            covered=True,
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


def _egress(doc: ClusterDocument) -> EgressReport:
    network = doc.spec.network
    kind = network.outbound_type
    _, nodes = doc.spec.pool_nodes()
    peak = peak_nodes(doc)
    if kind == "loadBalancer":
        return _load_balancer(network.load_balancer or LoadBalancer(), nodes, peak)
    if kind in ("managedNATGateway", "userAssignedNATGateway"):
        ips: int | None = network.nat_gateway.outbound_ips if network.nat_gateway else 1
        note = (
            f"SNAT ports are shared on demand: {NAT_PORTS_PER_IP:,} per IP, up to "
            f"{NAT_MAX_IPS} IPs; largest node count at an average of "
            f"{NAT_MIN_AVERAGE_PORTS} ports per node (UNCONFIRMED threshold)"
        )
        vnet = network.vnet
        if kind == "userAssignedNATGateway" and vnet is not None and not vnet.address_space:
            ips = None  # existing subnets: the NAT gateway is the user's own
            note = "existing subnets: your own NAT gateway's IPs are not known here"
        total = nat_total_ports(ips) if ips is not None else None
        return EgressReport(
            outbound_type=kind,
            kind="natGateway",
            outbound_ips=ips,
            ports_per_ip=NAT_PORTS_PER_IP,
            total_ports=total,
            ports_per_node=None,
            automatic=False,
            max_nodes=nodes,
            usage=None,
            peak_usage=None,
            largest_node_count=total // NAT_MIN_AVERAGE_PORTS if total is not None else None,
            average_ports_per_node=(
                round(total / nodes, 1) if total is not None and nodes > 0 else None
            ),
            note=note,
        )
    return EgressReport(
        outbound_type=kind,
        kind="other",
        outbound_ips=None,
        ports_per_ip=None,
        total_ports=None,
        ports_per_node=None,
        automatic=False,
        max_nodes=nodes,
        usage=None,
        peak_usage=None,
        largest_node_count=None,
        average_ports_per_node=None,
        note=f"outboundType {kind}: egress goes through your own routing; not checked",
    )


def _load_balancer(lb: LoadBalancer, nodes: int, peak: int) -> EgressReport:
    ips = lb.outbound_ips
    total = LB_PORTS_PER_IP * ips
    path = "spec.network.loadBalancer.allocatedOutboundPorts"
    ports = lb.allocated_outbound_ports
    if ports == 0:
        source = cite(facts.LB_AUTOMATIC_MAX_NODES)

        def automatic(name: str, used: int) -> Usage:
            return Usage(
                name,
                path,
                used,
                LB_AUTOMATIC_MAX_NODES,
                "nodes with automatic SNAT port allocation",
                source,
                CODE_LB_AUTOMATIC,
                level="warning",
                value=0,
                advice=(
                    "set allocatedOutboundPorts (nodes x ports <= 64,000 x outboundIPs, "
                    "a multiple of 8) or use a NAT gateway"
                ),
            )

        return EgressReport(
            outbound_type="loadBalancer",
            kind="loadBalancer",
            outbound_ips=ips,
            ports_per_ip=LB_PORTS_PER_IP,
            total_ports=total,
            ports_per_node=lb_automatic_ports(nodes, ips),
            automatic=True,
            max_nodes=nodes,
            usage=automatic("load balancer nodes", nodes),
            peak_usage=automatic("load balancer nodes with upgrade surge", peak),
            largest_node_count=LB_AUTOMATIC_MAX_NODES,
            average_ports_per_node=None,
            note=(
                "allocatedOutboundPorts 0: Azure sizes ports by backend pool size "
                f"(1,024 ports per node up to 50 nodes, 32 at 801-1,000; at most "
                f"{LB_AUTOMATIC_MAX_PORTS:,}); set ports for more than "
                f"{LB_AUTOMATIC_MAX_NODES:,} nodes"
            ),
        )
    source = cite(facts.LB_PORTS_PER_IP)

    largest = lb_max_nodes(ports, ips)

    def ports_usage(name: str, count: int) -> Usage:
        return Usage(
            name,
            path,
            ports * count,
            total,
            "SNAT ports",
            source,
            CODE_SNAT_PORTS,
            value=ports,
            advice=(
                f"{ports:,} ports per node and {ips} outbound IPs allow {largest:,} nodes; "
                "add outbound IPs or lower allocatedOutboundPorts"
            ),
        )

    return EgressReport(
        outbound_type="loadBalancer",
        kind="loadBalancer",
        outbound_ips=ips,
        ports_per_ip=LB_PORTS_PER_IP,
        total_ports=total,
        ports_per_node=ports,
        automatic=False,
        max_nodes=nodes,
        usage=ports_usage("load balancer SNAT ports", nodes),
        peak_usage=ports_usage("load balancer SNAT ports with upgrade surge", peak),
        largest_node_count=largest,
        average_ports_per_node=None,
        note=(
            f"{ports:,} ports per node x nodes against {LB_PORTS_PER_IP:,} per outbound IP x {ips}"
        ),
    )


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
