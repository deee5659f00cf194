"""`aks-kit init`: a commented cluster file that extends a preset."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from aks_kit.errors import AksKitError, NotFound, SpecInvalid, UsageError

from .application import application
from .options import ForceOpt
from .out_file import check_out, write_out

PLAIN = re.compile(r"[A-Za-z0-9._/][A-Za-z0-9._/-]*")
"""Text that stays itself unquoted in YAML (checked again by reading it back)."""

TEMPLATE = """\
# yaml-language-server: $schema=./{schema}
#   (the schema beside this file; `aks-kit presets schema --out {schema}` refreshes it)
# A cluster on the `{preset_note}` preset: set here only what differs from it.
#   aks-kit presets show {preset_note}     every value the preset sets, and where it comes from
#   aks-kit presets validate {file}   check this file
# Lists of named items (nodePools) merge by name; `{{name: user, $remove: true}}` drops an
# inherited pool; `null` removes a setting so Azure's default applies.
apiVersion: aks-kit/v1
kind: Cluster
extends: {preset}
metadata:
  name: {name}
  location: {location}
  # resourceGroup: {rg_note}
  tags: {{}}
  # protect: true                # false lets `aks-kit destroy` remove the cluster
spec:
  # kubernetesVersion: "1.34"    # omit for the region's default
{body}"""

STANDARD_BODY = """\
  # access:
  #   admins: []                 # Entra object ids that get cluster admin
  nodePools:
    - name: user
      maxCount: 20
"""

AUTOMATIC_BODY = """\
  # AKS Automatic provisions nodes itself; these stay yours to change:
  # ingress: {appRouting: true}
  # monitoring: {prometheus: true, containerInsights: {enabled: true}}
  # upgrades:
  #   autoUpgradeWindow: {frequency: weekly, dayOfWeek: Sunday, durationHours: 4}
  access:
    admins: []                   # Entra object ids that get cluster admin
"""


def init(
    ctx: typer.Context,
    preset: Annotated[
        str, typer.Option("--preset", "-p", help="The preset to extend.")
    ] = "standard",
    out: Annotated[
        str, typer.Option("--out", help="File to write; '-' prints it.")
    ] = "cluster.yaml",
    name: Annotated[str | None, typer.Option("--name", help="Cluster name.")] = None,
    location: Annotated[str, typer.Option("--location", help="Azure region.")] = "eastus2",
    force: ForceOpt = False,
) -> None:
    """Write a commented cluster.yaml that extends a preset."""
    app = application(ctx)
    from rich.markup import escape

    from aks_kit.presets.catalog import find_preset, is_path_reference
    from aks_kit.presets.resolve import resolve
    from aks_kit.presets.schema import SCHEMA_FILE_NAME

    for flag, value in (("--name", name), ("--location", location)):
        if value is not None and not value.strip():
            raise UsageError(f"{flag} is empty")
    extends = preset
    if is_path_reference(preset):
        source = Path(preset).resolve()
        if not source.exists() or source.is_dir():
            raise NotFound(f"--preset {preset}: file not found")
        base = Path(out).resolve().parent if out != "-" else Path.cwd()
        extends = os.path.relpath(source, base)
        extends = extends if extends.startswith(".") else f"./{extends}"
    else:
        find_preset(preset)
    stem = Path(out).stem if out != "-" else "cluster"
    sku = resolve(preset=preset).data.get("spec", {}).get("sku")
    shown_file = out if out != "-" else "cluster.yaml"
    text = TEMPLATE.format(
        schema=SCHEMA_FILE_NAME,
        preset=yaml_scalar(extends),
        preset_note=comment_text(extends),
        file=comment_text(shown_file),
        name=yaml_scalar(name or f"aks-{stem}"),
        rg_note=comment_text(f"rg-{name or f'aks-{stem}'}"),
        location=yaml_scalar(location),
        body=AUTOMATIC_BODY if sku == "automatic" else STANDARD_BODY,
    )
    if out == "-":
        typer.echo(text, nl=False)
        return
    target = Path(out)
    check_out(target, inputs=[preset] if is_path_reference(preset) else [], force=force)
    resolved = resolve(file=out, file_text=text)  # checked before anything is written
    if not resolved.ok:
        raise SpecInvalid(resolved.findings)
    # the schema first: if it fails, the file is untouched; if the file then fails, a
    # schema this run created goes again, so nothing is left behind
    schema_note, created = _write_schema(target)
    try:
        write_out(target, text)
    except BaseException:
        if created is not None:
            created.unlink(missing_ok=True)
        raise
    app.err.print(
        escape(f"wrote {out} (extends {preset}){schema_note}; next: aks-kit presets validate {out}")
    )


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as exactly that text: plain when it is
    plain text, else double-quoted with escapes (`#`, `: `, newlines, `null`, `*x`...)."""
    from aks_kit.presets.yamlio import parse_scalar

    from .safe_text import json_text

    if PLAIN.fullmatch(value):
        try:
            if parse_scalar(value) == value:
                return value
        except AksKitError:
            pass
    return json_text(value).rstrip("\n")


def comment_text(value: str) -> str:
    """`value` for a YAML comment: one line, no control characters."""
    from .safe_text import escape_controls

    return escape_controls(value.replace("\r", "\\r").replace("\n", "\\n"))


def _write_schema(target: Path) -> tuple[str, Path | None]:
    """The JSON Schema beside the cluster file, so editors find it on any machine and after
    any reinstall (the file names it by a relative path). An aks-kit schema there is brought
    up to date; any other file of that name is left alone. Returns what to add to the
    message, and the schema's path when this run created it."""
    import json

    from aks_kit.presets.schema import SCHEMA_FILE_NAME, SCHEMA_ID, schema_text

    path = target.parent / SCHEMA_FILE_NAME
    text = schema_text()
    existed = path.exists()
    if existed:
        try:
            current = path.read_text(encoding="utf-8")
            ours = str(json.loads(current).get("$id", "")).startswith(SCHEMA_ID.rsplit(":", 1)[0])
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            ours = False
        if not ours:
            raise UsageError(
                f"{path} exists and is not an aks-kit schema; move it, or write the cluster "
                "file elsewhere"
            )
        if current == text:
            return "", None
    from aks_kit.files import write_text

    try:
        write_text(path, text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise NotFound(f"--out {target}: cannot write {path.name} beside it: {reason}") from None
    return f" and {path.name}", None if existed else path
