"""The ARM-to-spec path map: which spec field a changed ARM input leaf comes from.

`spec_path` answers for the resources a cluster plan renders from spec fields (the cluster,
its pools, maintenance windows, the resource group); other resources, and leaves the
renderer derives rather than copies, answer `resources[<name>].inputs.<path>`. A test walks
every rendered leaf of every preset and example and checks it maps here or is listed in
`DERIVED`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from aks_kit.stacks.resource_types import GENERIC_PATH_PARAMETERS

from .arm_paths import Path, render_path
from .documents import PlanResource
from .table import CLUSTER, POOL

MAINTENANCE: Final = "Microsoft.ContainerService/managedClusters/maintenanceConfigurations"
RESOURCE_GROUP: Final = "Microsoft.Resources/resourceGroups"

_POOL_SPEC: Final[Mapping[Path, str]] = {
    ("vmSize",): "vmSize",
    ("count",): "count",
    ("minCount",): "minCount",
    ("maxCount",): "maxCount",
    ("availabilityZones",): "zones",
    ("maxPods",): "maxPods",
    ("osType",): "osType",
    ("osSKU",): "osSku",
    ("osDiskType",): "osDiskType",
    ("osDiskSizeGB",): "osDiskSizeGB",
    ("kubeletDiskType",): "kubeletDiskType",
    ("scaleSetPriority",): "spot",
    ("spotMaxPrice",): "spotMaxPrice",
    ("scaleSetEvictionPolicy",): "evictionPolicy",
    ("nodeLabels",): "labels",
    ("nodeTaints",): "taints",
    ("tags",): "tags",
    ("upgradeSettings", "maxSurge"): "maxSurge",
    ("upgradeSettings", "maxUnavailable"): "maxUnavailable",
    ("upgradeSettings", "drainTimeoutInMinutes"): "drainTimeoutInMinutes",
    ("upgradeSettings", "nodeSoakDurationInMinutes"): "nodeSoakDurationInMinutes",
    ("upgradeSettings", "undrainableNodeBehavior"): "undrainableNodeBehavior",
    ("scaleDownMode",): "scaleDownMode",
    ("podIPAllocationMode",): "podIPAllocationMode",
    ("enableEncryptionAtHost",): "encryptionAtHost",
    ("enableFIPS",): "fips",
    ("localDNSProfile", "mode"): "localDNS",
    ("orchestratorVersion",): "kubernetesVersion",
    ("mode",): "mode",
}
_POOL_SPEC_OUTSIDE: Final[Mapping[Path, str]] = {
    ("vnetSubnetID",): "spec.network.vnet.nodeSubnet",
    ("podSubnetID",): "spec.network.vnet.podSubnet",
}
_CLUSTER_SPEC: Final[Mapping[Path, str]] = {
    ("location",): "metadata.location",
    ("resourceName",): "metadata.name",
    ("resourceGroupName",): "metadata.resourceGroup",
    ("tags",): "metadata.tags",
    ("sku", "name"): "spec.sku",
    ("sku", "tier"): "spec.tier",
    ("identity",): "spec.identity.controlPlane",
    ("properties", "kubernetesVersion"): "spec.kubernetesVersion",
    ("properties", "dnsPrefix"): "spec.dnsPrefix",
    ("properties", "supportPlan"): "spec.supportPlan",
    ("properties", "networkProfile", "networkPlugin"): "spec.network.plugin",
    ("properties", "networkProfile", "networkPluginMode"): "spec.network.pluginMode",
    ("properties", "networkProfile", "networkDataplane"): "spec.network.dataplane",
    ("properties", "networkProfile", "networkPolicy"): "spec.network.policy",
    ("properties", "networkProfile", "podCidr"): "spec.network.podCidr",
    ("properties", "networkProfile", "serviceCidr"): "spec.network.serviceCidr",
    ("properties", "networkProfile", "dnsServiceIP"): "spec.network.dnsServiceIP",
    ("properties", "networkProfile", "outboundType"): "spec.network.outboundType",
    ("properties", "networkProfile", "natGatewayProfile"): "spec.network.natGateway",
    ("properties", "networkProfile", "loadBalancerProfile"): "spec.network.loadBalancer",
    ("properties", "networkProfile", "advancedNetworking"): "spec.network.advanced",
    ("properties", "apiServerAccessProfile", "enableVnetIntegration"): (
        "spec.apiServer.vnetIntegration"
    ),
    ("properties", "apiServerAccessProfile", "enablePrivateCluster"): (
        "spec.apiServer.privateCluster"
    ),
    ("properties", "apiServerAccessProfile", "privateDNSZone"): "spec.apiServer.privateDnsZone",
    ("properties", "apiServerAccessProfile", "authorizedIPRanges"): (
        "spec.apiServer.authorizedIPRanges"
    ),
    ("properties", "apiServerAccessProfile", "subnetId"): "spec.network.vnet.apiServerSubnet",
    ("properties", "autoUpgradeProfile", "upgradeChannel"): "spec.upgrades.channel",
    ("properties", "autoUpgradeProfile", "nodeOSUpgradeChannel"): "spec.upgrades.nodeOSChannel",
    ("properties", "nodeProvisioningProfile", "mode"): "spec.nodeProvisioning.mode",
    ("properties", "nodeProvisioningProfile", "defaultNodePools"): (
        "spec.nodeProvisioning.defaultNodePools"
    ),
    ("properties", "hostedSystemProfile"): "spec.nodeProvisioning.managedSystemPools",
    ("properties", "oidcIssuerProfile", "enabled"): "spec.security.oidcIssuer",
    ("properties", "disableLocalAccounts"): "spec.security.localAccounts",
    ("properties", "aadProfile", "enableAzureRBAC"): "spec.security.azureRbac",
    ("properties", "aadProfile", "managed"): "spec.security.entraId",
    ("properties", "aadProfile", "adminGroupObjectIDs"): "spec.access.adminGroups",
    ("properties", "nodeResourceGroup"): "spec.nodeResourceGroup.name",
    ("properties", "nodeResourceGroupProfile", "restrictionLevel"): (
        "spec.nodeResourceGroup.restrictionLevel"
    ),
    ("properties", "workloadAutoScalerProfile", "keda", "enabled"): (
        "spec.workloadAutoscaler.keda"
    ),
    ("properties", "securityProfile", "workloadIdentity", "enabled"): (
        "spec.security.workloadIdentity"
    ),
    ("properties", "securityProfile", "imageCleaner"): "spec.security.imageCleaner",
    ("properties", "addonProfiles", "azurepolicy", "enabled"): "spec.security.azurePolicy",
    ("properties", "ingressProfile", "webAppRouting", "enabled"): "spec.ingress.appRouting",
    ("properties", "ingressProfile", "webAppRouting", "dnsZoneResourceIds"): (
        "spec.ingress.dnsZoneIds"
    ),
    ("properties", "ingressProfile", "webAppRouting", "nginx", "defaultIngressControllerType"): (
        "spec.ingress.nginx"
    ),
    ("properties", "azureMonitorProfile", "metrics", "enabled"): "spec.monitoring.prometheus",
    ("properties", "azureMonitorProfile", "containerInsights", "enabled"): (
        "spec.monitoring.containerInsights.enabled"
    ),
    ("properties", "metricsProfile", "costAnalysis", "enabled"): "spec.monitoring.costAnalysis",
    ("properties", "workloadAutoScalerProfile", "verticalPodAutoscaler", "enabled"): (
        "spec.workloadAutoscaler.vpa"
    ),
}
_GROUP_SPEC: Final[Mapping[Path, str]] = {
    ("location",): "metadata.location",
    ("resourceGroupName",): "metadata.resourceGroup",
    ("tags",): "metadata.tags",
}
_WINDOWS: Final = {
    "aksManagedAutoUpgradeSchedule": "spec.upgrades.autoUpgradeWindow",
    "aksManagedNodeOSUpgradeSchedule": "spec.upgrades.nodeOSUpgradeWindow",
}

DERIVED: Final[Mapping[tuple[str, str], str]] = {
    ("*", "apiVersion"): "the pinned API version (resource_types.AKS_API_VERSION)",
    ("*", "resourceProviderNamespace"): "fixed by the resource type",
    ("*", "resourceType"): "fixed by the resource type",
    ("*", "parentResourcePath"): "the cluster a pool or window belongs to",
    (CLUSTER, "properties.agentPoolProfiles[*].name"): "the item's own name (its path token)",
    (CLUSTER, "properties.agentPoolProfiles[*].type"): "always VirtualMachineScaleSets",
    (CLUSTER, "properties.agentPoolProfiles[*].enableAutoScaling"): "set by minCount/maxCount",
    (POOL, "properties.type"): "always VirtualMachineScaleSets",
    (POOL, "properties.enableAutoScaling"): "set by minCount/maxCount",
    (CLUSTER, "properties.enableRBAC"): "always on",
    (CLUSTER, "properties.azureMonitorProfile.containerInsights.logAnalyticsWorkspaceResourceId"): (
        "the workspace the plan renders or the one the spec names"
    ),
}
"""Rendered leaves of spec-scoped resources that copy no single spec field: (ARM type or `*`,
path pattern) -> where the value comes from."""
SPEC_SCOPED: Final = frozenset({CLUSTER, POOL, MAINTENANCE, RESOURCE_GROUP})
"""The resource types whose leaves map to spec paths (the rest answer their input path)."""


def _by_prefix(table: Mapping[Path, str], path: Path) -> str | None:
    for size in range(len(path), 0, -1):
        mapped = table.get(path[:size])
        if mapped is not None:
            rest = render_path(path[size:])
            if not rest:
                return mapped
            return f"{mapped}{rest}" if rest.startswith("[") else f"{mapped}.{rest}"
    return None


def _camel(key: str) -> str:
    """An autoscaler profile key (`scale-down-delay-after-add`) as the spec spells it."""
    head, *rest = key.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _pool_spec(pool: str, rest: Path) -> str | None:
    if not rest:
        return f"spec.nodePools[{pool}]"
    outside = _by_prefix(_POOL_SPEC_OUTSIDE, rest)
    if outside is not None:
        return outside
    mapped = _by_prefix(_POOL_SPEC, rest)
    return f"spec.nodePools[{pool}].{mapped}" if mapped is not None else None


def spec_path(resource: PlanResource, path: Path, *, scope: str | None) -> str:
    """The spec path a change maps to, else `resources[<name>].inputs.<path>`. `scope` is ""
    in a cluster's plan, `spec.members[<name>].` in a fleet member's stack, None elsewhere."""
    mapped = _cluster_spec_path(resource, path) if scope is not None else None
    if mapped is not None:
        return f"{scope}{mapped}"
    where = f"resources[{resource.name}]"
    return f"{where}.inputs.{render_path(path)}" if path else where


def _cluster_spec_path(resource: PlanResource, path: Path) -> str | None:
    inputs = resource.inputs
    if resource.arm_type == CLUSTER:
        if not path:
            return "metadata.name"
        if path[:2] == ("properties", "agentPoolProfiles") and len(path) > 2:
            return _pool_spec(path[2][1:-1], path[3:])
        if path[:2] == ("properties", "autoScalerProfile") and len(path) > 2:
            return f"spec.autoscaler.{_camel(path[2])}"
        return _by_prefix(_CLUSTER_SPEC, path)
    if resource.arm_type == POOL:
        pool = str(inputs.get("resourceName", resource.name))
        if not path or path[0] in GENERIC_PATH_PARAMETERS:
            return f"spec.nodePools[{pool}]"
        return _pool_spec(pool, path[1:]) if path[0] == "properties" else None
    if resource.arm_type == MAINTENANCE:
        return _WINDOWS.get(str(inputs.get("resourceName")))
    if resource.arm_type == RESOURCE_GROUP:
        return _by_prefix(_GROUP_SPEC, path) if path else "metadata.resourceGroup"
    return None
