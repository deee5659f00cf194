"""Behaviour that must match what Microsoft documents today (issue: trust, section 2)."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Any

import pytest
from trust_helpers import (
    REPO,
    Cli,
    against,
    changes,
    cluster,
    findings,
    plan,
    resources,
)

POOL = "Microsoft.ContainerService/managedClusters/agentPools"
NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7"


def pool_bodies(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every pool's properties by pool name: inline ones and agentPools resources."""
    out: dict[str, dict[str, Any]] = {}
    for aks in resources(doc, "Microsoft.ContainerService/managedClusters"):
        for inline in aks["inputs"]["properties"].get("agentPoolProfiles") or []:
            out[inline["name"]] = inline
    for pool in resources(doc, POOL):
        out[pool["inputs"]["resourceName"]] = pool["inputs"]["properties"]
    return out


def test_standard_large_uses_localdns_required(cli: Cli) -> None:
    doc = plan(cli, "--preset", "standard-large")
    modes = {
        name: body.get("localDNSProfile", {}).get("mode") for name, body in pool_bodies(doc).items()
    }
    assert "Preferred" not in modes.values(), modes
    assert "Required" in modes.values(), modes


def test_localdns_preferred_gets_a_finding(cli: Cli) -> None:
    doc = plan(
        cli,
        "--preset",
        "standard",
        "--set",
        "spec.kubernetesVersion='1.34'",
        "--set",
        "spec.nodePools[user].localDNS=Preferred",
    )
    assert any(
        f["path"] == "spec.nodePools[user].localDNS" and f["level"] in ("warning", "info")
        for f in findings(doc)
    )


def _ingress(doc: dict[str, Any]) -> dict[str, Any]:
    return dict(cluster(doc)["inputs"]["properties"]["ingressProfile"])


def test_automatic_from_136_uses_gateway_api_through_app_routing(cli: Cli) -> None:
    doc = plan(cli, "--preset", "automatic", "--set", "spec.kubernetesVersion='1.36'")
    ingress = _ingress(doc)
    routing = ingress["webAppRouting"]
    assert routing["enabled"] is True
    assert routing["gatewayAPIImplementations"]["appRoutingIstio"]["mode"] == "Enabled"
    assert ingress["gatewayAPI"]["installation"] == "Standard"
    assert "nginx" not in routing


def test_automatic_before_136_keeps_managed_nginx(cli: Cli) -> None:
    doc = plan(cli, "--preset", "automatic", "--set", "spec.kubernetesVersion='1.35'")
    routing = _ingress(doc)["webAppRouting"]
    assert "gatewayAPIImplementations" not in routing


def test_automatic_preset_comment_names_gateway_api() -> None:
    text = (REPO / "aks_kit").rglob("automatic.yaml")
    [preset] = [p for p in text if "presets" in p.parts]
    assert "Gateway API" in preset.read_text()
    assert "November 2026" in preset.read_text() or "Gateway API" in preset.read_text()


def test_cilium_with_node_subnet_ipam_is_allowed(cli: Cli) -> None:
    doc = plan(
        cli,
        "--preset",
        "standard",
        "--set",
        "spec.network.pluginMode=null",
        "--set",
        "spec.network.podCidr=null",
        "--set",
        "spec.network.outboundType=loadBalancer",
        "--set",
        "spec.network.natGateway=null",
        "--set",
        "spec.network.vnet.addressSpace=[10.1.0.0/16]",
        "--set",
        "spec.network.vnet.nodeSubnet.cidr=10.1.0.0/17",
        "--set",
        "spec.identity.controlPlane=userAssigned",
        ok=False,
    )
    assert not [f for f in findings(doc, "error") if f["path"] == "spec.network.dataplane"]


@pytest.mark.parametrize("space", ["172.30.0.0/16", "169.254.0.0/16", "192.0.2.0/24"])
def test_reserved_ranges_apply_to_vnet_address_spaces(cli: Cli, space: str) -> None:
    doc = plan(
        cli,
        "--preset",
        "standard",
        "--set",
        f"spec.network.vnet.addressSpace=[{space}]",
        "--set",
        f"spec.network.vnet.nodeSubnet.cidr={space}",
        ok=False,
    )
    assert any(
        f["code"] == "cidr-reserved" and f["path"].startswith("spec.network.vnet")
        for f in findings(doc, "error")
    )


def test_automatic_on_a_custom_vnet_grants_network_contributor_on_the_vnet(cli: Cli) -> None:
    doc = plan(cli, "-f", str(REPO / "examples" / "automatic-custom-vnet.yaml"))
    [vnet] = resources(doc, "Microsoft.Network/virtualNetworks")
    grants = [
        r
        for r in resources(doc, "Microsoft.Authorization/roleAssignments")
        if r["inputs"]["roleDefinitionId"].endswith(NETWORK_CONTRIBUTOR)
    ]
    assert any(g["inputs"]["scope"] == f"${{{vnet['name']}.id}}" for g in grants), grants


AUTOMATIC_WITH_SYSTEM_POOL = (
    "--preset",
    "automatic",
    "--name",
    "shop",
    "--set",
    "spec.nodePools=[{name: sys, mode: system, vmSize: Standard_D4ds_v5, count: 3, inline: false}]",
)


def test_automatic_to_base_is_plannable(cli: Cli, tmp_path: Path) -> None:
    before = plan(cli, *AUTOMATIC_WITH_SYSTEM_POOL)
    [pool] = resources(before, POOL)
    assert pool["inputs"]["properties"]["mode"] == "System"
    assert "agentPoolProfiles" not in cluster(before)["inputs"]["properties"]
    code, after = against(
        cli, tmp_path, before, *AUTOMATIC_WITH_SYSTEM_POOL, "--set", "spec.sku=base"
    )
    rejected = [c for c in after["changes"]["changes"] if c["class"] == "rejected"]
    assert not rejected, rejected
    [sku] = changes(after, "sku.name")
    assert (sku["old"], sku["new"]) == ("Automatic", "Base")
    assert code == 0, after["findings"]


def test_autoscaled_pool_across_zones_with_balancing_gets_a_finding(cli: Cli) -> None:
    doc = plan(
        cli,
        "--preset",
        "standard",
        "--set",
        "spec.autoscaler.balanceSimilarNodeGroups=true",
        "--set",
        "spec.nodePools[user].zones=[1,2,3]",
    )
    assert any(
        f["path"].startswith("spec.nodePools[user]") and "zone" in f["message"]
        for f in findings(doc)
        if f["level"] in ("warning", "error")
    )


def test_standard_large_runs_one_autoscaled_pool_per_zone(cli: Cli) -> None:
    doc = plan(cli, "--preset", "standard-large")
    for name, body in pool_bodies(doc).items():
        if body.get("enableAutoScaling"):
            assert len(body.get("availabilityZones") or []) <= 1, name


def test_automatic_pod_cidr_fits_what_automatic_allows(cli: Cli) -> None:
    doc = plan(cli, "--preset", "automatic")
    cidr = cluster(doc)["inputs"]["properties"]["networkProfile"].get("podCidr", "10.244.0.0/16")
    network = ipaddress.ip_network(cidr)
    assert 2 ** (24 - network.prefixlen) >= 5000


def test_capacity_counts_auto_provisioned_clusters(cli: Cli) -> None:
    result = cli("capacity", "--preset", "automatic", "-o", "json")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    report = json.loads(text)
    nodes = report["nodes"]
    assert nodes["autoProvisioned"] is True
    # Node auto-provisioning may grow the cluster to the tier's limit: judged at that size.
    assert nodes["maxNodes"]["used"] == nodes["maxNodes"]["limit"] == 5000, nodes["maxNodes"]


def test_windows2019_is_refused(cli: Cli) -> None:
    result = cli(
        "plan",
        "--preset",
        "standard",
        "--set",
        "spec.network.plugin=azure",
        "--set",
        "spec.nodePools=[{name: system, mode: system, count: 3}, "
        "{name: win, mode: user, osType: Windows, osSku: Windows2019, count: 1}]",
        "-o",
        "json",
    )
    assert result.exit_code == 3
    errors = [f for f in json.loads(result.stdout)["findings"] if f["level"] == "error"]
    assert [f["path"] for f in errors] == ["spec.nodePools[win].osSku"], errors


@pytest.mark.parametrize(
    ("key", "value"),
    [("count", "1"), ("maxPods", "20"), ("vmSize", "Standard_D2ds_v5")],
)
def test_small_system_pools_get_a_finding(cli: Cli, key: str, value: str) -> None:
    args = ["--preset", "standard", "--set", f"spec.nodePools[system].{key}={value}"]
    if key == "count":
        args += ["--set", "spec.nodePools[system].minCount=null"]
        args += ["--set", "spec.nodePools[system].maxCount=null"]
    doc = plan(cli, *args, ok=False)
    assert any(
        f["path"].startswith("spec.nodePools[system]") and f["level"] in ("warning", "error")
        for f in findings(doc)
    ), findings(doc)


SPOT = (
    "spec.nodePools=[{name: system, mode: system, count: 3}, {name: spot, mode: user, "
    "spot: true, minCount: 0, maxCount: 10, maxSurge: '33%'}]"
)


def test_spot_pools_refuse_max_surge(cli: Cli) -> None:
    result = cli("plan", "--preset", "standard", "--set", SPOT, "-o", "json")
    assert result.exit_code == 3
    assert any(
        f["path"] == "spec.nodePools[spot].maxSurge" for f in json.loads(result.stdout)["findings"]
    )


def test_capacity_counts_no_surge_for_spot_pools(cli: Cli) -> None:
    spot = SPOT.replace(", maxSurge: '33%'", "")
    result = cli("capacity", "--preset", "standard", "--set", spot, "-o", "json")
    report = json.loads(result.stdout)
    [pool] = [p for p in report["nodes"]["pools"] if p["name"] == "spot"]
    assert pool["surgeNodes"] == 0


def test_pod_subnet_counts_dynamic_allocation_in_batches_of_16(cli: Cli) -> None:
    result = cli(
        "capacity",
        "--preset",
        "standard",
        "--set",
        "spec.network.pluginMode=null",
        "--set",
        "spec.network.podCidr=null",
        "--set",
        "spec.network.vnet.addressSpace=[10.1.0.0/16]",
        "--set",
        "spec.network.vnet.nodeSubnet.cidr=10.1.0.0/20",
        "--set",
        "spec.network.vnet.podSubnet.cidr=10.1.64.0/18",
        "--set",
        "spec.nodePools[user].maxPods=30",
        "--set",
        "spec.nodePools[system].maxPods=30",
        "-o",
        "json",
    )
    report = json.loads(result.stdout)
    [pods] = [r for r in report["addresses"]["ranges"] if r["name"] == "podSubnet"]
    # 30 pods take two batches of 16: 32 addresses per node.
    assert pods["maxNodes"] == (2**14 - 5) // 32


FLEET = """
apiVersion: aks-kit/v1
kind: Fleet
metadata: {{name: f}}
spec:
  autoUpgrade: {{channel: {channel}{extra}}}
  members:
    - {{name: one, extends: standard}}
"""


def test_fleet_target_kubernetes_version_is_a_channel(cli: Cli, write: Any) -> None:
    path = write(
        "fleet.yaml",
        FLEET.format(channel="TargetKubernetesVersion", extra=", targetKubernetesVersion: '1.34'"),
    )
    doc = plan(cli, "-f", str(path))
    [profile] = resources(doc, "Microsoft.ContainerService/fleets/autoUpgradeProfiles")
    assert profile["inputs"]["properties"]["channel"] == "TargetKubernetesVersion"
    assert profile["inputs"]["properties"]["targetKubernetesVersion"] == "1.34"


def test_fleet_auto_upgrade_needs_no_update_strategy(cli: Cli, write: Any) -> None:
    path = write("fleet.yaml", FLEET.format(channel="Stable", extra=""))
    doc = plan(cli, "-f", str(path))
    assert not findings(doc, "error")
    [profile] = resources(doc, "Microsoft.ContainerService/fleets/autoUpgradeProfiles")
    assert "updateStrategyId" not in profile["inputs"]["properties"]
    assert "update strategy" not in (
        REPO / "aks_kit" / "presets" / "schema.json"
    ).read_text().split('"autoUpgrade"')[1][:400].lower().replace("without an update strategy", "")


def test_shop_two_region_says_only_what_is_rendered(cli: Cli) -> None:
    path = REPO / "examples" / "fleets" / "shop-two-region.yaml"
    text = path.read_text()
    doc = plan(cli, "-f", str(path))
    peerings = resources(doc, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings")
    if not peerings:
        assert "peers" not in text and "creates and peers" not in text
    # A stage's wait applies after that stage: a wait on the last stage delays nothing.
    [stage_last] = [line for line in text.splitlines() if "name: second" in line]
    assert "afterStageWaitInSeconds" not in stage_last


def test_train_75k_is_upgradeable_as_written(cli: Cli) -> None:
    train = str(REPO / "examples" / "fleets" / "train-75k.yaml")
    doc = plan(cli, "-f", train)
    upgrade = [f for f in findings(doc) if "surge" in f["code"] or "upgrade-at-max" in f["code"]]
    assert not upgrade, upgrade[:3]
    result = cli("capacity", "-f", train, "-o", "json")
    totals = json.loads(result.stdout)["totals"]
    assert totals["maxNodes"] >= 75_000, totals
