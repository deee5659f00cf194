"""How a plan reads: a table for terminals, Markdown for pull requests, Mermaid for diagrams."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType

    from aks_kit.stacks.plan import Plan
    from aks_kit.stacks.rendered import Rendered


def short_type(resource: Rendered) -> str:
    """`managedClusters/agentPools` or `network:Subnet`: enough to tell resources apart."""
    if resource.type == "azure-native:resources:Resource":
        return resource.arm_type.rsplit("/", 1)[1]
    return resource.type.rsplit(":", 1)[1]


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
                f"inline pool {p['name']} {p['vmSize']} x {p.get('count')}"
                for p in props.get("agentPoolProfiles", [])
            ),
        ]
        return ", ".join(p for p in parts if p)
    if arm.endswith("/agentPools"):
        size = (
            f"{props.get('minCount')}-{props.get('maxCount')} (autoscale)"
            if props.get("enableAutoScaling")
            else str(props.get("count"))
        )
        zones = ",".join(props.get("availabilityZones", [])) or "-"
        return f"{props.get('mode')} {props.get('vmSize')} x {size}, zones {zones}"
    if arm.endswith("/maintenanceConfigurations"):
        return str(inputs.get("resourceName"))
    if "roleDefinitionId" in inputs:
        role = str(inputs["roleDefinitionId"]).rsplit("/", 1)[-1]
        return f"{ROLE_NAMES.get(role, role)} for {inputs.get('principalType', '')}"
    for key in ("addressPrefix", "location"):
        if key in inputs:
            return str(inputs[key])
    return ""


ROLE_NAMES = {
    "4d97b98b-1d4f-4787-a291-c67834d212e7": "Network Contributor",
    "f1a07417-d97a-45cb-824c-7a7467783830": "Managed Identity Operator",
    "b12aa53e-6015-4669-85d0-8515ebb3ae7f": "Private DNS Zone Contributor",
    "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b": "AKS RBAC Cluster Admin",
}


def plan_table(plan: Plan) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    from aks_kit.stacks.plan import summarize

    from .output import findings_table

    out: list[RenderableType] = []
    if plan.rendered is not None:
        grid = Table(box=None, pad_edge=False)
        grid.add_column("TYPE", no_wrap=True)
        grid.add_column("NAME", overflow="fold")
        grid.add_column("SETTINGS", overflow="fold", min_width=24, ratio=1)
        for resource in plan.rendered.resources:
            grid.add_row(
                Text(short_type(resource)), Text(resource.name), Text(key_settings(resource))
            )
        out.append(grid)
    out.extend(findings_table(plan.findings))
    out.append(Text(summarize(plan).line()))
    return out


def explain_table(plan: Plan) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    from aks_kit.presets.resolve import sources

    from .output import show_value

    grid = Table(box=None, pad_edge=False)
    grid.add_column("PATH", no_wrap=True)
    grid.add_column("VALUE", overflow="fold")
    grid.add_column("FROM", no_wrap=True)
    for path, value, layer in sources(plan.resolved):
        grid.add_row(Text(path), Text(show_value(value)), Text(layer))
    return [grid]


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
            value = "" if f.value is None else f"`{_cell(str(f.value))}`"
            lines.append(
                f"| {f.level} | `{f.path}` | {value} | {_cell(f.layer)} | {_cell(f.message)} |"
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
                f"| {short_type(resource)} | `{resource.name}` | {_cell(key_settings(resource))} |"
            )
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
