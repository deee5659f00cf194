"""The application object: what every command shares, handed to it through Typer's context.

One `Application` per run holds the two consoles (data to stdout, messages to stderr), the
questions asked of the user, and the dependencies that reach outside the process (the pulumi
CLI, Azure credentials, the programs `doctor` runs). The entry point puts it in `ctx.obj`;
commands take it with `application(ctx)`, and tests hand their own to
`CliRunner.invoke(app, args, obj=Application(...))`. Creating one
imports nothing heavy: the pulumi and Azure modules load only when a command calls them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from aks_kit.cloud.preflight import Report
    from aks_kit.presets.model import ClusterDocument

    from .output import Format


Checker = Callable[["list[ClusterDocument]", bool, "str | None", "str | None"], "Report"]
"""Preflight: (documents, is a fleet, subscription, cloud) -> report."""


def _pulumi_command() -> Any:
    from aks_kit.stacks.engine import pulumi_command

    return pulumi_command()


def _run(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, check=True).stdout


def _ask_yes_no(question: str) -> bool:
    return bool(typer.confirm(question, default=False, err=True))


def _ask_text(question: str) -> str:
    return str(typer.prompt(question, default="", err=True))


@dataclass
class Application:
    """The consoles, the questions and the outside world of one `aks-kit` run."""

    pulumi_command: Callable[[], Any] = _pulumi_command
    """Finds and checks the pulumi CLI (exit 6 when missing or too old)."""
    credential: Callable[[], Any] | None = None
    """Azure credential factory; None means DefaultAzureCredential."""
    which: Callable[[str], str | None] = shutil.which
    run: Callable[[list[str]], str] = _run
    """Runs a program and returns its stdout (`doctor` asks pulumi its version, plugins)."""
    versions: Callable[[Any, str, str], list[Any]] | None = None
    """Lists AKS versions (credential, subscription, location); None means the Azure SDK."""
    preflight: Checker | None = None
    """Preflight (documents, is a fleet, subscription, cloud) -> report; None means the
    Azure SDK (`aks-kit preflight`, and `preview` / `up` unless --skip-preflight)."""
    ask_yes_no: Callable[[str], bool] = _ask_yes_no
    ask_text: Callable[[str], str] = _ask_text
    document_printed: bool = False
    """A JSON/YAML document is on stdout already: a failure after it prints no second one."""
    _out: Console | None = field(default=None, repr=False)
    _err: Console | None = field(default=None, repr=False)

    @property
    def out(self) -> Console:
        """Data: tables, JSON and YAML go to stdout."""
        if self._out is None:
            from .output import console

            self._out = console()
        return self._out

    @property
    def err(self) -> Console:
        """Messages: warnings, progress, questions and errors go to stderr."""
        if self._err is None:
            from .output import console

            self._err = console(stderr=True)
        return self._err

    def emit(self, data: Any, fmt: Format | str, table: Callable[[], list[RenderableType]]) -> None:
        """Print `data` as JSON/YAML, or the renderables `table()` builds."""
        value = getattr(fmt, "value", fmt)
        if value in ("json", "yaml"):
            sys.stdout.write(render_text(data, value))
            self.document_printed = True
            return
        from .output import rendered

        self.out.file.write(rendered(self.out, table()))

    def error(self, message: str) -> None:
        """One error message on stderr: `error: ` and the first line, the rest indented."""
        from rich.markup import escape

        from aks_kit.stacks.redact import redact_text

        from .safe_text import escape_controls

        message = redact_text(message)  # a backend URL may carry credentials
        for number, line in enumerate(message.splitlines() or [message]):
            prefix = "[bold red]error:[/] " if number == 0 else "       "
            self.err.print(prefix + escape(escape_controls(line)))


def render_text(data: Any, fmt: str, *, to_file: bool = False) -> str:
    """JSON or YAML with unsafe characters escaped; ASCII-only when stdout (not a file)
    cannot encode everything (`PYTHONIOENCODING=ascii`, a Latin-1 terminal)."""
    from .safe_text import is_utf8, json_text, yaml_text

    ascii_only = not to_file and not is_utf8(getattr(sys.stdout, "encoding", None))
    if fmt == "json":
        return json_text(data, ascii_only=ascii_only)
    return yaml_text(data, ascii_only=ascii_only)


def application(ctx: typer.Context) -> Application:
    """The application a command runs with: the one in `ctx.obj` (the entry point puts it
    there), or a new one for a command invoked on its own."""
    found = ctx.find_object(Application)
    if found is None:
        found = Application()
        ctx.find_root().obj = found
    return found
