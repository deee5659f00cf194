"""Capacity: how close a cluster's pools come to Azure's limits at their largest (aks-facts §3).

`capacity_report` works out nodes, addresses, egress ports and pods for a resolved document;
`capacity_findings` turns the report into findings. It adds only what the rules in
`presets.rules` do not already report: those rules own the errors for pool and cluster node
counts, surge at the limits, pod range and subnet sizes (their `Usage` here is marked
`covered`), and this module adds SNAT/egress, pods per cluster, near-limit warnings (above
80 %) and the control-plane guidance for large clusters.

Pure and fast: no I/O, only the model and the rule helpers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Literal

from .findings import Finding, Level
from .layering import Provenance
from .model import ClusterDocument, LoadBalancer, NodePool
from .rules.base import POOLS, emit, emit_total, pool_path, surge_nodes
from .rules.limits import (
    FREE_TIER_MAX_NODES,
    FREE_TIER_RECOMMENDED,
    MAX_NODES_PER_CLUSTER,
    MAX_NODES_PER_POOL,
    MAX_POOLS,
)
from .rules.networks import (
    AZURE_RESERVED_PER_SUBNET,
    DEFAULT_POD_CIDR,
    MIN_API_SERVER_PREFIX,
    net,
    node_capacity_of_pod_range,
    peak_nodes,
    usable,
    uses_pod_range,
)

NetworkMode = Literal["overlay", "kubenet", "pod-subnet", "node-subnet", "none"]
EgressKind = Literal["loadBalancer", "natGateway", "other"]

# A limit used above this share (strictly above 80 %, not at it) gets a warning.
NEAR_LIMIT_PERCENT = 80

# Pods per cluster [aks-facts §3.1, L1].
PODS_PER_CLUSTER_OVERLAY = 200_000
PODS_PER_CLUSTER_DYNAMIC_IP = 50_000

# Azure's default maxPods per node by network plugin [aks-facts §3.1, NW; CLI/ARM values].
DEFAULT_MAX_PODS: dict[NetworkMode, int] = {
    "overlay": 250,
    "pod-subnet": 110,
    "node-subnet": 30,
    "kubenet": 110,
    "none": 110,  # BYO CNI: no AKS default in aks-facts; 110 as stacks/plan.py has it
}
# kubenet is 110 from the CLI/ARM and 30 from the portal (§3.1); aks-kit sends ARM.

# Standard load balancer SNAT [aks-facts §3.5, NW/S1]: 64,000 ports per outbound IP;
# nodes supported = 64,000 x IPs / ports per node.
LB_PORTS_PER_IP = 64_000
# Automatic allocation (allocatedOutboundPorts: 0) follows Azure Load Balancer's default
# port table, which stops at 1,000 backend instances. Source: Azure Load Balancer docs,
# load-balancer-outbound-connections#preallocatedports (not in aks-facts; read from
# MicrosoftDocs copies of that page).
# That automatic allocation has no tier above 1,000 instances is inferred from the table
# ending there: UNCONFIRMED, so exceeding it is a warning, not an error.
LB_DEFAULT_PORT_TABLE: tuple[tuple[int, int], ...] = (
    (50, 1024),
    (100, 512),
    (200, 256),
    (400, 128),
    (800, 64),
    (1000, 32),
)
LB_AUTOMATIC_MAX_NODES = 1000
# The same doc: ports per frontend IP from the table, "up to a maximum of 1024 ports".
LB_AUTOMATIC_MAX_PORTS = 1024

# NAT gateway [aks-facts §3.1 and §6, NW]: 64,512 SNAT ports per IP, up to 16 IPs, shared
# on demand by every node (not allocated per node).
NAT_PORTS_PER_IP = 64_512
NAT_MAX_IPS = 16
# UNCONFIRMED threshold: NAT gateway docs give no per-node figure. 64 ports per node is
# what the load balancer's default table pre-allocates at 401-800 instances (its last tier,
# 801-1,000, gives 32); an average below it is treated as a sign of SNAT exhaustion risk.
NAT_MIN_AVERAGE_PORTS = 64

# Large-cluster guidance [aks-facts §3.3, L1].
UPGRADE_SCALE_DOWN_TO = 3000
BATCH_NODES = (500, 700)
BATCH_WAIT_MINUTES = (2, 5)

# Existing rules that already report a limit being exceeded (so it is not reported twice).
COVERED_POOL_MAX = "pool-count"
COVERED_SURGE = "surge-at-max"
COVERED_CLUSTER_NODES = "cluster-nodes"
COVERED_POOLS = "too-many-pools"
COVERED_POD_RANGE = "pod-cidr-size"
COVERED_SUBNET = "subnet-size"
COVERED_FREE_TIER = "free-tier"

CODE_NEAR_LIMIT = "capacity-near-limit"
CODE_SURGE_HEADROOM = "capacity-surge-headroom"
CODE_SNAT_PORTS = "capacity-snat-ports"
CODE_LB_AUTOMATIC = "capacity-lb-automatic-ports"
CODE_PODS = "capacity-pods"
CODE_CONTROL_PLANE = "capacity-control-plane-scaling"
CODE_UPGRADE_AT_MAX = "capacity-upgrade-at-max"
CODE_BATCH_SCALING = "capacity-batch-scaling"


# --------------------------------------------------------------------------- report shapes


@dataclass(frozen=True)
class Usage:
    """`used` of `limit` (in `unit`), and what to report when it is exceeded.

    `covered`: an existing rule already reports exceeding it (its code is `code`), so
    capacity findings only warn when it is close. `checked: False` is shown, not judged.
    """

    name: str
    path: str
    used: int
    limit: int
    unit: str
    source: str
    code: str
    level: Level = "error"
    covered: bool = False
    checked: bool = True
    value: str | int | None = None
    """The setting at `path` a finding shows; None shows `used`."""
    advice: str = ""
    """What to change when the limit is exceeded."""

    @property
    def percent(self) -> float | None:
        """Share of the limit used, one decimal; None for a zero limit with use."""
        if self.limit <= 0:
            return 0.0 if self.used <= 0 else None
        try:
            return round(self.used * 100 / self.limit, 1)
        except OverflowError:  # absurd input (a 400-digit count): other rules refuse it
            return None

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit

    @property
    def near_limit(self) -> bool:
        """Above 80 % of the limit but not past it (integer test, no rounding)."""
        return not self.exceeded and self.used * 100 > self.limit * NEAR_LIMIT_PERCENT

    def describe(self) -> str:
        percent = self.percent
        share = f" ({percent}%)" if percent is not None else ""
        return f"{self.name}: {self.used:,} of {self.limit:,} {self.unit}{share}"

    def to_dict(self) -> dict[str, Any]:
        data = {_camel(f.name): getattr(self, f.name) for f in fields(self)}
        data.update(percent=self.percent, exceeded=self.exceeded, nearLimit=self.near_limit)
        return data


@dataclass(frozen=True)
class Check:
    """A usage at maximum size and, optionally, the same usage with upgrade surge."""

    usage: Usage
    peak: Usage | None = None


@dataclass(frozen=True)
class PoolCapacity:
    name: str
    path: str
    mode: str
    autoscaling: bool
    min_nodes: int
    max_nodes: int
    surge_nodes: int
    max_pods: int
    max_pods_default: bool
    """True when maxPods is unset and Azure's default for the plugin applies."""
    nodes: Usage
    """maxCount (or count) against 1,000 per pool."""
    peak_nodes: Usage
    """max + surge against 1,000 per pool: a VMSS surge past it is rejected [§3.3, U1]."""


@dataclass(frozen=True)
class NodeReport:
    pools: tuple[PoolCapacity, ...]
    pool_count: Usage
    min_nodes: Usage
    max_nodes: Usage
    peak_nodes: Usage
    auto_provisioned: bool
    """Node auto-provisioning is on: nodes AKS provisions are not counted here."""


@dataclass(frozen=True)
class AddressRange:
    name: str
    path: str
    cidr: str
    addresses: int
    usage: Usage | None
    max_nodes: int | None
    """The largest node count the range allows (with surge counted as nodes); None when the
    range does not bound nodes."""
    ok: bool
    note: str


@dataclass(frozen=True)
class AddressReport:
    mode: NetworkMode
    ranges: tuple[AddressRange, ...]


@dataclass(frozen=True)
class EgressReport:
    outbound_type: str
    kind: EgressKind
    outbound_ips: int | None
    ports_per_ip: int | None
    total_ports: int | None
    ports_per_node: int | None
    """LB: allocatedOutboundPorts, or the default table's value under automatic allocation."""
    automatic: bool
    max_nodes: int
    """Nodes at the pools' maximum size (all of them share the egress)."""
    usage: Usage | None
    peak_usage: Usage | None
    largest_node_count: int | None
    """LB: nodes the ports allow; NAT: nodes at the warning threshold's average."""
    average_ports_per_node: float | None
    note: str


@dataclass(frozen=True)
class PodReport:
    mode: NetworkMode
    default_max_pods: int
    max_pods: int
    """Sum over pools of max nodes x maxPods."""
    usage: Usage | None
    note: str


@dataclass(frozen=True)
class Note:
    """Guidance that applies to this cluster (info). `covered_by`: a rule reports it."""

    code: str
    path: str
    message: str
    source: str
    covered_by: str | None = None


@dataclass(frozen=True)
class CapacityReport:
    nodes: NodeReport
    addresses: AddressReport
    egress: EgressReport
    pods: PodReport
    notes: tuple[Note, ...]

    def checks(self) -> list[Check]:
        """Every judged usage, with its surge counterpart where one exists."""
        out = [Check(pool.nodes, pool.peak_nodes) for pool in self.nodes.pools]
        out.append(Check(self.nodes.pool_count))
        out.append(Check(self.nodes.max_nodes, self.nodes.peak_nodes))
        out.extend(Check(r.usage) for r in self.addresses.ranges if r.usage is not None)
        if self.egress.usage is not None:
            out.append(Check(self.egress.usage, self.egress.peak_usage))
        if self.pods.usage is not None:
            out.append(Check(self.pods.usage))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: camelCase keys, plain lists and numbers."""
        data = _plain(self)
        assert isinstance(data, dict)
        return data


# Spelled as in the spec (`outboundIPs`), not `outboundIps`.
CAMEL_EXCEPTIONS = {"outbound_ips": "outboundIPs", "ports_per_ip": "portsPerIP"}


def _camel(name: str) -> str:
    if name in CAMEL_EXCEPTIONS:
        return CAMEL_EXCEPTIONS[name]
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _plain(value: Any) -> Any:
    if isinstance(value, Usage):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {_camel(f.name): _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


# --------------------------------------------------------------------------- arithmetic


def network_mode(doc: ClusterDocument) -> NetworkMode:
    """Where pods get addresses: overlay/kubenet (podCidr), a pod subnet, or the node subnet."""
    network = doc.spec.network
    if network.plugin == "kubenet":
        return "kubenet"
    if network.plugin == "none":
        return "none"
    if network.plugin_mode == "overlay":
        return "overlay"
    if network.vnet is not None and network.vnet.pod_subnet is not None:
        return "pod-subnet"
    return "node-subnet"


def default_max_pods(doc: ClusterDocument) -> int:
    """Azure's default pods per node for the network plugin (aks-facts §3.1).

    Same values as `stacks.plan.default_max_pods`, which should call this instead.
    """
    return DEFAULT_MAX_PODS[network_mode(doc)]


def pool_max_pods(doc: ClusterDocument, pool: NodePool) -> int:
    return pool.max_pods if pool.max_pods is not None else default_max_pods(doc)


def cluster_max_pods(doc: ClusterDocument) -> int:
    """Pods the pools can hold at their largest: sum of max nodes x maxPods."""
    return sum(pool.max_nodes * pool_max_pods(doc, pool) for pool in doc.spec.node_pools)


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
    source = "aks-facts §3.1 [Q1, S1]"
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
            MAX_NODES_PER_POOL,
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
            MAX_NODES_PER_POOL,
            "nodes per pool",
            "aks-facts §3.1 [Q1], §3.3 [U1]",
            COVERED_SURGE,
            level="warning",
            covered=True,
            value=setting,
        ),
    )


def _nodes(doc: ClusterDocument) -> NodeReport:
    pools = doc.spec.node_pools
    low, high = doc.spec.pool_nodes()
    source = "aks-facts §3.1 [Q1]"

    def cluster(name: str, used: int, code: str, level: Level, checked: bool = True) -> Usage:
        return Usage(
            name,
            "spec.nodePools",
            used,
            MAX_NODES_PER_CLUSTER,
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
            MAX_POOLS,
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
        subnet = net(vnet.node_subnet.cidr)
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
            need + AZURE_RESERVED_PER_SUBNET,
            int(subnet.num_addresses),
            "addresses",
            "aks-facts §3.5 VNet sizing [NW]",
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
                usable(subnet) // per_node,
                not usage.exceeded,
                note,
            )
        )

    if mode == "pod-subnet" and vnet is not None and vnet.pod_subnet and vnet.pod_subnet.cidr:
        subnet = net(vnet.pod_subnet.cidr)
        usage = Usage(
            "pod subnet addresses",
            "spec.network.vnet.podSubnet.cidr",
            surge_pods + AZURE_RESERVED_PER_SUBNET,
            int(subnet.num_addresses),
            "addresses",
            "aks-facts §3.5 VNet sizing [NW]",
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
                usable(subnet) // widest_pods,
                not usage.exceeded,
                note,
            )
        )

    if uses_pod_range(doc):
        pod_range = net(network.pod_cidr or DEFAULT_POD_CIDR)
        room = node_capacity_of_pod_range(pod_range)
        usage = Usage(
            "pod range /24 blocks",
            "spec.network.podCidr",
            peak,
            room,
            "nodes (one /24 each)",
            "aks-facts §2.2, §3.5 VNet sizing [NW]",
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

    service = net(network.service_cidr)
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
        subnet = net(vnet.api_server_subnet.cidr)
        big_enough = subnet.prefixlen <= MIN_API_SERVER_PREFIX
        ranges.append(
            AddressRange(
                "apiServerSubnet",
                "spec.network.vnet.apiServerSubnet.cidr",
                str(subnet),
                int(subnet.num_addresses),
                None,
                None,
                big_enough,
                f"API server VNet integration needs /{MIN_API_SERVER_PREFIX} or larger "
                f"({'met' if big_enough else 'too small'}); does not bound the node count",
            )
        )

    if vnet is not None and vnet.system_subnet is not None and vnet.system_subnet.cidr:
        subnet = net(vnet.system_subnet.cidr)
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
        source = "Azure Load Balancer default port table (UNCONFIRMED above 1,000 instances)"

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
    source = "aks-facts §3.5 SNAT [NW, S1]"

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
    limit: int | None = None
    note = "no documented per-cluster pod limit for this network mode"
    if mode == "overlay":
        limit = PODS_PER_CLUSTER_OVERLAY
        note = "Azure CNI overlay"
    elif mode == "pod-subnet":
        if any(p.pod_ip_allocation_mode == "StaticBlock" for p in pools):
            note = (
                "pod subnet with StaticBlock allocation: no documented per-cluster limit "
                "(AKS suggests it above about 65,000 pods)"
            )
        else:
            limit = PODS_PER_CLUSTER_DYNAMIC_IP
            note = "Azure CNI pod subnet with dynamic IP allocation"
    usage = None
    if limit is not None:
        usage = Usage(
            "pods per cluster",
            "spec.nodePools",
            total,
            limit,
            "pods per cluster",
            "aks-facts §3.1 [L1]",
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
            "aks-facts §2.1 [P1], §3.2 [L1]",
            covered_by=COVERED_FREE_TIER,
        )
    elif spec.tier == "free" and nodes > FREE_TIER_RECOMMENDED:
        yield Note(
            COVERED_FREE_TIER,
            "spec.tier",
            f"pools may reach {nodes:,} nodes: the free tier is meant for fewer than "
            f"{FREE_TIER_RECOMMENDED} nodes and has no SLA",
            "aks-facts §2.1 [P1]",
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
            "aks-facts §3.2 [L1]",
        )
    if nodes >= MAX_NODES_PER_CLUSTER:
        yield Note(
            CODE_UPGRADE_AT_MAX,
            "spec.nodePools",
            f"a cluster at {MAX_NODES_PER_CLUSTER:,} nodes can't upgrade (no room for surge): "
            f"scale below about {UPGRADE_SCALE_DOWN_TO:,} nodes first",
            "aks-facts §3.3 [L1]",
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
            "aks-facts §3.3 [L1]",
        )


# --------------------------------------------------------------------------- findings


def capacity_findings(doc: ClusterDocument, provenance: Provenance) -> list[Finding]:
    """Errors for limits exceeded, warnings when close or when surge passes a limit.

    Limits an existing rule already reports (`Usage.covered`) only get near-limit warnings.
    """
    report = capacity_report(doc)
    findings: list[Finding] = []
    for check in report.checks():
        findings.extend(_judge(check, provenance))
    findings.extend(_nat(report.egress, provenance))
    for note in report.notes:
        if note.covered_by is None:
            findings.append(emit(provenance, "info", note.code, note.path, None, note.message))
    return findings


def _judge(check: Check, provenance: Provenance) -> Iterator[Finding]:
    usage, peak = check.usage, check.peak
    if not usage.checked:
        return
    if usage.exceeded:
        if not usage.covered:
            what = "exceeds the limit" + (f"; {usage.advice}" if usage.advice else "")
            yield _usage_finding(provenance, usage.level, usage.code, usage, what)
        return
    if peak is not None and peak.exceeded:
        if not peak.covered:
            yield _usage_finding(
                provenance,
                "warning",
                CODE_SURGE_HEADROOM,
                peak,
                "the limit holds at maximum size but not with upgrade surge; "
                "upgrades at maximum size may fail",
            )
        return
    shown = peak if peak is not None and peak.checked else usage
    if shown.near_limit:
        yield _usage_finding(
            provenance,
            "warning",
            CODE_NEAR_LIMIT,
            shown,
            f"above {NEAR_LIMIT_PERCENT}% of the limit",
        )


def _usage_finding(
    provenance: Provenance, level: Level, code: str, usage: Usage, what: str
) -> Finding:
    value = usage.value if usage.value is not None else usage.used
    message = f"{usage.describe()}: {what} ({usage.source})"
    if usage.path == POOLS:  # a total over all pools: the layers that sized them
        return emit_total(provenance, level, code, value, message)
    return emit(provenance, level, code, usage.path, value, message)


def nat_ports_short(egress: EgressReport) -> bool:
    """NAT SNAT ports average under the threshold at max size (exact, before rounding)."""
    total, nodes = egress.total_ports, egress.max_nodes
    if egress.kind != "natGateway" or total is None or nodes <= 0:
        return False
    return total < NAT_MIN_AVERAGE_PORTS * nodes


def _nat(egress: EgressReport, provenance: Provenance) -> Iterator[Finding]:
    total, ips, nodes = egress.total_ports, egress.outbound_ips, egress.max_nodes
    if not nat_ports_short(egress) or total is None or ips is None:
        return
    advice = (
        f"add outbound IPs (up to {NAT_MAX_IPS})"
        if ips < NAT_MAX_IPS
        else f"already at {NAT_MAX_IPS} IPs: lower maxCount or spread over more clusters"
    )
    yield emit(
        provenance,
        "warning",
        CODE_SNAT_PORTS,
        "spec.network.natGateway.outboundIPs",
        ips,
        f"{total:,} SNAT ports ({ips} IPs x {NAT_PORTS_PER_IP:,}) average "
        f"{total / nodes:,.2f} per node at {nodes:,} nodes, under {NAT_MIN_AVERAGE_PORTS} "
        f"(UNCONFIRMED threshold); {advice} (aks-facts §3.1, §6 [NW])",
    )


def capacity_rule(doc: ClusterDocument, provenance: Provenance) -> list[Finding]:
    """The capacity checks as a rule, shaped like those in `presets.rules`."""
    return capacity_findings(doc, provenance)


RULES = [capacity_rule]
