"""Address plans: overlaps, reserved ranges, sizes, dnsServiceIP.

Each case starts from the `standard` preset (podCidr 10.240.0.0/12, serviceCidr 10.0.0.0/16,
dnsServiceIP 10.0.0.10, a system pool of 3 and a user pool of 2..20, both maxSurge 33%)
and changes it with `--set`. Expected values are literals; node and address arithmetic is
worked out in the comments.
"""

from __future__ import annotations

import pytest
from rule_cases import Hit, check, matching, resolve_preset

from aks_kit.presets.resolve import Resolved


def standard(*sets: str) -> Resolved:
    return resolve_preset("standard", sets)


STANDARD = "preset:standard, line *"
VNET_LAYER = "--set spec.network.vnet"
SUBNET_ID = (
    "/subscriptions/sub/resourceGroups/rg/providers/"
    "Microsoft.Network/virtualNetworks/vnet/subnets/nodes"
)
# a custom VNet also needs non-managed egress and a user-assigned control plane
CUSTOM = (
    "spec.network.outboundType=userAssignedNATGateway",
    "spec.identity.controlPlane=userAssigned",
)


def vnet(body: str) -> list[str]:
    """`--set` assignments giving standard a custom VNet `{body}`."""
    return [*CUSTOM, f"spec.network.vnet={{{body}}}"]


def test_standard_has_a_clean_address_plan() -> None:
    codes = {"cidr-overlap", "cidr-reserved", "vnet", "dns-service-ip", "service-cidr"}
    codes |= {"pod-cidr-size", "subnet-size"}
    assert [f for f in standard().findings if f.code in codes] == []


def test_custom_vnet_baseline_is_clean() -> None:
    sets = vnet("addressSpace: [10.10.0.0/16], nodeSubnet: {cidr: 10.10.0.0/20}")
    assert standard(*sets).findings == []


# --------------------------------------------------------------------------- overlaps

OVERLAP = "pod, service and VNet ranges must be disjoint"


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param([], "spec.network.podCidr", None, id="standard"),
        pytest.param(
            ["spec.network.serviceCidr=10.240.0.0/16", "spec.network.dnsServiceIP=10.240.0.10"],
            "spec.network.podCidr",
            Hit(
                "error",
                "10.240.0.0/12",
                STANDARD,
                f"overlaps spec.network.serviceCidr (10.240.0.0/16); {OVERLAP}",
            ),
            id="service-inside-pod",
        ),
        pytest.param(
            ["spec.network.podCidr=10.0.0.0/12"],
            "spec.network.podCidr",
            Hit(
                "error",
                "10.0.0.0/12",
                "--set spec.network.podCidr",
                "overlaps spec.network.serviceCidr (10.0.0.0/16)",
            ),
            id="pod-contains-service",
        ),
        pytest.param(
            # 10.0.255.0/24 is the last /24 of 10.0.0.0/16
            ["spec.network.podCidr=10.0.255.0/24"],
            "spec.network.podCidr",
            Hit(
                "error",
                "10.0.255.0/24",
                "--set spec.network.podCidr",
                "overlaps spec.network.serviceCidr (10.0.0.0/16)",
            ),
            id="pod-at-the-end-of-service",
        ),
        pytest.param(
            # 10.1.0.0 is the first address after 10.0.255.255
            ["spec.network.podCidr=10.1.0.0/16"],
            "spec.network.podCidr",
            None,
            id="pod-right-after-service",
        ),
        pytest.param(
            [
                "spec.network.podCidr=null",
                "spec.network.serviceCidr=10.244.0.0/16",
                "spec.network.dnsServiceIP=10.244.0.10",
            ],
            "spec.network.podCidr",
            # no podCidr: AKS's 10.244.0.0/16; nothing set it, so spec.network's layer
            Hit(
                "error",
                "10.244.0.0/16",
                STANDARD,
                "overlaps spec.network.serviceCidr (10.244.0.0/16)",
            ),
            id="default-pod-range",
        ),
        pytest.param(
            # Azure CNI without overlay gives pods VNet addresses: podCidr is not used
            [
                "spec.network.pluginMode=null",
                "spec.network.dataplane=azure",
                "spec.network.policy=none",
                "spec.network.podCidr=10.0.0.0/16",
            ],
            "spec.network.podCidr",
            None,
            id="pod-range-unused-without-overlay",
        ),
        pytest.param(
            [
                "spec.network.plugin=kubenet",
                "spec.network.pluginMode=null",
                "spec.network.dataplane=azure",
                "spec.network.policy=none",
                "spec.network.podCidr=10.0.0.0/16",
            ],
            "spec.network.podCidr",
            Hit(
                "error",
                "10.0.0.0/16",
                "--set spec.network.podCidr",
                "overlaps spec.network.serviceCidr (10.0.0.0/16)",
            ),
            id="kubenet-uses-pod-range",
        ),
        pytest.param(
            vnet("addressSpace: [10.240.0.0/16], nodeSubnet: {cidr: 10.240.0.0/20}"),
            "spec.network.vnet.addressSpace[0]",
            Hit(
                "error",
                "10.240.0.0/16",
                VNET_LAYER,
                f"overlaps spec.network.podCidr (10.240.0.0/12); {OVERLAP}",
            ),
            id="vnet-inside-pod",
        ),
        pytest.param(
            vnet("addressSpace: [10.0.0.0/16], nodeSubnet: {cidr: 10.0.0.0/20}"),
            "spec.network.vnet.addressSpace[0]",
            Hit(
                "error",
                "10.0.0.0/16",
                VNET_LAYER,
                "overlaps spec.network.serviceCidr (10.0.0.0/16)",
            ),
            id="vnet-equals-service",
        ),
        pytest.param(
            vnet("addressSpace: [10.10.0.0/16, 10.0.128.0/17], nodeSubnet: {cidr: 10.10.0.0/20}"),
            "spec.network.vnet.addressSpace[1]",
            Hit(
                "error",
                "10.0.128.0/17",
                VNET_LAYER,
                "overlaps spec.network.serviceCidr (10.0.0.0/16)",
            ),
            id="second-vnet-range",
        ),
        pytest.param(
            vnet("addressSpace: [10.1.0.0/16], nodeSubnet: {cidr: 10.1.0.0/20}"),
            "spec.network.vnet.addressSpace[0]",
            None,
            id="vnet-right-after-service",
        ),
        pytest.param(
            # existing subnets: their cidrs stand in for the VNet's ranges
            vnet(f"nodeSubnet: {{id: {SUBNET_ID}, cidr: 10.0.0.0/24}}"),
            "spec.network.vnet.nodeSubnet.cidr",
            Hit(
                "error",
                "10.0.0.0/24",
                VNET_LAYER,
                "overlaps spec.network.serviceCidr (10.0.0.0/16)",
            ),
            id="existing-subnet-inside-service",
        ),
        pytest.param(
            vnet(f"nodeSubnet: {{id: {SUBNET_ID}, cidr: 10.1.0.0/24}}"),
            "spec.network.vnet.nodeSubnet.cidr",
            None,
            id="existing-subnet-outside",
        ),
    ],
)
def test_overlaps(sets: list[str], path: str, hit: Hit | None) -> None:
    check(standard(*sets), "cidr-overlap", path, hit)


RESERVED = "which AKS reserves"
IP_PLANNING = "https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning"


@pytest.mark.parametrize(
    ("pod_cidr", "reserved"),
    [
        ("172.30.0.0/16", "172.30.0.0/16"),
        ("172.30.128.0/17", "172.30.0.0/16"),
        ("172.31.0.0/16", "172.31.0.0/16"),
        ("169.254.0.0/16", "169.254.0.0/16"),
        ("192.0.2.0/24", "192.0.2.0/24"),
        ("172.29.0.0/16", None),
        ("172.32.0.0/16", None),
        ("169.255.0.0/16", None),
        ("192.0.3.0/24", None),
        ("192.0.0.0/23", None),
    ],
    ids=lambda v: str(v),
)
def test_reserved_pod_ranges(pod_cidr: str, reserved: str | None) -> None:
    resolved = standard(f"spec.network.podCidr={pod_cidr}")
    hit = (
        None
        if reserved is None
        else Hit(
            "error",
            pod_cidr,
            "--set spec.network.podCidr",
            f"overlaps {reserved}, which AKS reserves ({IP_PLANNING})",
        )
    )
    check(resolved, "cidr-reserved", "spec.network.podCidr", hit)


def test_a_range_over_two_reserved_ranges_names_both() -> None:
    # 172.16.0.0/12 is 172.16.0.0 - 172.31.255.255: it holds 172.30/16 and 172.31/16
    resolved = standard("spec.network.podCidr=172.16.0.0/12")
    found = matching(resolved, "cidr-reserved", "spec.network.podCidr")
    assert [f.message for f in found] == [
        f"overlaps 172.30.0.0/16, which AKS reserves ({IP_PLANNING})",
        f"overlaps 172.31.0.0/16, which AKS reserves ({IP_PLANNING})",
    ]


def test_reserved_service_range() -> None:
    resolved = standard(
        "spec.network.serviceCidr=192.0.2.0/24", "spec.network.dnsServiceIP=192.0.2.10"
    )
    hit = Hit("error", "192.0.2.0/24", "--set spec.network.serviceCidr", RESERVED)
    check(resolved, "cidr-reserved", "spec.network.serviceCidr", hit)


# --------------------------------------------------------------------------- VNet layout

SPACE = "addressSpace: [10.10.0.0/16]"


@pytest.mark.parametrize(
    ("body", "code", "path", "hit"),
    [
        pytest.param(
            f"{SPACE}, nodeSubnet: {{id: {SUBNET_ID}}}",
            "vnet",
            "spec.network.vnet.nodeSubnet.id",
            Hit(
                "error",
                SUBNET_ID,
                VNET_LAYER,
                "aks-kit creates this VNet (addressSpace is set): give subnets a cidr, not an id",
            ),
            id="created-vnet-subnet-by-id",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{id: {SUBNET_ID}}}",
            "vnet",
            "spec.network.vnet.nodeSubnet",
            Hit("error", None, VNET_LAYER, "aks-kit creates this VNet: the subnet needs a cidr"),
            id="created-vnet-subnet-by-id-has-no-cidr",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{name: nodes}}",
            "vnet",
            "spec.network.vnet.nodeSubnet",
            Hit("error", None, VNET_LAYER, "aks-kit creates this VNet: the subnet needs a cidr"),
            id="created-vnet-subnet-by-name",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/20}}",
            "vnet",
            "spec.network.vnet.nodeSubnet",
            None,
            id="created-vnet-subnet-by-cidr",
        ),
        pytest.param(
            "nodeSubnet: {cidr: 10.10.0.0/20}",
            "vnet",
            "spec.network.vnet.nodeSubnet",
            Hit(
                "error",
                None,
                VNET_LAYER,
                "without vnet.addressSpace the subnet must exist: give its id",
            ),
            id="existing-vnet-subnet-without-id",
        ),
        pytest.param(
            f"nodeSubnet: {{id: {SUBNET_ID}}}",
            "vnet",
            "spec.network.vnet.nodeSubnet",
            None,
            id="existing-vnet-subnet-by-id",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.11.0.0/24}}",
            "vnet",
            "spec.network.vnet.nodeSubnet.cidr",
            Hit(
                "error",
                "10.11.0.0/24",
                VNET_LAYER,
                "not inside the VNet's addressSpace (10.10.0.0/16)",
            ),
            id="subnet-outside-space",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/16}}",
            "vnet",
            "spec.network.vnet.nodeSubnet.cidr",
            None,
            id="subnet-equals-space",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/15}}",
            "vnet",
            "spec.network.vnet.nodeSubnet.cidr",
            Hit(
                "error",
                "10.10.0.0/15",
                VNET_LAYER,
                "not inside the VNet's addressSpace (10.10.0.0/16)",
            ),
            id="subnet-larger-than-space",
        ),
        pytest.param(
            "addressSpace: [10.10.0.0/16, 10.20.0.0/16], nodeSubnet: {cidr: 10.20.0.0/24}",
            "vnet",
            "spec.network.vnet.nodeSubnet.cidr",
            None,
            id="subnet-in-second-space",
        ),
        pytest.param(
            "addressSpace: [10.10.0.0/16, 10.20.0.0/16], nodeSubnet: {cidr: 10.30.0.0/24}",
            "vnet",
            "spec.network.vnet.nodeSubnet.cidr",
            Hit(
                "error",
                "10.30.0.0/24",
                VNET_LAYER,
                "not inside the VNet's addressSpace (10.10.0.0/16, 10.20.0.0/16)",
            ),
            id="subnet-in-no-space",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/20}}, "
            "apiServerSubnet: {cidr: 10.10.15.240/28}",
            "cidr-overlap",
            "spec.network.vnet.apiServerSubnet.cidr",
            Hit(
                "error",
                "10.10.15.240/28",
                VNET_LAYER,
                "overlaps spec.network.vnet.nodeSubnet.cidr (10.10.0.0/20)",
            ),
            id="api-subnet-inside-node-subnet",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/20}}, "
            "apiServerSubnet: {cidr: 10.10.16.0/28}",
            "cidr-overlap",
            "spec.network.vnet.apiServerSubnet.cidr",
            None,
            id="api-subnet-right-after-node-subnet",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/20}}, podSubnet: {{cidr: 10.10.8.0/21}}",
            "cidr-overlap",
            "spec.network.vnet.podSubnet.cidr",
            Hit(
                "error",
                "10.10.8.0/21",
                VNET_LAYER,
                "overlaps spec.network.vnet.nodeSubnet.cidr (10.10.0.0/20)",
            ),
            id="pod-subnet-inside-node-subnet",
        ),
        pytest.param(
            f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/20}}, systemSubnet: {{cidr: 10.10.0.0/26}}",
            "cidr-overlap",
            "spec.network.vnet.systemSubnet.cidr",
            Hit(
                "error",
                "10.10.0.0/26",
                VNET_LAYER,
                "overlaps spec.network.vnet.nodeSubnet.cidr (10.10.0.0/20)",
            ),
            id="system-subnet-inside-node-subnet",
        ),
    ],
)
def test_vnet_layout(body: str, code: str, path: str, hit: Hit | None) -> None:
    sets = [*vnet(body), "spec.apiServer.vnetIntegration=true"]
    check(standard(*sets), code, path, hit)


# --------------------------------------------------------------------------- dnsServiceIP

NOT_FIRST = (
    "must not be the network address or the first address of serviceCidr "
    "(the kubernetes service uses it)"
)


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("10.0.0.0", NOT_FIRST),  # the network address
        ("10.0.0.1", NOT_FIRST),  # the first address
        ("10.0.0.2", None),
        ("10.0.0.10", None),
        ("10.0.255.254", None),
        ("10.0.255.255", "must not be the last address of serviceCidr"),
        ("10.1.0.0", "must be inside serviceCidr (10.0.0.0/16)"),
        ("9.255.255.255", "must be inside serviceCidr (10.0.0.0/16)"),
        ("10.240.0.10", "must be inside serviceCidr (10.0.0.0/16)"),
    ],
    ids=lambda v: str(v),
)
def test_dns_service_ip(address: str, message: str | None) -> None:
    path = "spec.network.dnsServiceIP"
    resolved = standard(f"{path}={address}")
    hit = None if message is None else Hit("error", address, f"--set {path}", message)
    check(resolved, "dns-service-ip", path, hit)


def test_dns_service_ip_left_behind_by_a_moved_service_range() -> None:
    # the preset's 10.0.0.10 stays while serviceCidr moves: the finding names the preset
    resolved = standard("spec.network.serviceCidr=10.100.0.0/16")
    hit = Hit("error", "10.0.0.10", STANDARD, "must be inside serviceCidr (10.100.0.0/16)")
    check(resolved, "dns-service-ip", "spec.network.dnsServiceIP", hit)


@pytest.mark.parametrize(
    ("service", "refused"),
    [("10.0.0.0/11", True), ("10.0.0.0/12", False), ("10.0.0.0/16", False), ("10.0.0.0/24", False)],
    ids=["/11", "/12", "/16", "/24"],
)
def test_service_range_at_most_a_slash_12(service: str, refused: bool) -> None:
    path = "spec.network.serviceCidr"
    resolved = standard(f"{path}={service}")
    hit = Hit("error", service, f"--set {path}", "the service range may be at most a /12")
    check(resolved, "service-cidr", path, hit if refused else None)


# --------------------------------------------------------------------------- pod range size


def pod_hit(cidr: str, room: int, need: int, layer: str = "--set spec.network.podCidr") -> Hit:
    return Hit(
        "error",
        cidr,
        layer,
        f"holds {room} nodes (one /24 each); pools need {need} with upgrade surge",
    )


@pytest.mark.parametrize(
    ("sets", "hit"),
    [
        # a /16 holds 256 /24s. system: 3 + ceil(3 * 33%) = 3 + ceil(0.99) = 4.
        # user 189 + ceil(189 * 33%) = 189 + ceil(62.37) = 252 -> 256: fits exactly
        pytest.param(
            ["spec.network.podCidr=10.240.0.0/16", "spec.nodePools[user].maxCount=189"],
            None,
            id="256-of-256",
        ),
        # user 190 + ceil(62.7) = 253 -> 257 > 256
        pytest.param(
            ["spec.network.podCidr=10.240.0.0/16", "spec.nodePools[user].maxCount=190"],
            pod_hit("10.240.0.0/16", 256, 257),
            id="257-of-256",
        ),
        # no maxSurge: 10%. user 229 + ceil(22.9) = 252 -> 256
        pytest.param(
            [
                "spec.network.podCidr=10.240.0.0/16",
                "spec.nodePools[user].maxCount=229",
                "spec.nodePools[user].maxSurge=null",
            ],
            None,
            id="256-of-256-default-surge",
        ),
        # user 230 + ceil(23.0) = 253 -> 257
        pytest.param(
            [
                "spec.network.podCidr=10.240.0.0/16",
                "spec.nodePools[user].maxCount=230",
                "spec.nodePools[user].maxSurge=null",
            ],
            pod_hit("10.240.0.0/16", 256, 257),
            id="257-of-256-default-surge",
        ),
        # no podCidr: AKS's 10.244.0.0/16, also 256 nodes
        pytest.param(
            ["spec.network.podCidr=null", "spec.nodePools[user].maxCount=190"],
            pod_hit("10.244.0.0/16", 256, 257, STANDARD),
            id="default-range-257",
        ),
        # standard's own pools: 4 + 20 + ceil(6.6) = 31 nodes; a /24 holds one
        pytest.param(
            ["spec.network.podCidr=10.240.0.0/24"],
            pod_hit("10.240.0.0/24", 1, 31),
            id="slash-24-holds-1",
        ),
        pytest.param(
            ["spec.network.podCidr=10.240.0.0/25"],
            pod_hit("10.240.0.0/25", 0, 31),
            id="slash-25-holds-0",
        ),
        # a /19 holds 32 >= 31
        pytest.param(["spec.network.podCidr=10.240.0.0/19"], None, id="slash-19-holds-32"),
        # a /20 holds 16 < 31
        pytest.param(
            ["spec.network.podCidr=10.240.0.0/20"],
            pod_hit("10.240.0.0/20", 16, 31),
            id="slash-20-holds-16",
        ),
        pytest.param(
            [
                "spec.network.plugin=kubenet",
                "spec.network.pluginMode=null",
                "spec.network.dataplane=azure",
                "spec.network.policy=none",
                "spec.network.podCidr=10.240.0.0/16",
                "spec.nodePools[user].maxCount=190",
            ],
            pod_hit("10.240.0.0/16", 256, 257),
            id="kubenet-257-of-256",
        ),
        pytest.param(
            [
                "spec.network.pluginMode=null",
                "spec.network.dataplane=azure",
                "spec.network.policy=none",
                "spec.network.podCidr=10.240.0.0/24",
            ],
            None,
            id="unused-without-overlay",
        ),
    ],
)
def test_pod_range_size(sets: list[str], hit: Hit | None) -> None:
    check(standard(*sets), "pod-cidr-size", "spec.network.podCidr", hit)


def test_standard_large_pod_range_needs_its_slash_11() -> None:
    # 4992 nodes; surge ceil(6 * 20%) = 2 and 9 x ceil(554 * 10%) = 9 x 56 = 504 -> 5498.
    # The preset's /11 holds 8192; the /12 it inherits from standard holds only 4096.
    assert matching(resolve_preset("standard-large"), "pod-cidr-size", "spec.network.podCidr") == []
    resolved = resolve_preset("standard-large", ["spec.network.podCidr=10.240.0.0/12"])
    hit = pod_hit("10.240.0.0/12", 4096, 5498)
    check(resolved, "pod-cidr-size", "spec.network.podCidr", hit)


# --------------------------------------------------------------------------- subnet sizes

NODE_CIDR = "spec.network.vnet.nodeSubnet.cidr"
NODES_ONLY = "needed for nodes with upgrade surge"
NODES_AND_PODS = "needed for nodes and their pods (Azure CNI gives each pod a subnet address)"
# Azure CNI on the node subnet (no overlay, no pod subnet)
NODE_CNI = [
    "spec.network.pluginMode=null",
    "spec.network.dataplane=azure",
    "spec.network.policy=none",
]
# one small pool: system count 2 + 1 surge = 3 nodes
THREE_NODES = [
    "spec.nodePools[user]=null",
    "spec.nodePools[system].count=2",
    "spec.nodePools[system].maxSurge=1",
]


def node_hit(cidr: str, usable: int, need: int, why: str) -> Hit:
    return Hit(
        "error",
        cidr,
        VNET_LAYER,
        f"has {usable} usable addresses (Azure reserves 5); {need} {why}",
    )


@pytest.mark.parametrize(
    ("sets", "hit"),
    [
        # overlay: nodes only. A /27 has 32 - 5 = 27 usable.
        # system 3 + ceil(0.99) = 4; user 17 + ceil(17 * 33%) = 17 + ceil(5.61) = 23 -> 27
        pytest.param(
            [
                *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/27}}"),
                "spec.nodePools[user].maxCount=17",
            ],
            None,
            id="overlay-27-of-27",
        ),
        # user 18 + ceil(5.94) = 24 -> 28 > 27
        pytest.param(
            [
                *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/27}}"),
                "spec.nodePools[user].maxCount=18",
            ],
            node_hit("10.10.0.0/27", 27, 28, NODES_ONLY),
            id="overlay-28-of-27",
        ),
        # a /29 has 8 - 5 = 3 usable: exactly THREE_NODES
        pytest.param(
            [*vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/29}}"), *THREE_NODES],
            None,
            id="overlay-3-of-3",
        ),
        pytest.param(
            [
                *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/29}}"),
                *THREE_NODES,
                "spec.nodePools[system].maxSurge=2",
            ],
            node_hit("10.10.0.0/29", 3, 4, NODES_ONLY),
            id="overlay-4-of-3",
        ),
        # node-subnet CNI: nodes + nodes x maxPods. A /25 has 128 - 5 = 123 usable.
        # 3 nodes x (1 + 40 pods) = 123
        pytest.param(
            [
                *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/25}}"),
                *NODE_CNI,
                *THREE_NODES,
                "spec.nodePools[system].maxPods=40",
            ],
            None,
            id="cni-123-of-123",
        ),
        # 3 nodes x (1 + 41 pods) = 126 > 123
        pytest.param(
            [
                *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/25}}"),
                *NODE_CNI,
                *THREE_NODES,
                "spec.nodePools[system].maxPods=41",
            ],
            node_hit("10.10.0.0/25", 123, 126, NODES_AND_PODS),
            id="cni-126-of-123",
        ),
        # no maxPods: 30 per node on the node subnet. 3 x (1 + 30) = 93 > 64 - 5 = 59
        pytest.param(
            [
                *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/26}}"),
                *NODE_CNI,
                *THREE_NODES,
                "spec.nodePools[system].maxPods=null",
            ],
            node_hit("10.10.0.0/26", 59, 93, NODES_AND_PODS),
            id="cni-default-max-pods",
        ),
        # with a pod subnet, the node subnet holds only the nodes: 3 of 3 in a /29
        pytest.param(
            [
                *vnet(
                    f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/29}}, "
                    "podSubnet: {cidr: 10.10.64.0/18}"
                ),
                *NODE_CNI,
                *THREE_NODES,
            ],
            None,
            id="cni-pod-subnet-nodes-only",
        ),
        # kubenet: nodes only, like overlay
        pytest.param(
            [
                *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/29}}"),
                "spec.network.plugin=kubenet",
                *NODE_CNI,
                *THREE_NODES,
            ],
            None,
            id="kubenet-nodes-only",
        ),
        # an existing subnet without a cidr cannot be sized
        pytest.param(
            [*vnet(f"nodeSubnet: {{id: {SUBNET_ID}}}"), "spec.nodePools[user].maxCount=1000"],
            None,
            id="existing-subnet-unsized",
        ),
    ],
)
def test_node_subnet_size(sets: list[str], hit: Hit | None) -> None:
    check(standard(*sets), "subnet-size", NODE_CIDR, hit)


POD_SUBNET = "spec.network.vnet.podSubnet.cidr"
# one pool of 1 + 1 surge = 2 nodes, pods from a /24 pod subnet (256 - 5 = 251 usable)
TWO_NODES_POD_SUBNET = [
    *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/24}}, podSubnet: {{cidr: 10.10.1.0/24}}"),
    *NODE_CNI,
    "spec.nodePools[user]=null",
    "spec.nodePools[system].count=1",
    "spec.nodePools[system].maxSurge=1",
]


@pytest.mark.parametrize(
    ("max_pods", "need"),
    [
        # a node takes pod addresses in batches of 16: maxPods rounded up to 16
        ("112", None),  # 2 x 112 = 224
        ("113", 256),  # 2 x 128 = 256 > 251
        ("null", None),  # 110 per node by default -> 112: 2 x 112 = 224
        ("250", 512),  # 2 x 256
    ],
    ids=["224-of-251", "256-of-251", "default-110", "512-of-251"],
)
def test_pod_subnet_size(max_pods: str, need: int | None) -> None:
    resolved = standard(*TWO_NODES_POD_SUBNET, f"spec.nodePools[system].maxPods={max_pods}")
    hit = (
        None
        if need is None
        else Hit(
            "error",
            "10.10.1.0/24",
            VNET_LAYER,
            f"has 251 usable addresses; pods need {need} at maximum size (batches of 16 "
            "addresses per node; https://learn.microsoft.com/azure/aks/"
            "configure-azure-cni-dynamic-ip-allocation \u2020)",
        )
    )
    check(resolved, "subnet-size", POD_SUBNET, hit)


@pytest.mark.parametrize(
    ("plugin_mode", "refused"), [("overlay", True), ("null", False)], ids=["overlay", "no-overlay"]
)
def test_pod_subnet_is_not_used_with_overlay(plugin_mode: str, refused: bool) -> None:
    sets = [
        *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/20}}, podSubnet: {{cidr: 10.10.64.0/18}}"),
        f"spec.network.pluginMode={plugin_mode}",
    ]
    hit = Hit(
        "error",
        None,
        VNET_LAYER,
        "overlay takes pod addresses from podCidr; a pod subnet is not used with it",
    )
    check(standard(*sets), "vnet", "spec.network.vnet.podSubnet", hit if refused else None)


@pytest.mark.parametrize(
    ("cidr", "refused"),
    [("10.10.16.0/27", False), ("10.10.16.0/28", False), ("10.10.16.0/29", True)],
    ids=["/27", "/28", "/29"],
)
def test_api_server_subnet_at_least_a_slash_28(cidr: str, refused: bool) -> None:
    sets = [
        *vnet(f"{SPACE}, nodeSubnet: {{cidr: 10.10.0.0/20}}, apiServerSubnet: {{cidr: {cidr}}}"),
        "spec.apiServer.vnetIntegration=true",
    ]
    path = "spec.network.vnet.apiServerSubnet.cidr"
    hit = Hit("error", cidr, VNET_LAYER, "the API server subnet must be /28 or larger")
    check(standard(*sets), "subnet-size", path, hit if refused else None)


# --------------------------------------------------------------------------- the helper
