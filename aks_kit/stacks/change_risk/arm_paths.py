"""Paths into ARM request inputs: parse, render, match against table patterns, look up.

A path is a tuple of tokens: a key is a token; an item of a list of named objects is `[name]`.
Patterns use `*` (one key), `[*]` (one named list item) and `**` (the rest).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Final

Path = tuple[str, ...]
_TOKEN: Final = re.compile(r"\[[^\]]*\]|[^.\[]+")
_PLAIN_KEY: Final = re.compile(r"^[A-Za-z0-9_-]+$")


class _Missing:
    """An absent key (distinct from an explicit null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def parse_path(text: str) -> Path:
    """`properties.agentPoolProfiles[system].vmSize` -> its tokens (patterns too)."""
    return tuple(_TOKEN.findall(text))


def render_path(path: Sequence[str]) -> str:
    out = ""
    for token in path:
        if token.startswith("["):
            out += token
        elif _PLAIN_KEY.match(token):
            out += f".{token}" if out else token
        else:
            out += f'["{token}"]'
    return out


def matches(pattern: Path, path: Path) -> bool:
    """Whether a path matches a table pattern (module doc)."""
    if not pattern:
        return not path
    head = pattern[0]
    if head == "**":
        return True
    if not path:
        return False
    token = path[0]
    if head == "[*]":
        ok = token.startswith("[")
    elif head == "*":
        ok = not token.startswith("[")
    else:
        ok = head == token
    return ok and matches(pattern[1:], path[1:])


def value_at(root: Any, path: Sequence[str]) -> Any:
    """The value at `path` (named list items by name), or None."""
    node = root
    for token in path:
        if token.startswith("["):
            name = token[1:-1]
            if not isinstance(node, list):
                return None
            node = next(
                (i for i in node if isinstance(i, dict) and str(i.get("name")) == name), None
            )
        elif isinstance(node, dict):
            node = node.get(token)
        else:
            return None
        if node is None:
            return None
    return node


def is_named_list(value: Any) -> bool:
    """A non-empty list of objects with distinct string names (matched by name, not index)."""
    if not isinstance(value, list) or not value:
        return False
    names = [i.get("name") for i in value if isinstance(i, dict)]
    return (
        len(names) == len(value)
        and all(isinstance(n, str) for n in names)
        and len(set(names)) == len(names)
    )


def scalars(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every scalar inside a value with its path (named list items by name)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from scalars(item, (*path, str(key)))
    elif is_named_list(value):
        for item in value:
            yield from scalars(item, (*path, f"[{item['name']}]"))
    else:
        yield path, value
