"""`aks-kit outputs | kubeconfig | stacks list`: what a backend's stacks hold, read only.

Nothing here resolves a spec or runs an update: the stack's own record (outputs, config)
is read through the pulumi CLI, and `kubeconfig` falls back to ARM for a cluster without a
stack. Errors go up to the entry point like every command's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from aks_kit.errors import NotFound, Prerequisite

from . import cloud_cmd
from .application import Application, application
from .engine_cmd import stack_engine
from .engine_options import BackendOpt, CloudOpt, SecretsOpt
from .options import ForceOpt, OutputOpt
from .output import Format


def outputs(
    ctx: typer.Context,
    stack_name: Annotated[str, typer.Argument(help="The stack (cluster) name.")],
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """Print a stack's outputs (secrets shown as [secret])."""
    app = application(ctx)
    from aks_kit.stacks.engine import redact

    engine = stack_engine(app, None, stack_name, backend, secrets_provider, needs_azure=False)
    values = redact(engine.outputs())
    app.emit(values, output, lambda: [f"{key}: {value}" for key, value in values.items()])


def kubeconfig(
    ctx: typer.Context,
    cluster: Annotated[str, typer.Argument(help="The cluster (stack) name.")],
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (0600) instead of merging.")
    ] = None,
    kube_config: Annotated[
        Path, typer.Option("--kubeconfig", help="The kubeconfig to merge into.")
    ] = Path("~/.kube/config"),
    force: ForceOpt = False,
    resource_group: Annotated[
        str | None,
        typer.Option("--resource-group", "-g", help="Without a stack: the cluster's group."),
    ] = None,
    subscription: Annotated[
        str | None, typer.Option("--subscription", help="Without a stack: the subscription.")
    ] = None,
    cloud: CloudOpt = None,
) -> None:
    """Write the cluster's user kubeconfig, or merge it into ~/.kube/config; prints the path.

    From the stack's output; for a cluster without one (or not made by aks-kit), from ARM's
    user credentials (exec format, for kubelogin, on Entra ID clusters)."""
    app = application(ctx)

    from .kubeconfig import merge_kubeconfig
    from .out_file import check_out, write_out

    if out is not None:
        check_out(out, force=force)
    text, why = _stack_kubeconfig(app, cluster, backend, secrets_provider)
    if not text:
        try:
            text = cloud_cmd.arm_kubeconfig(app, cluster, resource_group, subscription, cloud)
        except NotFound as exc:
            raise NotFound(f"{why}, and in Azure: {exc.message}") from None
    if out is not None:
        write_out(out, text, private=True)
        typer.echo(str(out))
        return
    target = kube_config.expanduser()
    merge_kubeconfig(target, text, context=cluster)
    typer.echo(str(target))


def _stack_kubeconfig(
    app: Application, cluster: str, backend: str | None, secrets_provider: str | None
) -> tuple[str | None, str]:
    """The stack's kubeconfig output, or None and why there is none (no stack, no output,
    no pulumi CLI to ask)."""
    try:
        engine = stack_engine(app, None, cluster, backend, secrets_provider, needs_azure=False)
        value = engine.outputs().get("kubeconfig")
    except (NotFound, Prerequisite) as exc:
        return None, f"no kubeconfig from stack {cluster!r} ({exc.message})"
    text = getattr(value, "value", None)
    return (str(text), "") if text else (None, f"stack {cluster!r} has no kubeconfig output")


stacks_app = typer.Typer(help="The stacks in a backend.", no_args_is_help=True)


@stacks_app.command("list")
def stacks_list(
    ctx: typer.Context,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """List the stacks in the backend."""
    app = application(ctx)
    from aks_kit.stacks.engine import list_stacks
    from aks_kit.stacks.state import choose_backend

    chosen = choose_backend(backend, secrets_provider)
    rows = list_stacks(chosen, app.pulumi_command())

    def table() -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        grid = Table("NAME", "LAST UPDATE", "RESOURCES", box=None, pad_edge=False)
        for row in rows:
            grid.add_row(
                Text(row["name"]), Text(str(row["lastUpdate"] or "-")), Text(str(row["resources"]))
            )
        return [grid]

    app.emit(rows, output, table)
