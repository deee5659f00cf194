"""The capacity report's shapes: usages against limits, per pool, range, egress and pods.

Plain frozen dataclasses; `CapacityReport.to_dict()` is the JSON the CLI prints.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Literal

from pydantic.alias_generators import to_camel

from ..defaults import NetworkMode
from ..findings import Level

EgressKind = Literal["loadBalancer", "natGateway", "other"]

# A limit used above this share (strictly above 80 %, not at it) gets a warning.
NEAR_LIMIT_PERCENT = 80

# Existing rules that already report a limit being exceeded (so it is not reported twice).
COVERED_POOL_MAX = "pool-count"
COVERED_SURGE = "surge-at-max"
COVERED_CLUSTER_NODES = "cluster-nodes"
COVERED_POOLS = "too-many-pools"
COVERED_POD_RANGE = "pod-cidr-size"
COVERED_SUBNET = "subnet-size"
COVERED_FREE_TIER = "free-tier"

CODE_NEAR_LIMIT = "capacity-near-limit"
CODE_SURGE_HEADROOM = "capacity-surge-headroom"
CODE_SNAT_PORTS = "capacity-snat-ports"
CODE_LB_AUTOMATIC = "capacity-lb-automatic-ports"
CODE_PODS = "capacity-pods"
CODE_CONTROL_PLANE = "capacity-control-plane-scaling"
CODE_UPGRADE_AT_MAX = "capacity-upgrade-at-max"
CODE_BATCH_SCALING = "capacity-batch-scaling"


# --------------------------------------------------------------------------- report shapes


@dataclass(frozen=True)
class Usage:
    """`used` of `limit` (in `unit`), and what to report when it is exceeded.

    `covered`: an existing rule already reports exceeding it (its code is `code`), so
    capacity findings only warn when it is close. `checked: False` is shown, not judged.
    """

    name: str
    path: str
    used: int
    limit: int
    unit: str
    source: str
    code: str
    level: Level = "error"
    covered: bool = False
    checked: bool = True
    value: str | int | None = None
    """The setting at `path` a finding shows; None shows `used`."""
    advice: str = ""
    """What to change when the limit is exceeded."""

    @property
    def percent(self) -> float | None:
        """Share of the limit used, one decimal; None for a zero limit with use."""
        if self.limit <= 0:
            return 0.0 if self.used <= 0 else None
        try:
            return round(self.used * 100 / self.limit, 1)
        except OverflowError:  # absurd input (a 400-digit count): other rules refuse it
            return None

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit

    @property
    def near_limit(self) -> bool:
        """Above 80 % of the limit but not past it (integer test, no rounding)."""
        return not self.exceeded and self.used * 100 > self.limit * NEAR_LIMIT_PERCENT

    def describe(self) -> str:
        percent = self.percent
        share = f" ({percent}%)" if percent is not None else ""
        return f"{self.name}: {self.used:,} of {self.limit:,} {self.unit}{share}"

    def to_dict(self) -> dict[str, Any]:
        data = {_camel(f.name): getattr(self, f.name) for f in fields(self)}
        data.update(percent=self.percent, exceeded=self.exceeded, nearLimit=self.near_limit)
        return data


@dataclass(frozen=True)
class Check:
    """A usage at maximum size and, optionally, the same usage with upgrade surge."""

    usage: Usage
    peak: Usage | None = None


@dataclass(frozen=True)
class PoolCapacity:
    name: str
    path: str
    mode: str
    autoscaling: bool
    min_nodes: int
    max_nodes: int
    surge_nodes: int
    max_pods: int
    max_pods_default: bool
    """True when maxPods is unset and Azure's default for the plugin applies."""
    nodes: Usage
    """maxCount (or count) against 1,000 per pool."""
    peak_nodes: Usage
    """max + surge against 1,000 per pool: a VMSS surge past it is rejected
    (facts.SURGE_PAST_POOL_LIMIT)."""


@dataclass(frozen=True)
class NodeReport:
    pools: tuple[PoolCapacity, ...]
    pool_count: Usage
    min_nodes: Usage
    max_nodes: Usage
    peak_nodes: Usage
    auto_provisioned: bool
    """Node auto-provisioning is on: nodes AKS provisions are not counted here."""


@dataclass(frozen=True)
class AddressRange:
    name: str
    path: str
    cidr: str
    addresses: int
    usage: Usage | None
    max_nodes: int | None
    """The largest node count the range allows (with surge counted as nodes); None when the
    range does not bound nodes."""
    ok: bool
    note: str


@dataclass(frozen=True)
class AddressReport:
    mode: NetworkMode
    ranges: tuple[AddressRange, ...]


@dataclass(frozen=True)
class EgressReport:
    outbound_type: str
    kind: EgressKind
    outbound_ips: int | None
    ports_per_ip: int | None
    total_ports: int | None
    ports_per_node: int | None
    """LB: allocatedOutboundPorts, or the default table's value under automatic allocation."""
    automatic: bool
    max_nodes: int
    """Nodes at the pools' maximum size (all of them share the egress)."""
    usage: Usage | None
    peak_usage: Usage | None
    largest_node_count: int | None
    """LB: nodes the ports allow; NAT: nodes at the warning threshold's average."""
    average_ports_per_node: float | None
    note: str


@dataclass(frozen=True)
class PodReport:
    mode: NetworkMode
    default_max_pods: int
    max_pods: int
    """Sum over pools of max nodes x maxPods."""
    usage: Usage | None
    note: str


@dataclass(frozen=True)
class Note:
    """Guidance that applies to this cluster (info). `covered_by`: a rule reports it."""

    code: str
    path: str
    message: str
    source: str
    covered_by: str | None = None


@dataclass(frozen=True)
class CapacityReport:
    nodes: NodeReport
    addresses: AddressReport
    egress: EgressReport
    pods: PodReport
    notes: tuple[Note, ...]

    def checks(self) -> list[Check]:
        """Every judged usage, with its surge counterpart where one exists."""
        out = [Check(pool.nodes, pool.peak_nodes) for pool in self.nodes.pools]
        out.append(Check(self.nodes.pool_count))
        out.append(Check(self.nodes.max_nodes, self.nodes.peak_nodes))
        out.extend(Check(r.usage) for r in self.addresses.ranges if r.usage is not None)
        if self.egress.usage is not None:
            out.append(Check(self.egress.usage, self.egress.peak_usage))
        if self.pods.usage is not None:
            out.append(Check(self.pods.usage))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: camelCase keys, plain lists and numbers."""
        data = _plain(self)
        assert isinstance(data, dict)
        return data


# Spelled as in the spec (`outboundIPs`), not `outboundIps`.
CAMEL_EXCEPTIONS = {"outbound_ips": "outboundIPs", "ports_per_ip": "portsPerIP"}


def _camel(name: str) -> str:
    return CAMEL_EXCEPTIONS.get(name) or to_camel(name)


def _plain(value: Any) -> Any:
    if isinstance(value, Usage):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {_camel(f.name): _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value
