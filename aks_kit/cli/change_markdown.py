"""The Markdown form of a `plan --against` report, sized for a pull-request comment: the
changes only (most severe first, stacks without changes named in one line), never the
resources that stay as they are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from aks_kit.presets.findings import Finding
from aks_kit.stacks.change_risk import ChangeReport
from aks_kit.stacks.change_risk.report import brief

from .plan_output import cell, findings_rows, footer


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
    blocking = sorted(
        (f for f in report.findings if f.level in ("error", "warning")),
        key=lambda f: f.level != "error",
    )
    if blocking:
        lines += ["| level | path | message |", "|---|---|---|"]
        for f in blocking:
            lines.append(f"| {f.level} | `{cell(f.path)}` | {cell(f.message)} |")
        lines.append("")
    quiet = []
    for stack in report.stacks:
        mine = [c for c in report.changes if c.stack == stack]
        if not mine:
            quiet.append(stack)
            continue
        lines += [
            f"<details><summary>stack <code>{cell(stack)}</code>: {len(mine)} changes "
            f"(most severe: {mine[0].change_class})</summary>",
            "",
            "| resource | field | old -> new | class | why |",
            "|---|---|---|---|---|",
        ]
        for c in mine:
            field_text = f"`{cell(c.path)}`" if c.path else f"({c.op})"
            values = "" if c.op != "update" else f"{_short(c.old)} -> {_short(c.new)}"
            why = f"{cell(c.message)}<br><sub>{_source_md(c.source)}</sub>"
            lines.append(
                f"| `{cell(c.resource)}` | {field_text} | {values} | {c.change_class} | {why} |"
            )
        lines += ["", "</details>", ""]
    if quiet and len(quiet) == len(report.stacks):
        lines.append("No changes.")
    elif quiet:
        lines.append("No changes in " + ", ".join(f"`{cell(s)}`" for s in quiet) + ".")
    return "\n".join(lines).rstrip("\n") + "\n"


def against_markdown(
    report: ChangeReport,
    *,
    title: str,
    plan_findings: Sequence[tuple[str | None, Finding]],
    resources: int,
    version: str,
    base_version: str | None,
) -> str:
    """The whole `plan --against -o markdown` document: a heading with the verdict, the
    changes (summary first), the new plan's own errors and warnings, how many resources are
    unchanged (not listed), and which aks-kit planned each side."""
    blocked = report.blocked or any(f.level == "error" for _, f in plan_findings)
    lines = [f"### aks-kit plan: {title} against the base ({'blocked' if blocked else 'ok'})", ""]
    lines.append(render_markdown(report).rstrip("\n"))
    lines.append("")
    shown = [(s, f) for s, f in plan_findings if f.level in ("error", "warning")]
    if shown:
        lines += [
            f"Findings of the new plan ({len(shown)}):",
            "",
            *findings_rows(shown),
            "",
        ]
    changed = {(c.stack, c.resource) for c in report.changes if c.change_class != "deletion"}
    unchanged = max(resources - len(changed), 0)
    if unchanged:
        lines += [
            f"{unchanged} unchanged resources are not listed "
            "(`aks-kit plan -o markdown` lists every resource).",
            "",
        ]
    lines.append(footer(version, base_version))
    return "\n".join(lines) + "\n"
