"""azure-native's view of the resource types aks-kit registers: path parameters, ARM ids, bodies.

azure-native sends a typed resource's non-path inputs as the ARM body (its SDK shape is flat:
`retentionInDays` travels as `properties.retentionInDays`; the stand-in keeps the flat shape,
since only the generic resources' bodies are judged) and reads every path parameter into the
resource's URL, so a changed path parameter (or location) is a replacement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# token -> (ARM type, path parameters in URL order, the name parameter)
TYPED: dict[str, tuple[str, tuple[str, ...]]] = {
    "azure-native:resources:ResourceGroup": ("Microsoft.Resources/resourceGroups", ()),
    "azure-native:network:VirtualNetwork": (
        "Microsoft.Network/virtualNetworks",
        ("virtualNetworkName",),
    ),
    "azure-native:network:Subnet": (
        "Microsoft.Network/virtualNetworks/subnets",
        ("virtualNetworkName", "subnetName"),
    ),
    "azure-native:network:NatGateway": ("Microsoft.Network/natGateways", ("natGatewayName",)),
    "azure-native:network:PublicIPAddress": (
        "Microsoft.Network/publicIPAddresses",
        ("publicIpAddressName",),
    ),
    "azure-native:managedidentity:UserAssignedIdentity": (
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        ("resourceName",),
    ),
    "azure-native:operationalinsights:Workspace": (
        "Microsoft.OperationalInsights/workspaces",
        ("workspaceName",),
    ),
    "azure-native:monitor:AzureMonitorWorkspace": (
        "Microsoft.Monitor/accounts",
        ("azureMonitorWorkspaceName",),
    ),
    "azure-native:monitor:DataCollectionEndpoint": (
        "Microsoft.Insights/dataCollectionEndpoints",
        ("dataCollectionEndpointName",),
    ),
    "azure-native:monitor:DataCollectionRule": (
        "Microsoft.Insights/dataCollectionRules",
        ("dataCollectionRuleName",),
    ),
    # The typed AKS classes: only the benchmark's plain typed program registers these.
    "azure-native:containerservice:ManagedCluster": (
        "Microsoft.ContainerService/managedClusters",
        ("resourceName",),
    ),
    "azure-native:containerservice:AgentPool": (
        "Microsoft.ContainerService/managedClusters/agentPools",
        ("resourceName", "agentPoolName"),
    ),
    "azure-native:containerservice:MaintenanceConfiguration": (
        "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
        ("resourceName", "configName"),
    ),
    "azure-native:alertsmanagement:PrometheusRuleGroup": (
        "Microsoft.AlertsManagement/prometheusRuleGroups",
        ("ruleGroupName",),
    ),
}
# Extension resources: scoped to another resource's id.
SCOPED: dict[str, tuple[str, str, str]] = {
    "azure-native:monitor:DataCollectionRuleAssociation": (
        "Microsoft.Insights/dataCollectionRuleAssociations",
        "resourceUri",
        "associationName",
    ),
    "azure-native:monitor:DiagnosticSetting": (
        "Microsoft.Insights/diagnosticSettings",
        "resourceUri",
        "name",
    ),
    "azure-native:authorization:RoleAssignment": (
        "Microsoft.Authorization/roleAssignments",
        "scope",
        "roleAssignmentName",
    ),
}
GENERIC = "azure-native:resources:Resource"
GENERIC_PATH = (
    "resourceGroupName",
    "resourceProviderNamespace",
    "parentResourcePath",
    "resourceType",
    "resourceName",
)
AUTONAMED = {"azure-native:authorization:RoleAssignment": "roleAssignmentName"}


@dataclass(frozen=True)
class Located:
    arm_id: str
    arm_type: str
    body: dict[str, Any]
    flat: bool
    """A typed resource: outputs are flat (properties lifted to the top)."""


def supported(token: str) -> bool:
    return token in TYPED or token in SCOPED or token == GENERIC


def path_params(token: str) -> tuple[str, ...]:
    if token == GENERIC:
        return GENERIC_PATH
    if token in SCOPED:
        _, scope, name = SCOPED[token]
        return (scope, name)
    if token == "azure-native:resources:ResourceGroup":
        return ("resourceGroupName",)
    return ("resourceGroupName", *TYPED[token][1])


def locate(token: str, inputs: dict[str, Any], subscription: str) -> Located:
    """The ARM id, ARM type and request body azure-native would send for these inputs."""
    params = path_params(token)
    body = {k: v for k, v in inputs.items() if k not in params and k != "apiVersion"}
    if token == GENERIC:
        rg = inputs["resourceGroupName"]
        namespace = inputs["resourceProviderNamespace"]
        parent = inputs.get("parentResourcePath") or ""
        kind = inputs["resourceType"]
        middle = f"{parent}/{kind}" if parent else kind
        arm_id = (
            f"/subscriptions/{subscription}/resourceGroups/{rg}/providers/{namespace}/"
            f"{middle}/{inputs['resourceName']}"
        )
        parent_types = [seg for i, seg in enumerate(parent.split("/")) if i % 2 == 0 and seg]
        arm_type = "/".join([namespace, *parent_types, kind])
        return Located(arm_id, arm_type, body, flat=False)
    if token in SCOPED:
        arm_type, scope, name = SCOPED[token]
        return Located(f"{inputs[scope]}/providers/{arm_type}/{inputs[name]}", arm_type, body, True)
    arm_type, names = TYPED[token]
    rg = inputs["resourceGroupName"]
    base = f"/subscriptions/{subscription}/resourceGroups/{rg}"
    if not names:
        return Located(base, arm_type, body, flat=True)
    provider, *kinds = arm_type.split("/")
    segments = "/".join(f"{kind}/{inputs[name]}" for kind, name in zip(kinds, names, strict=True))
    return Located(f"{base}/providers/{provider}/{segments}", arm_type, body, flat=True)


def outputs(located: Located, stored: dict[str, Any]) -> dict[str, Any]:
    """A resource's outputs as azure-native returns them: the body, what ARM computed, the id."""
    body = stored["body"]
    extra = stored["computed"]
    out: dict[str, Any] = {**body}
    if located.flat:
        for key, value in (extra.get("properties") or {}).items():
            out.setdefault(key, value)
    else:
        props = {**(body.get("properties") or {}), **(extra.get("properties") or {})}
        out["properties"] = props
    if "identity" in extra:
        out["identity"] = {**(body.get("identity") or {}), **extra["identity"]}
    out["id"] = stored["id"]
    out["name"] = stored["name"]
    out["type"] = stored["type"]
    return out


def computed_keys(located: Located) -> dict[str, Any]:
    """Outputs not known before ARM answers (unknown in a preview), in the outputs' shape."""
    keys: dict[str, Any] = {"id": None, "name": None, "type": None}
    props = {"provisioningState": None}
    if located.arm_type == "Microsoft.ContainerService/managedClusters":
        props.update(
            fqdn=None,
            nodeResourceGroup=None,
            currentKubernetesVersion=None,
            identityProfile=None,
            oidcIssuerProfile=None,
        )
    if located.arm_type == "Microsoft.ManagedIdentity/userAssignedIdentities":
        props.update(principalId=None, clientId=None, tenantId=None)
    if located.flat:
        keys.update(props)
    else:
        keys["properties"] = props
    identity = located.body.get("identity") or {}
    if str(identity.get("type", "")).startswith("SystemAssigned"):
        keys["identity"] = {"principalId": None, "tenantId": None}
    return keys
