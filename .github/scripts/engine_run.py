#!/usr/bin/env python3
"""Run `aks-kit preview` (pull requests) or `aks-kit up` (merges) for every changed spec.

The specs are those `changed_specs` finds between two checkouts. Credentials, the backend
and the secrets provider come from the environment (`azure/login` with OIDC, `ARM_*`,
`AKS_KIT_BACKEND`, `AKS_KIT_SECRETS_PROVIDER`); nothing here prints them.

- `--mode preview`: `aks-kit preview -o markdown` of each modified spec's existing stack
  (a preview never creates a stack; a new spec's resources are all creates, which the
  offline plan already lists, and so are those of a cluster or fleet file whose stack is
  not in the backend yet, say one merged but not deployed; a fleet's preview lists its
  members not deployed yet itself). A refused or failed preview shows the
  preview aks-kit printed, then its error. Writes `DIR/preview.md` for the comment job.
- `--mode up`: `aks-kit up --yes` of each added or modified spec. `up` keeps its guard: a
  change that replaces or deletes clusters, pools, subnets, identities or resource groups
  exits 3 and nothing of that spec changes; run it by hand with `--allow-replace` if meant.
  Removed files destroy nothing.

    engine_run.py --mode preview|up --base BASE --head HEAD --out DIR [--root R] [--preset-dir D]

aks-kit's progress (stderr) goes to the job log; the Markdown also goes to
`$GITHUB_STEP_SUMMARY` when set. Exit status: 0, 3 when a spec was refused (guard or blocked
plan), 1 when one failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from changed_specs import Spec, Tree, affected, stack_name
from pr_plan import EXIT_BLOCKED, nest, run

TITLES = {"preview": "## aks-kit preview", "up": "## aks-kit up"}
MESSAGE_LIMIT = 4000
"""Characters of a failure's message kept in the Markdown (the job log has all of it)."""


def engine_args(mode: str, spec: Spec, head: Tree) -> list[str] | None:
    """The aks-kit command line for one spec, or None when the mode skips it."""
    if spec.status == "deleted" or (mode == "preview" and spec.status == "added"):
        return None
    args = [mode, "-f", str((head.root / spec.path).resolve())]
    for directory in head.preset_dirs:
        args += ["--preset-dir", str((head.root / directory).resolve())]
    if mode == "preview":
        return [*args, "-o", "markdown"]
    return [*args, "--yes"]  # the table: what changed and the stack's outputs


def skipped(mode: str, spec: Spec) -> str:
    if spec.status == "deleted":
        return "The file was removed; nothing is destroyed (run `aks-kit destroy` deliberately)."
    return "A new spec: no stack yet, so no preview; the plan above lists what `up` creates."


def no_stack(name: str) -> str:
    return (
        f"No stack `{name}` in the backend yet (the file was never deployed), so no preview; "
        "the plan above lists what `up` creates."
    )


def stack_names(head: Tree) -> set[str] | None:
    """The stacks in the backend (`aks-kit stacks list`) by their short names (some backends
    qualify them, `org/project/stack`), or None when they cannot be listed (each preview
    then says why)."""
    result = run(["stacks", "list", "-o", "json"], head.root)
    if result.returncode != 0:
        return None
    try:
        return {str(row["name"]).rsplit("/", 1)[-1] for row in json.loads(result.stdout)}
    except (ValueError, TypeError, KeyError):
        return None


def message(result: subprocess.CompletedProcess[str]) -> str:
    """aks-kit's error (from its last `error:` line on; before it is progress), else the
    end of its output, cut at a line to MESSAGE_LIMIT characters."""
    lines = (result.stderr.strip() or result.stdout.strip()).splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("error:")]
    if starts:
        lines = lines[starts[-1] :]
    kept: list[str] = []
    size = 0
    for line in reversed(lines):
        size += len(line) + 1
        if size > MESSAGE_LIMIT and kept:
            break
        kept.append(line)
    return "\n".join(reversed(kept)) or f"exit {result.returncode}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mode", required=True, choices=sorted(TITLES))
    parser.add_argument("--base", required=True, type=Path)
    parser.add_argument("--head", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--root", action="append", default=[])
    parser.add_argument("--preset-dir", action="append", default=[])
    args = parser.parse_args(argv)
    args.out = args.out.resolve()  # aks-kit runs in the checkouts
    roots, dirs = tuple(args.root) or (".",), tuple(args.preset_dir)
    head = Tree(args.head, roots, dirs)
    specs = affected(Tree(args.base, roots, dirs), head)
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [TITLES[args.mode], ""]
    if not specs:
        lines.append("No cluster or fleet file changed.")
    failed = refused = 0
    existing: set[str] | None = None
    listed = False
    for spec in specs:
        lines += [f"### `{spec.path}` ({spec.status})", ""]
        command = engine_args(args.mode, spec, head)
        if command is None:
            lines += [skipped(args.mode, spec), ""]
            print(f"skipped  {spec.path}", file=sys.stderr)
            continue
        name = stack_name(head, spec.path) if args.mode == "preview" else None
        if name is not None:
            if not listed:
                existing, listed = stack_names(head), True
            if existing is not None and name not in existing:
                lines += [no_stack(name), ""]
                print(f"no stack {spec.path} ({name})", file=sys.stderr)
                continue
        print(f"aks-kit {args.mode} {spec.path}", file=sys.stderr)
        result = run(command, head.root)
        sys.stderr.write(result.stderr)  # progress and errors, for the job log
        code = result.returncode
        if code == 0:
            shown = result.stdout.rstrip("\n")
            lines += [nest(shown) if args.mode == "preview" else f"```text\n{shown}\n```", ""]
            state = "ok"
        else:
            state = "refused" if code == EXIT_BLOCKED else "failed"
            if args.mode == "preview" and result.stdout.strip():
                lines += [nest(result.stdout), ""]  # the preview, printed before the refusal
            lines += [
                f"`aks-kit {args.mode}` {state} (exit {code}):",
                "",
                "```text",
                message(result),
                "```",
                "",
            ]
            failed += code != EXIT_BLOCKED
            refused += code == EXIT_BLOCKED
        print(f"{state:<8} {spec.path} (exit {code})", file=sys.stderr)
    text = "\n".join(lines).rstrip("\n") + "\n"
    name = "preview.md" if args.mode == "preview" else "up.md"
    (args.out / name).write_text(text, encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    if failed:
        return 1
    return EXIT_BLOCKED if refused else 0


if __name__ == "__main__":
    sys.exit(main())
