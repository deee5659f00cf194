"""Findings: the one shape every rule reports in, and the ways rules build one.

A finding names the layer that set the value it is about, so plan and validate print
`spec.x = v (from layer): message` alike.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from .layering import Provenance

if TYPE_CHECKING:
    from .model import NodePool

POOLS = "spec.nodePools"
SIZE_KEYS = ("count", "minCount", "maxCount", "maxSurge")

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    path: str
    value: Any
    layer: str
    message: str

    def render(self) -> str:
        """`spec.x = v (from layer): message`, the one-line form."""
        return printable(self._render())

    def _render(self) -> str:
        value = format_value(self.value)
        where = f" (from {self.layer})" if self.layer else ""
        if self.path and self.value is not None:
            return f"{self.path} = {value}{where}: {self.message}"
        if self.path:
            return f"{self.path}{where}: {self.message}"
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Escape control characters from user input, so a value cannot steer the terminal."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str | int | float):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level == "error" for f in findings)


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
