"""Attribution: building findings that name the layer which set the value they are about.

A finding on one value names the layer that set it (or its nearest parent); a finding on
a total over all pools names the layers that sized the pools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .findings import Finding, Level
from .layering import Provenance

if TYPE_CHECKING:
    from .model import NodePool

POOLS = "spec.nodePools"
SIZE_KEYS = ("count", "minCount", "maxCount", "maxSurge")


def finding_at(
    provenance: Provenance, level: Level, code: str, path: str, value: Any, message: str
) -> Finding:
    """A finding whose layer is the one that set `path` (or its nearest parent)."""
    return Finding(level, code, path, value, provenance.origin_of(path).describe(), message)


def pools_finding(
    provenance: Provenance, level: Level, code: str, value: Any, message: str
) -> Finding:
    """A finding on a node total of all pools: it names the layers that sized the pools
    (counts and surge), not the one that first wrote the list."""
    sizing = provenance.layers_setting(POOLS, SIZE_KEYS)
    layer = ", ".join(sizing) if sizing else provenance.origin_of(POOLS).describe()
    return Finding(level, code, POOLS, value, layer, message)


def pool_path(pool: NodePool, key: str | None = None) -> str:
    """`spec.nodePools[web]`, or with a key `spec.nodePools[web].maxCount`."""
    base = f"{POOLS}[{pool.name}]"
    return f"{base}.{key}" if key else base
