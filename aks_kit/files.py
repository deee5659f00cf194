"""Writing files: whole or not at all, and private (0600) from the moment they exist.

Every file aks-kit writes goes through `write_text`: the text lands in a temporary file in
the target's folder (flushed and synced), which then replaces the target in one step, so a
reader never sees half a file and a crash leaves the old one. A private file is created
with mode 0600 by `os.open` itself, so no other user can open it between creation and a
later chmod (and `os.fchmod`, missing on Windows before Python 3.13, is not needed).
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_MODE = 0o600
DEFAULT_MODE = 0o666  # narrowed by the umask, as for any new file


def write_text(
    path: Path | str, text: str, *, private: bool = False, exclusive: bool = False
) -> bool:
    """Write `text` (UTF-8) to `path` atomically; returns False when `exclusive` and the
    file already exists (it is then left untouched: of two writers, the first wins)."""
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(draft, flags, PRIVATE_MODE if private else DEFAULT_MODE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if not exclusive:
            os.replace(draft, target)
            return True
        try:
            os.link(draft, target)
        except FileExistsError:
            return False
        return True
    finally:
        draft.unlink(missing_ok=True)
