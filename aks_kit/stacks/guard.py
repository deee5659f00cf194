"""The replace guard of `preview` and `up`: what a preview must not contain, failing closed.

A preview is refused (exit 3, nothing changed) when it

- replaces or deletes a protected resource: Pulumi refuses that itself, so `--allow-replace`
  never lifts it;
- replaces or deletes a cluster, pool, subnet, VNet, identity or resource group;
- had engine events aks-kit could not read: a step it could not read may be a replacement;
- reports in its own change summary more replacements or deletions than the steps it sent
  explain.

The last three are lifted by `--allow-replace`. A reading failure never reads as "nothing
destructive".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from aks_kit.errors import Blocked

from .progress import DESTRUCTIVE_OPS, Progress, Step

EXPLAINED_BY: Final[Mapping[str, tuple[str, ...]]] = {
    "replace": ("replace", "create-replacement", "delete-replaced"),
    "create-replacement": ("create-replacement", "replace"),
    "delete-replaced": ("delete-replaced", "replace"),
    "delete": ("delete",),
}
"""A summary count -> the step operations that explain it."""


@dataclass
class GuardFindings:
    protected: list[tuple[str, Step]] = field(default_factory=list)
    destructive: list[tuple[str, Step]] = field(default_factory=list)
    unreadable: dict[str, int] = field(default_factory=dict)
    unexplained: dict[str, dict[str, int]] = field(default_factory=dict)

    def lifted(self) -> bool:
        """Whether --allow-replace is enough: nothing protected is replaced or deleted."""
        return not self.protected

    def empty(self) -> bool:
        return not (self.protected or self.destructive or self.unreadable or self.unexplained)


def inspect(planned: Mapping[str, Progress]) -> GuardFindings:
    """What the previews of these stacks contain that the guard cares about."""
    found = GuardFindings()
    for stack, progress in planned.items():
        for step in progress.snapshot():
            if step.op not in DESTRUCTIVE_OPS:
                continue
            if step.protect:
                found.protected.append((stack, step))
        found.destructive.extend((stack, step) for step in progress.destructive())
        if progress.unreadable:
            found.unreadable[stack] = progress.unreadable
        seen = progress.ops
        gaps: dict[str, int] = {}
        for op, explaining in EXPLAINED_BY.items():
            counted = progress.summary.get(op, 0)
            explained = sum(seen.get(name, 0) for name in explaining)
            if counted > explained:
                gaps[op] = counted - explained
        if gaps:
            found.unexplained[stack] = gaps
    return found


def check(planned: Mapping[str, Progress], *, allow_replace: bool) -> None:
    """Raise `Blocked` when the previews may not be applied (see the module doc)."""
    found = inspect(planned)
    if found.protected:
        names = "\n".join(
            f"  [{s}] {step.op} {step.name} ({step.type})" for s, step in found.protected
        )
        raise Blocked(
            "the preview replaces or deletes protected resources:\n"
            f"{names}\n"
            "Pulumi refuses to replace or delete a protected resource, and --allow-replace does "
            "not change that. Nothing was changed. If this is intended, set metadata.protect: "
            "false, run `aks-kit up` (it only lifts the protection), then run again with "
            "--allow-replace"
        )
    if allow_replace or found.empty():
        return
    parts: list[str] = []
    if found.destructive:
        names = "\n".join(
            f"  [{s}] {step.op} {step.name} ({step.type})" for s, step in found.destructive
        )
        parts.append(
            f"the preview replaces or deletes what holds nodes, addresses or access:\n{names}"
        )
    for stack, count in found.unreadable.items():
        parts.append(
            f"[{stack}] {count} engine event(s) of the preview could not be read, so aks-kit "
            "cannot tell whether it replaces or deletes anything"
        )
    for stack, gaps in found.unexplained.items():
        counts = ", ".join(f"{n} {op}" for op, n in gaps.items())
        parts.append(
            f"[{stack}] the preview's summary counts {counts} that the steps it reported do not "
            "explain"
        )
    raise Blocked(
        "\n".join(parts)
        + "\nnothing was changed; run again with --allow-replace if that is intended"
    )
