"""Loading: user files (`-f`, stdin) and preset chains (`extends`), reduced to layers.

A file's top level (apiVersion, kind, known keys, `extends`, `locked`) is checked here;
its metadata and spec are merged later by the resolve pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aks_kit.errors import NotFound, SpecError

from .catalog import find_preset, is_path_reference, search_dirs
from .model import API_VERSION, FILE_KINDS
from .paths import parse_path
from .reading import read_file, read_stdin
from .validate import unknown_key_message
from .yamlio import LoadedYaml, parse_yaml, read_yaml_file

MERGED_SECTIONS = ("metadata", "spec")
MAX_EXTENDS = 32
"""The most presets an `extends` chain may hold (the built-ins are one or two deep)."""


@dataclass
class Layer:
    """One document in the chain, reduced to what merges (metadata, spec) and its locks."""

    label: str
    kind: str
    data: dict[str, Any]
    lines: dict[str, int]
    extends: str | None = None
    locked: list[str] = field(default_factory=list)
    description: str | None = None
    directory: Path | None = None
    path: Path | None = None
    """The file this layer was read from (`--out` never overwrites it)."""


def layer_from_yaml(loaded: LoadedYaml, label: str, directory: Path | None) -> Layer:
    """Check a file's top level (apiVersion, kind, known keys) and reduce it to a Layer."""
    data = loaded.data
    source = loaded.source
    version = data.get("apiVersion")
    if version != API_VERSION:
        shown = "missing" if version is None else repr(version)
        raise SpecError(f"{source}: apiVersion is {shown}; expected {API_VERSION!r}")
    kind = data.get("kind")
    if kind not in FILE_KINDS:
        raise SpecError(f"{source}: kind is {kind!r}; expected one of {', '.join(FILE_KINDS)}")
    model = FILE_KINDS[kind]
    allowed = [f.alias or name for name, f in model.model_fields.items()]
    for key in data:
        if key not in allowed:
            where = f"{source}, line {loaded.lines[key]}" if key in loaded.lines else source
            raise SpecError(f"{where}: {key}: {unknown_key_message(key, allowed)}")
    extends = data.get("extends")
    if extends is not None and not (isinstance(extends, str) and extends.strip()):
        raise SpecError(f"{source}: extends must be a preset name or a path, not {extends!r}")
    locked = data.get("locked", [])
    if not isinstance(locked, list) or not all(isinstance(p, str) for p in locked):
        raise SpecError(f"{source}: locked must be a list of paths")
    for path in locked:
        try:
            parse_path(path)
        except SpecError as exc:
            raise SpecError(f"{source}: locked: {exc.message}") from None
    for section in MERGED_SECTIONS:
        if section in data and not isinstance(data[section], dict):
            raise SpecError(f"{source}: {section} must be a mapping")
    description = data.get("description")
    return Layer(
        label=label,
        kind=kind,
        data={k: data[k] for k in MERGED_SECTIONS if k in data},
        lines=loaded.lines,
        extends=extends,
        locked=list(locked),
        description=description if isinstance(description, str) else None,
        directory=directory,
    )


class ChainLoader:
    """Loads a preset chain root-first, refusing cycles and naming the path around them."""

    def __init__(self, preset_dirs: Sequence[str | Path]) -> None:
        search_dirs(preset_dirs)  # a --preset-dir that is not there is an error up front
        self.preset_dirs = preset_dirs

    def load(
        self, ref: str, directory: Path | None, referrer: str, *, option: bool = False
    ) -> list[Layer]:
        """The chain of `ref`, root first. `referrer` names who asked: a file (whose
        `extends` names `ref`) or, with `option`, the flag or argument the user typed."""
        return self._load(ref, directory, referrer, [], [], option)

    def _load(
        self,
        ref: str,
        directory: Path | None,
        referrer: str,
        seen: list[Path],
        labels: list[str],
        option: bool = False,
    ) -> list[Layer]:
        if len(seen) >= MAX_EXTENDS:
            raise SpecError(
                f"{referrer}: extends chain longer than {MAX_EXTENDS} presets "
                f"({' -> '.join(labels[:3])} -> ...)"
            )
        via = (
            (f"{referrer} {ref}" if referrer else ref) if option else f"{referrer}: extends {ref!r}"
        )
        if is_path_reference(ref):
            path = (directory or Path.cwd()) / ref
            try:  # a FIFO or `<(...)` is a file to read too
                found = path.exists() and not path.is_dir()
            except OSError:
                found = False
            if not found:
                raise NotFound(f"{via}: file not found")
        else:
            try:
                path = find_preset(ref, self.preset_dirs).path
            except NotFound as exc:
                message = exc.message if option and not referrer else f"{via}: {exc.message}"
                raise NotFound(message) from None
        # Read from the path as given (`/dev/fd/63` resolves to a name that cannot be
        # opened); the resolved path identifies the file for cycles.
        source, path = path, path.resolve()
        label = f"preset:{ref}"
        if path in seen:
            cycle = " -> ".join([*labels, label])
            raise SpecError(f"extends cycle: {cycle}")
        here = path.parent if source.is_file() else Path.cwd()
        layer = layer_from_yaml(read_yaml_file(source, ref), label, here)
        layer.path = source
        if layer.kind == "Fleet":
            raise SpecError(f"{referrer}: extends {ref!r}: a Fleet cannot be extended")
        parents: list[Layer] = []
        if layer.extends:
            parents = self._load(layer.extends, here, label, [*seen, path], [*labels, label])
        return [*parents, layer]


def read_user_file(file: str) -> str:
    """The text of `-f FILE` (`-` for stdin), read once: a pipe, a FIFO or `<(...)` cannot
    be read twice, so callers pass this text on instead of the name."""
    if file == "-":
        return read_stdin("-f -")
    return read_file(Path(file), f"-f {file}")


def load_user_file(file: str, text: str | None = None) -> tuple[LoadedYaml, Path | None]:
    """`-f FILE`, or `-f -` for stdin, parsed (from `text` when it was read already);
    returns the parsed file and the directory its relative `extends` start from."""
    if text is None:
        text = read_user_file(file)
    if file == "-":
        return parse_yaml(text, "-f -"), Path.cwd()
    return parse_yaml(text, f"-f {file}"), Path(file).resolve().parent


def file_kind(file: str, text: str | None = None) -> str | None:
    """The `kind` of a user file (`-f`), to route Fleets to the fleet commands."""
    loaded, _ = load_user_file(file, text)
    kind = loaded.data.get("kind")
    return kind if isinstance(kind, str) else None
