"""Run `aks-kit` as a user does: in a pseudo-terminal of a given size, or through a pipe.

`in_terminal` gives the child a real pty (so `isatty()` is true and the size comes from the
terminal, not from COLUMNS); `through_pipe` runs it with stdout and stderr as pipes.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_SCRIPT = Path(sys.executable).parent / "aks-kit"
ENTRY = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "aks_kit"]
"""The installed console script, as users run it (its name is what usage lines show)."""


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
"""Styles and terminal controls (bold stays on with NO_COLOR): what a user does not read."""


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def base_env(extra: dict[str, str] | None = None, *, columns: str | None = None) -> dict[str, str]:
    """A clean environment: no colour, no user presets, COLUMNS only when asked for."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLUMNS", "LINES", "AKS_KIT_PRESET_PATH", "AKS_KIT_DEBUG", "FORCE_COLOR")
    }
    env.update({"NO_COLOR": "1", "TERM": "xterm", "PYTHONIOENCODING": "utf-8"})
    if columns is not None:
        env["COLUMNS"] = columns
    env.update(extra or {})
    return env


def through_pipe(
    *args: str,
    env: dict[str, str] | None = None,
    input: str | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Run:
    proc = subprocess.run(
        [*ENTRY, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=input,
        env=env if env is not None else base_env(),
        cwd=cwd,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def in_terminal(
    *args: str,
    columns: int,
    rows: int = 50,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    answers: str = "",
    timeout: float = 120,
) -> Run:
    """stdout, stderr and stdin on one pty of `columns` x `rows`; `out` is all it printed
    (a terminal mixes both streams), with CRLF turned back into LF."""
    controller, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen(
        [*ENTRY, *args],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env if env is not None else base_env(),
        cwd=cwd,
        start_new_session=True,
    )
    os.close(child)
    if answers:
        os.write(controller, answers.encode())
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            if time.monotonic() > deadline:
                proc.kill()
                raise TimeoutError(f"aks-kit {' '.join(args)} took over {timeout}s")
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    data = os.read(controller, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                # drain what is left, then stop
                while select.select([controller], [], [], 0.05)[0]:
                    try:
                        data = os.read(controller, 65536)
                    except OSError:
                        data = b""
                    if not data:
                        break
                    chunks.append(data)
                break
    finally:
        os.close(controller)
    code = proc.wait(timeout=10)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return Run(code, ANSI.sub("", text), "")
