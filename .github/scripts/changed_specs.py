#!/usr/bin/env python3
"""Which cluster and fleet files a change touches: the files themselves, or a preset they extend.

Compares two checkouts of the same repository (the base and the head of a pull request, or
the commit before and after a push) file by file, so it needs no git history and no token.
A `kind: Cluster` or `kind: Fleet` file is affected when it, or any preset file its `extends`
chain reaches (fleet members included), differs between the two trees. `extends` is a path
when it contains '/' or ends in .yaml (relative to the file), else a preset name looked up in
the `--preset-dir` directories; built-in presets come with aks-kit, which both sides share.

    changed_specs.py --base BASE_DIR --head HEAD_DIR [--root examples] [--preset-dir DIR]

prints one JSON document: `{"specs": [{"path", "status", "because"}]}` where status is
`added`, `modified` or `deleted` and `because` lists the changed files (repository paths).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

SPEC_KINDS = ("Cluster", "Fleet")
API_VERSION = "aks-kit/v1"


@dataclass(frozen=True)
class Tree:
    """One checkout: its root directory, where to look for specs and named presets."""

    root: Path
    roots: tuple[str, ...] = (".",)
    preset_dirs: tuple[str, ...] = ()

    def read(self, rel: str) -> bytes | None:
        path = self.root / rel
        try:
            return path.read_bytes() if path.is_file() else None
        except OSError:
            return None


@dataclass
class Spec:
    path: str
    status: str
    because: list[str] = field(default_factory=list)


def _load(data: bytes | None) -> dict[str, Any] | None:
    if data is None:
        return None
    try:
        document = yaml.safe_load(data)
    except yaml.YAMLError:
        return None
    return document if isinstance(document, dict) else None


def kind_of(tree: Tree, rel: str) -> str | None:
    """`Cluster`, `Fleet` or `Preset` for an aks-kit file, None for anything else."""
    document = _load(tree.read(rel))
    if document is None or document.get("apiVersion") != API_VERSION:
        return None
    kind = document.get("kind")
    return kind if isinstance(kind, str) else None


def spec_files(tree: Tree) -> set[str]:
    """Repository paths of every Cluster and Fleet file under the tree's roots."""
    found: set[str] = set()
    for root in tree.roots:
        base = tree.root / root
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.suffix not in (".yaml", ".yml") or not path.is_file():
                continue
            rel = path.relative_to(tree.root).as_posix()
            if any(part.startswith(".") for part in PurePosixPath(rel).parts):
                continue
            if kind_of(tree, rel) in SPEC_KINDS:
                found.add(rel)
    return found


def _extends(document: dict[str, Any]) -> Iterator[str]:
    ref = document.get("extends")
    if isinstance(ref, str) and ref:
        yield ref
    spec = document.get("spec")
    members = spec.get("members") if isinstance(spec, dict) else None
    for member in members if isinstance(members, list) else []:
        if isinstance(member, dict) and isinstance(member.get("extends"), str):
            yield member["extends"]


def _is_path(ref: str) -> bool:
    return "/" in ref or ref.endswith((".yaml", ".yml"))


def _normal(rel: PurePosixPath) -> str | None:
    """`a/b/../c.yaml` -> `a/c.yaml`; None when it climbs out of the repository."""
    parts: list[str] = []
    for part in rel.parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) or None


def _candidates(tree: Tree, rel: str, ref: str) -> list[str]:
    """Repository paths `ref` may name from `rel`, in lookup order (a missing one counts:
    a preset added on one side changes what the name means)."""
    if _is_path(ref):
        target = _normal(PurePosixPath(rel).parent / ref)
        return [target] if target else []
    out: list[str] = []
    for directory in tree.preset_dirs:
        target = _normal(PurePosixPath(directory) / f"{ref}.yaml")
        if target:
            out.append(target)
    return out


def closure(tree: Tree, rel: str) -> set[str]:
    """`rel` and every repository file its `extends` chains read or may read."""
    seen: set[str] = set()
    todo = [rel]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        document = _load(tree.read(current))
        if document is None:
            continue
        for ref in _extends(document):
            for candidate in _candidates(tree, current, ref):
                todo.append(candidate)
                if tree.read(candidate) is not None:
                    break  # the first existing one is what the name means
    return seen


def affected(base: Tree, head: Tree) -> list[Spec]:
    """Every spec that is new, gone, or reads a file that differs between the trees."""
    specs: list[Spec] = []
    for rel in sorted(spec_files(base) | spec_files(head)):
        in_base, in_head = base.read(rel) is not None, head.read(rel) is not None
        if in_base and kind_of(base, rel) not in SPEC_KINDS:
            in_base = False  # it became a spec on this side
        if not in_base:
            specs.append(Spec(rel, "added", [rel]))
            continue
        parsed = _load(head.read(rel))
        if not in_head or (parsed is not None and kind_of(head, rel) not in SPEC_KINDS):
            specs.append(Spec(rel, "deleted", [rel]))
            continue  # (a file that no longer parses is modified: its plan says why)
        reads = closure(base, rel) | closure(head, rel)
        changed = sorted(path for path in reads if base.read(path) != head.read(path))
        if changed:
            specs.append(Spec(rel, "modified", changed))
    return specs


def stack_name(tree: Tree, rel: str) -> str | None:
    """The stack aks-kit names after a Cluster file, or a Fleet file's own stack (its
    `metadata.name`, as when no `--stack` is given; a fleet whose own stack exists lists its
    members not deployed yet itself); None for a file that names none."""
    document = _load(tree.read(rel))
    if document is None or document.get("kind") not in ("Cluster", "Fleet"):
        return None
    metadata = document.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) and name else None


def write_outputs(path: Path, **values: int) -> None:
    """Append `name=value` lines to a `$GITHUB_OUTPUT` file."""
    with open(path, "a", encoding="utf-8") as handle:
        for name, value in values.items():
            handle.write(f"{name}={value}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", required=True, type=Path, help="checkout of the base")
    parser.add_argument("--head", required=True, type=Path, help="checkout of the head")
    parser.add_argument(
        "--root", action="append", default=[], help="where specs live (repeatable; default .)"
    )
    parser.add_argument(
        "--preset-dir", action="append", default=[], help="named presets (repeatable)"
    )
    parser.add_argument(
        "--github-output",
        type=Path,
        default=os.environ.get("GITHUB_OUTPUT") or None,
        help="append count=N (a step output) to this file (default: $GITHUB_OUTPUT)",
    )
    args = parser.parse_args(argv)
    roots = tuple(args.root) or (".",)
    dirs = tuple(args.preset_dir)
    for side in (args.base, args.head):
        if not side.is_dir():
            print(f"error: {side}: not a directory", file=sys.stderr)
            return 2
    specs = affected(Tree(args.base, roots, dirs), Tree(args.head, roots, dirs))
    json.dump({"specs": [asdict(s) for s in specs]}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    if args.github_output:
        write_outputs(args.github_output, count=len(specs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
