"""Document paths: `spec.nodePools[web].maxCount`, the one address form for values.

`--set`, `locked:`, findings and provenance all speak it. List items are selected by
name (`[web]`) or by index (`[1]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aks_kit.errors import SpecError


@dataclass(frozen=True)
class Key:
    name: str


@dataclass(frozen=True)
class ByName:
    name: str


@dataclass(frozen=True)
class ByIndex:
    index: int


Segment = Key | ByName | ByIndex

_TOKEN = re.compile(r"([A-Za-z_$][A-Za-z0-9_$-]*)|\[([^\[\]]+)\]|(\.)")


def parse_path(text: str) -> tuple[Segment, ...]:
    """Parse a path; raise SpecError naming the path when it is malformed."""
    segments: list[Segment] = []
    pos = 0
    expect_key = True
    if not text:
        raise SpecError("empty path")
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise SpecError(f"malformed path {text!r} at character {pos + 1}")
        key, selector, _dot = match.groups()
        if key is not None:
            if not expect_key:
                raise SpecError(f"malformed path {text!r}: missing '.' before {key!r}")
            segments.append(Key(key))
            expect_key = False
        elif selector is not None:
            if expect_key:
                raise SpecError(f"malformed path {text!r}: '[{selector}]' must follow a key")
            selector = selector.strip()
            if re.fullmatch(r"[0-9]{1,9}", selector):
                segments.append(ByIndex(int(selector)))
            else:
                segments.append(ByName(selector))
        else:
            if expect_key:
                raise SpecError(f"malformed path {text!r}: empty segment")
            expect_key = True
        pos = match.end()
    if expect_key:
        raise SpecError(f"malformed path {text!r}: ends with '.'")
    return tuple(segments)


def format_path(segments: tuple[Segment, ...] | list[Segment]) -> str:
    out = ""
    for seg in segments:
        if isinstance(seg, Key):
            out += ("." if out else "") + seg.name
        elif isinstance(seg, ByName):
            out += f"[{seg.name}]"
        else:
            out += f"[{seg.index}]"
    return out


def child(path: str, key: str | int) -> str:
    """The path of a child: a dict key, a list index, or (str in a list) an item name."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def item_name(item: Any) -> str | None:
    """The `name` of a list item that has one (a mapping with a text name)."""
    if isinstance(item, dict) and isinstance(item.get("name"), str):
        name: str = item["name"]
        return name
    return None


def item_path(path: str, item: Any, index: int) -> str:
    """`path[name]` for a named item, `path[index]` otherwise: paths name pools, not
    positions."""
    name = item_name(item)
    return f"{path}[{name}]" if name is not None else f"{path}[{index}]"


def is_named_list(value: Any) -> bool:
    """A non-empty list whose items all have a name: merged by name, addressed by name."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(item_name(item) is not None for item in value)
    )


def find_named(items: list[Any], name: str) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get("name") == name:
            return i
    return None


def lookup(document: Any, segments: tuple[Segment, ...]) -> tuple[bool, Any]:
    """(found, value) at the path; never raises."""
    node = document
    for seg in segments:
        if isinstance(seg, Key):
            if not isinstance(node, dict) or seg.name not in node:
                return False, None
            node = node[seg.name]
        elif isinstance(seg, ByName):
            if not isinstance(node, list):
                return False, None
            idx = find_named(node, seg.name)
            if idx is None:
                return False, None
            node = node[idx]
        else:
            if not isinstance(node, list) or not 0 <= seg.index < len(node):
                return False, None
            node = node[seg.index]
    return True, node


def canonical(document: Any, segments: tuple[Segment, ...]) -> str:
    """The path with list indexes replaced by item names where items have names."""
    node = document
    out: list[Segment] = []
    for seg in segments:
        if isinstance(seg, ByIndex) and isinstance(node, list) and 0 <= seg.index < len(node):
            item = node[seg.index]
            name = item_name(item)
            out.append(ByName(name) if name is not None else seg)
            node = item
            continue
        out.append(seg)
        found, node = lookup(node, (seg,))
        if not found:
            node = None
    return format_path(out)
