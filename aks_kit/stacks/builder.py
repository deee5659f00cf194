"""The resource builder the renderers share: resources with their dependencies, the generic
ARM envelope, role assignments and derived names cut to Azure's limits."""

from __future__ import annotations

from typing import Any

from . import resource_types as t
from .rendered import DEPLOYER, Rendered, ref, references


def clip_name(name: str, limit: int) -> str:
    """A derived resource name cut to Azure's limit (never ending in '-')."""
    return name[:limit].rstrip("-_")


class Builder:
    """Collects resources and fills in `dependsOn` from the references in their inputs."""

    def __init__(self, resources: list[Rendered] | None = None) -> None:
        self.resources: list[Rendered] = resources if resources is not None else []

    def add(
        self,
        name: str,
        rtype: t.ResourceType,
        inputs: dict[str, Any],
        *,
        after: list[str] | None = None,
        arm_type: str | None = None,
        api_version: str | None = None,
        protect: bool = False,
        ignore_changes: list[str] | None = None,
        comment: str = "",
    ) -> Rendered:
        implied = [n for n, _ in references(inputs) if n != DEPLOYER]
        depends = list(dict.fromkeys([*(after or []), *implied]))
        rendered = Rendered(
            name=name,
            type=rtype.token,
            arm_type=arm_type or rtype.arm_type,
            api_version=api_version or rtype.api_version,
            inputs=inputs,
            depends_on=depends,
            protect=protect,
            ignore_changes=ignore_changes or [],
            comment=comment,
        )
        self.resources.append(rendered)
        return rendered


def role_definition(role_id: str) -> str:
    return (
        f"/subscriptions/{ref(DEPLOYER, 'subscriptionId')}"
        f"/providers/Microsoft.Authorization/roleDefinitions/{role_id}"
    )


def role_assignment(
    builder: Builder,
    cluster: str,
    purpose: str,
    *,
    scope: str,
    principal: str,
    role_id: str,
    principal_type: str,
    after: list[str] | None = None,
) -> str:
    name = f"{cluster}-role-{purpose}"
    # No roleAssignmentName: Azure wants it unique in the tenant and immutable with its
    # principal; azure-native generates one at create time and keeps it in state.
    inputs: dict[str, Any] = {
        "scope": scope,
        "principalId": principal,
        "roleDefinitionId": role_definition(role_id),
        # Always explicit: azure-native sends `User` when it is left out.
        "principalType": principal_type,
    }
    builder.add(name, t.ROLE_ASSIGNMENT, inputs, after=after)
    return name


def aks_resource(
    rg: str, resource_type: str, name: str, parent: str = "", **rest: Any
) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "resourceGroupName": rg,
        "resourceProviderNamespace": t.AKS_NAMESPACE,
        "parentResourcePath": parent,
        "resourceType": resource_type,
        "resourceName": name,
        "apiVersion": t.AKS_API_VERSION,
    }
    inputs.update({k: v for k, v in rest.items() if v is not None})
    return inputs
