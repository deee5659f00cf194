"""Address plans: ranges that overlap or hit reserved ranges, subnets too small for the nodes."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from ipaddress import IPv4Network

from .. import facts
from ..attribution import finding_at
from ..defaults import default_max_pods, pod_cidr
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument, Subnet
from ..sizing import (
    ipv4,
    peak_nodes,
    pod_range_nodes,
    pod_subnet_addresses_per_node,
    surge_nodes,
    usable_addresses,
    uses_pod_range,
)

API_SERVER_SUBNET_PREFIX = facts.API_SERVER_SUBNET_PREFIX.value
OVERLAY_NODE_PREFIX = facts.OVERLAY_NODE_PREFIX.value
RESERVED_RANGES = facts.RESERVED_RANGES.value
SERVICE_CIDR_PREFIX = facts.SERVICE_CIDR_PREFIX.value


def ranges(doc: ClusterDocument) -> list[tuple[str, IPv4Network]]:
    """Every cluster range with its path, for overlap checks."""
    network = doc.spec.network
    out: list[tuple[str, IPv4Network]] = [("spec.network.serviceCidr", ipv4(network.service_cidr))]
    if uses_pod_range(doc):
        out.append(("spec.network.podCidr", ipv4(pod_cidr(doc))))
    if network.vnet is not None:
        for index, space in enumerate(network.vnet.address_space):
            out.append((f"spec.network.vnet.addressSpace[{index}]", ipv4(space)))
        for key, subnet in subnets(doc):
            if subnet is not None and subnet.cidr and not network.vnet.address_space:
                out.append((f"spec.network.vnet.{key}.cidr", ipv4(subnet.cidr)))
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
                yield finding_at(
                    provenance,
                    "error",
                    "cidr-overlap",
                    path_b,
                    str(b),
                    f"overlaps {path_a} ({a}); pod, service and VNet ranges must be disjoint",
                )
    # The reserved ranges apply to the VNet's address spaces (and the subnets of one that
    # exists) as much as to the pod and service ranges.
    for path, network in found:
        for reserved in RESERVED_RANGES:
            if network.overlaps(ipv4(reserved)):
                yield finding_at(
                    provenance,
                    "error",
                    "cidr-reserved",
                    path,
                    str(network),
                    f"overlaps {reserved}, which AKS reserves ({facts.RESERVED_RANGES.cite()})",
                )


def vnet_layout(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    vnet = doc.spec.network.vnet
    if vnet is None:
        return
    spaces = [ipv4(s) for s in vnet.address_space]
    placed: list[tuple[str, IPv4Network]] = []
    for key, subnet in subnets(doc):
        if subnet is None:
            continue
        path = f"spec.network.vnet.{key}"
        cidr, ident = subnet.cidr, subnet.id
        if spaces and ident:
            yield finding_at(
                provenance,
                "error",
                "vnet",
                f"{path}.id",
                ident,
                "aks-kit creates this VNet (addressSpace is set): give subnets a cidr, not an id",
            )
        if spaces and not cidr:
            yield finding_at(
                provenance,
                "error",
                "vnet",
                path,
                None,
                "aks-kit creates this VNet: the subnet needs a cidr",
            )
        if not spaces and not ident:
            yield finding_at(
                provenance,
                "error",
                "vnet",
                path,
                None,
                "without vnet.addressSpace the subnet must exist: give its id",
            )
        if cidr is None:
            continue
        network = ipv4(cidr)
        if spaces and not any(network.subnet_of(space) for space in spaces):
            yield finding_at(
                provenance,
                "error",
                "vnet",
                f"{path}.cidr",
                cidr,
                f"not inside the VNet's addressSpace ({', '.join(map(str, spaces))})",
            )
        for other_path, other in placed:
            if network.overlaps(other):
                yield finding_at(
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
    service = ipv4(network.service_cidr)
    address = ipaddress.IPv4Address(network.dns_service_ip)
    path = "spec.network.dnsServiceIP"
    if address not in service:
        yield finding_at(
            provenance,
            "error",
            "dns-service-ip",
            path,
            str(address),
            f"must be inside serviceCidr ({service})",
        )
    elif address in (service.network_address, service.network_address + 1):
        yield finding_at(
            provenance,
            "error",
            "dns-service-ip",
            path,
            str(address),
            "must not be the network address or the first address of serviceCidr "
            "(the kubernetes service uses it)",
        )
    elif address == service.broadcast_address:
        yield finding_at(
            provenance,
            "error",
            "dns-service-ip",
            path,
            str(address),
            "must not be the last address of serviceCidr",
        )
    if service.prefixlen < SERVICE_CIDR_PREFIX:
        yield finding_at(
            provenance,
            "error",
            "service-cidr",
            "spec.network.serviceCidr",
            str(service),
            f"the service range may be at most a /{SERVICE_CIDR_PREFIX}",
        )


def pod_range_size(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """Overlay and kubenet carve one /24 per node out of podCidr."""
    if not uses_pod_range(doc):
        return
    network = ipv4(pod_cidr(doc))
    room = pod_range_nodes(network)
    need = peak_nodes(doc)
    if need > room:
        yield finding_at(
            provenance,
            "error",
            "pod-cidr-size",
            "spec.network.podCidr",
            str(network),
            f"holds {room} nodes (one /{OVERLAY_NODE_PREFIX} each); pools need {need} "
            "with upgrade surge",
        )


def subnet_sizes(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    vnet = doc.spec.network.vnet
    if vnet is None:
        return
    nodes = peak_nodes(doc)
    pod_subnet = vnet.pod_subnet is not None
    node_cni = doc.spec.network.plugin == "azure" and doc.spec.network.plugin_mode is None
    if vnet.node_subnet.cidr:
        network = ipv4(vnet.node_subnet.cidr)
        need = nodes
        why = "nodes with upgrade surge"
        if node_cni and not pod_subnet:
            pods = sum(
                (p.max_nodes + surge_nodes(p))
                * (p.max_pods or default_max_pods(doc, "node-subnet"))
                for p in doc.spec.node_pools
            )
            need += pods
            why = "nodes and their pods (Azure CNI gives each pod a subnet address)"
        if need > usable_addresses(network):
            yield finding_at(
                provenance,
                "error",
                "subnet-size",
                "spec.network.vnet.nodeSubnet.cidr",
                str(network),
                f"has {usable_addresses(network)} usable addresses (Azure reserves 5); "
                f"{need} needed for {why}",
            )
    if vnet.pod_subnet is not None and vnet.pod_subnet.cidr:
        network = ipv4(vnet.pod_subnet.cidr)
        need = sum(
            (p.max_nodes + surge_nodes(p))
            * pod_subnet_addresses_per_node(p.max_pods or default_max_pods(doc, "pod-subnet"))
            for p in doc.spec.node_pools
        )
        if need > usable_addresses(network):
            yield finding_at(
                provenance,
                "error",
                "subnet-size",
                "spec.network.vnet.podSubnet.cidr",
                str(network),
                f"has {usable_addresses(network)} usable addresses; "
                f"pods need {need} at maximum size (batches of "
                f"{facts.DYNAMIC_IP_BATCH.value} addresses per node; "
                f"{facts.DYNAMIC_IP_BATCH.cite()})",
            )
        if doc.spec.network.plugin_mode == "overlay":
            yield finding_at(
                provenance,
                "error",
                "vnet",
                "spec.network.vnet.podSubnet",
                None,
                "overlay takes pod addresses from podCidr; a pod subnet is not used with it",
            )
    if vnet.api_server_subnet is not None and vnet.api_server_subnet.cidr:
        network = ipv4(vnet.api_server_subnet.cidr)
        if network.prefixlen > API_SERVER_SUBNET_PREFIX:
            yield finding_at(
                provenance,
                "error",
                "subnet-size",
                "spec.network.vnet.apiServerSubnet.cidr",
                str(network),
                f"the API server subnet must be /{API_SERVER_SUBNET_PREFIX} or larger",
            )
