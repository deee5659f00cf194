"""AKS Automatic (design §4, aks-facts §1.3): what it fixes, and what it refuses.

Applied whenever `spec.sku` is `automatic`, whichever layer set it. A value no layer set is
filled in; a layer restating it is fine; a layer setting anything else is an error naming
that layer. Nothing is dropped silently (the AVM module's allow-list bug, AVM-TF #184).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..layering import Origin, Provenance
from ..model import ClusterDocument
from ..paths import lookup, parse_path
from .base import emit, pool_path

FIXED_BY = "sku: automatic"

# (path, value, why). Sources: aks-facts §1.3 (A1, A4, A7, A8, A10, N1) and §4.5.
FIXED: list[tuple[str, Any, str]] = [
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

MANAGED_VNET_EGRESS = "managedNATGateway"
CUSTOM_VNET_EGRESS = ("loadBalancer", "userAssignedNATGateway", "userDefinedRouting")


def is_automatic(data: dict[str, Any]) -> bool:
    spec = data.get("spec")
    return isinstance(spec, dict) and spec.get("sku") == "automatic"


def apply_automatic(data: dict[str, Any], provenance: Provenance) -> list[Finding]:
    """Fill in what Automatic fixes; report every layer that set something else."""
    if not is_automatic(data):
        return []
    findings: list[Finding] = []
    for path, value, why in FIXED:
        findings.extend(_fix(data, provenance, path, value, why))
    spec = data["spec"]
    network = spec.get("network")
    custom_vnet = isinstance(network, dict) and network.get("vnet") is not None
    path = "spec.network.outboundType"
    if custom_vnet:
        found, current = lookup(data, parse_path(path))
        if found and current not in CUSTOM_VNET_EGRESS:
            findings.append(
                emit(
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
                MANAGED_VNET_EGRESS,
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
        yield emit(provenance, "error", "automatic", path, current, why)
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
    provenance.set(path, Origin(FIXED_BY))


def system_subnet(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """In a custom VNet the managed system pools need their own subnet in that VNet
    (AVM-TF #199/#200: without it the create fails with EmptySubnetError)."""
    vnet = doc.spec.network.vnet
    if doc.spec.sku == "automatic" and vnet is not None and vnet.system_subnet is None:
        yield emit(
            provenance,
            "error",
            "automatic",
            "spec.network.vnet.systemSubnet",
            None,
            "AKS Automatic in a custom VNet needs a subnet for its managed system node pools",
        )
    if doc.spec.sku != "automatic" and vnet is not None and vnet.system_subnet is not None:
        yield emit(
            provenance,
            "error",
            "vnet",
            "spec.network.vnet.systemSubnet",
            None,
            "only used by AKS Automatic's managed system node pools (sku: automatic)",
        )


def no_system_pools(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if doc.spec.sku != "automatic":
        return
    for pool in doc.spec.node_pools:
        if pool.mode == "system":
            yield emit(
                provenance,
                "error",
                "automatic",
                pool_path(pool, "mode"),
                "system",
                "AKS Automatic runs system pods on managed system node pools; "
                "remove this pool or make it mode: user",
            )


def no_autoscaling_pools(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if doc.spec.sku != "automatic":
        return
    for pool in doc.spec.node_pools:
        if pool.autoscaling:
            key = "maxCount" if pool.max_count is not None else "minCount"
            yield emit(
                provenance,
                "error",
                "automatic",
                pool_path(pool, key),
                getattr(pool, "max_count" if key == "maxCount" else "min_count"),
                "AKS Automatic scales nodes with node auto-provisioning; autoscaling pools "
                "are not allowed (give the pool a fixed count, or leave sizing to AKS)",
            )


def linux_only(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if doc.spec.sku != "automatic":
        return
    for pool in doc.spec.node_pools:
        if pool.os_type != "Linux":
            yield emit(
                provenance,
                "error",
                "automatic",
                pool_path(pool, "osType"),
                pool.os_type,
                "AKS Automatic supports Linux nodes only",
            )


RULES = [system_subnet, no_system_pools, no_autoscaling_pools, linux_only]
