"""A stack's spec changes, classified: what `preview` and `up` show per field, and refuse.

The engine's preview says which inputs of a resource change, not what the change does:
azure-native sends a changed pool VM size (or zones, max pods, ...) as an in-place update, so
the preview shows a harmless `update` and ARM refuses it halfway through `up`, after other
resources have changed. `preview` and `up` (of a cluster or of each fleet member) compare the
spec the stack was last deployed from (stack config `aks-kit:spec`) with the new one through
the change table (`change_risk`): each changed field gets its class, listed under the engine's
step, and the `rejected` class is refused with exit 3 unless `--allow-rejected`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aks_kit.errors import Blocked
from aks_kit.presets.model import ClusterDocument

from .change_risk import Change, diff_plans
from .plan import spec_plan
from .render import render

ALLOW_REJECTED = "--allow-rejected"


@dataclass(frozen=True)
class SpecChanges:
    """The classified changes of one stack; empty when nothing was deployed before."""

    changes: tuple[Change, ...] = ()

    @property
    def rejected(self) -> list[Change]:
        """The updates ARM refuses."""
        return [change for change in self.changes if change.change_class == "rejected"]

    def fields_of(self, resource: str) -> list[Change]:
        """The changed fields of one resource (its logical name, as the engine's steps)."""
        return [c for c in self.changes if c.resource == resource and c.path]


def classify(deployed: ClusterDocument | None, new: ClusterDocument) -> SpecChanges:
    """Every change from the `deployed` spec to `new`, classified (none without `deployed`)."""
    if deployed is None:
        return SpecChanges()
    old_plan, new_plan = spec_plan(deployed, render(deployed)), spec_plan(new, render(new))
    report = diff_plans(old_plan, new_plan, allow_replace=True)
    return SpecChanges(tuple(report.changes))


def unreadable(reason: str) -> Blocked:
    """A deployed spec that cannot be read blocks: the check would otherwise pass unseen."""
    return Blocked(
        f"{reason}, so aks-kit cannot tell which changes Azure refuses. Run again with "
        f"{ALLOW_REJECTED} to go ahead without that check"
    )


def refuse_rejected(found: Iterable[tuple[str, Change]]) -> None:
    """Exit 3 naming each refused change (with its stack), how to make it and how to go
    ahead anyway."""
    lines = [
        f"  [{stack}] {c.resource} ({c.arm_type}): {c.path} {c.old!r} -> {c.new!r}: {c.message}"
        for stack, c in found
    ]
    if not lines:
        return
    raise Blocked(
        "Azure refuses these updates of what exists:\n" + "\n".join(lines) + "\n"
        "nothing was changed; add a new pool (or cluster) with the new value instead. If you "
        f"know Azure now accepts the change, run again with {ALLOW_REJECTED}"
    )
