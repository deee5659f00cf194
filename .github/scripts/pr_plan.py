#!/usr/bin/env python3
"""Plan every cluster and fleet file a change touches, base against head, offline.

For each spec `changed_specs` finds, it runs the one installed aks-kit on both checkouts:
`plan -o json` on the base, then `plan --against BASE.json` on the head (`-o json` and
`-o markdown`), so the comparison shows what the spec change does, not what a different
aks-kit would do. No credentials, no engine, no network: it runs for fork pull requests.

    pr_plan.py --base BASE --head HEAD --out DIR [--root examples] [--preset-dir DIR]

writes `DIR/plan.md` (every spec, summary first), `DIR/plans/*.json` (each head plan with its
`changes`), and `DIR/pr.json` (the pull request number and commits, read from the GitHub
event, for the comment job to check), and appends `plan.md` to `$GITHUB_STEP_SUMMARY` when
set. Exit status: 0, 3 when a plan is blocked (error findings, a rejected update, a
replacement or deletion `up` refuses), 1 when aks-kit failed otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from changed_specs import Spec, Tree, affected, write_outputs

EXIT_BLOCKED = 3
MARKER_TITLE = "## aks-kit plan"


@dataclass
class Outcome:
    spec: Spec
    status: str
    """`ok`, `blocked`, `failed` or `removed`."""
    summary: str
    markdown: str


def aks_kit() -> list[str]:
    """The aks-kit to run: `$AKS_KIT` (a command line) or the one next to this Python."""
    configured = os.environ.get("AKS_KIT")
    if configured:
        return configured.split()
    beside = Path(sys.executable).with_name("aks-kit")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("aks-kit")
    return [found] if found else [sys.executable, "-m", "aks_kit"]


def run(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "AKS_KIT_PRESET_PATH": ""}
    return subprocess.run(
        [*aks_kit(), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _preset_args(tree: Tree) -> list[str]:
    out: list[str] = []
    for directory in tree.preset_dirs:
        out += ["--preset-dir", str((tree.root / directory).resolve())]
    return out


def _slug(rel: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", rel)


def _counts(document: dict[str, Any]) -> tuple[int, int]:
    findings = document.get("findings") or []
    errors = sum(1 for f in findings if f.get("level") == "error")
    warnings = sum(1 for f in findings if f.get("level") == "warning")
    return errors, warnings


def _summary(document: dict[str, Any], blocked: bool) -> str:
    errors, warnings = _counts(document)
    changes = document.get("changes")
    if isinstance(changes, dict):
        counts = [f"{n} {k}" for k, n in (changes.get("summary") or {}).items() if n]
        what = ", ".join(counts) if counts else "no changes"
    else:
        what = f"{len(document.get('resources') or [])} resources to create"
    state = "blocked" if blocked else "ok"
    return f"{what}; {errors} errors, {warnings} warnings ({state})"


def _failure(spec: Spec, what: str, result: subprocess.CompletedProcess[str]) -> Outcome:
    message = (result.stderr or result.stdout).strip() or f"exit {result.returncode}"
    body = f"`{what}` failed (exit {result.returncode}):\n\n```text\n{message[-4000:]}\n```\n"
    return Outcome(spec, "failed", f"aks-kit failed (exit {result.returncode})", body)


def plan_spec(spec: Spec, base: Tree, head: Tree, work: Path, out: Path) -> Outcome:
    """Plan one spec: the head against the base (or alone when it is new)."""
    if spec.status == "deleted":
        body = (
            "The file was removed. Merging does not destroy anything: run "
            "`aks-kit destroy` for its stacks deliberately.\n"
        )
        return Outcome(spec, "removed", "removed (nothing is destroyed on merge)", body)
    slug = _slug(spec.path)
    head_file = str((head.root / spec.path).resolve())
    against: list[str] = []
    if spec.status == "modified":
        old = work / f"{slug}.base.json"
        base_file = str((base.root / spec.path).resolve())
        result = run(
            ["plan", "-f", base_file, *_preset_args(base), "-o", "json", "--out", str(old)],
            base.root,
        )
        if result.returncode not in (0, EXIT_BLOCKED) or not old.exists():
            return _failure(spec, f"aks-kit plan -f {spec.path} (base)", result)
        against = ["--against", str(old)]
    plans = out / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    new_json = plans / f"{slug}.json"
    common = ["plan", "-f", head_file, *_preset_args(head), *against]
    result = run([*common, "-o", "json", "--out", str(new_json)], head.root)
    if result.returncode not in (0, EXIT_BLOCKED) or not new_json.exists():
        return _failure(spec, f"aks-kit plan -f {spec.path}", result)
    blocked = result.returncode == EXIT_BLOCKED
    markdown = run([*common, "-o", "markdown"], head.root)
    if markdown.returncode not in (0, EXIT_BLOCKED):
        return _failure(spec, f"aks-kit plan -f {spec.path} -o markdown", markdown)
    document = json.loads(new_json.read_text(encoding="utf-8"))
    return Outcome(
        spec, "blocked" if blocked else "ok", _summary(document, blocked), markdown.stdout
    )


def nest(markdown: str) -> str:
    """aks-kit's own Markdown with its headings one level below the file's `###`."""
    return re.sub(r"^(#{1,5}) ", r"#\1 ", markdown.rstrip("\n"), flags=re.M)


def render(outcomes: Sequence[Outcome], pr: dict[str, Any]) -> str:
    """All outcomes as one Markdown document: the summary table first, then each spec."""
    blocked = sum(o.status == "blocked" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    head = str(pr.get("headSha") or "")[:12]
    lines = [f"{MARKER_TITLE}" + (f" for `{head}`" if head else ""), ""]
    if not outcomes:
        lines.append("No cluster or fleet file, and no preset one extends, changed.")
        return "\n".join(lines) + "\n"
    verdict = (
        "**blocked**" if blocked else "**failed**" if failed else "ok: nothing here blocks a merge"
    )
    lines += [
        f"{len(outcomes)} specs changed: {verdict}.",
        "",
        "| file | change | plan |",
        "|---|---|---|",
    ]
    order = {"failed": 0, "blocked": 1, "ok": 2, "removed": 3}
    ranked = sorted(outcomes, key=lambda o: (order.get(o.status, 9), o.spec.path))
    for o in ranked:
        lines.append(f"| `{o.spec.path}` | {o.spec.status} | {o.summary} |")
    lines.append("")
    for o in ranked:
        because = [p for p in o.spec.because if p != o.spec.path]
        lines += [f"### `{o.spec.path}` ({o.spec.status})", ""]
        if because:
            lines += ["Reads changed presets: " + ", ".join(f"`{p}`" for p in because), ""]
        lines += [nest(o.markdown), ""]
    return "\n".join(lines)


def pull_request() -> dict[str, Any]:
    """Number and commits from the `pull_request` event (empty outside one)."""
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return {}
    event = json.loads(Path(path).read_text(encoding="utf-8"))
    pr = event.get("pull_request") or {}
    if not pr:
        return {}
    return {
        "number": pr.get("number"),
        "headSha": (pr.get("head") or {}).get("sha"),
        "baseSha": (pr.get("base") or {}).get("sha"),
        "headRepository": ((pr.get("head") or {}).get("repo") or {}).get("full_name"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", required=True, type=Path)
    parser.add_argument("--head", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--root", action="append", default=[])
    parser.add_argument("--preset-dir", action="append", default=[])
    parser.add_argument(
        "--github-output",
        type=Path,
        default=os.environ.get("GITHUB_OUTPUT") or None,
        help="append step outputs to this file (default: $GITHUB_OUTPUT)",
    )
    args = parser.parse_args(argv)
    args.out = args.out.resolve()  # aks-kit runs in the checkouts
    roots, dirs = tuple(args.root) or (".",), tuple(args.preset_dir)
    base, head = Tree(args.base, roots, dirs), Tree(args.head, roots, dirs)
    args.out.mkdir(parents=True, exist_ok=True)
    pr = pull_request()
    specs = affected(base, head)
    if args.github_output:
        modified = sum(spec.status == "modified" for spec in specs)
        write_outputs(args.github_output, specs=len(specs), previewable=modified)
    with tempfile.TemporaryDirectory(prefix="aks-kit-plan-") as tmp:
        outcomes = [plan_spec(spec, base, head, Path(tmp), args.out) for spec in specs]
    text = render(outcomes, pr)
    (args.out / "plan.md").write_text(text, encoding="utf-8")
    results = [
        {"path": o.spec.path, "change": o.spec.status, "status": o.status, "summary": o.summary}
        for o in outcomes
    ]
    (args.out / "pr.json").write_text(
        json.dumps({**pr, "specs": results}, indent=2) + "\n", encoding="utf-8"
    )
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    for o in outcomes:
        print(f"{o.status:<8} {o.spec.path}: {o.summary}", file=sys.stderr)
    if any(o.status == "failed" for o in outcomes):
        return 1
    return EXIT_BLOCKED if any(o.status == "blocked" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
