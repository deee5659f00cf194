"""The `aks-kit` entry point: the app, its command groups, and the one place where errors
become a message and an exit code (`aks_kit.errors` lists them)."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperGroup
from typer.exceptions import TyperException

from aks_kit.errors import EXIT_INTERRUPTED, EXIT_UNEXPECTED, AksKitError

from . import (
    capacity_cmd,
    cloud_cmd,
    completion_cmd,
    doctor_cmd,
    engine_cmd,
    init_cmd,
    interrupts,
    plan_cmd,
    presets_cmd,
    stack_cmd,
    version_cmd,
)
from .application import Application


class AksKitGroup(TyperGroup):
    """Turns expected errors into one message and their exit code, never a traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .help_text import polish

        polish(self)

    def invoke(self, ctx: Any) -> Any:
        from .failures import requested_format

        if ctx.obj is None:
            ctx.obj = Application()
        ctx.obj.document_printed = False  # per run (tests reuse one application object)
        _quiet_sdk_logs()
        fmt = requested_format([*getattr(ctx, "_protected_args", []), *ctx.args])
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, BrokenPipeError):
            raise  # a closed stdout ends the run quietly (aks_kit/cli/entry.py)
        except UsageError as exc:
            _usage_failed(exc, fmt)
            raise
        except TyperException:
            raise
        except AksKitError as exc:
            if exc.message:  # empty: the command printed its own report
                self._failed(ctx, fmt, exc.message, exc.exit_code, exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            self._failed(ctx, fmt, "interrupted", EXIT_INTERRUPTED, None)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as exc:
            if interrupts.received():  # Ctrl-C surfaced as another error
                ctx.obj.error("interrupted")
                raise typer.Exit(EXIT_INTERRUPTED) from None
            if os.environ.get("AKS_KIT_DEBUG"):
                raise
            message = (
                f"unexpected error: {type(exc).__name__}: {exc}\n"
                "This is a bug in aks-kit; run again with AKS_KIT_DEBUG=1 for the traceback."
            )
            self._failed(ctx, fmt, message, EXIT_UNEXPECTED, exc)
            raise typer.Exit(EXIT_UNEXPECTED) from None

    @staticmethod
    def _failed(
        ctx: Any, fmt: str | None, message: str, code: int, exc: BaseException | None
    ) -> None:
        """The message on stderr; with -o json/yaml, the error document on stdout too."""
        from .failures import error_document, write_document

        ctx.obj.error(message)
        if fmt is not None and not getattr(ctx.obj, "document_printed", False):
            findings = getattr(exc, "findings", None)
            listed = [f.to_dict() for f in findings] if findings else None
            kind = type(exc).__name__ if exc is not None else "Interrupted"
            write_document(error_document(message, code, kind, listed), fmt)


def _usage_failed(exc: UsageError, fmt: str | None) -> None:
    """A flag click could not read: its message in plain words, and the error document."""
    from .failures import error_document, plain_usage, write_document

    exc.message = plain_usage(exc.message)
    if fmt is not None:
        write_document(error_document(exc.format_message(), exc.exit_code, "UsageError"), fmt)


def _quiet_sdk_logs() -> None:
    """The Azure SDK logs every credential it tries at WARNING, and Python prints unhandled
    warnings on stderr: a screen of noise before aks-kit's own message, which already says
    what failed and what to do. AKS_KIT_DEBUG=1 keeps them."""
    import logging

    if os.environ.get("AKS_KIT_DEBUG"):
        return
    for name in ("azure", "msal", "urllib3"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


app = typer.Typer(
    cls=AksKitGroup,
    name="aks-kit",
    help="Provision AKS clusters, pools and fleets from presets: Standard, Automatic, at scale.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the aks-kit version and exit.",
            is_eager=True,
            callback=version_cmd.print_version,
        ),
    ] = False,
) -> None:
    """Provision AKS clusters, pools and fleets from presets: Standard, Automatic, at scale."""


app.add_typer(presets_cmd.app, name="presets")
app.command("plan")(plan_cmd.plan)
app.command("capacity")(capacity_cmd.capacity)
app.command("preview")(engine_cmd.preview)
app.command("up")(engine_cmd.up)
app.command("destroy")(engine_cmd.destroy)
app.command("refresh")(engine_cmd.refresh_)
app.command("outputs")(stack_cmd.outputs)
app.command("kubeconfig")(stack_cmd.kubeconfig)
app.add_typer(stack_cmd.stacks_app, name="stacks")
app.command("doctor")(doctor_cmd.doctor)
app.command("versions")(cloud_cmd.versions)
app.command("preflight")(cloud_cmd.preflight)
app.command("status")(cloud_cmd.status)
app.command("init")(init_cmd.init)
app.command("version")(version_cmd.version)
app.command("completion")(completion_cmd.completion)


def run() -> None:
    """Run the app (the console script enters through aks_kit/cli/entry.py)."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - raised outside a command
        sys.exit(EXIT_INTERRUPTED)
