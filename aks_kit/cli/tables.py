"""Tables whose names are never cut: name columns keep their width, text columns fold.

A table that fits prints as columns; in a terminal too narrow for the name columns plus a
readable text column, each row prints as its names on one line and its text indented below,
so a name is never cut or wrapped to make room. Through a pipe or into a file the console is
as wide as the longest line (see `output.console`), so nothing wraps at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

GAP = 2
MIN_TEXT = 16
"""The narrowest a text column gets before rows stack instead."""


@dataclass
class Column:
    header: str
    name: bool = False
    """A name (or path) column: never folded; other columns fold to fit."""
    style: str = ""


@dataclass
class NameTable:
    """Rows of cells under `columns`; renders as a table, or stacked when too narrow."""

    columns: Sequence[Column]
    rows: list[Sequence[str]] = field(default_factory=list)
    lead: int = 0
    """In the stacked form, the column that starts each row (the resource's name)."""

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)

    def widths(self) -> list[int]:
        return [
            max([len(column.header), *(len(row[i]) for row in self.rows)])
            for i, column in enumerate(self.columns)
        ]

    def fits(self, width: int) -> bool:
        widths = self.widths()
        names = sum(w for w, c in zip(widths, self.columns, strict=True) if c.name)
        texts = [w for w, c in zip(widths, self.columns, strict=True) if not c.name]
        needed = names + sum(min(w, MIN_TEXT) for w in texts)
        return needed + GAP * (len(self.columns) - 1) <= width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.fits(options.max_width):
            yield self._table()
        else:
            yield from self._stacked()

    def _table(self) -> RenderableType:
        from rich.table import Table
        from rich.text import Text

        grid = Table(box=None, pad_edge=False, padding=(0, GAP, 0, 0), show_edge=False)
        for column in self.columns:
            grid.add_column(
                column.header,
                no_wrap=column.name,
                overflow="ellipsis" if column.name else "fold",
                style=column.style,
                header_style="bold",
            )
        for row in self.rows:
            grid.add_row(*(Text(cell) for cell in row))
        return grid

    def _stacked(self) -> Iterable[RenderableType]:
        from rich.padding import Padding
        from rich.text import Text

        for row in self.rows:
            yield Text(row[self.lead], style="bold", no_wrap=True, overflow="ignore")
            rest = [
                f"{column.header.lower()}: {cell}" if column.name else cell
                for i, (column, cell) in enumerate(zip(self.columns, row, strict=True))
                if i != self.lead and cell
            ]
            if rest:
                yield Padding(Text(", ".join(rest), overflow="fold"), (0, 0, 0, 4))
