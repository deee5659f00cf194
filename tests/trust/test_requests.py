"""Requests ARM rejects: aks-kit renders them right or refuses them with a finding."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from trust_helpers import SOURCE_IDS, SOURCES, Cli, cluster, findings, plan, resources

UDR_VNET = (
    "--set",
    "spec.network.outboundType=userDefinedRouting",
    "--set",
    "spec.network.natGateway=null",
    "--set",
    "spec.network.vnet.addressSpace=[10.1.0.0/16]",
    "--set",
    "spec.network.vnet.nodeSubnet.cidr=10.1.0.0/20",
    "--set",
    "spec.identity.controlPlane=userAssigned",
)


def test_udr_on_a_created_vnet_without_a_next_hop_is_refused(cli: Cli) -> None:
    doc = plan(cli, "--preset", "standard", *UDR_VNET, ok=False)
    errors = findings(doc, "error")
    assert any(
        f["path"].startswith("spec.network") and "route" in f["message"].lower() for f in errors
    ), errors


def test_udr_on_a_created_vnet_renders_a_route_table_to_the_next_hop(cli: Cli) -> None:
    doc = plan(
        cli, "--preset", "standard", *UDR_VNET, "--set", "spec.network.vnet.egressNextHop=10.9.0.4"
    )
    [table] = resources(doc, "Microsoft.Network/routeTables")
    [route] = table["inputs"]["routes"]
    assert route["addressPrefix"] == "0.0.0.0/0"
    assert route["nextHopType"] == "VirtualAppliance"
    assert route["nextHopIpAddress"] == "10.9.0.4"
    subnets = resources(doc, "Microsoft.Network/virtualNetworks/subnets")
    nodes = [s for s in subnets if s["name"].endswith("subnet-nodes")]
    assert nodes and nodes[0]["inputs"]["routeTable"] == {"id": f"${{{table['name']}.id}}"}


def test_automatic_udr_on_a_created_vnet_is_refused_without_a_next_hop(cli: Cli) -> None:
    doc = plan(
        cli,
        "-f",
        str(Path(__file__).resolve().parents[2] / "examples" / "automatic-custom-vnet.yaml"),
        "--set",
        "spec.network.outboundType=userDefinedRouting",
        "--set",
        "spec.network.loadBalancer=null",
        ok=False,
    )
    assert any("route" in f["message"].lower() for f in findings(doc, "error"))


@pytest.mark.parametrize(
    ("frequency", "interval"),
    [("weekly", 5), ("absoluteMonthly", 7), ("relativeMonthly", 7), ("daily", 8)],
)
def test_maintenance_intervals_keep_the_spec_bounds(
    cli: Cli, frequency: str, interval: int
) -> None:
    extra = {
        "weekly": [],
        "daily": [],
        "absoluteMonthly": ["--set", "spec.upgrades.autoUpgradeWindow.dayOfMonth=1"],
        "relativeMonthly": ["--set", "spec.upgrades.autoUpgradeWindow.weekIndex=First"],
    }[frequency]
    result = cli(
        "plan",
        "--preset",
        "standard",
        "--set",
        f"spec.upgrades.autoUpgradeWindow.frequency={frequency}",
        "--set",
        f"spec.upgrades.autoUpgradeWindow.interval={interval}",
        *extra,
        "-o",
        "json",
    )
    assert result.exit_code == 3, result.stdout
    assert "interval" in (result.stdout + result.stderr)


def test_maintenance_start_date_and_offsets_have_bounds(cli: Cli) -> None:
    result = cli(
        "plan",
        "--preset",
        "standard",
        "--set",
        "spec.upgrades.autoUpgradeWindow.durationHours=25",
    )
    assert result.exit_code == 3


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_image_cleaner_always_sends_interval_hours(cli: Cli, source: tuple[str, ...]) -> None:
    doc = plan(cli, *source, ok=False)
    for aks in resources(doc, "Microsoft.ContainerService/managedClusters"):
        cleaner = aks["inputs"]["properties"].get("securityProfile", {}).get("imageCleaner", {})
        if cleaner.get("enabled"):
            assert 24 <= cleaner.get("intervalHours", 0) <= 2160, aks["name"]


def test_automatic_image_cleaner_interval_is_rendered(cli: Cli) -> None:
    doc = plan(cli, "--preset", "automatic")
    cleaner = cluster(doc)["inputs"]["properties"]["securityProfile"]["imageCleaner"]
    assert cleaner["enabled"] is True
    assert cleaner["intervalHours"] == 168


def _fleet(write: Any, name: str) -> Path:
    path: Path = write(
        "fleet.yaml",
        f"""
apiVersion: aks-kit/v1
kind: Fleet
metadata: {{name: {name}}}
spec:
  hub: true
  members:
    - {{name: one, extends: standard}}
""",
    )
    return path


def test_fleet_hub_dns_prefix_fits_54_characters(cli: Cli, write: Any) -> None:
    name = "a" * 40 + "-" + "b" * 20  # 61 characters: a valid fleet name
    doc = plan(cli, "-f", str(_fleet(write, name)), ok=False)
    fleets = resources(doc, "Microsoft.ContainerService/fleets")
    if not fleets:  # refused instead: an error that names the prefix
        assert any("dnsPrefix" in f["message"] for f in findings(doc, "error"))
        return
    prefix = fleets[0]["inputs"]["properties"]["hubProfile"]["dnsPrefix"]
    assert len(prefix) <= 54
    assert re.fullmatch(r"[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9-]{0,52}[a-zA-Z0-9]", prefix)
