"""Decide functions for moves Microsoft documents with conditions: egress migrations, the
CNI Overlay upgrade, node OS channels, API server VNet integration, private DNS zones, LTS
versions, node auto-provisioning, Fleet hubs and auto-upgrade profiles.

Each returns a `Verdict` whose `Source` names the public page and whether it says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from .arm_paths import value_at
from .decide import LEARN, SRC_OVERLAY, Decide, FieldContext, Source, Verdict

FLEET_LEARN: Final = "https://learn.microsoft.com/azure/kubernetes-fleet/"
EGRESS: Final = f"{LEARN}egress-outboundtype"
SRC_SPOT: Final = Source(
    f"{LEARN}spot-node-pool",
    True,
    "ScaleSetPriority and SpotMaxPrice can't be changed after creation",
)
SRC_LOCALDNS: Final = Source(
    f"{LEARN}localdns-custom",
    False,
    "the page configures LocalDNS on existing pools; that a change reimages the nodes is not "
    "stated in words",
)
SRC_NODE_OS: Final = Source(
    f"{LEARN}auto-upgrade-node-image",
    True,
    "a change from or to Unmanaged or None reimages the nodes; NodeImage <-> SecurityPatch "
    "takes effect at the next scheduled upgrade",
)
SRC_VNET_INTEGRATION: Final = Source(
    f"{LEARN}api-server-vnet-integration",
    True,
    "enabling it on an existing cluster is a one-way move that upgrades every node image and "
    "needs a manual restart of workloads",
)
SRC_PRIVATE_DNS_NONE: Final = Source(
    f"{LEARN}private-clusters",
    True,
    "a private cluster's DNS zone can be updated to none; the nodes are reimaged",
)
SRC_LTS: Final = Source(
    f"{LEARN}long-term-support",
    False,
    "with the AKSLongTermSupport plan a cluster upgrades from one LTS version to the next; "
    "the list of LTS versions is not checked here",
)
SRC_NO_SKIP: Final = Source(
    "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/containerservice/"
    "resource-manager/Microsoft.ContainerService/aks/stable/2026-08-01/managedClusters.json",
    True,
    'kubernetesVersion: "Kubernetes minor versions cannot be skipped ... 1.14.x -> 1.16.x is '
    'not allowed"',
)
SRC_DOWNGRADE: Final = Source(
    f"{LEARN}upgrade-aks-cluster",
    False,
    "upgrades move forward one minor version at a time; a downgrade is not described",
)
SRC_NAP_OFF: Final = Source(
    f"{LEARN}use-node-auto-provisioning",
    True,
    "node auto-provisioning is disabled on an existing cluster (mode Manual) once no "
    "Karpenter-managed nodes remain: delete the NodePools and AKSNodeClasses first",
)
SRC_HUB_UPGRADE: Final = Source(
    f"{FLEET_LEARN}quickstart-create-fleet-resources-bicep",
    True,
    "a Fleet Manager without a hub cluster can be upgraded to one with a hub cluster",
)
SRC_HUB_DOWNGRADE: Final = Source(
    f"{FLEET_LEARN}concepts-choosing-fleet",
    True,
    "a hub fleet can't be turned back into a hubless one",
)
SRC_HUB_ACCESS: Final = Source(
    f"{FLEET_LEARN}quickstart-create-fleet-resources-bicep",
    True,
    "once private or public is selected for the hub it can't be changed",
)
SRC_AUTO_UPGRADE_CREATE_ONLY: Final = Source(
    "https://github.com/Azure/azure-rest-api-specs/tree/main/specification/containerservice/"
    "resource-manager/Microsoft.ContainerService/fleet",
    True,
    "updateStrategyId and nodeImageSelection.type are create-only (x-ms-mutability: read, "
    "create) in the 2026-06-01 Fleet spec",
)

# Learn's migration matrix (egress-outboundtype, "Update outboundType after cluster
# creation"): (from, to) pairs supported on an AKS-managed VNet and on your own VNet.
_MANAGED_VNET: Final = {
    ("loadBalancer", "managedNATGateway"),
    ("loadBalancer", "userDefinedRouting"),
    ("loadBalancer", "none"),
    ("managedNATGateway", "loadBalancer"),
    ("managedNATGateway", "userDefinedRouting"),
    ("managedNATGateway", "none"),
    ("userDefinedRouting", "loadBalancer"),
    ("userDefinedRouting", "managedNATGateway"),
    ("userDefinedRouting", "none"),
    ("none", "loadBalancer"),
    ("none", "managedNATGateway"),
    ("none", "userDefinedRouting"),
}
_OWN_VNET: Final = {
    ("loadBalancer", "userAssignedNATGateway"),
    ("loadBalancer", "userDefinedRouting"),
    ("loadBalancer", "none"),
    ("userAssignedNATGateway", "loadBalancer"),
    ("userAssignedNATGateway", "userDefinedRouting"),
    ("userAssignedNATGateway", "none"),
    ("userDefinedRouting", "loadBalancer"),
    ("userDefinedRouting", "userAssignedNATGateway"),
    ("userDefinedRouting", "none"),
    ("none", "loadBalancer"),
    ("none", "userAssignedNATGateway"),
    ("none", "userDefinedRouting"),
}


def _own_vnet(inputs: Mapping[str, Any]) -> bool:
    pools = value_at(inputs, ("properties", "agentPoolProfiles")) or []
    if any(isinstance(p, dict) and p.get("vnetSubnetID") for p in pools):
        return True
    hosted = value_at(inputs, ("properties", "hostedSystemProfile", "nodeSubnetID"))
    return bool(hosted)


def outbound(ctx: FieldContext) -> Verdict:
    old_nap, new_nap = ctx.lookup("properties.nodeProvisioningProfile.mode")
    if "Auto" in (old_nap, new_nap):
        return Verdict(
            "rejected",
            Source(
                EGRESS,
                False,
                "with node auto-provisioning the outbound type is set at creation (the spec's "
                "outboundType text); the migration matrix does not cover it",
            ),
            "with node auto-provisioning the egress cannot change",
        )
    old, new = str(ctx.old or "loadBalancer"), str(ctx.new or "loadBalancer")
    own = _own_vnet(ctx.old_inputs) or _own_vnet(ctx.new_inputs)
    supported = _OWN_VNET if own else _MANAGED_VNET
    kind = "your own VNet" if own else "an AKS-managed VNet"
    source = Source(
        EGRESS,
        not own,
        f"the migration matrix for {kind}"
        + (
            ""
            if not own
            else " (read from a copy of the page; the rows for your own VNet "
            "were not seen in Microsoft's text)"
        ),
    )
    if (old, new) in supported:
        return Verdict("in-place", source, f"{old} -> {new} is a supported migration on {kind}")
    return Verdict("rejected", source, f"{old} -> {new} is not a supported migration on {kind}")


def _pools(inputs: Mapping[str, Any]) -> list[Any]:
    return list(value_at(inputs, ("properties", "agentPoolProfiles")) or [])


def plugin_mode(ctx: FieldContext) -> Verdict | None:
    if ctx.new == "overlay" and ctx.old != "overlay":
        old_policy, _ = ctx.sibling("networkPolicy")
        old_plane, new_plane = ctx.sibling("networkDataplane")
        if any(isinstance(p, dict) and p.get("podSubnetID") for p in _pools(ctx.old_inputs)):
            return Verdict(
                "rejected",
                SRC_OVERLAY_LIMITS,
                "a cluster with pod subnets (dynamic IP allocation) can't move to CNI Overlay",
            )
        if old_policy not in (None, "none"):
            return Verdict(
                "rejected",
                SRC_OVERLAY_LIMITS,
                "uninstall the network policy engine before moving to CNI Overlay",
            )
        if (old_plane or "azure") != (new_plane or "azure"):
            return Verdict(
                "rejected",
                SRC_OVERLAY_LIMITS,
                "move to CNI Overlay first, then change the dataplane in a later update",
            )
        return Verdict(
            "disruptive",
            SRC_OVERLAY,
            "moving to CNI Overlay is done in place, cannot be undone and reimages every pool",
        )
    if ctx.old == "overlay" and ctx.new != "overlay":
        return Verdict("rejected", SRC_OVERLAY, "a cluster cannot leave CNI Overlay")
    return None


SRC_OVERLAY_LIMITS: Final = Source(
    f"{LEARN}upgrade-aks-ipam-and-dataplane",
    True,
    "a cluster can move to CNI Overlay only if it doesn't use dynamic IP allocation and has no "
    "network policy enabled; the dataplane upgrade is a separate step",
)


def spot_max_price(ctx: FieldContext) -> Verdict:
    return Verdict("rejected", SRC_SPOT, "a Spot pool's price cap is fixed at creation")


def local_dns(ctx: FieldContext) -> Verdict:
    return Verdict("rolling", SRC_LOCALDNS, "a LocalDNS change reimages the pool's nodes")


def node_os_channel(ctx: FieldContext) -> Verdict:
    reimaging = {"Unmanaged", "None"}
    if {str(ctx.old), str(ctx.new)} & reimaging:
        return Verdict(
            "rolling", SRC_NODE_OS, "moving from or to Unmanaged or None reimages the nodes"
        )
    return Verdict("in-place", SRC_NODE_OS, "the node OS channel changes without a reimage")


def vnet_integration(ctx: FieldContext) -> Verdict:
    if ctx.new is True:
        return Verdict(
            "disruptive",
            SRC_VNET_INTEGRATION,
            "enabling API server VNet integration is irreversible, upgrades every node image "
            "and needs a manual restart of workloads",
        )
    return Verdict(
        "rejected",
        SRC_VNET_INTEGRATION,
        "API server VNet integration cannot be turned off",
    )


def private_dns_zone(ctx: FieldContext) -> Verdict:
    if str(ctx.new).lower() == "none":
        return Verdict(
            "rolling", SRC_PRIVATE_DNS_NONE, "the private DNS zone becomes none; nodes are reimaged"
        )
    return Verdict(
        "rejected",
        Source(
            SRC_PRIVATE_DNS_NONE.url,
            False,
            "only an update to none is documented for an existing private cluster",
        ),
        "the private DNS zone is fixed",
    )


def _version(text: Any) -> tuple[int, ...] | None:
    if not isinstance(text, str) or not re.fullmatch(r"\d+\.\d+(\.\d+)?", text):
        return None
    return tuple(int(p) for p in text.split("."))


def kubernetes_version(ctx: FieldContext) -> Verdict | None:
    old, new = _version(ctx.old), _version(ctx.new)
    if old is None or new is None:
        return None
    if new[:2] < old[:2] or (len(old) == len(new) == 3 and new < old):
        return Verdict("rejected", SRC_DOWNGRADE, "a Kubernetes downgrade")
    if new[0] == old[0] and new[1] - old[1] > 1:
        plans = ctx.lookup("properties.supportPlan")
        if all(plan == "AKSLongTermSupport" for plan in plans):
            return Verdict(
                "rolling",
                SRC_LTS,
                "an LTS cluster upgrades to the next LTS version, skipping minor versions",
            )
        return Verdict("rejected", SRC_NO_SKIP, "skips a Kubernetes minor version")
    return None


def nap_mode(ctx: FieldContext) -> Verdict:
    if ctx.new == "Auto":
        return Verdict("in-place", SRC_NAP_ON, "node auto-provisioning is enabled in place")
    return Verdict(
        "disruptive",
        SRC_NAP_OFF,
        "node auto-provisioning is turned off in place once its NodePools and nodes are gone",
    )


SRC_NAP_ON: Final = Source(
    f"{LEARN}use-node-auto-provisioning", True, "enable NAP on an existing cluster"
)


def hub(ctx: FieldContext) -> Verdict:
    if ctx.old is not None and ctx.new is None:
        return Verdict(
            "rejected", SRC_HUB_DOWNGRADE, "a hub fleet cannot be turned back into a hubless one"
        )
    if ctx.old is None and ctx.new is not None:
        return Verdict("in-place", SRC_HUB_UPGRADE, "a hubless fleet gains a hub cluster")
    if ctx.path and ctx.path[-1] == "dnsPrefix":
        return Verdict(
            "rejected",
            Source(
                "https://github.com/Azure/azure-rest-api-specs/tree/main/specification/"
                "containerservice/resource-manager/Microsoft.ContainerService/fleet",
                False,
                "hubProfile.dnsPrefix is create-only in the 2026-06-01 Fleet spec",
            ),
            "the hub's DNS prefix is fixed",
        )
    return Verdict("rejected", SRC_HUB_ACCESS, "the hub's settings are fixed once it exists")


def create_only_auto_upgrade(ctx: FieldContext) -> Verdict:
    return Verdict(
        "rejected", SRC_AUTO_UPGRADE_CREATE_ONLY, "set when the auto-upgrade profile is created"
    )


DECIDERS: Final[Mapping[str, Decide]] = {
    fn.__name__: fn
    for fn in (
        outbound,
        plugin_mode,
        spot_max_price,
        local_dns,
        node_os_channel,
        vnet_integration,
        private_dns_zone,
        kubernetes_version,
        nap_mode,
        hub,
        create_only_auto_upgrade,
    )
}
