"""Explain: every value of a resolved document with the layer that set it.

`presets show` and `plan --explain` print these rows as one sources table.
"""

from __future__ import annotations

from typing import Any

from .paths import item_path
from .resolve import Resolved


def sources(resolved: Resolved) -> list[tuple[str, Any, str]]:
    """Every leaf value of the resolved document with the layer that set it."""
    if resolved.document is None:
        return []
    rows: list[tuple[str, Any, str]] = []
    _walk(resolved.document.dump(), "", resolved, rows)
    return rows


def _walk(node: Any, path: str, resolved: Resolved, rows: list[tuple[str, Any, str]]) -> None:
    if isinstance(node, dict) and node:
        for key, value in node.items():
            _walk(value, f"{path}.{key}" if path else key, resolved, rows)
    elif isinstance(node, list) and node and all(isinstance(i, dict) for i in node):
        for index, item in enumerate(node):
            _walk(item, item_path(path, item, index), resolved, rows)
    else:
        if path in ("apiVersion", "kind"):
            return
        origin = resolved.provenance.explicit(path)
        rows.append((path, node, origin.layer if origin else "default"))
