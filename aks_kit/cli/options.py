"""Option types shared by commands, so every command spells a flag the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import Format

OutputOpt = Annotated[
    Format, typer.Option("--output", "-o", help="Output format.", case_sensitive=False)
]
PresetOpt = Annotated[
    str | None, typer.Option("--preset", "-p", help="Start from this preset (name or path).")
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
