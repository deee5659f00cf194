"""Azure's limits and defaults that the rules and the capacity report rely on, as records.

Each fact has its value, its unit, a public source (a Microsoft Learn page or the
Microsoft.ContainerService REST API spec) and `confirmed`: whether that source states the
value itself. An unconfirmed fact is an inference or a point where sources disagree;
anything built on it says so (`Fact.cite()` appends UNCONFIRMED), and a limit that rests
on one is reported as a warning, never an error. Rules and capacity take values and
sources from here, so a changed limit is changed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

UNCONFIRMED_MARK = "\u2020"
"""Marks a source that does not state the value in words; outputs explain it once."""
UNCONFIRMED_LEGEND = (
    f"{UNCONFIRMED_MARK} not confirmed: the linked source does not state this in words; "
    "aks-kit relies on it as the best public reading"
)

LEARN = "https://learn.microsoft.com/azure"
QUOTAS = f"{LEARN}/aks/quotas-skus-regions"
TIERS = f"{LEARN}/aks/free-standard-pricing-tiers"
LARGE = f"{LEARN}/aks/best-practices-performance-scale-large"
ROLLING_UPGRADE = f"{LEARN}/aks/upgrade-aks-node-pools-rolling"
OVERLAY = f"{LEARN}/aks/concepts-network-azure-cni-overlay"
IP_PLANNING = f"{LEARN}/aks/concepts-network-ip-address-planning"
API_SERVER_VNET = f"{LEARN}/aks/api-server-vnet-integration"
LONG_TERM_SUPPORT = f"{LEARN}/aks/long-term-support"
NAT_GATEWAY = f"{LEARN}/aks/nat-gateway"
LB_OUTBOUND = f"{LEARN}/load-balancer/load-balancer-outbound-connections"
VNET_FAQ = f"{LEARN}/virtual-network/virtual-networks-faq"
TAGS = f"{LEARN}/azure-resource-manager/management/tag-resources#limits"
REST_SPEC = (
    "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/containerservice/"
    "resource-manager/Microsoft.ContainerService/aks/stable/2026-08-01/managedClusters.json"
)


@dataclass(frozen=True)
class Fact(Generic[T]):
    """One documented value: what it is, in which unit, where it is stated."""

    value: T
    unit: str
    source: str
    confirmed: bool = True
    note: str = ""
    """Why an unconfirmed fact is used anyway, or how sources disagree."""

    def cite(self) -> str:
        """The source as findings show it; an unconfirmed fact carries the mark the output's
        legend explains once (`findings.UNCONFIRMED_MARK`)."""
        return self.source if self.confirmed else f"{self.source} {UNCONFIRMED_MARK}"


def cite(*facts: Fact[Any]) -> str:
    """Several facts' sources, once each, in order."""
    return "; ".join(dict.fromkeys(fact.cite() for fact in facts))


# --------------------------------------------------------------------------- node pools

POOL_NAME_MAX = Fact(12, "characters", REST_SPEC)
WINDOWS_POOL_NAME_MAX = Fact(6, "characters", f"{LEARN}/aks/windows-faq")
NODES_PER_POOL = Fact(1000, "nodes per pool", QUOTAS)
POOLS_PER_CLUSTER = Fact(100, "pools per cluster", QUOTAS)
PODS_PER_NODE_MIN = Fact(10, "pods per node", IP_PLANNING)
PODS_PER_NODE_MAX = Fact(250, "pods per node", QUOTAS)
DEFAULT_SURGE_PERCENT = Fact(
    10,
    "% of the pool",
    REST_SPEC,
    confirmed=False,
    note="the API text gives 10%; the rolling-upgrade page says one node. Planning with "
    "10% is the larger, safer reserve at scale",
)
SURGE_PAST_POOL_LIMIT = Fact(
    1000, "nodes per pool (with surge)", ROLLING_UPGRADE, note="a surge past it is rejected"
)

# --------------------------------------------------------------------------- cluster

NODES_PER_CLUSTER = Fact(5000, "nodes per cluster", QUOTAS)
FREE_TIER_MAX_NODES = Fact(1000, "nodes on the free tier", TIERS)
FREE_TIER_RECOMMENDED = Fact(10, "nodes on the free tier", TIERS)
KUBENET_MAX_NODES = Fact(400, "nodes with kubenet", OVERLAY)
AZURE_NPM_MAX_NODES = Fact(250, "nodes with Azure network policy manager", LARGE)
LTS_NEEDS_PREMIUM = Fact(
    "AKSLongTermSupport",
    "support plan",
    LONG_TERM_SUPPORT,
    confirmed=False,
    note="the page requires Premium for LTS; the enum value was not read from the API spec",
)
PODS_PER_CLUSTER_OVERLAY = Fact(200_000, "pods per cluster", LARGE)
PODS_PER_CLUSTER_DYNAMIC_IP = Fact(50_000, "pods per cluster", LARGE)

# --------------------------------------------------------------------------- large clusters

CONTROL_PLANE_SCALING = Fact(15, "minutes of API-server latency while it scales", LARGE)
UPGRADE_SCALE_DOWN_TO = Fact(3000, "nodes", LARGE)
BATCH_NODES = Fact((500, 700), "nodes per manual scaling batch", LARGE)
BATCH_WAIT_MINUTES = Fact((2, 5), "minutes between batches", LARGE)

# --------------------------------------------------------------------------- addresses

DEFAULT_POD_CIDR = Fact("10.244.0.0/16", "CIDR", REST_SPEC)
OVERLAY_NODE_PREFIX = Fact(24, "prefix length per node", OVERLAY)
RESERVED_PER_SUBNET = Fact(5, "addresses per subnet", VNET_FAQ)
API_SERVER_SUBNET_PREFIX = Fact(28, "prefix length, at most", API_SERVER_VNET)
SERVICE_CIDR_PREFIX = Fact(12, "prefix length, at least", IP_PLANNING)
RESERVED_RANGES = Fact(
    ("169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"), "CIDRs", IP_PLANNING
)
DEFAULT_MAX_PODS = Fact(
    {"overlay": 250, "pod-subnet": 110, "node-subnet": 30, "kubenet": 110, "none": 110},
    "pods per node by network mode",
    IP_PLANNING,
    note="kubenet is 110 from the CLI and ARM (30 from the portal); aks-kit sends ARM. "
    "Bring-your-own CNI (none) has no AKS default: 110 is assumed",
)

# --------------------------------------------------------------------------- egress

LB_PORTS_PER_IP = Fact(64_000, "SNAT ports per outbound IP", LB_OUTBOUND)
LB_DEFAULT_PORT_TABLE = Fact(
    ((50, 1024), (100, 512), (200, 256), (400, 128), (800, 64), (1000, 32)),
    "(backend instances up to, ports per node)",
    f"{LB_OUTBOUND}#preallocatedports",
)
LB_AUTOMATIC_MAX_PORTS = Fact(1024, "ports per node", f"{LB_OUTBOUND}#preallocatedports")
LB_AUTOMATIC_MAX_NODES = Fact(
    1000,
    "nodes with automatic SNAT port allocation",
    f"{LB_OUTBOUND}#preallocatedports",
    confirmed=False,
    note="inferred from the default port table ending at 1,000 instances",
)
NAT_PORTS_PER_IP = Fact(64_512, "SNAT ports per outbound IP", NAT_GATEWAY)
NAT_MAX_IPS = Fact(16, "outbound IPs", NAT_GATEWAY)
NAT_MIN_AVERAGE_PORTS = Fact(
    64,
    "SNAT ports per node, on average",
    NAT_GATEWAY,
    confirmed=False,
    note="NAT gateway docs give no per-node figure; 64 is what the load balancer's default "
    "table pre-allocates at 401-800 instances",
)

# --------------------------------------------------------------------------- system and spot pools

SYSTEM_POOLS = f"{LEARN}/aks/use-system-pools"
SYSTEM_POOL_MIN_NODES = Fact(
    2,
    "nodes in a system pool",
    SYSTEM_POOLS,
    note="the page asks for at least two (three for production); ARM itself accepts one",
)
SYSTEM_POOL_MIN_PODS = Fact(30, "pods per node in a system pool", SYSTEM_POOLS)
SYSTEM_POOL_MIN_VCPUS = Fact(4, "vCPUs per system node", SYSTEM_POOLS)
SYSTEM_POOL_MIN_MEMORY_GB = Fact(4, "GB of memory per system node", SYSTEM_POOLS)
SPOT_NO_SURGE = Fact(
    0,
    "surge nodes on a Spot pool",
    f"{LEARN}/aks/spot-node-pool",
    confirmed=False,
    note="Spot pools are upgraded without surge nodes; the page's limitation list was not "
    "seen to say so in words",
)
WINDOWS_2019_RETIRED = Fact(
    "1.33",
    "first Kubernetes version without Windows Server 2019 pools",
    "https://github.com/Azure/AKS/releases/tag/2026-05-29",
    note="Windows Server 2019 retired on March 1, 2026; no new node pools on 1.33+",
)

# --------------------------------------------------------------------------- pod subnets

DYNAMIC_IP_BATCH = Fact(
    16,
    "pod addresses a node takes at a time",
    f"{LEARN}/aks/configure-azure-cni-dynamic-ip-allocation",
    confirmed=False,
    note="nodes take pod-subnet addresses in batches of 16; the page itself was not read in full",
)

# --------------------------------------------------------------------------- requests ARM checks

MAINTENANCE_INTERVAL_MAX = Fact(
    {"daily": 7, "weekly": 4, "absoluteMonthly": 6, "relativeMonthly": 6},
    "largest interval (days, weeks or months)",
    REST_SPEC,
    confirmed=False,
    note="intervalWeeks 1-4 and intervalMonths 1-6 are the spec's bounds; intervalDays 1-7 "
    "was not read from the spec",
)
IMAGE_CLEANER_HOURS = Fact(
    (24, 2160),
    "hours between image cleaner runs",
    f"{LEARN}/aks/image-cleaner",
    note="ARM templates must send intervalHours; the CLI's default is 168 (one week)",
)
IMAGE_CLEANER_DEFAULT_HOURS = Fact(168, "hours", f"{LEARN}/aks/image-cleaner")
FLEET_DNS_PREFIX_MAX = Fact(
    54,
    "characters",
    "https://github.com/Azure/azure-rest-api-specs/tree/main/specification/containerservice/"
    "resource-manager/Microsoft.ContainerService/fleet",
    confirmed=False,
    note="hubProfile.dnsPrefix: 1-54 letters, digits and hyphens, create-only; the length was "
    "read from the managed cluster's dnsPrefix rule, the same pattern",
)
UDR_DEFAULT_ROUTE = Fact(
    "0.0.0.0/0",
    "route to a next hop",
    f"{LEARN}/aks/egress-udr",
    note="userDefinedRouting needs the cluster subnet to have a route table with a default "
    "route to a firewall or appliance",
)

# --------------------------------------------------------------------------- behaviour

LOCALDNS_PREFERRED = Fact(
    "Required",
    "LocalDNS mode for production",
    f"{LEARN}/aks/localdns-custom",
    note="Preferred validates the configuration without enabling LocalDNS",
)
ZONE_BALANCING = Fact(
    1,
    "zone per autoscaled pool with balance-similar-node-groups",
    f"{LEARN}/aks/cluster-autoscaler-overview",
    confirmed=False,
    note="the autoscaler balances similar pools, one per zone; a pool spanning zones is "
    "balanced by the scale set on a best-effort basis only",
)
APP_ROUTING_GATEWAY_FROM = Fact(
    "1.36",
    "Kubernetes version from which new AKS Automatic clusters use Gateway API",
    f"{LEARN}/aks/app-routing-gateway-api",
    confirmed=False,
    note="managed NGINX stops getting Azure support after November 2026 (confirmed); the "
    "1.36 switch for Automatic comes from the AKS release notes, not this page",
)
CILIUM_IPAM = Fact(
    ("overlay", "pod-subnet", "node-subnet"),
    "IPAM modes for the Cilium dataplane",
    f"{LEARN}/aks/azure-cni-powered-by-cilium",
    confirmed=False,
    note="overlay and pod-subnet are documented; node-subnet support was not seen on the page "
    "itself",
)


# --------------------------------------------------------------------------- every resource

TAGS_PER_RESOURCE = Fact(50, "tags per resource", TAGS)
TAG_NAME_MAX = Fact(512, "characters in a tag name", TAGS)
TAG_VALUE_MAX = Fact(256, "characters in a tag value", TAGS)
