"""Reading what the user gives, within limits: at most 4 MiB, UTF-8 always, read once,
at most 64 levels of nesting, and no YAML tags on mappings or sequences.

Every spec, preset and `--against` document is read through here, so `-f /dev/zero`, a
FIFO, `<(cat spec.yaml)` and a Latin-1 locale behave alike: one read of at most the limit,
decoded as UTF-8 whatever the locale says. The nesting check walks the parser's events
(flat, no recursion) before anything is built, so a document nested 100,000 deep is
refused with its line instead of exhausting the stack.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import yaml

from aks_kit.errors import NotFound, SpecError

MAX_BYTES = 4 * 1024 * 1024
"""The largest file aks-kit reads (the largest example fleet is a few kilobytes)."""
MAX_DEPTH = 64
"""Mappings and lists nested deeper than this are refused (a spec needs about eight)."""
PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})

PARSER = getattr(yaml, "CParser", None) if yaml.__with_libyaml__ else None


def read_limited(stream: BinaryIO, label: str) -> str:
    """At most MAX_BYTES from a binary stream, as UTF-8; SpecError beyond or on bad bytes."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SpecError(
            f"{label}: larger than {MAX_BYTES // (1024 * 1024)} MiB, the most aks-kit reads"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(f"{label}: not UTF-8 text (byte {exc.start + 1})") from None


def read_file(path: Path, label: str) -> str:
    """A file (or FIFO, /dev/stdin, process substitution) read once; NotFound (exit 4)."""
    try:
        with open(path, "rb") as stream:
            return read_limited(stream, label)
    except FileNotFoundError:
        raise NotFound(f"file not found: {label}") from None
    except IsADirectoryError:
        raise NotFound(f"not a file: {label}") from None
    except OSError as exc:
        raise NotFound(f"cannot read {label}: {exc.strerror or exc}") from None


def read_stdin(label: str = "-f -") -> str:
    """Standard input, read once as UTF-8 bytes (never in the locale's encoding)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise SpecError(f"{label}: standard input is closed")
    return read_limited(stream, label)


def check_shape(text: str, source: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and tags on mappings or sequences.

    Malformed YAML passes here untouched: the loader that follows names the problem.
    """
    depth = 0
    try:
        loader = PARSER(text) if PARSER is not None else yaml.SafeLoader(text)
    except yaml.YAMLError:
        return
    try:
        while True:
            try:
                event = loader.get_event()
            except yaml.YAMLError:
                return
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                line = event.start_mark.line + 1 if event.start_mark else 0
                depth += 1
                if depth > MAX_DEPTH:
                    raise SpecError(
                        f"{source}, line {line}: nested more than {MAX_DEPTH} levels deep"
                    )
                if event.tag is not None and event.tag not in PLAIN_TAGS:
                    shown = event.tag.replace("tag:yaml.org,2002:", "!!")
                    raise SpecError(
                        f"{source}, line {line}: the YAML tag {shown} is not allowed "
                        "(aks-kit files hold plain mappings, lists and values)"
                    )
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    finally:
        loader.dispose()
