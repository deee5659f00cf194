"""Capacity findings: errors for limits exceeded, warnings when close or when surge passes.

It adds only what the rules in presets/rules do not already report: those rules own the
errors for pool and cluster node counts, surge at the limits, pod range and subnet sizes
(their `Usage` is marked `covered`), and this adds SNAT/egress, pods per cluster,
near-limit warnings (above 80 %) and the control-plane guidance for large clusters.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import facts
from ..attribution import POOLS, finding_at, pools_finding
from ..facts import cite
from ..findings import Finding, Level
from ..layering import Provenance
from ..model import ClusterDocument
from .compute import capacity_report
from .report import (
    CODE_NEAR_LIMIT,
    CODE_SNAT_PORTS,
    CODE_SURGE_HEADROOM,
    NEAR_LIMIT_PERCENT,
    Check,
    EgressReport,
    Usage,
)

NAT_MAX_IPS = facts.NAT_MAX_IPS.value
NAT_MIN_AVERAGE_PORTS = facts.NAT_MIN_AVERAGE_PORTS.value
NAT_PORTS_PER_IP = facts.NAT_PORTS_PER_IP.value


def capacity_findings(doc: ClusterDocument, provenance: Provenance) -> list[Finding]:
    """Errors for limits exceeded, warnings when close or when surge passes a limit.

    Limits an existing rule already reports (`Usage.covered`) only get near-limit warnings.
    """
    report = capacity_report(doc)
    findings: list[Finding] = []
    for check in report.checks():
        findings.extend(_judge(check, provenance))
    findings.extend(_nat(report.egress, provenance))
    for note in report.notes:
        if note.covered_by is None:
            findings.append(
                finding_at(provenance, "info", note.code, note.path, None, note.message)
            )
    return findings


def _judge(check: Check, provenance: Provenance) -> Iterator[Finding]:
    usage, peak = check.usage, check.peak
    if not usage.checked:
        return
    if usage.exceeded:
        if not usage.covered:
            what = "exceeds the limit" + (f"; {usage.advice}" if usage.advice else "")
            yield _usage_finding(provenance, usage.level, usage.code, usage, what)
        return
    if peak is not None and peak.exceeded:
        if not peak.covered:
            yield _usage_finding(
                provenance,
                "warning",
                CODE_SURGE_HEADROOM,
                peak,
                "the limit holds at maximum size but not with upgrade surge; "
                "upgrades at maximum size may fail",
            )
        return
    shown = peak if peak is not None and peak.checked else usage
    if shown.near_limit:
        yield _usage_finding(
            provenance,
            "warning",
            CODE_NEAR_LIMIT,
            shown,
            f"above {NEAR_LIMIT_PERCENT}% of the limit",
        )


def _usage_finding(
    provenance: Provenance, level: Level, code: str, usage: Usage, what: str
) -> Finding:
    value = usage.value if usage.value is not None else usage.used
    message = f"{usage.describe()}: {what} ({usage.source})"
    if usage.path == POOLS:  # a total over all pools: the layers that sized them
        return pools_finding(provenance, level, code, value, message)
    return finding_at(provenance, level, code, usage.path, value, message)


def nat_ports_short(egress: EgressReport) -> bool:
    """NAT SNAT ports average under the threshold at max size (exact, before rounding)."""
    total, nodes = egress.total_ports, egress.max_nodes
    if egress.kind != "natGateway" or total is None or nodes <= 0:
        return False
    return total < NAT_MIN_AVERAGE_PORTS * nodes


def _nat(egress: EgressReport, provenance: Provenance) -> Iterator[Finding]:
    total, ips, nodes = egress.total_ports, egress.outbound_ips, egress.max_nodes
    if not nat_ports_short(egress) or total is None or ips is None:
        return
    advice = (
        f"add outbound IPs (up to {NAT_MAX_IPS})"
        if ips < NAT_MAX_IPS
        else f"already at {NAT_MAX_IPS} IPs: lower maxCount or spread over more clusters"
    )
    yield finding_at(
        provenance,
        "warning",
        CODE_SNAT_PORTS,
        "spec.network.natGateway.outboundIPs",
        ips,
        f"{total:,} SNAT ports ({ips} IPs x {NAT_PORTS_PER_IP:,}) average "
        f"{total / nodes:,.2f} per node at {nodes:,} nodes, under {NAT_MIN_AVERAGE_PORTS} "
        f"(a threshold no source confirms); {advice} ({cite(facts.NAT_PORTS_PER_IP)})",
        because=[POOLS],
    )
