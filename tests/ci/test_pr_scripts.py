"""The workflows' steps, run locally as the workflows run them: `.github/scripts/*.py` as
subprocesses on two checkouts (base and head) with the GitHub event payloads from fixtures/,
driving the installed aks-kit CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from github_api import GitHubState, github_api

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / ".github" / "scripts"
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = REPO / "examples" / "platform-team"


def script(
    name: str, *args: str, event: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environ.update(env)
    if event:
        environ["GITHUB_EVENT_PATH"] = str(FIXTURES / event)
    return subprocess.run(
        [sys.executable, str(SCRIPTS / name), *args],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    """Two checkouts of a platform team's repository: clusters/ and presets/."""
    base, head = tmp_path / "base", tmp_path / "head"
    for side in (base, head):
        (side / "clusters").mkdir(parents=True)
        shutil.copytree(EXAMPLE / "presets", side / "presets")
        for name in ("payments", "catalog"):
            text = (EXAMPLE / f"{name}.yaml").read_text(encoding="utf-8")
            text = text.replace("./presets/", "../presets/")
            (side / "clusters" / f"{name}.yaml").write_text(text, encoding="utf-8")
        (side / "README.md").write_text("docs\n")
    return base, head


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def changed(base: Path, head: Path, *extra: str) -> list[dict[str, Any]]:
    result = script("changed_specs.py", "--base", str(base), "--head", str(head), *extra)
    assert result.returncode == 0, result.stderr
    specs: list[dict[str, Any]] = json.loads(result.stdout)["specs"]
    return specs


def test_nothing_changed_but_docs(trees: tuple[Path, Path]) -> None:
    base, head = trees
    (head / "README.md").write_text("more docs\n")
    assert changed(base, head) == []


def test_a_preset_change_reaches_every_file_that_extends_it(trees: tuple[Path, Path]) -> None:
    base, head = trees
    edit(head / "presets" / "platform-standard.yaml", "maxCount: 20", "maxCount: 25")
    specs = changed(base, head)
    assert [s["path"] for s in specs] == ["clusters/catalog.yaml", "clusters/payments.yaml"]
    assert all(s["because"] == ["presets/platform-standard.yaml"] for s in specs)


def test_named_presets_are_found_in_preset_dirs(trees: tuple[Path, Path]) -> None:
    base, head = trees
    for side in trees:
        edit(
            side / "clusters" / "payments.yaml",
            "../presets/platform-standard.yaml",
            "platform-standard",
        )
    edit(head / "presets" / "platform-standard.yaml", "maxCount: 20", "maxCount: 25")
    assert [s["path"] for s in changed(base, head)] == ["clusters/catalog.yaml"]
    specs = changed(base, head, "--preset-dir", "presets")
    assert [s["path"] for s in specs] == ["clusters/catalog.yaml", "clusters/payments.yaml"]


def test_added_deleted_and_fleet_members(trees: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = trees
    (head / "clusters" / "catalog.yaml").unlink()
    fleet = (
        "apiVersion: aks-kit/v1\nkind: Fleet\nmetadata: {name: shop, location: westeurope}\n"
        "spec:\n  members:\n    - {name: weu-01, extends: ../presets/platform-standard.yaml}\n"
    )
    for side in trees:
        (side / "clusters" / "shop.yaml").write_text(fleet)
    (head / "clusters" / "new.yaml").write_text(
        (base / "clusters" / "payments.yaml").read_text().replace("payments-prod", "new-prod")
    )
    edit(
        head / "presets" / "platform-standard.yaml",
        "idleTimeoutMinutes: 4",
        "idleTimeoutMinutes: 5",
    )
    output = tmp_path / "github_output"
    specs = changed(base, head, "--github-output", str(output))
    assert {s["path"]: s["status"] for s in specs} == {
        "clusters/catalog.yaml": "deleted",
        "clusters/new.yaml": "added",
        "clusters/payments.yaml": "modified",
        "clusters/shop.yaml": "modified",
    }
    assert output.read_text() == "count=4\n"


def run_plan(base: Path, head: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return script(
        "pr_plan.py",
        "--base", str(base), "--head", str(head), "--out", str(out),
        "--root", "clusters", "--preset-dir", "presets",
        event="pull_request.opened.json",
        **env,
    )  # fmt: skip


def test_plan_of_a_pull_request(trees: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = trees
    edit(head / "clusters" / "payments.yaml", "maxCount: 40", "maxCount: 60")
    summary, output, out = tmp_path / "summary.md", tmp_path / "output", tmp_path / "out"
    result = run_plan(base, head, out, GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(output))
    assert result.returncode == 0, result.stderr
    markdown = (out / "plan.md").read_text()
    assert markdown.startswith("## aks-kit plan for `111111111111`")
    assert (
        "| `clusters/payments.yaml` | modified | 1 in-place; 0 errors, 0 warnings (ok) |"
        in markdown
    )
    assert "maxCount" in markdown and "catalog" not in markdown
    assert summary.read_text().strip() == markdown.strip()
    assert output.read_text() == "specs=1\npreviewable=1\n"
    meta = json.loads((out / "pr.json").read_text())
    assert meta["number"] == 42
    assert meta["headSha"] == "1" * 40 and meta["headRepository"] == "octo/aks-platform"
    plan = json.loads((out / "plans" / "clusters_payments.yaml.json").read_text())
    assert plan["changes"]["summary"]["in-place"] == 1


def test_a_preset_change_that_azure_refuses_blocks(
    trees: tuple[Path, Path], tmp_path: Path
) -> None:
    base, head = trees
    edit(head / "presets" / "platform-standard.yaml", "Standard_D4ds_v5", "Standard_D8ds_v5")
    out = tmp_path / "out"
    result = run_plan(base, head, out)
    assert result.returncode == 3, result.stderr
    markdown = (out / "plan.md").read_text()
    assert "2 specs changed: **blocked**" in markdown
    assert markdown.count("Reads changed presets: `presets/platform-standard.yaml`") == 2
    assert "rejected" in markdown and "vmSize" in markdown


def test_new_and_removed_files(trees: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = trees
    (head / "clusters" / "catalog.yaml").unlink()
    (head / "clusters" / "new.yaml").write_text(
        (base / "clusters" / "payments.yaml").read_text().replace("payments-prod", "new-prod")
    )
    out = tmp_path / "out"
    result = run_plan(base, head, out, GITHUB_OUTPUT=str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    markdown = (out / "plan.md").read_text()
    assert "| `clusters/new.yaml` | added |" in markdown and "resources to create" in markdown
    assert (
        "| `clusters/catalog.yaml` | deleted | removed (nothing is destroyed on merge) |"
        in markdown
    )
    assert (tmp_path / "o").read_text() == "specs=2\npreviewable=0\n"


def test_a_broken_spec_in_the_change_is_a_failed_plan(
    trees: tuple[Path, Path], tmp_path: Path
) -> None:
    base, head = trees
    edit(head / "clusters" / "payments.yaml", "maxCount: 40", "maxCount: [40")
    out = tmp_path / "out"
    result = run_plan(base, head, out)
    assert result.returncode in (1, 3), result.stderr
    markdown = (out / "plan.md").read_text()
    assert "clusters/payments.yaml" in markdown
    assert "Traceback" not in markdown + result.stderr


def test_a_change_set_over_the_comment_limit_is_cut_after_its_summary(tmp_path: Path) -> None:
    """A preset change on the 75,000-node fleet (every member changes): more Markdown than a
    comment holds. The comment keeps the summary and the blocking errors, and says where the
    rest is."""
    fleets = REPO / "examples" / "fleets"
    base, head = tmp_path / "base", tmp_path / "head"
    for side in (base, head):
        shutil.copytree(fleets, side)
    preset = head / "presets" / "train-member.yaml"
    edit(preset, "tags: {fleet: train}", 'tags: {fleet: train, costCenter: "42"}')
    for pool in ("user", "user2"):
        edit(
            preset,
            f"- {{name: {pool}, maxCount: 500}}",
            f"- {{name: {pool}, maxCount: 500, vmSize: Standard_D32ds_v5}}",
        )
    out = tmp_path / "artifact"
    planned = script(
        "pr_plan.py",
        "--base", str(base), "--head", str(head), "--out", str(out),
        "--preset-dir", "presets",
        event="pull_request.opened.json",
    )  # fmt: skip
    assert planned.returncode == 3, planned.stderr
    markdown = (out / "plan.md").read_text()
    assert len(markdown) > 65_536
    with github_api(GitHubState()) as server:
        server.add_pull(42, "1" * 40)
        posted = script(
            "pr_comment.py",
            "--dir", str(out),
            event="workflow_run.completed.json",
            GITHUB_TOKEN=server.token,
            GITHUB_REPOSITORY=server.repository,
            GITHUB_API_URL=server.url,
        )  # fmt: skip
        assert posted.returncode == 0, posted.stderr
        [comment] = server.comments[42]
    body = str(comment["body"])
    assert len(body.encode("utf-16-le")) // 2 <= 65_536
    assert body.startswith("<!-- aks-kit:pr-plan -->\n## aks-kit plan for `111111111111`")
    assert "1 specs changed: **blocked**" in body
    assert "Azure refuses to change a pool's VM size" in body  # the blocking errors are kept
    assert "cut to fit GitHub's 65,536-character limit" in body
    assert (
        "`aks-kit-plan` artifact of https://github.com/octo/aks-platform/actions/runs/9876543210"
        in body
    )
