"""Validating merged data against the model, and the messages for data that does not fit:
pydantic's errors become findings, unknown keys get "did you mean"."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding
from .layering import Provenance
from .model import ClusterDocument
from .paths import ByIndex, Key, Segment, canonical, lookup


def validate_document(
    data: dict[str, Any], provenance: Provenance
) -> tuple[ClusterDocument | None, list[Finding]]:
    try:
        return ClusterDocument.model_validate(data), []
    except ValidationError as exc:
        return None, [_finding(error, data, provenance) for error in exc.errors()]


def _finding(error: Any, data: dict[str, Any], provenance: Provenance) -> Finding:
    loc = tuple(error["loc"])
    kind = error["type"]
    segments: tuple[Segment, ...] = tuple(
        ByIndex(part) if isinstance(part, int) else Key(str(part)) for part in loc
    )
    if kind == "extra_forbidden":
        parent = canonical(data, segments[:-1])
        key = str(loc[-1])
        path = f"{parent}.{key}" if parent else key
        message = unknown_key_message(key, fields_at(ClusterDocument, loc[:-1]))
        value = None
    else:
        path = canonical(data, segments)
        found, value = lookup(data, segments)
        value = value if found else None
        message = error_message(error)
    origin = provenance.origin_of(path)
    return Finding("error", _code(kind), path, value, origin.describe(), message)


def unknown_key_message(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
    if not close:
        lowered = {a.lower(): a for a in allowed}
        if key.lower() in lowered:
            close = [lowered[key.lower()]]
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    shown = ", ".join(list(allowed)[:12]) + (", ..." if len(allowed) > 12 else "")
    return f"unknown key; valid keys here: {shown} (aks-kit presets schema lists all)"


def _code(kind: str) -> str:
    return {
        "extra_forbidden": "unknown-key",
        "missing": "required",
        "literal_error": "not-allowed",
    }.get(kind, "invalid")


def error_message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if kind == "string_pattern_mismatch":
        return f"must match {error['ctx']['pattern']}"
    return message[0].lower() + message[1:] if message else kind


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The camelCase keys valid at `loc` inside `model` (for "did you mean")."""
    current: Any = model
    for part in loc:
        current = _model_in(current)
        if current is None:
            return []
        if isinstance(part, int):
            continue
        field = next(
            (f for name, f in current.model_fields.items() if (f.alias or name) == part),
            None,
        )
        if field is None:
            return []
        current = field.annotation
    resolved = _model_in(current)
    if resolved is None:
        return []
    return [f.alias or name for name, f in resolved.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation like `list[NodePool] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
