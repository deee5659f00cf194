"""Node and address arithmetic the rules and the capacity report share.

Surge, nodes at the pools' largest size, pods they hold, and what a range or subnet
holds. Pure functions of the model; defaults come from presets/defaults.py and limits
from presets/facts.py.
"""

from __future__ import annotations

import ipaddress
import re
from ipaddress import IPv4Network

from . import facts
from .defaults import pool_max_pods
from .model import ClusterDocument, NodePool

SURGE_PATTERN = re.compile(r"^(?:([0-9]{1,9})|([0-9]{1,9})%)$")


def ipv4(cidr: str) -> IPv4Network:
    """An IPv4 range from text the model has already validated."""
    return ipaddress.IPv4Network(cidr)


def parse_surge(text: str) -> tuple[int, bool] | None:
    """`3` -> (3, False); `10%` -> (10, True); anything else -> None."""
    match = SURGE_PATTERN.match(text.strip())
    if match is None:
        return None
    if match.group(1) is not None:
        return int(match.group(1)), False
    return int(match.group(2)), True


def surge_nodes(pool: NodePool) -> int:
    """Extra nodes an upgrade adds to the pool at its largest size."""
    parsed = parse_surge(pool.max_surge) if pool.max_surge else None
    if parsed is None:
        amount, percent = facts.DEFAULT_SURGE_PERCENT.value, True
    else:
        amount, percent = parsed
    if percent:
        return -(-pool.max_nodes * amount // 100)  # ceil in integers: no float overflow
    return amount


def peak_nodes(doc: ClusterDocument) -> int:
    """Most nodes at once: every pool at its max plus its upgrade surge."""
    return sum(pool.max_nodes + surge_nodes(pool) for pool in doc.spec.node_pools)


def cluster_max_pods(doc: ClusterDocument) -> int:
    """Pods the pools can hold at their largest: sum of max nodes x maxPods."""
    return sum(pool.max_nodes * pool_max_pods(doc, pool) for pool in doc.spec.node_pools)


def uses_pod_range(doc: ClusterDocument) -> bool:
    """Overlay and kubenet give pods addresses from podCidr, one /24 per node."""
    network = doc.spec.network
    return network.plugin == "kubenet" or network.plugin_mode == "overlay"


def pod_range_nodes(network: IPv4Network) -> int:
    """Nodes a pod range holds at one /24 per node."""
    prefix = facts.OVERLAY_NODE_PREFIX.value
    if network.prefixlen > prefix:
        return 0
    return int(2 ** (prefix - network.prefixlen))


def usable_addresses(network: IPv4Network) -> int:
    """Addresses left in a subnet after the ones Azure reserves."""
    return max(int(network.num_addresses) - facts.RESERVED_PER_SUBNET.value, 0)
