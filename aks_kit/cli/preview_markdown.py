"""`aks-kit preview -o markdown`: a preview as a pull-request comment, from its JSON document.

Summary first (counts, and whether `up` would refuse), then the resources that change, most
destructive first; unchanged resources are only counted. It renders exactly what `-o json`
prints, so the comment and the machine-readable output never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aks_kit.stacks.resource_types import short_type_name

ORDER = ("delete", "replace", "create", "update", "read", "import")
"""Most destructive first; `create-replacement`/`delete-replaced` count as `replace`."""
VERBS = {
    "delete": "to delete",
    "replace": "to replace",
    "create": "to create",
    "update": "to update",
    "read": "to read",
    "import": "to import",
}


def _op(op: str) -> str:
    return "replace" if op in ("create-replacement", "delete-replaced", "replace") else op


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_line(changes: Mapping[str, int]) -> str:
    """`1 to replace, 2 to update; 17 unchanged` (or `no changes; 17 unchanged`)."""
    counts: dict[str, int] = {}
    for op, n in changes.items():
        if op != "same" and n:
            key = _op(op)
            counts[key] = counts.get(key, 0) + int(n)
    parts = [f"{counts[op]} {VERBS.get(op, op)}" for op in ORDER if counts.get(op)]
    parts += [f"{n} {op}" for op, n in counts.items() if op not in ORDER]
    changed = ", ".join(parts) if parts else "no changes"
    return f"{changed}; {int(changes.get('same', 0))} unchanged"


def refuses(result: Mapping[str, Any]) -> bool:
    """Whether `up` would refuse this stack's preview."""
    return bool(result.get("refused") or result.get("rejected"))


def _fields(result: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each resource's changed fields with their classes, where the deployed spec told."""
    fields: dict[str, list[str]] = {}
    for change in result.get("specChanges") or []:
        if change.get("path"):
            shown = f"`{_cell(change['path'])}` ({change['class']})"
            fields.setdefault(change["resource"], []).append(shown)
    return fields


def stack_markdown(stack: str, result: Mapping[str, Any], *, heading: str = "###") -> str:
    """One stack's preview: a heading with its state, the summary, what `up` would refuse,
    and a table of the resources that change, with each field's class where known."""
    changes = result.get("changes") or {}
    refused = result.get("refused") or []
    rejected = result.get("rejected") or []
    changing = any(n for op, n in changes.items() if op != "same")
    state = "`up` would refuse" if refuses(result) else "changes" if changing else "no changes"
    lines = [f"{heading} aks-kit preview: stack `{_cell(stack)}` ({state})", ""]
    lines += [f"**{summary_line(changes)}**", ""]
    if rejected:
        lines += [
            "> [!CAUTION]",
            "> `aks-kit up` refuses this without `--allow-rejected`: Azure refuses these "
            "updates of what exists:",
        ]
        lines += [
            f"> - `{_cell(c['resource'])}`: `{_cell(c['path'])}` "
            f"`{_cell(str(c['old']))}` → `{_cell(str(c['new']))}`"
            for c in rejected
        ]
        lines.append("")
    if refused:
        lines += [
            "> [!CAUTION]",
            "> `aks-kit up` refuses this without `--allow-replace`: it replaces or deletes "
            "what holds nodes, addresses or access:",
        ]
        lines += [
            f"> - {s['op']} `{_cell(s['name'])}` ({short_type_name(s['type'])})" for s in refused
        ]
        lines.append("")
    steps = [s for s in result.get("steps") or [] if s.get("op") != "same"]
    if steps:
        rank = {op: i for i, op in enumerate(ORDER)}
        steps.sort(key=lambda s: (rank.get(_op(s["op"]), len(ORDER)), s["name"]))
        lines += ["| operation | type | name | changed properties |", "|---|---|---|---|"]
        fields = _fields(result)
        for s in steps:
            keys = fields.get(s["name"]) or [
                f"`{_cell(k)}`" for k in s.get("replaceKeys") or s.get("diffs") or []
            ]
            props = ", ".join(keys[:8])
            if len(keys) > 8:
                props += f" and {len(keys) - 8} more"
            lines.append(
                f"| {s['op']} | {short_type_name(s['type'])} | `{_cell(s['name'])}` | {props} |"
            )
        lines.append("")
    return "\n".join(lines)


def preview_markdown(document: Mapping[str, Any], title: str, version: str) -> str:
    """A single stack's or a fleet's preview document as Markdown."""
    if "stacks" not in document:
        stack = title.removeprefix("preview of stack ")
        body = stack_markdown(stack, document)
    else:
        stacks: Mapping[str, Any] = document["stacks"]
        failed: Mapping[str, str] = document.get("failed") or {}
        totals: dict[str, int] = {}
        for result in stacks.values():
            for op, n in (result.get("changes") or {}).items():
                totals[op] = totals.get(op, 0) + int(n)
        refused = sum(1 for r in stacks.values() if refuses(r))
        lines = [f"### aks-kit {title}", "", f"**{summary_line(totals)}** in {len(stacks)} stacks"]
        if refused:
            lines[-1] += f"; `up` would refuse {refused} of them"
        if failed:
            lines[-1] += f"; {len(failed)} failed"
        lines.append("")
        for name, message in failed.items():
            lines += [f"- **failed** `{_cell(name)}`: {_cell(message)}"]
        if failed:
            lines.append("")
        missing: list[str] = document.get("missing") or []
        if missing:
            names = ", ".join(f"`{_cell(m)}`" for m in missing)
            lines += [f"Not deployed yet, so not previewed (`up` creates them): {names}", ""]

        def weight(item: tuple[str, Any]) -> tuple[int, str]:
            result = item[1]
            moving = any(n for op, n in (result.get("changes") or {}).items() if op != "same")
            return (0 if refuses(result) else 1 if moving else 2, item[0])

        quiet = []
        for name, result in sorted(stacks.items(), key=weight):
            if weight((name, result))[0] == 2:
                quiet.append(name)
                continue
            lines.append(stack_markdown(name, result, heading="####"))
        if quiet:
            lines += [f"No changes in {len(quiet)} stacks: " + ", ".join(f"`{q}`" for q in quiet)]
            lines.append("")
        body = "\n".join(lines)
    return body.rstrip("\n") + f"\n\n<sub>aks-kit {version}</sub>\n"
