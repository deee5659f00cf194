"""Attribution: building findings that name the layer which set the value they are about.

A finding on one value names the layer that set it (or its nearest parent); a finding on
a total over all pools names the layers that sized the pools.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .findings import Finding, Level
from .layering import Provenance

if TYPE_CHECKING:
    from .model import NodePool

POOLS = "spec.nodePools"
SIZE_KEYS = ("count", "minCount", "maxCount", "maxSurge")


def finding_at(
    provenance: Provenance,
    level: Level,
    code: str,
    path: str,
    value: Any,
    message: str,
    *,
    because: Sequence[str] = (),
) -> Finding:
    """A finding whose layer is the one that set `path` (or its nearest parent).

    `because` lists the other values the rule combines with `path` (`spec.nodePools` means
    the pools' sizes): when a later layer set
    one of them (the user's `--set spec.network.plugin=kubenet` against the preset's
    overlay mode), the finding names that layer first, and the value it set, so it points
    at the change that caused it rather than at the preset that set the untouched value.
    """
    own = provenance.origin_of(path)
    if because:
        paths = [path]
        for other in because:  # the pools' sizes stand for "the node count"
            paths += provenance.paths_setting(POOLS, SIZE_KEYS) if other == POOLS else [other]
        cause, origin = provenance.latest(paths)
        if cause != path and origin.layer != own.layer and _not_users(own.layer):
            layer = f"{origin.describe()}, with {_leaf(path)} from {own.describe()}"
            return Finding(level, code, path, value, layer, message)
    return Finding(level, code, path, value, own.describe(), message)


def _not_users(layer: str) -> bool:
    """A preset's value or a default: one the user did not touch in this run."""
    return layer == "default" or layer.startswith("preset:")


def _leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1]


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
