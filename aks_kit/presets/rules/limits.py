"""Azure's limits and the cross-field rules of AKS (aks-facts §2-§4)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument
from .base import emit, emit_total, parse_surge, pool_path, surge_nodes

POOL_NAME = re.compile(r"^[a-z][a-z0-9]{0,11}$")
MAX_WINDOWS_NAME = 6
MAX_NODES_PER_POOL = 1000
MAX_POOLS = 100
MAX_NODES_PER_CLUSTER = 5000
FREE_TIER_MAX_NODES = 1000
FREE_TIER_RECOMMENDED = 10
KUBENET_MAX_NODES = 400
AZURE_NPM_MAX_NODES = 250
MIN_PODS, MAX_PODS = 10, 250


def pool_names(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    counts = Counter(pool.name for pool in doc.spec.node_pools)
    for pool in doc.spec.node_pools:
        path = pool_path(pool, "name")
        if not POOL_NAME.fullmatch(pool.name):
            yield emit(
                provenance,
                "error",
                "pool-name",
                path,
                pool.name,
                "pool names are 1-12 lowercase letters and digits, starting with a letter",
            )
        elif pool.os_type == "Windows" and len(pool.name) > MAX_WINDOWS_NAME:
            yield emit(
                provenance,
                "error",
                "pool-name",
                path,
                pool.name,
                "Windows pool names are at most 6 characters",
            )
        if counts[pool.name] > 1:
            yield emit(
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
            if value is not None and not low <= value <= MAX_NODES_PER_POOL:
                yield emit(
                    provenance,
                    "error",
                    "pool-count",
                    pool_path(pool, key),
                    value,
                    f"{kind} pools hold {low} to {MAX_NODES_PER_POOL} nodes",
                )
        if (pool.min_count is None) != (pool.max_count is None):
            missing = "maxCount" if pool.max_count is None else "minCount"
            yield emit(
                provenance,
                "error",
                "pool-count",
                pool_path(pool, missing),
                None,
                "autoscaling needs both minCount and maxCount",
            )
        if pool.min_count is not None and pool.max_count is not None:
            if pool.min_count > pool.max_count:
                yield emit(
                    provenance,
                    "error",
                    "pool-count",
                    pool_path(pool, "minCount"),
                    pool.min_count,
                    f"minCount must be at most maxCount ({pool.max_count})",
                )
            elif pool.count is not None and not pool.min_count <= pool.count <= pool.max_count:
                yield emit(
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
        if pool.max_pods is not None and not MIN_PODS <= pool.max_pods <= MAX_PODS:
            yield emit(
                provenance,
                "error",
                "max-pods",
                pool_path(pool, "maxPods"),
                pool.max_pods,
                f"maxPods must be {MIN_PODS} to {MAX_PODS}",
            )


def pool_total(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if len(doc.spec.node_pools) > MAX_POOLS:
        yield emit(
            provenance,
            "error",
            "too-many-pools",
            "spec.nodePools",
            len(doc.spec.node_pools),
            f"a cluster has at most {MAX_POOLS} node pools",
        )


def cluster_nodes(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    _, nodes = doc.spec.pool_nodes()
    spec = doc.spec
    if nodes > MAX_NODES_PER_CLUSTER:
        yield emit_total(
            provenance,
            "error",
            "cluster-nodes",
            nodes,
            f"pools may reach {nodes} nodes; a cluster holds at most {MAX_NODES_PER_CLUSTER}",
        )
    if spec.tier == "free":
        if nodes > FREE_TIER_MAX_NODES:
            yield emit(
                provenance,
                "error",
                "free-tier",
                "spec.tier",
                "free",
                f"pools may reach {nodes} nodes; the free tier supports at most "
                f"{FREE_TIER_MAX_NODES} (use standard)",
            )
        elif nodes > FREE_TIER_RECOMMENDED:
            yield emit(
                provenance,
                "warning",
                "free-tier",
                "spec.tier",
                "free",
                f"pools may reach {nodes} nodes; the free tier is meant for fewer than "
                f"{FREE_TIER_RECOMMENDED} and has no SLA (use standard)",
            )
    if spec.network.plugin == "kubenet" and nodes > KUBENET_MAX_NODES:
        yield emit(
            provenance,
            "error",
            "kubenet-nodes",
            "spec.network.plugin",
            "kubenet",
            f"pools may reach {nodes} nodes; kubenet supports at most {KUBENET_MAX_NODES} "
            "(use azure with pluginMode: overlay)",
        )
    if spec.network.policy == "azure" and nodes > AZURE_NPM_MAX_NODES:
        yield emit(
            provenance,
            "error",
            "npm-nodes",
            "spec.network.policy",
            "azure",
            f"pools may reach {nodes} nodes; Azure network policy manager supports at most "
            f"{AZURE_NPM_MAX_NODES} (use cilium)",
        )


def network_plugin(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    net = doc.spec.network
    if net.policy == "cilium" and net.dataplane != "cilium":
        yield emit(
            provenance,
            "error",
            "network",
            "spec.network.policy",
            "cilium",
            "cilium network policy requires dataplane: cilium",
        )
    if net.plugin_mode == "overlay" and net.plugin != "azure":
        yield emit(
            provenance,
            "error",
            "network",
            "spec.network.pluginMode",
            "overlay",
            f"overlay requires plugin: azure (plugin is {net.plugin})",
        )
    if net.dataplane == "cilium":
        pod_subnet = net.vnet is not None and net.vnet.pod_subnet is not None
        if net.plugin != "azure" or (net.plugin_mode != "overlay" and not pod_subnet):
            yield emit(
                provenance,
                "error",
                "network",
                "spec.network.dataplane",
                "cilium",
                "the cilium dataplane requires plugin: azure with overlay or a pod subnet",
            )
    if net.plugin == "kubenet" and any(p.os_type == "Windows" for p in doc.spec.node_pools):
        yield emit(
            provenance,
            "error",
            "network",
            "spec.network.plugin",
            "kubenet",
            "Windows pools require plugin: azure",
        )


def system_pool(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    spec = doc.spec
    if spec.sku == "base" and not any(p.mode == "system" for p in spec.node_pools):
        yield emit(
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
            yield emit(
                provenance,
                "error",
                "system-pool",
                pool_path(pool, "osType"),
                pool.os_type,
                "system pools run Linux",
            )
        if pool.spot:
            yield emit(
                provenance,
                "error",
                "system-pool",
                pool_path(pool, "spot"),
                True,
                "system pools cannot be spot pools",
            )


def spot_settings(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    for pool in doc.spec.node_pools:
        if pool.spot:
            continue
        for key, value in (
            ("spotMaxPrice", pool.spot_max_price),
            ("evictionPolicy", pool.eviction_policy),
        ):
            if value is not None:
                yield emit(
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
                yield emit(
                    provenance,
                    "error",
                    "surge",
                    pool_path(pool, key),
                    text,
                    "must be a node count (e.g. 1) or a percentage from 0% to 100% (e.g. 10%)",
                )
        if surge_ok and pool.max_surge is not None:
            # maxUnavailable defaults to 0 (aks-facts §3.5): unset counts as 0 here.
            s, u = parse_surge(pool.max_surge), parse_surge(pool.max_unavailable or "0")
            if s is not None and u is not None and s[0] == 0 and u[0] == 0:
                yield emit(
                    provenance,
                    "error",
                    "surge",
                    pool_path(pool, "maxSurge"),
                    pool.max_surge,
                    "maxSurge and maxUnavailable cannot both be 0 (maxUnavailable defaults to 0)",
                )
        extra = surge_nodes(pool) if surge_ok else 0
        total += pool.max_nodes + extra
        if extra and pool.max_nodes + extra > MAX_NODES_PER_POOL:
            yield emit(
                provenance,
                "warning",
                "surge-at-max",
                pool_path(pool, "maxSurge"),
                pool.max_surge,
                f"cannot upgrade at maximum size: {pool.max_nodes} nodes + {extra} surge "
                f"exceeds {MAX_NODES_PER_POOL} per pool (lower maxCount or maxSurge)",
            )
    _, nodes = doc.spec.pool_nodes()
    if nodes <= MAX_NODES_PER_CLUSTER < total:
        yield emit_total(
            provenance,
            "warning",
            "surge-at-max",
            nodes,
            f"cannot upgrade at maximum size: {nodes} nodes + surge = {total} exceeds "
            f"{MAX_NODES_PER_CLUSTER} per cluster (scale down before upgrading, "
            "or lower maxCount)",
        )


def support_plan(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    # UNCONFIRMED enum value (aks-facts §2.1); LTS itself needs Premium per P1.
    if doc.spec.support_plan == "AKSLongTermSupport" and doc.spec.tier != "premium":
        yield emit(
            provenance,
            "error",
            "support-plan",
            "spec.supportPlan",
            "AKSLongTermSupport",
            "long-term support requires tier: premium",
        )


def identity_and_auth(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    sec, ident = doc.spec.security, doc.spec.identity
    if sec.azure_rbac and not sec.entra_id:
        yield emit(
            provenance,
            "error",
            "auth",
            "spec.security.azureRbac",
            True,
            "Azure RBAC requires entraId: true",
        )
    if not sec.local_accounts and not sec.entra_id:
        yield emit(
            provenance,
            "error",
            "auth",
            "spec.security.localAccounts",
            False,
            "turning local accounts off requires entraId: true, or nobody can sign in",
        )
    if sec.workload_identity and not sec.oidc_issuer:
        yield emit(
            provenance,
            "error",
            "auth",
            "spec.security.workloadIdentity",
            True,
            "workload identity requires oidcIssuer: true",
        )
    if (doc.spec.access.admins or doc.spec.access.admin_groups) and not sec.entra_id:
        yield emit(
            provenance,
            "error",
            "auth",
            "spec.access",
            None,
            "admins and adminGroups need entraId: true",
        )
    if ident.kubelet == "userAssigned" and ident.control_plane != "userAssigned":
        yield emit(
            provenance,
            "error",
            "identity",
            "spec.identity.kubelet",
            "userAssigned",
            "a user-assigned kubelet identity requires controlPlane: userAssigned",
        )
    if doc.spec.network.vnet is not None and ident.control_plane != "userAssigned":
        yield emit(
            provenance,
            "error",
            "identity",
            "spec.identity.controlPlane",
            ident.control_plane,
            "a custom VNet needs controlPlane: userAssigned, so its Network Contributor "
            "grant on the subnets exists before the cluster is created",
        )
    zone = doc.spec.api_server.private_dns_zone
    if zone not in (None, "system", "none") and ident.control_plane != "userAssigned":
        yield emit(
            provenance,
            "error",
            "identity",
            "spec.identity.controlPlane",
            ident.control_plane,
            "your own private DNS zone needs controlPlane: userAssigned (it is granted "
            "Private DNS Zone Contributor on the zone)",
        )
    if doc.spec.access.admins and not sec.azure_rbac:
        yield emit(
            provenance,
            "error",
            "auth",
            "spec.access.admins",
            doc.spec.access.admins,
            "admins are granted an Azure RBAC role: needs security.azureRbac: true",
        )


def egress(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    net = doc.spec.network
    kind = net.outbound_type
    if kind == "managedNATGateway" and net.vnet is not None:
        yield emit(
            provenance,
            "error",
            "egress",
            "spec.network.outboundType",
            kind,
            "a managed NAT gateway needs the managed VNet; with a custom VNet use "
            "userAssignedNATGateway",
        )
    if kind == "userAssignedNATGateway" and net.vnet is None:
        yield emit(
            provenance,
            "error",
            "egress",
            "spec.network.outboundType",
            kind,
            "a user-assigned NAT gateway needs a custom VNet (spec.network.vnet)",
        )
    if kind == "userDefinedRouting" and net.vnet is None:
        yield emit(
            provenance,
            "error",
            "egress",
            "spec.network.outboundType",
            kind,
            "user-defined routing needs a custom VNet with a route table",
        )
    if net.nat_gateway is not None and kind not in ("managedNATGateway", "userAssignedNATGateway"):
        yield emit(
            provenance,
            "error",
            "egress",
            "spec.network.natGateway",
            None,
            f"NAT gateway settings do nothing with outboundType: {kind}",
        )
    if (
        net.nat_gateway is not None
        and kind == "userAssignedNATGateway"
        and net.nat_gateway.sku == "StandardV2"
    ):
        yield emit(
            provenance,
            "error",
            "egress",
            "spec.network.natGateway.sku",
            "StandardV2",
            "aks-kit creates user-assigned NAT gateways and their IPs as Standard (network API "
            "2024-05-01); StandardV2 is for the managed NAT gateway (managedNATGateway)",
        )
    if (
        net.nat_gateway is not None
        and kind == "userAssignedNATGateway"
        and net.vnet is not None
        and not net.vnet.address_space
    ):
        yield emit(
            provenance,
            "error",
            "egress",
            "spec.network.natGateway",
            None,
            "aks-kit creates a NAT gateway only in a VNet it creates; with existing subnets "
            "attach your NAT gateway to them and drop these settings",
        )
    if net.load_balancer is not None:
        if kind != "loadBalancer":
            yield emit(
                provenance,
                "error",
                "egress",
                "spec.network.loadBalancer",
                None,
                f"load balancer outbound settings do nothing with outboundType: {kind}",
            )
        ports = net.load_balancer.allocated_outbound_ports
        if ports % 8:
            yield emit(
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
        yield emit(
            provenance,
            "error",
            "api-server",
            "spec.apiServer.privateDnsZone",
            api.private_dns_zone,
            "only used with privateCluster: true",
        )
    if api.public_fqdn is not None and not api.private_cluster:
        yield emit(
            provenance,
            "error",
            "api-server",
            "spec.apiServer.publicFqdn",
            api.public_fqdn,
            "only used with privateCluster: true",
        )
    if api.authorized_ip_ranges and api.private_cluster:
        yield emit(
            provenance,
            "error",
            "api-server",
            "spec.apiServer.authorizedIPRanges",
            api.authorized_ip_ranges,
            "a private cluster has no public endpoint to restrict",
        )
    if vnet is not None and vnet.api_server_subnet is not None and not api.vnet_integration:
        yield emit(
            provenance,
            "error",
            "api-server",
            "spec.network.vnet.apiServerSubnet",
            None,
            "an API server subnet is only used with apiServer.vnetIntegration: true",
        )
    if vnet is not None and api.vnet_integration and vnet.api_server_subnet is None:
        yield emit(
            provenance,
            "error",
            "api-server",
            "spec.network.vnet.apiServerSubnet",
            None,
            "API server VNet integration in a custom VNet needs apiServerSubnet (/28 or larger)",
        )


def node_provisioning(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    spec = doc.spec
    if spec.node_provisioning.mode == "Auto" and spec.sku == "base":
        for pool in spec.node_pools:
            if pool.autoscaling:
                yield emit(
                    provenance,
                    "error",
                    "node-provisioning",
                    pool_path(pool, "maxCount"),
                    pool.max_count,
                    "with nodeProvisioning.mode: Auto the cluster autoscaler is off; "
                    "pools take a fixed count",
                )
    if spec.node_provisioning.managed_system_pools and spec.sku != "automatic":
        yield emit(
            provenance,
            "error",
            "node-provisioning",
            "spec.nodeProvisioning.managedSystemPools",
            True,
            "managed system node pools are part of AKS Automatic (sku: automatic)",
        )


def features(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    spec = doc.spec
    if spec.monitoring.cost_analysis and spec.tier == "free":
        yield emit(
            provenance,
            "error",
            "tier",
            "spec.monitoring.costAnalysis",
            True,
            "cost analysis needs tier standard or premium",
        )
    ing = spec.ingress
    if not ing.app_routing and (ing.nginx is not None or ing.dns_zone_ids):
        key = "nginx" if ing.nginx is not None else "dnsZoneIds"
        yield emit(
            provenance,
            "error",
            "ingress",
            f"spec.ingress.{key}",
            getattr(ing, "nginx" if key == "nginx" else "dns_zone_ids"),
            "only used with ingress.appRouting: true",
        )
    if spec.network.advanced is not None and spec.network.dataplane != "cilium":
        yield emit(
            provenance,
            "error",
            "network",
            "spec.network.advanced",
            None,
            "advanced container networking requires dataplane: cilium",
        )
    upgrades = spec.upgrades
    if upgrades.auto_upgrade_window is not None and upgrades.channel == "none":
        yield emit(
            provenance,
            "warning",
            "maintenance",
            "spec.upgrades.autoUpgradeWindow",
            None,
            "the window is unused while upgrades.channel is none",
        )
    if upgrades.node_os_upgrade_window is not None and upgrades.node_os_channel in (
        "None",
        "Unmanaged",
    ):
        yield emit(
            provenance,
            "warning",
            "maintenance",
            "spec.upgrades.nodeOSUpgradeWindow",
            None,
            f"the window is unused while nodeOSChannel is {upgrades.node_os_channel}",
        )


def maintenance_windows(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    needs = {
        "weekly": ("dayOfWeek",),
        "absoluteMonthly": ("dayOfMonth",),
        "relativeMonthly": ("weekIndex", "dayOfWeek"),
        "daily": (),
    }
    fields = {"dayOfWeek": "day_of_week", "dayOfMonth": "day_of_month", "weekIndex": "week_index"}
    for key, window in (
        ("autoUpgradeWindow", doc.spec.upgrades.auto_upgrade_window),
        ("nodeOSUpgradeWindow", doc.spec.upgrades.node_os_upgrade_window),
    ):
        if window is None:
            continue
        for needed in needs[window.frequency]:
            if getattr(window, fields[needed]) is None:
                yield emit(
                    provenance,
                    "error",
                    "maintenance",
                    f"spec.upgrades.{key}.{needed}",
                    None,
                    f"a {window.frequency} window needs {needed}",
                )


RULES = [
    maintenance_windows,
    pool_names,
    pool_counts,
    max_pods,
    pool_total,
    cluster_nodes,
    network_plugin,
    system_pool,
    spot_settings,
    surge,
    support_plan,
    identity_and_auth,
    egress,
    api_server,
    node_provisioning,
    features,
]
