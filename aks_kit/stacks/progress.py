"""Progress from engine events: what is planned, running, done or failed, and for how long.

The Automation API calls `Progress.handle` on a worker thread for every engine event; it
must never raise (an exception there would be lost or kill the stream), so it records what
it could not read instead. Renderers read `snapshot()` from the main thread.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from .resource_types import BY_TOKEN, GUARDED_ARM_TYPES

# Operations that remove what exists: `up` refuses them on these types unless allowed.
DESTRUCTIVE_OPS = {"replace", "create-replacement", "delete-replaced", "delete"}
SKIP_TYPES = ("pulumi:pulumi:Stack", "pulumi:providers:", "aks-kit:index:")


@dataclass(frozen=True)
class Step:
    urn: str
    name: str
    type: str
    op: str
    status: str = "planned"
    """planned, running, done or failed."""
    started: float | None = None
    finished: float | None = None
    message: str = ""
    protect: bool = False
    """The resource is protected: Pulumi refuses to replace or delete it."""
    replace_keys: tuple[str, ...] = ()
    """The properties that force a replacement."""
    diffs: tuple[str, ...] = ()
    """The top-level properties that differ (the engine's `diffs`)."""

    def elapsed(self, now: float) -> float:
        if self.started is None:
            return 0.0
        return (self.finished or now) - self.started


@dataclass
class Progress:
    clock: Callable[[], float] = time.monotonic
    steps: dict[str, Step] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)
    diagnostics: list[str] = field(default_factory=list)
    unreadable: int = 0
    """Engine events that could not be read: the guard refuses a preview with any."""
    ops: dict[str, int] = field(default_factory=dict)
    """Every planned or started step's operation, counted (stack and providers included):
    what the summary's counts are checked against."""
    cancelled: bool = False
    listeners: list[Callable[[str, Step], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, event: Any) -> None:
        """The `on_event` callback: never raises."""
        try:
            with self._lock:
                changed = self._apply(event)
            for kind, step in changed:
                for listener in self.listeners:
                    listener(kind, step)
        except Exception:
            self.unreadable += 1

    def _apply(self, event: Any) -> list[tuple[str, Step]]:
        now = self.clock()
        if event.resource_pre_event is not None:
            meta = event.resource_pre_event.metadata
            op = str(getattr(meta.op, "value", meta.op))
            urn = str(meta.urn)
            if not isinstance(meta.urn, str) or "::" not in urn:
                raise ValueError(f"a step without a readable URN: {meta.urn!r}")
            self.ops[op] = self.ops.get(op, 0) + 1
            if _skip(meta.type) or meta.op == "same":
                return []
            planning = bool(event.resource_pre_event.planning)
            step = Step(
                urn=meta.urn,
                name=meta.urn.rsplit("::", 1)[-1],
                type=_arm_or_token(meta),
                op=str(getattr(meta.op, "value", meta.op)),
                status="planned" if planning else "running",
                started=None if planning else now,
                protect=_protected(meta),
                replace_keys=tuple(meta.keys or ()),
                diffs=tuple(meta.diffs or ()),
            )
            self.steps[meta.urn] = step
            return [("planned" if planning else "started", step)]
        if event.res_outputs_event is not None:
            meta = event.res_outputs_event.metadata
            old = self.steps.get(meta.urn)
            if old is None or event.res_outputs_event.planning:
                return []
            step = replace(old, status="done", finished=now)
            self.steps[meta.urn] = step
            return [("done", step)]
        if event.res_op_failed_event is not None:
            meta = event.res_op_failed_event.metadata
            old = self.steps.get(meta.urn) or Step(
                meta.urn,
                meta.urn.rsplit("::", 1)[-1],
                _arm_or_token(meta),
                str(getattr(meta.op, "value", meta.op)),
            )
            step = replace(old, status="failed", finished=now)
            self.steps[meta.urn] = step
            return [("failed", step)]
        if event.diagnostic_event is not None:
            diag = event.diagnostic_event
            if diag.severity == "error":
                text = diag.message.strip()
                self.diagnostics.append(text)
                if diag.urn and diag.urn in self.steps:
                    self.steps[diag.urn] = replace(self.steps[diag.urn], message=text)
            return []
        if event.summary_event is not None:
            changes = event.summary_event.resource_changes or {}
            self.summary = {str(getattr(k, "value", k)): int(v) for k, v in changes.items()}
            return []
        if event.cancel_event is not None:
            self.cancelled = True
        return []

    def snapshot(self) -> list[Step]:
        with self._lock:
            return list(self.steps.values())

    def counts(self) -> Counter[str]:
        return Counter(step.status for step in self.snapshot())

    def destructive(self) -> list[Step]:
        """Steps that replace or delete a cluster, pool, subnet, VNet or identity."""
        return [
            step
            for step in self.snapshot()
            if step.op in DESTRUCTIVE_OPS and step.type in GUARDED_ARM_TYPES
        ]

    def changing(self) -> list[Step]:
        """The steps that change something (the engine reports no step for unchanged ones),
        in the order the engine announced them."""
        return [step for step in self.snapshot() if step.op not in ("same", "read")]

    def failures(self) -> list[Step]:
        return [step for step in self.snapshot() if step.status == "failed"]


def _skip(token: str) -> bool:
    return token.startswith(SKIP_TYPES)


def _arm_or_token(meta: Any) -> str:
    """The ARM type: the generic resource's from its inputs (a cluster or a pool), a typed
    class's from its token; else the token itself."""
    for state in (meta.new, meta.old):
        inputs = getattr(state, "inputs", None) or {}
        rtype, namespace = inputs.get("resourceType"), inputs.get("resourceProviderNamespace")
        if rtype and namespace:
            parent = inputs.get("parentResourcePath") or ""
            kind = f"{parent.split('/')[0]}/{rtype}" if parent else rtype
            return f"{namespace}/{kind}"
    known = BY_TOKEN.get(str(meta.type))
    return known.arm_type if known and known.arm_type else str(meta.type)


def _protected(meta: Any) -> bool:
    """Whether the step's old or new state is protected."""
    return any(bool(getattr(state, "protect", False)) for state in (meta.old, meta.new))
