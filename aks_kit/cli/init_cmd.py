"""`aks-kit init`: a commented cluster file that extends a preset."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from aks_kit.errors import NotFound, SpecInvalid, UsageError
from aks_kit.files import write_text

from .application import application

TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# A cluster on the `{preset}` preset: set here only what differs from it.
#   aks-kit presets show {preset}     every value the preset sets, and where it comes from
#   aks-kit presets validate {file}   check this file
# Lists of named items (nodePools) merge by name; `{{name: user, $remove: true}}` drops an
# inherited pool; `null` removes a setting so Azure's default applies.
apiVersion: aks-kit/v1
kind: Cluster
extends: {preset}
metadata:
  name: {name}
  location: {location}
  # resourceGroup: rg-{name}
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
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented cluster.yaml that extends a preset."""
    app = application(ctx)
    from aks_kit.presets.catalog import find_preset, is_path_reference
    from aks_kit.presets.resolve import resolve
    from aks_kit.presets.schema import SCHEMA_PATH

    extends = preset
    if is_path_reference(preset):
        source = Path(preset).resolve()
        if not source.is_file():
            raise NotFound(f"--preset {preset}: file not found")
        base = Path(out).resolve().parent if out != "-" else Path.cwd()
        extends = os.path.relpath(source, base)
        extends = extends if extends.startswith(".") else f"./{extends}"
    else:
        find_preset(preset)
    stem = Path(out).stem if out != "-" else "cluster"
    sku = resolve(preset=preset).data.get("spec", {}).get("sku")
    text = TEMPLATE.format(
        schema=SCHEMA_PATH.as_uri(),
        preset=extends,
        file=out if out != "-" else "cluster.yaml",
        name=name or f"aks-{stem}",
        location=location,
        body=AUTOMATIC_BODY if sku == "automatic" else STANDARD_BODY,
    )
    if out == "-":
        typer.echo(text, nl=False)
        return
    target = Path(out)
    if target.exists() and not force:
        raise UsageError(f"{out} exists; use --force to overwrite it")
    write_text(target, text)
    resolved = resolve(file=out)
    if not resolved.ok:
        raise SpecInvalid(resolved.findings)
    app.err.print(f"wrote {out} (extends {preset}); next: aks-kit presets validate {out}")
