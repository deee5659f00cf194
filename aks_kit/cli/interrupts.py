"""Ctrl-C: remember that it came, so a library that turned it into another error (a module
half imported, a wrapped exception) still reads as "interrupted", never as a bug."""

from __future__ import annotations

import signal
from types import FrameType

_received = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = True
    raise KeyboardInterrupt


def install() -> None:
    """Python's own behaviour (KeyboardInterrupt), plus the memory of it."""
    signal.signal(signal.SIGINT, _on_sigint)


def received() -> bool:
    return _received
