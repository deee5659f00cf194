"""The sticky comment: `.github/scripts/pr_comment.py` against a local GitHub REST stand-in.

The script runs as the workflow runs it (a subprocess, the GitHub environment variables, the
workflow_run event payload from fixtures/), and GitHub's side is read back from the server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from github_api import GitHubState, github_api

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".github" / "scripts" / "pr_comment.py"
FIXTURES = Path(__file__).parent / "fixtures"
MARKER = "<!-- aks-kit:pr-plan -->"
HEAD = "1111111111111111111111111111111111111111"


def artifacts(tmp_path: Path, plan: str, *, number: int = 42, preview: str | None = None) -> Path:
    directory = tmp_path / "artifacts"
    directory.mkdir(exist_ok=True)
    (directory / "plan.md").write_text(plan, encoding="utf-8")
    (directory / "pr.json").write_text(json.dumps({"number": number, "headSha": HEAD}))
    if preview is not None:
        (directory / "preview.md").write_text(preview, encoding="utf-8")
    return directory


def comment(
    server: GitHubState, directory: Path, event: str = "workflow_run.completed.json"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GITHUB_TOKEN": server.token,
        "GITHUB_REPOSITORY": server.repository,
        "GITHUB_API_URL": server.url,
        "GITHUB_EVENT_PATH": str(FIXTURES / event),
    }
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--dir", str(directory)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def mine(server: GitHubState, number: int = 42) -> list[dict[str, object]]:
    return [c for c in server.comments[number] if MARKER in str(c["body"])]


def test_creates_once_then_edits_the_same_comment(tmp_path: Path) -> None:
    with github_api() as server:
        server.add_pull(42, HEAD)
        server.add_comment(42, "LGTM", "reviewer")
        first = comment(server, artifacts(tmp_path, "## aks-kit plan\n\nfirst\n"))
        assert first.returncode == 0, first.stderr
        assert "created comment" in first.stdout
        [created] = mine(server)
        second = comment(server, artifacts(tmp_path, "## aks-kit plan\n\nsecond\n"))
        assert second.returncode == 0, second.stderr
        assert f"edited comment {created['id']}" in second.stdout
        [edited] = mine(server)
    assert edited["id"] == created["id"]
    assert "second" in str(edited["body"]) and "first" not in str(edited["body"])
    assert str(edited["body"]).startswith(MARKER)
    assert [m for m, _ in server.requests].count("POST") == 1


def test_pages_through_comments_and_never_duplicates(tmp_path: Path) -> None:
    with github_api() as server:
        server.add_pull(42, HEAD)
        for i in range(250):  # three pages of 100
            server.add_comment(42, f"comment {i}", "reviewer")
        ours = server.add_comment(42, f"{MARKER}\nold plan", server.bot)
        server.add_comment(42, "after ours", "reviewer")
        result = comment(server, artifacts(tmp_path, "new plan\n"))
        assert result.returncode == 0, result.stderr
        pages = [p for m, p in server.requests if m == "GET" and "/comments" in p]
    assert len(pages) == 3
    assert all("per_page=100" in p for p in pages)
    assert [c["id"] for c in mine(server)] == [ours["id"]]
    assert "new plan" in str(ours["body"])


def test_ignores_a_marker_quoted_by_someone_else(tmp_path: Path) -> None:
    """A person quoting the marker must not capture the comment (and PATCH would be 403)."""
    with github_api() as server:
        server.add_pull(42, HEAD)
        server.add_comment(42, f"> {MARKER}\n> quoted", "reviewer")
        result = comment(server, artifacts(tmp_path, "plan\n"))
        assert result.returncode == 0, result.stderr
        assert "created comment" in result.stdout
    assert len(mine(server)) == 2
    assert [m for m, _ in server.requests].count("PATCH") == 0


def test_plan_and_preview_share_one_comment(tmp_path: Path) -> None:
    with github_api() as server:
        server.add_pull(42, HEAD)
        directory = artifacts(tmp_path, "## aks-kit plan\n", preview="## aks-kit preview\n")
        assert comment(server, directory).returncode == 0
        [only] = mine(server)
    body = str(only["body"])
    assert body.index("## aks-kit plan") < body.index("## aks-kit preview")


def test_a_fork_pull_request_is_found_by_the_artifact_and_checked(tmp_path: Path) -> None:
    """workflow_run.pull_requests is empty for forks; the number comes from the artifact and
    GitHub confirms that pull request's head is the commit the run planned."""
    with github_api() as server:
        server.add_pull(43, "3333333333333333333333333333333333333333")
        directory = artifacts(tmp_path, "fork plan\n", number=43)
        result = comment(server, directory, "workflow_run.fork.json")
        assert result.returncode == 0, result.stderr
    assert len(mine(server, 43)) == 1


def test_an_artifact_naming_another_pull_request_is_refused(tmp_path: Path) -> None:
    with github_api() as server:
        server.add_pull(42, HEAD)
        server.add_pull(7, "9999999999999999999999999999999999999999")
        result = comment(server, artifacts(tmp_path, "plan\n", number=7))
    assert result.returncode == 0  # a skip, not a failure: nothing is written
    assert "skipped" in result.stdout
    assert mine(server, 7) == [] and mine(server, 42) == []


def test_no_artifact_means_no_comment(tmp_path: Path) -> None:
    with github_api() as server:
        server.add_pull(42, HEAD)
        empty = tmp_path / "nothing"
        empty.mkdir()
        result = comment(server, empty)
    assert result.returncode == 0
    assert server.requests == []


def test_a_bad_token_fails_without_printing_it(tmp_path: Path) -> None:
    with github_api() as server:
        server.add_pull(42, HEAD)
        server.token = "the-real-one"
        env_token = "ghs_wrong"
        directory = artifacts(tmp_path, "plan\n")
        env = {
            **os.environ,
            "GITHUB_TOKEN": env_token,
            "GITHUB_REPOSITORY": server.repository,
            "GITHUB_API_URL": server.url,
            "GITHUB_EVENT_PATH": str(FIXTURES / "workflow_run.completed.json"),
        }
        result = subprocess.run(
            [sys.executable, str(SCRIPT), "--dir", str(directory)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert "HTTP 401" in result.stderr
    assert env_token not in result.stderr + result.stdout


@pytest.mark.parametrize("emoji", [False, True])
def test_a_body_over_the_limit_is_cut_with_a_note(tmp_path: Path, emoji: bool) -> None:
    sections = []
    for i in range(400):
        cell = "🚀" if emoji else "x"
        rows = "\n".join(f"| `pool{i}-{j}` | {cell * 40} |" for j in range(6))
        sections.append(
            f"### `clusters/c{i}.yaml` (modified)\n\n<details><summary>changes</summary>\n\n"
            f"| resource | change |\n|---|---|\n{rows}\n\n</details>\n"
        )
    plan = "## aks-kit plan\n\n400 specs changed\n\n" + "\n".join(sections)
    assert len(plan) > 65_536
    with github_api() as server:
        server.add_pull(42, HEAD)
        result = comment(server, artifacts(tmp_path, plan, preview="## aks-kit preview\n\nok\n"))
        assert result.returncode == 0, result.stderr
        [only] = mine(server)
    body = str(only["body"])
    assert len(body.encode("utf-16-le")) // 2 <= 65_536
    assert body.startswith(MARKER)
    assert "400 specs changed" in body  # the summary comes first and stays
    assert "## aks-kit preview" in body  # a short part is kept whole
    assert "cut to fit GitHub's 65,536-character limit" in body
    assert "clusters/c399.yaml" in body.split("Left out:")[1]  # names what is missing
    assert "aks-kit-plan" in body and "actions/runs/9876543210" in body  # where the rest is
    assert body.count("<details>") == body.count("</details>")
