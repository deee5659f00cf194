"""The Python API for scripts: resolve a spec, plan it, compare two plans (offline, typed).

    from aks_kit import api

    spec = api.resolve(preset="standard", sets=["spec.tier=standard"])
    result = api.plan(file="cluster.yaml")
    report = api.compare(old_plan_document, result.document)

These are the functions the `aks-kit` commands use; they read files and presets but need no
engine, credentials or network. Bad input raises `aks_kit.errors.AksKitError` (its
`exit_code` is the one the CLI would use); rule violations are findings, not exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aks_kit.errors import AksKitError, SpecError, UsageError
from aks_kit.presets.findings import Finding

if TYPE_CHECKING:
    from aks_kit.presets.resolve import Resolved
    from aks_kit.stacks.change_risk import ChangeReport

__all__ = [
    "AksKitError",
    "Finding",
    "PlanResult",
    "compare",
    "plan",
    "resolve",
]


def resolve(
    *,
    preset: str | None = None,
    file: str | Path | None = None,
    sets: Sequence[str] = (),
    preset_dirs: Sequence[str | Path] = (),
    name: str | None = None,
    location: str | None = None,
) -> Resolved:
    """A cluster spec resolved as `aks-kit presets show` / `plan` resolve it: the preset
    chain, then the file, then name, location and each `PATH=VALUE` in `sets`.

    The result has `.data` (the merged document), `.document` (the validated model, or
    None), `.findings`, `.ok` and `.provenance` (which layer set each value).
    """
    from aks_kit.presets.resolve import resolve as _resolve

    if preset is None and file is None:
        raise UsageError("resolve needs a preset or a file")
    return _resolve(
        preset=preset,
        file=None if file is None else str(file),
        sets=sets,
        preset_dirs=preset_dirs,
        name=name,
        location=location,
    )


@dataclass(frozen=True)
class PlanResult:
    """What `aks-kit plan -o json` prints, and whether its findings block a deployment."""

    document: dict[str, Any]
    """The plan document: metadata, spec, resources (logical and Azure names), outputs,
    findings; a Fleet's carries `members` and a stack on each resource."""
    blocked: bool
    findings: list[Finding] = field(default_factory=list)


def plan(
    *,
    preset: str | None = None,
    file: str | Path | None = None,
    sets: Sequence[str] = (),
    preset_dirs: Sequence[str | Path] = (),
    name: str | None = None,
    location: str | None = None,
) -> PlanResult:
    """Every resource a cluster (or, for a Fleet file, a fleet) needs, offline."""
    from aks_kit.presets.fleet import load_fleet
    from aks_kit.presets.loading import file_kind
    from aks_kit.stacks import plan as plans

    if file is not None and file_kind(str(file)) == "Fleet":
        if preset or sets or name or location:
            raise UsageError(f"{file} is a Fleet: preset, sets, name and location do not apply")
        fleet_plan = plans.make_fleet_plan(load_fleet(str(file), preset_dirs))
        return PlanResult(
            document=plans.fleet_plan_document(fleet_plan),
            blocked=fleet_plan.blocked,
            findings=[finding for _, finding in fleet_plan.findings()],
        )
    one = plans.make_plan(
        resolve(
            preset=preset,
            file=file,
            sets=sets,
            preset_dirs=preset_dirs,
            name=name,
            location=location,
        )
    )
    return PlanResult(
        document=plans.plan_document(one), blocked=one.blocked, findings=list(one.findings)
    )


def compare(
    old: Mapping[str, Any] | PlanResult,
    new: Mapping[str, Any] | PlanResult,
    *,
    allow_replace: bool = False,
) -> ChangeReport:
    """Classify every change from an earlier plan document to a newer one, as
    `aks-kit plan --against` does: `.changes`, `.summary`, `.blocked`, `.to_dict()`."""
    from aks_kit.stacks.change_risk import diff_plans

    before = old.document if isinstance(old, PlanResult) else dict(old)
    after = new.document if isinstance(new, PlanResult) else dict(new)
    try:
        return diff_plans(before, after, allow_replace=allow_replace)
    except ValueError as exc:
        raise SpecError(f"not a plan document: {exc}") from None
