"""Address plans: ranges that overlap, subnets too small for the nodes (aks-facts §3.5, NW)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from ipaddress import IPv4Network

from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument, Subnet
from .base import emit, surge_nodes

AZURE_RESERVED_PER_SUBNET = 5
DEFAULT_POD_CIDR = "10.244.0.0/16"
OVERLAY_NODE_PREFIX = 24
MIN_API_SERVER_PREFIX = 28
MAX_SERVICE_PREFIX = 12
# Ranges AKS refuses for cluster ranges (NW: concepts-network-ip-address-planning).
RESERVED_RANGES = ("169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24")


def net(text: str) -> IPv4Network:
    return ipaddress.IPv4Network(text)


def uses_pod_range(doc: ClusterDocument) -> bool:
    """Overlay and kubenet give pods addresses from podCidr, one /24 per node."""
    network = doc.spec.network
    return network.plugin == "kubenet" or network.plugin_mode == "overlay"


def peak_nodes(doc: ClusterDocument) -> int:
    """Most nodes at once: every pool at its max plus its upgrade surge."""
    return sum(pool.max_nodes + surge_nodes(pool) for pool in doc.spec.node_pools)


def ranges(doc: ClusterDocument) -> list[tuple[str, IPv4Network]]:
    """Every cluster range with its path, for overlap checks."""
    network = doc.spec.network
    out: list[tuple[str, IPv4Network]] = [("spec.network.serviceCidr", net(network.service_cidr))]
    if uses_pod_range(doc):
        out.append(("spec.network.podCidr", net(network.pod_cidr or DEFAULT_POD_CIDR)))
    if network.vnet is not None:
        for index, space in enumerate(network.vnet.address_space):
            out.append((f"spec.network.vnet.addressSpace[{index}]", net(space)))
        for key, subnet in subnets(doc):
            if subnet is not None and subnet.cidr and not network.vnet.address_space:
                out.append((f"spec.network.vnet.{key}.cidr", net(subnet.cidr)))
    return out


def subnets(doc: ClusterDocument) -> list[tuple[str, Subnet | None]]:
    vnet = doc.spec.network.vnet
    if vnet is None:
        return []
    return [
        ("nodeSubnet", vnet.node_subnet),
        ("apiServerSubnet", vnet.api_server_subnet),
        ("podSubnet", vnet.pod_subnet),
        ("systemSubnet", vnet.system_subnet),
    ]


def overlaps(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    found = ranges(doc)
    for i, (path_a, a) in enumerate(found):
        for path_b, b in found[i + 1 :]:
            if a.overlaps(b):
                yield emit(
                    provenance,
                    "error",
                    "cidr-overlap",
                    path_b,
                    str(b),
                    f"overlaps {path_a} ({a}); pod, service and VNet ranges must be disjoint",
                )
    for path, network in found:
        if path.startswith("spec.network.vnet"):
            continue
        for reserved in RESERVED_RANGES:
            if network.overlaps(net(reserved)):
                yield emit(
                    provenance,
                    "error",
                    "cidr-reserved",
                    path,
                    str(network),
                    f"overlaps {reserved}, which AKS reserves",
                )


def vnet_layout(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    vnet = doc.spec.network.vnet
    if vnet is None:
        return
    spaces = [net(s) for s in vnet.address_space]
    placed: list[tuple[str, IPv4Network]] = []
    for key, subnet in subnets(doc):
        if subnet is None:
            continue
        path = f"spec.network.vnet.{key}"
        cidr, ident = subnet.cidr, subnet.id
        if spaces and ident:
            yield emit(
                provenance,
                "error",
                "vnet",
                f"{path}.id",
                ident,
                "aks-kit creates this VNet (addressSpace is set): give subnets a cidr, not an id",
            )
        if spaces and not cidr:
            yield emit(
                provenance,
                "error",
                "vnet",
                path,
                None,
                "aks-kit creates this VNet: the subnet needs a cidr",
            )
        if not spaces and not ident:
            yield emit(
                provenance,
                "error",
                "vnet",
                path,
                None,
                "without vnet.addressSpace the subnet must exist: give its id",
            )
        if cidr is None:
            continue
        network = net(cidr)
        if spaces and not any(network.subnet_of(space) for space in spaces):
            yield emit(
                provenance,
                "error",
                "vnet",
                f"{path}.cidr",
                cidr,
                f"not inside the VNet's addressSpace ({', '.join(map(str, spaces))})",
            )
        for other_path, other in placed:
            if network.overlaps(other):
                yield emit(
                    provenance,
                    "error",
                    "cidr-overlap",
                    f"{path}.cidr",
                    cidr,
                    f"overlaps {other_path} ({other})",
                )
        placed.append((f"{path}.cidr", network))


def dns_service_ip(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    network = doc.spec.network
    service = net(network.service_cidr)
    address = ipaddress.IPv4Address(network.dns_service_ip)
    path = "spec.network.dnsServiceIP"
    if address not in service:
        yield emit(
            provenance,
            "error",
            "dns-service-ip",
            path,
            str(address),
            f"must be inside serviceCidr ({service})",
        )
    elif address in (service.network_address, service.network_address + 1):
        yield emit(
            provenance,
            "error",
            "dns-service-ip",
            path,
            str(address),
            "must not be the network address or the first address of serviceCidr "
            "(the kubernetes service uses it)",
        )
    elif address == service.broadcast_address:
        yield emit(
            provenance,
            "error",
            "dns-service-ip",
            path,
            str(address),
            "must not be the last address of serviceCidr",
        )
    if service.prefixlen < MAX_SERVICE_PREFIX:
        yield emit(
            provenance,
            "error",
            "service-cidr",
            "spec.network.serviceCidr",
            str(service),
            f"the service range may be at most a /{MAX_SERVICE_PREFIX}",
        )


def pod_range_size(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """Overlay and kubenet carve one /24 per node out of podCidr."""
    if not uses_pod_range(doc):
        return
    network = net(doc.spec.network.pod_cidr or DEFAULT_POD_CIDR)
    room = node_capacity_of_pod_range(network)
    need = peak_nodes(doc)
    if need > room:
        yield emit(
            provenance,
            "error",
            "pod-cidr-size",
            "spec.network.podCidr",
            str(network),
            f"holds {room} nodes (one /{OVERLAY_NODE_PREFIX} each); pools need {need} "
            "with upgrade surge",
        )


def node_capacity_of_pod_range(network: IPv4Network) -> int:
    if network.prefixlen > OVERLAY_NODE_PREFIX:
        return 0
    return int(2 ** (OVERLAY_NODE_PREFIX - network.prefixlen))


def usable(network: IPv4Network) -> int:
    return max(int(network.num_addresses) - AZURE_RESERVED_PER_SUBNET, 0)


def subnet_sizes(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    vnet = doc.spec.network.vnet
    if vnet is None:
        return
    nodes = peak_nodes(doc)
    pod_subnet = vnet.pod_subnet is not None
    node_cni = doc.spec.network.plugin == "azure" and doc.spec.network.plugin_mode is None
    if vnet.node_subnet.cidr:
        network = net(vnet.node_subnet.cidr)
        need = nodes
        why = "nodes with upgrade surge"
        if node_cni and not pod_subnet:
            pods = sum(
                (p.max_nodes + surge_nodes(p)) * (p.max_pods or 30) for p in doc.spec.node_pools
            )
            need += pods
            why = "nodes and their pods (Azure CNI gives each pod a subnet address)"
        if need > usable(network):
            yield emit(
                provenance,
                "error",
                "subnet-size",
                "spec.network.vnet.nodeSubnet.cidr",
                str(network),
                f"has {usable(network)} usable addresses (Azure reserves 5); "
                f"{need} needed for {why}",
            )
    if vnet.pod_subnet is not None and vnet.pod_subnet.cidr:
        network = net(vnet.pod_subnet.cidr)
        need = sum(
            (p.max_nodes + surge_nodes(p)) * (p.max_pods or 110) for p in doc.spec.node_pools
        )
        if need > usable(network):
            yield emit(
                provenance,
                "error",
                "subnet-size",
                "spec.network.vnet.podSubnet.cidr",
                str(network),
                f"has {usable(network)} usable addresses; pods need {need} at maximum size",
            )
        if doc.spec.network.plugin_mode == "overlay":
            yield emit(
                provenance,
                "error",
                "vnet",
                "spec.network.vnet.podSubnet",
                None,
                "overlay takes pod addresses from podCidr; a pod subnet is not used with it",
            )
    if vnet.api_server_subnet is not None and vnet.api_server_subnet.cidr:
        network = net(vnet.api_server_subnet.cidr)
        if network.prefixlen > MIN_API_SERVER_PREFIX:
            yield emit(
                provenance,
                "error",
                "subnet-size",
                "spec.network.vnet.apiServerSubnet.cidr",
                str(network),
                f"the API server subnet must be /{MIN_API_SERVER_PREFIX} or larger",
            )


RULES = [overlaps, vnet_layout, dns_service_ip, pod_range_size, subnet_sizes]
