"""`aks-kit presets`: list, show, diff, validate and the JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aks_kit.errors import EXIT_INVALID, AksKitError, Reported, SpecInvalid

from .application import application
from .options import ForceOpt, OutputOpt, PresetDirOpt, SetOpt
from .output import Format, findings_table, show_value, sources_table

if TYPE_CHECKING:
    from rich.console import RenderableType

    from aks_kit.presets.resolve import Resolved

app = typer.Typer(help="List, show, compare and validate presets.", no_args_is_help=True)


@app.command("list")
def list_(
    ctx: typer.Context, output: OutputOpt = Format.table, preset_dir: PresetDirOpt = None
) -> None:
    """List presets: built-ins, then AKS_KIT_PRESET_PATH, then --preset-dir."""
    app = application(ctx)
    from aks_kit.presets.catalog import list_presets
    from aks_kit.presets.yamlio import read_yaml_file

    rows: list[dict[str, Any]] = []
    for entry in list_presets(preset_dir or ()):
        try:
            description = read_yaml_file(entry.path, entry.name).data.get("description")
        except Exception:  # a broken preset still lists; `validate` says what is wrong
            description = "(unreadable: run aks-kit presets validate)"
        rows.append(
            {
                "name": entry.name,
                "source": entry.source,
                "description": description if isinstance(description, str) else "",
                "shadowed": list(entry.shadowed),
            }
        )

    def table() -> list[RenderableType]:
        from rich.table import Table
        from rich.text import Text

        grid = Table("NAME", "SOURCE", "DESCRIPTION", box=None, pad_edge=False)
        for row in rows:
            note = f" (shadows {', '.join(row['shadowed'])})" if row["shadowed"] else ""
            grid.add_row(*map(Text, (row["name"], row["source"] + note, row["description"])))
        return [grid]

    app.emit(rows, output, table)


def _show_data(name: str, resolved: Resolved) -> dict[str, Any]:
    from aks_kit.presets.explain import sources

    return {
        "preset": name,
        "layers": resolved.layers,
        "document": resolved.document.dump() if resolved.document else None,
        "sources": {path: layer for path, _, layer in sources(resolved)},
        "findings": [f.to_dict() for f in resolved.findings],
    }


@app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Preset name, or a path to a preset file.")],
    output: OutputOpt = Format.table,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
) -> None:
    """Show a preset resolved, with the layer that set each value."""
    app = application(ctx)
    from aks_kit.presets.resolve import resolve

    resolved = resolve(preset=name, sets=set_ or (), preset_dirs=preset_dir or (), preset_label="")
    data = _show_data(name, resolved)

    def table() -> list[RenderableType]:
        return [sources_table(resolved), *findings_table(resolved.findings)]

    app.emit(data, output, table)
    if not resolved.ok:
        raise Reported(EXIT_INVALID)


@app.command("diff")
def diff(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="A preset name or path.")],
    second: Annotated[str, typer.Argument(help="Another preset name or path.")],
    output: OutputOpt = Format.table,
    preset_dir: PresetDirOpt = None,
) -> None:
    """Every setting where two presets differ, side by side."""
    app = application(ctx)
    from aks_kit.presets.explain import sources
    from aks_kit.presets.resolve import resolve

    left = resolve(preset=first, preset_dirs=preset_dir or (), preset_label="")
    right = resolve(preset=second, preset_dirs=preset_dir or (), preset_label="")
    for _name, resolved in ((first, left), (second, right)):
        if resolved.document is None:
            raise SpecInvalid(resolved.findings)
    a = {path: (value, layer) for path, value, layer in sources(left)}
    b = {path: (value, layer) for path, value, layer in sources(right)}
    skip = {"metadata.name", "metadata.resourceGroup"}
    paths = [p for p in dict.fromkeys([*a, *b]) if p not in skip]
    rows = [
        {
            "path": path,
            first: a.get(path, (None, ""))[0],
            second: b.get(path, (None, ""))[0],
            f"{first}.from": a.get(path, (None, ""))[1],
            f"{second}.from": b.get(path, (None, ""))[1],
        }
        for path in paths
        if a.get(path, (None,))[0] != b.get(path, (None,))[0]
    ]

    def table() -> list[RenderableType]:
        from rich.table import Table
        from rich.text import Text

        grid = Table(box=None, pad_edge=False)
        grid.add_column("PATH", no_wrap=True)
        grid.add_column(first.upper(), overflow="fold")
        grid.add_column(second.upper(), overflow="fold")
        for row in rows:
            grid.add_row(
                Text(row["path"]), Text(show_value(row[first])), Text(show_value(row[second]))
            )
        return [grid, f"{len(rows)} settings differ"]

    app.emit(rows, output, table)


@app.command("validate")
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Cluster, Preset or Fleet files.")],
    output: OutputOpt = Format.table,
    preset_dir: PresetDirOpt = None,
) -> None:
    """Check Cluster, Preset and Fleet files against every rule."""
    app = application(ctx)

    results: list[dict[str, Any]] = []
    worst = 0
    for file in files:
        try:
            results.append(_validate_one(file, preset_dir or ()))
        except AksKitError as exc:
            results.append(
                {"file": str(file), "kind": None, "ok": False, "error": exc.message, "findings": []}
            )
            worst = max(worst, exc.exit_code)
            continue
        if not results[-1]["ok"]:
            worst = max(worst, EXIT_INVALID)

    def table() -> list[RenderableType]:
        from rich.text import Text

        lines: list[RenderableType] = []
        for result in results:
            mark = Text("ok     ", style="green") if result["ok"] else Text("invalid", style="red")
            summary = Text.assemble(mark, " ", result["file"])
            if result.get("kind"):
                summary.append(f" ({result['kind']})", style="dim")
            lines.append(summary)
            if result.get("error"):
                lines.append(Text("  " + result["error"], style="red"))
            for finding in result["findings"]:
                where = f"members[{finding['member']}]: " if finding.get("member") else ""
                from aks_kit.presets.findings import Finding

                core = Finding(**{k: v for k, v in finding.items() if k != "member"})
                style = "red" if core.level == "error" else "yellow"
                lines.append(Text(f"  {core.level:<8}{where}{core.render()}", style=style))
        return lines

    app.emit(results, output, table)
    if worst:
        raise Reported(worst)


def _validate_one(file: Path, preset_dirs: Any) -> dict[str, Any]:
    from aks_kit.presets.loading import layer_from_yaml
    from aks_kit.presets.reading import read_file
    from aks_kit.presets.resolve import resolve
    from aks_kit.presets.yamlio import parse_yaml

    text = read_file(file, str(file))  # once: the file may be a pipe
    loaded = parse_yaml(text, str(file))
    kind = layer_from_yaml(loaded, str(file), file.parent).kind
    if kind == "Fleet":
        from aks_kit.presets.fleet import resolve_fleet

        fleet = resolve_fleet(loaded, file.resolve().parent, preset_dirs)
        findings = [f.to_dict() for f in fleet.findings]
        for member in fleet.members:
            findings.extend(
                {**f.to_dict(), "member": member.name} for f in member.resolved.findings
            )
        return {"file": str(file), "kind": kind, "ok": fleet.ok, "findings": findings}
    if kind == "Preset":
        resolved = resolve(preset=str(file.resolve()), preset_dirs=preset_dirs)
    else:
        resolved = resolve(file=str(file), preset_dirs=preset_dirs, file_text=text)
    return {
        "file": str(file),
        "kind": kind,
        "ok": resolved.ok,
        "findings": [f.to_dict() for f in resolved.findings],
    }


@app.command("schema")
def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    force: ForceOpt = False,
) -> None:
    """Print the JSON Schema of aks-kit files, for editors."""
    from aks_kit.presets.schema import schema_text

    from .out_file import check_out, write_out

    text = schema_text()
    if out is not None:
        check_out(out, force=force)
        write_out(out, text)
    else:
        typer.echo(text, nl=False)
