"""A fleet's deployment: its own stack first, then its members, at most `parallel` at a time.

Members join a fleet that must exist, so the fleet's stack goes first; running at most
`parallel` member stacks at once keeps ARM's per-subscription throttling (agent pool PUTs: a
burst of 20, then one a minute) and the blast radius of a mistake bounded. Each stack goes
through the same guard as a single cluster (`deploy`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from aks_kit.errors import AksKitError, Declined, NotFound, SpecInvalid
from aks_kit.presets.counts import count
from aks_kit.presets.findings import Finding
from aks_kit.presets.fleet import ResolvedFleet

from . import guard
from .config_keys import FLEET_CONFIG, MEMBER_CONFIG
from .deploy import (
    Hooks,
    MakeEngine,
    Outcome,
    StackEngine,
    attach,
    changes_in,
    destroy_stack,
    interrupted,
    record_guard,
    refuse_protected,
    spec_changes,
)
from .engine import Result
from .fleet_render import Membership
from .progress import Progress
from .spec_changes import SpecChanges, refuse_rejected
from .state import prepare


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
    allow_rejected: bool = False,
    create_stack: bool = True,
) -> Outcome:
    """Preview every stack of the fleet and list what each changes; with `apply`, refuse
    updates ARM rejects and destructive steps unless allowed, confirm, then update the
    fleet's own stack first and its members after. Without `apply` the refusals are only
    recorded on each result (see `deploy.preview`), and stacks are created only with
    `create_stack`: a stack not deployed yet (a member added to the file) is listed as
    missing, and a fleet with no stack at all is not found (exit 4)."""
    check_fleet(fleet)
    own, members = fleet_engines(fleet, make_engine, member)
    hooks.preflight()
    engines = ([own] if own else []) + members
    for backend in {engine.backend for engine in engines}:
        prepare(backend)  # once, before member stacks run in threads
    documents = {item.stack: item.document for item in fleet.members}
    planned: dict[str, Progress] = {}
    specs: dict[str, SpecChanges] = {}
    missing: list[str] = []

    def preview_one(engine: StackEngine) -> Result:
        name = engine.stack_name
        specs[name] = spec_changes(engine, documents.get(name), allow_rejected=allow_rejected)
        progress = Progress()
        planned[name] = progress
        creating = create_stack or apply
        try:
            with hooks.follow(progress, f"preview {name}"):
                return engine.preview(progress, diff=diff, refresh=refresh, create_stack=creating)
        except NotFound:
            if creating:
                raise
            missing.append(name)
            return Result("preview", {})

    previews, failures = run_all(engines, preview_one, parallel)
    if missing and len(missing) == len(engines) and not failures:
        raise NotFound(
            f"no stack of fleet {fleet.name} exists yet; a preview never creates stacks: run "
            "`aks-kit up`, or `aks-kit preview --create-stack` to preview empty ones"
        )
    for name in missing:
        previews.pop(name, None)
    missing.sort(key=[engine.stack_name for engine in engines].index)
    for engine in engines:  # the fleet's own stack first, then the members, in file order
        name = engine.stack_name
        if name in previews:
            hooks.planned(name, planned[name].snapshot(), specs[name])
            attach(previews[name], specs[name], allow_rejected=allow_rejected)
    if failures:
        return Outcome(
            f"preview of fleet {fleet.name}",
            previews,
            failures,
            fleet=True,
            failure=f"{count(len(failures), 'stack')} failed",
            missing=missing,
        )
    if not apply:
        outcome = Outcome(f"preview of fleet {fleet.name}", previews, fleet=True, missing=missing)
        record_guard(outcome, planned, allow_replace)
        return outcome
    refuse_rejected((name, c) for name, result in previews.items() for c in result.rejected)
    guard.check(planned, allow_replace=allow_replace)
    changing = {name: changes_in(result) for name, result in previews.items()}
    total = sum(changing.values())
    if not total:
        return Outcome(f"fleet {fleet.name} is up to date: no changes", previews, fleet=True)
    stacks = sum(1 for n in changing.values() if n)
    question = f"Apply {count(total, 'change')} in {count(stacks, 'stack')} of fleet {fleet.name}?"
    if not hooks.confirm(question):
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
    for name, result in results.items():
        attach(result, specs[name], allow_rejected=allow_rejected)
    return Outcome(
        f"fleet {fleet.name} updated",
        results,
        failures,
        fleet=True,
        failure=f"{count(len(failures), 'stack')} failed" if failures else None,
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
        return destroy_stack(engine, stored[engine.stack_name], hooks)

    results, failures = run_all(members, destroy_one, parallel)
    if own is not None and not failures:
        done, failed = run_all([own], destroy_one, 1)
        results.update(done)
        failures.update(failed)
    failure = None
    if failures:
        failure = f"{count(len(failures), 'stack')} failed" + (
            "; the fleet stack is kept while members remain" if own is not None else ""
        )
    return Outcome(f"destroyed {what}", results, failures, fleet=True, failure=failure)
