"""Merging layers of plain data while recording which layer set each value.

Dicts merge key by key, lists of named objects merge by name (`$remove: true`
drops an inherited item), other lists replace, and `null` removes a key so the model's
default applies. Every leaf remembers its origin, so errors and `--explain` can name it.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aks_kit.errors import SpecError, UsageError

from .paths import (
    ByIndex,
    ByName,
    Key,
    Segment,
    canonical,
    child,
    find_named,
    format_path,
    is_named_list,
    item_name,
    item_path,
    parse_path,
)

REMOVE = "$remove"


@dataclass(frozen=True)
class Origin:
    """Where a value came from: a layer label (`preset:standard`, `-f prod.yaml`) and line."""

    layer: str
    line: int | None = None

    def describe(self) -> str:
        return f"{self.layer}, line {self.line}" if self.line else self.layer


DEFAULT = Origin("default")


class Provenance:
    """`path -> Origin` for every value a layer set; anything else is a model default."""

    def __init__(self) -> None:
        self._origins: dict[str, Origin] = {}
        self._rank: dict[str, int] = {}
        """Layers in the order they were applied: a later one was written over the others."""

    def set(self, path: str, origin: Origin) -> None:
        self._origins[path] = origin
        self._rank.setdefault(origin.layer, len(self._rank))

    def set_tree(self, path: str, value: Any, layer: str, lines: dict[str, int]) -> None:
        self.set(path, Origin(layer, lines.get(path)))
        if isinstance(value, dict):
            for key, sub in value.items():
                self.set_tree(child(path, key), sub, layer, lines)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    self.set_tree(item_path(path, item, index), item, layer, lines)

    def drop(self, path: str) -> None:
        for key in [k for k in self._origins if _under(k, path)]:
            del self._origins[key]

    def explicit(self, path: str) -> Origin | None:
        """The origin recorded for exactly this path, if a layer set it."""
        return self._origins.get(path)

    def origin_of(self, path: str) -> Origin:
        """The origin of the value at `path`, or of the nearest enclosing value set whole."""
        probe = path
        while probe:
            found = self._origins.get(probe)
            if found is not None:
                return found
            probe = _parent(probe)
        return DEFAULT

    def latest(self, paths: Sequence[str]) -> tuple[str, Origin]:
        """Of the values at `paths`, the one set by the layer applied last (ties: the first
        path), with its origin: the change a user made that a combination rule reports."""
        origins = [(path, self.origin_of(path)) for path in paths]
        return max(origins, key=lambda item: self._rank.get(item[1].layer, -1))

    def paths_setting(self, prefix: str, keys: tuple[str, ...]) -> list[str]:
        """The recorded paths of `keys` in any item under `prefix` (the pools' sizes)."""
        return [
            path
            for path in self._origins
            if path.startswith(prefix + "[") and path.rsplit(".", 1)[-1] in keys
        ]

    def layers_setting(self, prefix: str, keys: tuple[str, ...]) -> list[str]:
        """The layers (first seen first) that set `keys` of any item under `prefix`, e.g. the
        layers that sized the pools: a cluster-wide total is theirs."""
        found: dict[str, None] = {}
        for path, origin in self._origins.items():
            if path.startswith(prefix + "[") and path.rsplit(".", 1)[-1] in keys:
                found.setdefault(origin.layer, None)
        return list(found)

    def items(self) -> list[tuple[str, Origin]]:
        return sorted(self._origins.items())


def _under(key: str, path: str) -> bool:
    return key == path or key.startswith(path + ".") or key.startswith(path + "[")


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def merge(
    base: dict[str, Any],
    overlay: dict[str, Any],
    layer: str,
    provenance: Provenance,
    lines: dict[str, int],
    path: str = "",
) -> None:
    """Merge `overlay` into `base` in place, recording `layer` for every value it sets."""
    for key, value in overlay.items():
        sub = child(path, key)
        if value is None:
            base.pop(key, None)
            provenance.drop(sub)
            continue
        current = base.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merge(current, value, layer, provenance, lines, sub)
        elif is_named_list(value) and isinstance(current, list):
            _merge_named(current, value, layer, provenance, lines, sub)
        else:
            base[key] = _strip_removals(value, layer, sub, lines)
            provenance.drop(sub)
            provenance.set_tree(sub, base[key], layer, lines)


def _merge_named(
    base: list[Any],
    overlay: list[dict[str, Any]],
    layer: str,
    provenance: Provenance,
    lines: dict[str, int],
    path: str,
) -> None:
    seen: set[str] = set()
    for item in overlay:
        name = item["name"]
        sub = f"{path}[{name}]"
        # A name twice in one list is kept twice, so the pool-name rule reports it with
        # this layer instead of the second silently merging into the first.
        duplicate = name in seen
        seen.add(name)
        index = None if duplicate else find_named(base, name)
        if item.get(REMOVE) is True:
            if index is None:
                raise _no_item_to_remove(sub, layer, lines)
            del base[index]
            provenance.drop(sub)
        elif index is None:
            fresh = _strip_removals(item, layer, sub, lines)
            base.append(fresh)
            provenance.set_tree(sub, fresh, layer, lines)
        else:
            rest = {k: v for k, v in item.items() if k not in ("name", REMOVE)}
            merge(base[index], rest, layer, provenance, lines, sub)


def _strip_removals(value: Any, layer: str, path: str, lines: dict[str, int]) -> Any:
    """A copy without `$remove: false`; a `$remove: true` here has nothing to remove,
    which is a mistake worth saying."""
    if isinstance(value, dict):
        return {
            key: _strip_removals(item, layer, child(path, key), lines)
            for key, item in value.items()
            if not (key == REMOVE and item is False)
        }
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value):
            sub = item_path(path, item, index)
            if isinstance(item, dict) and item.get(REMOVE) is True:
                raise _no_item_to_remove(sub, layer, lines)
            out.append(_strip_removals(item, layer, sub, lines))
        return out
    return copy.deepcopy(value)


def _no_item_to_remove(path: str, layer: str, lines: dict[str, int]) -> SpecError:
    origin = Origin(layer, lines.get(path))
    return SpecError(f"{path} (from {origin.describe()}): $remove: no inherited item of that name")


def split_assignment(text: str) -> tuple[str, str]:
    """`PATH=VALUE` -> (PATH, VALUE); exit 2 when it is not one."""
    if "=" not in text:
        raise UsageError(f"--set {text!r}: expected PATH=VALUE, e.g. spec.tier=standard")
    path, value = text.split("=", 1)
    path = path.strip()
    if not path:
        raise UsageError(f"--set {text!r}: the path before '=' is empty")
    if not value.strip():
        # An empty value would read as null and silently reset the setting to its default.
        raise UsageError(
            f"--set {text!r}: the value is empty; to remove the setting (so its default "
            f"applies) write {path}=null"
        )
    return path, value


def set_value(
    document: dict[str, Any],
    segments: tuple[Segment, ...],
    value: Any,
    layer: str,
    provenance: Provenance,
) -> str:
    """Set (or with None, remove) the value at a path; return the path with names."""
    node: Any = document
    walked: list[Segment] = []
    positional: list[Segment] = []
    for position, seg in enumerate(segments):
        last = position == len(segments) - 1
        if isinstance(seg, Key):
            if not isinstance(node, dict):
                raise UsageError(
                    f"--set {format_path(segments)}: {format_path(walked)} is not a mapping"
                )
            walked.append(seg)
            positional.append(seg)
            if last:
                break
            current = node.get(seg.name)
            if current is not None and not isinstance(current, dict | list):
                raise UsageError(
                    f"--set {format_path(segments)}: {format_path(walked)} is a value "
                    f"({current!r}), not a mapping"
                )
            if not isinstance(current, dict | list):
                nxt = segments[position + 1]
                node[seg.name] = [] if isinstance(nxt, ByName | ByIndex) else {}
                provenance.set(format_path(walked), Origin(layer))
            node = node[seg.name]
        else:
            if not isinstance(node, list):
                raise UsageError(
                    f"--set {format_path(segments)}: {format_path(walked)} is not a list"
                )
            if isinstance(seg, ByName):
                index = find_named(node, seg.name)
                if index is None:
                    node.append({"name": seg.name})
                    index = len(node) - 1
                    provenance.set(format_path([*walked, seg]), Origin(layer))
            else:
                index = seg.index
                if not 0 <= index < len(node):
                    raise UsageError(
                        f"--set {format_path(segments)}: {format_path(walked)} has no item {index}"
                    )
            item = node[index]
            name = item_name(item)
            walked.append(ByName(name) if name is not None else ByIndex(index))
            positional.append(ByIndex(index))
            if last:
                path = format_path(walked)
                if value is None:
                    del node[index]
                    provenance.drop(path)
                else:
                    node[index] = copy.deepcopy(value)
                    provenance.drop(path)
                    provenance.set_tree(path, node[index], layer, {})
                    _also_record(document, positional, path, node[index], layer, provenance)
                return path
            node = item
    path = format_path(walked)
    assert isinstance(seg, Key)
    if value is None:
        node.pop(seg.name, None)
        provenance.drop(path)
    else:
        node[seg.name] = copy.deepcopy(value)
        provenance.drop(path)
        provenance.set_tree(path, node[seg.name], layer, {})
        _also_record(document, positional, path, node[seg.name], layer, provenance)
    return path


def _also_record(
    document: dict[str, Any],
    positional: list[Segment],
    path: str,
    value: Any,
    layer: str,
    provenance: Provenance,
) -> None:
    """A `--set` that renames an item (or replaces it by a non-mapping) moves its path:
    record the layer under the path findings will use too."""
    actual = canonical(document, tuple(positional))
    if actual != path:
        provenance.set_tree(actual, value, layer, {})


def parse_set_path(text: str) -> tuple[Segment, ...]:
    try:
        return parse_path(text)
    except SpecError as exc:
        raise UsageError(f"--set {text}: {exc.message}") from None
