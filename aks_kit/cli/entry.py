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
import errno
import io
import os
import sys

from . import interrupts

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


class _ClosedStdout(io.TextIOWrapper):
    """Stands in for a stdout that was closed before start (`>&-`): writing is a broken
    pipe, while fd 1 itself is /dev/null, so no file opened later can take its place."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "stdout is closed")


def _reserve(fd: int, flags: int) -> bool:
    """Point a closed standard fd at /dev/null; True when it was closed."""
    try:
        os.fstat(fd)
        return False
    except OSError:
        spare = os.open(os.devnull, flags)
        if spare != fd:
            os.dup2(spare, fd)
            os.close(spare)
        return True


def _prepare_streams() -> None:
    _reserve(0, os.O_RDONLY)
    stdout_closed = _reserve(1, os.O_WRONLY)
    stderr_closed = _reserve(2, os.O_WRONLY)
    if stdout_closed or sys.stdout is None:
        sys.stdout = _ClosedStdout(open(1, "wb", closefd=False), encoding="utf-8")  # noqa: SIM115
    if stderr_closed or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def silence_stdout() -> None:
    """After a broken pipe: point fd 1 at /dev/null so the exit-time flush stays quiet."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process


def _stdout_broke() -> bool:
    """Click answers a broken pipe while printing help or usage with exit 1 and a wrapper
    around stdout; that wrapper is how a broken pipe is recognised there."""
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def run() -> None:
    """`aks-kit`: the app, with the process edges above handled."""
    try:
        interrupts.install()  # replaces the start-up handler of aks_kit/__init__.py
        _prepare_streams()
        from .main import run as main

        try:
            main()
        except SystemExit:
            if _stdout_broke():
                raise BrokenPipeError(errno.EPIPE, "stdout closed") from None
            raise
        finally:
            if not _stdout_broke():
                sys.stdout.flush()
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write("error: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
