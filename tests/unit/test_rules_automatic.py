"""AKS Automatic: what `sku: automatic` fixes and what it refuses.

Every expected code, level, path, layer and message fragment below is a literal, so a change
to the rule's wording or to the facts it encodes shows up here as a deliberate test edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rule_cases import resolve_preset

from aks_kit.presets.findings import Finding
from aks_kit.presets.resolve import Resolved, resolve


def coded(resolved: Resolved, code: str) -> list[Finding]:
    return [f for f in resolved.findings if f.code == code]


def only(resolved: Resolved, code: str, path: str) -> Finding:
    matches = [f for f in resolved.findings if f.code == code and f.path == path]
    assert len(matches) == 1, [f.render() for f in resolved.findings]
    return matches[0]


def lookup_dotted(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        node = node[key]
    return node


def write_cluster(tmp_path: Path, body: str, name: str = "cluster.yaml") -> Path:
    """A Cluster file: `body` is the YAML after `kind: Cluster` (line 3 onwards)."""
    path = tmp_path / name
    path.write_text("apiVersion: aks-kit/v1\nkind: Cluster\n" + body, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- fixed values

# (path, --set value that differs from what Automatic fixes, value as resolved, message)
OVERRIDES: list[tuple[str, str, Any, str]] = [
    ("spec.tier", "premium", "premium", "AKS Automatic always runs on the standard tier"),
    ("spec.network.plugin", "kubenet", "kubenet", "AKS Automatic requires azure"),
    # pluginMode has no valid value but overlay: anything else is also a model error
    ("spec.network.pluginMode", "bogus", "bogus", "AKS Automatic requires overlay"),
    ("spec.network.dataplane", "azure", "azure", "AKS Automatic requires cilium"),
    ("spec.network.policy", "calico", "calico", "AKS Automatic requires cilium"),
    (
        "spec.nodeProvisioning.mode",
        "Manual",
        "Manual",
        "AKS Automatic provisions nodes itself (Auto)",
    ),
    (
        "spec.nodeProvisioning.managedSystemPools",
        "false",
        False,
        "AKS Automatic runs system pods on managed system node pools",
    ),
    ("spec.upgrades.channel", "patch", "patch", "AKS Automatic upgrades on the stable channel"),
    (
        "spec.upgrades.nodeOSChannel",
        "SecurityPatch",
        "SecurityPatch",
        "AKS Automatic requires NodeImage",
    ),
    (
        "spec.apiServer.vnetIntegration",
        "false",
        False,
        "AKS Automatic always uses API server VNet integration",
    ),
    ("spec.security.entraId", "false", False, "AKS Automatic always uses managed Entra ID"),
    ("spec.security.azureRbac", "false", False, "AKS Automatic always uses Azure RBAC"),
    ("spec.security.localAccounts", "true", True, "AKS Automatic turns local accounts off"),
    ("spec.security.oidcIssuer", "false", False, "AKS Automatic always enables the OIDC issuer"),
    (
        "spec.security.workloadIdentity",
        "false",
        False,
        "AKS Automatic always enables workload identity",
    ),
    (
        "spec.security.imageCleaner.enabled",
        "false",
        False,
        "AKS Automatic always runs the image cleaner",
    ),
    (
        "spec.security.azurePolicy",
        "false",
        False,
        "AKS Automatic enforces deployment safeguards",
    ),
    ("spec.workloadAutoscaler.keda", "false", False, "AKS Automatic always enables KEDA"),
    ("spec.workloadAutoscaler.vpa", "false", False, "AKS Automatic always enables VPA"),
    (
        "spec.nodeResourceGroup.restrictionLevel",
        "Unrestricted",
        "Unrestricted",
        "AKS Automatic locks the node resource group (ReadOnly)",
    ),
    (
        "spec.network.outboundType",
        "loadBalancer",
        "loadBalancer",
        "AKS Automatic on its managed VNet requires managedNATGateway",
    ),
]


@pytest.mark.parametrize(
    ("path", "raw", "value", "message"), OVERRIDES, ids=[row[0] for row in OVERRIDES]
)
def test_overriding_a_fixed_value_is_an_error_naming_the_set_layer(
    path: str, raw: str, value: Any, message: str
) -> None:
    resolved = resolve_preset("automatic", [f"{path}={raw}"])
    errors = coded(resolved, "automatic")
    assert len(errors) == 1, [f.render() for f in resolved.findings]
    finding = errors[0]
    assert finding.level == "error"
    assert finding.path == path
    assert finding.value == value
    assert finding.layer == f"--set {path}"
    assert message in finding.message
    # the offending value is kept (and reported), not silently replaced
    assert lookup_dotted(resolved.data, path) == value
    origin = resolved.provenance.explicit(path)
    assert origin is not None and origin.layer == f"--set {path}"
    assert not resolved.ok


def test_tier_free_is_refused_too() -> None:
    finding = only(resolve_preset("automatic", ["spec.tier=free"]), "automatic", "spec.tier")
    assert (finding.level, finding.value, finding.layer) == ("error", "free", "--set spec.tier")


# (path, the very value Automatic fixes, as a --set literal)
RESTATED: list[tuple[str, str]] = [
    ("spec.tier", "standard"),
    ("spec.network.plugin", "azure"),
    ("spec.network.pluginMode", "overlay"),
    ("spec.network.dataplane", "cilium"),
    ("spec.network.policy", "cilium"),
    ("spec.nodeProvisioning.mode", "Auto"),
    ("spec.nodeProvisioning.managedSystemPools", "true"),
    ("spec.upgrades.channel", "stable"),
    ("spec.upgrades.nodeOSChannel", "NodeImage"),
    ("spec.apiServer.vnetIntegration", "true"),
    ("spec.security.entraId", "true"),
    ("spec.security.azureRbac", "true"),
    ("spec.security.localAccounts", "false"),
    ("spec.security.oidcIssuer", "true"),
    ("spec.security.workloadIdentity", "true"),
    ("spec.security.imageCleaner.enabled", "true"),
    ("spec.security.azurePolicy", "true"),
    ("spec.workloadAutoscaler.keda", "true"),
    ("spec.workloadAutoscaler.vpa", "true"),
    ("spec.nodeResourceGroup.restrictionLevel", "ReadOnly"),
    ("spec.network.outboundType", "managedNATGateway"),
]


@pytest.mark.parametrize(("path", "raw"), RESTATED, ids=[row[0] for row in RESTATED])
def test_restating_a_fixed_value_is_fine(path: str, raw: str) -> None:
    resolved = resolve_preset("automatic", [f"{path}={raw}"])
    assert resolved.findings == []
    assert resolved.ok
    origin = resolved.provenance.explicit(path)
    assert origin is not None and origin.layer == f"--set {path}"


def test_removing_a_fixed_value_with_null_refills_it_silently() -> None:
    # `null` means "use the default"; under Automatic the default is the fixed value.
    resolved = resolve_preset("automatic", ["spec.network.dataplane=null"])
    assert resolved.findings == []
    assert resolved.data["spec"]["network"]["dataplane"] == "cilium"
    origin = resolved.provenance.explicit("spec.network.dataplane")
    assert origin is not None and origin.layer == "sku: automatic"


# --------------------------------------------------------------------------- filling in

# every path Automatic fixes, with the value a bare `sku: automatic` gets (managed VNet)
FILLED: list[tuple[str, Any]] = [
    ("spec.tier", "standard"),
    ("spec.network.plugin", "azure"),
    ("spec.network.pluginMode", "overlay"),
    ("spec.network.dataplane", "cilium"),
    ("spec.network.policy", "cilium"),
    ("spec.nodeProvisioning.mode", "Auto"),
    ("spec.nodeProvisioning.managedSystemPools", True),
    ("spec.upgrades.channel", "stable"),
    ("spec.upgrades.nodeOSChannel", "NodeImage"),
    ("spec.apiServer.vnetIntegration", True),
    ("spec.security.entraId", True),
    ("spec.security.azureRbac", True),
    ("spec.security.localAccounts", False),
    ("spec.security.oidcIssuer", True),
    ("spec.security.workloadIdentity", True),
    ("spec.security.imageCleaner.enabled", True),
    ("spec.security.azurePolicy", True),
    ("spec.workloadAutoscaler.keda", True),
    ("spec.workloadAutoscaler.vpa", True),
    ("spec.nodeResourceGroup.restrictionLevel", "ReadOnly"),
    ("spec.network.outboundType", "managedNATGateway"),
]


@pytest.mark.parametrize(("path", "value"), FILLED, ids=[row[0] for row in FILLED])
def test_bare_automatic_file_gets_every_fixed_value(tmp_path: Path, path: str, value: Any) -> None:
    file = write_cluster(tmp_path, "spec: {sku: automatic}\n")
    resolved = resolve(file=str(file))
    assert lookup_dotted(resolved.data, path) == value
    origin = resolved.provenance.explicit(path)
    assert origin is not None
    assert origin.layer == "sku: automatic"
    assert origin.describe() == "sku: automatic"


def test_bare_automatic_file_is_a_valid_cluster(tmp_path: Path) -> None:
    file = write_cluster(tmp_path, "spec: {sku: automatic}\n")
    resolved = resolve(file=str(file))
    # Node auto-provisioning may grow to 5,000 nodes; Azure's default pod range holds 256.
    assert [(f.level, f.code) for f in resolved.findings] == [("warning", "pod-cidr-size")]
    assert resolved.document is not None
    spec = resolved.document.spec
    assert (spec.sku, spec.tier) == ("automatic", "standard")
    assert (spec.network.plugin, spec.network.plugin_mode) == ("azure", "overlay")
    assert (spec.network.dataplane, spec.network.policy) == ("cilium", "cilium")
    assert spec.network.outbound_type == "managedNATGateway"
    assert spec.node_provisioning.mode == "Auto"
    assert spec.security.local_accounts is False
    assert spec.node_resource_group.restriction_level == "ReadOnly"
    assert spec.upgrades.channel == "stable"
    # sku itself came from the file; values Automatic does not fix stay unset
    sku = resolved.provenance.explicit("spec.sku")
    assert sku is not None and sku.describe() == f"-f {file}, line 3"
    assert resolved.provenance.explicit("spec.monitoring.prometheus") is None
    assert resolved.provenance.explicit("spec.ingress.appRouting") is None


def test_base_sku_fills_nothing(tmp_path: Path) -> None:
    file = write_cluster(tmp_path, "spec: {sku: base}\n")
    resolved = resolve(file=str(file))
    assert resolved.provenance.explicit("spec.tier") is None
    assert "tier" not in resolved.data["spec"]
    assert coded(resolved, "automatic") == []


# --------------------------------------------------------------------------- standard -> automatic

# standard + `--set spec.sku=automatic`: what standard wrote that Automatic refuses
STANDARD_CONFLICTS: list[tuple[str, Any, str]] = [
    ("spec.nodeProvisioning.mode", "Manual", "AKS Automatic provisions nodes itself (Auto)"),
    ("spec.upgrades.channel", "patch", "AKS Automatic upgrades on the stable channel"),
    (
        "spec.apiServer.vnetIntegration",
        False,
        "AKS Automatic always uses API server VNet integration",
    ),
    ("spec.workloadAutoscaler.keda", False, "AKS Automatic always enables KEDA"),
    ("spec.workloadAutoscaler.vpa", False, "AKS Automatic always enables VPA"),
    (
        "spec.nodeResourceGroup.restrictionLevel",
        "Unrestricted",
        "AKS Automatic locks the node resource group (ReadOnly)",
    ),
    (
        "spec.nodePools[system].mode",
        "system",
        "AKS Automatic runs system pods on managed system node pools; remove this pool, "
        "make it mode: user",
    ),
    (
        "spec.nodePools[user].maxCount",
        20,
        "AKS Automatic scales nodes with node auto-provisioning; autoscaling pools are not allowed",
    ),
]


@pytest.fixture(scope="module")
def standard_as_automatic() -> Resolved:
    return resolve_preset("standard", ["spec.sku=automatic"])


@pytest.mark.parametrize(
    ("path", "value", "message"),
    STANDARD_CONFLICTS,
    ids=[row[0] for row in STANDARD_CONFLICTS],
)
def test_standard_turned_automatic_names_the_preset_layer(
    standard_as_automatic: Resolved, path: str, value: Any, message: str
) -> None:
    finding = only(standard_as_automatic, "automatic", path)
    assert finding.level == "error"
    assert finding.value == value
    assert finding.layer.startswith("preset:standard, line ")
    assert message in finding.message


def test_standard_turned_automatic_has_exactly_those_conflicts(
    standard_as_automatic: Resolved,
) -> None:
    paths = sorted(f.path for f in coded(standard_as_automatic, "automatic"))
    assert paths == sorted(row[0] for row in STANDARD_CONFLICTS)


@pytest.mark.parametrize(
    "path",
    [
        "spec.tier",  # standard already writes tier: standard
        "spec.network.outboundType",  # managedNATGateway on the managed VNet
        "spec.network.dataplane",
        "spec.security.localAccounts",
    ],
)
def test_standard_turned_automatic_agrees_on_shared_values(
    standard_as_automatic: Resolved, path: str
) -> None:
    assert [f for f in standard_as_automatic.findings if f.path == path] == []
    origin = standard_as_automatic.provenance.explicit(path)
    assert origin is not None and origin.layer == "preset:standard"


def test_standard_turned_automatic_fills_what_standard_left_unset(
    standard_as_automatic: Resolved,
) -> None:
    path = "spec.nodeProvisioning.managedSystemPools"
    assert standard_as_automatic.data["spec"]["nodeProvisioning"]["managedSystemPools"] is True
    origin = standard_as_automatic.provenance.explicit(path)
    assert origin is not None and origin.layer == "sku: automatic"


def test_automatic_rules_ignore_a_base_cluster() -> None:
    # standard has a system pool and an autoscaling pool: both fine on sku: base
    resolved = resolve_preset("standard", ["spec.nodePools[win].osType=Windows"])
    assert coded(resolved, "automatic") == []


# --------------------------------------------------------------------------- egress

MANAGED_VNET_EGRESS = [
    ("managedNATGateway", False),
    ("loadBalancer", True),
    ("userAssignedNATGateway", True),
    ("userDefinedRouting", True),
    ("none", True),
]


@pytest.mark.parametrize(
    ("outbound", "refused"), MANAGED_VNET_EGRESS, ids=[row[0] for row in MANAGED_VNET_EGRESS]
)
def test_managed_vnet_forces_managed_nat_gateway(outbound: str, refused: bool) -> None:
    resolved = resolve_preset("automatic", [f"spec.network.outboundType={outbound}"])
    errors = coded(resolved, "automatic")
    if not refused:
        assert errors == []
        return
    assert len(errors) == 1
    finding = errors[0]
    assert finding.level == "error"
    assert finding.path == "spec.network.outboundType"
    assert finding.value == outbound
    assert finding.layer == "--set spec.network.outboundType"
    assert finding.message == (
        "AKS Automatic on its managed VNet requires managedNATGateway "
        "(bring a custom VNet for other egress)"
    )


# a custom VNet needs a user-assigned control plane identity (a rule of its own)
CUSTOM_VNET = """\
extends: automatic
spec:
  identity: {{controlPlane: userAssigned}}
  network:
    outboundType: {outbound}
    vnet:
      addressSpace: [10.10.0.0/16]
      nodeSubnet: {{cidr: 10.10.0.0/20}}
      apiServerSubnet: {{cidr: 10.10.16.0/28}}
      systemSubnet: {{cidr: 10.10.17.0/26}}
      egressNextHop: 10.10.18.4
"""

CUSTOM_VNET_EGRESS = [
    ("loadBalancer", False),
    ("userAssignedNATGateway", False),
    ("userDefinedRouting", False),
    ("managedNATGateway", True),
    ("none", True),
]


@pytest.mark.parametrize(
    ("outbound", "refused"), CUSTOM_VNET_EGRESS, ids=[row[0] for row in CUSTOM_VNET_EGRESS]
)
def test_custom_vnet_egress(tmp_path: Path, outbound: str, refused: bool) -> None:
    file = write_cluster(tmp_path, CUSTOM_VNET.format(outbound=outbound))
    if outbound != "userDefinedRouting":
        file = write_cluster(
            tmp_path,
            CUSTOM_VNET.format(outbound=outbound).replace("      egressNextHop: 10.10.18.4\n", ""),
        )
    resolved = resolve(file=str(file))
    errors = coded(resolved, "automatic")
    if not refused:
        assert errors == [], [f.render() for f in resolved.findings]
        assert resolved.ok, [f.render() for f in resolved.findings]
        assert resolved.document is not None
        assert resolved.document.spec.network.outbound_type == outbound
        return
    assert len(errors) == 1, [f.render() for f in resolved.findings]
    finding = errors[0]
    assert finding.level == "error"
    assert finding.path == "spec.network.outboundType"
    assert finding.value == outbound
    # outboundType is on line 7 (apiVersion, kind, extends, spec, identity, network)
    assert finding.layer == f"-f {file}, line 7"
    assert finding.message == (
        "AKS Automatic with a custom VNet allows loadBalancer, "
        "userAssignedNATGateway or userDefinedRouting"
    )


def test_custom_vnet_inheriting_managed_nat_gateway_names_the_preset(tmp_path: Path) -> None:
    body = CUSTOM_VNET.replace("    outboundType: {outbound}\n", "").format()
    file = write_cluster(tmp_path, body)
    finding = only(resolve(file=str(file)), "automatic", "spec.network.outboundType")
    assert finding.value == "managedNATGateway"
    assert finding.layer.startswith("preset:automatic, line ")
    assert "custom VNet allows loadBalancer" in finding.message


def test_custom_vnet_without_outbound_type_keeps_the_load_balancer_default(
    tmp_path: Path,
) -> None:
    body = """\
spec:
  sku: automatic
  identity: {controlPlane: userAssigned}
  network:
    vnet:
      addressSpace: [10.10.0.0/16]
      nodeSubnet: {cidr: 10.10.0.0/20}
      apiServerSubnet: {cidr: 10.10.16.0/28}
      systemSubnet: {cidr: 10.10.17.0/26}
"""
    resolved = resolve(file=str(write_cluster(tmp_path, body)))
    # Node auto-provisioning may outgrow the /20: warnings, not errors.
    assert {f.level for f in resolved.findings} <= {"warning"}
    assert resolved.document is not None
    assert resolved.document.spec.network.outbound_type == "loadBalancer"
    assert resolved.provenance.explicit("spec.network.outboundType") is None


# --------------------------------------------------------------------------- system subnet


def test_custom_vnet_needs_a_system_subnet(tmp_path: Path) -> None:
    body = CUSTOM_VNET.replace("      systemSubnet: {{cidr: 10.10.17.0/26}}\n", "")
    file = write_cluster(tmp_path, body.format(outbound="loadBalancer"))
    finding = only(resolve(file=str(file)), "automatic", "spec.network.vnet.systemSubnet")
    assert finding.level == "error"
    assert finding.value is None
    # nearest value set: spec.network.vnet, on line 8
    assert finding.layer == f"-f {file}, line 8"
    assert "needs a subnet for its managed system node pools" in finding.message


def test_system_subnet_on_a_base_cluster_is_refused(tmp_path: Path) -> None:
    body = """\
extends: standard
spec:
  network:
    outboundType: userAssignedNATGateway
    vnet:
      addressSpace: [10.10.0.0/16]
      nodeSubnet: {cidr: 10.10.0.0/20}
      systemSubnet: {cidr: 10.10.17.0/26}
"""
    file = write_cluster(tmp_path, body)
    resolved = resolve(file=str(file))
    finding = only(resolved, "vnet", "spec.network.vnet.systemSubnet")
    assert finding.level == "error"
    assert finding.value is None
    assert finding.layer == f"-f {file}, line 10"
    assert "only used by AKS Automatic's managed system node pools" in finding.message
    assert coded(resolved, "automatic") == []


def test_system_subnet_finding_names_the_set_layer_that_created_it() -> None:
    sets = [
        "spec.network.outboundType=userAssignedNATGateway",
        "spec.network.vnet.addressSpace=[10.10.0.0/16]",
        "spec.network.vnet.nodeSubnet.cidr=10.10.0.0/20",
        "spec.network.vnet.systemSubnet.cidr=10.10.17.0/26",
    ]
    resolved = resolve_preset("standard", sets)
    finding = only(resolved, "vnet", "spec.network.vnet.systemSubnet")
    assert finding.layer == "--set spec.network.vnet.systemSubnet.cidr"


# --------------------------------------------------------------------------- pools


@pytest.mark.parametrize(
    ("sets", "path", "value", "layer"),
    [
        (
            ["spec.nodePools[win].osType=Windows", "spec.nodePools[win].count=1"],
            "spec.nodePools[win].osType",
            "Windows",
            "--set spec.nodePools[win].osType",
        ),
    ],
    ids=["windows-user-pool"],
)
def test_windows_pool_is_refused(sets: list[str], path: str, value: str, layer: str) -> None:
    resolved = resolve_preset("automatic", sets)
    finding = only(resolved, "automatic", path)
    assert (finding.level, finding.value, finding.layer) == ("error", value, layer)
    assert finding.message == "AKS Automatic supports Linux nodes only"


@pytest.mark.parametrize(
    "sets",
    [
        ["spec.nodePools[web].count=3"],
        ["spec.nodePools[web].count=0"],
        ["spec.nodePools[web].count=3", "spec.nodePools[web].osType=Linux"],
        ["spec.nodePools[web].count=3", "spec.nodePools[web].mode=user"],
        # 200 + 10% default surge = 220 nodes: fits the default 10.244.0.0/16 (256 /24s)
        ["spec.nodePools[web].count=200"],
    ],
    ids=["count-3", "count-0", "explicit-linux", "explicit-user", "count-200"],
)
def test_fixed_count_user_pool_is_allowed(sets: list[str]) -> None:
    resolved = resolve_preset("automatic", sets)
    # capacity may warn (220 of 256 /24s is above 80 %); nothing may refuse the pool
    assert [f for f in resolved.findings if f.level == "error"] == []
    assert resolved.ok


@pytest.mark.parametrize(
    ("sets", "path", "value"),
    [
        (
            ["spec.nodePools[web].minCount=1", "spec.nodePools[web].maxCount=5"],
            "spec.nodePools[web].maxCount",
            5,
        ),
        (
            ["spec.nodePools[web].minCount=0", "spec.nodePools[web].maxCount=0"],
            "spec.nodePools[web].maxCount",
            0,
        ),
        (["spec.nodePools[web].maxCount=5"], "spec.nodePools[web].maxCount", 5),
        (["spec.nodePools[web].minCount=2"], "spec.nodePools[web].minCount", 2),
    ],
    ids=["min-and-max", "min-and-max-zero", "max-only", "min-only"],
)
def test_autoscaling_pool_is_refused(sets: list[str], path: str, value: int) -> None:
    resolved = resolve_preset("automatic", sets)
    finding = only(resolved, "automatic", path)
    assert finding.level == "error"
    assert finding.value == value
    assert finding.layer == f"--set {path}"
    assert "autoscaling pools are not allowed" in finding.message
    assert "give the pool a fixed count" in finding.message


@pytest.mark.parametrize(
    ("mode", "refused"),
    [("system", True), ("user", False), ("gateway", False)],
    ids=["system", "user", "gateway"],
)
def test_system_pool_is_refused(mode: str, refused: bool) -> None:
    sets = [f"spec.nodePools[sys].mode={mode}", "spec.nodePools[sys].count=2"]
    resolved = resolve_preset("automatic", sets)
    errors = [f for f in coded(resolved, "automatic") if f.path == "spec.nodePools[sys].mode"]
    if not refused:
        assert errors == []
        return
    assert len(errors) == 1
    finding = errors[0]
    assert (finding.level, finding.value) == ("error", "system")
    assert finding.layer == "--set spec.nodePools[sys].mode"
    assert "remove this pool, make it mode: user" in finding.message
    assert "inline: false" in finding.message
