"""`aks-kit capacity`: the report through the CLI, and its exit codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def test_standard_large_capacity_json(cli: Callable[..., Any]) -> None:
    result = cli("capacity", "--preset", "standard-large", "-o", "json")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert report["name"] == "aks-standard-large"
    assert report["nodes"]["maxNodes"]["used"] == 4992
    assert report["nodes"]["maxNodes"]["limit"] == 5000
    # 4,992 nodes + 9 user pools x ceil(554 x 10%) = 56 + system ceil(6 x 20%) = 2 -> 5,498
    assert report["nodes"]["peakNodes"]["used"] == 5498
    # NAT gateway: 16 IPs x 64,512 ports = 1,032,192 shared by 4,992 nodes = 206.8 each
    assert report["egress"]["totalPorts"] == 1032192
    assert report["egress"]["averagePortsPerNode"] == 206.8
    assert not [f for f in report["findings"] if f["level"] == "error"]


def test_snat_exhaustion_exits_3(cli: Callable[..., Any]) -> None:
    result = cli(
        "capacity",
        "--preset",
        "standard",
        "--set",
        "spec.network.outboundType=loadBalancer",
        "--set",
        "spec.network.natGateway=null",
        "--set",
        "spec.network.loadBalancer={outboundIPs: 1, allocatedOutboundPorts: 4000}",
        "--set",
        "spec.nodePools[user].maxCount=100",
        "-o",
        "json",
    )
    # 4,000 ports x (100 + 3 system) nodes = 412,000 > 1 IP x 64,000
    assert result.exit_code == 3
    codes = [f["code"] for f in result.json()["findings"] if f["level"] == "error"]
    assert "capacity-snat-ports" in codes


def test_capacity_table(cli: Callable[..., Any]) -> None:
    result = cli("capacity", "--preset", "standard-large")
    assert result.exit_code == 0
    assert "cluster nodes with upgrade surge" in result.stdout
    assert "1,032,192 SNAT ports" in result.stdout


def test_capacity_of_the_75000_node_fleet(cli: Callable[..., Any]) -> None:
    from pathlib import Path

    fleet = Path(__file__).resolve().parents[2] / "examples" / "fleets" / "train-75k.yaml"
    result = cli("capacity", "-f", str(fleet), "-o", "json")
    assert result.exit_code == 0, result.stdout
    totals = result.json()["totals"]
    # 17 x 4,506 = 76,602; with surge 17 x 4,958 = 84,286; pods 17 x 135,660 = 2,306,220
    assert totals == {
        "members": 17,
        "maxNodes": 76602,
        "peakNodes": 84286,
        "maxPods": 2306220,
        "regions": ["eastus2", "northeurope", "westus3"],
    }
    assert not [f for f in result.json()["findings"] if f["level"] == "error"]
