"""`plan --against`: every change class on plan documents the real renderer makes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aks_kit.cli.change_markdown import render_markdown
from aks_kit.presets.fleet import load_fleet
from aks_kit.presets.resolve import resolve
from aks_kit.stacks.change_risk import (
    CLASSES,
    CLUSTER,
    NO_ENTRY,
    POOL,
    ChangeReport,
    FieldContext,
    classify,
    diff_plans,
    field_classes,
    parse_path,
)
from aks_kit.stacks.plan import fleet_plan_document, make_fleet_plan, make_plan, plan_document

FIX = "new pool under a new name"


def plan(*sets: str, preset: str = "standard", **kwargs: Any) -> dict[str, Any]:
    """A plan document from the real resolver and renderer; the spec must be valid."""
    doc = plan_document(make_plan(resolve(preset=preset, sets=list(sets), **kwargs)))
    errors = [f for f in doc["findings"] if f["level"] == "error"]
    assert not errors, errors
    assert doc["resources"]
    return doc


def only(report: ChangeReport) -> dict[str, Any]:
    assert len(report.changes) == 1, [c.to_dict() for c in report.changes]
    return report.changes[0].to_dict()


def levels(report: ChangeReport) -> list[tuple[str, str, str]]:
    return [(f.level, f.code, f.path) for f in report.findings]


def blocking(report: ChangeReport) -> list[tuple[str, str, str]]:
    return [t for t in levels(report) if t[0] in ("error", "warning")]


# --- one test per class ---------------------------------------------------------------------


def test_pool_max_count_is_in_place_and_blocks_nothing() -> None:
    report = diff_plans(plan(), plan("spec.nodePools[user].maxCount=30"))
    change = only(report)
    assert {k: change[k] for k in ("stack", "resource", "armType", "op", "path")} == {
        "stack": "aks-standard",
        "resource": "aks-standard-user",
        "armType": POOL,
        "op": "update",
        "path": "properties.maxCount",
    }
    assert (change["old"], change["new"], change["class"]) == (20, 30, "in-place")
    assert change["source"] == "https://learn.microsoft.com/azure/aks/cluster-autoscaler"
    assert change["specPath"] == "spec.nodePools[user].maxCount"
    assert change["confirmed"] is True
    assert report.findings == []
    assert not report.blocked
    assert report.summary == {
        "rejected": 0,
        "replacement": 0,
        "deletion": 0,
        "disruptive": 0,
        "rolling": 0,
        "in-place": 1,
        "create": 0,
    }


def test_pool_vm_size_is_rejected_with_an_error_naming_the_spec_path_and_the_fix() -> None:
    report = diff_plans(plan(), plan("spec.nodePools[user].vmSize=Standard_D16ds_v5"))
    change = only(report)
    assert (change["resource"], change["path"], change["old"], change["new"], change["class"]) == (
        "aks-standard-user",
        "properties.vmSize",
        "Standard_D8ds_v5",
        "Standard_D16ds_v5",
        "rejected",
    )
    assert change["source"].startswith("https://learn.microsoft.com/azure/aks/manage-node-pools")
    assert levels(report) == [("error", "change-rejected", "spec.nodePools[user].vmSize")]
    finding = report.findings[0]
    assert finding.layer == "plan --against"
    assert finding.value == "Standard_D16ds_v5"
    assert FIX in finding.message and "drain" in finding.message
    assert "Standard_D8ds_v5 -> Standard_D16ds_v5" in finding.message
    assert report.blocked


def test_inline_system_pool_vm_size_is_rejected() -> None:
    report = diff_plans(plan(), plan("spec.nodePools[system].vmSize=Standard_D8ds_v5"))
    change = only(report)
    assert (change["resource"], change["armType"], change["path"], change["class"]) == (
        "aks-standard",
        CLUSTER,
        "properties.agentPoolProfiles[system].vmSize",
        "rejected",
    )
    assert (change["old"], change["new"]) == ("Standard_D4ds_v5", "Standard_D8ds_v5")
    assert levels(report) == [("error", "change-rejected", "spec.nodePools[system].vmSize")]
    assert FIX in report.findings[0].message


def test_inline_pool_added_or_removed_is_rejected() -> None:
    # Renaming the first system pool swaps the inline pool: ARM refuses both halves.
    report = diff_plans(plan(), plan("spec.nodePools[system].name=sys"))
    assert [(c.path, c.change_class) for c in report.changes] == [
        ("properties.agentPoolProfiles[system]", "rejected"),
        ("properties.agentPoolProfiles[sys]", "rejected"),
    ]
    assert levels(report) == [
        ("error", "change-rejected", "spec.nodePools[system]"),
        ("error", "change-rejected", "spec.nodePools[sys]"),
    ]
    assert "az aks nodepool delete" in report.findings[0].message
    assert "{name: system, ...} -> null" in report.findings[0].message


def test_os_sku_ubuntu_to_azure_linux_is_rolling() -> None:
    report = diff_plans(
        plan("spec.nodePools[user].osSku=Ubuntu"), plan("spec.nodePools[user].osSku=AzureLinux")
    )
    change = only(report)
    assert (change["path"], change["old"], change["new"], change["class"]) == (
        "properties.osSKU",
        "Ubuntu",
        "AzureLinux",
        "rolling",
    )
    assert change["source"].startswith(
        "https://learn.microsoft.com/azure/azure-linux/tutorial-azure-linux-migration"
    )
    assert levels(report) == [("info", "change-rolling", "spec.nodePools[user].osSku")]
    assert not report.blocked


def node_subnet_cni(*sets: str) -> dict[str, Any]:
    """Azure CNI on the node subnet (no overlay), azure dataplane, no network policy."""
    return plan(
        "spec.network.pluginMode=null",
        "spec.network.dataplane=azure",
        "spec.network.policy=none",
        "spec.network.podCidr=null",
        *sets,
    )


def test_overlay_added_to_node_subnet_cni_is_disruptive() -> None:
    old = node_subnet_cni()
    new = plan("spec.network.dataplane=azure", "spec.network.policy=none")
    report = diff_plans(old, new)
    assert [(c.path, c.old, c.new, c.change_class) for c in report.changes] == [
        ("properties.networkProfile.networkPluginMode", None, "overlay", "disruptive"),
        ("properties.networkProfile.podCidr", None, "10.240.0.0/12", "disruptive"),
    ]
    assert blocking(report) == [
        ("warning", "change-disruptive", "spec.network.pluginMode"),
        ("warning", "change-disruptive", "spec.network.podCidr"),
    ]
    assert "irreversible" in report.changes[0].message
    assert not report.blocked


def test_leaving_overlay_is_rejected() -> None:
    old = plan("spec.network.dataplane=azure", "spec.network.policy=none")
    report = diff_plans(old, node_subnet_cni())
    assert [(c.path, c.change_class) for c in report.changes] == [
        ("properties.networkProfile.networkPluginMode", "rejected"),
        ("properties.networkProfile.podCidr", "rejected"),
    ]
    assert ("error", "change-rejected", "spec.network.pluginMode") in levels(report)


def test_cilium_dataplane_is_disruptive_and_leaving_it_is_rejected() -> None:
    azure = plan("spec.network.dataplane=azure", "spec.network.policy=none")
    cilium = plan()
    to_cilium = diff_plans(azure, cilium)
    assert [(c.path, c.old, c.new, c.change_class) for c in to_cilium.changes] == [
        ("properties.networkProfile.networkDataplane", "azure", "cilium", "disruptive"),
        ("properties.networkProfile.networkPolicy", "none", "cilium", "disruptive"),
    ]
    back = diff_plans(cilium, azure)
    assert [(c.path, c.change_class) for c in back.changes] == [
        ("properties.networkProfile.networkDataplane", "rejected"),
        ("properties.networkProfile.networkPolicy", "rejected"),
    ]


def test_location_change_replaces_the_cluster_and_its_pools() -> None:
    report = diff_plans(plan(), plan(location="westus3"))
    cluster = [c for c in report.changes if c.resource == "aks-standard"]
    assert [(c.path, c.old, c.new, c.change_class) for c in cluster] == [
        ("location", "eastus2", "westus3", "replacement")
    ]
    assert "protected" in cluster[0].message
    pool = [c for c in report.changes if c.resource == "aks-standard-user"]
    assert [(c.path, c.change_class) for c in pool] == [("parentResourcePath", "replacement")]
    errors = [t for t in levels(report) if t[0] == "error"]
    assert errors == [
        ("error", "change-replacement", "metadata.location"),  # the resource group
        ("error", "change-replacement", "metadata.location"),  # the cluster
        ("error", "change-replacement", "spec.nodePools[user]"),
    ]
    assert set(report.summary) == set(CLASSES)
    assert report.summary["replacement"] == len(report.changes)


def test_cluster_name_change_is_replacement() -> None:
    report = diff_plans(plan(), plan(name="other"))
    cluster = [c for c in report.changes if c.resource == "other"]
    assert (cluster[0].path, cluster[0].old, cluster[0].new, cluster[0].change_class) == (
        "",
        "aks-standard",
        "other",
        "replacement",
    )
    assert ("properties.dnsPrefix", "replacement") in [(c.path, c.change_class) for c in cluster]
    assert {c.change_class for c in report.changes} == {"replacement"}
    assert ("error", "change-replacement", "metadata.name") in levels(report)
    assert [t for t in levels(report) if t[0] == "error"] == [
        ("error", "change-replacement", "metadata.resourceGroup"),
        ("error", "change-replacement", "metadata.name"),
        ("error", "change-replacement", "spec.nodePools[user]"),
    ]
    # The cluster is protected: Pulumi refuses to replace it, --allow-replace or not.
    allowed = diff_plans(plan(), plan(name="other"), allow_replace=True)
    assert allowed.blocked
    assert ("error", "change-replacement", "metadata.name") in levels(allowed)
    unprotected = diff_plans(
        plan("metadata.protect=false"),
        plan("metadata.protect=false", name="other"),
        allow_replace=True,
    )
    assert not unprotected.blocked
    assert ("warning", "change-replacement", "metadata.name") in levels(unprotected)


def test_removing_a_pool_with_null_is_deletion() -> None:
    report = diff_plans(plan(), plan("spec.nodePools[user]=null"))
    change = only(report)
    assert (change["resource"], change["op"], change["path"], change["class"]) == (
        "aks-standard-user",
        "delete",
        "",
        "deletion",
    )
    assert levels(report) == [("error", "change-deletion", "spec.nodePools[user]")]
    assert "drain" in report.findings[0].message
    assert report.blocked


def test_removing_a_pool_with_dollar_remove_is_deletion(tmp_path: Path) -> None:
    spec = tmp_path / "cluster.yaml"
    spec.write_text(
        "apiVersion: aks-kit/v1\n"
        "kind: Cluster\n"
        "extends: standard\n"
        "metadata: {name: aks-standard}\n"
        "spec:\n"
        "  nodePools:\n"
        "    - {name: user, $remove: true}\n",
        encoding="utf-8",
    )
    new = plan_document(make_plan(resolve(file=str(spec))))
    report = diff_plans(plan(), new)
    assert [(c.resource, c.change_class) for c in report.changes] == [
        ("aks-standard-user", "deletion")
    ]
    assert levels(report) == [("error", "change-deletion", "spec.nodePools[user]")]


def test_adding_a_pool_is_create() -> None:
    new = plan(
        "spec.nodePools[batch].vmSize=Standard_D4ds_v5",
        "spec.nodePools[batch].count=1",
    )
    report = diff_plans(plan(), new)
    change = only(report)
    assert (change["resource"], change["armType"], change["op"], change["class"]) == (
        "aks-standard-batch",
        POOL,
        "create",
        "create",
    )
    assert change["specPath"] == "spec.nodePools[batch]"
    assert report.findings == []


def test_allow_replace_turns_a_deletion_into_a_warning() -> None:
    old, new = plan(), plan("spec.nodePools[user]=null")
    assert [t[:2] for t in levels(diff_plans(old, new))] == [("error", "change-deletion")]
    allowed = diff_plans(old, new, allow_replace=True)
    assert [t[:2] for t in levels(allowed)] == [("warning", "change-deletion")]
    assert not allowed.blocked
    assert allowed.to_dict()["allowReplace"] is True


@pytest.mark.parametrize(
    "sets",
    [
        ("spec.nodePools[user].vmSize=Standard_D16ds_v5",),
        ("spec.nodePools[system].zones=['1']",),
    ],
)
def test_allow_replace_cannot_make_arm_accept_a_rejected_update(sets: tuple[str, ...]) -> None:
    old, new = plan(), plan(*sets)
    allowed = diff_plans(old, new, allow_replace=True)
    assert [t[:2] for t in levels(allowed)] == [("error", "change-rejected")]
    assert allowed.blocked


def test_identical_plans_have_no_changes() -> None:
    report = diff_plans(plan(), plan())
    assert report.changes == []
    assert report.findings == []
    assert set(report.summary.values()) == {0}
    assert report.summary_line() == "no changes"
    assert report.stacks == ["aks-standard"]


# --- the rest of the contract ---------------------------------------------------------------


def test_ignored_paths_are_reported_as_not_applied() -> None:
    # An autoscaled pool's count is the autoscaler's (ignoreChanges: properties.count).
    report = diff_plans(plan(), plan("spec.nodePools[user].minCount=3"))
    assert [(c.path, c.old, c.new, c.change_class) for c in report.changes] == [
        ("properties.count", 2, 3, "in-place"),
        ("properties.minCount", 2, 3, "in-place"),
    ]
    assert report.changes[0].message.startswith("Not applied")
    assert "ignoreChanges" in report.changes[0].source


def test_kubernetes_versions_upgrade_in_place_and_downgrades_are_rejected() -> None:
    def at(version: str) -> dict[str, Any]:
        return plan(f"spec.kubernetesVersion='{version}'", "spec.upgrades.channel=none")

    up = only(diff_plans(at("1.33"), at("1.34")))
    assert (up["path"], up["class"]) == ("properties.kubernetesVersion", "in-place")
    down = only(diff_plans(at("1.33"), at("1.32")))
    assert (down["class"], down["confirmed"]) == ("rejected", False)
    assert down["source"].endswith("\u2020")  # the unconfirmed mark the legend explains


def test_unknown_fields_fail_closed() -> None:
    old = plan()
    new = copy.deepcopy(old)
    cluster = next(r for r in new["resources"] if r["armType"] == CLUSTER)
    cluster["inputs"]["properties"]["madeUpProfile"] = {"enabled": True}
    change = only(diff_plans(old, new))
    assert (change["path"], change["old"], change["new"]) == (
        "properties.madeUpProfile.enabled",
        None,
        True,
    )
    assert (change["class"], change["source"], change["confirmed"]) == ("rejected", NO_ENTRY, False)
    assert change["specPath"] == "resources[aks-standard].inputs.properties.madeUpProfile.enabled"
    assert "refuses rather than guess" in change["message"]


def fleet(*members: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    """A fleet-shaped plan: every resource carries its member's stack."""
    resources = []
    for stack, doc in members:
        for resource in copy.deepcopy(doc["resources"]):
            resources.append({**resource, "stack": stack})
    return {
        "apiVersion": "aks-kit/v1",
        "kind": "Fleet",
        "metadata": {"name": "f"},
        "resources": resources,
    }


def test_fleet_resources_are_matched_per_stack() -> None:
    old = fleet(("eus2", plan()), ("large", plan(preset="standard-large")))
    new = fleet(
        ("eus2", plan("spec.nodePools[user].vmSize=Standard_D16ds_v5")),
        ("large", plan(preset="standard-large")),
    )
    report = diff_plans(old, new)
    change = only(report)
    assert (change["stack"], change["resource"], change["class"]) == (
        "eus2",
        "aks-standard-user",
        "rejected",
    )
    # Spec paths are per cluster; in a fleet the change points at the resource.
    assert change["specPath"] == "resources[aks-standard-user].inputs.properties.vmSize"
    assert report.stacks == ["eus2", "large"]


def test_markdown_has_the_summary_first_and_a_details_section_per_stack() -> None:
    old = fleet(("eus2", plan()), ("large", plan(preset="standard-large")))
    new = fleet(
        ("eus2", plan("spec.nodePools[user].vmSize=Standard_D16ds_v5")),
        ("large", plan("spec.nodePools[user].maxCount=500", preset="standard-large")),
    )
    text = render_markdown(diff_plans(old, new))
    lines = text.splitlines()
    assert lines[0] == (
        "**aks-kit plan --against** (blocked): 2 changes: 1 rejected, 1 in-place; "
        "1 errors, 0 warnings"
    )
    assert text.count("<details>") == 2 and text.count("</details>") == 2
    assert "<details><summary>stack <code>eus2</code>: 1 changes (most severe: rejected)" in text
    assert "<details><summary>stack <code>large</code>: 1 changes (most severe: in-place)" in text
    assert (
        "| `aks-standard-user` | `properties.vmSize` | `Standard_D8ds_v5` -> `Standard_D16ds_v5` "
        "| rejected |"
    ) in text
    assert "[manage-node-pools](https://learn.microsoft.com/azure/aks/manage-node-pools)" in text


def test_markdown_without_changes() -> None:
    text = render_markdown(diff_plans(plan(), plan()))
    assert text.splitlines()[0] == "**aks-kit plan --against** (ok): no changes"
    assert text.count("<details>") == 0  # nothing to expand: unchanged resources are not listed
    assert "No changes." in text


def test_report_to_dict_is_json() -> None:
    report = diff_plans(plan(), plan("spec.nodePools[user].vmSize=Standard_D16ds_v5"))
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data) == {"summary", "blocked", "allowReplace", "stacks", "changes", "findings"}
    assert data["blocked"] is True
    assert data["changes"][0]["class"] == "rejected"
    assert data["findings"][0]["code"] == "change-rejected"
    assert data["findings"][0]["stack"] == "aks-standard"


def test_not_a_plan_document_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="resources"):
        diff_plans({"resources": "nope"}, plan())


# --- the table ------------------------------------------------------------------------------


PUBLIC = ("https://learn.microsoft.com/", "https://github.com/", "https://www.pulumi.com/")


def test_every_table_entry_has_a_public_source() -> None:
    for rule in field_classes():
        assert rule.change_class in CLASSES
        assert rule.source.url.startswith(PUBLIC), rule
        assert "aks-facts" not in rule.source.text and "design §" not in rule.source.text, rule


def ctx(path: str, old: Any, new: Any, **inputs: Any) -> FieldContext:
    return FieldContext(
        parse_path(path), old, new, inputs.get("before", {}), inputs.get("after", {})
    )


NET = "properties.networkProfile."


@pytest.mark.parametrize(
    ("arm", "path", "old", "new", "expected"),
    [
        (POOL, "properties.osSKU", "AzureLinux", "Ubuntu", "rolling"),
        (POOL, "properties.osSKU", None, "AzureLinux", "rolling"),  # unset is Ubuntu
        (POOL, "properties.osSKU", "Ubuntu", "Windows2022", "rejected"),
        (POOL, "properties.nodeImageVersion", "a", "b", "rolling"),
        (POOL, "properties.osDiskType", "Managed", "Ephemeral", "rejected"),
        (POOL, "properties.maxPods", 110, 250, "rejected"),
        (POOL, "properties.availabilityZones", ["1"], ["1", "2"], "rejected"),
        (POOL, "properties.nodeLabels.team", None, "web", "in-place"),
        (POOL, "properties.upgradeSettings.maxSurge", "10%", "33%", "in-place"),
        (POOL, "resourceName", "web", "web2", "replacement"),
        (
            CLUSTER,
            "properties.agentPoolProfiles[system].kubeletConfig.cpuManagerPolicy",
            None,
            "static",
            "rejected",  # custom-node-configuration documents no update path
        ),
        (CLUSTER, "sku.name", "Base", "Automatic", "rejected"),
        (CLUSTER, "sku.name", "Automatic", "Base", "in-place"),
        (CLUSTER, "sku.tier", "Free", "Standard", "in-place"),
        (CLUSTER, "properties.dnsPrefix", "a", "b", "rejected"),
        (CLUSTER, NET + "networkDataplane", "cilium", "azure", "rejected"),
        (CLUSTER, NET + "serviceCidr", "10.0.0.0/16", "10.1.0.0/16", "rejected"),
        (CLUSTER, NET + "outboundType", "loadBalancer", "managedNATGateway", "in-place"),
        (CLUSTER, "properties.autoScalerProfile.scan-interval", "10s", "30s", "in-place"),
        (CLUSTER, "properties.autoUpgradeProfile.upgradeChannel", "patch", "stable", "in-place"),
        (
            CLUSTER,
            "properties.autoUpgradeProfile.nodeOSUpgradeChannel",
            "NodeImage",
            "None",
            "rolling",
        ),
        (
            CLUSTER,
            "properties.nodeProvisioningProfile.defaultNodePools",
            "Auto",
            "None",
            "disruptive",
        ),
        (CLUSTER, "properties.hostedSystemProfile.enabled", None, True, "rejected"),
        (CLUSTER, "properties.oidcIssuerProfile.enabled", True, False, "rejected"),
        (CLUSTER, "resourceGroupName", "rg-a", "rg-b", "replacement"),
        (CLUSTER, "location", "eastus2", "westus3", "replacement"),
        (
            "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
            "properties.maintenanceWindow.durationHours",
            4,
            8,
            "in-place",
        ),
        ("Microsoft.Network/virtualNetworks/subnets", "subnetName", "a", "b", "replacement"),
    ],
)
def test_classify(arm: str, path: str, old: Any, new: Any, expected: str) -> None:
    assert classify(arm, ctx(path, old, new))[0] == expected


def test_outbound_type_is_rejected_with_node_auto_provisioning() -> None:
    nap = {"properties": {"nodeProvisioningProfile": {"mode": "Auto"}}}
    got = classify(
        CLUSTER,
        ctx(NET + "outboundType", "loadBalancer", "userDefinedRouting", before=nap, after=nap),
    )
    assert got[0] == "rejected"


@pytest.mark.parametrize(
    ("old", "new", "expected", "confirmed"),
    [
        ("10.240.0.0/12", "10.224.0.0/11", "in-place", False),  # an overlay pod CIDR grows
        ("10.240.0.0/12", "10.240.0.0/16", "rejected", False),
        ("10.240.0.0/12", "192.168.0.0/16", "rejected", False),
    ],
)
def test_overlay_pod_cidr(old: str, new: str, expected: str, confirmed: bool) -> None:
    overlay = {"properties": {"networkProfile": {"networkPluginMode": "overlay"}}}
    klass, source, _ = classify(
        CLUSTER, ctx(NET + "podCidr", old, new, before=overlay, after=overlay)
    )
    assert source is not None
    assert (klass, source.confirmed) == (expected, confirmed)


def test_kubenet_to_overlay_is_disruptive_other_plugin_moves_are_rejected() -> None:
    overlay = {"properties": {"networkProfile": {"networkPluginMode": "overlay"}}}
    assert (
        classify(CLUSTER, ctx(NET + "networkPlugin", "kubenet", "azure", after=overlay))[0]
        == "disruptive"
    )
    assert classify(CLUSTER, ctx(NET + "networkPlugin", "azure", "kubenet"))[0] == "rejected"


def fleet_plan(path: Path) -> dict[str, Any]:
    fleet = load_fleet(str(path))
    assert fleet.ok, [f.render() for f in fleet.findings]
    return fleet_plan_document(make_fleet_plan(fleet))


def test_a_real_fleet_plan_maps_member_changes_to_member_spec_paths(tmp_path: Path) -> None:
    shop = Path(__file__).resolve().parents[2] / "examples" / "fleets" / "shop-two-region.yaml"
    data = yaml.safe_load(shop.read_text(encoding="utf-8"))
    data["spec"]["members"][0]["spec"]["nodePools"] = [
        {"name": "user", "vmSize": "Standard_D16ds_v5"}
    ]
    changed = tmp_path / "shop.yaml"
    changed.write_text(yaml.safe_dump(data), encoding="utf-8")
    report = diff_plans(fleet_plan(shop), fleet_plan(changed))
    change = only(report)
    assert (change["stack"], change["resource"], change["path"], change["class"]) == (
        "shop-weu",
        "shop-weu-user",
        "properties.vmSize",
        "rejected",
    )
    assert levels(report) == [
        ("error", "change-rejected", "spec.members[shop-weu].spec.nodePools[user].vmSize")
    ]
    assert [stack for stack, _ in report.stacked_findings] == ["shop-weu"]
    assert report.stacks == ["shop", "shop-weu", "shop-neu"]
    text = render_markdown(report)
    assert text.count("<details>") == 1  # only the stack that changes
    assert "No changes in `shop`, `shop-neu`." in text


# --- the table file -------------------------------------------------------------------------

_PARAMS = """
pathParameters:
  source: https://github.com/pulumi/pulumi-azure-native/blob/master/provider/pkg/provider/diff.go
  confirmed: true
  types: {}
"""


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{type: '*', path: tags, class: sideways, source: https://x.example, confirmed: true}",
            "class",
        ),
        (
            "{type: '*', path: tags, class: in-place, source: aks-facts §6, confirmed: true}",
            "public https URL",
        ),
        ("{type: '*', path: tags, class: in-place, source: https://x.example}", "confirmed"),
        (
            "{type: '*', path: tags, class: in-place, decide: guess, source: https://x.example, confirmed: false}",
            "no decide function",
        ),
        (
            "{type: '*', path: tags, class: in-place, source: https://x.example, confirmed: true, extra: 1}",
            "unknown keys",
        ),
    ],
)
def test_the_table_loader_refuses_a_malformed_entry(entry: str, message: str) -> None:
    from aks_kit.stacks.change_risk.table import TableError, parse_table

    with pytest.raises(TableError, match=message):
        parse_table(_PARAMS + f"entries:\n  - {entry}\n")


def test_a_pool_entry_applies_to_pool_resources_and_inline_pools() -> None:
    from aks_kit.stacks.change_risk.table import parse_table

    rules = parse_table(
        _PARAMS + "entries:\n  - {type: pool, path: vmSize, class: rejected, "
        "source: https://learn.microsoft.com/azure/aks/manage-node-pools, confirmed: true}\n"
    )
    generic = [r for r in rules if r.arm_type != "*"]
    assert [(r.arm_type, r.pattern) for r in generic] == [
        (POOL, "properties.vmSize"),
        (CLUSTER, "properties.agentPoolProfiles[*].vmSize"),
    ]
