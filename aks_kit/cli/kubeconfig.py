"""Writing kubeconfigs safely: 0600 files, and merges that keep a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aks_kit.errors import SpecError
from aks_kit.files import write_text


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
        write_text(backup, target.read_text(encoding="utf-8"), private=True)
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
    write_text(target, yaml.safe_dump(merged, sort_keys=False), private=True)
