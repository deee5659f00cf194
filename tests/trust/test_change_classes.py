"""Change classes that must follow Microsoft's documentation (issue: trust, section 3).

Each test builds the *old* side of a diff by editing the current plan (what a cluster built
earlier would have had), then runs `plan --against` through the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from trust_helpers import REPO, Cli, against, changes, edited, plan, resources

CUSTOM_VNET = ("-f", str(REPO / "examples" / "standard-custom-vnet.yaml"))
TRAIN = ("-f", str(REPO / "examples" / "fleets" / "train-75k.yaml"))
POOL = "Microsoft.ContainerService/managedClusters/agentPools"


def props(doc: dict[str, Any]) -> dict[str, Any]:
    [aks] = resources(doc, "Microsoft.ContainerService/managedClusters")
    return dict(aks["inputs"]["properties"])


def pool(doc: dict[str, Any], name: str) -> dict[str, Any]:
    for resource in resources(doc, POOL):
        if resource["inputs"]["resourceName"] == name:
            return dict(resource["inputs"]["properties"])
    for inline in props(doc).get("agentPoolProfiles") or []:
        if inline["name"] == name:
            return dict(inline)
    raise AssertionError(f"no pool {name}")


def diff(
    cli: Cli,
    tmp_path: Path,
    args: tuple[str, ...],
    edit: Callable[[dict[str, Any]], None],
    *new_args: str,
    old_args: tuple[str, ...] | None = None,
) -> tuple[int, dict[str, Any]]:
    base = plan(cli, *(old_args or args), ok=False)
    return against(cli, tmp_path, edited(base, edit), *args, *new_args)


def only(doc: dict[str, Any], part: str) -> dict[str, Any]:
    found = changes(doc, part)
    assert len(found) == 1, [(c["path"], c["class"]) for c in doc["changes"]["changes"]]
    return found[0]


def _set_pool(doc: dict[str, Any], name: str, key: str, value: Any) -> None:
    for resource in resources(doc, POOL):
        if resource["inputs"]["resourceName"] == name:
            resource["inputs"]["properties"][key] = value
            return
    for inline in props_of(doc).get("agentPoolProfiles") or []:
        if inline["name"] == name:
            inline[key] = value


def props_of(doc: dict[str, Any]) -> dict[str, Any]:
    [aks] = resources(doc, "Microsoft.ContainerService/managedClusters")
    return aks["inputs"]["properties"]  # type: ignore[no-any-return]


def test_spot_max_price_cannot_change(cli: Cli, tmp_path: Path) -> None:
    _, doc = diff(cli, tmp_path, CUSTOM_VNET, lambda d: _set_pool(d, "batch", "spotMaxPrice", 0.5))
    change = only(doc, "spotMaxPrice")
    assert change["class"] == "rejected"
    assert "spot-node-pool" in change["source"]


def test_localdns_change_reimages_the_pool(cli: Cli, tmp_path: Path) -> None:
    _, doc = diff(
        cli,
        tmp_path,
        ("--preset", "standard", "--set", "spec.nodePools[user].localDNS=Required"),
        lambda d: None,
        old_args=("--preset", "standard"),
    )
    change = only(doc, "localDNSProfile")
    assert change["class"] == "rolling"


def test_enabling_api_server_vnet_integration_is_disruptive(cli: Cli, tmp_path: Path) -> None:
    def off(d: dict[str, Any]) -> None:
        access = props_of(d)["apiServerAccessProfile"]
        access["enableVnetIntegration"] = False
        access.pop("subnetId", None)
        access["enablePrivateCluster"] = True

    _, doc = diff(cli, tmp_path, CUSTOM_VNET, off)
    change = only(doc, "enableVnetIntegration")
    assert change["class"] == "disruptive"
    assert "restart" in change["message"] or "irreversible" in change["message"]


@pytest.mark.parametrize(
    ("old", "expected"),
    [("SecurityPatch", "in-place"), ("None", "rolling"), ("Unmanaged", "rolling")],
)
def test_node_os_channel_reimages_only_with_unmanaged_or_none(
    cli: Cli, tmp_path: Path, old: str, expected: str
) -> None:
    def edit(d: dict[str, Any]) -> None:
        props_of(d)["autoUpgradeProfile"]["nodeOSUpgradeChannel"] = old

    _, doc = diff(cli, tmp_path, ("--preset", "standard"), edit)
    assert only(doc, "nodeOSUpgradeChannel")["class"] == expected


def test_outbound_type_on_a_managed_vnet_follows_the_migration_matrix(
    cli: Cli, tmp_path: Path
) -> None:
    def from_lb(d: dict[str, Any]) -> None:
        network = props_of(d)["networkProfile"]
        network["outboundType"] = "loadBalancer"
        network.pop("natGatewayProfile", None)

    _, doc = diff(cli, tmp_path, ("--preset", "standard"), from_lb)
    assert only(doc, "outboundType")["class"] == "in-place"


def test_outbound_managed_nat_to_user_nat_is_not_supported(cli: Cli, tmp_path: Path) -> None:
    def from_managed(d: dict[str, Any]) -> None:
        props_of(d)["networkProfile"]["outboundType"] = "managedNATGateway"

    _, doc = diff(cli, tmp_path, CUSTOM_VNET, from_managed)
    change = only(doc, "outboundType")
    assert change["class"] == "rejected"
    assert "egress-outboundtype" in change["source"]


def test_node_auto_provisioning_auto_to_manual_is_a_documented_path(
    cli: Cli, tmp_path: Path
) -> None:
    def auto(d: dict[str, Any]) -> None:
        props_of(d)["nodeProvisioningProfile"] = {"mode": "Auto"}

    _, doc = diff(cli, tmp_path, ("--preset", "standard"), auto)
    change = only(doc, "nodeProvisioningProfile.mode")
    assert change["class"] != "rejected"
    assert change["class"] in ("disruptive", "in-place")


def _fleet_resource(doc: dict[str, Any], arm: str) -> dict[str, Any]:
    [found] = resources(doc, arm)
    return found


def test_fleet_hubless_to_hub_is_supported(cli: Cli, tmp_path: Path, write: Any) -> None:
    text = (REPO / "examples" / "fleets" / "shop-two-region.yaml").read_text()
    path = write("shop.yaml", text)
    (tmp_path / "presets").mkdir(exist_ok=True)

    def hubless(d: dict[str, Any]) -> None:
        _fleet_resource(d, "Microsoft.ContainerService/fleets")["inputs"]["properties"].pop(
            "hubProfile", None
        )

    _, doc = diff(cli, tmp_path, ("-f", str(path)), hubless)
    hub = [c for c in doc["changes"]["changes"] if "hubProfile" in c["path"]]
    assert hub and all(c["class"] != "rejected" for c in hub), hub


def test_fleet_hub_to_hubless_is_rejected(cli: Cli, tmp_path: Path, write: Any) -> None:
    text = (REPO / "examples" / "fleets" / "shop-two-region.yaml").read_text()
    path = write("shop.yaml", text.replace("hub: true", "hub: false"))

    def hub(d: dict[str, Any]) -> None:
        fleet = _fleet_resource(d, "Microsoft.ContainerService/fleets")
        fleet["inputs"]["properties"]["hubProfile"] = {"dnsPrefix": "shop"}

    _, doc = diff(cli, tmp_path, ("-f", str(path)), hub)
    assert [c["class"] for c in doc["changes"]["changes"] if "hubProfile" in c["path"]] == [
        "rejected"
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [("updateStrategyId", "/subscriptions/x/other"), ("nodeImageSelection", {"type": "Latest"})],
)
def test_fleet_auto_upgrade_create_only_fields(
    cli: Cli, tmp_path: Path, key: str, value: Any
) -> None:
    def edit(d: dict[str, Any]) -> None:
        profile = _fleet_resource(d, "Microsoft.ContainerService/fleets/autoUpgradeProfiles")
        profile["inputs"]["properties"][key] = value

    _, doc = diff(cli, tmp_path, TRAIN, edit)
    found = [c for c in doc["changes"]["changes"] if key in c["path"]]
    assert found and all(c["class"] == "rejected" for c in found), found


@pytest.mark.parametrize(
    ("old", "new"),
    [("Ubuntu2204", "AzureLinux"), ("AzureLinux", "AzureLinux3"), ("Ubuntu", "Ubuntu2404")],
)
def test_os_sku_moves_between_linux_skus(cli: Cli, tmp_path: Path, old: str, new: str) -> None:
    args = ("--preset", "standard", "--set", f"spec.nodePools[user].osSku={new}")

    def edit(d: dict[str, Any]) -> None:
        _set_pool(d, "user", "osSKU", old)

    _, doc = diff(cli, tmp_path, args, edit)
    change = only(doc, "osSKU")
    assert change["class"] == "rolling"
    assert change["confirmed"] is True, change["source"]


@pytest.mark.parametrize("key", ["kubeletConfig", "linuxOSConfig"])
def test_node_configuration_has_no_update_path(cli: Cli, tmp_path: Path, key: str) -> None:
    def edit(d: dict[str, Any]) -> None:
        _set_pool(
            d,
            "user",
            key,
            {"failSwapOn": False} if key == "kubeletConfig" else {"swapFileSizeMB": 1500},
        )

    _, doc = diff(cli, tmp_path, ("--preset", "standard"), edit)
    found = changes(doc, key)
    assert found and all(c["class"] == "rejected" for c in found), found


def _legacy_cni(d: dict[str, Any], **network: Any) -> None:
    profile = props_of(d)["networkProfile"]
    profile.pop("networkPluginMode", None)
    profile.pop("podCidr", None)
    profile.update(network)


def test_overlay_not_from_pod_subnet_clusters(cli: Cli, tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        _legacy_cni(d, networkPolicy="none")
        for name in ("system", "user"):
            _set_pool(
                d,
                name,
                "podSubnetID",
                "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/pods",
            )

    _, doc = diff(cli, tmp_path, ("--preset", "standard"), edit)
    assert only(doc, "networkPluginMode")["class"] == "rejected"


def test_overlay_not_with_a_network_policy_on(cli: Cli, tmp_path: Path) -> None:
    _, doc = diff(
        cli, tmp_path, ("--preset", "standard"), lambda d: _legacy_cni(d, networkPolicy="cilium")
    )
    assert only(doc, "networkPluginMode")["class"] == "rejected"


def test_overlay_not_together_with_a_dataplane_change(cli: Cli, tmp_path: Path) -> None:
    _, doc = diff(
        cli,
        tmp_path,
        ("--preset", "standard"),
        lambda d: _legacy_cni(d, networkDataplane="azure", networkPolicy="none"),
    )
    assert only(doc, "networkPluginMode")["class"] == "rejected"


def test_overlay_alone_is_disruptive(cli: Cli, tmp_path: Path) -> None:
    args = ("--preset", "standard", "--set", "spec.network.policy=none")
    _, doc = diff(cli, tmp_path, args, lambda d: _legacy_cni(d))
    assert only(doc, "networkPluginMode")["class"] == "disruptive"


def test_private_dns_zone_to_none_reimages(cli: Cli, tmp_path: Path) -> None:
    _, doc = diff(
        cli,
        tmp_path,
        (*CUSTOM_VNET, "--set", "spec.apiServer.privateDnsZone=none"),
        lambda d: None,
        old_args=CUSTOM_VNET,
    )
    change = only(doc, "privateDNSZone")
    assert change["class"] == "rolling"


def test_lts_cluster_may_skip_to_the_next_lts(cli: Cli, tmp_path: Path) -> None:
    lts = (
        "--preset",
        "standard",
        "--set",
        "spec.tier=premium",
        "--set",
        "spec.supportPlan=AKSLongTermSupport",
        "--set",
        "spec.upgrades.channel=none",
    )
    _, doc = diff(
        cli,
        tmp_path,
        (*lts, "--set", "spec.kubernetesVersion='1.33'"),
        lambda d: None,
        old_args=(*lts, "--set", "spec.kubernetesVersion='1.30'"),
    )
    versions = changes(doc, "kubernetesVersion")
    assert versions and all(c["class"] != "rejected" for c in versions), versions


def test_skipping_a_minor_version_without_lts_is_rejected(cli: Cli, tmp_path: Path) -> None:
    args = ("--preset", "standard", "--set", "spec.upgrades.channel=none")
    _, doc = diff(
        cli,
        tmp_path,
        (*args, "--set", "spec.kubernetesVersion='1.33'"),
        lambda d: None,
        old_args=(*args, "--set", "spec.kubernetesVersion='1.31'"),
    )
    change = only(doc, "properties.kubernetesVersion")
    assert change["class"] == "rejected"
    assert change["confirmed"] is True


def test_version_change_under_an_upgrade_channel_is_a_warning_with_how_to(
    cli: Cli, tmp_path: Path
) -> None:
    args = ("--preset", "standard")
    code, doc = diff(
        cli,
        tmp_path,
        (*args, "--set", "spec.kubernetesVersion='1.34'"),
        lambda d: None,
        old_args=(*args, "--set", "spec.kubernetesVersion='1.33'"),
    )
    change = only(doc, "properties.kubernetesVersion")
    assert change["class"] != "in-place" or "not applied" in change["message"].lower()
    warnings = [
        f for f in doc["findings"] if f["level"] == "warning" and "kubernetesVersion" in f["path"]
    ]
    assert warnings, doc["findings"]
    assert "az aks upgrade" in warnings[0]["message"]
    assert code == 0
