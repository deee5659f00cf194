"""YAML in and out (YAML 1.2 core schema). Loading keeps each value's line for errors.

PyYAML's C parser composes nodes that carry their line; yamlcore gives them YAML 1.2's
core schema (so `yes` stays a string, as in Kubernetes tooling). Walking the nodes
ourselves also refuses what PyYAML accepts silently: duplicate keys, recursive aliases,
alias bombs, non-finite numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yamlcore import CCoreDumper, CCoreLoader, CoreDumper, CoreLoader

from aks_kit.errors import SpecError

from .paths import child
from .reading import MAX_DEPTH, check_shape, read_file

LOADER = CCoreLoader if yaml.__with_libyaml__ else CoreLoader
DUMPER = CCoreDumper if yaml.__with_libyaml__ else CoreDumper
MAX_NODES = 200_000
"""Aliases can expand a small file into a huge document; past this it is refused."""
VERSION_KEYS = frozenset({"kubernetesVersion"})
"""Keys whose plain scalars keep the text the user typed: YAML reads `1.30` as the number
1.3, which is a different Kubernetes version."""


@dataclass
class LoadedYaml:
    """A parsed document as plain Python data, plus `path -> line` (1-based)."""

    data: dict[str, Any]
    source: str
    lines: dict[str, int] = field(default_factory=dict)


class _Walker:
    """Builds plain data from composed nodes, recording lines and refusing bad shapes."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.lines: dict[str, int] = {}
        self.visited = 0
        self.depth = 0
        self.active: set[int] = set()

    def walk(self, node: Node, path: str) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise SpecError(f"{path or 'document'}: too many values (alias expansion?)")
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            raise SpecError(f"{path or 'document'} (line {_line(node)}): a recursive alias")
        self.active.add(id(node))
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:  # aliases can nest what the text does not
                raise SpecError(
                    f"{path or 'document'} (line {_line(node)}): "
                    f"nested more than {MAX_DEPTH} levels deep"
                )
            if isinstance(node, MappingNode):
                return self.mapping(node, path)
            if isinstance(node, SequenceNode):
                return self.sequence(node, path)
        finally:
            self.active.discard(id(node))
            self.depth -= 1
        raise SpecError(f"{path or 'document'}: unsupported YAML node")  # pragma: no cover

    def mapping(self, node: MappingNode, path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise SpecError(f"{path or 'document'} (line {_line(key_node)}): keys must be text")
            raw = self.scalar(key_node, path)
            key = raw if isinstance(raw, str) else str(raw).lower() if raw is not None else "null"
            sub = child(path, key)
            if key in out:
                raise SpecError(f"{sub} (line {_line(key_node)}): duplicate key {key!r}")
            self.lines[sub] = _line(key_node)
            out[key] = self.walk(value_node, sub)
        return out

    def sequence(self, node: SequenceNode, path: str) -> list[Any]:
        items: list[Any] = []
        for index, item in enumerate(node.value):
            name = _item_name(item)
            sub = f"{path}[{name}]" if name is not None else f"{path}[{index}]"
            self.lines[sub] = _line(item)
            items.append(self.walk(item, sub))
        return items

    def scalar(self, node: ScalarNode, path: str) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, TypeError, OverflowError):
            # Python's int() refuses over 4,300 digits; explicit tags like `!!int x`
            # fail in the constructor: both are bad input, not bugs.
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            raise SpecError(
                f"{path or 'document'} (line {_line(node)}): cannot read {shown!r} as {node.tag}"
            ) from None
        if _is_version(path) and isinstance(value, int | float) and not node.style:
            return node.value  # a plain `1.30` keeps the digits as written (not 1.3)
        if isinstance(value, float) and not math.isfinite(value):
            raise SpecError(f"{path or 'document'} (line {_line(node)}): not a finite number")
        if isinstance(value, str):
            return _text(value, path, _line(node))
        if value is None or isinstance(value, bool | int | float):
            return value
        return str(value)  # pragma: no cover - the core schema yields no other types


def _is_version(path: str) -> bool:
    return path.rsplit(".", 1)[-1] in VERSION_KEYS


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _item_name(node: Node) -> str | None:
    """A list item's `name:` (so paths say `[web]`, not `[1]`), read without building it."""
    if not isinstance(node, MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "name" and isinstance(value, ScalarNode):
            return str(value.value) if value.value else None
    return None


def _text(value: str, path: str, line: int) -> str:
    """Plain text, refusing lone surrogates (YAML escapes like "\\ud800") that can't print."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:  # JSON writes characters outside the BMP as surrogate pairs: join them
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            pass
        raise SpecError(
            f"{path or 'document'} (line {line}): "
            "text holds a lone UTF-16 surrogate (an invalid \\u escape)"
        ) from None
    return value


def _yaml_error(exc: yaml.YAMLError, source: str) -> SpecError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else source
        problem = exc.problem or exc.context or "invalid YAML"
        return SpecError(f"{where}: malformed YAML: {problem}")
    return SpecError(f"{source}: malformed YAML: {str(exc).splitlines()[0]}")


def _compose(text: str, source: str) -> tuple[Any, Node | None]:
    try:
        loader = LOADER(text)
    except yaml.YAMLError as exc:  # the reader refuses some characters (NUL) up front
        raise _yaml_error(exc, source) from None
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError as exc:
        loader.dispose()
        raise _yaml_error(exc, source) from None


def parse_yaml(text: str, source: str) -> LoadedYaml:
    """Parse one YAML mapping document; SpecError (exit 3) names the line on bad input."""
    check_shape(text, source)
    loader, node = _compose(text, source)
    try:
        if node is None:
            raise SpecError(f"{source}: the document is empty")
        if not isinstance(node, MappingNode):
            kind = "list" if isinstance(node, SequenceNode) else "single value"
            raise SpecError(
                f"{source}: expected a mapping with apiVersion/kind/spec, found a {kind}"
            )
        walker = _Walker(loader)
        try:
            data = walker.walk(node, "")
        except SpecError as exc:
            raise SpecError(f"{source}: {exc.message}") from None
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, source) from None
        return LoadedYaml(data=data, source=source, lines=walker.lines)
    finally:
        loader.dispose()


def read_yaml_file(path: Path, label: str) -> LoadedYaml:
    """Read (once, at most the size limit, as UTF-8) and parse a file; NotFound (exit 4)
    when it does not exist."""
    return parse_yaml(read_file(path, label), label)


def parse_scalar(text: str, path: str = "") -> Any:
    """Parse a `--set` value the way YAML reads it (`true`, `3`, `10%`, `[1, 2]`); `path`
    is where it goes, so version fields keep the text as typed (`1.30`, not 1.3)."""
    check_shape(text, "value")
    loader, node = _compose(text, "value")
    try:
        if node is None:
            return None
        return _Walker(loader).walk(node, path)
    except yaml.YAMLError as exc:
        raise SpecError(
            f"cannot parse value {text!r}: {_yaml_error(exc, 'value').message}"
        ) from None
    finally:
        loader.dispose()


def dump_yaml(data: Any) -> str:
    """Block-style YAML 1.2, keys in the order given."""
    text: str = yaml.dump(
        data, Dumper=DUMPER, sort_keys=False, default_flow_style=False, allow_unicode=True
    )
    return text
