"""Shared helpers of the table-driven rule tests: resolve a case, find its finding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from aks_kit.presets.findings import Finding
from aks_kit.presets.resolve import Resolved, resolve


class Hit(NamedTuple):
    """One expected finding. A `layer` ending in `*` is a prefix (preset line numbers)."""

    level: str
    value: Any
    layer: str
    message: str


def resolve_preset(name: str, sets: Sequence[str] = ()) -> Resolved:
    """`aks-kit presets show NAME --set ...`, in-process."""
    return resolve(preset=name, sets=sets)


def matching(resolved: Resolved, code: str, path: str) -> list[Finding]:
    return [f for f in resolved.findings if f.code == code and f.path == path]


def layer_matches(actual: str, expected: str) -> bool:
    if expected.endswith("*"):
        return actual.startswith(expected[:-1])
    return actual == expected


def check(resolved: Resolved, code: str, path: str, hit: Hit | None) -> None:
    shown = [f.render() for f in resolved.findings]
    # the document validated, so every rule ran (a `None` expectation is not vacuous)
    assert resolved.document is not None, shown
    found = matching(resolved, code, path)
    if hit is None:
        assert found == [], shown
        return
    assert len(found) == 1, shown
    finding = found[0]
    assert finding.level == hit.level
    assert finding.value == hit.value
    assert layer_matches(finding.layer, hit.layer), finding.layer
    assert hit.message in finding.message, finding.message
