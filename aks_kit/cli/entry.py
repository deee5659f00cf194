"""The console-script entry point: the process edges, handled before anything heavy loads.

- Ctrl-C at any instant, even while typer, rich and pydantic are still importing: exit 130
  with one line, never a traceback.
- A closed stdout (`aks-kit plan -o json | head -1`, `>&-`): exit 141 (128 + SIGPIPE) in
  silence, as Unix tools do.
- A terminal whose encoding cannot show a character (`PYTHONIOENCODING=ascii`, Latin-1):
  the character is printed as a backslash escape instead of failing.

This module imports only the standard library at import time.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


class _Closed(io.RawIOBase):
    """Stands in for a stdout that was closed before start (`>&-`): writing is a broken pipe."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise BrokenPipeError(32, "stdout is closed")


def _prepare_streams() -> None:
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After a broken pipe: point fd 1 at /dev/null so the exit-time flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process


def run() -> None:
    """`aks-kit`: the app, with the process edges above handled."""
    try:
        _prepare_streams()
        from .main import run as main

        try:
            main()
        finally:
            sys.stdout.flush()
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write("error: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
