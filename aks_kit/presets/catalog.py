"""Finding presets: built-ins, then AKS_KIT_PRESET_PATH, then --preset-dir (first wins).

Nothing on the search path is skipped silently: an entry that is not a folder aks-kit can
read is an error naming it, and a user preset with a built-in's name (which the built-in
would always shadow) is an error when that name is used.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aks_kit.errors import NotFound, SpecError

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
ENV_VAR = "AKS_KIT_PRESET_PATH"


@dataclass(frozen=True)
class PresetEntry:
    name: str
    path: Path
    source: str
    """`built-in`, or the directory it was found in."""
    shadowed: tuple[str, ...] = ()
    """Sources further down the search path that have a preset of the same name."""


def search_dirs(preset_dirs: Sequence[str | Path] = ()) -> list[tuple[Path, str]]:
    """The folders to search, in order; NotFound (exit 4) names one that cannot be read."""
    dirs: list[tuple[Path, str]] = [(BUILTIN_DIR, "built-in")]
    for entry in os.environ.get(ENV_VAR, "").split(os.pathsep):
        if entry.strip():
            dirs.append((_readable(Path(entry).expanduser(), f"{ENV_VAR} entry {entry}"), entry))
    for extra in preset_dirs:
        dirs.append((_readable(Path(extra).expanduser(), f"--preset-dir {extra}"), str(extra)))
    return dirs


def _readable(directory: Path, label: str) -> Path:
    try:
        os.listdir(directory)
    except FileNotFoundError:
        raise NotFound(f"{label}: no such folder") from None
    except NotADirectoryError:
        raise NotFound(f"{label}: not a folder") from None
    except OSError as exc:
        raise NotFound(f"{label}: cannot be read ({exc.strerror or exc})") from None
    return directory


def list_presets(preset_dirs: Sequence[str | Path] = ()) -> list[PresetEntry]:
    """Every preset on the search path, sorted by name; when two directories hold a
    preset of the same name, the first in search order wins and the others are shadowed."""
    found: dict[str, PresetEntry] = {}
    for directory, source in search_dirs(preset_dirs):
        for path in sorted(directory.glob("*.yaml")):
            name = path.stem
            if name in found:
                first = found[name]
                found[name] = PresetEntry(
                    first.name, first.path, first.source, (*first.shadowed, source)
                )
            else:
                found[name] = PresetEntry(name, path, source)
    return sorted(found.values(), key=lambda entry: entry.name)


def find_preset(name: str, preset_dirs: Sequence[str | Path] = ()) -> PresetEntry:
    """The preset called `name`, or NotFound (exit 4) with the closest names; SpecError
    (exit 3) when a user preset has the name of a built-in, which would shadow it."""
    dirs = search_dirs(preset_dirs)
    for directory, source in dirs:
        path = directory / f"{name}.yaml"
        if _is_file(path):
            if source == "built-in":
                _refuse_shadowed(name, dirs[1:])
            return PresetEntry(name, path, source)
    known = [entry.name for entry in list_presets(preset_dirs)]
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise NotFound(f"preset {name!r} not found{hint} (known: {', '.join(known) or 'none'})")


def _refuse_shadowed(name: str, user_dirs: Sequence[tuple[Path, str]]) -> None:
    for directory, _ in user_dirs:
        shadowed = directory / f"{name}.yaml"
        if _is_file(shadowed):
            raise SpecError(
                f"preset {name!r} is a built-in, and {shadowed} has the same name: the "
                "built-in always wins, so that file would be ignored; rename it "
                f"(e.g. {name}-team.yaml) and extend it by its new name"
            )


def _is_file(path: Path) -> bool:
    """is_file() that says no (instead of raising) for names the OS refuses, e.g. too long."""
    try:
        return path.is_file()
    except OSError:
        return False


def is_path_reference(ref: str) -> bool:
    """`extends` is a path when it contains '/' or ends in .yaml; otherwise a preset name."""
    return "/" in ref or ref.endswith((".yaml", ".yml"))
