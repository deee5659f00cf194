"""Writing kubeconfigs safely: 0600 files, and merges that keep a backup."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aks_kit.errors import SpecError


def write_private(path: Path, text: str) -> None:
    """Write a secret-holding file readable by its owner only (created 0600)."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode otherwise
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def merge_kubeconfig(target: Path, text: str, *, context: str) -> None:
    """Merge one cluster's kubeconfig into `target`, its context named after the cluster."""
    import yaml

    incoming = yaml.safe_load(text) or {}
    existing: dict[str, Any] = {}
    if target.exists():
        existing = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
        if not isinstance(existing, dict):
            raise SpecError(f"{target} is not a kubeconfig; nothing was changed")
        backup = target.with_name(target.name + ".aks-kit.bak")
        write_private(backup, target.read_text(encoding="utf-8"))
    merged = dict(existing) or {"apiVersion": "v1", "kind": "Config", "preferences": {}}
    clusters = incoming.get("clusters") or []
    users = incoming.get("users") or []
    if not clusters or not users:
        raise SpecError("the cluster's kubeconfig has no cluster or user entry")
    cluster_entry = {"name": context, "cluster": clusters[0]["cluster"]}
    user_name = f"{context}-user"
    user_entry = {"name": user_name, "user": users[0]["user"]}
    context_entry = {"name": context, "context": {"cluster": context, "user": user_name}}
    for key, entry in (
        ("clusters", cluster_entry),
        ("users", user_entry),
        ("contexts", context_entry),
    ):
        items = [i for i in merged.get(key) or [] if i.get("name") != entry["name"]]
        merged[key] = [*items, entry]
    merged["current-context"] = context
    write_private(target, yaml.safe_dump(merged, sort_keys=False))
