"""Printing: data to stdout in the chosen format, messages to stderr (design §7)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


class Format(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


def stdout() -> Console:
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_text(data: Any, fmt: str) -> str:
    if fmt == "json":
        return to_json(data)
    from aks_kit.presets.yamlio import dump_yaml

    return dump_yaml(data)


def emit(
    data: Any,
    fmt: Format | str,
    table: Callable[[], list[RenderableType]],
) -> None:
    """Print `data` as JSON/YAML, or the renderables `table()` builds."""
    value = fmt.value if isinstance(fmt, Format) else fmt
    if value in ("json", "yaml"):
        sys.stdout.write(render_text(data, value))
        return
    console = stdout()
    for renderable in table():
        console.print(renderable)


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

    styles = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    lines: list[RenderableType] = []
    for finding in findings:
        line = Text()
        line.append(f"{finding.level:<8}", style=styles.get(finding.level, ""))
        line.append(finding.render())
        lines.append(line)
    return lines


def sources_table(resolved: Any) -> RenderableType:
    """Every value of a resolved spec with the layer that set it (`presets show`,
    `plan --explain`)."""
    from rich.table import Table
    from rich.text import Text

    from aks_kit.presets.explain import sources

    grid = Table(box=None, pad_edge=False)
    grid.add_column("PATH", no_wrap=True)
    grid.add_column("VALUE", overflow="fold")
    grid.add_column("FROM", no_wrap=True)
    for path, value, layer in sources(resolved):
        grid.add_row(Text(path), Text(show_value(value)), Text(layer))
    return grid
