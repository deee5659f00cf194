"""`--out FILE`, the one rule of every command that writes a file the user names.

- A file that is also an input of the same command (`plan -f x.yaml --out x.yaml`, a
  preset of the chain, `--against`, through a symlink or a hard link too) is never
  overwritten, even with `--force`.
- An existing file needs `--force`.
- A FIFO, a terminal or another device (`/dev/stdout`, `>(...)`, `/dev/full`) is not a file
  to replace: it is written in place, and needs no `--force`.
- Anything else goes through `aks_kit.files` (a temporary file beside the target, synced,
  then renamed over it), so a failure at any point leaves the previous file as it was.
- A folder that does not exist, a folder given as the file, a read-only folder, a full
  disk: one line naming the file, exit 4.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from aks_kit.errors import NotFound, UsageError


def _is_stream(path: Path) -> bool:
    """A FIFO, a character device or a socket (following symlinks: /dev/stdout is one)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_out(
    out: Path, *, inputs: Iterable[Path | str] = (), force: bool = False, option: str = "--out"
) -> None:
    """Refuse, before any work is done, an `--out` that would lose data or cannot be written."""
    shown = str(out)
    if _is_stream(out):
        return
    if out.is_dir():
        raise NotFound(f"{option} {shown}: is a folder; name a file in it")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise NotFound(f"{option} {shown}: the folder {parent} {what}")
    if out.exists() or out.is_symlink():
        for given in inputs:
            if str(given) not in ("", "-") and _same(out, Path(given)):
                raise UsageError(
                    f"{option} {shown} is an input of this command ({given}); "
                    "write the output to another file"
                )
        if not force:
            raise UsageError(f"{shown} exists; use --force to overwrite it")


def write_out(out: Path, text: str, *, private: bool = False, option: str = "--out") -> None:
    """Write the whole text, or leave the previous file as it was; NotFound (exit 4) names
    the file when it cannot be written."""
    from aks_kit.files import write_text

    try:
        if _is_stream(out):
            with open(out, "w", encoding="utf-8") as stream:
                stream.write(text)
        else:
            write_text(out, text, private=private)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise NotFound(f"{option} {out}: cannot write it: {reason}") from None
