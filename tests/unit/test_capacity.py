"""Capacity report and findings: every formula, worked out by hand.

Documents are built straight from the model (no preset) so each case states every number
that matters; the arithmetic is in the comments and every expected value is a literal.
Unless a case says otherwise the cluster is standard tier, Azure CNI overlay with a /11 pod
range (8,192 nodes) and a managed NAT gateway with 16 IPs, so only the formula under test
comes near a limit.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from aks_kit.presets.capacity.compute import capacity_report
from aks_kit.presets.capacity.egress import lb_automatic_ports
from aks_kit.presets.capacity.findings import capacity_findings
from aks_kit.presets.capacity.report import CapacityReport
from aks_kit.presets.defaults import default_max_pods
from aks_kit.presets.findings import Finding
from aks_kit.presets.layering import Provenance
from aks_kit.presets.model import ClusterDocument
from aks_kit.presets.resolve import resolve
from aks_kit.presets.rules import RULES

OVERLAY: dict[str, Any] = {
    "plugin": "azure",
    "pluginMode": "overlay",
    "podCidr": "10.128.0.0/11",
    "outboundType": "managedNATGateway",
    "natGateway": {"outboundIPs": 16},
}
SUBNET_ID = (
    "/subscriptions/sub/resourceGroups/rg/providers/"
    "Microsoft.Network/virtualNetworks/vnet/subnets/nodes"
)


def pool(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, **fields}


def cluster(*pools: dict[str, Any], tier: str = "standard", **network: Any) -> ClusterDocument:
    """A document with these pools; `network` keys replace the OVERLAY defaults."""
    spec = {"tier": tier, "network": {**OVERLAY, **network}, "nodePools": list(pools)}
    return ClusterDocument.model_validate({"spec": spec})


def findings(doc: ClusterDocument, *levels: str) -> list[Finding]:
    found = capacity_findings(doc, Provenance())
    return [f for f in found if not levels or f.level in levels]


def summary(found: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.level, f.code, f.path) for f in found]


# --------------------------------------------------------------------------- nodes


@pytest.mark.parametrize(
    ("fields", "low", "high", "surge", "peak", "percent"),
    [
        # 10% of 832 = 83.2 -> 84 surge nodes; 832 + 84 = 916 of 1,000 = 91.6%
        ({"minCount": 3, "maxCount": 832, "maxSurge": "10%"}, 3, 832, 84, 916, 91.6),
        # 20% of 8 = 1.6 -> 2; 8 + 2 = 10 of 1,000 = 1.0%
        ({"minCount": 3, "maxCount": 8, "maxSurge": "20%"}, 3, 8, 2, 10, 1.0),
        # maxSurge unset: Azure's 10%; 10% of 1,000 = 100; 1,100 of 1,000 = 110.0%
        ({"minCount": 0, "maxCount": 1000}, 0, 1000, 100, 1100, 110.0),
        # fixed pool: 33% of 5 = 1.65 -> 2; 5 + 2 = 7 = 0.7%
        ({"count": 5, "maxSurge": "33%"}, 5, 5, 2, 7, 0.7),
        # a node count: 3 extra; 100 + 3 = 103 = 10.3%
        ({"count": 100, "maxSurge": "3"}, 100, 100, 3, 103, 10.3),
        # an empty pool: 10% of 0 = 0
        ({"count": 0}, 0, 0, 0, 0, 0.0),
        # a system pool without count holds 1 node; 10% of 1 = 0.1 -> 1; 1 + 1 = 2 = 0.2%
        ({"mode": "system"}, 1, 1, 1, 2, 0.2),
    ],
)
def test_pool_nodes_and_surge(
    fields: dict[str, Any], low: int, high: int, surge: int, peak: int, percent: float
) -> None:
    report = capacity_report(cluster(pool("p", **fields)))
    (found,) = report.nodes.pools
    assert (found.min_nodes, found.max_nodes, found.surge_nodes) == (low, high, surge)
    assert found.peak_nodes.used == peak
    assert found.peak_nodes.limit == 1000
    assert found.peak_nodes.percent == percent


def test_cluster_totals() -> None:
    doc = cluster(
        # 3 nodes, 33% of 3 = 0.99 -> 1 surge
        pool("system", mode="system", count=3, maxSurge="33%"),
        # 2..20 nodes, 33% of 20 = 6.6 -> 7 surge
        pool("user", minCount=2, maxCount=20, maxSurge="33%"),
        # 0..1,000 nodes, default 10% -> 100 surge
        pool("big", minCount=0, maxCount=1000),
    )
    nodes = capacity_report(doc).nodes
    # min 3 + 2 + 0 = 5; max 3 + 20 + 1,000 = 1,023; peak 4 + 27 + 1,100 = 1,131
    assert (nodes.min_nodes.used, nodes.max_nodes.used, nodes.peak_nodes.used) == (5, 1023, 1131)
    assert nodes.max_nodes.limit == 5000
    # 1,023 / 5,000 = 20.46% -> 20.5; 1,131 / 5,000 = 22.62% -> 22.6
    assert (nodes.max_nodes.percent, nodes.peak_nodes.percent) == (20.5, 22.6)
    # 3 pools of 100 = 3.0%
    assert (nodes.pool_count.used, nodes.pool_count.limit, nodes.pool_count.percent) == (
        3,
        100,
        3.0,
    )


@pytest.mark.parametrize(
    ("max_count", "expected"),
    [
        # 727 + ceil(72.7) = 727 + 73 = 800 of 1,000 = 80.0%: not above 80%
        (727, []),
        # 728 + ceil(72.8) = 728 + 73 = 801 = 80.1%: near
        (728, [("warning", "capacity-near-limit", "spec.nodePools[user].maxCount")]),
        # 909 + ceil(90.9) = 909 + 91 = 1,000 = 100%: near, not past
        (909, [("warning", "capacity-near-limit", "spec.nodePools[user].maxCount")]),
        # 910 + 91 = 1,001: past, but rule surge-at-max reports it (no duplicate here)
        (910, []),
    ],
)
def test_pool_near_limit_boundaries(max_count: int, expected: list[tuple[str, str, str]]) -> None:
    # maxPods 30: 910 x 30 = 27,300 pods, far from 200,000
    doc = cluster(pool("user", minCount=0, maxCount=max_count, maxPods=30))
    assert summary(findings(doc)) == expected


def test_pool_near_limit_message_and_value() -> None:
    doc = cluster(pool("user", minCount=0, maxCount=728, maxPods=30))
    (finding,) = findings(doc)
    assert finding.value == 728
    assert finding.layer == "default"
    assert "801 of 1,000 nodes per pool (80.1%)" in finding.message


@pytest.mark.parametrize(
    ("extra", "size", "expected"),
    [
        # 5 x 800 = 4,000 of 5,000 = 80.0%, each pool 800 of 1,000 = 80.0%: no warning
        (0, 800, []),
        # 4,000 + 1 = 4,001 = 80.02% (shown 80.0): above 80% all the same
        (1, 800, [("warning", "capacity-near-limit", "spec.nodePools")]),
        # 5 x 1,000 = 5,000 = 100%: near; each pool 1,000 of 1,000 = 100% too
        (0, 1000, [("warning", "capacity-near-limit", "spec.nodePools")]),
        # 5,001 > 5,000: rule cluster-nodes reports it; only the pools' 100% remain
        (1, 1000, []),
    ],
)
def test_cluster_near_limit_boundaries(
    extra: int, size: int, expected: list[tuple[str, str, str]]
) -> None:
    pools = [pool(f"u{i}", count=size, maxSurge="0", maxPods=30) for i in range(5)]
    if extra:
        pools.append(pool("extra", count=extra, maxSurge="0", maxPods=30))
    found = [f for f in findings(cluster(*pools), "warning", "error") if f.path == "spec.nodePools"]
    assert summary(found) == expected
    pool_warnings = [f for f in findings(cluster(*pools), "warning") if "[u" in f.path]
    assert len(pool_warnings) == (5 if size == 1000 else 0)


def test_cluster_near_limit_percent_shows_one_decimal() -> None:
    pools = [pool(f"u{i}", count=800, maxSurge="0", maxPods=30) for i in range(5)]
    peak = capacity_report(cluster(*pools, pool("extra", count=1, maxSurge="0"))).nodes.peak_nodes
    # 4,001 / 5,000 = 80.02% -> 80.0, yet 4,001 x 100 > 5,000 x 80
    assert (peak.used, peak.percent, peak.near_limit, peak.exceeded) == (4001, 80.0, True, False)


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("network", "addresses", "room", "percent"),
    [
        # /16 pod range: 2**(24-16) = 256 node /24s; 11 nodes / 256 = 4.296875% -> 4.3
        ({"podCidr": "10.244.0.0/16"}, 65536, 256, 4.3),
        # /11 pod range: 2**(24-11) = 8,192 nodes; 11 / 8,192 = 0.134% -> 0.1
        ({"podCidr": "10.128.0.0/11"}, 2097152, 8192, 0.1),
        # /12: 2**12 = 4,096 nodes; 11 / 4,096 = 0.27% -> 0.3
        ({"podCidr": "10.240.0.0/12"}, 1048576, 4096, 0.3),
        # /24: one node; 11 / 1 = 1,100%
        ({"podCidr": "10.1.0.0/24"}, 256, 1, 1100.0),
        # /25: smaller than one /24, no nodes; a zero limit has no percentage
        ({"podCidr": "10.1.0.0/25"}, 128, 0, None),
        # overlay without podCidr: Azure's default 10.244.0.0/16 = 256 nodes
        ({"podCidr": None}, 65536, 256, 4.3),
        # kubenet without podCidr: the same default
        ({"plugin": "kubenet", "pluginMode": None, "podCidr": None}, 65536, 256, 4.3),
    ],
)
def test_pod_range(
    network: dict[str, Any], addresses: int, room: int, percent: float | None
) -> None:
    # 10 nodes + ceil(10% of 10) = 1 surge = 11 nodes, each taking one /24
    doc = cluster(pool("p", count=10), **network)
    (pod_range,) = [r for r in capacity_report(doc).addresses.ranges if r.name == "podCidr"]
    assert pod_range.addresses == addresses
    assert pod_range.max_nodes == room
    assert pod_range.usage is not None
    assert (pod_range.usage.used, pod_range.usage.limit) == (11, room)
    assert pod_range.usage.percent == percent
    assert pod_range.ok == (room >= 11)


def test_no_pod_range_outside_overlay_and_kubenet() -> None:
    doc = cluster(pool("p", count=10), pluginMode=None, podCidr=None)
    assert "podCidr" not in [r.name for r in capacity_report(doc).addresses.ranges]


def vnet_cluster(
    *pools: dict[str, Any], node: str, pod: str | None = None, **network: Any
) -> ClusterDocument:
    vnet: dict[str, Any] = {"addressSpace": ["10.16.0.0/12"], "nodeSubnet": {"cidr": node}}
    if pod is not None:
        vnet["podSubnet"] = {"cidr": pod}
    return cluster(*pools, vnet=vnet, outboundType="userAssignedNATGateway", **network)


@pytest.mark.parametrize(
    ("doc", "name", "used", "size", "percent", "room"),
    [
        pytest.param(
            # overlay: nodes only. 200 + 20 surge + 5 reserved = 225 of 256 = 87.89% -> 87.9;
            # room (256 - 5) // 1 = 251 nodes
            vnet_cluster(pool("p", minCount=0, maxCount=200), node="10.16.0.0/24"),
            "nodeSubnet",
            225,
            256,
            87.9,
            251,
            id="overlay-nodes",
        ),
        pytest.param(
            # node-subnet CNI: 100 + 10 surge = 110 nodes; 110 x 30 pods = 3,300;
            # 110 + 3,300 + 5 = 3,415 of 4,096 (/20) = 83.37% -> 83.4;
            # room (4,096 - 5) // (1 + 30) = 4,091 // 31 = 131 nodes
            vnet_cluster(
                pool("p", count=100, maxPods=30),
                node="10.16.0.0/20",
                pluginMode=None,
                podCidr=None,
            ),
            "nodeSubnet",
            3415,
            4096,
            83.4,
            131,
            id="node-subnet-cni",
        ),
        pytest.param(
            # the same with maxPods unset: Azure's node-subnet default is 30 -> same numbers
            vnet_cluster(pool("p", count=100), node="10.16.0.0/20", pluginMode=None, podCidr=None),
            "nodeSubnet",
            3415,
            4096,
            83.4,
            131,
            id="node-subnet-cni-default-pods",
        ),
        pytest.param(
            # pod subnet: the node subnet holds nodes only: 500 + 50 + 5 = 555 of 1,024
            # (/22) = 54.199% -> 54.2; room 1,019 // 1 = 1,019
            vnet_cluster(
                pool("p", count=500),
                node="10.16.0.0/22",
                pod="10.20.0.0/16",
                pluginMode=None,
                podCidr=None,
            ),
            "nodeSubnet",
            555,
            1024,
            54.2,
            1019,
            id="pod-subnet-nodes",
        ),
        pytest.param(
            # pod subnet: 550 nodes x 112 (110 default maxPods in batches of 16) = 61,600 + 5
            # = 61,605 of 65,536 (/16) = 94.0%; room 65,531 // 112 = 585 nodes
            vnet_cluster(
                pool("p", count=500),
                node="10.16.0.0/22",
                pod="10.20.0.0/16",
                pluginMode=None,
                podCidr=None,
            ),
            "podSubnet",
            61605,
            65536,
            94.0,
            585,
            id="pod-subnet-pods",
        ),
        pytest.param(
            # kubenet: nodes only: 100 + 10 + 5 = 115 of 256 = 44.92% -> 44.9; room 251
            vnet_cluster(
                pool("p", count=100, maxPods=110),
                node="10.16.0.0/24",
                plugin="kubenet",
                pluginMode=None,
                podCidr=None,
            ),
            "nodeSubnet",
            115,
            256,
            44.9,
            251,
            id="kubenet-nodes",
        ),
    ],
)
def test_subnets(
    doc: ClusterDocument, name: str, used: int, size: int, percent: float, room: int
) -> None:
    (found,) = [r for r in capacity_report(doc).addresses.ranges if r.name == name]
    assert found.addresses == size
    assert found.usage is not None
    assert (found.usage.used, found.usage.limit, found.usage.percent) == (used, size, percent)
    assert found.max_nodes == room


@pytest.mark.parametrize(
    ("max_count", "expected"),
    [
        # 166 + ceil(16.6) = 17 -> 183 + 5 = 188 of 256: 73.4%
        (166, []),
        # 200 + 20 + 5 = 225 of 256 = 87.9%: near
        (200, [("warning", "capacity-near-limit", "spec.network.vnet.nodeSubnet.cidr")]),
        # 228 + ceil(22.8) = 23 -> 251 + 5 = 256 of 256 = 100%: near
        (228, [("warning", "capacity-near-limit", "spec.network.vnet.nodeSubnet.cidr")]),
        # 229 + 23 + 5 = 257 > 256: rule subnet-size reports it (no duplicate here)
        (229, []),
    ],
)
def test_node_subnet_findings(max_count: int, expected: list[tuple[str, str, str]]) -> None:
    doc = vnet_cluster(pool("p", minCount=0, maxCount=max_count), node="10.16.0.0/24")
    assert summary(findings(doc)) == expected


def test_service_and_api_server_ranges() -> None:
    vnet = {
        "addressSpace": ["10.16.0.0/12"],
        "nodeSubnet": {"cidr": "10.16.0.0/20"},
        "apiServerSubnet": {"cidr": "10.17.0.0/28"},
    }
    doc = cluster(pool("p", count=3), vnet=vnet, outboundType="userAssignedNATGateway")
    ranges = {r.name: r for r in capacity_report(doc).addresses.ranges}
    # 10.0.0.0/16 = 2**16 = 65,536 addresses; no node bound
    service = ranges["serviceCidr"]
    assert (service.cidr, service.addresses, service.max_nodes) == ("10.0.0.0/16", 65536, None)
    # /28 = 16 addresses: exactly the minimum
    api = ranges["apiServerSubnet"]
    assert (api.addresses, api.ok, api.max_nodes) == (16, True, None)
    vnet["apiServerSubnet"] = {"cidr": "10.17.0.0/29"}
    doc = cluster(pool("p", count=3), vnet=vnet, outboundType="userAssignedNATGateway")
    ranges = {r.name: r for r in capacity_report(doc).addresses.ranges}
    # /29 = 8 addresses: under /28 (rule subnet-size reports it)
    assert (ranges["apiServerSubnet"].addresses, ranges["apiServerSubnet"].ok) == (8, False)


def test_existing_subnets_without_cidr_have_no_size() -> None:
    vnet = {"nodeSubnet": {"id": SUBNET_ID}}
    doc = cluster(pool("p", count=3), vnet=vnet, outboundType="userDefinedRouting")
    names = [r.name for r in capacity_report(doc).addresses.ranges]
    assert names == ["podCidr", "serviceCidr"]


# --------------------------------------------------------------------------- load balancer


def lb_cluster(ips: int, ports: int, count: int, surge: str | None = None) -> ClusterDocument:
    fields: dict[str, Any] = {"count": count}
    if surge is not None:
        fields["maxSurge"] = surge
    return cluster(
        pool("p", **fields),
        outboundType="loadBalancer",
        natGateway=None,
        loadBalancer={"outboundIPs": ips, "allocatedOutboundPorts": ports},
    )


@pytest.mark.parametrize(
    ("ips", "ports", "count", "surge", "used", "limit", "percent", "room", "expected"),
    [
        # 1,024 x 300 = 307,200 > 4 x 64,000 = 256,000 (120%): error; 256,000 // 1,024 = 250
        (4, 1024, 300, None, 307200, 256000, 120.0, 250, ("error", "capacity-snat-ports")),
        # 5 IPs = 320,000 >= 307,200 (96%) but with 10% surge 330 x 1,024 = 337,920 > 320,000:
        # surge headroom warning; 320,000 // 1,024 = 312 nodes
        (5, 1024, 300, None, 307200, 320000, 96.0, 312, ("warning", "capacity-surge-headroom")),
        # surge 1: 301 x 1,024 = 308,224 of 320,000 = 96.3%: near
        (5, 1024, 300, "1", 307200, 320000, 96.0, 312, ("warning", "capacity-near-limit")),
        # 8 IPs = 512,000; 330 x 1,024 = 337,920 = 66%: fine; 512,000 // 1,024 = 500
        (8, 1024, 300, None, 307200, 512000, 60.0, 500, None),
        # 8 nodes x 8,000 = 64,000 of 64,000 = 100%: near; 64,000 // 8,000 = 8
        (1, 8000, 8, "0", 64000, 64000, 100.0, 8, ("warning", "capacity-near-limit")),
        # 8 x 6,400 = 51,200 = 80.0%: not above 80%; 64,000 // 6,400 = 10
        (1, 6400, 8, "0", 51200, 64000, 80.0, 10, None),
        # 8 x 6,408 = 51,264 = 80.1%: near; 64,000 // 6,408 = 9
        (1, 6408, 8, "0", 51264, 64000, 80.1, 9, ("warning", "capacity-near-limit")),
    ],
)
def test_load_balancer_ports(
    ips: int,
    ports: int,
    count: int,
    surge: str | None,
    used: int,
    limit: int,
    percent: float,
    room: int,
    expected: tuple[str, str] | None,
) -> None:
    doc = lb_cluster(ips, ports, count, surge)
    egress = capacity_report(doc).egress
    assert (egress.kind, egress.automatic, egress.ports_per_node) == ("loadBalancer", False, ports)
    assert egress.total_ports == limit
    assert egress.usage is not None
    assert (egress.usage.used, egress.usage.limit, egress.usage.percent) == (used, limit, percent)
    assert egress.largest_node_count == room
    path = "spec.network.loadBalancer.allocatedOutboundPorts"
    found = [(f.level, f.code) for f in findings(doc) if f.path == path]
    assert found == ([expected] if expected else [])


def test_load_balancer_error_message() -> None:
    (finding,) = findings(lb_cluster(4, 1024, 300))
    assert finding.value == 1024
    assert "307,200 of 256,000 SNAT ports (120.0%)" in finding.message
    assert "1,024 ports per node and 4 outbound IPs allow 250 nodes" in finding.message


@pytest.mark.parametrize(
    ("nodes", "ips", "ports"),
    [
        (1, 1, 1024),  # 1-50 instances: 1,024 per IP
        (50, 1, 1024),
        (51, 1, 512),  # 51-100: 512
        (100, 2, 1024),  # 2 x 512 = 1,024
        (101, 1, 256),  # 101-200: 256
        (101, 3, 768),  # 3 x 256 = 768
        (50, 2, 1024),  # 2 x 1,024 = 2,048, capped at 1,024
        (400, 1, 128),  # 201-400: 128
        (401, 1, 64),  # 401-800: 64
        (800, 3, 192),  # 3 x 64 = 192
        (801, 1, 32),  # 801-1,000: 32
        (1000, 1, 32),
        (1001, 1, None),  # the table ends at 1,000 instances
    ],
)
def test_load_balancer_automatic_ports(nodes: int, ips: int, ports: int | None) -> None:
    assert lb_automatic_ports(nodes, ips) == ports


@pytest.mark.parametrize(
    ("pools", "expected"),
    [
        # 800 of 1,000 automatic-allocation nodes = 80%: nothing
        ([pool("p", count=800, maxSurge="0", maxPods=30)], None),
        # 801 = 80.1%: near
        (
            [pool("p", count=801, maxSurge="0", maxPods=30)],
            ("warning", "capacity-near-limit"),
        ),
        # 1,000 = 100%: near
        (
            [pool("p", count=1000, maxSurge="0", maxPods=30)],
            ("warning", "capacity-near-limit"),
        ),
        # 950 + ceil(95.0) = 1,045 > 1,000 with surge only
        ([pool("p", count=950, maxPods=30)], ("warning", "capacity-surge-headroom")),
        # 2 x 600 = 1,200 > 1,000: automatic allocation does not cover it
        (
            [pool(f"p{i}", count=600, maxSurge="0", maxPods=30) for i in range(2)],
            ("warning", "capacity-lb-automatic-ports"),
        ),
    ],
)
def test_load_balancer_automatic_findings(
    pools: list[dict[str, Any]], expected: tuple[str, str] | None
) -> None:
    # loadBalancer unset: 1 outbound IP, allocatedOutboundPorts 0 (automatic)
    doc = cluster(*pools, outboundType="loadBalancer", natGateway=None)
    egress = capacity_report(doc).egress
    assert (egress.automatic, egress.outbound_ips, egress.largest_node_count) == (True, 1, 1000)
    path = "spec.network.loadBalancer.allocatedOutboundPorts"
    found = [f for f in findings(doc) if f.path == path]
    assert [(f.level, f.code) for f in found] == ([expected] if expected else [])
    assert [f.value for f in found] == ([0] if expected else [])


# --------------------------------------------------------------------------- NAT gateway


@pytest.mark.parametrize(
    ("ips", "sizes", "total", "average", "room", "warn"),
    [
        # 16 x 64,512 = 1,032,192 ports / 5,000 nodes = 206.4 per node; 1,032,192 // 64 = 16,128
        (16, [1000] * 5, 1032192, 206.4, 16128, False),
        # 1 x 64,512 / 1,000 = 64.512 -> 64.5; 64,512 // 64 = 1,008 nodes
        (1, [1000], 64512, 64.5, 1008, False),
        # 64,512 / 1,008 = 64.0 exactly: not under 64
        (1, [1000, 8], 64512, 64.0, 1008, False),
        # 64,512 / 1,009 = 63.94 -> 63.9: under 64
        (1, [1000, 9], 64512, 63.9, 1008, True),
        # 2 x 64,512 = 129,024 / 2,017 = 63.968 (shown 64.0) is under 64 all the same
        (2, [1000, 1000, 17], 129024, 64.0, 2016, True),
    ],
)
def test_nat_gateway(
    ips: int, sizes: list[int], total: int, average: float, room: int, warn: bool
) -> None:
    pools = [pool(f"p{i}", count=n, maxSurge="0", maxPods=30) for i, n in enumerate(sizes)]
    doc = cluster(*pools, natGateway={"outboundIPs": ips})
    egress = capacity_report(doc).egress
    assert (egress.kind, egress.outbound_ips, egress.ports_per_ip) == ("natGateway", ips, 64512)
    assert (egress.total_ports, egress.average_ports_per_node) == (total, average)
    assert egress.largest_node_count == room
    found = [f for f in findings(doc) if f.code == "capacity-snat-ports"]
    assert [(f.level, f.path, f.value) for f in found] == (
        [("warning", "spec.network.natGateway.outboundIPs", ips)] if warn else []
    )


def test_managed_nat_gateway_defaults_to_one_ip() -> None:
    doc = cluster(pool("p", count=3), natGateway=None)
    egress = capacity_report(doc).egress
    # 1 x 64,512 / 3 nodes = 21,504.0
    assert (egress.outbound_ips, egress.total_ports, egress.average_ports_per_node) == (
        1,
        64512,
        21504.0,
    )


def test_user_nat_gateway_on_existing_subnets_is_unknown() -> None:
    doc = cluster(
        pool("p", count=3),
        outboundType="userAssignedNATGateway",
        natGateway=None,
        vnet={"nodeSubnet": {"id": SUBNET_ID}},
    )
    egress = capacity_report(doc).egress
    assert (egress.outbound_ips, egress.total_ports, egress.average_ports_per_node) == (
        None,
        None,
        None,
    )
    assert [f for f in findings(doc) if f.code == "capacity-snat-ports"] == []


def test_user_defined_routing_is_not_checked() -> None:
    doc = cluster(
        pool("p", count=3),
        outboundType="userDefinedRouting",
        natGateway=None,
        vnet={"nodeSubnet": {"id": SUBNET_ID}},
    )
    egress = capacity_report(doc).egress
    assert (egress.kind, egress.total_ports, egress.usage) == ("other", None, None)


# --------------------------------------------------------------------------- pods


@pytest.mark.parametrize(
    ("network", "mode", "default"),
    [
        ({}, "overlay", 250),
        (
            {
                "pluginMode": None,
                "podCidr": None,
                "outboundType": "userAssignedNATGateway",
                "vnet": {"nodeSubnet": {"id": SUBNET_ID}, "podSubnet": {"id": SUBNET_ID}},
            },
            "pod-subnet",
            110,
        ),
        ({"pluginMode": None, "podCidr": None}, "node-subnet", 30),
        ({"plugin": "kubenet", "pluginMode": None}, "kubenet", 110),
        ({"plugin": "none", "pluginMode": None}, "none", 110),
    ],
)
def test_default_max_pods(network: dict[str, Any], mode: str, default: int) -> None:
    doc = cluster(pool("p", count=10), **network)
    assert default_max_pods(doc) == default
    pods = capacity_report(doc).pods
    assert (pods.mode, pods.default_max_pods) == (mode, default)
    # 10 nodes x the default
    assert pods.max_pods == 10 * default


POD_SUBNET: dict[str, Any] = {
    "pluginMode": None,
    "podCidr": None,
    "outboundType": "userAssignedNATGateway",
    "vnet": {
        "addressSpace": ["10.16.0.0/12"],
        "nodeSubnet": {"cidr": "10.16.0.0/20"},
        "podSubnet": {"cidr": "10.20.0.0/14"},
    },
}


@pytest.mark.parametrize(
    ("pools", "network", "total", "limit", "percent"),
    [
        # overlay: 2 x 100 + 20 x 250 (default) = 200 + 5,000 = 5,200 of 200,000 = 2.6%
        (
            [pool("system", mode="system", count=2, maxPods=100), pool("user", maxCount=20)],
            {},
            5200,
            200000,
            2.6,
        ),
        # pod subnet, dynamic IP: 10 x 110 (default) = 1,100 of 50,000 = 2.2%
        ([pool("p", count=10)], POD_SUBNET, 1100, 50000, 2.2),
        # node-subnet CNI: 10 x 30 = 300; no documented per-cluster limit
        ([pool("p", count=10)], {"pluginMode": None, "podCidr": None}, 300, None, None),
        # kubenet: 10 x 110 = 1,100; no per-cluster limit
        ([pool("p", count=10)], {"plugin": "kubenet", "pluginMode": None}, 1100, None, None),
        # pod subnet with StaticBlock: 10 x 110 = 1,100; no documented limit
        (
            [pool("p", count=10, podIPAllocationMode="StaticBlock")],
            POD_SUBNET,
            1100,
            None,
            None,
        ),
    ],
)
def test_pods_per_cluster(
    pools: list[dict[str, Any]],
    network: dict[str, Any],
    total: int,
    limit: int | None,
    percent: float | None,
) -> None:
    pods = capacity_report(cluster(*pools, **network)).pods
    assert pods.max_pods == total
    if limit is None:
        assert pods.usage is None
    else:
        assert pods.usage is not None
        assert (pods.usage.used, pods.usage.limit, pods.usage.percent) == (total, limit, percent)


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        # (320 + 320) x 250 = 160,000 of 200,000 = 80.0%: not above 80%
        ((320, 320), None),
        # (320 + 321) x 250 = 160,250 = 80.1%: near
        ((320, 321), ("warning", "capacity-near-limit")),
        # (400 + 400) x 250 = 200,000 = 100%: near
        ((400, 400), ("warning", "capacity-near-limit")),
        # (400 + 401) x 250 = 200,250 > 200,000: error
        ((400, 401), ("error", "capacity-pods")),
    ],
)
def test_pods_overlay_boundaries(sizes: tuple[int, int], expected: tuple[str, str] | None) -> None:
    # maxSurge 1: each pool stays far below 1,000 (402 at most)
    doc = cluster(*[pool(f"p{i}", count=n, maxSurge="1") for i, n in enumerate(sizes)])
    assert [(f.level, f.code) for f in findings(doc)] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        # 400 x 100 = 40,000 of 50,000 = 80.0%: nothing
        (400, None),
        # 401 x 100 = 40,100 = 80.2%: near
        (401, ("warning", "capacity-near-limit")),
        # 500 x 100 = 50,000 = 100%: near
        (500, ("warning", "capacity-near-limit")),
        # 501 x 100 = 50,100 > 50,000: error
        (501, ("error", "capacity-pods")),
    ],
)
def test_pods_dynamic_ip_boundaries(count: int, expected: tuple[str, str] | None) -> None:
    # pod subnet /14 = 262,144 addresses: 502 x 100 + 5 = 50,205 is 19%
    doc = cluster(pool("p", count=count, maxSurge="1", maxPods=100), **POD_SUBNET)
    assert [(f.level, f.code) for f in findings(doc)] == ([expected] if expected else [])


def test_pods_error_message() -> None:
    doc = cluster(pool("p0", count=400, maxSurge="1"), pool("p1", count=401, maxSurge="1"))
    (finding,) = findings(doc)
    assert (finding.path, finding.value) == ("spec.nodePools", 200250)
    assert "200,250 of 200,000 pods per cluster (100.1%)" in finding.message
    assert "lower maxPods or maxCount" in finding.message


# --------------------------------------------------------------------------- guidance notes


def note_codes(doc: ClusterDocument) -> list[str]:
    return [n.code for n in capacity_report(doc).notes]


@pytest.mark.parametrize(
    ("tier", "sizes", "notes", "info"),
    [
        # free tier, 10 nodes: within its recommendation
        ("free", [10], [], []),
        # free tier, 11 nodes: above 10 -> rule free-tier reports it; note only
        ("free", [11], ["free-tier"], []),
        # free tier, 1,001 nodes: above 1,000 -> rule free-tier; note only
        ("free", [1000, 1], ["free-tier"], []),
        # standard, 1,000 nodes: nothing
        ("standard", [1000], [], []),
        # standard, 1,001 nodes: the control plane scales itself
        ("standard", [1000, 1], ["capacity-control-plane-scaling"], ["spec.tier"]),
        # premium, 4,999 nodes: still below 5,000
        ("premium", [1000] * 4 + [999], ["capacity-control-plane-scaling"], ["spec.tier"]),
        # 5 x 1,000 = 5,000 nodes: can't upgrade at that size
        (
            "standard",
            [1000] * 5,
            ["capacity-control-plane-scaling", "capacity-upgrade-at-max"],
            ["spec.tier", "spec.nodePools"],
        ),
    ],
)
def test_control_plane_notes(
    tier: str, sizes: list[int], notes: list[str], info: list[str]
) -> None:
    # autoscaled pools (0..n) so the batch-scaling note stays out of these cases
    pools = [
        pool(f"p{i}", minCount=0, maxCount=n, maxSurge="0", maxPods=30) for i, n in enumerate(sizes)
    ]
    doc = cluster(*pools, tier=tier)
    assert note_codes(doc) == notes
    assert [f.path for f in findings(doc, "info")] == info


def test_upgrade_note_message() -> None:
    pools = [pool(f"p{i}", minCount=0, maxCount=1000, maxSurge="0") for i in range(5)]
    (note,) = [n for n in capacity_report(cluster(*pools)).notes if "upgrade" in n.code]
    assert "scale below about 3,000 nodes first" in note.message


@pytest.mark.parametrize(
    ("pools", "batch"),
    [
        # a fixed user pool of 600 in a 1,100-node cluster: scaled by hand above 1,000
        ([pool("fixed", count=600), pool("auto", minCount=0, maxCount=500)], True),
        # everything autoscaled: no
        ([pool("a", minCount=0, maxCount=600), pool("b", minCount=0, maxCount=500)], False),
        # only the (small, fixed) system pool is manual: no
        (
            [pool("system", mode="system", count=3), pool("auto", minCount=0, maxCount=1000)],
            False,
        ),
        # fixed pools but 1,000 nodes in all: no
        ([pool("fixed", count=500), pool("fixed2", count=500)], False),
    ],
)
def test_batch_scaling_note(pools: list[dict[str, Any]], batch: bool) -> None:
    doc = cluster(*pools)
    assert ("capacity-batch-scaling" in note_codes(doc)) == batch
    found = [f for f in findings(doc, "info") if f.code == "capacity-batch-scaling"]
    assert len(found) == (1 if batch else 0)
    if batch:
        assert "batches of 500-700 nodes, 2-5 minutes apart" in found[0].message
        assert "(fixed)" in found[0].message


# --------------------------------------------------------------------------- presets, rules


def test_standard_large_preset() -> None:
    resolved = resolve(preset="standard-large")
    assert resolved.document is not None
    report = capacity_report(resolved.document)
    # max: 6 + 9 x 554 = 4,992; surge: ceil(20% of 6) = 2 and 9 x ceil(55.4) = 9 x 56 = 504;
    # peak 4,992 + 506 = 5,498
    assert (report.nodes.max_nodes.used, report.nodes.peak_nodes.used) == (4992, 5498)
    # pods: 6 x 110 + 4,986 x 30 = 660 + 149,580 = 150,240 of 200,000 = 75.12% -> 75.1
    assert report.pods.usage is not None
    assert (report.pods.max_pods, report.pods.usage.percent) == (150240, 75.1)
    # NAT: 16 x 64,512 = 1,032,192 / 4,992 = 206.8 per node
    assert (report.egress.total_ports, report.egress.average_ports_per_node) == (1032192, 206.8)
    # pod range /11: 8,192 nodes; 5,498 / 8,192 = 67.11% -> 67.1
    (pod_range,) = [r for r in report.addresses.ranges if r.name == "podCidr"]
    assert pod_range.usage is not None
    assert (pod_range.max_nodes, pod_range.usage.percent) == (8192, 67.1)

    found = capacity_findings(resolved.document, resolved.provenance)
    assert [f for f in found if f.level == "error"] == []
    # each user pool: 554 + 56 = 610 of 1,000 = 61%: under 80 %, no warning
    assert [f for f in found if f.level == "warning"] == []
    # 4,992 nodes: under 5,000, so no upgrade-at-max note (the surge-at-max rule warns)
    assert [f.code for f in found if f.level == "info"] == ["capacity-control-plane-scaling"]
    assert found[0].layer.startswith("preset:standard-large")  # spec.tier


def test_findings_name_the_layer_that_set_the_value() -> None:
    resolved = resolve(
        preset="standard",
        sets=[
            "spec.network.outboundType=loadBalancer",
            "spec.network.natGateway=null",
            "spec.network.loadBalancer={outboundIPs: 1, allocatedOutboundPorts: 1024}",
            "spec.nodePools[user].maxCount=100",
        ],
    )
    assert resolved.document is not None
    found = capacity_findings(resolved.document, resolved.provenance)
    # system 3 + user 100 = 103 nodes x 1,024 = 105,472 > 1 x 64,000 = 64,000
    assert [(f.level, f.code, f.value, f.layer) for f in found] == [
        ("error", "capacity-snat-ports", 1024, "--set spec.network.loadBalancer")
    ]
    assert "105,472 of 64,000 SNAT ports (164.8%)" in found[0].message


def test_no_duplicates_of_existing_rules() -> None:
    # user 1,000 + ceil(33% of 1,000) = 330 -> 1,330 > 1,000: rule surge-at-max warns
    resolved = resolve(preset="standard", sets=["spec.nodePools[user].maxCount=1000"])
    assert resolved.document is not None
    assert "surge-at-max" in [f.code for f in resolved.findings]
    found = capacity_findings(resolved.document, resolved.provenance)
    assert [f for f in found if f.level != "info"] == []


def test_standard_preset_is_quiet() -> None:
    resolved = resolve(preset="standard")
    assert resolved.document is not None
    assert capacity_findings(resolved.document, resolved.provenance) == []


def test_rules_shape() -> None:
    doc = lb_cluster(4, 1024, 300)
    found = capacity_findings(doc, Provenance())
    assert found
    assert all(isinstance(f, Finding) and f.code.startswith("capacity-") for f in found)
    assert capacity_findings in RULES


# --------------------------------------------------------------------------- report shape


@pytest.mark.parametrize(
    "doc",
    [
        pytest.param(resolve(preset="standard-large").document, id="standard-large"),
        pytest.param(resolve(preset="automatic").document, id="automatic"),
        pytest.param(cluster(pool("p", count=10), podCidr="10.1.0.0/25"), id="zero-limit"),
        pytest.param(
            cluster(
                *[pool(f"p{i}", count=600) for i in range(2)],
                outboundType="loadBalancer",
                natGateway=None,
            ),
            id="lb-automatic-above-table",
        ),
        pytest.param(
            vnet_cluster(
                pool("p", count=10), node="10.16.0.0/24", pod="10.20.0.0/16", pluginMode=None
            ),
            id="pod-subnet",
        ),
    ],
)
def test_to_dict_is_json(doc: ClusterDocument | None) -> None:
    assert doc is not None
    report = capacity_report(doc)
    data = report.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert set(data) == {"nodes", "addresses", "egress", "pods", "notes"}
    usage = data["nodes"]["maxNodes"]
    assert set(usage) >= {"used", "limit", "percent", "exceeded", "nearLimit"}


def test_to_dict_values() -> None:
    report = capacity_report(lb_cluster(4, 1024, 300))
    egress = report.to_dict()["egress"]
    assert egress["outboundIPs"] == 4
    assert egress["usage"]["used"] == 307200
    assert egress["usage"]["percent"] == 120.0
    assert egress["usage"]["exceeded"] is True
    zero = capacity_report(cluster(pool("p", count=10), podCidr="10.1.0.0/25")).to_dict()
    (pod_range,) = [r for r in zero["addresses"]["ranges"] if r["name"] == "podCidr"]
    assert (pod_range["usage"]["limit"], pod_range["usage"]["percent"]) == (0, None)


def test_report_is_frozen() -> None:
    report = capacity_report(cluster(pool("p", count=3)))
    assert isinstance(report, CapacityReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.notes = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.nodes.max_nodes.used = 1  # type: ignore[misc]
