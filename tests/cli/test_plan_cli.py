"""`aks-kit plan`: the plan document, every output format, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def cluster_of(document: dict[str, Any]) -> dict[str, Any]:
    clusters: list[dict[str, Any]] = [
        r
        for r in document["resources"]
        if r["armType"] == "Microsoft.ContainerService/managedClusters"
    ]
    [cluster] = clusters
    return cluster


def test_automatic_plan_carries_every_fixed_value(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "automatic", "-o", "json")
    assert result.exit_code == 0, result.stderr
    cluster = cluster_of(result.json())
    inputs = cluster["inputs"]
    props = inputs["properties"]
    assert inputs["sku"] == {"name": "Automatic", "tier": "Standard"}
    assert inputs["apiVersion"] == "2026-08-01"
    assert props["nodeProvisioningProfile"] == {"mode": "Auto"}
    assert props["hostedSystemProfile"] == {"enabled": True}
    net = props["networkProfile"]
    assert (
        net["networkPlugin"],
        net["networkPluginMode"],
        net["networkDataplane"],
        net["networkPolicy"],
        net["outboundType"],
    ) == ("azure", "overlay", "cilium", "cilium", "managedNATGateway")
    assert props["autoUpgradeProfile"] == {
        "upgradeChannel": "stable",
        "nodeOSUpgradeChannel": "NodeImage",
    }
    assert props["apiServerAccessProfile"]["enableVnetIntegration"] is True
    assert props["aadProfile"] == {"managed": True, "enableAzureRBAC": True}
    assert props["disableLocalAccounts"] is True
    assert props["oidcIssuerProfile"] == {"enabled": True}
    assert props["securityProfile"]["workloadIdentity"] == {"enabled": True}
    # ARM templates must send the interval with the cleaner on (image-cleaner): a week
    assert props["securityProfile"]["imageCleaner"] == {"enabled": True, "intervalHours": 168}
    assert props["workloadAutoScalerProfile"] == {
        "keda": {"enabled": True},
        "verticalPodAutoscaler": {"enabled": True},
    }
    assert props["nodeResourceGroupProfile"] == {"restrictionLevel": "ReadOnly"}
    assert props["addonProfiles"] == {"azurepolicy": {"enabled": True}}
    assert "agentPoolProfiles" not in props
    assert not [r for r in result.json()["resources"] if r["armType"].endswith("/agentPools")]
    assert cluster["protect"] is True


def test_standard_plan_is_base_with_the_specs_choices_only(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "standard", "-o", "json")
    assert result.exit_code == 0
    cluster = cluster_of(result.json())
    props = cluster["inputs"]["properties"]
    assert cluster["inputs"]["sku"] == {"name": "Base", "tier": "Standard"}
    assert "hostedSystemProfile" not in props
    assert props["nodeProvisioningProfile"] == {"mode": "Manual"}
    assert [p["name"] for p in props["agentPoolProfiles"]] == ["system"]
    assert props["agentPoolProfiles"][0]["count"] == 3
    assert set(props) == {
        "dnsPrefix",
        "supportPlan",
        "enableRBAC",
        "disableLocalAccounts",
        "networkProfile",
        "apiServerAccessProfile",
        "oidcIssuerProfile",
        "securityProfile",
        "autoUpgradeProfile",
        "nodeProvisioningProfile",
        "workloadAutoScalerProfile",
        "nodeResourceGroupProfile",
        "ingressProfile",
        "azureMonitorProfile",
        "metricsProfile",
        "aadProfile",
        "addonProfiles",
        "autoScalerProfile",
        "agentPoolProfiles",
    }
    assert "kubernetesVersion" not in props
    assert cluster["ignoreChanges"] == [
        "properties.kubernetesVersion",
        "properties.agentPoolProfiles[0].orchestratorVersion",
    ]
    pool = next(r for r in result.json()["resources"] if r["name"] == "aks-standard-user")
    assert pool["inputs"]["parentResourcePath"] == "managedClusters/aks-standard"
    assert pool["inputs"]["properties"]["enableAutoScaling"] is True
    assert pool["ignoreChanges"] == ["properties.count", "properties.orchestratorVersion"]
    assert pool["dependsOn"] == ["aks-standard", "aks-standard-rg"]


def test_blocked_plan_prints_the_document_and_exits_3(cli: Callable[..., Any]) -> None:
    result = cli(
        "plan", "--preset", "standard", "--set", "spec.nodePools[user].maxCount=1001", "-o", "json"
    )
    assert result.exit_code == 3
    document = result.json()
    assert document["resources"]
    [error] = [f for f in document["findings"] if f["level"] == "error"]
    assert error["path"] == "spec.nodePools[user].maxCount"
    assert error["layer"] == "--set spec.nodePools[user].maxCount"


def test_invalid_spec_prints_findings_without_resources(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "standard", "--set", "spec.tier=gold", "-o", "json")
    assert result.exit_code == 3
    document = result.json()
    assert document["resources"] == []
    assert document["findings"][0]["path"] == "spec.tier"


def test_plan_needs_a_preset_or_file(cli: Callable[..., Any]) -> None:
    result = cli("plan")
    assert result.exit_code == 2
    assert "--preset" in result.stderr


def test_plan_from_stdin(cli: Callable[..., Any]) -> None:
    spec = "apiVersion: aks-kit/v1\nkind: Cluster\nextends: automatic\nmetadata: {name: piped}\n"
    result = cli("plan", "-f", "-", "-o", "json", input=spec)
    assert result.exit_code == 0, result.stderr
    assert cluster_of(result.json())["name"] == "piped"


def test_markdown_and_mermaid(cli: Callable[..., Any]) -> None:
    markdown = cli("plan", "--preset", "standard", "-o", "markdown").stdout
    assert markdown.startswith("### aks-kit plan: `aks-standard` (ok)")
    assert "18 resources, 2 node pools, 5-23 nodes in pools" in markdown
    assert "| agentPools | `aks-standard-user` |" in markdown
    mermaid = cli("plan", "--preset", "standard", "-o", "mermaid").stdout
    assert mermaid.startswith("flowchart TD\n")
    lines = mermaid.splitlines()
    ids = {line.split("[")[0].strip(): line for line in lines[1:] if "[" in line}
    cluster = next(i for i, line in ids.items() if '"aks-standard<br/>' in line)
    pool = next(i for i, line in ids.items() if '"aks-standard-user<br/>' in line)
    assert f"  {cluster} --> {pool}" in lines


def test_explain_names_each_layer(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "standard-large", "--explain", "-o", "json")
    sources = result.json()["sources"]
    assert sources["spec.nodePools[system].vmSize"] == "preset:standard-large"
    assert sources["spec.nodePools[system].mode"] == "preset:standard"
    assert sources["spec.ingress.dnsZoneIds"] == "default"
    table = cli("plan", "--preset", "standard", "--explain").stdout
    assert "spec.upgrades.channel" in table and "preset:standard" in table


@pytest.mark.parametrize("fmt", ["json", "yaml", "markdown", "mermaid", "table"])
def test_out_writes_the_file(fmt: str, cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / f"plan.{fmt}"
    result = cli("plan", "--preset", "automatic", "-o", fmt, "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    text = out.read_text()
    assert "aks-automatic" in text
    if fmt == "json":
        assert json.loads(text)["kind"] == "Cluster"
