"""The deployment workflow: preview, guard, confirm, apply; fleets in order; destroy.

Everything `aks-kit preview | up | destroy | refresh` decides lives here, free of Typer:
the caller hands in engines (or a factory for them) and `Hooks` for what needs a person or
a screen (follow progress, answer a question, type a name to confirm), and gets an
`Outcome` back to render. Refusals are `aks_kit.errors` exceptions with their exit codes.

A fleet's own stack goes first (members join a fleet that must exist); member stacks then
run at most `parallel` at a time, which keeps ARM's per-subscription throttling (agent pool
PUTs: a burst of 20, then one a minute) and the blast radius of a mistake bounded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from aks_kit.errors import (
    AksKitError,
    Blocked,
    Declined,
    EngineFailed,
    Interrupted,
    NotFound,
    SpecInvalid,
)
from aks_kit.presets.findings import Finding
from aks_kit.presets.fleet import ResolvedFleet
from aks_kit.presets.model import ClusterDocument

from . import guard
from .config_keys import FLEET_CONFIG, MEMBER_CONFIG
from .engine import Result, Stored
from .fleet_render import Membership
from .progress import Progress, Step
from .state import Backend, prepare
from .update_guard import refuse_rejected


class StackEngine(Protocol):
    """What the workflow needs of an engine (`stacks.engine.Engine`, or a test's fake)."""

    stack_name: str
    backend: Backend

    def preview(
        self,
        progress: Progress,
        *,
        diff: bool = ...,
        targets: Sequence[str] = ...,
        refresh: bool = ...,
        create_stack: bool = ...,
    ) -> Result: ...

    def up(
        self,
        progress: Progress,
        *,
        diff: bool = ...,
        targets: Sequence[str] = ...,
        refresh: bool = ...,
    ) -> Result: ...

    def destroy(
        self, progress: Progress, *, targets: Sequence[str] = ..., refresh: bool = ...
    ) -> Result: ...

    def refresh(self, progress: Progress) -> Result: ...

    def stored(self) -> Stored: ...

    def deployed(self) -> Stored | None: ...

    def lift_protection(self, stored: Stored, progress: Progress) -> None: ...


class MakeEngine(Protocol):
    """Makes the engine of one stack: (stack, cluster document or None, extra config, location)."""

    def __call__(
        self,
        stack: str,
        document: ClusterDocument | None,
        *,
        extra: dict[str, str] | None = None,
        location: str | None = None,
    ) -> StackEngine: ...


@contextmanager
def _unseen(progress: Progress, operation: str) -> Iterator[None]:
    yield


@dataclass
class Hooks:
    """What the workflow asks of its caller; the defaults watch nothing and agree to nothing."""

    follow: Callable[[Progress, str], AbstractContextManager[None]] = _unseen
    """Shows an operation's progress while it runs."""
    confirm: Callable[[str], bool] = lambda question: False
    """Answers a yes/no question (`--yes` answers yes)."""
    confirm_name: Callable[[str, str], bool] = lambda what, name: False
    """(what is destroyed, the name to type) -> the name was typed."""
    previewed: Callable[[Result], None] = lambda result: None
    """Shows a preview's changes before the question to apply them."""
    planned: Callable[[list[Step]], None] = lambda steps: None
    """Lists each resource a preview plans to change (and its changed inputs), first."""
    say: Callable[[str], None] = lambda text: None
    preflight: Callable[[], None] = lambda: None
    """Runs before any stack is previewed; raises (Blocked, exit 3) when Azure would refuse
    the spec. The CLI passes aks-kit's preflight, unless --skip-preflight."""


@dataclass
class Outcome:
    """What an operation did, per stack, and why it failed if it did."""

    title: str
    results: dict[str, Result]
    failures: dict[str, str] = field(default_factory=dict)
    fleet: bool = False
    failure: str | None = None
    """Set when the run as a whole failed (exit 5); the report is still worth showing."""
    planned: dict[str, Progress] = field(default_factory=dict)
    """A preview's progress per stack: what the guard judges (`refuse_after_preview`)."""
    allow_replace: bool = False

    def to_dict(self) -> dict[str, Any]:
        if not self.fleet:
            (result,) = self.results.values()
            return result.to_dict()
        return {
            "stacks": {name: result.to_dict() for name, result in self.results.items()},
            "failed": self.failures,
        }


def interrupted(stack: str) -> Interrupted:
    return Interrupted(
        f"interrupted: the pulumi CLI cancels the running update of {stack} itself. Run the "
        "same command again to resume; if the stack stays locked, run `pulumi cancel "
        f"--stack {stack}` with the same backend (and PULUMI_CONFIG_PASSPHRASE_FILE for the "
        "local one)"
    )


def refuse_protected(stored: Sequence[Stored], unprotect: bool) -> None:
    protected = [s.describe() for s in stored if s.protect]
    if protected and not unprotect:
        raise Blocked(
            f"{'; '.join(protected)}: protected. Run again with --unprotect to lift the "
            "protection and destroy (or set metadata.protect: false and run `aks-kit up` first)"
        )


def _changing(result: Result) -> int:
    return sum(count for op, count in result.changes.items() if op != "same")


# One stack ------------------------------------------------------------------------------


@contextmanager
def _protected_failure(name: str, planned: Progress, allow_replace: bool) -> Iterator[None]:
    """The real engine fails a preview that replaces or deletes a protected resource itself,
    after its events named every step: then the guard's refusal (exit 3) says what and why,
    instead of the engine's failure."""
    try:
        yield
    except EngineFailed:
        if guard.inspect({name: planned}).protected:
            guard.check({name: planned}, allow_replace=allow_replace)
        raise


def preview(
    engine: StackEngine,
    hooks: Hooks,
    *,
    diff: bool = False,
    targets: Sequence[str] = (),
    refresh: bool = False,
    create_stack: bool = False,
    allow_replace: bool = False,
) -> Outcome:
    """What `up` would change, against the stack's state (which must exist unless
    `create_stack`). What `up` would refuse is recorded on the outcome, so the caller shows
    the preview and then refuses it (`refuse_after_preview`, exit 3): a green preview never
    turns into a blocked `up`."""
    hooks.preflight()
    progress = Progress()
    name = engine.stack_name
    with hooks.follow(progress, "preview"), _protected_failure(name, progress, allow_replace):
        result = engine.preview(
            progress, diff=diff, targets=targets, refresh=refresh, create_stack=create_stack
        )
    hooks.planned(progress.snapshot())
    outcome = Outcome(f"preview of stack {name}", {name: result})
    _record_guard(outcome, {engine.stack_name: progress}, allow_replace)
    return outcome


def _record_guard(outcome: Outcome, planned: dict[str, Progress], allow_replace: bool) -> None:
    """Keep what the guard needs, and name on each result the steps it refuses."""
    outcome.planned, outcome.allow_replace = dict(planned), allow_replace
    found = guard.inspect(planned)
    steps = found.protected + ([] if allow_replace else found.destructive)
    for stack, step in steps:
        result = outcome.results.get(stack)
        if result is not None and step not in result.refused:
            result.refused.append(step)


def refused(outcome: Outcome) -> list[tuple[str, Step]]:
    """Every step of a preview that `up` would refuse, with its stack."""
    return [(name, step) for name, result in outcome.results.items() for step in result.refused]


def changing(outcome: Outcome) -> int:
    """How many resources a preview would create, update, replace or delete."""
    return sum(_changing(result) for result in outcome.results.values())


def refuse_after_preview(outcome: Outcome, *, expect_no_changes: bool = False) -> None:
    """Exit 3, once the preview is shown, where `up` would refuse (the same guard), or on
    drift with `expect_no_changes`."""
    guard.check(outcome.planned, allow_replace=outcome.allow_replace)
    count = changing(outcome)
    if expect_no_changes and count:
        raise Blocked(f"--expect-no-changes: the preview has {count} changes")


def up(
    engine: StackEngine,
    hooks: Hooks,
    *,
    diff: bool = False,
    targets: Sequence[str] = (),
    refresh: bool = False,
    allow_replace: bool = False,
    document: ClusterDocument | None = None,
    allow_rejected: bool = False,
) -> Outcome:
    """Preflight, refuse updates ARM rejects (unless allowed), preview, refuse destructive
    steps unless allowed, confirm, then apply. `document` is the spec being deployed."""
    hooks.preflight()
    name = engine.stack_name
    if document is not None and not allow_rejected:
        before = engine.deployed()
        if before is not None and before.cluster is not None:
            refuse_rejected(name, before.cluster, document)
    planned = Progress()
    with hooks.follow(planned, "preview"), _protected_failure(name, planned, allow_replace):
        previewed = engine.preview(planned, diff=diff, targets=targets, refresh=refresh)
    hooks.planned(planned.snapshot())
    hooks.previewed(previewed)
    guard.check({name: planned}, allow_replace=allow_replace)
    total = _changing(previewed)
    if not total:
        hooks.say(f"stack {name} is up to date: no changes")
        return Outcome(f"stack {name}: no changes", {name: previewed})
    if not hooks.confirm(f"Apply {total} changes to stack {name}?"):
        raise Declined("declined: nothing was changed")
    progress = Progress()
    try:
        with hooks.follow(progress, "up"):
            result = engine.up(progress, diff=diff, targets=targets, refresh=refresh)
    except KeyboardInterrupt:
        raise interrupted(name) from None
    return Outcome(f"stack {name} updated", {name: result})


def destroy(
    engine: StackEngine,
    hooks: Hooks,
    *,
    unprotect: bool = False,
    targets: Sequence[str] = (),
    refresh: bool = False,
) -> Outcome:
    """Destroy what the stack holds (its own record, not a file), after the name is typed."""
    stored = engine.stored()
    refuse_protected([stored], unprotect)
    if not hooks.confirm_name(stored.describe(), stored.name):
        raise Declined("declined: the name did not match; nothing was destroyed")
    result = _destroy_stack(engine, stored, hooks, targets=targets, refresh=refresh)
    return Outcome(f"destroyed {stored.describe()}", {engine.stack_name: result})


def refresh(engine: StackEngine, hooks: Hooks) -> Outcome:
    """Read the real state from Azure into the stack."""
    progress = Progress()
    with hooks.follow(progress, "refresh"):
        result = engine.refresh(progress)
    return Outcome(f"refreshed stack {engine.stack_name}", {engine.stack_name: result})


def _destroy_stack(
    engine: StackEngine,
    stored: Stored,
    hooks: Hooks,
    *,
    targets: Sequence[str] = (),
    refresh: bool = False,
) -> Result:
    if stored.protect:
        lift = Progress()
        with hooks.follow(lift, f"unprotect {engine.stack_name}"):
            engine.lift_protection(stored, lift)
    progress = Progress()
    with hooks.follow(progress, f"destroy {engine.stack_name}"):
        return engine.destroy(progress, targets=targets, refresh=refresh)


# Fleets ---------------------------------------------------------------------------------


def check_fleet(fleet: ResolvedFleet) -> None:
    """Refuse (exit 3) a fleet whose file or members have errors, each member's findings
    named by its path in the fleet file."""

    if fleet.ok:
        return
    problems = list(fleet.findings)
    for item in fleet.members:
        problems.extend(
            Finding(
                f.level, f.code, f"spec.members[{item.name}].{f.path}", f.value, f.layer, f.message
            )
            for f in item.resolved.findings
        )
    raise SpecInvalid(problems)


def fleet_engines(
    fleet: ResolvedFleet, make_engine: MakeEngine, member: str | None, *, configured: bool = True
) -> tuple[StackEngine | None, list[StackEngine]]:
    """The fleet stack's engine (None with `member`) and one engine per member stack; with
    `configured`, each carries its spec and fleet config (destroy works from the stacks')."""
    names = [m.name for m in fleet.members]
    if member is not None and member not in names:
        raise NotFound(f"fleet {fleet.name} has no member {member!r} (members: {', '.join(names)})")
    own = None
    if member is None:
        extra = {FLEET_CONFIG: json.dumps(fleet.fleet.outline(), sort_keys=True)}
        own = make_engine(
            fleet.name,
            None,
            extra=extra if configured else None,
            location=fleet.fleet.metadata.location if configured else None,
        )
    members = []
    for item in fleet.members:
        if member is not None and item.name != member:
            continue
        membership = Membership(fleet.name, fleet.resource_group, item.name, item.group)
        extra = {MEMBER_CONFIG: json.dumps(membership.to_dict(), sort_keys=True)}
        members.append(
            make_engine(
                item.stack,
                item.document if configured else None,
                extra=extra if configured else None,
            )
        )
    return own, members


def run_all(
    engines: Sequence[StackEngine],
    operation: Callable[[StackEngine], Result],
    parallel: int,
) -> tuple[dict[str, Result], dict[str, str]]:
    """Run one operation on each engine, at most `parallel` at once; collect failures."""
    results: dict[str, Result] = {}
    failures: dict[str, str] = {}

    def one(engine: StackEngine) -> None:
        try:
            results[engine.stack_name] = operation(engine)
        except AksKitError as exc:
            failures[engine.stack_name] = exc.message

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        list(pool.map(one, engines))
    return results, failures


def fleet_up(
    fleet: ResolvedFleet,
    make_engine: MakeEngine,
    hooks: Hooks,
    *,
    apply: bool,
    member: str | None = None,
    parallel: int = 4,
    diff: bool = False,
    refresh: bool = False,
    allow_replace: bool = False,
    create_stack: bool = True,
) -> Outcome:
    """Preview every stack of the fleet; with `apply`, refuse destructive steps unless
    allowed, confirm, then update the fleet's own stack first and its members after.
    Without `apply` the refusals are only recorded on each result (see `preview`), and
    stacks are created only with `create_stack`."""
    check_fleet(fleet)
    own, members = fleet_engines(fleet, make_engine, member)
    hooks.preflight()
    engines = ([own] if own else []) + members
    for backend in {engine.backend for engine in engines}:
        prepare(backend)  # once, before member stacks run in threads
    planned: dict[str, Progress] = {}

    def preview_one(engine: StackEngine) -> Result:
        progress = Progress()
        planned[engine.stack_name] = progress
        with hooks.follow(progress, f"preview {engine.stack_name}"):
            return engine.preview(
                progress, diff=diff, refresh=refresh, create_stack=create_stack or apply
            )

    previews, failures = run_all(engines, preview_one, parallel)
    if failures:
        return Outcome(
            f"preview of fleet {fleet.name}",
            previews,
            failures,
            fleet=True,
            failure=f"{len(failures)} stacks failed",
        )
    if not apply:
        outcome = Outcome(f"preview of fleet {fleet.name}", previews, fleet=True)
        _record_guard(outcome, planned, allow_replace)
        return outcome
    guard.check(planned, allow_replace=allow_replace)
    changing = {name: _changing(result) for name, result in previews.items()}
    total = sum(changing.values())
    if not total:
        return Outcome(f"fleet {fleet.name} is up to date: no changes", previews, fleet=True)
    stacks = sum(1 for count in changing.values() if count)
    if not hooks.confirm(f"Apply {total} changes in {stacks} stacks of fleet {fleet.name}?"):
        raise Declined("declined: nothing was changed")

    def update(engine: StackEngine) -> Result:
        progress = Progress()
        with hooks.follow(progress, f"up {engine.stack_name}"):
            return engine.up(progress, diff=diff, refresh=refresh)

    results: dict[str, Result] = {}
    try:
        if own is not None:
            first, failed = run_all([own], update, 1)
            results.update(first)
            if failed:
                return Outcome(
                    f"fleet {fleet.name}: its stack failed",
                    results,
                    failed,
                    fleet=True,
                    failure=f"the fleet stack {fleet.name} failed; no member was updated",
                )
        done, failures = run_all(members, update, parallel)
    except KeyboardInterrupt:
        raise interrupted(f"the stacks of fleet {fleet.name}") from None
    results.update(done)
    return Outcome(
        f"fleet {fleet.name} updated",
        results,
        failures,
        fleet=True,
        failure=f"{len(failures)} stacks failed" if failures else None,
    )


def fleet_destroy(
    fleet: ResolvedFleet,
    make_engine: MakeEngine,
    hooks: Hooks,
    *,
    member: str | None = None,
    parallel: int = 4,
    unprotect: bool = False,
) -> Outcome:
    """Destroy a fleet's member stacks (at most `parallel` at once), then its own stack."""
    own, members = fleet_engines(fleet, make_engine, member, configured=False)
    engines = [*members, *([own] if own else [])]
    stored = {engine.stack_name: engine.stored() for engine in engines}
    refuse_protected(list(stored.values()), unprotect)
    what = f"{len(members)} member clusters" + (f" and fleet {fleet.name}" if own else "")
    if not hooks.confirm_name(what, member or fleet.name):
        raise Declined("declined: the name did not match; nothing was destroyed")

    def destroy_one(engine: StackEngine) -> Result:
        return _destroy_stack(engine, stored[engine.stack_name], hooks)

    results, failures = run_all(members, destroy_one, parallel)
    if own is not None and not failures:
        done, failed = run_all([own], destroy_one, 1)
        results.update(done)
        failures.update(failed)
    failure = None
    if failures:
        failure = f"{len(failures)} stacks failed" + (
            "; the fleet stack is kept while members remain" if own is not None else ""
        )
    return Outcome(f"destroyed {what}", results, failures, fleet=True, failure=failure)
