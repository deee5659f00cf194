"""`aks-kit version` and `aks-kit --version`: this tool's version and the Python packages it
drives, read from the installed package metadata (fast: no SDK import, no pulumi run)."""

from __future__ import annotations

import contextlib

import typer

from .application import application
from .options import OutputOpt
from .output import Format

COMPONENTS = {
    "pulumi": "pulumi (Python SDK)",
    "pulumi-azure-native": "pulumi-azure-native (Python SDK)",
    "azure-mgmt-containerservice": "azure-mgmt-containerservice",
    "azure-identity": "azure-identity",
}
"""Distribution -> how the table names it: `pulumi` here is the Python package, not the CLI."""
CLI_NOTE = "pulumi CLI: `pulumi version` (aks-kit up checks it; doctor shows it)"


def version(ctx: typer.Context, output: OutputOpt = Format.table) -> None:
    """Show the aks-kit version and the versions of the Python packages it uses (the pulumi
    CLI's own version is `pulumi version`)."""
    app = application(ctx)
    import platform

    from aks_kit import __version__

    found = installed_versions(list(COMPONENTS))
    data: dict[str, str | None] = {"aks-kit": __version__, "python": platform.python_version()}
    data.update(found)

    def table() -> list[object]:
        width = max(len(label) for label in COMPONENTS.values()) + 2
        labels = {"aks-kit": "aks-kit", "python": "python", **COMPONENTS}
        lines = [f"{labels[key]:<{width}}{value or 'not installed'}" for key, value in data.items()]
        return [*lines, CLI_NOTE]

    app.emit(data, output, table)  # type: ignore[arg-type]


def installed_versions(names: list[str]) -> dict[str, str | None]:
    """Versions of installed distributions from their `.dist-info` directory names: one
    listing of each path entry, where `importlib.metadata.version` reads every entry per
    name. Falls back to importlib.metadata for what the names do not show."""
    import os
    import re
    import sys

    wanted = {_normal(name): name for name in names}
    found: dict[str, str | None] = dict.fromkeys(names)
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listing:
            match = re.fullmatch(r"(.+?)-([^-]+)\.dist-info", item)
            if match is None:
                continue
            name = wanted.get(_normal(match.group(1)))
            if name is not None and found[name] is None:
                found[name] = match.group(2)
        if all(found.values()):
            break
    for name in [n for n, v in found.items() if v is None]:
        from importlib import metadata

        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def _normal(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def print_version(value: bool) -> None:
    """`aks-kit --version`: one line (scripts call it to check the tool)."""
    if value:
        from aks_kit import __version__

        typer.echo(f"aks-kit {__version__}")
        raise typer.Exit()
