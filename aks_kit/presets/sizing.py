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
    """Extra nodes an upgrade adds to the pool at its largest size (none for Spot pools)."""
    if pool.spot:
        return facts.SPOT_NO_SURGE.value
    parsed = parse_surge(pool.max_surge) if pool.max_surge else None
    if parsed is None:
        amount, percent = facts.DEFAULT_SURGE_PERCENT.value, True
    else:
        amount, percent = parsed
    if percent:
        return -(-pool.max_nodes * amount // 100)  # ceil in integers: no float overflow
    return amount


def peak_nodes(doc: ClusterDocument) -> int:
    """Most nodes the pools hold at once: every pool at its max plus its upgrade surge."""
    return sum(pool.max_nodes + surge_nodes(pool) for pool in doc.spec.node_pools)


def planned_nodes(doc: ClusterDocument) -> int:
    """The node count address ranges are judged at: the pools' peak, or what node
    auto-provisioning may grow the cluster to when that is more."""
    return max(peak_nodes(doc), auto_provisioned_nodes(doc))


def auto_provisioned_nodes(doc: ClusterDocument) -> int:
    """With node auto-provisioning AKS adds nodes up to the cluster's limit for its tier; 0
    without it."""
    if doc.spec.node_provisioning.mode != "Auto":
        return 0
    if doc.spec.tier == "free":
        return int(facts.FREE_TIER_MAX_NODES.value)
    return int(facts.NODES_PER_CLUSTER.value)


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


VM_SIZE = re.compile(r"^Standard_([A-Z]+)(\d+)(?:-(\d+))?", re.IGNORECASE)


def vm_vcpus(vm_size: str) -> int | None:
    """vCPUs of an Azure VM size from its name (`Standard_D4ds_v5` -> 4; the constrained
    `Standard_E8-2ds_v5` -> 2); None when the name does not follow the pattern."""
    match = VM_SIZE.match(vm_size)
    if match is None:
        return None
    return int(match.group(3) or match.group(2))


def vm_family(vm_size: str) -> str | None:
    """The size's family letters (`Standard_D4ds_v5` -> D, `Standard_B2ms` -> B)."""
    match = VM_SIZE.match(vm_size)
    return match.group(1).upper() if match else None


def pod_subnet_addresses_per_node(max_pods: int) -> int:
    """Pod-subnet addresses a node may take with dynamic IP allocation: maxPods rounded up to
    whole batches."""
    batch = facts.DYNAMIC_IP_BATCH.value
    return -(-max_pods // batch) * batch
