"""`aks-kit plan`: what would be created, offline (no engine, credentials or network)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    from aks_kit.presets.resolve import file_kind, load_fleet, resolve
    from aks_kit.stacks.plan import make_plan, plan_document

    from . import plan_output
    from .output import emit, render_text, stdout

    if preset is None and file is None:
        raise UsageError("plan needs --preset NAME or -f FILE")
    stdin_text = sys.stdin.read() if file == "-" else None
    if file is not None and file_kind(file, stdin_text) == "Fleet":
        if preset or set_ or name or location:
            raise UsageError("a Fleet file takes no --preset, --set, --name or --location")
        plan_fleet(load_fleet(file, preset_dir or (), stdin_text), output.value, out)
        return
    resolved = resolve(
        preset=preset,
        file=file,
        sets=set_ or (),
        preset_dirs=preset_dir or (),
        name=name,
        location=location,
        stdin_text=stdin_text,
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


def plan_fleet(fleet: Any, fmt: str, out: Path | None) -> None:
    """The fleet plan: one stack for the fleet, one per member; exit 3 when it blocks."""
    from aks_kit.stacks.plan import fleet_plan_document, make_fleet_plan

    from . import plan_output
    from .output import render_text, stderr, stdout

    plan = make_fleet_plan(fleet)
    if fmt in ("json", "yaml"):
        text = render_text(fleet_plan_document(plan), fmt)
    elif fmt == "markdown":
        text = plan_output.fleet_markdown(plan)
    elif fmt == "mermaid":
        text = plan_output.fleet_mermaid(plan)
    else:
        console = stdout()
        if out is None:
            for renderable in plan_output.fleet_table(plan):
                console.print(renderable)
            text = ""
        else:
            with console.capture() as capture:
                for renderable in plan_output.fleet_table(plan):
                    console.print(renderable)
            text = capture.get()
    if text:
        if out is not None:
            out.write_text(text, encoding="utf-8")
            stderr().print(f"wrote {out}")
        else:
            sys.stdout.write(text)
    if plan.blocked:
        raise typer.Exit(EXIT_INVALID)
