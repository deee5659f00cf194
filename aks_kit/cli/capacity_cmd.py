"""`aks-kit capacity`: the numbers to check before a big rollout (nodes, IPs, egress, pods)."""

from __future__ import annotations

from typing import Any

import typer

from aks_kit.errors import EXIT_INVALID, Reported, SpecInvalid

from .application import Application, application
from .options import FileOpt, LocationOpt, NameOpt, OutputOpt, PresetDirOpt, PresetOpt, SetOpt
from .output import Format


def capacity(
    ctx: typer.Context,
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """Capacity at maximum size: limits used, largest node counts, egress ports, pods."""
    app = application(ctx)
    from aks_kit.presets.capacity.compute import capacity_report

    from .inputs import SpecInputs
    from .output import findings_table

    inputs = SpecInputs("capacity", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet()
    if fleet is not None:
        fleet_capacity(app, fleet, output)
        return
    resolved = inputs.resolve()
    if resolved.document is None:
        raise SpecInvalid(resolved.findings)
    report = capacity_report(resolved.document)
    data = {
        "name": resolved.document.metadata.name,
        **report.to_dict(),
        "findings": [f.to_dict() for f in resolved.findings],
    }

    def table() -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        grid = Table("CHECK", "USED", "LIMIT", "%", "", box=None, pad_edge=False)
        for check in report.checks():
            for usage in (check.usage, check.peak):
                if usage is None:
                    continue
                mark = "over" if usage.exceeded else ("near" if usage.near_limit else "ok")
                style = {"over": "red", "near": "yellow", "ok": "green"}[mark]
                percent = "-" if usage.percent is None else f"{usage.percent:g}"
                grid.add_row(
                    Text(usage.name),
                    Text(f"{usage.used:,} {usage.unit}"),
                    Text(f"{usage.limit:,}"),
                    Text(percent),
                    Text(mark, style=style),
                )
        ranges = Table("RANGE", "CIDR", "ADDRESSES", "LARGEST NODE COUNT", box=None, pad_edge=False)
        for item in report.addresses.ranges:
            ranges.add_row(
                Text(item.name),
                Text(item.cidr),
                Text(f"{item.addresses:,}"),
                Text("-" if item.max_nodes is None else f"{item.max_nodes:,}"),
            )
        egress = report.egress
        lines: list[Any] = [grid, ranges]
        numbers = []
        if egress.total_ports is not None:
            numbers.append(f"{egress.total_ports:,} SNAT ports")
        if egress.average_ports_per_node is not None:
            numbers.append(f"{egress.average_ports_per_node:,.1f} per node at maximum size")
        if egress.ports_per_node is not None:
            numbers.append(f"{egress.ports_per_node:,} ports per node")
        summary = ", ".join(numbers)
        lines.append(Text(f"egress ({egress.outbound_type}): {summary}".rstrip(": ")))
        if egress.note:
            lines.append(Text(f"  {egress.note}"))
        # a note that is also a finding is said once, as the finding
        said = {f.message for f in resolved.findings}
        lines += [Text(f"note: {n.message}") for n in report.notes if n.message not in said]
        lines += findings_table(resolved.findings)
        return lines

    app.emit(data, output, table)
    if not resolved.ok:
        raise Reported(EXIT_INVALID)


def fleet_capacity(app: Application, fleet: Any, output: Format) -> None:
    """Each member's capacity at maximum size, and the fleet's totals."""
    from aks_kit.presets.capacity.compute import capacity_report

    members = []
    for member in fleet.members:
        doc = member.document
        if doc is None:
            members.append({"name": member.name, "stack": member.stack, "valid": False})
            continue
        report = capacity_report(doc).to_dict()
        members.append(
            {
                "name": member.name,
                "stack": member.stack,
                "location": doc.metadata.location,
                "valid": True,
                **report,
            }
        )
    valid = [m for m in members if m["valid"]]
    totals = {
        "members": len(members),
        "maxNodes": sum(m["nodes"]["maxNodes"]["used"] for m in valid),
        "peakNodes": sum(m["nodes"]["peakNodes"]["used"] for m in valid),
        "maxPods": sum(m["pods"]["maxPods"] for m in valid),
        "regions": sorted({m["location"] for m in valid}),
    }
    findings = [{"stack": fleet.name, **f.to_dict()} for f in fleet.findings] + [
        {"stack": m.stack, **f.to_dict()} for m in fleet.members for f in m.resolved.findings
    ]
    data = {"fleet": fleet.name, "totals": totals, "members": members, "findings": findings}

    def table() -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        grid = Table(
            "MEMBER",
            "LOCATION",
            "MAX NODES",
            "WITH SURGE",
            "PODS",
            "EGRESS PORTS",
            box=None,
            pad_edge=False,
        )
        for m in valid:
            ports = m["egress"]["totalPorts"]
            grid.add_row(
                Text(m["name"]),
                Text(m["location"]),
                Text(f"{m['nodes']['maxNodes']['used']:,}"),
                Text(f"{m['nodes']['peakNodes']['used']:,}"),
                Text(f"{m['pods']['maxPods']:,}"),
                Text("-" if ports is None else f"{ports:,}"),
            )
        from aks_kit.presets.counts import count

        from .output import grouped_findings

        summary = Text(
            f"fleet {fleet.name}: {count(totals['members'], 'member')} in "
            f"{count(len(totals['regions']), 'region')}, up to "
            f"{count(totals['maxNodes'], 'node')} ({totals['peakNodes']:,} with upgrade "
            f"surge) and {count(totals['maxPods'], 'pod')}"
        )
        stacked = [(fleet.name, f) for f in fleet.findings] + [
            (m.name, f) for m in fleet.members for f in m.resolved.findings
        ]
        return [grid, summary, *grouped_findings(stacked, ("error", "warning"))]

    app.emit(data, output, table)
    if not fleet.ok:
        raise Reported(EXIT_INVALID)
