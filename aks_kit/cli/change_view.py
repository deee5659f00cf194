"""Changes as a terminal lists them, the way `pulumi preview` does: one line per resource
with its symbol, then each changed field with its old and new value and its class.

    +- managedClusters aks-prod                     replace
         location: eastus2 -> westus3               replacement
    ~  agentPools aks-prod/user                     update
         properties.vmSize: D8ds_v5 -> D16ds_v5     rolling

Symbols: `+` create, `~` update, `+-` replace, `-` delete, `!` rejected (ARM refuses it).
The summary counts resources and fields apart: "19 resources to change (...); 23 fields: ...".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aks_kit.presets.counts import count
from aks_kit.stacks.resource_types import short_type_name

if TYPE_CHECKING:
    from rich.console import RenderableType

    from aks_kit.stacks.spec_changes import SpecChanges

SYMBOLS = {"create": "+", "update": "~", "replace": "+-", "delete": "-", "rejected": "!"}
ACTIONS = ("rejected", "replace", "delete", "update", "create")
"""Most severe first: a resource shows its most severe action."""
STYLES = {"+": "green", "~": "yellow", "+-": "magenta", "-": "red", "!": "bold red"}


@dataclass
class ResourceChange:
    stack: str
    name: str
    type: str
    action: str
    fields: list[Any] = field(default_factory=list)


def action_of(change: Any) -> str:
    """The resource action a classified change implies."""
    klass = change.change_class
    if klass == "rejected":
        return "rejected"
    if klass == "replacement":
        return "replace"
    if change.op in ("create", "delete"):
        return str(change.op)
    return "update"


def by_resource(changes: Sequence[Any]) -> list[ResourceChange]:
    """The changes grouped per (stack, resource), in the report's order; each resource
    shows its most severe action."""
    groups: dict[tuple[str, str], ResourceChange] = {}
    for change in changes:
        action = action_of(change)
        key = (change.stack, change.resource)
        group = groups.get(key)
        if group is None:
            kind = short_type_name(
                change.arm_type if change.type == "azure-native:resources:Resource" else change.type
            )
            group = groups[key] = ResourceChange(change.stack, change.resource, kind, action)
        group.action = min(group.action, action, key=ACTIONS.index)
        if change.path:
            group.fields.append(change)
    return list(groups.values())


def brief(value: Any) -> str:
    from aks_kit.stacks.change_risk.report import brief as report_brief

    return report_brief(value)


def change_lines(
    report: Any, names: Mapping[str, str | None] | None = None, stacked: bool = False
) -> list[RenderableType]:
    """The per-resource list; `names` maps logical names to the names Azure gives them."""
    from rich.text import Text

    lines: list[RenderableType] = []
    for group in by_resource(report.changes):
        symbol = SYMBOLS[group.action]
        shown = (names or {}).get(group.name) or group.name
        where = f"[{group.stack}] " if stacked else ""
        line = Text()
        line.append(f"{symbol:<3}", style=STYLES[symbol])
        line.append(f"{where}{group.type} {shown}  ")
        line.append(group.action, style=STYLES[symbol])
        lines.append(line)
        lines += _field_lines(group.fields)
    return lines


def _field_lines(changes: Sequence[Any]) -> list[RenderableType]:
    """`      properties.vmSize: D8ds_v5 -> D16ds_v5  rejected`, one per changed field."""
    from rich.text import Text

    lines: list[RenderableType] = []
    for change in changes:
        moved = change.op == "update" and change.old != change.new
        values = f": {brief(change.old)} -> {brief(change.new)}" if moved else ""
        text = Text(f"      {change.path}{values}  ")
        klass = change.change_class
        text.append(klass, style=STYLES["!"] if klass == "rejected" else "dim")
        lines.append(text)
    return lines


def change_summary(report: Any) -> str:
    """Resources and fields counted apart, then the findings:
    `19 resources to change (14 replaced, 5 updated); 23 fields: 22 replacement, 1 in-place;
    3 errors, 15 warnings`."""
    groups = by_resource(report.changes)
    if not groups:
        return "no changes"
    past = {
        "rejected": "rejected",
        "replace": "replaced",
        "delete": "deleted",
        "update": "updated",
        "create": "created",
    }
    actions = [f"{n} {past[a]}" for a in ACTIONS if (n := sum(g.action == a for g in groups))]
    fields = [c for c in report.changes if c.path]
    classes: dict[str, int] = {}
    for change in fields:
        classes[change.change_class] = classes.get(change.change_class, 0) + 1
    order = list(report.summary)
    shown = ", ".join(
        f"{n} {k}" for k, n in sorted(classes.items(), key=lambda kv: order.index(kv[0]))
    )
    errors = sum(f.level == "error" for f in report.findings)
    warnings = sum(f.level == "warning" for f in report.findings)
    text = f"{count(len(groups), 'resource')} to change ({', '.join(actions)})"
    if fields:
        text += f"; {count(len(fields), 'field')}: {shown}"
    return f"{text}; {count(errors, 'error')}, {count(warnings, 'warning')}"


STEP_SYMBOLS = {
    "create": "+",
    "update": "~",
    "replace": "+-",
    "create-replacement": "++",
    "delete-replaced": "--",
    "delete": "-",
    "read": ">",
    "import": "=",
    "refresh": "~",
}
"""pulumi preview's symbols for an engine step."""


def step_lines(
    steps: Sequence[Any], spec: SpecChanges | None = None, *, stack: str | None = None
) -> list[RenderableType]:
    """What a preview plans, before `up` asks: one line per resource with its symbol, type
    and name, then each changed field with its old and new value and its class when `spec`
    (the stack's `SpecChanges`) knows it, else the inputs the engine says change (as `pulumi
    preview` shows them). A fleet's stacks are labelled with `stack`."""
    from rich.text import Text

    lines: list[RenderableType] = []
    if stack is not None:
        lines.append(Text(f"stack {stack}:", style="bold"))
    for step in steps:
        symbol = STEP_SYMBOLS.get(step.op, "?")
        line = Text()
        line.append(f"{symbol:<3}", style=STYLES.get(symbol[:2], "") or STYLES.get(symbol[0], ""))
        line.append(f"{short_type_name(step.type)} {step.name}  {step.op}")
        lines.append(line)
        known = spec.fields_of(step.name) if spec is not None else []
        lines += _field_lines(known) if known else [Text(f"      {key}") for key in step.diffs]
    if steps:
        by_op: dict[str, int] = {}
        for step in steps:
            by_op[step.op] = by_op.get(step.op, 0) + 1
        ops = ", ".join(f"{n} {op}" for op, n in by_op.items())
        lines.append(Text(f"{count(len(steps), 'resource')} to change ({ops})"))
    elif stack is not None:
        lines.append(Text("no changes"))
    return lines
