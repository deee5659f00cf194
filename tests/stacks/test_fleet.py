"""Fleets: the 75,000-node example end to end, cross-member checks, bodies Azure accepts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
from arm_judge import judge
from azure.mgmt.containerservicefleet import models as fleet_models
from mocks import RecordingMocks

from aks_kit.presets.fleet import load_fleet
from aks_kit.stacks.fleet_render import FLEET_API_VERSION, render_fleet
from aks_kit.stacks.plan import fleet_plan_document, make_fleet_plan
from aks_kit.stacks.program import AksFleet
from aks_kit.stacks.render import RenderedCluster

REPO = Path(__file__).resolve().parents[2]
TRAIN = REPO / "examples" / "fleets" / "train-75k.yaml"
SHOP = REPO / "examples" / "fleets" / "shop-two-region.yaml"
FLEET_MODELS = {
    "Microsoft.ContainerService/fleets": fleet_models.Fleet,
    "Microsoft.ContainerService/fleets/members": fleet_models.FleetMember,
    "Microsoft.ContainerService/fleets/updateStrategies": fleet_models.FleetUpdateStrategy,
    "Microsoft.ContainerService/fleets/autoUpgradeProfiles": fleet_models.AutoUpgradeProfile,
}


def test_the_75000_node_fleet_plans_without_errors() -> None:
    fleet = load_fleet(str(TRAIN))
    assert fleet.ok
    assert len(fleet.members) == 17
    documents = [m.document for m in fleet.members]
    assert all(d is not None for d in documents)
    # 17 members x (6 + 9 x 500) = 17 x 4,506 = 76,602 nodes at maximum size; each member
    # upgrades at that size (4,958 nodes with surge)
    assert [d.spec.pool_nodes()[1] for d in documents if d] == [4506] * 17
    assert sum(d.spec.pool_nodes()[1] for d in documents if d) == 76602
    assert sorted({d.metadata.location for d in documents if d}) == [
        "eastus2",
        "northeurope",
        "westus3",
    ]
    for member in fleet.members:
        errors = [f for f in member.resolved.findings if f.level == "error"]
        assert errors == [], member.name
        doc = member.document
        assert doc is not None
        assert len(doc.spec.node_pools) <= 100
        assert all(p.max_nodes <= 1000 for p in doc.spec.node_pools)
    document = fleet_plan_document(make_fleet_plan(fleet))
    assert document["kind"] == "Fleet"
    assert [m["stack"] for m in document["members"]] == [m.name for m in fleet.members]
    stacks = {r["stack"] for r in document["resources"]}
    assert stacks == {"train", *(m.name for m in fleet.members)}
    assert all("stack" in f for f in document["findings"])


def test_each_member_joins_the_fleet_from_its_own_stack() -> None:
    fleet = load_fleet(str(TRAIN))
    stacks = render_fleet(fleet)
    assert [s.stack for s in stacks][:2] == ["train", "eus2-01"]
    for stack in stacks[1:]:
        [member] = [r for r in stack.resources if r.arm_type.endswith("/fleets/members")]
        assert member.inputs["resourceGroupName"] == "rg-fleet-train"
        assert member.inputs["parentResourcePath"] == "fleets/train"
        assert member.inputs["properties"]["clusterResourceId"] == f"${{{stack.stack}.id}}"
        refs = json.dumps([r.inputs for r in stack.resources])
        assert "${train" not in refs  # no reference into the fleet's stack
    groups = {
        s.stack: r.inputs["properties"]["group"]
        for s in stacks[1:]
        for r in s.resources
        if r.arm_type.endswith("/fleets/members")
    }
    assert groups["eus2-01"] == "canary" and groups["neu-05"] == "wave2"


@pytest.mark.parametrize("path", [TRAIN, SHOP], ids=["train", "shop"])
def test_fleet_bodies_are_valid_for_the_fleet_sdk_models(path: Path) -> None:
    from azure.mgmt.containerservicefleet._configuration import (
        ContainerServiceFleetMgmtClientConfiguration,
    )

    config = ContainerServiceFleetMgmtClientConfiguration(credential=object(), subscription_id="0")  # type: ignore[arg-type]
    assert config.api_version == FLEET_API_VERSION
    judged = 0
    for stack in render_fleet(load_fleet(str(path))):
        for resource in stack.resources:
            model = FLEET_MODELS.get(resource.arm_type)
            if model is None:
                continue
            assert resource.api_version == FLEET_API_VERSION
            assert judge(resource.arm_body(), model) == [], resource.name
            judged += 1
    assert judged >= 3


def test_fleet_judge_fails_a_bad_body() -> None:
    [fleet_stack, *_] = render_fleet(load_fleet(str(TRAIN)))
    [profile] = [r for r in fleet_stack.resources if r.arm_type.endswith("/autoUpgradeProfiles")]
    body = profile.arm_body()
    body["properties"]["channel"] = "Weekly"
    assert any("channel = 'Weekly'" in p for p in judge(body, fleet_models.AutoUpgradeProfile))


def fleet_file(write: Callable[..., Path], members: str, extra: str = "") -> Path:
    text = (
        "apiVersion: aks-kit/v1\nkind: Fleet\nmetadata: {name: f, location: westeurope}\n"
        f"spec:\n{extra}  members:\n{members}"
    )
    return write("fleet.yaml", text)


VNET_MEMBER = """\
    - name: {name}
      extends: standard
      spec:
        identity: {{controlPlane: userAssigned}}
        network:
          outboundType: userAssignedNATGateway
          vnet: {{addressSpace: ["{space}"], nodeSubnet: {{cidr: {subnet}}}}}
          peerWith: [{peer}]
"""


def test_peered_members_with_overlapping_address_plans_fail(write: Callable[..., Path]) -> None:
    members = VNET_MEMBER.format(
        name="a", space="10.1.0.0/16", subnet="10.1.0.0/20", peer="b"
    ) + VNET_MEMBER.format(name="b", space="10.1.0.0/16", subnet="10.1.0.0/20", peer="a")
    fleet = load_fleet(str(fleet_file(write, members)))
    overlaps = [f for f in fleet.findings if f.code == "cidr-overlap"]
    assert [(f.path, f.value) for f in overlaps] == [
        ("spec.members[b].spec.network.vnet.addressSpace[0]", "10.1.0.0/16")
    ]
    assert "overlaps member a's spec.network.vnet.addressSpace[0]" in overlaps[0].message
    assert not fleet.ok


def test_peered_members_with_disjoint_plans_pass(write: Callable[..., Path]) -> None:
    members = VNET_MEMBER.format(
        name="a", space="10.1.0.0/16", subnet="10.1.0.0/20", peer="b"
    ) + VNET_MEMBER.format(name="b", space="10.2.0.0/16", subnet="10.2.0.0/20", peer="a")
    fleet = load_fleet(str(fleet_file(write, members)))
    assert fleet.findings == []
    assert fleet.ok


def test_unpeered_members_may_reuse_ranges(write: Callable[..., Path]) -> None:
    members = VNET_MEMBER.format(
        name="a", space="10.1.0.0/16", subnet="10.1.0.0/20", peer=""
    ) + VNET_MEMBER.format(name="b", space="10.1.0.0/16", subnet="10.1.0.0/20", peer="")
    assert load_fleet(str(fleet_file(write, members))).findings == []


def test_a_member_peering_with_itself_is_an_error(write: Callable[..., Path]) -> None:
    members = VNET_MEMBER.format(name="a", space="10.1.0.0/16", subnet="10.1.0.0/20", peer="a")
    findings = load_fleet(str(fleet_file(write, members))).findings
    assert [(f.code, f.value) for f in findings] == [("peer-with", "a")]
    assert "itself" in findings[0].message


def test_automatic_member_under_fleet_auto_upgrade_is_an_error(
    write: Callable[..., Path],
) -> None:
    members = "    - {name: app, extends: automatic}\n    - {name: std, extends: standard}\n"
    fleet = load_fleet(str(fleet_file(write, members, "  autoUpgrade: {channel: Stable}\n")))
    [error] = [f for f in fleet.findings if f.code == "auto-upgrade"]
    assert error.path == "spec.autoUpgrade"
    assert "member app runs AKS Automatic" in error.message
    assert "Choose one" in error.message
    disabled = load_fleet(
        str(fleet_file(write, members, "  autoUpgrade: {channel: Stable, disabled: true}\n"))
    )
    assert [f for f in disabled.findings if f.code == "auto-upgrade"] == []


def test_update_strategy_names_real_groups(write: Callable[..., Path]) -> None:
    members = (
        "    - {name: a, extends: standard, group: canary}\n    - {name: b, extends: standard}\n"
    )
    strategy = "  updateStrategy: {stages: [{name: one, groups: [canary, typo]}]}\n"
    fleet = load_fleet(str(fleet_file(write, members, strategy)))
    found = sorted((f.level, f.path, f.value) for f in fleet.findings)
    assert found == [
        ("error", "spec.updateStrategy.stages[one].groups", "typo"),
        ("warning", "spec.members[b].group", "default"),
    ]


def test_plan_command_for_a_fleet(cli: Callable[..., Any]) -> None:
    result = cli("plan", "-f", str(TRAIN), "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert len(result.json()["members"]) == 17
    table = cli("plan", "-f", str(TRAIN))
    assert (
        "fleet train: 17 members in 3 regions, up to 76,602 nodes in pools, 18 stacks"
        in table.stdout
    )
    markdown = cli("plan", "-f", str(SHOP), "-o", "markdown").stdout
    assert markdown.startswith("### aks-kit plan: fleet `shop` (ok)")
    assert markdown.count("<details>") == 3
    mermaid = cli("plan", "-f", str(SHOP), "-o", "mermaid").stdout
    assert mermaid.count("subgraph") == 3 and "-.->" in mermaid


def test_fleet_stack_program_registers_exactly_the_rendered_inputs() -> None:
    [fleet_stack, *_] = render_fleet(load_fleet(str(TRAIN)))
    rendered = RenderedCluster(fleet_stack.stack, fleet_stack.resources, fleet_stack.outputs)
    mocks = RecordingMocks(rendered)
    pulumi.runtime.set_mocks(mocks, project="aks-kit", stack="train", preview=False)

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> None:
        AksFleet(fleet_stack.stack, fleet_stack)

    program()
    custom = {r.name: r for r in mocks.registered if r.custom}
    assert sorted(custom) == sorted(r.name for r in fleet_stack.resources)
    for resource in fleet_stack.resources:
        assert json.loads(json.dumps(custom[resource.name].inputs)) == resource.inputs
