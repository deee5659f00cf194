"""`aks-kit preview | up -f fleet.yaml`: the fleet's stack, then its members' stacks.

The fleet stack goes first (members join a fleet that must exist); member stacks then run
at most `--parallel` at a time, which keeps ARM's per-subscription throttling (agent pool
PUTs: a burst of 20, then one a minute) and the blast radius of a mistake bounded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aks_kit.presets.fleet import ResolvedFleet
    from aks_kit.stacks.engine import Engine, Result


def fleet_engines(
    fleet: ResolvedFleet,
    make_engine: Callable[..., Engine],
    member: str | None,
) -> tuple[Engine | None, list[Engine]]:
    """The fleet stack's engine (None with --member) and one engine per member stack."""
    from aks_kit.errors import NotFound
    from aks_kit.stacks.config_keys import FLEET_CONFIG, MEMBER_CONFIG
    from aks_kit.stacks.fleet_render import Membership

    names = [m.name for m in fleet.members]
    if member is not None and member not in names:
        raise NotFound(f"fleet {fleet.name} has no member {member!r} (members: {', '.join(names)})")
    fleet_engine = None
    if member is None:
        fleet_engine = make_engine(
            fleet.name,
            None,
            extra={FLEET_CONFIG: json.dumps(fleet.fleet.outline(), sort_keys=True)},
            location=fleet.fleet.metadata.location,
        )
    members = []
    for item in fleet.members:
        if member is not None and item.name != member:
            continue
        membership = Membership(fleet.name, fleet.resource_group, item.name, item.group)
        members.append(
            make_engine(
                item.stack,
                item.document,
                extra={MEMBER_CONFIG: json.dumps(membership.to_dict(), sort_keys=True)},
            )
        )
    return fleet_engine, members


def run_all(
    engines: Sequence[Engine],
    operation: Callable[[Engine], Result],
    parallel: int,
) -> tuple[dict[str, Result], dict[str, str]]:
    """Run one operation on each engine, at most `parallel` at once; collect failures."""
    from aks_kit.errors import AksKitError

    results: dict[str, Result] = {}
    failures: dict[str, str] = {}

    def one(engine: Engine) -> None:
        try:
            results[engine.stack_name] = operation(engine)
        except AksKitError as exc:
            failures[engine.stack_name] = exc.message

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        list(pool.map(one, engines))
    return results, failures


def report(results: dict[str, Result], failures: dict[str, str], output: Any, title: str) -> None:
    from .output import emit
    from .progress_view import changes_table

    data = {
        "stacks": {name: result.to_dict() for name, result in results.items()},
        "failed": failures,
    }

    def table() -> list[Any]:
        rows: list[Any] = [title]
        for name, result in results.items():
            rows += [f"stack {name}:", changes_table(result.changes)]
        rows += [f"stack {name} failed: {message}" for name, message in failures.items()]
        return rows

    emit(data, output, table)
