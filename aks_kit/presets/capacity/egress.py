"""Egress capacity: SNAT ports of the load balancer or NAT gateway against the nodes
that share them, at the pools' largest size and with upgrade surge.
"""

from __future__ import annotations

from .. import facts
from ..facts import cite
from ..model import ClusterDocument, LoadBalancer
from ..sizing import (
    peak_nodes,
)
from .report import (
    CODE_LB_AUTOMATIC,
    CODE_SNAT_PORTS,
    EgressReport,
    Usage,
)

LB_AUTOMATIC_MAX_NODES = facts.LB_AUTOMATIC_MAX_NODES.value
LB_AUTOMATIC_MAX_PORTS = facts.LB_AUTOMATIC_MAX_PORTS.value
LB_DEFAULT_PORT_TABLE = facts.LB_DEFAULT_PORT_TABLE.value
LB_PORTS_PER_IP = facts.LB_PORTS_PER_IP.value
NAT_MAX_IPS = facts.NAT_MAX_IPS.value
NAT_MIN_AVERAGE_PORTS = facts.NAT_MIN_AVERAGE_PORTS.value
NAT_PORTS_PER_IP = facts.NAT_PORTS_PER_IP.value


def lb_automatic_ports(nodes: int, outbound_ips: int) -> int | None:
    """Ports per node under automatic allocation; None above the table's 1,000 instances."""
    for ceiling, ports in LB_DEFAULT_PORT_TABLE:
        if nodes <= ceiling:
            return min(ports * outbound_ips, LB_AUTOMATIC_MAX_PORTS)
    return None


def lb_max_nodes(ports_per_node: int, outbound_ips: int) -> int:
    """Nodes a load balancer's SNAT ports allow: 64,000 x IPs // ports per node."""
    return LB_PORTS_PER_IP * outbound_ips // ports_per_node


def nat_total_ports(outbound_ips: int) -> int:
    return NAT_PORTS_PER_IP * outbound_ips


def egress_report(doc: ClusterDocument) -> EgressReport:
    network = doc.spec.network
    kind = network.outbound_type
    _, nodes = doc.spec.pool_nodes()
    peak = peak_nodes(doc)
    if kind == "loadBalancer":
        return _load_balancer(network.load_balancer or LoadBalancer(), nodes, peak)
    if kind in ("managedNATGateway", "userAssignedNATGateway"):
        ips: int | None = network.nat_gateway.outbound_ips if network.nat_gateway else 1
        shown = ips or 1
        note = (
            f"SNAT ports are shared on demand: {NAT_PORTS_PER_IP:,} per IP, up to "
            f"{NAT_MAX_IPS} IPs; at an average of {NAT_MIN_AVERAGE_PORTS} ports per node "
            f"(a threshold no source confirms), {shown} IP{'s' if shown != 1 else ''} serve "
            f"up to {nat_total_ports(shown) // NAT_MIN_AVERAGE_PORTS:,} nodes"
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
