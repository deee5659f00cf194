"""`aks-kit plan`: what would be created, offline (no engine, credentials or network)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import FileOpt, LocationOpt, NameOpt, PresetDirOpt, PresetOpt, SetOpt

if TYPE_CHECKING:
    from rich.console import RenderableType

EXIT_INVALID = 3


class PlanFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"
    mermaid = "mermaid"


def plan(
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    output: Annotated[
        PlanFormat, typer.Option("--output", "-o", help="Output format.", case_sensitive=False)
    ] = PlanFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the output to this file instead.")
    ] = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Also show every spec value and the layer that set it."),
    ] = False,
) -> None:
    """Show every resource a cluster needs, with findings; exit 3 when they block."""
    from aks_kit.presets.errors import UsageError
    from aks_kit.presets.resolve import resolve
    from aks_kit.stacks.plan import make_plan, plan_document

    from . import plan_output
    from .output import emit, render_text, stdout

    if preset is None and file is None:
        raise UsageError("plan needs --preset NAME or -f FILE")
    resolved = resolve(
        preset=preset,
        file=file,
        sets=set_ or (),
        preset_dirs=preset_dir or (),
        name=name,
        location=location,
    )
    the_plan = make_plan(resolved)
    fmt = output.value
    if fmt in ("json", "yaml"):
        text = render_text(plan_document(the_plan, explain=explain), fmt)
    elif fmt == "markdown":
        text = plan_output.plan_markdown(the_plan)
    elif fmt == "mermaid":
        text = plan_output.plan_mermaid(the_plan)
    else:

        def table() -> list[RenderableType]:
            parts = plan_output.plan_table(the_plan)
            return [*plan_output.explain_table(the_plan), *parts] if explain else parts

        if out is None:
            emit(None, "table", table)
            text = ""
        else:
            console = stdout()
            with console.capture() as capture:
                for renderable in table():
                    console.print(renderable)
            text = capture.get()
    if text:
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if out is not None:
        from .output import stderr

        stderr().print(f"wrote {out}")
    if the_plan.blocked:
        raise typer.Exit(EXIT_INVALID)
