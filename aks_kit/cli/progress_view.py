"""Showing engine progress: a live table on a terminal, timestamped lines otherwise."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aks_kit.stacks.resource_types import short_type_name

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from aks_kit.stacks.progress import Progress, Step

VERBS = {
    "create": ("creating", "created"),
    "update": ("updating", "updated"),
    "delete": ("deleting", "deleted"),
    "replace": ("replacing", "replaced"),
    "create-replacement": ("creating replacement", "created replacement"),
    "delete-replaced": ("deleting replaced", "deleted replaced"),
    "refresh": ("refreshing", "refreshed"),
    "read": ("reading", "read"),
}
INFO = "\u2139"  # the information sign eksctl's logs use
ICONS = {"planned": INFO, "started": "▶", "done": "✔", "failed": "✖"}
HEARTBEAT_SECONDS = 60.0


def duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def short_type(step: Step) -> str:
    return short_type_name(step.type)


class ProgressView:
    """Renders a Progress while an operation runs; the engine thread only updates data."""

    def __init__(self, console: Console, *, live: bool | None = None) -> None:
        self.console = console
        self.live = console.is_terminal if live is None else live

    @contextmanager
    def follow(self, progress: Progress, operation: str) -> Iterator[None]:
        """Show progress while the block runs, then one line with the final counts."""
        started = progress.clock()
        try:
            if self.live:
                with self._live(progress, operation):
                    yield
            else:
                with self._lines(progress, operation):
                    yield
        finally:
            self.line("done", final_counts(progress, operation, progress.clock() - started))

    @contextmanager
    def _live(self, progress: Progress, operation: str) -> Iterator[None]:
        from rich.live import Live

        with Live(
            self._table(progress, operation), console=self.console, refresh_per_second=2
        ) as live:
            stop = threading.Event()

            def refresh() -> None:
                while not stop.wait(0.5):
                    live.update(self._table(progress, operation))

            worker = threading.Thread(target=refresh, daemon=True)
            worker.start()
            try:
                yield
            finally:
                stop.set()
                worker.join()
                live.update(self._table(progress, operation))

    def _table(self, progress: Progress, operation: str) -> RenderableType:
        from rich.table import Table
        from rich.text import Text

        now = progress.clock()
        counts = progress.counts()
        title = (
            f"{operation}: {counts['done']} done, {counts['running']} in progress, "
            f"{counts['failed']} failed, {counts['planned']} planned"
        )
        grid = Table(title=title, title_justify="left", box=None, pad_edge=False)
        grid.add_column("")
        grid.add_column("RESOURCE", overflow="fold")
        grid.add_column("TYPE")
        grid.add_column("OPERATION")
        grid.add_column("TIME", justify="right")
        marks = {"planned": "·", "running": "▶", "done": "✔", "failed": "✖"}
        for step in progress.snapshot():
            grid.add_row(
                Text(marks.get(step.status, "?")),
                Text(step.name),
                Text(short_type(step)),
                Text(step.op),
                Text(duration(step.elapsed(now)) if step.started else ""),
            )
        return grid

    @contextmanager
    def _lines(self, progress: Progress, operation: str) -> Iterator[None]:
        def listener(kind: str, step: Step) -> None:
            self.line(kind, self._describe(kind, step, progress.clock()))

        progress.listeners.append(listener)
        stop = threading.Event()

        def heartbeat() -> None:
            while not stop.wait(HEARTBEAT_SECONDS):
                now = progress.clock()
                for step in progress.snapshot():
                    if step.status == "running":
                        verb = VERBS.get(step.op, (step.op, step.op))[0]
                        self.line(
                            "started",
                            f"still {verb} {step.name} ({duration(step.elapsed(now))})",
                        )

        worker = threading.Thread(target=heartbeat, daemon=True)
        worker.start()
        self.line("planned", f"{operation} started")
        try:
            yield
        finally:
            stop.set()
            worker.join()
            progress.listeners.remove(listener)

    def _describe(self, kind: str, step: Step, now: float) -> str:
        doing, done = VERBS.get(step.op, (step.op, step.op))
        label = f"{step.name} ({short_type(step)})"
        if kind == "planned":
            return f"will {step.op} {label}"
        if kind == "started":
            return f"{doing} {label}"
        if kind == "done":
            return f"{done} {label} in {duration(step.elapsed(now))}"
        return f"failed to {step.op} {label}: {step.message or 'see the error below'}"

    def line(self, kind: str, text: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.console.print(
            f"{stamp} [{ICONS.get(kind, INFO)}] {text}", markup=False, highlight=False
        )


def final_counts(progress: Progress, operation: str, seconds: float) -> str:
    counts = progress.counts()
    parts = [f"{counts[status]} {status}" for status in ("done", "failed") if counts[status]]
    planned = counts["planned"]
    if planned:
        parts.append(f"{planned} planned")
    return f"{operation} finished in {duration(seconds)}: {', '.join(parts) or 'no changes'}"


def changes_table(changes: dict[str, Any]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    grid = Table("CHANGE", "RESOURCES", box=None, pad_edge=False)
    for op, count in sorted(changes.items()):
        grid.add_row(Text(op), Text(str(count)))
    return grid
