"""A finding tagged with the stack it belongs to: fleet plans and reports have several stacks."""

from __future__ import annotations

from typing import Any, NamedTuple

from aks_kit.presets.findings import Finding


class StackFinding(NamedTuple):
    stack: str
    finding: Finding

    def to_dict(self) -> dict[str, Any]:
        """The finding's JSON form with its stack first."""
        return {"stack": self.stack, **self.finding.to_dict()}
