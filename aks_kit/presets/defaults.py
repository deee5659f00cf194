"""Every default aks-kit fills in or assumes, in one place.

`apply_defaults` is the one step of the resolve pipeline that fills values no layer set:
the cluster's name and resource group from the base name, then what AKS Automatic fixes
(`sku: automatic`). Values it fills carry their own provenance: `default` for names,
`sku: automatic` for Automatic's. Fleet members get their defaults layer from
`fleet_member_defaults`. Azure's own API defaults that the model does not spell out (pod
range, pods per node, upgrade surge) are answered by the functions at the end, which the
rules and the capacity report share; the remaining API defaults are the model's field
defaults (presets/model.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from . import facts
from .attribution import finding_at
from .findings import Finding
from .layering import Origin, Provenance
from .model import ClusterDocument, NodePool
from .paths import lookup, parse_path

NetworkMode = Literal["overlay", "kubenet", "pod-subnet", "node-subnet", "none"]

AUTOMATIC_LAYER = "sku: automatic"

# (path, value, why): what AKS Automatic fixes. Sources: the AKS Automatic overview
# (https://learn.microsoft.com/azure/aks/intro-aks-automatic), node auto-provisioning,
# deployment safeguards, node resource group lockdown and API server VNet integration
# pages on Microsoft Learn.
AUTOMATIC_FIXED: list[tuple[str, Any, str]] = [
    ("spec.tier", "standard", "AKS Automatic always runs on the standard tier"),
    ("spec.network.plugin", "azure", "AKS Automatic requires azure"),
    ("spec.network.pluginMode", "overlay", "AKS Automatic requires overlay"),
    ("spec.network.dataplane", "cilium", "AKS Automatic requires cilium"),
    ("spec.network.policy", "cilium", "AKS Automatic requires cilium"),
    ("spec.nodeProvisioning.mode", "Auto", "AKS Automatic provisions nodes itself (Auto)"),
    (
        "spec.nodeProvisioning.managedSystemPools",
        True,
        "AKS Automatic runs system pods on managed system node pools",
    ),
    ("spec.upgrades.channel", "stable", "AKS Automatic upgrades on the stable channel"),
    ("spec.upgrades.nodeOSChannel", "NodeImage", "AKS Automatic requires NodeImage"),
    (
        "spec.apiServer.vnetIntegration",
        True,
        "AKS Automatic always uses API server VNet integration",
    ),
    ("spec.security.entraId", True, "AKS Automatic always uses managed Entra ID"),
    ("spec.security.azureRbac", True, "AKS Automatic always uses Azure RBAC"),
    ("spec.security.localAccounts", False, "AKS Automatic turns local accounts off"),
    ("spec.security.oidcIssuer", True, "AKS Automatic always enables the OIDC issuer"),
    ("spec.security.workloadIdentity", True, "AKS Automatic always enables workload identity"),
    ("spec.security.imageCleaner.enabled", True, "AKS Automatic always runs the image cleaner"),
    ("spec.security.azurePolicy", True, "AKS Automatic enforces deployment safeguards"),
    ("spec.workloadAutoscaler.keda", True, "AKS Automatic always enables KEDA"),
    ("spec.workloadAutoscaler.vpa", True, "AKS Automatic always enables VPA"),
    (
        "spec.nodeResourceGroup.restrictionLevel",
        "ReadOnly",
        "AKS Automatic locks the node resource group (ReadOnly)",
    ),
]
AUTOMATIC_MANAGED_VNET_EGRESS = "managedNATGateway"
AUTOMATIC_CUSTOM_VNET_EGRESS = ("loadBalancer", "userAssignedNATGateway", "userDefinedRouting")


def apply_defaults(data: dict[str, Any], provenance: Provenance, base_name: str) -> list[Finding]:
    """Fill every default no layer set; findings for layers that contradict Automatic."""
    metadata = data.setdefault("metadata", {})
    if isinstance(metadata, dict):
        if "name" not in metadata:
            metadata["name"] = f"aks-{base_name}"
        if "resourceGroup" not in metadata and isinstance(metadata["name"], str):
            metadata["resourceGroup"] = f"rg-{metadata['name']}"
    findings = _apply_automatic(data, provenance)
    _image_cleaner_interval(data, provenance)
    return findings


def _image_cleaner_interval(data: dict[str, Any], provenance: Provenance) -> None:
    """ARM templates must send imageCleaner.intervalHours with the cleaner on: one week unless
    a layer chose another interval (https://learn.microsoft.com/azure/aks/image-cleaner)."""
    found, enabled = lookup(data, parse_path("spec.security.imageCleaner.enabled"))
    if not found or enabled is not True:
        return
    cleaner = data["spec"]["security"]["imageCleaner"]
    if isinstance(cleaner, dict) and cleaner.get("intervalHours") is None:
        cleaner["intervalHours"] = facts.IMAGE_CLEANER_DEFAULT_HOURS.value
        provenance.set("spec.security.imageCleaner.intervalHours", Origin("default"))


def fleet_member_defaults(name: str, location: str, tags: dict[str, str]) -> dict[str, Any]:
    """A fleet member's defaults layer: its name, the fleet's location and tags."""
    metadata: dict[str, Any] = {"name": name, "location": location}
    if tags:
        metadata["tags"] = dict(tags)
    return {"metadata": metadata}


def _apply_automatic(data: dict[str, Any], provenance: Provenance) -> list[Finding]:
    """Fill in what Automatic fixes; report every layer that set something else.

    A value no layer set is filled in; a layer restating it is fine; a layer setting
    anything else is an error naming that layer. Nothing is dropped silently.
    """
    spec = data.get("spec")
    if not isinstance(spec, dict) or spec.get("sku") != "automatic":
        return []
    findings: list[Finding] = []
    for path, value, why in AUTOMATIC_FIXED:
        findings.extend(_fix(data, provenance, path, value, why))
    network = spec.get("network")
    custom_vnet = isinstance(network, dict) and network.get("vnet") is not None
    path = "spec.network.outboundType"
    if custom_vnet:
        found, current = lookup(data, parse_path(path))
        if found and current not in AUTOMATIC_CUSTOM_VNET_EGRESS:
            findings.append(
                finding_at(
                    provenance,
                    "error",
                    "automatic",
                    path,
                    current,
                    "AKS Automatic with a custom VNet allows loadBalancer, "
                    "userAssignedNATGateway or userDefinedRouting",
                )
            )
    else:
        findings.extend(
            _fix(
                data,
                provenance,
                path,
                AUTOMATIC_MANAGED_VNET_EGRESS,
                "AKS Automatic on its managed VNet requires managedNATGateway "
                "(bring a custom VNet for other egress)",
            )
        )
    return findings


def _fix(
    data: dict[str, Any], provenance: Provenance, path: str, value: Any, why: str
) -> Iterator[Finding]:
    segments = parse_path(path)
    found, current = lookup(data, segments)
    if found and current == value:
        return
    if found and provenance.origin_of(path).layer != "default":
        yield finding_at(provenance, "error", "automatic", path, current, why)
        return
    node: Any = data
    for seg in segments[:-1]:
        name = seg.name  # type: ignore[union-attr]
        if name not in node or node[name] is None:
            node[name] = {}
        if not isinstance(node[name], dict):
            return  # not a mapping: validation names it; overwriting would hide the input
        node = node[name]
    node[segments[-1].name] = value  # type: ignore[union-attr]
    provenance.set(path, Origin(AUTOMATIC_LAYER))


# --------------------------------------------------------------------------- Azure's defaults


def network_mode(doc: ClusterDocument) -> NetworkMode:
    """Where pods get addresses: overlay/kubenet (podCidr), a pod subnet, or the node subnet."""
    network = doc.spec.network
    if network.plugin == "kubenet":
        return "kubenet"
    if network.plugin == "none":
        return "none"
    if network.plugin_mode == "overlay":
        return "overlay"
    if network.vnet is not None and network.vnet.pod_subnet is not None:
        return "pod-subnet"
    return "node-subnet"


def default_max_pods(doc: ClusterDocument, mode: NetworkMode | None = None) -> int:
    """Azure's default pods per node for the network mode (the cluster's unless given)."""
    table: dict[str, int] = facts.DEFAULT_MAX_PODS.value
    return table[mode or network_mode(doc)]


def pool_max_pods(doc: ClusterDocument, pool: NodePool, mode: NetworkMode | None = None) -> int:
    """The pool's maxPods, or Azure's default for the network mode."""
    return pool.max_pods if pool.max_pods is not None else default_max_pods(doc, mode)


def pod_cidr(doc: ClusterDocument) -> str:
    """The pod range overlay and kubenet use: the spec's, or Azure's default."""
    return doc.spec.network.pod_cidr or facts.DEFAULT_POD_CIDR.value
