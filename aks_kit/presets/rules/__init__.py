"""Rules over a validated spec. Each rule is one function yielding findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument

Rule = Callable[[ClusterDocument, Provenance], Iterable[Finding]]


def all_rules() -> list[Rule]:
    from .. import capacity
    from . import automatic, limits, networks

    return [*automatic.RULES, *limits.RULES, *networks.RULES, *capacity.RULES]


def run_rules(document: ClusterDocument, provenance: Provenance) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        findings.extend(rule(document, provenance))
    return findings
