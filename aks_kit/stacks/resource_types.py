"""The azure-native classes aks-kit registers, with the ARM type and API version each sends.

AKS resources go through the generic `resources.Resource` at one pinned API version:
azure-native 3.29's typed containerservice classes send 2025-09-01, which has no
managed system node pools, Container Insights in azureMonitorProfile, Gateway API ingress or
NAT gateway `sku`. Bumping AKS_API_VERSION (and azure-mgmt-containerservice, whose models
judge the bodies) is the whole upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass

AKS_API_VERSION = "2026-08-01"
AKS_NAMESPACE = "Microsoft.ContainerService"
GENERIC_PATH_PARAMETERS = (
    "resourceName",
    "resourceGroupName",
    "resourceProviderNamespace",
    "parentResourcePath",
    "resourceType",
)
"""The URL path parameters of a generic `resources.Resource`: a new value is a new resource."""
ARM_ENVELOPE = frozenset({*GENERIC_PATH_PARAMETERS, "apiVersion"})
"""The inputs of a generic resource that address the request; the rest is the ARM body."""


@dataclass(frozen=True)
class ResourceType:
    token: str
    module: str
    cls: str
    arm_type: str
    api_version: str
    """The API version the azure-native class sends (its docstring says it)."""


def _t(token: str, arm_type: str, api_version: str) -> ResourceType:
    _, module, cls = token.split(":")
    return ResourceType(token, module, cls, arm_type, api_version)


GENERIC = _t("azure-native:resources:Resource", "", AKS_API_VERSION)
RESOURCE_GROUP = _t(
    "azure-native:resources:ResourceGroup", "Microsoft.Resources/resourceGroups", "2024-03-01"
)
VNET = _t("azure-native:network:VirtualNetwork", "Microsoft.Network/virtualNetworks", "2024-05-01")
SUBNET = _t(
    "azure-native:network:Subnet", "Microsoft.Network/virtualNetworks/subnets", "2024-05-01"
)
NAT_GATEWAY = _t("azure-native:network:NatGateway", "Microsoft.Network/natGateways", "2024-05-01")
ROUTE_TABLE = _t("azure-native:network:RouteTable", "Microsoft.Network/routeTables", "2024-05-01")
PUBLIC_IP = _t(
    "azure-native:network:PublicIPAddress", "Microsoft.Network/publicIPAddresses", "2024-05-01"
)
IDENTITY = _t(
    "azure-native:managedidentity:UserAssignedIdentity",
    "Microsoft.ManagedIdentity/userAssignedIdentities",
    "2023-01-31",
)
ROLE_ASSIGNMENT = _t(
    "azure-native:authorization:RoleAssignment",
    "Microsoft.Authorization/roleAssignments",
    "2022-04-01",
)
LOG_ANALYTICS = _t(
    "azure-native:operationalinsights:Workspace",
    "Microsoft.OperationalInsights/workspaces",
    "2023-09-01",
)
MONITOR_WORKSPACE = _t(
    "azure-native:monitor:AzureMonitorWorkspace", "Microsoft.Monitor/accounts", "2023-04-03"
)
DCE = _t(
    "azure-native:monitor:DataCollectionEndpoint",
    "Microsoft.Insights/dataCollectionEndpoints",
    "2022-06-01",
)
DCR = _t(
    "azure-native:monitor:DataCollectionRule",
    "Microsoft.Insights/dataCollectionRules",
    "2022-06-01",
)
DCRA = _t(
    "azure-native:monitor:DataCollectionRuleAssociation",
    "Microsoft.Insights/dataCollectionRuleAssociations",
    "2022-06-01",
)
RULE_GROUP = _t(
    "azure-native:alertsmanagement:PrometheusRuleGroup",
    "Microsoft.AlertsManagement/prometheusRuleGroups",
    "2023-03-01",
)
DIAGNOSTIC_SETTING = _t(
    "azure-native:monitor:DiagnosticSetting",
    "Microsoft.Insights/diagnosticSettings",
    "2021-05-01-preview",
)

ALL = [
    GENERIC,
    RESOURCE_GROUP,
    VNET,
    SUBNET,
    NAT_GATEWAY,
    ROUTE_TABLE,
    PUBLIC_IP,
    IDENTITY,
    ROLE_ASSIGNMENT,
    LOG_ANALYTICS,
    MONITOR_WORKSPACE,
    DCE,
    DCR,
    DCRA,
    RULE_GROUP,
    DIAGNOSTIC_SETTING,
]
BY_TOKEN = {t.token: t for t in ALL}

# What `up` refuses to replace or delete without --allow-replace, and what
# `plan --against` blocks on: nodes, addresses and identities; a resource group holds them all.
GUARDED_ARM_TYPES = frozenset(
    {
        "Microsoft.ContainerService/managedClusters",
        "Microsoft.ContainerService/managedClusters/agentPools",
        "Microsoft.Network/virtualNetworks",
        "Microsoft.Network/virtualNetworks/subnets",
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        "Microsoft.Resources/resourceGroups",
    }
)

# Built-in role definition ids (Azure RBAC built-in roles).
ROLE_NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7"
ROLE_MANAGED_IDENTITY_OPERATOR = "f1a07417-d97a-45cb-824c-7a7467783830"
ROLE_PRIVATE_DNS_ZONE_CONTRIBUTOR = "b12aa53e-6015-4669-85d0-8515ebb3ae7f"
ROLE_AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
ROLE_NAMES = {
    ROLE_NETWORK_CONTRIBUTOR: "Network Contributor",
    ROLE_MANAGED_IDENTITY_OPERATOR: "Managed Identity Operator",
    ROLE_PRIVATE_DNS_ZONE_CONTRIBUTOR: "Private DNS Zone Contributor",
    ROLE_AKS_RBAC_CLUSTER_ADMIN: "AKS RBAC Cluster Admin",
}


def short_type_name(type_name: str) -> str:
    """The last segment of a type token or ARM type (`Subnet`, `agentPools`): enough to tell
    resources apart in a table."""
    return type_name.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
