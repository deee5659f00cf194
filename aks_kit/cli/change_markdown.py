"""The Markdown form of a `plan --against` report, sized for a pull-request comment."""

from __future__ import annotations

import re
from typing import Any, Final

from aks_kit.stacks.change_risk import ChangeReport
from aks_kit.stacks.change_risk.report import brief

from .plan_output import cell


def _short(value: Any) -> str:
    """A value as inline code in a cell; None as a dash."""
    if value is None:
        return "-"
    text = cell(brief(value)).replace("`", "'")
    return f"`{text}`"


_URL: Final = re.compile(r"https://[^\s),;\"]+")


def _source_md(source: str) -> str:
    """The source with its doc URLs as short links (the page name)."""
    return cell(
        _URL.sub(lambda m: f"[{m.group(0).rstrip('/').split('/')[-1]}]({m.group(0)})", source)
    )


def render_markdown(report: ChangeReport) -> str:
    """Summary first, then one collapsible section per stack: fits a pull-request comment."""
    status = "blocked" if report.blocked else "ok"
    lines = [f"**aks-kit plan --against** ({status}): {report.summary_line()}", ""]
    counts = [(k, n) for k, n in report.summary.items() if n]
    if counts:
        lines += ["| class | changes |", "|---|---|"]
        lines += [f"| {klass} | {n} |" for klass, n in counts]
        lines.append("")
    blocking = [f for f in report.findings if f.level in ("error", "warning")]
    if blocking:
        lines += ["| level | path | message |", "|---|---|---|"]
        for f in blocking:
            lines.append(f"| {f.level} | `{cell(f.path)}` | {cell(f.message)} |")
        lines.append("")
    for stack in report.stacks:
        mine = [c for c in report.changes if c.stack == stack]
        worst = mine[0].change_class if mine else "none"
        lines += [
            f"<details><summary>stack <code>{cell(stack)}</code>: {len(mine)} changes "
            f"(most severe: {worst})</summary>",
            "",
        ]
        if mine:
            lines += ["| resource | field | old -> new | class | why |", "|---|---|---|---|---|"]
            for c in mine:
                field_text = f"`{cell(c.path)}`" if c.path else f"({c.op})"
                values = "" if c.op != "update" else f"{_short(c.old)} -> {_short(c.new)}"
                why = f"{cell(c.message)}<br><sub>{_source_md(c.source)}</sub>"
                lines.append(
                    f"| `{cell(c.resource)}` | {field_text} | {values} | {c.change_class} | {why} |"
                )
        else:
            lines.append("No changes.")
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
