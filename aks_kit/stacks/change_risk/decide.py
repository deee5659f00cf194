"""The change table's decide functions: the class of a change whose class depends on the values.

A table entry names one of these (`decide: os_sku`); `DECIDERS` is the registry the table
loader checks names against. Each returns a `Verdict` with its own public source, or None to
keep the entry's class.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from aks_kit.presets.facts import UNCONFIRMED_MARK

from .arm_paths import Path, parse_path, value_at

ChangeClass = Literal[
    "create", "in-place", "rolling", "disruptive", "rejected", "replacement", "deletion"
]
UNCONFIRMED: Final = UNCONFIRMED_MARK
"""Marks an unconfirmed source in a change; outputs explain it once (a legend)."""


@dataclass(frozen=True)
class Source:
    """A public source URL, whether it confirms the class, and what it says (or lacks)."""

    url: str
    confirmed: bool
    note: str = ""

    @property
    def text(self) -> str:
        """One line for a change: the URL and its note; unconfirmed ones say so first."""
        text = f"{self.url} ({self.note})" if self.note else self.url
        return text if self.confirmed else f"{text} {UNCONFIRMED}"


@dataclass(frozen=True)
class FieldContext:
    """What a decide function sees: the leaf's old and new values and both inputs."""

    path: Path
    old: Any
    new: Any
    old_inputs: Mapping[str, Any]
    new_inputs: Mapping[str, Any]

    def sibling(self, key: str) -> tuple[Any, Any]:
        at = (*self.path[:-1], key)
        return value_at(self.old_inputs, at), value_at(self.new_inputs, at)

    def lookup(self, dotted: str) -> tuple[Any, Any]:
        at = parse_path(dotted)
        return value_at(self.old_inputs, at), value_at(self.new_inputs, at)


@dataclass(frozen=True)
class Verdict:
    change_class: ChangeClass
    source: Source
    why: str


Decide = Callable[[FieldContext], Verdict | None]

LEARN: Final = "https://learn.microsoft.com/azure/aks/"
SPEC: Final = (
    "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/containerservice/"
    "resource-manager/Microsoft.ContainerService/aks/stable/2026-08-01/managedClusters.json"
)
IPAM: Final = f"{LEARN}upgrade-aks-ipam-and-dataplane"
SRC_OS_SKU: Final = Source(
    "https://learn.microsoft.com/azure/azure-linux/tutorial-azure-linux-migration",
    True,
    "a pool's OS SKU moves between Ubuntu and Azure Linux in place, a rolling reimage: "
    "az aks nodepool update --os-sku",
)
SRC_OVERLAY: Final = Source(
    IPAM,
    True,
    "upgrading to CNI Overlay is irreversible and reimages every node pool at once; "
    "--pod-cidr is required from node-subnet CNI",
)
SRC_CILIUM: Final = Source(
    IPAM,
    True,
    "the Cilium dataplane is enabled in place, cannot be undone and reimages every pool "
    f"(also {LEARN}azure-cni-powered-by-cilium)",
)
SRC_POLICY_UNINSTALL: Final = Source(
    IPAM, True, "uninstall Azure Network Policy Manager or Calico on an existing cluster"
)
SRC_OUTBOUND: Final = Source(
    f"{LEARN}egress-outboundtype",
    True,
    "outboundType changes in place: az aks update --outbound-type; the 2026-08-01 API text "
    "still says create-only",
)
SRC_OUTBOUND_NAP: Final = Source(
    SPEC, True, "outboundType: not changeable with node auto provisioning"
)
SRC_BASE_TO_AUTOMATIC: Final = Source(
    f"{LEARN}automatic/aks-automatic-sku-migration",
    True,
    "moving from Base to Automatic is not supported",
)
SRC_AUTOMATIC_TO_BASE: Final = Source(f"{LEARN}automatic/aks-automatic-sku-migration", True)
SRC_VNET_INTEGRATION: Final = Source(f"{LEARN}api-server-vnet-integration", True)
SRC_NAP: Final = Source(f"{LEARN}use-node-auto-provisioning", True)
SRC_DEFAULT_NODE_POOLS: Final = Source(
    SPEC,
    True,
    "nodeProvisioningProfile.defaultNodePools: Auto -> None deletes the default NodePools",
)
SRC_FLEET_HUB: Final = Source(
    "https://learn.microsoft.com/azure/kubernetes-fleet/concepts-choosing-fleet",
    True,
    "a hub fleet can't be turned back into a hubless one",
)
SRC_VERSIONS: Final = f"{LEARN}supported-kubernetes-versions"


def _unset(value: Any) -> bool:
    return value is None or value == "none" or value == "None"


_OS_FAMILY: Final = {
    "Ubuntu": "ubuntu",
    "Ubuntu2204": "ubuntu",
    "Ubuntu2404": "ubuntu",
    "AzureLinux": "azurelinux",
    "AzureLinux3": "azurelinux",
    "CBLMariner": "azurelinux",
}


def os_sku(ctx: FieldContext) -> Verdict:
    # The spec's osSKU: "The default is Ubuntu if OSType is Linux".
    old, new = ctx.old or "Ubuntu", ctx.new or "Ubuntu"
    old_family, new_family = _OS_FAMILY.get(str(old)), _OS_FAMILY.get(str(new))
    if old_family is None or new_family is None:
        return Verdict(
            "rejected",
            Source(
                SRC_OS_SKU.url,
                False,
                "only moves between Ubuntu and Azure Linux are documented in place",
            ),
            "Azure changes a pool's OS SKU in place only between Ubuntu and Azure Linux",
        )
    if old_family != new_family:
        return Verdict(
            "rolling", SRC_OS_SKU, "Ubuntu <-> Azure Linux is an in-place rolling reimage"
        )
    return Verdict(
        "rolling",
        Source(
            f"{LEARN}upgrade-os-version",
            True,
            "an existing pool moves to another OS version of its family through its OS SKU "
            "(e.g. Azure Linux 2.0 pools to AzureLinux3)",
        ),
        "a new OS version of the same family: nodes are reimaged",
    )


def dataplane(ctx: FieldContext) -> Verdict | None:
    old, new = ctx.old or "azure", ctx.new or "azure"
    if new == "cilium" and old != "cilium":
        return Verdict(
            "disruptive",
            SRC_CILIUM,
            "the Cilium dataplane is enabled in place, cannot be undone and reimages every pool",
        )
    if old == "cilium" and new != "cilium":
        return Verdict("rejected", SRC_CILIUM, "a cluster cannot leave the Cilium dataplane")
    return None


def plugin(ctx: FieldContext) -> Verdict:
    _, mode = ctx.sibling("networkPluginMode")
    if ctx.old == "kubenet" and ctx.new == "azure" and mode == "overlay":
        return Verdict(
            "disruptive",
            SRC_OVERLAY,
            "kubenet -> Azure CNI Overlay is an in-place upgrade that cannot be undone and "
            "reimages every pool",
        )
    return Verdict(
        "rejected",
        Source(
            IPAM,
            False,
            "no in-place move between network plugins is documented other than kubenet -> "
            "Azure CNI Overlay",
        ),
        "the network plugin is fixed once the cluster exists",
    )


def policy(ctx: FieldContext) -> Verdict:
    old_plane, new_plane = ctx.sibling("networkDataplane")
    if ctx.new == "cilium" and new_plane == "cilium" and old_plane != "cilium":
        return Verdict(
            "disruptive", SRC_CILIUM, "Cilium network policy comes with the Cilium dataplane"
        )
    if ctx.old in ("azure", "calico") and _unset(ctx.new):
        return Verdict(
            "in-place", SRC_POLICY_UNINSTALL, "uninstalling Azure NPM or Calico is supported"
        )
    if _unset(ctx.old) and ctx.new in ("azure", "calico"):
        return Verdict(
            "in-place",
            Source(
                f"{LEARN}use-network-policies",
                False,
                "enabling Azure NPM or Calico on an existing cluster was not read in a "
                "Microsoft doc",
            ),
            "network policy engine installed on the running cluster",
        )
    return Verdict(
        "rejected",
        Source(
            f"{LEARN}use-network-policies",
            False,
            "no documented in-place move between network policy engines",
        ),
        "the network policy engine cannot be switched in place",
    )


def _is_supernet(old: Any, new: Any) -> bool:
    try:
        old_net = ipaddress.ip_network(str(old), strict=False)
        new_net = ipaddress.ip_network(str(new), strict=False)
    except ValueError:
        return False
    if isinstance(old_net, ipaddress.IPv4Network) and isinstance(new_net, ipaddress.IPv4Network):
        return new_net != old_net and old_net.subnet_of(new_net)
    if isinstance(old_net, ipaddress.IPv6Network) and isinstance(new_net, ipaddress.IPv6Network):
        return new_net != old_net and old_net.subnet_of(new_net)
    return False


def pod_cidr(ctx: FieldContext) -> Verdict:
    old_mode, new_mode = ctx.sibling("networkPluginMode")
    if new_mode == "overlay" and old_mode != "overlay" and ctx.new:
        return Verdict(
            "disruptive",
            SRC_OVERLAY,
            "the pod CIDR of the CNI Overlay upgrade (irreversible; every pool is reimaged)",
        )
    if old_mode == new_mode == "overlay" and _is_supernet(ctx.old, ctx.new):
        return Verdict(
            "in-place",
            Source(
                f"{LEARN}azure-cni-overlay",
                False,
                "Linux-only overlay clusters can expand the pod CIDR; the exact rule (a "
                "supernet of the old range) was not read",
            ),
            "the overlay pod CIDR grows to a range containing the old one",
        )
    return Verdict(
        "rejected",
        Source(
            f"{LEARN}azure-cni-overlay",
            False,
            "no documented way to change the pod CIDR of a running cluster other than "
            "expanding an overlay one",
        ),
        "the pod CIDR is fixed once the cluster exists",
    )


def _version(text: Any) -> tuple[int, ...] | None:
    if not isinstance(text, str) or not re.fullmatch(r"\d+\.\d+(\.\d+)?", text):
        return None
    return tuple(int(p) for p in text.split("."))


def sku_name(ctx: FieldContext) -> Verdict:
    if ctx.old == "Automatic" and ctx.new == "Base":
        return Verdict(
            "in-place",
            SRC_AUTOMATIC_TO_BASE,
            "Automatic -> Base is supported once a self-managed System pool exists",
        )
    return Verdict(
        "rejected", SRC_BASE_TO_AUTOMATIC, "an existing cluster cannot move to Automatic"
    )


def private_cluster(ctx: FieldContext) -> Verdict:
    _, integrated = ctx.sibling("enableVnetIntegration")
    if integrated is True:
        return Verdict(
            "in-place",
            SRC_VNET_INTEGRATION,
            "with API server VNet integration a cluster switches public/private in place",
        )
    return Verdict(
        "rejected",
        Source(
            SRC_VNET_INTEGRATION.url,
            False,
            "the switch is documented only with API server VNet integration",
        ),
        "without API server VNet integration a cluster cannot switch public/private",
    )


def oidc(ctx: FieldContext) -> Verdict:
    url = f"{LEARN}use-oidc-issuer"
    if ctx.new is True:
        return Verdict(
            "in-place",
            Source(url, False, "enabling the OIDC issuer on an existing cluster (not read here)"),
            "the OIDC issuer is enabled in place",
        )
    return Verdict(
        "rejected",
        Source(url, False, "the OIDC issuer cannot be disabled once enabled (not read here)"),
        "the OIDC issuer cannot be disabled",
    )


def default_node_pools(ctx: FieldContext) -> Verdict:
    if ctx.old in (None, "Auto") and ctx.new == "None":
        return Verdict(
            "disruptive",
            SRC_DEFAULT_NODE_POOLS,
            "the default NodePools are deleted with the nodes they provisioned",
        )
    return Verdict("in-place", SRC_NAP, "node auto provisioning settings change in place")


def aad_managed(ctx: FieldContext) -> Verdict:
    url = f"{LEARN}managed-azure-ad"
    if ctx.new is True:
        return Verdict(
            "in-place",
            Source(
                url, False, "enabling AKS-managed Entra ID on an existing cluster (not read here)"
            ),
            "AKS-managed Entra ID is enabled in place",
        )
    return Verdict(
        "rejected",
        Source(url, False, "AKS-managed Entra ID cannot be disabled (not read here)"),
        "AKS-managed Entra ID cannot be turned off",
    )


DECIDERS: Final[Mapping[str, Decide]] = {
    fn.__name__: fn
    for fn in (
        os_sku,
        dataplane,
        plugin,
        policy,
        pod_cidr,
        sku_name,
        private_cluster,
        oidc,
        default_node_pools,
        aad_managed,
    )
}
"""The decide functions a table entry may name."""
