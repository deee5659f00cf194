"""Rendered resources: the one canonical form between a spec, `plan` and the Pulumi program.

A reference to another resource's output is the string `${<logical name>.<output>}`
(Pulumi YAML's syntax), possibly inside a longer string; the program swaps in real Outputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .resource_types import ARM_ENVELOPE

REF = re.compile(r"\$\{([A-Za-z0-9_.-]+?)\.([A-Za-z0-9_.]+)\}")
# `deployer` is not a resource: the program reads it from azure-native's client config.
DEPLOYER = "deployer"


def drop_none(value: dict[str, Any]) -> dict[str, Any]:
    """Inputs without unset values: only what the spec sets is sent."""
    return {k: v for k, v in value.items() if v is not None}


def ref(name: str, output: str) -> str:
    return f"${{{name}.{output}}}"


@dataclass
class Rendered:
    """One resource: logical name, azure-native type token, ARM type and version, inputs."""

    name: str
    type: str
    arm_type: str
    api_version: str
    inputs: dict[str, Any]
    depends_on: list[str] = field(default_factory=list)
    protect: bool = False
    ignore_changes: list[str] = field(default_factory=list)
    comment: str = ""
    """Why the options are what they are (e.g. the drift AKS causes itself)."""

    def arm_body(self) -> dict[str, Any]:
        """For a generic resource: the ARM request body (what ARM receives in the PUT)."""
        return {k: v for k, v in self.inputs.items() if k not in ARM_ENVELOPE}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "armType": self.arm_type,
            "apiVersion": self.api_version,
            "inputs": self.inputs,
            "dependsOn": self.depends_on,
        }
        if self.protect:
            out["protect"] = True
        if self.ignore_changes:
            out["ignoreChanges"] = self.ignore_changes
        return out


NAME_INPUTS = {
    "azure-native:resources:Resource": "resourceName",
    "azure-native:resources:ResourceGroup": "resourceGroupName",
    "azure-native:network:VirtualNetwork": "virtualNetworkName",
    "azure-native:network:Subnet": "subnetName",
    "azure-native:network:NatGateway": "natGatewayName",
    "azure-native:network:PublicIPAddress": "publicIpAddressName",
    "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
    "azure-native:authorization:RoleAssignment": "roleAssignmentName",
    "azure-native:operationalinsights:Workspace": "workspaceName",
    "azure-native:monitor:AzureMonitorWorkspace": "azureMonitorWorkspaceName",
    "azure-native:monitor:DataCollectionEndpoint": "dataCollectionEndpointName",
    "azure-native:monitor:DataCollectionRule": "dataCollectionRuleName",
    "azure-native:monitor:DataCollectionRuleAssociation": "associationName",
    "azure-native:alertsmanagement:PrometheusRuleGroup": "ruleGroupName",
    "azure-native:monitor:DiagnosticSetting": "name",
}
"""The input of each resource class that holds the name Azure gives the resource."""


def azure_names(resources: list[Rendered]) -> dict[str, str | None]:
    """Logical name -> the name Azure gives the resource (`rg-aks-prod`, `aks-prod/user` for
    a pool, `vnet-prod/snet-nodes` for a subnet); None where Azure generates it (a role
    assignment's GUID)."""
    by_name = {r.name: r for r in resources}
    out: dict[str, str | None] = {}

    def name_of(resource: Rendered) -> str | None:
        if resource.name in out:
            return out[resource.name]
        key = NAME_INPUTS.get(resource.type)
        own = resource.inputs.get(key) if key else None
        value = _resolved(own, by_name, name_of)
        if value is not None:
            parent = _parent_name(resource, by_name, name_of)
            value = f"{parent}/{value}" if parent else value
        out[resource.name] = value
        return value

    for resource in resources:
        name_of(resource)
    return out


def documented(resources: list[Rendered]) -> list[dict[str, Any]]:
    """The resources as plan documents list them: each with its logical name (the stack's
    key) and `azureName`, the name Azure gives it."""
    names = azure_names(resources)
    out = []
    for resource in resources:
        data = resource.to_dict()
        out.append({"name": data.pop("name"), "azureName": names[resource.name], **data})
    return out


def _resolved(value: Any, by_name: dict[str, Rendered], name_of: Any) -> str | None:
    """A literal name, or the Azure name of the resource a `${x.name}` reference points at."""
    if not isinstance(value, str) or not value:
        return None
    match = REF.fullmatch(value)
    if match is None:
        return value
    target = by_name.get(match.group(1))
    return name_of(target) if target is not None and match.group(2) == "name" else None


def _parent_name(resource: Rendered, by_name: dict[str, Rendered], name_of: Any) -> str | None:
    """The parent's name for a child resource: a pool's cluster, a subnet's VNet."""
    path = resource.inputs.get("parentResourcePath")
    if isinstance(path, str) and path:
        return path.rsplit("/", 1)[-1]
    if resource.type == "azure-native:network:Subnet":
        return _resolved(resource.inputs.get("virtualNetworkName"), by_name, name_of)
    return None


def references(value: Any) -> Iterator[tuple[str, str]]:
    """Every `(name, output)` referenced anywhere inside a value, keys included."""
    if isinstance(value, str):
        for match in REF.finditer(value):
            yield match.group(1), match.group(2)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from references(key)
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)
