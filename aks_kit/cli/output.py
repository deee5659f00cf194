"""Output formats and the renderables commands share (findings, sources); printing itself
is the `Application`'s (`application.py`)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType


class Format(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


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
