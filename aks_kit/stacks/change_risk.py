"""`plan --against`: what a new plan does to what the old plan built, and whether Azure takes it.

`diff_plans(old, new)` compares two plan documents (design §5) resource by resource, matched by
`(stack, logical name)`, and classifies every changed input leaf with `FIELD_CLASSES`:

- `in-place`: ARM updates the resource; nodes are not reimaged (scale, tags, autoscaler, ...).
- `rolling`: nodes are reimaged by a surge upgrade (OS SKU, node image, kubelet config, ...).
- `disruptive`: in place but irreversible and every pool is reimaged at once (CNI Overlay,
  the Cilium dataplane).
- `rejected`: ARM refuses the update of an immutable field (a pool's VM size, zones, ...).
- `replacement`: azure-native replaces the resource (a new name, resource group or region).
- `create` / `deletion`: the resource is new, or gone from the new plan.

Each table entry carries its source: an ARM spec note or a Microsoft doc. What could not be
sourced says `UNCONFIRMED` in the table and in every change it classifies; a field with no
entry at all is `in-place` and `UNCONFIRMED`. Rejected, replaced and deleted clusters, pools,
subnets, identities and resource groups are error findings (replacement and deletion become
warnings with `allow_replace`; a rejected update stays an error, since ARM refuses it),
so `plan --against` can block a pull request the way `up` blocks a preview (design §6).

Pure: no pulumi or azure imports; the input is JSON, the output is JSON-ready.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal, cast

from aks_kit.presets.findings import Finding, Level, format_value, has_errors
from aks_kit.stacks.types import GUARDED_ARM_TYPES

from .rendered import references

ChangeClass = Literal[
    "create", "in-place", "rolling", "disruptive", "rejected", "replacement", "deletion"
]
Op = Literal["create", "update", "delete"]

CLASSES: Final[tuple[ChangeClass, ...]] = (
    "rejected",
    "replacement",
    "deletion",
    "disruptive",
    "rolling",
    "in-place",
    "create",
)
"""Most severe first: the order of the summary and of the changes within a stack."""

CLUSTER: Final = "Microsoft.ContainerService/managedClusters"
FLEET: Final = "Microsoft.ContainerService/fleets"
POOL: Final = "Microsoft.ContainerService/managedClusters/agentPools"
MAINTENANCE: Final = "Microsoft.ContainerService/managedClusters/maintenanceConfigurations"
GENERIC_TYPE: Final = "azure-native:resources:Resource"
LAYER: Final = "plan --against"
UNCONFIRMED: Final = "UNCONFIRMED"
NO_ENTRY: Final = "UNCONFIRMED: no entry in the change table"

# Design §6: what `up` refuses to replace or delete without --allow-replace.
GUARDED: Final = GUARDED_ARM_TYPES
BLOCKING: Final[frozenset[ChangeClass]] = frozenset({"rejected", "replacement", "deletion"})
"""Error findings on GUARDED resources; `allow_replace` turns replacements and deletions
(not rejected updates) into warnings."""


# ---------------------------------------------------------------------------------------------
# Sources. Doc paths are the published form of aks-facts' source keys (articles/aks/X.md is
# https://learn.microsoft.com/azure/aks/X); the S1 notes are descriptions in the pinned API
# (azure-rest-api-specs .../stable/2026-08-01/managedClusters.json, also in the docstrings of
# azure-mgmt-containerservice 41.x's models).

LEARN: Final = "https://learn.microsoft.com/azure/aks/"
S1: Final = "ARM spec 2026-08-01 (managedClusters.json)"
SRC_VM_SIZE: Final = (
    f"{LEARN}manage-node-pools (\"You can't change the VM size of a node pool after you create "
    f'it"); in-place resize of VMSS pools is preview only ({LEARN}resize-node-pool); '
    "aks-facts §6"
)
SRC_OS_DISK_TYPE: Final = f'{S1} osDiskType: "May not be changed after creation"'
SRC_HOST_GROUP: Final = (
    f'{S1} hostGroupID: "used only in creation scenario and not allowed to changed once set"'
)
SRC_DNS_PREFIX: Final = (
    f'{S1} dnsPrefix / fqdnSubdomain: "This cannot be updated once the Managed Cluster has been '
    'created"'
)
SRC_NODE_IMAGE: Final = (
    f'{S1} nodeImageVersion: "Setting this value triggers an agentPool rollback"'
)
SRC_ZONES: Final = (
    f"{LEARN}reliability-availability-zones-configure (\"You can't change the number of "
    'availability zones after you create a node pool")'
)
SRC_OS_SKU: Final = (
    "aks-facts §6 (a pool's osSku moves between Ubuntu and Azure Linux in place, a rolling "
    "reimage: az aks nodepool update --os-sku); "
    "https://learn.microsoft.com/azure/azure-linux/tutorial-azure-linux-migration"
)
SRC_INLINE_POOLS: Final = (
    "aks-facts §6: ARM refuses to add or remove pools in the inline agentPoolProfiles after "
    "creation (pulumi-azure-native #2719, #579); design §5"
)
SRC_OVERLAY: Final = (
    f"{LEARN}upgrade-aks-ipam-and-dataplane (upgrading to CNI Overlay is irreversible and "
    "reimages every node pool at once; --pod-cidr is required from node-subnet CNI); "
    "aks-facts §6"
)
SRC_CILIUM: Final = (
    f"{LEARN}upgrade-aks-ipam-and-dataplane, {LEARN}azure-cni-powered-by-cilium (the Cilium "
    "dataplane is enabled in place, cannot be undone and reimages every pool); aks-facts §6"
)
SRC_POLICY_UNINSTALL: Final = (
    f"{LEARN}upgrade-aks-ipam-and-dataplane (uninstall Azure Network Policy Manager or Calico "
    "on an existing cluster)"
)
SRC_AUTOSCALER: Final = f"{LEARN}cluster-autoscaler (aks-facts C1, §3.4)"
SRC_POOL_UPDATE: Final = (
    "https://learn.microsoft.com/powershell/module/az.aks/update-azaksnodepool (updatable: "
    "NodeCount, MinCount, MaxCount, EnableAutoScaling, Mode, NodeLabel, NodeTaint, Tag, "
    "MaxSurge, MaxUnavailable, DrainTimeoutInMinute, NodeSoakDurationInMinute, "
    "UndrainableNodeBehavior, ScaleDownMode, NetworkProfile, EnableSecureBoot, EnableVtpm, "
    "SshAccess)"
)
SRC_ROLLING: Final = f"{LEARN}upgrade-aks-node-pools-rolling (aks-facts U1)"
SRC_UPGRADE_CHANNEL: Final = f"{LEARN}auto-upgrade-cluster (aks-facts A10)"
SRC_NODE_OS_CHANNEL: Final = (
    f'{LEARN}auto-upgrade-node-os-image (aks-facts A10: "Once you change from one channel to '
    'another channel, a reimage is triggered")'
)
SRC_MAINTENANCE: Final = f"{LEARN}planned-maintenance (aks-facts A10)"
SRC_OUTBOUND: Final = (
    f"aks-facts §6 (outboundType changes in place: az aks update --outbound-type, "
    f"{LEARN}egress-outboundtype; the 2026-08-01 API text still says create-only)"
)
SRC_OUTBOUND_NAP: Final = (
    f"{S1} outboundType and aks-facts §2.2 (N1): not with node auto provisioning"
)
SRC_TIER: Final = f"{LEARN}free-standard-pricing-tiers (aks-facts P1)"
SRC_BASE_TO_AUTOMATIC: Final = (
    "aks-facts §1.2 (A2, aks-automatic-limitations 2026-07): moving from Base to Automatic is "
    "not supported"
)
SRC_AUTOMATIC_TO_BASE: Final = f"{LEARN}automatic/aks-automatic-sku-migration (aks-facts A5)"
SRC_VNET_INTEGRATION: Final = f"{LEARN}api-server-vnet-integration (aks-facts A9)"
SRC_HOSTED_SYSTEM: Final = (
    f"{LEARN}automatic/aks-automatic-managed-system-node-pools-about (aks-facts A4; A2: existing "
    "clusters cannot migrate and must be rebuilt; the managed system pool cannot be deleted)"
)
SRC_NAP: Final = f"{LEARN}use-node-auto-provisioning (aks-facts N1)"
SRC_DEFAULT_NODE_POOLS: Final = (
    f"{S1} nodeProvisioningProfile.defaultNodePools (aks-facts §4.2): Auto -> None deletes the "
    "default NodePools"
)
SRC_PATH_PARAMETER: Final = (
    'pulumi-azure-native provider/pkg/provider/diff.go: "All the parameters that are part of '
    'the resource path cause a replacement"'
)
SRC_LOCATION: Final = (
    "ARM spec TrackedResource.location is create-only (visibility read+create in "
    "azure-mgmt-containerservice 41.x); azure-native replaces on create-only (forceNew) "
    "properties (provider/pkg/provider/diff.go)"
)
SRC_FLEET_HUB: Final = (
    "https://learn.microsoft.com/azure/kubernetes-fleet/concepts-choosing-fleet (aks-facts §3.7, "
    "F1): a hub fleet can't be turned back into a hubless one"
)
SRC_IGNORED: Final = "design §5: drift AKS causes itself is ignored on purpose (ignoreChanges)"
SRC_CREATE: Final = "aks-kit plan: the resource is new"
SRC_DELETE: Final = "aks-kit plan: the resource is gone from the new plan"
SRC_LOGICAL_NAME: Final = (
    "Pulumi: a new logical name is a new URN, so the resource is created and the old one "
    "deleted (no alias); design §6: the stack is named after metadata.name"
)


# ---------------------------------------------------------------------------------------------
# Paths: tuples of tokens. A key is a token; an item of a list of named objects is `[name]`.

Path = tuple[str, ...]
_TOKEN = re.compile(r"\[[^\]]*\]|[^.\[]+")
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class _Missing:
    """An absent key (distinct from an explicit null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def parse_path(text: str) -> Path:
    """`properties.agentPoolProfiles[system].vmSize` -> its tokens (patterns too)."""
    return tuple(_TOKEN.findall(text))


def render_path(path: Sequence[str]) -> str:
    out = ""
    for token in path:
        if token.startswith("["):
            out += token
        elif _PLAIN_KEY.match(token):
            out += f".{token}" if out else token
        else:
            out += f'["{token}"]'
    return out


def _match(pattern: Path, path: Path) -> bool:
    if not pattern:
        return not path
    head = pattern[0]
    if head == "**":
        return True
    if not path:
        return False
    token = path[0]
    if head == "[*]":
        ok = token.startswith("[")
    elif head == "*":
        ok = not token.startswith("[")
    else:
        ok = head == token
    return ok and _match(pattern[1:], path[1:])


def _get(root: Any, path: Sequence[str]) -> Any:
    """The value at `path` (named list items by name), or None."""
    node = root
    for token in path:
        if token.startswith("["):
            name = token[1:-1]
            if not isinstance(node, list):
                return None
            node = next(
                (i for i in node if isinstance(i, dict) and str(i.get("name")) == name), None
            )
        elif isinstance(node, dict):
            node = node.get(token)
        else:
            return None
        if node is None:
            return None
    return node


# ---------------------------------------------------------------------------------------------
# The change table


@dataclass(frozen=True)
class FieldContext:
    """What a value-dependent rule sees: the leaf's old and new values and both inputs."""

    path: Path
    old: Any
    new: Any
    old_inputs: Mapping[str, Any]
    new_inputs: Mapping[str, Any]

    def sibling(self, key: str) -> tuple[Any, Any]:
        at = (*self.path[:-1], key)
        return _get(self.old_inputs, at), _get(self.new_inputs, at)

    def lookup(self, dotted: str) -> tuple[Any, Any]:
        at = parse_path(dotted)
        return _get(self.old_inputs, at), _get(self.new_inputs, at)


@dataclass(frozen=True)
class Verdict:
    change_class: ChangeClass
    source: str
    why: str


Decide = Callable[[FieldContext], Verdict | None]


@dataclass(frozen=True)
class FieldRule:
    """(armType, path pattern) -> (class, source). `*` matches one key, `[*]` one named list
    item, `**` the rest. `decide`, when set, picks the class from the values (None: default)."""

    arm_type: str
    pattern: str
    change_class: ChangeClass
    source: str
    why: str
    decide: Decide | None = None

    @property
    def tokens(self) -> Path:
        return parse_path(self.pattern)

    @property
    def confirmed(self) -> bool:
        return UNCONFIRMED not in self.source


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


def _os_sku(ctx: FieldContext) -> Verdict:
    # S1 osSKU: "The default is Ubuntu if OSType is Linux".
    old, new = ctx.old or "Ubuntu", ctx.new or "Ubuntu"
    old_family, new_family = _OS_FAMILY.get(str(old)), _OS_FAMILY.get(str(new))
    if old_family is None or new_family is None:
        return Verdict(
            "rejected",
            "UNCONFIRMED: only moves between Ubuntu and Azure Linux are documented in place "
            "(aks-facts §6)",
            "Azure changes a pool's OS SKU in place only between Ubuntu and Azure Linux",
        )
    if old_family != new_family:
        return Verdict(
            "rolling", SRC_OS_SKU, "Ubuntu <-> Azure Linux is an in-place rolling reimage"
        )
    return Verdict(
        "rolling",
        "UNCONFIRMED: a version move within one OS family (e.g. AzureLinux -> AzureLinux3) "
        "through --os-sku was read only in a Microsoft Q&A answer",
        "a new OS version of the same family: nodes are reimaged",
    )


def _plugin_mode(ctx: FieldContext) -> Verdict | None:
    if ctx.new == "overlay" and ctx.old != "overlay":
        return Verdict(
            "disruptive",
            SRC_OVERLAY,
            "moving to CNI Overlay is done in place, cannot be undone and reimages every pool",
        )
    if ctx.old == "overlay" and ctx.new != "overlay":
        return Verdict("rejected", SRC_OVERLAY, "a cluster cannot leave CNI Overlay")
    return None


def _dataplane(ctx: FieldContext) -> Verdict | None:
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


def _plugin(ctx: FieldContext) -> Verdict:
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
        "UNCONFIRMED: no in-place move between network plugins is documented other than "
        "kubenet -> Azure CNI Overlay",
        "the network plugin is fixed once the cluster exists",
    )


def _policy(ctx: FieldContext) -> Verdict:
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
            "UNCONFIRMED: enabling Azure NPM or Calico on an existing cluster was not read in a "
            "Microsoft doc",
            "network policy engine installed on the running cluster",
        )
    return Verdict(
        "rejected",
        "UNCONFIRMED: no documented in-place move between network policy engines",
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


def _pod_cidr(ctx: FieldContext) -> Verdict:
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
            "UNCONFIRMED: aks-facts §3.5 (NW) says Linux-only overlay clusters can expand the "
            "pod CIDR; the exact rule (a supernet of the old range) was not read",
            "the overlay pod CIDR grows to a range containing the old one",
        )
    return Verdict(
        "rejected",
        "UNCONFIRMED: no documented way to change the pod CIDR of a running cluster other than "
        "expanding an overlay one",
        "the pod CIDR is fixed once the cluster exists",
    )


def _version(text: Any) -> tuple[int, ...] | None:
    if not isinstance(text, str) or not re.fullmatch(r"\d+\.\d+(\.\d+)?", text):
        return None
    return tuple(int(p) for p in text.split("."))


def _kubernetes_version(ctx: FieldContext) -> Verdict | None:
    old, new = _version(ctx.old), _version(ctx.new)
    if old is None or new is None:
        return None  # unset on one side: the running version is not in the plan
    if new[:2] < old[:2] or (len(old) == len(new) == 3 and new < old):
        return Verdict(
            "rejected",
            "UNCONFIRMED: AKS does not downgrade Kubernetes (no Microsoft doc read here)",
            "a Kubernetes downgrade",
        )
    if new[0] == old[0] and new[1] - old[1] > 1:
        return Verdict(
            "rejected",
            "UNCONFIRMED: AKS upgrades one minor version at a time (no Microsoft doc read here)",
            "skips a Kubernetes minor version",
        )
    return None


def _sku_name(ctx: FieldContext) -> Verdict:
    if ctx.old == "Automatic" and ctx.new == "Base":
        return Verdict(
            "in-place",
            SRC_AUTOMATIC_TO_BASE,
            "Automatic -> Base is supported once a self-managed System pool exists",
        )
    return Verdict(
        "rejected", SRC_BASE_TO_AUTOMATIC, "an existing cluster cannot move to Automatic"
    )


def _outbound(ctx: FieldContext) -> Verdict:
    old_nap, new_nap = ctx.lookup("properties.nodeProvisioningProfile.mode")
    if "Auto" in (old_nap, new_nap):
        return Verdict(
            "rejected", SRC_OUTBOUND_NAP, "with node auto provisioning the egress cannot change"
        )
    return Verdict("in-place", SRC_OUTBOUND, "the egress type changes in place, within limits")


def _vnet_integration(ctx: FieldContext) -> Verdict:
    if ctx.new is True:
        return Verdict(
            "in-place", SRC_VNET_INTEGRATION, "API server VNet integration is enabled in place"
        )
    return Verdict(
        "rejected",
        "UNCONFIRMED: turning API server VNet integration off was not read in aks-facts A9",
        "API server VNet integration cannot be turned off",
    )


def _private_cluster(ctx: FieldContext) -> Verdict:
    _, integrated = ctx.sibling("enableVnetIntegration")
    if integrated is True:
        return Verdict(
            "in-place",
            SRC_VNET_INTEGRATION,
            "with API server VNet integration a cluster switches public/private in place",
        )
    return Verdict(
        "rejected",
        "UNCONFIRMED: aks-facts A9 documents the switch only with API server VNet integration",
        "without API server VNet integration a cluster cannot switch public/private",
    )


def _oidc(ctx: FieldContext) -> Verdict:
    if ctx.new is True:
        return Verdict(
            "in-place",
            "UNCONFIRMED: enabling the OIDC issuer on an existing cluster (use-oidc-issuer, not "
            "read here)",
            "the OIDC issuer is enabled in place",
        )
    return Verdict(
        "rejected",
        "UNCONFIRMED: the OIDC issuer cannot be disabled once enabled (use-oidc-issuer, not "
        "read here)",
        "the OIDC issuer cannot be disabled",
    )


def _default_node_pools(ctx: FieldContext) -> Verdict:
    if ctx.old in (None, "Auto") and ctx.new == "None":
        return Verdict(
            "disruptive",
            SRC_DEFAULT_NODE_POOLS,
            "the default NodePools are deleted with the nodes they provisioned",
        )
    return Verdict("in-place", SRC_NAP, "node auto provisioning settings change in place")


def _nap_mode(ctx: FieldContext) -> Verdict:
    if ctx.new == "Auto":
        return Verdict("in-place", SRC_NAP, "node auto provisioning is enabled in place")
    return Verdict(
        "rejected",
        "UNCONFIRMED: turning node auto provisioning off was not read in aks-facts N1",
        "node auto provisioning cannot be turned off",
    )


def _aad_managed(ctx: FieldContext) -> Verdict:
    if ctx.new is True:
        return Verdict(
            "in-place",
            "UNCONFIRMED: enabling AKS-managed Entra ID on an existing cluster (not read here)",
            "AKS-managed Entra ID is enabled in place",
        )
    return Verdict(
        "rejected",
        "UNCONFIRMED: AKS-managed Entra ID cannot be disabled (not read here)",
        "AKS-managed Entra ID cannot be turned off",
    )


# Pool fields, relative to a pool body: `properties.` of an agentPools resource, and
# `properties.agentPoolProfiles[<name>].` of the cluster (the inline pool).
_POOL_FIELDS: Final[tuple[tuple[str, ChangeClass, str, str, Decide | None], ...]] = (
    ("vmSize", "rejected", SRC_VM_SIZE, "Azure refuses to change a pool's VM size", None),
    ("osDiskType", "rejected", SRC_OS_DISK_TYPE, "a pool's OS disk type is fixed", None),
    (
        "osDiskSizeGB",
        "rejected",
        "UNCONFIRMED: PropertyChangeNotAllowed reported in public IaC; no Microsoft doc read",
        "a pool's OS disk size is fixed",
        None,
    ),
    ("availabilityZones", "rejected", SRC_ZONES, "a pool's zones are fixed", None),
    (
        "maxPods",
        "rejected",
        "UNCONFIRMED: set at pool creation (PSRule Azure.AKS.NodeMinPods); not in the updatable "
        "parameters of Update-AzAksNodePool",
        "a pool's max pods per node is fixed",
        None,
    ),
    (
        "vnetSubnetID",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read on moving a pool to another subnet",
        "a pool's node subnet is fixed",
        None,
    ),
    (
        "podSubnetID",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read on moving a pool to another pod subnet",
        "a pool's pod subnet is fixed",
        None,
    ),
    (
        "podIPAllocationMode",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read",
        "a pool's pod IP allocation mode is fixed",
        None,
    ),
    (
        "osType",
        "rejected",
        "UNCONFIRMED: Linux <-> Windows is a different pool (no doc read)",
        "a pool's OS type is fixed",
        None,
    ),
    (
        "type",
        "rejected",
        "UNCONFIRMED: VMSS <-> VirtualMachines is a different pool (no doc read)",
        "a pool's VM set type is fixed",
        None,
    ),
    (
        "kubeletDiskType",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read",
        "a pool's kubelet disk type is fixed",
        None,
    ),
    (
        "enableEncryptionAtHost",
        "rejected",
        "UNCONFIRMED: host encryption is chosen at pool creation (enable-host-encryption, not "
        "read here)",
        "host encryption is fixed per pool",
        None,
    ),
    (
        "scaleSetPriority",
        "rejected",
        "UNCONFIRMED: PropertyChangeNotAllowed on spot pool updates (pulumi-azure-native #959)",
        "Spot vs Regular is fixed per pool",
        None,
    ),
    (
        "scaleSetEvictionPolicy",
        "rejected",
        "UNCONFIRMED: PropertyChangeNotAllowed on spot pool updates (pulumi-azure-native #959)",
        "a Spot pool's eviction policy is fixed",
        None,
    ),
    ("hostGroupID", "rejected", SRC_HOST_GROUP, "a pool's dedicated host group is fixed", None),
    ("creationData.**", "rejected", "UNCONFIRMED: a snapshot is a creation input", "", None),
    ("osSKU", "rolling", SRC_OS_SKU, "", _os_sku),
    ("nodeImageVersion", "rolling", SRC_NODE_IMAGE, "the node image is rolled", None),
    ("orchestratorVersion", "rolling", SRC_ROLLING, "a Kubernetes upgrade of the pool", None),
    (
        "kubeletConfig.**",
        "rolling",
        "UNCONFIRMED: custom node configuration (custom-node-configuration) is documented at "
        "create time; an update, where accepted, reimages the nodes",
        "kubelet configuration reaches nodes by reimage",
        None,
    ),
    (
        "linuxOSConfig.**",
        "rolling",
        "UNCONFIRMED: custom node configuration (custom-node-configuration) is documented at "
        "create time; an update, where accepted, reimages the nodes",
        "OS configuration reaches nodes by reimage",
        None,
    ),
    (
        "enableFIPS",
        "rolling",
        "UNCONFIRMED: az aks nodepool update --enable-fips-image (not read here) reimages",
        "the FIPS image reaches nodes by reimage",
        None,
    ),
    ("count", "in-place", SRC_AUTOSCALER, "scales the pool", None),
    ("minCount", "in-place", SRC_AUTOSCALER, "the autoscaler's bounds", None),
    ("maxCount", "in-place", SRC_AUTOSCALER, "the autoscaler's bounds", None),
    ("enableAutoScaling", "in-place", SRC_AUTOSCALER, "the autoscaler on/off", None),
    ("mode", "in-place", SRC_POOL_UPDATE, "System/User mode changes in place", None),
    ("nodeLabels", "in-place", SRC_POOL_UPDATE, "node labels", None),
    ("nodeLabels.**", "in-place", SRC_POOL_UPDATE, "node labels", None),
    ("nodeTaints", "in-place", SRC_POOL_UPDATE, "node taints", None),
    ("tags", "in-place", SRC_POOL_UPDATE, "tags", None),
    ("tags.**", "in-place", SRC_POOL_UPDATE, "tags", None),
    ("upgradeSettings.**", "in-place", SRC_ROLLING, "surge settings for future upgrades", None),
    ("scaleDownMode", "in-place", SRC_POOL_UPDATE, "scale-down mode", None),
    ("networkProfile.**", "in-place", SRC_POOL_UPDATE, "pool network profile", None),
    ("securityProfile.**", "in-place", SRC_POOL_UPDATE, "pool security profile", None),
    (
        "spotMaxPrice",
        "in-place",
        "UNCONFIRMED: no Microsoft doc read",
        "the Spot price cap",
        None,
    ),
    (
        "localDNSProfile.**",
        "in-place",
        "UNCONFIRMED: LocalDNS on existing pools (aka.ms/aks/localdns) not read",
        "LocalDNS settings",
        None,
    ),
)


def _pool_rules() -> list[FieldRule]:
    rules: list[FieldRule] = []
    for arm_type, prefix in (
        (POOL, "properties."),
        (CLUSTER, "properties.agentPoolProfiles[*]."),
    ):
        for pattern, klass, source, why, decide in _POOL_FIELDS:
            decide_fn = decide
            if pattern == "orchestratorVersion":
                decide_fn = _kubernetes_version
            rules.append(FieldRule(arm_type, prefix + pattern, klass, source, why, decide_fn))
    return rules


# Generic resources.Resource: the URL path parameters (replace), per AKS ARM type.
_ENVELOPE: Final = (
    "resourceName",
    "resourceGroupName",
    "resourceProviderNamespace",
    "parentResourcePath",
    "resourceType",
)
# Typed azure-native classes: their URL path parameters (replace).
_PATH_PARAMETERS: Final[Mapping[str, tuple[str, ...]]] = {
    "Microsoft.Resources/resourceGroups": ("resourceGroupName",),
    "Microsoft.Network/virtualNetworks": ("resourceGroupName", "virtualNetworkName"),
    "Microsoft.Network/virtualNetworks/subnets": (
        "resourceGroupName",
        "virtualNetworkName",
        "subnetName",
    ),
    "Microsoft.Network/natGateways": ("resourceGroupName", "natGatewayName"),
    "Microsoft.Network/publicIPAddresses": ("resourceGroupName", "publicIpAddressName"),
    "Microsoft.ManagedIdentity/userAssignedIdentities": ("resourceGroupName", "resourceName"),
    "Microsoft.Authorization/roleAssignments": ("scope", "roleAssignmentName"),
    "Microsoft.OperationalInsights/workspaces": ("resourceGroupName", "workspaceName"),
    "Microsoft.Monitor/accounts": ("resourceGroupName", "azureMonitorWorkspaceName"),
    "Microsoft.Insights/dataCollectionEndpoints": (
        "resourceGroupName",
        "dataCollectionEndpointName",
    ),
    "Microsoft.Insights/dataCollectionRules": ("resourceGroupName", "dataCollectionRuleName"),
    "Microsoft.Insights/dataCollectionRuleAssociations": ("resourceUri", "associationName"),
    "Microsoft.AlertsManagement/prometheusRuleGroups": ("resourceGroupName", "ruleGroupName"),
    "Microsoft.Insights/diagnosticSettings": ("resourceUri", "name"),
}


def _replace_rules() -> list[FieldRule]:
    rules = [
        FieldRule(arm, key, "replacement", SRC_PATH_PARAMETER, f"a new {key}")
        for arm, keys in _PATH_PARAMETERS.items()
        for key in keys
    ]
    # Every generic resource (AKS, Fleet Manager) is addressed by its envelope.
    rules += [
        FieldRule("*", key, "replacement", SRC_PATH_PARAMETER, f"a new {key}") for key in _ENVELOPE
    ]
    return rules


def _hub(ctx: FieldContext) -> Verdict:
    if ctx.old is not None and ctx.new is None:
        return Verdict(
            "rejected", SRC_FLEET_HUB, "a hub fleet cannot be turned back into a hubless one"
        )
    return Verdict(
        "rejected",
        "UNCONFIRMED: the hub of a fleet is chosen at creation (aks-facts §3.7 documents only "
        "hub -> hubless as impossible)",
        "the fleet's hub settings are fixed",
    )


_N = "properties.networkProfile."
_API = "properties.apiServerAccessProfile."

FIELD_CLASSES: Final[tuple[FieldRule, ...]] = (
    *_replace_rules(),
    # The inline pools: the list itself, then each pool's fields.
    FieldRule(
        CLUSTER,
        "properties.agentPoolProfiles[*]",
        "rejected",
        SRC_INLINE_POOLS,
        "ARM refuses to add or remove an inline pool (agentPoolProfiles) after creation",
    ),
    *_pool_rules(),
    # managedClusters
    FieldRule(CLUSTER, "sku.name", "rejected", SRC_BASE_TO_AUTOMATIC, "", _sku_name),
    FieldRule(CLUSTER, "sku.tier", "in-place", SRC_TIER, "the pricing tier changes in place"),
    FieldRule(
        CLUSTER,
        "properties.kubernetesVersion",
        "in-place",
        SRC_ROLLING,
        "a control-plane upgrade; pools follow their own orchestratorVersion",
        _kubernetes_version,
    ),
    FieldRule(CLUSTER, "properties.dnsPrefix", "rejected", SRC_DNS_PREFIX, "DNS prefix is fixed"),
    FieldRule(
        CLUSTER, "properties.fqdnSubdomain", "rejected", SRC_DNS_PREFIX, "FQDN subdomain is fixed"
    ),
    FieldRule(CLUSTER, "properties.supportPlan", "in-place", SRC_TIER, "the support plan"),
    FieldRule(CLUSTER, _N + "networkPlugin", "rejected", "", "", _plugin),
    FieldRule(
        CLUSTER, _N + "networkPluginMode", "in-place", SRC_OVERLAY, "plugin mode", _plugin_mode
    ),
    FieldRule(CLUSTER, _N + "networkDataplane", "in-place", SRC_CILIUM, "dataplane", _dataplane),
    FieldRule(CLUSTER, _N + "networkPolicy", "rejected", "", "", _policy),
    FieldRule(CLUSTER, _N + "podCidr", "rejected", "", "", _pod_cidr),
    FieldRule(
        CLUSTER,
        _N + "podCidrs",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read",
        "pod CIDRs are fixed",
    ),
    FieldRule(
        CLUSTER,
        _N + "serviceCidr",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read; AKS documents no way to change the service CIDR",
        "the service CIDR is fixed once the cluster exists",
    ),
    FieldRule(
        CLUSTER,
        _N + "serviceCidrs",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read",
        "service CIDRs are fixed",
    ),
    FieldRule(
        CLUSTER,
        _N + "dnsServiceIP",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read; it must stay inside the fixed service CIDR",
        "the DNS service IP is fixed once the cluster exists",
    ),
    FieldRule(
        CLUSTER,
        _N + "ipFamilies",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read",
        "IP families are fixed",
    ),
    FieldRule(CLUSTER, _N + "outboundType", "in-place", SRC_OUTBOUND, "", _outbound),
    FieldRule(
        CLUSTER,
        _N + "natGatewayProfile.**",
        "in-place",
        "UNCONFIRMED: managed NAT gateway IP count and idle timeout update (nat-gateway, not "
        "read here)",
        "managed NAT gateway settings",
    ),
    FieldRule(
        CLUSTER,
        _N + "loadBalancerProfile.**",
        "in-place",
        "UNCONFIRMED: load balancer outbound settings update (configure-load-balancer-standard, "
        "not read here)",
        "load balancer outbound settings",
    ),
    FieldRule(
        CLUSTER,
        _N + "advancedNetworking.**",
        "in-place",
        "UNCONFIRMED: ACNS enable/disable on existing clusters (not read here)",
        "Advanced Container Networking Services",
    ),
    FieldRule(CLUSTER, _API + "enableVnetIntegration", "in-place", "", "", _vnet_integration),
    FieldRule(CLUSTER, _API + "enablePrivateCluster", "in-place", "", "", _private_cluster),
    FieldRule(
        CLUSTER,
        _API + "authorizedIPRanges",
        "in-place",
        "UNCONFIRMED: az aks update --api-server-authorized-ip-ranges (not read here)",
        "authorized IP ranges",
    ),
    FieldRule(
        CLUSTER,
        _API + "subnetId",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read on moving the API server subnet",
        "the API server subnet is fixed",
    ),
    FieldRule(
        CLUSTER,
        _API + "privateDNSZone",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read on changing a private cluster's DNS zone",
        "the private DNS zone is fixed",
    ),
    FieldRule(
        CLUSTER,
        _API + "**",
        "in-place",
        "UNCONFIRMED: API server access settings (not read here)",
        "API server access settings",
    ),
    FieldRule(
        CLUSTER,
        "properties.autoScalerProfile.**",
        "in-place",
        SRC_AUTOSCALER,
        "cluster autoscaler profile (az aks update --cluster-autoscaler-profile)",
    ),
    FieldRule(
        CLUSTER,
        "properties.autoUpgradeProfile.upgradeChannel",
        "in-place",
        SRC_UPGRADE_CHANNEL,
        "the cluster upgrade channel",
    ),
    FieldRule(
        CLUSTER,
        "properties.autoUpgradeProfile.nodeOSUpgradeChannel",
        "rolling",
        SRC_NODE_OS_CHANNEL,
        "a new node OS channel reimages the nodes",
    ),
    FieldRule(
        CLUSTER,
        "properties.nodeProvisioningProfile.mode",
        "in-place",
        SRC_NAP,
        "",
        _nap_mode,
    ),
    FieldRule(
        CLUSTER,
        "properties.nodeProvisioningProfile.defaultNodePools",
        "in-place",
        SRC_NAP,
        "",
        _default_node_pools,
    ),
    FieldRule(
        CLUSTER,
        "properties.hostedSystemProfile.**",
        "rejected",
        SRC_HOSTED_SYSTEM,
        "managed system node pools are chosen when the cluster is created",
    ),
    FieldRule(
        CLUSTER,
        "properties.nodeResourceGroup",
        "rejected",
        "UNCONFIRMED: no Microsoft doc read; the node resource group is named at creation",
        "the node resource group name is fixed",
    ),
    FieldRule(
        CLUSTER,
        "properties.nodeResourceGroupProfile.**",
        "in-place",
        f"{LEARN}node-resource-group-lockdown (aks-facts A8)",
        "node resource group lockdown",
    ),
    FieldRule(
        CLUSTER,
        "properties.enableRBAC",
        "rejected",
        "UNCONFIRMED: Kubernetes RBAC is chosen at creation (no doc read)",
        "Kubernetes RBAC is fixed",
    ),
    FieldRule(CLUSTER, "properties.aadProfile.managed", "rejected", "", "", _aad_managed),
    FieldRule(
        CLUSTER,
        "properties.aadProfile.**",
        "in-place",
        "UNCONFIRMED: az aks update --enable-azure-rbac / --aad-admin-group-object-ids (not "
        "read here)",
        "Entra ID settings",
    ),
    FieldRule(
        CLUSTER,
        "properties.disableLocalAccounts",
        "in-place",
        "UNCONFIRMED: az aks update --disable-local-accounts (not read here)",
        "local accounts",
    ),
    FieldRule(CLUSTER, "properties.oidcIssuerProfile.enabled", "rejected", "", "", _oidc),
    FieldRule(
        CLUSTER,
        "properties.securityProfile.**",
        "in-place",
        "UNCONFIRMED: workload identity, image cleaner and Defender update in place (not read "
        "here)",
        "security profile",
    ),
    FieldRule(
        CLUSTER,
        "properties.workloadAutoScalerProfile.**",
        "in-place",
        "UNCONFIRMED: KEDA/VPA add-ons update in place (not read here)",
        "workload autoscalers",
    ),
    FieldRule(
        CLUSTER,
        "properties.ingressProfile.**",
        "in-place",
        "UNCONFIRMED: app routing / Gateway API update in place (not read here)",
        "ingress settings",
    ),
    FieldRule(
        CLUSTER,
        "properties.azureMonitorProfile.**",
        "in-place",
        "UNCONFIRMED: managed Prometheus / Container Insights update in place (not read here)",
        "monitoring settings",
    ),
    FieldRule(
        CLUSTER,
        "properties.metricsProfile.**",
        "in-place",
        "UNCONFIRMED: cost analysis updates in place (not read here)",
        "cost analysis",
    ),
    FieldRule(
        CLUSTER,
        "properties.addonProfiles.**",
        "in-place",
        "UNCONFIRMED: add-ons are enabled/disabled in place (az aks enable-addons; not read here)",
        "add-ons",
    ),
    FieldRule(
        CLUSTER,
        "properties.storageProfile.**",
        "in-place",
        "UNCONFIRMED: CSI drivers update in place (not read here)",
        "CSI drivers",
    ),
    FieldRule(
        CLUSTER,
        "properties.identityProfile.**",
        "rolling",
        "UNCONFIRMED: a new kubelet identity is applied by upgrading the pools (use-managed-"
        "identity, not read here)",
        "the kubelet identity reaches nodes through a pool upgrade",
    ),
    FieldRule(
        CLUSTER,
        "identity.**",
        "in-place",
        "UNCONFIRMED: az aks update --enable-managed-identity --assign-identity (use-managed-"
        "identity, not read here)",
        "the control-plane identity",
    ),
    FieldRule(MAINTENANCE, "properties.**", "in-place", SRC_MAINTENANCE, "maintenance window"),
    # Fleet Manager (fleet plans)
    FieldRule(FLEET, "properties.hubProfile", "rejected", "", "", _hub),
    FieldRule(FLEET, "properties.hubProfile.**", "rejected", "", "", _hub),
    FieldRule(
        FLEET + "/members",
        "properties.clusterResourceId",
        "rejected",
        "UNCONFIRMED: a member stands for one cluster (no doc read on changing it)",
        "a fleet member's cluster is fixed",
    ),
    FieldRule(
        FLEET + "/members",
        "properties.group",
        "in-place",
        "UNCONFIRMED: az fleet member update --update-group (not read here)",
        "the member's update group",
    ),
    FieldRule(
        FLEET + "/updateStrategies",
        "properties.**",
        "in-place",
        "UNCONFIRMED: update strategies are edited in place (concepts-update-orchestration, "
        "aks-facts F1, not read for mutability)",
        "the update strategy's stages",
    ),
    FieldRule(
        FLEET + "/autoUpgradeProfiles",
        "properties.**",
        "in-place",
        "UNCONFIRMED: auto-upgrade profiles are edited in place (aks-facts F1, not read for "
        "mutability)",
        "the fleet auto-upgrade profile",
    ),
    # Any resource
    FieldRule("*", "location", "replacement", SRC_LOCATION, "a resource's region is fixed"),
    FieldRule(
        "*",
        "tags",
        "in-place",
        "UNCONFIRMED: tags are updatable on ARM resources (no doc read here)",
        "tags",
    ),
    FieldRule(
        "*",
        "tags.**",
        "in-place",
        "UNCONFIRMED: tags are updatable on ARM resources (no doc read here)",
        "tags",
    ),
    FieldRule(
        "*",
        "apiVersion",
        "in-place",
        "UNCONFIRMED: a new apiVersion of the generic resource is sent as an update",
        "the ARM API version of the request",
    ),
)
"""The change table: first match wins, so specific entries come before broad ones."""


def classify(arm_type: str, ctx: FieldContext) -> tuple[ChangeClass, str, str]:
    """(class, source, why) of one changed leaf: the first matching entry, or the default."""
    for rule in FIELD_CLASSES:
        if rule.arm_type not in (arm_type, "*") or not _match(rule.tokens, ctx.path):
            continue
        if rule.decide is not None:
            verdict = rule.decide(ctx)
            if verdict is not None:
                return verdict.change_class, verdict.source, verdict.why
        return rule.change_class, rule.source, rule.why
    return "in-place", NO_ENTRY, ""


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Change:
    stack: str
    resource: str
    arm_type: str
    type: str
    op: Op
    path: str
    """The input leaf (`properties.agentPoolProfiles[system].vmSize`); "" for the resource."""
    old: Any
    new: Any
    change_class: ChangeClass
    source: str
    message: str
    spec_path: str
    """The spec path when it maps (`spec.nodePools[web].vmSize`), else
    `resources[<name>].inputs.<path>`."""

    @property
    def confirmed(self) -> bool:
        return UNCONFIRMED not in self.source

    def to_dict(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "resource": self.resource,
            "armType": self.arm_type,
            "type": self.type,
            "op": self.op,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "class": self.change_class,
            "source": self.source,
            "confirmed": self.confirmed,
            "message": self.message,
            "specPath": self.spec_path,
        }


@dataclass
class ChangeReport:
    changes: list[Change]
    stacked_findings: list[tuple[str, Finding]]
    """Each finding with the stack of the change it reports (a fleet plan has several)."""
    stacks: list[str]
    allow_replace: bool = False

    @property
    def findings(self) -> list[Finding]:
        return [finding for _, finding in self.stacked_findings]

    @property
    def summary(self) -> dict[str, int]:
        """Changes per class, every class present, most severe first."""
        counts = dict.fromkeys(CLASSES, 0)
        for change in self.changes:
            counts[change.change_class] += 1
        return cast(dict[str, int], counts)

    @property
    def blocked(self) -> bool:
        return has_errors(self.findings)

    def summary_line(self) -> str:
        if not self.changes:
            return "no changes"
        parts = [f"{n} {klass}" for klass, n in self.summary.items() if n]
        errors = sum(f.level == "error" for f in self.findings)
        warnings = sum(f.level == "warning" for f in self.findings)
        return (
            f"{len(self.changes)} changes: {', '.join(parts)}; {errors} errors, {warnings} warnings"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "blocked": self.blocked,
            "allowReplace": self.allow_replace,
            "stacks": list(self.stacks),
            "changes": [c.to_dict() for c in self.changes],
            "findings": [{"stack": stack, **f.to_dict()} for stack, f in self.stacked_findings],
        }


# ---------------------------------------------------------------------------------------------
# Diffing


@dataclass
class _Resource:
    stack: str
    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    @property
    def arm_type(self) -> str:
        return str(self.data.get("armType", ""))

    @property
    def type(self) -> str:
        return str(self.data.get("type", ""))

    @property
    def inputs(self) -> Mapping[str, Any]:
        value = self.data.get("inputs")
        return value if isinstance(value, dict) else {}


@dataclass
class _Side:
    name: str
    resources: dict[tuple[str, str], _Resource] = field(default_factory=dict)


def _plan_resources(doc: Mapping[str, Any], what: str) -> list[Mapping[str, Any]]:
    if not isinstance(doc, Mapping):
        raise ValueError(f"the {what} plan is not a plan document (a JSON object)")
    resources = doc.get("resources", [])
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        raise ValueError(f"the {what} plan's `resources` is not a list of resources")
    return cast(list[Mapping[str, Any]], resources)


def _doc_name(doc: Mapping[str, Any]) -> str:
    meta = doc.get("metadata")
    return str(meta.get("name", "")) if isinstance(meta, dict) else ""


def _is_named_list(value: Any) -> bool:
    if not isinstance(value, list) or not value:
        return False
    names = [i.get("name") for i in value if isinstance(i, dict)]
    return (
        len(names) == len(value)
        and all(isinstance(n, str) for n in names)
        and len(set(names)) == len(names)
    )


def _leaves(old: Any, new: Any, path: Path = ()) -> Iterator[tuple[Path, Any, Any]]:
    """Every changed leaf; named list items are matched by name (an added or removed item is
    one leaf), other lists compare whole. Absent keys are MISSING."""
    if old == new and type(old) is type(new):
        return
    old_dict, new_dict = isinstance(old, dict), isinstance(new, dict)
    if (old_dict or old is MISSING) and (new_dict or new is MISSING) and (old_dict or new_dict):
        old_map: Mapping[str, Any] = old if old_dict else {}
        new_map: Mapping[str, Any] = new if new_dict else {}
        if not old_map and not new_map:
            yield path, old, new
            return
        for key in dict.fromkeys([*old_map, *new_map]):
            yield from _leaves(old_map.get(key, MISSING), new_map.get(key, MISSING), (*path, key))
        return
    named_old, named_new = _is_named_list(old), _is_named_list(new)
    if (named_old or old is MISSING) and (named_new or new is MISSING) and (named_old or named_new):
        old_items = {i["name"]: i for i in old} if named_old else {}
        new_items = {i["name"]: i for i in new} if named_new else {}
        for name in dict.fromkeys([*old_items, *new_items]):
            token = (*path, f"[{name}]")
            if name in old_items and name in new_items:
                yield from _leaves(old_items[name], new_items[name], token)
            else:
                yield token, old_items.get(name, MISSING), new_items.get(name, MISSING)
        return
    yield path, old, new


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def _ignored(path: Path, resource: _Resource) -> bool:
    """Whether `ignoreChanges` of the (new) resource covers the path (`[0]` resolved by name)."""
    ignore = resource.data.get("ignoreChanges") or []
    for entry in ignore if isinstance(ignore, list) else []:
        tokens: list[str] = []
        for token in parse_path(str(entry)):
            index = re.fullmatch(r"\[(\d+)\]", token)
            if index:
                items = _get(resource.inputs, tokens)
                position = int(index.group(1))
                if isinstance(items, list) and position < len(items):
                    item = items[position]
                    token = f"[{item.get('name')}]" if isinstance(item, dict) else token
            tokens.append(token)
        if tuple(tokens) == path[: len(tokens)]:
            return True
    return False


# Spec paths ----------------------------------------------------------------------------------

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


def spec_path(resource: _Resource, path: Path, *, scope: str | None) -> str:
    """The spec path a change maps to, else `resources[<name>].inputs.<path>`. `scope` is ""
    in a cluster's plan, `spec.members[<name>].` in a fleet member's stack, None elsewhere."""
    mapped = _cluster_spec_path(resource, path) if scope is not None else None
    if mapped is not None:
        return f"{scope}{mapped}"
    where = f"resources[{resource.name}]"
    return f"{where}.inputs.{render_path(path)}" if path else where


def _cluster_spec_path(resource: _Resource, path: Path) -> str | None:
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
        if not path or path[0] in _ENVELOPE:
            return f"spec.nodePools[{pool}]"
        return _pool_spec(pool, path[1:]) if path[0] == "properties" else None
    if resource.arm_type == MAINTENANCE:
        return _WINDOWS.get(str(inputs.get("resourceName")))
    if resource.arm_type == "Microsoft.Resources/resourceGroups":
        return _by_prefix(_GROUP_SPEC, path) if path else "metadata.resourceGroup"
    return None


# Messages ------------------------------------------------------------------------------------

FIX_POOL: Final = (
    "Fix: add a new pool under a new name with the new value, cordon and drain the old pool, "
    "then delete it (one plan to add, a later one to remove)."
)
FIX_INLINE: Final = (
    "Fix: keep the inline pool (the first system pool) as it is; add the new pool under a new "
    "name (rendered as its own agentPools resource), cordon and drain the old one, delete it "
    "with `az aks nodepool delete`, then remove it from the spec."
)
FIX_CLUSTER: Final = (
    "Fix: keep the current value, or build a new cluster with it and move the workloads."
)


def _message(resource: _Resource, path: Path, klass: ChangeClass, why: str, source: str) -> str:
    parts = [why[:1].upper() + why[1:] + "." if why else ""]
    if klass == "rejected":
        if resource.arm_type == CLUSTER and path[:2] == ("properties", "agentPoolProfiles"):
            parts.append(FIX_INLINE if len(path) == 3 else FIX_POOL)
        elif resource.arm_type == POOL:
            parts.append(FIX_POOL)
        else:
            parts.append(FIX_CLUSTER)
    elif klass == "replacement":
        parts.append(
            "azure-native replaces the resource: a new one is created and the old one deleted, "
            "with everything on it."
        )
        if resource.data.get("protect"):
            parts.append("It is protected: Pulumi refuses until `protect` is lifted.")
    elif klass == "disruptive":
        parts.append("In place but irreversible; every node pool is reimaged at once.")
    elif klass == "rolling":
        parts.append("Nodes are reimaged by a surge upgrade (the pool's maxSurge).")
    if UNCONFIRMED in source:
        parts.append(f"({UNCONFIRMED})")
    return " ".join(p for p in parts if p)


def _deletion_message(resource: _Resource) -> str:
    if resource.arm_type == CLUSTER:
        text = "The cluster and every workload on it are deleted."
    elif resource.arm_type == POOL:
        pool = resource.inputs.get("resourceName", resource.name)
        text = (
            f"Pool {pool} and its nodes are deleted; pods on them are evicted. Cordon and drain "
            "it first, with room for its pods in other pools."
        )
    else:
        text = "The resource is deleted."
    if resource.data.get("protect"):
        text += " It is protected: Pulumi refuses until `protect` is lifted."
    return text


# The diff --------------------------------------------------------------------------------------


def _sides(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[_Side, _Side, bool, dict[str, str]]:
    old_list, new_list = _plan_resources(old, "old"), _plan_resources(new, "new")
    old_name, new_name = _doc_name(old), _doc_name(new)
    single = not any("stack" in r for r in (*old_list, *new_list))
    label = new_name or old_name or "cluster"
    renames: dict[str, str] = {}
    if single and old_name and new_name and old_name != new_name:
        for r in old_list:
            name = str(r.get("name", ""))
            if name == old_name or name.startswith(old_name + "-"):
                renames[name] = new_name + name[len(old_name) :]
    old_side, new_side = _Side(old_name), _Side(new_name)
    for side, items, fallback in ((old_side, old_list, old_name), (new_side, new_list, new_name)):
        for data in items:
            stack = label if single else str(data.get("stack") or fallback or label)
            name = str(data.get("name", ""))
            if side is old_side:
                name = renames.get(name, name)
            side.resources[(stack, name)] = _Resource(stack, data)
    return old_side, new_side, single, renames


def diff_plans(
    old: Mapping[str, Any], new: Mapping[str, Any], *, allow_replace: bool = False
) -> ChangeReport:
    """Every change from the `old` plan document to the `new` one, classified (module doc)."""
    old_side, new_side, single, renames = _sides(old, new)
    reverse = {v: k for k, v in renames.items()}
    scopes = _scopes(old, new, single, new_side.name or old_side.name)
    changes: list[Change] = []
    replaced: dict[tuple[str, str], tuple[str, str]] = {}
    """Resources replaced -> (the input that replaces them, its source)."""

    def add(
        res: _Resource,
        op: Op,
        path: Path,
        old_value: Any,
        new_value: Any,
        klass: ChangeClass,
        source: str,
        message: str,
    ) -> None:
        changes.append(
            Change(
                stack=res.stack,
                resource=res.name,
                arm_type=res.arm_type,
                type=res.type,
                op=op,
                path=render_path(path),
                old=_plain(old_value),
                new=_plain(new_value),
                change_class=klass,
                source=source,
                message=message,
                spec_path=spec_path(res, path, scope=scopes.get(res.stack)),
            )
        )

    order = list(dict.fromkeys([*new_side.resources, *old_side.resources]))
    both = [
        (key, old_side.resources[key], new_side.resources[key])
        for key in order
        if key in old_side.resources and key in new_side.resources
    ]
    # Updates of the resources in both plans, leaf by leaf.
    for key, before, after in both:
        original = reverse.get(after.name)
        if original is not None:
            add(
                after,
                "update",
                (),
                original,
                after.name,
                "replacement",
                SRC_LOGICAL_NAME,
                f"The logical name changes ({original} -> {after.name}): Pulumi creates the new "
                "resource and deletes the old one. metadata.name also names the stack, so `up` "
                "creates a new stack and the old cluster stays until it is destroyed.",
            )
            replaced[key] = ("the logical name", SRC_LOGICAL_NAME)
        for path, old_value, new_value in _leaves(before.inputs, after.inputs):
            if _ignored(path, after):
                add(
                    after,
                    "update",
                    path,
                    old_value,
                    new_value,
                    "in-place",
                    SRC_IGNORED,
                    "Not applied: the program ignores this path (AKS owns it).",
                )
                continue
            ctx = FieldContext(
                path, _plain(old_value), _plain(new_value), before.inputs, after.inputs
            )
            klass, source, why = classify(after.arm_type, ctx)
            add(
                after,
                "update",
                path,
                old_value,
                new_value,
                klass,
                source,
                _message(after, path, klass, why, source),
            )
            if klass == "replacement":
                replaced.setdefault(key, (render_path(path), source))

    # A replaced resource takes along its ARM children (parentResourcePath) and the resources
    # whose replace-on-change inputs reference it (`${name.id}` becomes a new value).
    grew = True
    while grew:
        grew = False
        for key, _, after in both:
            if key in replaced:
                continue
            cause = _replaced_with(key[0], after, replaced)
            if cause is None:
                continue
            parent, path = cause
            value = _get(after.inputs, path)
            add(
                after,
                "update",
                path,
                value,
                value,
                "replacement",
                SRC_PATH_PARAMETER,
                f"{parent} is replaced, so this resource is deleted and created again with it.",
            )
            replaced[key] = (render_path(path), SRC_PATH_PARAMETER)
            grew = True

    # Changes inside a replaced resource land on the new resource: part of the replacement.
    changes = [_subsumed(c, replaced) for c in changes]

    # Created and deleted resources.
    for key in order:
        gone, came = old_side.resources.get(key), new_side.resources.get(key)
        if gone is None and came is not None:
            add(came, "create", (), None, None, "create", SRC_CREATE, "A new resource.")
        elif came is None and gone is not None:
            add(
                gone,
                "delete",
                (),
                None,
                None,
                "deletion",
                SRC_DELETE,
                _deletion_message(gone),
            )

    stacks = list(dict.fromkeys(k[0] for k in order)) or [
        new_side.name or old_side.name or "cluster"
    ]
    rank = {klass: i for i, klass in enumerate(CLASSES)}
    position = {stack: i for i, stack in enumerate(stacks)}
    changes.sort(key=lambda c: (position.get(c.stack, 0), rank[c.change_class]))
    return ChangeReport(changes, _findings(changes, allow_replace), stacks, allow_replace)


def _scopes(
    old: Mapping[str, Any], new: Mapping[str, Any], single: bool, label: str
) -> dict[str, str]:
    """Stack -> the spec path prefix of its cluster (see `spec_path`)."""
    if single:
        return {label or "cluster": ""}
    scopes: dict[str, str] = {}
    for doc in (old, new):
        for member in doc.get("members") or []:
            if isinstance(member, dict) and member.get("stack") and member.get("name"):
                scopes[str(member["stack"])] = f"spec.members[{member['name']}]."
    return scopes


def _subsumed(change: Change, replaced: Mapping[tuple[str, str], tuple[str, str]]) -> Change:
    cause = replaced.get((change.stack, change.resource))
    if cause is None or change.change_class == "replacement":
        return change
    by, source = cause
    return replace(
        change,
        change_class="replacement",
        source=source,
        message=f"Part of the replacement (by {by}): the new resource gets this value.",
    )


def _walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every scalar inside a value with its path (named list items by name)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
    elif _is_named_list(value):
        for item in value:
            yield from _walk(item, (*path, f"[{item['name']}]"))
    else:
        yield path, value


def _replaced_with(
    stack: str, resource: _Resource, replaced: Mapping[tuple[str, str], Any]
) -> tuple[str, Path] | None:
    """(the replaced resource, the input that carries it) when `resource` goes with it."""
    if resource.inputs.get("parentResourcePath"):
        for dep in resource.data.get("dependsOn") or []:
            if (stack, str(dep)) in replaced:
                return str(dep), ("parentResourcePath",)
    for path, value in _walk(resource.inputs):
        for name, _ in references(value):
            if (stack, name) not in replaced:
                continue
            ctx = FieldContext(path, value, value, resource.inputs, resource.inputs)
            if classify(resource.arm_type, ctx)[0] == "replacement":
                return name, path
    return None


def _brief(value: Any) -> str:
    """A value in one short line; a named object (an inline pool) by its name."""
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return f"{{name: {value['name']}, ...}}"
    return format_value(value)


def _findings(changes: list[Change], allow_replace: bool) -> list[tuple[str, Finding]]:
    findings: list[tuple[str, Finding]] = []
    per_resource: set[tuple[str, str, str]] = set()
    for change in changes:
        klass = change.change_class
        level: Level | None = None
        if klass in BLOCKING:
            guarded = change.arm_type in GUARDED
            # --allow-replace accepts a replacement or deletion; it cannot make ARM accept
            # an update it refuses, so a rejected change stays an error.
            refused = klass == "rejected" or not allow_replace
            level = "error" if guarded and refused else "warning"
            if klass in ("replacement", "deletion"):
                key = (change.stack, change.resource, klass)
                if key in per_resource:
                    continue  # one finding per replaced or deleted resource
                per_resource.add(key)
        elif klass == "disruptive":
            level = "warning"
        elif klass == "rolling":
            level = "info"
        if level is None:
            continue
        where = f"{change.resource} {change.path}".strip()
        moved = change.op == "update" and change.path and change.old != change.new
        what = f"{where}: {_brief(change.old)} -> {_brief(change.new)}" if moved else where
        finding = Finding(
            level=level,
            code=f"change-{klass}",
            path=change.spec_path,
            value=change.new if moved and not isinstance(change.new, dict) else None,
            layer=LAYER,
            message=f"{what}: {change.message}",
        )
        findings.append((change.stack, finding))
    return findings


# ---------------------------------------------------------------------------------------------
# Markdown for a pull-request comment


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _short(value: Any) -> str:
    if value is None:
        return "-"
    text = _cell(_brief(value)).replace("`", "'")
    return f"`{text}`"


_URL: Final = re.compile(r"https://[^\s),;\"]+")


def _source_md(source: str) -> str:
    """The source with its doc URLs as short links (the page name)."""
    return _cell(
        _URL.sub(lambda m: f"[{m.group(0).rstrip('/').split('/')[-1]}]({m.group(0)})", source)
    )


def render_markdown(report: ChangeReport) -> str:
    """Summary first, then one collapsible section per stack: fits a pull-request comment."""
    status = "blocked" if report.blocked else "ok"
    lines = [f"**aks-kit plan --against** ({status}): {report.summary_line()}", ""]
    counts = [(k, n) for k, n in report.summary.items() if n]
    if counts:
        lines += ["| class | changes |", "|---|---|"]
        lines += [f"| {klass} | {n} |" for klass, n in counts]
        lines.append("")
    blocking = [f for f in report.findings if f.level in ("error", "warning")]
    if blocking:
        lines += ["| level | path | message |", "|---|---|---|"]
        for f in blocking:
            lines.append(f"| {f.level} | `{_cell(f.path)}` | {_cell(f.message)} |")
        lines.append("")
    for stack in report.stacks:
        mine = [c for c in report.changes if c.stack == stack]
        worst = mine[0].change_class if mine else "none"
        lines += [
            f"<details><summary>stack <code>{_cell(stack)}</code>: {len(mine)} changes "
            f"(most severe: {worst})</summary>",
            "",
        ]
        if mine:
            lines += ["| resource | field | old -> new | class | why |", "|---|---|---|---|---|"]
            for c in mine:
                field_text = f"`{_cell(c.path)}`" if c.path else f"({c.op})"
                values = "" if c.op != "update" else f"{_short(c.old)} -> {_short(c.new)}"
                why = f"{_cell(c.message)}<br><sub>{_source_md(c.source)}</sub>"
                lines.append(
                    f"| `{_cell(c.resource)}` | {field_text} | {values} | "
                    f"{c.change_class} | {why} |"
                )
        else:
            lines.append("No changes.")
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
