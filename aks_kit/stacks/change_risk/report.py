"""The report of `plan --against`: the classified changes, their findings and the summary.

Rejected, replaced and deleted clusters, pools, subnets, identities and resource groups are
error findings (replacement and deletion become warnings with `allow_replace`; a rejected
update stays an error, since ARM refuses it, and so does replacing or deleting a protected
resource, since Pulumi refuses it), so `plan --against` can block a pull request the way `up`
blocks a preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal, cast

from aks_kit.presets.facts import UNCONFIRMED_MARK
from aks_kit.presets.findings import Finding, Level, format_value, has_errors
from aks_kit.stacks.resource_types import GUARDED_ARM_TYPES
from aks_kit.stacks.stack_finding import StackFinding

from .decide import ChangeClass

Op = Literal["create", "update", "delete"]
LAYER: Final = "plan --against"

CLASSES: Final[tuple[ChangeClass, ...]] = (
    "rejected",
    "replacement",
    "deletion",
    "disruptive",
    "rolling",
    "in-place",
    "create",
)
"""Most severe first: the order of the summary and of the changes within a stack."""

BLOCKING: Final[frozenset[ChangeClass]] = frozenset({"rejected", "replacement", "deletion"})
"""Error findings on guarded resources; `allow_replace` turns replacements and deletions
(not rejected updates) into warnings."""


@dataclass(frozen=True)
class Change:
    stack: str
    resource: str
    arm_type: str
    type: str
    op: Op
    path: str
    """The input leaf (`properties.agentPoolProfiles[system].vmSize`); "" for the resource."""
    old: Any
    new: Any
    change_class: ChangeClass
    source: str
    message: str
    spec_path: str
    """The spec path when it maps (`spec.nodePools[web].vmSize`), else
    `resources[<name>].inputs.<path>`."""
    confirmed: bool = True
    """Whether the source confirms the class."""
    protected: bool = False
    """The resource is `protect`ed: Pulumi refuses to replace or delete it, whatever
    --allow-replace says."""
    warn: bool = False
    """A change the program does not apply that the user should act on (a Kubernetes
    version under an upgrade channel): a warning, whatever its class."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "resource": self.resource,
            "armType": self.arm_type,
            "type": self.type,
            "op": self.op,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "class": self.change_class,
            "source": self.source,
            "confirmed": self.confirmed,
            "message": self.message,
            "specPath": self.spec_path,
        }


@dataclass
class ChangeReport:
    changes: list[Change]
    stacked_findings: list[StackFinding]
    """Each finding with the stack of the change it reports (a fleet plan has several)."""
    stacks: list[str]
    allow_replace: bool = False

    @property
    def findings(self) -> list[Finding]:
        return [finding for _, finding in self.stacked_findings]

    @property
    def summary(self) -> dict[str, int]:
        """Changes per class, every class present, most severe first."""
        counts = dict.fromkeys(CLASSES, 0)
        for change in self.changes:
            counts[change.change_class] += 1
        return cast(dict[str, int], counts)

    @property
    def blocked(self) -> bool:
        return has_errors(self.findings)

    def summary_line(self) -> str:
        if not self.changes:
            return "no changes"
        parts = [f"{n} {klass}" for klass, n in self.summary.items() if n]
        errors = sum(f.level == "error" for f in self.findings)
        warnings = sum(f.level == "warning" for f in self.findings)
        return (
            f"{len(self.changes)} changes: {', '.join(parts)}; {errors} errors, {warnings} warnings"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "blocked": self.blocked,
            "allowReplace": self.allow_replace,
            "stacks": list(self.stacks),
            "changes": [c.to_dict() for c in self.changes],
            "findings": [f.to_dict() for f in self.stacked_findings],
        }


def brief(value: Any) -> str:
    """A value in one short line; a named object (an inline pool) by its name."""
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return f"{{name: {value['name']}, ...}}"
    return format_value(value)


_URL: Final = re.compile(r"https://[^\s),;]+")


def findings_of(changes: list[Change], allow_replace: bool) -> list[StackFinding]:
    """The findings of the changes: blocking classes on guarded types, disruptive, rolling."""
    findings: list[StackFinding] = []
    per_resource: set[tuple[str, str, str]] = set()
    for change in changes:
        klass = change.change_class
        level: Level | None = None
        if klass in BLOCKING:
            guarded = change.arm_type in GUARDED_ARM_TYPES
            # --allow-replace accepts a replacement or deletion; it cannot make ARM accept
            # an update it refuses, so a rejected change stays an error.
            refused = klass == "rejected" or not allow_replace
            level = "error" if guarded and refused else "warning"
            if change.protected and klass in ("replacement", "deletion"):
                level = "error"  # Pulumi refuses: --allow-replace does not lift protection
            if klass in ("replacement", "deletion"):
                key = (change.stack, change.resource, klass)
                if key in per_resource:
                    continue  # one finding per replaced or deleted resource
                per_resource.add(key)
        elif klass == "disruptive":
            level = "warning"
        elif klass == "rolling":
            level = "info"
        if change.warn and level is None:
            level = "warning"
        if level is None:
            continue
        where = f"{change.resource} {change.path}".strip()
        moved = change.op == "update" and change.path and change.old != change.new
        what = f"{where}: {brief(change.old)} -> {brief(change.new)}" if moved else where
        link = _URL.search(change.source)
        cited = ""
        if link is not None:
            cited = f" ({link.group(0)}{'' if change.confirmed else ' ' + UNCONFIRMED_MARK})"
        finding = Finding(
            level=level,
            code=f"change-{klass}",
            path=change.spec_path,
            value=change.new if moved and not isinstance(change.new, dict) else None,
            layer=LAYER,
            message=f"{what}: {change.message}{cited}",
        )
        findings.append(StackFinding(change.stack, finding))
    return findings
