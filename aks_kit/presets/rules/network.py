"""Network rules: plugin, dataplane and policy combinations, egress, the API server endpoint."""

from __future__ import annotations

from collections.abc import Iterator

from .. import facts
from ..attribution import finding_at
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument


def network_plugin(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    network = doc.spec.network
    if network.policy == "cilium" and network.dataplane != "cilium":
        yield finding_at(
            provenance,
            "error",
            "network",
            "spec.network.policy",
            "cilium",
            "cilium network policy requires dataplane: cilium",
            because=["spec.network.dataplane"],
        )
    if network.plugin_mode == "overlay" and network.plugin != "azure":
        yield finding_at(
            provenance,
            "error",
            "network",
            "spec.network.pluginMode",
            "overlay",
            f"overlay requires plugin: azure (plugin is {network.plugin})",
            because=["spec.network.plugin"],
        )
    if network.dataplane == "cilium" and network.plugin != "azure":
        # Cilium runs with Azure CNI overlay, pod-subnet and node-subnet IPAM.
        yield finding_at(
            provenance,
            "error",
            "network",
            "spec.network.dataplane",
            "cilium",
            f"the cilium dataplane requires plugin: azure ({facts.CILIUM_IPAM.cite()})",
            because=["spec.network.plugin"],
        )
    if network.plugin == "kubenet" and any(p.os_type == "Windows" for p in doc.spec.node_pools):
        yield finding_at(
            provenance,
            "error",
            "network",
            "spec.network.plugin",
            "kubenet",
            "Windows pools require plugin: azure",
            because=["spec.nodePools"],
        )


def egress(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    network = doc.spec.network
    kind = network.outbound_type
    if kind == "managedNATGateway" and network.vnet is not None:
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.outboundType",
            kind,
            "a managed NAT gateway needs the managed VNet; with a custom VNet use "
            "userAssignedNATGateway",
            because=["spec.network.vnet"],
        )
    if kind == "userAssignedNATGateway" and network.vnet is None:
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.outboundType",
            kind,
            "a user-assigned NAT gateway needs a custom VNet (spec.network.vnet)",
            because=["spec.network.vnet"],
        )
    if kind == "userDefinedRouting" and network.vnet is None:
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.outboundType",
            kind,
            "user-defined routing needs a custom VNet with a route table",
            because=["spec.network.vnet"],
        )
    vnet = network.vnet
    created = vnet is not None and bool(vnet.address_space)
    if kind == "userDefinedRouting" and created and vnet is not None and not vnet.egress_next_hop:
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.outboundType",
            kind,
            f"user-defined routing needs a {facts.UDR_DEFAULT_ROUTE.value} route to a next hop, "
            "and the subnets of a VNet aks-kit creates have no route table: set "
            "spec.network.vnet.egressNextHop (your firewall's private IP; aks-kit renders the "
            "route table), or use existing subnets whose route table you manage "
            f"({facts.UDR_DEFAULT_ROUTE.cite()})",
        )
    if vnet is not None and vnet.egress_next_hop and (kind != "userDefinedRouting" or not created):
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.vnet.egressNextHop",
            vnet.egress_next_hop,
            "only used with outboundType: userDefinedRouting in a VNet aks-kit creates "
            "(with existing subnets, attach your own route table)",
        )
    if network.nat_gateway is not None and kind not in (
        "managedNATGateway",
        "userAssignedNATGateway",
    ):
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.natGateway",
            None,
            f"NAT gateway settings do nothing with outboundType: {kind}",
            because=["spec.network.outboundType"],
        )
    if (
        network.nat_gateway is not None
        and kind == "userAssignedNATGateway"
        and network.nat_gateway.sku == "StandardV2"
    ):
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.natGateway.sku",
            "StandardV2",
            "aks-kit creates user-assigned NAT gateways and their IPs as Standard (network API "
            "2024-05-01); StandardV2 is for the managed NAT gateway (managedNATGateway)",
            because=["spec.network.outboundType"],
        )
    if (
        network.nat_gateway is not None
        and kind == "userAssignedNATGateway"
        and network.vnet is not None
        and not network.vnet.address_space
    ):
        yield finding_at(
            provenance,
            "error",
            "egress",
            "spec.network.natGateway",
            None,
            "aks-kit creates a NAT gateway only in a VNet it creates; with existing subnets "
            "attach your NAT gateway to them and drop these settings",
        )
    if network.load_balancer is not None:
        if kind != "loadBalancer":
            yield finding_at(
                provenance,
                "error",
                "egress",
                "spec.network.loadBalancer",
                None,
                f"load balancer outbound settings do nothing with outboundType: {kind}",
                because=["spec.network.outboundType"],
            )
        ports = network.load_balancer.allocated_outbound_ports
        if ports % 8:
            yield finding_at(
                provenance,
                "error",
                "egress",
                "spec.network.loadBalancer.allocatedOutboundPorts",
                ports,
                "must be a multiple of 8",
            )


def api_server(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    api, vnet = doc.spec.api_server, doc.spec.network.vnet
    if api.private_dns_zone is not None and not api.private_cluster:
        yield finding_at(
            provenance,
            "error",
            "api-server",
            "spec.apiServer.privateDnsZone",
            api.private_dns_zone,
            "only used with privateCluster: true",
            because=["spec.apiServer.privateCluster"],
        )
    if api.public_fqdn is not None and not api.private_cluster:
        yield finding_at(
            provenance,
            "error",
            "api-server",
            "spec.apiServer.publicFqdn",
            api.public_fqdn,
            "only used with privateCluster: true",
            because=["spec.apiServer.privateCluster"],
        )
    if api.authorized_ip_ranges and api.private_cluster:
        yield finding_at(
            provenance,
            "error",
            "api-server",
            "spec.apiServer.authorizedIPRanges",
            api.authorized_ip_ranges,
            "a private cluster has no public endpoint to restrict",
            because=["spec.apiServer.privateCluster"],
        )
    if vnet is not None and vnet.api_server_subnet is not None and not api.vnet_integration:
        yield finding_at(
            provenance,
            "error",
            "api-server",
            "spec.network.vnet.apiServerSubnet",
            None,
            "an API server subnet is only used with apiServer.vnetIntegration: true",
            because=["spec.apiServer.vnetIntegration"],
        )
    if vnet is not None and api.vnet_integration and vnet.api_server_subnet is None:
        yield finding_at(
            provenance,
            "error",
            "api-server",
            "spec.network.vnet.apiServerSubnet",
            None,
            "API server VNet integration in a custom VNet needs apiServerSubnet (/28 or larger)",
            because=["spec.apiServer.vnetIntegration", "spec.network.vnet"],
        )
