"""How a plan reads: a table for terminals, Markdown for pull requests, Mermaid for diagrams."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aks_kit.stacks.resource_types import short_type_name

if TYPE_CHECKING:
    from rich.console import RenderableType

    from aks_kit.presets.findings import Finding
    from aks_kit.stacks.plan import FleetPlan, Plan
    from aks_kit.stacks.rendered import Rendered

    from .tables import NameTable


def short_type(resource: Rendered) -> str:
    """`agentPools` or `Subnet`: enough to tell resources apart."""
    generic = resource.type == "azure-native:resources:Resource"
    return short_type_name(resource.arm_type if generic else resource.type)


def key_settings(resource: Rendered) -> str:
    inputs = resource.inputs
    props: dict[str, Any] = inputs.get("properties") or {}
    arm = resource.arm_type
    if arm == "Microsoft.ContainerService/managedClusters":
        net = props.get("networkProfile", {})
        parts = [
            f"{inputs['sku']['name']}/{inputs['sku']['tier']}",
            f"k8s {props.get('kubernetesVersion', 'default')}",
            "/".join(
                str(net[k])
                for k in ("networkPlugin", "networkPluginMode", "networkDataplane")
                if k in net
            ),
            f"egress {net.get('outboundType')}",
            *(
                f"inline pool {p['name']} {p['vmSize']} x {_pool_size(p)}"
                for p in props.get("agentPoolProfiles", [])
            ),
        ]
        return ", ".join(p for p in parts if p)
    if arm.endswith("/agentPools"):
        zones = ",".join(props.get("availabilityZones", [])) or "-"
        return f"{props.get('mode')} {props.get('vmSize')} x {_pool_size(props)}, zones {zones}"
    if arm.endswith("/maintenanceConfigurations"):
        schedule = (props.get("maintenanceWindow") or {}).get("schedule") or {}
        return ", ".join(sorted(schedule)) or ""
    if "roleDefinitionId" in inputs:
        role = str(inputs["roleDefinitionId"]).rsplit("/", 1)[-1]
        from aks_kit.stacks.resource_types import ROLE_NAMES

        return f"{ROLE_NAMES.get(role, role)} for {inputs.get('principalType', '')}"
    for key in ("addressPrefix", "location"):
        if key in inputs:
            return str(inputs[key])
    return ""


def _pool_size(props: dict[str, Any]) -> str:
    """`2-20 (autoscale)` or `3`: a pool's size, inline or its own resource alike."""
    if props.get("enableAutoScaling"):
        return f"{props.get('minCount'):,}-{props.get('maxCount'):,} (autoscale)"
    return f"{props.get('count'):,}" if isinstance(props.get("count"), int) else "-"


def resources_table(resources: list[Rendered]) -> NameTable:
    """TYPE, NAME (the name Azure gives it) and SETTINGS; names are never cut."""
    from aks_kit.stacks.rendered import azure_names

    from .tables import Column, NameTable

    names = azure_names(resources)
    grid = NameTable(
        [Column("TYPE", name=True), Column("NAME", name=True), Column("SETTINGS")], lead=1
    )
    for resource in resources:
        grid.add_row(
            short_type(resource), names[resource.name] or "(generated)", key_settings(resource)
        )
    return grid


def plan_table(plan: Plan) -> list[RenderableType]:
    """The resources, findings and summary; a plan with errors shows only what is wrong."""
    from rich.text import Text

    from aks_kit.presets.counts import count
    from aks_kit.stacks.plan import summarize

    from .output import findings_table

    summary = summarize(plan)
    if plan.blocked:
        errors = [f for f in plan.findings if f.level == "error"]
        return [
            *findings_table(errors),
            Text(
                f"{count(summary.errors, 'error')}, {count(summary.warnings, 'warning')}: "
                "the plan shows its resources once the errors are fixed"
            ),
        ]
    out: list[RenderableType] = []
    if plan.rendered is not None:
        out.append(resources_table(plan.rendered.resources))
    out.extend(findings_table(plan.findings))
    out.append(Text(summary.line()))
    return out


def plan_markdown(plan: Plan) -> str:
    """Summary first, then findings and resources: fits a pull-request comment."""
    from aks_kit.stacks.plan import summarize

    name = plan.resolved.data.get("metadata", {}).get("name", "cluster")
    summary = summarize(plan)
    status = "blocked" if plan.blocked else "ok"
    lines = [f"### aks-kit plan: `{name}` ({status})", "", summary.line(), ""]
    if plan.findings:
        lines += ["| level | path | value | from | message |", "|---|---|---|---|---|"]
        for f in plan.findings:
            value = "" if f.value is None else f"`{cell(str(f.value))}`"
            lines.append(
                f"| {f.level} | `{f.path}` | {value} | {cell(f.layer)} | {cell(f.message)} |"
            )
        lines.append("")
    if plan.rendered is not None:
        lines += [
            "<details><summary>Resources</summary>",
            "",
            "| type | name | settings |",
            "|---|---|---|",
        ]
        for resource in plan.rendered.resources:
            lines.append(
                f"| {short_type(resource)} | `{resource.name}` | {cell(key_settings(resource))} |"
            )
        lines += ["", "</details>"]
    lines += ["", footer(aks_kit_version())]
    return "\n".join(lines) + "\n"


def aks_kit_version() -> str:
    from aks_kit import __version__

    return __version__


def footer(version: str, base_version: str | None = None) -> str:
    """Which aks-kit made the plan (and the base plan it was compared with, if different)."""
    text = f"planned with aks-kit {version}"
    if base_version is None:
        text += "; the base plan does not say which aks-kit made it"
    elif base_version != version:
        text += f"; the base plan with aks-kit {base_version}"
    return f"<sub>{text}</sub>"


def findings_rows(rows: Sequence[tuple[str | None, Finding]]) -> list[str]:
    """Errors, then warnings, as a Markdown table (a stack column when findings have one)."""
    ordered = sorted(rows, key=lambda row: 0 if row[1].level == "error" else 1)
    stacked = any(stack for stack, _ in ordered)
    head = (
        "| level | stack | path | message | from |"
        if stacked
        else ("| level | path | message | from |")
    )
    lines = [head, "|---" * head.count(" | ") + "|---|"]
    for stack, f in ordered:
        where = f"`{cell(stack or '')}` | " if stacked else ""
        lines.append(
            f"| {f.level} | {where}`{cell(f.path)}` | {cell(f.message)} | {cell(f.layer)} |"
        )
    return lines


def plan_mermaid(plan: Plan) -> str:
    """The resources and their dependencies as a Mermaid flowchart (GitHub renders it)."""
    lines = ["flowchart TD"]
    if plan.rendered is None:
        return "\n".join(lines) + "\n"
    ids = {r.name: f"r{i}" for i, r in enumerate(plan.rendered.resources)}
    for resource in plan.rendered.resources:
        label = f"{resource.name}<br/><small>{short_type(resource)}</small>"
        lines.append(f'  {ids[resource.name]}["{label}"]')
    for resource in plan.rendered.resources:
        for dep in resource.depends_on:
            if dep in ids:
                lines.append(f"  {ids[dep]} --> {ids[resource.name]}")
    return "\n".join(lines) + "\n"


def cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, one line."""
    return text.replace("|", "\\|").replace("\n", " ")


def _fleet_totals(plan: FleetPlan) -> str:
    members = plan.fleet.members
    nodes = sum(m.document.spec.pool_nodes()[1] for m in members if m.document is not None)
    regions = sorted({m.document.metadata.location for m in members if m.document is not None})
    resources = sum(len(s.resources) for s in plan.stacks)
    findings = [f for _, f in plan.findings()]
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    from aks_kit.presets.counts import count

    return (
        f"fleet {plan.fleet.name}: {count(len(members), 'member')} in "
        f"{count(len(regions), 'region')}, up to {count(nodes, 'node')} in pools, "
        f"{count(len(plan.stacks), 'stack')}, {count(resources, 'resource')}; "
        f"{count(errors, 'error')}, {count(warnings, 'warning')}"
    )


def fleet_table(plan: FleetPlan) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    grid = Table(
        "STACK", "MEMBER", "GROUP", "LOCATION", "RESOURCES", "MAX NODES", box=None, pad_edge=False
    )
    members = {m.name: m for m in plan.fleet.members}
    for stack in plan.stacks:
        member = members.get(stack.member or "")
        doc = member.document if member else None
        grid.add_row(
            Text(stack.stack),
            Text(stack.member or "(fleet)"),
            Text(member.group if member else "-"),
            Text(doc.metadata.location if doc else plan.fleet.fleet.metadata.location),
            Text(str(len(stack.resources))),
            Text(f"{doc.spec.pool_nodes()[1]:,}" if doc else "-"),
        )
    lines: list[RenderableType] = [grid]
    from .output import grouped_findings

    lines += grouped_findings(list(plan.findings()), ("error", "warning"))
    lines.append(Text(_fleet_totals(plan)))
    return lines


def fleet_markdown(plan: FleetPlan) -> str:
    """Summary first, then one collapsible section per stack (for a pull request)."""
    status = "blocked" if plan.blocked else "ok"
    lines = [f"### aks-kit plan: fleet `{plan.fleet.name}` ({status})", "", _fleet_totals(plan), ""]
    shown: list[tuple[str | None, Finding]] = [
        (stack, f) for stack, f in plan.findings() if f.level in ("error", "warning")
    ]
    if shown:
        lines += [*findings_rows(shown), ""]
    for stack in plan.stacks:
        title = f"{stack.stack} ({stack.member or 'fleet'}): {len(stack.resources)} resources"
        lines += [
            f"<details><summary>{title}</summary>",
            "",
            "| type | name | settings |",
            "|---|---|---|",
        ]
        for resource in stack.resources:
            lines.append(
                f"| {short_type(resource)} | `{resource.name}` | {cell(key_settings(resource))} |"
            )
        lines += ["", "</details>", ""]
    lines.append(footer(aks_kit_version()))
    return "\n".join(lines) + "\n"


def fleet_mermaid(plan: FleetPlan) -> str:
    """One subgraph per stack; member stacks point at the fleet they join."""
    lines = ["flowchart TD"]
    ids: dict[tuple[str, str], str] = {}
    for counter, stack in enumerate(plan.stacks):
        lines.append(f'  subgraph s_{counter}["{stack.stack}"]')
        for resource in stack.resources:
            node = f"r{len(ids)}"
            ids[(stack.stack, resource.name)] = node
            lines.append(f'    {node}["{resource.name}<br/><small>{short_type(resource)}</small>"]')
        lines.append("  end")
    fleet_node = ids.get((plan.fleet.name, plan.fleet.name))
    for stack in plan.stacks:
        for resource in stack.resources:
            target = ids[(stack.stack, resource.name)]
            for dep in resource.depends_on:
                source = ids.get((stack.stack, dep))
                if source:
                    lines.append(f"  {source} --> {target}")
            if resource.arm_type.endswith("/fleets/members") and fleet_node:
                lines.append(f"  {fleet_node} -.-> {target}")
    return "\n".join(lines) + "\n"
