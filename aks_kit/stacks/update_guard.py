"""Updates ARM refuses, found before `up` changes anything: the deployed spec against the new one.

azure-native sends a changed pool VM size (or zones, max pods, ...) as an in-place update, so
the engine's preview shows a harmless `update` and ARM refuses it halfway through `up`, after
other resources have changed. `up` compares the spec the stack was last deployed from (stack
config `aks-kit:spec`) with the new one through the change table (`change_risk`) and refuses
the `rejected` class with exit 3 before the preview.
"""

from __future__ import annotations

from typing import Any

from aks_kit.errors import Blocked
from aks_kit.presets.model import ClusterDocument

from .change_risk import Change, diff_plans
from .render import render


def _plan(document: ClusterDocument) -> dict[str, Any]:
    dumped = document.dump()
    return {
        "apiVersion": "aks-kit/v1",
        "kind": "Cluster",
        "metadata": dumped["metadata"],
        "spec": dumped["spec"],
        "resources": [r.to_dict() for r in render(document).resources],
    }


def rejected_updates(deployed: ClusterDocument, new: ClusterDocument) -> list[Change]:
    """The changes from `deployed` to `new` that ARM refuses."""
    report = diff_plans(_plan(deployed), _plan(new), allow_replace=True)
    return [change for change in report.changes if change.change_class == "rejected"]


def refuse_rejected(stack: str, deployed: ClusterDocument, new: ClusterDocument) -> None:
    """Exit 3 naming each refused change, with how to make it and how to go ahead anyway."""
    changes = rejected_updates(deployed, new)
    if not changes:
        return
    lines = "\n".join(
        f"  [{stack}] {c.resource} ({c.arm_type}): {c.path} {c.old!r} -> {c.new!r}: {c.message}"
        for c in changes
    )
    raise Blocked(
        f"Azure refuses these updates of what exists:\n{lines}\n"
        "nothing was changed; add a new pool (or cluster) with the new value instead. If you "
        "know Azure now accepts the change, run again with --allow-rejected"
    )
