"""YAML in and out. Loading keeps each value's line so errors can point at it."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import NotFound, SpecError
from .paths import child


@dataclass
class LoadedYaml:
    """A parsed document as plain Python data, plus `path -> line` (1-based)."""

    data: dict[str, Any]
    source: str
    lines: dict[str, int] = field(default_factory=dict)


def _text(value: str, path: str, lines: dict[str, int]) -> str:
    """Plain text, refusing lone surrogates (YAML escapes like "\ud800") that can't print."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        line = lines.get(path)
        where = f" (line {line})" if line else ""
        raise SpecError(
            f"{path or 'document'}{where}: "
            "text holds a lone UTF-16 surrogate (an invalid \\u escape)"
        ) from None
    return str(value)


def _plain(node: Any, path: str, lines: dict[str, int]) -> Any:
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            key = _text(key if isinstance(key, str) else str(key), path, lines)
            sub = child(path, key)
            with contextlib.suppress(KeyError, TypeError):
                lines[sub] = node.lc.key(key)[0] + 1
            out[key] = _plain(value, sub, lines)
        return out
    if isinstance(node, CommentedSeq):
        items: list[Any] = []
        for index, value in enumerate(node):
            name = value.get("name") if isinstance(value, CommentedMap) else None
            sub = f"{path}[{name}]" if isinstance(name, str) else f"{path}[{index}]"
            with contextlib.suppress(KeyError, TypeError):
                lines[sub] = node.lc.item(index)[0] + 1
            items.append(_plain(value, sub, lines))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime | dt.date):
        return node.isoformat()
    if isinstance(node, str):
        return _text(node, path, lines)
    return node


def parse_yaml(text: str, source: str) -> LoadedYaml:
    """Parse one YAML mapping document; SpecError (exit 3) names the line on bad syntax."""
    yaml = YAML(typ="rt")
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else source
        problem = exc.problem or exc.context or "invalid YAML"
        raise SpecError(f"{where}: malformed YAML: {problem}") from None
    except YAMLError as exc:
        raise SpecError(f"{source}: malformed YAML: {exc}") from None
    if node is None:
        raise SpecError(f"{source}: the document is empty")
    if not isinstance(node, CommentedMap):
        kind = type(node).__name__.replace("Commented", "").lower()
        raise SpecError(f"{source}: expected a mapping with apiVersion/kind/spec, found a {kind}")
    lines: dict[str, int] = {}
    try:
        data = _plain(node, "", lines)
    except SpecError as exc:
        raise SpecError(f"{source}: {exc.message}") from None
    return LoadedYaml(data=data, source=source, lines=lines)


def read_yaml_file(path: Path, label: str) -> LoadedYaml:
    """Read and parse a file; NotFound (exit 4) when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"file not found: {label}") from None
    except IsADirectoryError:
        raise NotFound(f"not a file: {label}") from None
    except UnicodeDecodeError:
        raise SpecError(f"{label}: not UTF-8 text") from None
    except OSError as exc:
        raise NotFound(f"cannot read {label}: {exc.strerror}") from None
    return parse_yaml(text, label)


def parse_scalar(text: str) -> Any:
    """Parse a `--set` value the way YAML reads a scalar (`true`, `3`, `10%`, `[1, 2]`)."""
    yaml = YAML(typ="safe", pure=True)
    try:
        value = yaml.load(text)
    except YAMLError as exc:
        raise SpecError(f"cannot parse value {text!r}: {str(exc).splitlines()[0]}") from None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def dump_yaml(data: Any) -> str:
    """Block-style YAML with keys in the order given."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
