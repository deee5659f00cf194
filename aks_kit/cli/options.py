"""Option types shared by commands, so every command spells a flag the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import Format

OutputOpt = Annotated[
    Format, typer.Option("--output", "-o", help="Output format.", case_sensitive=False)
]


def complete_preset(incomplete: str) -> list[str]:
    """Shell completion for --preset: the preset names on the search path."""
    from aks_kit.presets.catalog import list_presets

    try:
        names = [entry.name for entry in list_presets()]
    except Exception:  # completion must never print an error into the shell
        return []
    return [name for name in names if name.startswith(incomplete)]


PresetOpt = Annotated[
    str | None,
    typer.Option(
        "--preset",
        "-p",
        help="Start from this preset (name or path).",
        autocompletion=complete_preset,
    ),
]
FileOpt = Annotated[
    str | None,
    typer.Option("--file", "-f", help="Cluster spec file; '-' reads stdin.", show_default=False),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override one value: PATH=VALUE (repeatable).", show_default=False),
]
PresetDirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--preset-dir", help="Also look for presets here (repeatable).", show_default=False
    ),
]
NameOpt = Annotated[str | None, typer.Option("--name", help="Cluster name (metadata.name).")]
LocationOpt = Annotated[
    str | None, typer.Option("--location", help="Azure region (metadata.location).")
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite the --out file if it exists (never an input).")
]
