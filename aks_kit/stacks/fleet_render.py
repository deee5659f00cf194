"""A fleet rendered as stacks: one for the Fleet Manager resources, one per member cluster.

Each member's stack registers its own FleetMember against the fleet's ARM path (resource
group + fleet name, both known up front), so no stack reads another's outputs. Fleet
resources go through the generic resource at a stable Microsoft.ContainerService/fleets
API version (azure-native's typed fleet classes send 2024-05-02-preview).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aks_kit.presets.fleet import ResolvedFleet
from aks_kit.presets.model import FleetFile

from . import resource_types as t
from .builder import Builder, aks_resource
from .render import RenderedCluster, render
from .rendered import Rendered, ref

FLEET_API_VERSION = "2026-06-01"
"""The default of azure-mgmt-containerservicefleet 4.x, whose models judge the bodies."""
STRATEGY_NAME = "rollout"
AUTO_UPGRADE_NAME = "default"


@dataclass(frozen=True)
class Membership:
    """What a member's stack needs to join the fleet (all known without the fleet stack)."""

    fleet: str
    resource_group: str
    member: str
    group: str

    def to_dict(self) -> dict[str, str]:
        return {
            "fleet": self.fleet,
            "resourceGroup": self.resource_group,
            "member": self.member,
            "group": self.group,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Membership:
        """The inverse of `to_dict` (the stack config of a member's stack)."""
        return cls(
            str(data["fleet"]), str(data["resourceGroup"]), str(data["member"]), str(data["group"])
        )


@dataclass
class StackPlan:
    stack: str
    member: str | None
    resources: list[Rendered]
    outputs: dict[str, str]


HUB_DNS_PREFIX_MAX = 54
"""The hub's dnsPrefix: 1-54 letters, digits and hyphens, starting and ending with a letter
or digit, fixed at creation (Fleet API 2026-06-01)."""


def hub_dns_prefix(fleet: str) -> str:
    """The hub's DNS prefix from the fleet name, cut to 54 characters (never ending in '-')."""
    return fleet[:HUB_DNS_PREFIX_MAX].rstrip("-")


def fleet_resource(
    rg: str, resource_type: str, name: str, parent: str = "", **rest: Any
) -> dict[str, Any]:
    inputs = aks_resource(rg, resource_type, name, parent, **rest)
    inputs["apiVersion"] = FLEET_API_VERSION
    return inputs


def join_fleet(cluster: RenderedCluster, membership: Membership) -> RenderedCluster:
    """The rendered cluster with its FleetMember added (the member's own stack registers it)."""
    Builder(cluster.resources).add(
        f"{cluster.name}-fleet-member",
        t.GENERIC,
        fleet_resource(
            membership.resource_group,
            "members",
            membership.member,
            parent=f"fleets/{membership.fleet}",
            properties={"clusterResourceId": ref(cluster.name, "id"), "group": membership.group},
        ),
        after=[cluster.name],
        arm_type="Microsoft.ContainerService/fleets/members",
        api_version=FLEET_API_VERSION,
    )
    return cluster


def render_fleet_stack(fleet: FleetFile) -> StackPlan:
    meta, spec = fleet.metadata, fleet.spec
    name = meta.name
    rg_name = fleet.resource_group
    tags = dict(meta.tags) or None
    b = Builder()
    rg_inputs: dict[str, Any] = {"resourceGroupName": rg_name, "location": meta.location}
    if tags:
        rg_inputs["tags"] = tags
    b.add(f"{name}-rg", t.RESOURCE_GROUP, rg_inputs)
    rg = ref(f"{name}-rg", "name")
    properties: dict[str, Any] = {}
    if spec.hub:
        properties["hubProfile"] = {"dnsPrefix": hub_dns_prefix(name)}
    b.add(
        name,
        t.GENERIC,
        fleet_resource(
            rg, "fleets", name, location=meta.location, properties=properties, tags=tags
        ),
        arm_type="Microsoft.ContainerService/fleets",
        api_version=FLEET_API_VERSION,
        protect=meta.protect,
    )
    strategy_id: str | None = None
    if spec.update_strategy is not None:
        stages = []
        for stage in spec.update_strategy.stages:
            body: dict[str, Any] = {
                "name": stage.name,
                "groups": [{"name": group} for group in stage.groups],
            }
            if stage.after_stage_wait_in_seconds is not None:
                body["afterStageWaitInSeconds"] = stage.after_stage_wait_in_seconds
            stages.append(body)
        b.add(
            f"{name}-strategy",
            t.GENERIC,
            fleet_resource(
                rg,
                "updateStrategies",
                STRATEGY_NAME,
                parent=f"fleets/{name}",
                properties={"strategy": {"stages": stages}},
            ),
            after=[name],
            arm_type="Microsoft.ContainerService/fleets/updateStrategies",
            api_version=FLEET_API_VERSION,
        )
        strategy_id = ref(f"{name}-strategy", "id")
    if spec.auto_upgrade is not None:
        auto = spec.auto_upgrade
        props: dict[str, Any] = {
            "channel": auto.channel,
            "nodeImageSelection": {"type": auto.node_image_selection},
            "disabled": auto.disabled,
        }
        if auto.target_kubernetes_version is not None:
            props["targetKubernetesVersion"] = auto.target_kubernetes_version
        if strategy_id is not None:
            props["updateStrategyId"] = strategy_id
        b.add(
            f"{name}-auto-upgrade",
            t.GENERIC,
            fleet_resource(
                rg,
                "autoUpgradeProfiles",
                AUTO_UPGRADE_NAME,
                parent=f"fleets/{name}",
                properties=props,
            ),
            after=[name],
            arm_type="Microsoft.ContainerService/fleets/autoUpgradeProfiles",
            api_version=FLEET_API_VERSION,
        )
    outputs = {"fleetName": name, "resourceGroup": rg_name, "fleetId": ref(name, "id")}
    return StackPlan(name, None, b.resources, outputs)


def render_fleet(fleet: ResolvedFleet) -> list[StackPlan]:
    """The fleet stack first, then one stack per member whose spec is valid."""
    stacks = [render_fleet_stack(fleet.fleet)]
    for member in fleet.members:
        if member.document is None:
            continue
        membership = Membership(fleet.name, fleet.resource_group, member.name, member.group)
        cluster = join_fleet(render(member.document), membership)
        stacks.append(StackPlan(member.stack, member.name, cluster.resources, cluster.outputs))
    return stacks
