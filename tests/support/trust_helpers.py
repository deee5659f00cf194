"""Helpers for the trust tests: plans, shipped files and `plan --against` through the CLI."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]  # tests/support -> repo
PRESETS = ("standard", "standard-large", "automatic")
EXAMPLES = sorted(
    p
    for p in [*REPO.glob("examples/*.yaml"), *REPO.glob("examples/*/*.yaml")]
    if "presets" not in p.parent.name
)
SOURCES: list[tuple[str, ...]] = [
    *(("--preset", name) for name in PRESETS),
    *(("-f", str(path)) for path in EXAMPLES),
]
SOURCE_IDS = [*PRESETS, *(str(p.relative_to(REPO)) for p in EXAMPLES)]

Cli = Callable[..., Any]


def plan(cli: Cli, *args: str, ok: bool = True) -> dict[str, Any]:
    """`aks-kit plan ARGS -o json` as a document (asserting exit 0 unless ok=False)."""
    result = cli("plan", *args, "-o", "json")
    if ok:
        assert result.exit_code == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout))


def resources(doc: dict[str, Any], arm_type: str | None = None) -> list[dict[str, Any]]:
    """Every resource of a plan (a fleet plan's too), optionally of one ARM type."""
    found = list(doc.get("resources") or [])
    for stack in doc.get("stacks") or []:
        found.extend(stack.get("resources") or [])
    return [r for r in found if arm_type is None or r.get("armType") == arm_type]


def cluster(doc: dict[str, Any]) -> dict[str, Any]:
    [found] = resources(doc, "Microsoft.ContainerService/managedClusters")
    return found


def findings(doc: dict[str, Any], level: str | None = None) -> list[dict[str, Any]]:
    found = list(doc.get("findings") or [])
    return [f for f in found if level is None or f["level"] == level]


def against(
    cli: Cli,
    tmp_path: Path,
    old: dict[str, Any],
    *args: str,
    extra: tuple[str, ...] = (),
) -> tuple[int, dict[str, Any]]:
    """`plan ARGS --against OLD -o json`: (exit code, document)."""
    path = tmp_path / f"old-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    result = cli("plan", *args, "--against", str(path), *extra, "-o", "json")
    assert result.exception is None, result.exception
    return result.exit_code, dict(json.loads(result.stdout))


def changes(doc: dict[str, Any], path_part: str = "") -> list[dict[str, Any]]:
    return [c for c in doc["changes"]["changes"] if path_part in c["path"]]


def edited(doc: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A deep copy of a plan after `edit` (used to make the *old* side of a diff)."""
    out = copy.deepcopy(doc)
    edit(out)
    return out


def find(doc: dict[str, Any], name_suffix: str) -> dict[str, Any]:
    [found] = [r for r in resources(doc) if r["name"].endswith(name_suffix)]
    return found


def walk(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from walk(item, (*path, str(key)))
    else:
        yield path, value
