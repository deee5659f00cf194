#!/usr/bin/env python3
"""One sticky pull-request comment with the plan (and preview): created once, then edited.

Runs in the `workflow_run` job, which never checks out pull-request code: what it reads from
the artifact is data. The pull request number comes from the artifact too, so it is checked
against GitHub: that pull request's head commit must be the one the finished run planned
(`workflow_run.head_sha` from the event). Existing comments are listed page by page; the one
carrying MARKER and written by the token's bot is edited in place, else one is created. A
body past GitHub's 65,536-character limit is cut at a line, with a note saying what was left
out and where the full plan is (the run's artifact).

    pr_comment.py --dir ARTIFACTS [--artifact NAME] [--author LOGIN]

Environment: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (the workflow_run event),
GITHUB_API_URL (default https://api.github.com). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

MARKER = "<!-- aks-kit:pr-plan -->"
LIMIT = 65_536
"""GitHub's maximum comment body, in characters (counted here in UTF-16 units, as JS does)."""
PER_PAGE = 100
PARTS = (("plan.md", "plan"), ("preview.md", "preview"))
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')
_SECTION = re.compile(r"#{1,3} ")
"""Headings that name a section in the trim note (deeper ones are inside a section)."""


class GitHubError(Exception):
    """A REST call failed; the message never holds the token."""


class Stale(Exception):
    """The pull request moved on since the run: a newer run will comment."""


class GitHub:
    """The few REST calls the comment needs, with a bearer token."""

    def __init__(self, api: str, repository: str, token: str) -> None:
        self.api = api.rstrip("/")
        self.repository = repository
        self.token = token

    def call(self, method: str, url: str, body: Any = None) -> tuple[Any, dict[str, str]]:
        if not url.startswith("http"):
            url = f"{self.api}/repos/{self.repository}{url}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", "aks-kit-pr-comment")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode("utf-8")
                headers = {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            raise GitHubError(f"{method} {url}: HTTP {exc.code}: {detail}") from None
        except urllib.error.URLError as exc:
            raise GitHubError(f"{method} {url}: {exc.reason}") from None
        return (json.loads(text) if text else None), headers

    def pages(self, path: str) -> Iterator[dict[str, Any]]:
        """Every item of a list endpoint, following `Link: rel="next"`."""
        url: str | None = f"{path}?per_page={PER_PAGE}"
        while url:
            items, headers = self.call("GET", url)
            yield from items or []
            found = _NEXT.search(headers.get("link", ""))
            url = found.group(1) if found else None


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _close_open(text: str) -> str:
    """Close a code fence and <details> blocks a cut left open."""
    tail = ""
    if sum(1 for line in text.splitlines() if line.lstrip().startswith("```")) % 2:
        tail += "\n```"
    opened = text.count("<details>") - text.count("</details>")
    tail += "\n\n</details>" * max(opened, 0)
    return tail


def cut(text: str, budget: int) -> tuple[str, list[str]]:
    """`text` cut at a line to fit `budget` (closing what it leaves open), and the
    headings of the sections it shortened or dropped."""
    if utf16_len(text) <= budget:
        return text, []
    kept: list[str] = []
    used = 0
    lines = text.splitlines(keepends=True)
    for line in lines:
        size = utf16_len(line)
        if used + size + 64 > budget:  # room for the closing tags
            break
        kept.append(line)
        used += size
    body = "".join(kept).rstrip("\n")
    rest = lines[len(kept) :]
    headings = [h.strip("# \n") for h in rest if _SECTION.match(h)]
    current = [h.strip("# \n") for h in kept if _SECTION.match(h)]
    if current and (not rest or not _SECTION.match(rest[0])):
        headings.insert(0, current[-1] + " (partly)")
    return body + _close_open(body), headings


def compose(parts: Sequence[tuple[str, str]], where: str, limit: int = LIMIT) -> str:
    """MARKER, then each part; when too long, each part is cut to a fair share (a short
    part keeps all of it) and a note names what was left out and where it is."""
    header = MARKER + "\n"
    whole = header + "\n\n".join(text.rstrip("\n") for _, text in parts) + "\n"
    if utf16_len(whole) <= limit:
        return whole
    note_room = 2_000
    budget = limit - utf16_len(header) - note_room
    sizes = [utf16_len(text) + 2 for _, text in parts]
    shares = list(sizes)
    while sum(shares) > budget:
        big = max(range(len(shares)), key=lambda i: shares[i])
        others = sum(shares) - shares[big]
        fair = budget // len(shares)
        shares[big] = max(budget - others, fair, 0)
        if sum(shares) > budget and shares[big] == fair:
            for i in range(len(shares)):
                shares[i] = min(shares[i], fair)
            break
    out: list[str] = []
    dropped: list[str] = []
    for (label, text), share in zip(parts, shares, strict=True):
        body, left_out = cut(text.rstrip("\n"), share)
        out.append(body)
        dropped += [f"{label}: {h}" for h in left_out] or (
            [f"{label}: the end"] if body != text.rstrip("\n") else []
        )
    if len(dropped) > 10:
        dropped = [*dropped[:5], f"{len(dropped) - 6} more", dropped[-1]]
    shown = ", ".join(dropped)
    note = (
        f"\n\n> [!NOTE]\n> This comment is cut to fit GitHub's {limit:,}-character limit. "
        f"Left out: {shown}.\n> The full Markdown is in {where}.\n"
    )
    text = header + "\n\n".join(out) + note
    while utf16_len(text) > limit:  # only when the note itself is huge
        text = text[: len(text) - (utf16_len(text) - limit)]
    return text


def read_parts(directory: Path) -> list[tuple[str, str]]:
    parts = []
    for name, label in PARTS:
        path = directory / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").replace(MARKER, "")
            parts.append((label, text))
    return parts


def upsert(github: GitHub, number: int, body: str, author: str | None) -> tuple[str, int]:
    """Edit the marked comment of `author` on pull request `number`, or create it."""
    for comment in github.pages(f"/issues/{number}/comments"):
        login = (comment.get("user") or {}).get("login")
        if MARKER in (comment.get("body") or "") and (author is None or login == author):
            github.call("PATCH", f"/issues/comments/{comment['id']}", {"body": body})
            return "edited", int(comment["id"])
    created, _ = github.call("POST", f"/issues/{number}/comments", {"body": body})
    return "created", int(created["id"])


def verified_number(github: GitHub, meta: dict[str, Any], run: dict[str, Any]) -> int:
    """The artifact's pull request number, once GitHub confirms its head is the run's."""
    number = meta.get("number")
    if not isinstance(number, int) or number <= 0:
        raise GitHubError("the artifact names no pull request")
    head_sha = run.get("head_sha")
    pr, _ = github.call("GET", f"/pulls/{number}")
    actual = ((pr or {}).get("head") or {}).get("sha")
    if not head_sha:
        raise GitHubError("the workflow_run event has no head_sha")
    if actual != head_sha:
        raise Stale(
            f"pull request #{number} is at {actual}, the run planned {head_sha}: not commenting"
            " (a newer push has its own run)"
        )
    return number


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dir", required=True, type=Path, help="the downloaded artifacts")
    parser.add_argument("--artifact", default="aks-kit-plan", help="named in the trim note")
    parser.add_argument(
        "--author",
        default="github-actions[bot]",
        help="only edit comments by this login ('' for any)",
    )
    args = parser.parse_args(argv)
    env = os.environ
    needed = ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH")
    missing = [k for k in needed if not env.get(k)]
    if missing:
        print(f"error: set {', '.join(missing)}", file=sys.stderr)
        return 2
    event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
    run = event.get("workflow_run") or {}
    if run.get("event") != "pull_request":
        print("not a pull_request run: nothing to comment", file=sys.stderr)
        return 0
    meta_path = args.dir / "pr.json"
    parts = read_parts(args.dir)
    if not meta_path.is_file() or not parts:
        print(f"no plan in {args.dir}: the plan job did not get far; nothing to comment")
        return 0
    github = GitHub(
        env.get("GITHUB_API_URL", "https://api.github.com"),
        env["GITHUB_REPOSITORY"],
        env["GITHUB_TOKEN"],
    )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        number = verified_number(github, meta if isinstance(meta, dict) else {}, run)
        where = f"the `{args.artifact}` artifact of {run.get('html_url') or 'the pull request run'}"
        body = compose(parts, where)
        action, comment_id = upsert(github, number, body, args.author or None)
    except Stale as exc:
        print(f"skipped: {exc}")
        return 0
    except (GitHubError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{action} comment {comment_id} on pull request #{number} ({utf16_len(body)} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
