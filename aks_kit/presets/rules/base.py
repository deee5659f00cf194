"""Small helpers the rules share: building findings and the node arithmetic."""

from __future__ import annotations

import re
from typing import Any

from ..findings import Finding, Level
from ..layering import Provenance
from ..model import NodePool

# Azure's API text gives 10% as the default surge; the rolling-upgrade doc says one node
# (aks-facts §5.1, a conflict). Planning with 10% is the larger, safer reserve at scale.
DEFAULT_SURGE_PERCENT = 10
SURGE_PATTERN = re.compile(r"^(?:([0-9]{1,9})|([0-9]{1,9})%)$")


POOLS = "spec.nodePools"
SIZE_KEYS = ("count", "minCount", "maxCount", "maxSurge")


def emit(
    provenance: Provenance, level: Level, code: str, path: str, value: Any, message: str
) -> Finding:
    """A finding whose layer is the one that set `path` (or its nearest parent)."""
    return Finding(level, code, path, value, provenance.origin_of(path).describe(), message)


def emit_total(
    provenance: Provenance, level: Level, code: str, value: Any, message: str
) -> Finding:
    """A finding on a node total of all pools: it names the layers that sized the pools
    (counts and surge), not the one that first wrote the list."""
    sizing = provenance.layers_setting(POOLS, SIZE_KEYS)
    layer = ", ".join(sizing) if sizing else provenance.origin_of(POOLS).describe()
    return Finding(level, code, POOLS, value, layer, message)


def pool_path(pool: NodePool, key: str | None = None) -> str:
    base = f"spec.nodePools[{pool.name}]"
    return f"{base}.{key}" if key else base


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
        amount, percent = DEFAULT_SURGE_PERCENT, True
    else:
        amount, percent = parsed
    if percent:
        return -(-pool.max_nodes * amount // 100)  # ceil in integers: no float overflow
    return amount
