"""Ctrl-C: remember that it came, so a library that turned it into another error (a module
half imported, a wrapped exception) still reads as "interrupted", never as a bug; and one
that lands where Python cannot raise it (a callback from compiled code, a finalizer) ends
the run the same way instead of printing "Exception ignored" and going on."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import Any

from aks_kit.errors import EXIT_INTERRUPTED

_received = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = True
    raise KeyboardInterrupt


def _unraisable(previous: Any) -> Any:
    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            os.write(2, b"error: interrupted\n")
            os._exit(EXIT_INTERRUPTED)
        previous(unraisable)

    return hook


def install() -> None:
    """Python's own behaviour (KeyboardInterrupt), plus the memory of it."""
    signal.signal(signal.SIGINT, _on_sigint)
    sys.unraisablehook = _unraisable(sys.unraisablehook)


def received() -> bool:
    return _received
