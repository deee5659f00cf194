"""Spec -> rendered resources (pure): everything one cluster needs, nothing it does not.

Logical names: `<cluster>` for the cluster, `<cluster>-<pool>` for pools (pool names have
no '-'), and `<cluster>-<kind>[-<detail>]` for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aks_kit.presets.model import ClusterDocument, NodePool

from . import resource_types as t
from .aks_body import (
    SubnetIds,
    cluster_identity,
    cluster_properties,
    cluster_sku,
    maintenance_properties,
    pool_properties,
)
from .builder import Builder, aks_resource, role_assignment
from .monitoring import monitoring_resources
from .rendered import DEPLOYER, Rendered, drop_none, ref


@dataclass
class RenderedCluster:
    name: str
    resources: list[Rendered]
    outputs: dict[str, str] = field(default_factory=dict)
    """Stack outputs: literals or `${...}` references; the kubeconfig is added as a secret."""

    def by_name(self) -> dict[str, Rendered]:
        return {r.name: r for r in self.resources}


def render(doc: ClusterDocument) -> RenderedCluster:
    """Everything the cluster needs (a fleet member's FleetMember is added by fleet_render)."""
    meta, spec = doc.metadata, doc.spec
    name, location = meta.name, meta.location
    tags = dict(meta.tags) or None
    b = Builder()

    # Resource group
    if meta.create_resource_group:
        b.add(
            f"{name}-rg",
            t.RESOURCE_GROUP,
            drop_none(
                {"resourceGroupName": meta.resource_group, "location": location, "tags": tags}
            ),
        )
        rg = ref(f"{name}-rg", "name")
    else:
        rg = meta.resource_group

    # Identities: created user-assigned ones, and what AKS needs them to hold
    control_plane_id: str | None = None
    control_plane_principal: str | None = None
    if spec.identity.control_plane == "userAssigned":
        ident = f"{name}-identity"
        b.add(ident, t.IDENTITY, _located(f"id-{name}", rg, location, tags))
        control_plane_id, control_plane_principal = ref(ident, "id"), ref(ident, "principalId")
    kubelet: dict[str, str] | None = None
    grants: list[str] = []
    if spec.identity.kubelet == "userAssigned" and control_plane_principal:
        kid = f"{name}-kubelet-identity"
        b.add(kid, t.IDENTITY, _located(f"id-{name}-kubelet", rg, location, tags))
        kubelet = {
            "resourceId": ref(kid, "id"),
            "clientId": ref(kid, "clientId"),
            "objectId": ref(kid, "principalId"),
        }
        grants.append(
            role_assignment(
                b,
                name,
                "kubelet-identity-operator",
                scope=ref(kid, "id"),
                principal=control_plane_principal,
                role_id=t.ROLE_MANAGED_IDENTITY_OPERATOR,
                principal_type="ServicePrincipal",
            )
        )

    # Network: custom VNet, subnets, a user-assigned NAT gateway
    subnets, subnet_names = _network(b, doc, rg, tags)
    if control_plane_principal:
        for kind, subnet_id in _grant_scopes(doc, subnet_names):
            grants.append(
                role_assignment(
                    b,
                    name,
                    f"{kind}-network-contributor",
                    scope=subnet_id,
                    principal=control_plane_principal,
                    role_id=t.ROLE_NETWORK_CONTRIBUTOR,
                    principal_type="ServicePrincipal",
                )
            )
        zone = spec.api_server.private_dns_zone
        if zone not in (None, "system", "none"):
            grants.append(
                role_assignment(
                    b,
                    name,
                    "private-dns-zone-contributor",
                    scope=str(zone),
                    principal=control_plane_principal,
                    role_id=t.ROLE_PRIVATE_DNS_ZONE_CONTRIBUTOR,
                    principal_type="ServicePrincipal",
                )
            )

    # Monitoring that must exist before the cluster (its workspace ids go in the body)
    monitoring = monitoring_resources(b, doc, rg, tags)

    # The cluster: only the first system pool inline (none for Automatic)
    pools = list(spec.node_pools)
    inline: NodePool | None = None
    if spec.sku == "base":
        inline = next((p for p in pools if p.mode == "system" and p.inline is not False), None)
        if inline is not None:
            pools.remove(inline)
    ignore, why = _cluster_ignores(doc, inline)
    b.add(
        name,
        t.GENERIC,
        aks_resource(
            rg,
            "managedClusters",
            name,
            location=location,
            sku=cluster_sku(doc),
            identity=cluster_identity(doc, control_plane_id),
            properties=cluster_properties(
                doc,
                name=name,
                inline_pool=inline,
                subnets=subnets,
                kubelet_identity=kubelet,
                container_insights_workspace=monitoring.container_insights_workspace,
                defender_workspace=monitoring.defender_workspace,
            ),
            tags=tags,
        ),
        after=grants,
        arm_type="Microsoft.ContainerService/managedClusters",
        protect=meta.protect,
        ignore_changes=ignore,
        comment=why,
    )
    cluster_id = ref(name, "id")

    # Every other pool as its own resource, one after another: AKS runs one operation
    # on a cluster at a time and ARM throttles agent pool PUTs.
    previous = name
    for pool in pools:
        pool_ignore = []
        if pool.autoscaling:
            pool_ignore.append("properties.count")
        if spec.upgrades.channel != "none":
            pool_ignore.append("properties.orchestratorVersion")
        b.add(
            f"{name}-{pool.name}",
            t.GENERIC,
            aks_resource(
                rg,
                "agentPools",
                pool.name,
                parent=f"managedClusters/{name}",
                properties=pool_properties(pool, subnets),
            ),
            after=[name, previous] if previous != name else [name],
            arm_type="Microsoft.ContainerService/managedClusters/agentPools",
            ignore_changes=pool_ignore,
            comment="count is the autoscaler's; the version follows the upgrade channel",
        )
        previous = f"{name}-{pool.name}"

    # Maintenance windows
    for suffix, config, window in (
        ("autoupgrade", "aksManagedAutoUpgradeSchedule", spec.upgrades.auto_upgrade_window),
        ("nodeos", "aksManagedNodeOSUpgradeSchedule", spec.upgrades.node_os_upgrade_window),
    ):
        if window is not None:
            b.add(
                f"{name}-maintenance-{suffix}",
                t.GENERIC,
                aks_resource(
                    rg,
                    "maintenanceConfigurations",
                    config,
                    parent=f"managedClusters/{name}",
                    properties=maintenance_properties(window),
                ),
                after=[name],
                arm_type="Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
            )

    # Monitoring attached to the cluster (associations, rule groups, diagnostic settings)
    monitoring.attach(b, cluster_id)

    # Access: with Azure RBAC nobody can use the cluster unless granted
    if spec.security.azure_rbac:
        for admin in spec.access.admins:
            role_assignment(
                b,
                name,
                f"admin-{admin.lower()}",
                scope=cluster_id,
                principal=admin,
                role_id=t.ROLE_AKS_RBAC_CLUSTER_ADMIN,
                principal_type="User",
            )
        if spec.access.grant_deployer:
            role_assignment(
                b,
                name,
                "deployer-admin",
                scope=cluster_id,
                principal=ref(DEPLOYER, "objectId"),
                role_id=t.ROLE_AKS_RBAC_CLUSTER_ADMIN,
                principal_type=spec.access.deployer_type,
            )

    outputs = {
        "clusterName": name,
        "resourceGroup": meta.resource_group,
        "location": location,
        "clusterId": cluster_id,
        "fqdn": ref(
            name, "properties.privateFQDN" if spec.api_server.private_cluster else "properties.fqdn"
        ),
        "nodeResourceGroup": ref(name, "properties.nodeResourceGroup"),
        "kubeletIdentityObjectId": ref(name, "properties.identityProfile.kubeletidentity.objectId"),
    }
    if spec.security.oidc_issuer:
        outputs["oidcIssuerUrl"] = ref(name, "properties.oidcIssuerProfile.issuerURL")
    return RenderedCluster(name, b.resources, outputs)


def _located(
    resource_name: str, rg: str, location: str, tags: dict[str, str] | None
) -> dict[str, Any]:
    return drop_none(
        {"resourceName": resource_name, "resourceGroupName": rg, "location": location, "tags": tags}
    )


def _cluster_ignores(doc: ClusterDocument, inline: NodePool | None) -> tuple[list[str], str]:
    """Drift AKS causes itself, ignored on purpose."""
    ignore: list[str] = []
    if doc.spec.upgrades.channel != "none":
        ignore.append("properties.kubernetesVersion")
        if inline is not None:
            ignore.append("properties.agentPoolProfiles[0].orchestratorVersion")
    if inline is not None and inline.autoscaling:
        ignore.append("properties.agentPoolProfiles[0].count")
    why = (
        "the upgrade channel moves Kubernetes versions and the autoscaler moves counts; "
        "neither is drift to undo"
        if ignore
        else ""
    )
    return ignore, why


def _network(
    b: Builder, doc: ClusterDocument, rg: str, tags: dict[str, str] | None
) -> tuple[SubnetIds, list[tuple[str, str]]]:
    """The custom VNet (if any): returns the subnet ids and (kind, id) pairs to grant on."""
    vnet = doc.spec.network.vnet
    if vnet is None:
        return SubnetIds(), []
    name, location = doc.metadata.name, doc.metadata.location
    wanted = {
        "nodes": vnet.node_subnet,
        "apiserver": vnet.api_server_subnet,
        "pods": vnet.pod_subnet,
        "system": vnet.system_subnet,
    }
    ids: dict[str, str] = {}
    if not vnet.address_space:
        ids = {kind: s.id for kind, s in wanted.items() if s is not None and s.id}
    else:
        vnet_name = f"{name}-vnet"
        b.add(
            vnet_name,
            t.VNET,
            drop_none(
                {
                    "virtualNetworkName": vnet.name or f"vnet-{name}",
                    "resourceGroupName": rg,
                    "location": location,
                    "addressSpace": {"addressPrefixes": list(vnet.address_space)},
                    # azure-native sends these two when unset; written out so the plan
                    # shows everything that is sent.
                    "enableDdosProtection": False,
                    "enableVmProtection": False,
                    "tags": tags,
                }
            ),
        )
        nat = _nat_gateway(b, doc, rg, tags)
        routes = _route_table(b, doc, rg, tags)
        previous: str | None = None
        for kind, subnet in wanted.items():
            if subnet is None or not subnet.cidr:
                continue
            inputs: dict[str, Any] = {
                "subnetName": subnet.name or f"snet-{kind}",
                "virtualNetworkName": ref(vnet_name, "name"),
                "resourceGroupName": rg,
                "addressPrefix": subnet.cidr,
                # azure-native's defaults for these, written out (see the VNet above).
                "privateEndpointNetworkPolicies": "Disabled",
                "privateLinkServiceNetworkPolicies": "Enabled",
            }
            if kind == "apiserver":
                inputs["delegations"] = [
                    {
                        "name": "aks-apiserver",
                        "serviceName": "Microsoft.ContainerService/managedClusters",
                    }
                ]
            if nat and kind in ("nodes", "system"):
                inputs["natGateway"] = {"id": ref(nat, "id")}
            if routes and kind in ("nodes", "system", "pods"):
                inputs["routeTable"] = {"id": ref(routes, "id")}
            # One subnet at a time: a VNet takes one subnet change at once.
            subnet_name = f"{name}-subnet-{kind}"
            b.add(subnet_name, t.SUBNET, inputs, after=[previous] if previous else None)
            previous = subnet_name
            ids[kind] = ref(subnet_name, "id")
    subnets = SubnetIds(
        nodes=ids.get("nodes"),
        pods=ids.get("pods"),
        api_server=ids.get("apiserver"),
        system=ids.get("system"),
    )
    grants = [(f"subnet-{kind}", subnet_id) for kind, subnet_id in ids.items()]
    if vnet.address_space:
        grants.append(("vnet", ref(f"{name}-vnet", "id")))
        if doc.spec.network.outbound_type == "userDefinedRouting" and vnet.egress_next_hop:
            grants.append(("routes", ref(f"{name}-routes", "id")))
    elif ids:
        grants.append(("vnet", next(iter(ids.values())).split("/subnets/")[0]))
    return subnets, grants


def _grant_scopes(doc: ClusterDocument, scopes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Where the control-plane identity gets Network Contributor: each subnet (and the route
    table); for AKS Automatic the whole VNet instead, as Microsoft's custom-VNet quickstart
    and Bicep sample grant it (node auto-provisioning creates NICs across it)."""
    if doc.spec.sku == "automatic":
        return [(kind, scope) for kind, scope in scopes if not kind.startswith("subnet-")]
    return [(kind, scope) for kind, scope in scopes if kind != "vnet"]


def _route_table(
    b: Builder, doc: ClusterDocument, rg: str, tags: dict[str, str] | None
) -> str | None:
    """userDefinedRouting in a VNet aks-kit creates: 0.0.0.0/0 to the next hop you name
    (https://learn.microsoft.com/azure/aks/egress-udr)."""
    vnet = doc.spec.network.vnet
    if doc.spec.network.outbound_type != "userDefinedRouting" or vnet is None:
        return None
    if not vnet.address_space or not vnet.egress_next_hop:
        return None
    name = f"{doc.metadata.name}-routes"
    b.add(
        name,
        t.ROUTE_TABLE,
        drop_none(
            {
                "routeTableName": f"rt-{doc.metadata.name}",
                "resourceGroupName": rg,
                "location": doc.metadata.location,
                "routes": [
                    {
                        "name": "egress",
                        "addressPrefix": "0.0.0.0/0",
                        "nextHopType": "VirtualAppliance",
                        "nextHopIpAddress": vnet.egress_next_hop,
                    }
                ],
                "tags": tags,
            }
        ),
    )
    return name


def _nat_gateway(
    b: Builder, doc: ClusterDocument, rg: str, tags: dict[str, str] | None
) -> str | None:
    net = doc.spec.network
    if net.outbound_type != "userAssignedNATGateway":
        return None
    name, location = doc.metadata.name, doc.metadata.location
    settings = net.nat_gateway
    count = settings.outbound_ips if settings else 1
    ips = []
    for index in range(1, count + 1):
        ip = f"{name}-natgw-ip-{index}"
        b.add(
            ip,
            t.PUBLIC_IP,
            drop_none(
                {
                    "publicIpAddressName": f"pip-{name}-natgw-{index}",
                    "resourceGroupName": rg,
                    "location": location,
                    "sku": {"name": "Standard"},
                    "publicIPAllocationMethod": "Static",
                    "tags": tags,
                }
            ),
        )
        ips.append({"id": ref(ip, "id")})
    nat = f"{name}-natgw"
    b.add(
        nat,
        t.NAT_GATEWAY,
        drop_none(
            {
                "natGatewayName": f"ng-{name}",
                "resourceGroupName": rg,
                "location": location,
                "sku": {"name": settings.sku if settings else "Standard"},
                "publicIpAddresses": ips,
                "idleTimeoutInMinutes": settings.idle_timeout_minutes if settings else None,
                "tags": tags,
            }
        ),
    )
    return nat
