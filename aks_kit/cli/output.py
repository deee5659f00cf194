"""Output formats, the consoles' widths, and the renderables commands share (findings,
sources); printing itself is the `Application`'s (`application.py`)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


class Format(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


UNLIMITED = 10_000
"""The width of a console that is not a terminal: a pipe or a file never wraps a line."""


def console_width(stream: Any) -> int | None:
    """COLUMNS when set (a terminal or not); a terminal's own size otherwise (None lets
    rich ask it); no limit for a pipe or a file, so `grep` finds whole lines."""
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        tty = False
    return None if tty else UNLIMITED


def console(*, stderr: bool = False) -> Console:
    """A console for stdout or stderr: its width as `console_width` says, and every piece
    of text printed with control characters escaped (`safe_text`)."""
    from .safe_text import safe_console

    stream = sys.stderr if stderr else sys.stdout
    # messages on stderr stay whole lines (the terminal wraps them); data on stdout folds
    return safe_console(
        stderr=stderr, width=console_width(stream), soft_wrap=stderr, highlight=False
    )


def file_console() -> Console:
    """For `--out FILE`: no terminal, no width limit, no styles."""
    from .safe_text import safe_console

    return safe_console(
        width=UNLIMITED,
        soft_wrap=False,
        highlight=False,
        no_color=True,
        force_terminal=False,
        color_system=None,
    )


def rendered(console: Console, renderables: list[RenderableType]) -> str:
    """The text the renderables print on `console`; without a terminal, lines carry no
    trailing padding (rich pads table cells to their column's width). Strings are literal
    text, never markup: a value such as `[secret]` or `[stack] message` prints as it is."""
    from rich.text import Text

    with console.capture() as capture:
        for renderable in renderables:
            console.print(Text(renderable) if isinstance(renderable, str) else renderable)
    text = capture.get()
    if console.is_terminal:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def show_value(value: Any) -> str:
    """A value as one short line for tables: YAML-ish scalars, JSON for collections."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "-"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(", ", ": "))
    return str(value)


def findings_table(findings: list[Any]) -> list[RenderableType]:
    """Findings as lines: `error  spec.x = v (from layer): message`."""
    from rich.text import Text

    from aks_kit.presets.facts import UNCONFIRMED_LEGEND, UNCONFIRMED_MARK

    styles = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    lines: list[RenderableType] = []
    marked = False
    for finding in findings:
        line = Text()
        line.append(f"{finding.level:<8}", style=styles.get(finding.level, ""))
        text = finding.render()
        marked = marked or UNCONFIRMED_MARK in text
        line.append(text)
        lines.append(line)
    if marked:
        lines.append(Text(UNCONFIRMED_LEGEND))
    return lines


def with_legend(text: str) -> str:
    """Text that shows the unconfirmed mark gets the legend once, at the end."""
    from aks_kit.presets.facts import UNCONFIRMED_LEGEND, UNCONFIRMED_MARK

    if UNCONFIRMED_MARK not in text or UNCONFIRMED_LEGEND in text:
        return text
    return text.rstrip("\n") + f"\n\n{UNCONFIRMED_LEGEND}\n"


def grouped_findings(
    stacked: list[tuple[str, Any]], levels: tuple[str, ...]
) -> list[RenderableType]:
    """Findings of several stacks, each said once: `warning [eus2-01, eus2-02 and 13 more]
    spec.nodePools = 5000 ...` instead of the same line for every member."""
    from rich.text import Text

    groups: dict[tuple[str, str], list[str]] = {}
    for stack, finding in stacked:
        if finding.level in levels:
            groups.setdefault((finding.level, finding.render()), []).append(stack)
    styles = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    lines: list[RenderableType] = []
    for (level, text), stacks in groups.items():
        names = ", ".join(stacks[:3])
        if len(stacks) > 3:
            names = f"{', '.join(stacks[:2])} and {len(stacks) - 2} more"
        line = Text()
        line.append(f"{level:<8}", style=styles.get(level, ""))
        line.append(f"[{names}] {text}")
        lines.append(line)
    return lines


def sources_table(resolved: Any) -> RenderableType:
    """Every value of a resolved spec with the layer that set it (`presets show`,
    `plan --explain`)."""
    from aks_kit.presets.explain import sources

    from .tables import Column, NameTable

    grid = NameTable([Column("PATH", name=True), Column("VALUE"), Column("FROM")])
    for path, value, layer in sources(resolved):
        grid.add_row(path, show_value(value), layer)
    return grid
