"""The deployment workflow of one stack: preview, guard, confirm, apply; destroy; refresh.

Everything `aks-kit preview | up | destroy | refresh` decides lives here (fleets in
`fleet_deploy`), free of Typer: the caller hands in an engine and `Hooks` for what needs a
person or a screen (follow progress, answer a question, type a name to confirm), and gets an
`Outcome` back to render. Refusals are `aks_kit.errors` exceptions with their exit codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from aks_kit.errors import Blocked, Declined, EngineFailed, Interrupted
from aks_kit.presets.counts import count
from aks_kit.presets.model import ClusterDocument

from . import guard
from .engine import Result, Stored
from .progress import Progress, Step
from .spec_changes import SpecChanges, classify, refuse_rejected, unreadable
from .state import Backend


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
    planned: Callable[[str, list[Step], SpecChanges], None] = lambda stack, steps, spec: None
    """Lists each resource a preview of a stack plans to change, with its changed fields and
    their classes (or the engine's changed inputs), before anything is asked or refused."""
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
    missing: list[str] = field(default_factory=list)
    """A fleet preview's stacks that do not exist yet (`up` creates them): not previewed."""

    def to_dict(self) -> dict[str, Any]:
        if not self.fleet:
            (result,) = self.results.values()
            return result.to_dict()
        return {
            "stacks": {name: result.to_dict() for name, result in self.results.items()},
            "failed": self.failures,
            "missing": self.missing,
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


def changes_in(result: Result) -> int:
    return sum(n for op, n in result.changes.items() if op != "same")


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
    document: ClusterDocument | None = None,
    allow_rejected: bool = False,
) -> Outcome:
    """What `up` would change, against the stack's state (which must exist unless
    `create_stack`). What `up` would refuse is recorded on the outcome, so the caller shows
    the preview and then refuses it (`refuse_after_preview`, exit 3): a green preview never
    turns into a blocked `up`. `document` is the spec being previewed."""
    hooks.preflight()
    name = engine.stack_name
    spec = spec_changes(engine, document, allow_rejected=allow_rejected)
    progress = Progress()
    with hooks.follow(progress, "preview"), _protected_failure(name, progress, allow_replace):
        result = engine.preview(
            progress, diff=diff, targets=targets, refresh=refresh, create_stack=create_stack
        )
    hooks.planned(name, progress.snapshot(), spec)
    attach(result, spec, allow_rejected=allow_rejected)
    outcome = Outcome(f"preview of stack {name}", {name: result})
    record_guard(outcome, {engine.stack_name: progress}, allow_replace)
    return outcome


def spec_changes(
    engine: StackEngine, document: ClusterDocument | None, *, allow_rejected: bool
) -> SpecChanges:
    """The stack's changes, classified against the spec it was last deployed from. A
    deployed spec that cannot be read blocks, unless `allow_rejected`."""
    if document is None:
        return SpecChanges()
    try:
        before = engine.deployed()
    except Blocked as exc:  # the stack holds a spec this aks-kit cannot read
        if allow_rejected:
            return SpecChanges()
        raise unreadable(exc.message) from None
    return classify(before.cluster if before else None, document)


def attach(result: Result, spec: SpecChanges, *, allow_rejected: bool) -> None:
    """Record the classified changes on a result, and what `up` refuses of them."""
    result.spec_changes = list(spec.changes)
    result.rejected = [] if allow_rejected else spec.rejected


def record_guard(outcome: Outcome, planned: dict[str, Progress], allow_replace: bool) -> None:
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
    return sum(changes_in(result) for result in outcome.results.values())


def refuse_after_preview(outcome: Outcome, *, expect_no_changes: bool = False) -> None:
    """Exit 3, once the preview is shown, where `up` would refuse (the same checks), or on
    drift with `expect_no_changes`."""
    refuse_rejected((name, c) for name, result in outcome.results.items() for c in result.rejected)
    guard.check(outcome.planned, allow_replace=outcome.allow_replace)
    changed = changing(outcome)
    if expect_no_changes and changed:
        raise Blocked(f"--expect-no-changes: the preview has {count(changed, 'change')}")


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
    spec = spec_changes(engine, document, allow_rejected=allow_rejected)
    if not allow_rejected:
        refuse_rejected((name, change) for change in spec.rejected)
    planned = Progress()
    with hooks.follow(planned, "preview"), _protected_failure(name, planned, allow_replace):
        previewed = engine.preview(planned, diff=diff, targets=targets, refresh=refresh)
    hooks.planned(name, planned.snapshot(), spec)
    guard.check({name: planned}, allow_replace=allow_replace)
    total = changes_in(previewed)
    if not total:
        hooks.say(f"stack {name} is up to date: no changes")
        attach(previewed, spec, allow_rejected=allow_rejected)
        return Outcome(f"stack {name}: no changes", {name: previewed})
    if not hooks.confirm(f"Apply {count(total, 'change')} to stack {name}?"):
        raise Declined("declined: nothing was changed")
    progress = Progress()
    try:
        with hooks.follow(progress, "up"):
            result = engine.up(progress, diff=diff, targets=targets, refresh=refresh)
    except KeyboardInterrupt:
        raise interrupted(name) from None
    attach(result, spec, allow_rejected=allow_rejected)
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
    result = destroy_stack(engine, stored, hooks, targets=targets, refresh=refresh)
    return Outcome(f"destroyed {stored.describe()}", {engine.stack_name: result})


def refresh(engine: StackEngine, hooks: Hooks) -> Outcome:
    """Read the real state from Azure into the stack."""
    progress = Progress()
    with hooks.follow(progress, "refresh"):
        result = engine.refresh(progress)
    return Outcome(f"refreshed stack {engine.stack_name}", {engine.stack_name: result})


def destroy_stack(
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
