"""`aks-kit version`: this tool's version and the SDKs it drives (read from metadata only)."""

from __future__ import annotations

import typer

from .application import application
from .options import OutputOpt
from .output import Format

COMPONENTS = ("pulumi", "pulumi-azure-native", "azure-mgmt-containerservice", "azure-identity")


def version(ctx: typer.Context, output: OutputOpt = Format.table) -> None:
    """Show the aks-kit version and the SDK versions it uses."""
    app = application(ctx)
    import platform
    from importlib import metadata

    from aks_kit import __version__

    data: dict[str, str | None] = {"aks-kit": __version__, "python": platform.python_version()}
    for name in COMPONENTS:
        try:
            data[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            data[name] = None

    def table() -> list[object]:
        return [f"{key:<30} {value or 'not installed'}" for key, value in data.items()]

    app.emit(data, output, table)  # type: ignore[arg-type]
