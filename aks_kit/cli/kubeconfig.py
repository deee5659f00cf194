"""Merging a cluster's kubeconfig into the user's: never through a symlink, never losing
the original, never crashing on a file it cannot read.

- A symlinked kubeconfig is refused (writing through it would replace its target and
  change its mode); `--kubeconfig` can name the file itself.
- A malformed kubeconfig (not YAML, not a mapping, entry lists that are not lists of named
  mappings) is refused with its path, and nothing is written.
- Before a merge the current file is copied to `<name>.aks-kit.bak`, or `.bak.1`, `.bak.2`...
  when earlier backups exist: no backup is ever overwritten.
- Every file is written whole or not at all, 0600 (aks_kit/files.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aks_kit.errors import AksKitError, NotFound, SpecError, UsageError
from aks_kit.files import write_text

ENTRY_LISTS = {"clusters": "cluster", "users": "user", "contexts": "context"}


def merge_kubeconfig(target: Path, text: str, *, context: str) -> None:
    """Merge one cluster's kubeconfig into `target`, its context named after the cluster."""
    import yaml

    incoming = _parse(text, "the stack's kubeconfig output")
    clusters, users = incoming.get("clusters") or [], incoming.get("users") or []
    if not clusters or not users:
        raise SpecError("the stack's kubeconfig output has no cluster or user entry")
    if not isinstance(clusters[0].get("cluster"), dict) or not isinstance(
        users[0].get("user"), dict
    ):
        raise SpecError("the stack's kubeconfig output has an empty cluster or user entry")
    if target.is_symlink():
        real = os.path.realpath(target)
        raise UsageError(
            f"{target} is a symlink to {real}: aks-kit does not write through links "
            f"(it would replace the file there); merge into it with --kubeconfig {real}"
        )
    original: str | None = None
    existing: dict[str, Any] = {}
    if target.exists():
        from aks_kit.presets.reading import read_file

        original = read_file(target, str(target))
        existing = _parse(original, str(target)) if original.strip() else {}
    merged = dict(existing) or {"apiVersion": "v1", "kind": "Config", "preferences": {}}
    user_name = f"{context}-user"
    entries = {
        "clusters": {"name": context, "cluster": clusters[0]["cluster"]},
        "users": {"name": user_name, "user": users[0]["user"]},
        "contexts": {"name": context, "context": {"cluster": context, "user": user_name}},
    }
    for key, entry in entries.items():
        items = [item for item in merged.get(key) or [] if item.get("name") != entry["name"]]
        merged[key] = [*items, entry]
    merged["current-context"] = context
    try:
        if original is not None:
            _backup(target, original)
        write_text(target, yaml.safe_dump(merged, sort_keys=False), private=True)
    except OSError as exc:
        raise NotFound(
            f"{target}: cannot write it ({exc.strerror or exc}); it was left as it was"
        ) from None


def _parse(text: str, source: str) -> dict[str, Any]:
    """A kubeconfig as data, read strictly (no duplicate keys, tags or alias tricks)."""
    from aks_kit.presets.yamlio import parse_yaml

    try:
        data = parse_yaml(text, source).data
    except AksKitError as exc:
        raise SpecError(
            f"{source} is not a kubeconfig aks-kit can merge into ({exc.message}); "
            "nothing was changed"
        ) from None
    for key, inner in ENTRY_LISTS.items():
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and isinstance(item.get(inner, {}), dict)
            for item in items
        ):
            raise SpecError(
                f"{source} is not a kubeconfig aks-kit can merge into ({key} must be a list "
                f"of entries with a name and a {inner} mapping); nothing was changed"
            )
    return data


def _backup(target: Path, text: str) -> Path:
    """Copy `text` to the first free backup name beside `target` (never overwriting)."""
    number = 0
    while True:
        suffix = ".aks-kit.bak" + (f".{number}" if number else "")
        backup = target.with_name(target.name + suffix)
        if write_text(backup, text, private=True, exclusive=True):
            return backup
        number += 1
