"""The workflows' safety properties, read from the YAML: what a reviewer would check by eye.

Pinned actions, permissions per job, no persisted credentials, timeouts; the fork-safe split
(offline plan without secrets, comment from workflow_run without the change's code, preview
only for this repository's branches in an environment) and a deployment that is never
cancelled halfway.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from standin.world import pulumi_version

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
BUILD_SCRIPT = REPO / "tools" / "build-pulumi-cli.sh"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return dict(data)


ALL = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_by_commit_with_its_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if "uses:" in line:
            ref = line.split("uses:", 1)[1].split("#", 1)[0].strip()
            assert PINNED.match(ref), line
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"no version comment: {line}"


@pytest.mark.parametrize("name", ALL)
def test_permissions_per_job_timeouts_and_no_persisted_credentials(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {}, "the workflow grants nothing; each job asks"
    for job_name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), job_name
        assert "write-all" not in str(job["permissions"])
        assert 0 < int(job["timeout-minutes"]) <= 120, job_name
    for step in steps(workflow):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_the_offline_plan_has_no_secrets_and_a_read_only_token() -> None:
    workflow = load("pull-request.yml")
    assert set(workflow["on"]) == {"pull_request"}  # never pull_request_target
    plan = workflow["jobs"]["plan"]
    assert plan["permissions"] == {"contents": "read"}
    assert "environment" not in plan
    assert "secrets." not in yaml.safe_dump(plan) and "vars." not in yaml.safe_dump(plan)


def test_the_live_preview_is_for_this_repository_only_in_an_environment() -> None:
    preview = load("pull-request.yml")["jobs"]["preview"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in preview["if"]
    assert preview["environment"] == "preview"
    assert preview["permissions"] == {"contents": "read", "id-token": "write"}
    assert preview["env"]["ARM_USE_OIDC"] == "true"
    for var in ("ARM_CLIENT_ID", "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"):
        assert preview["env"][var].startswith("${{ vars.")
    login = next(s for s in preview["steps"] if str(s.get("uses", "")).startswith("azure/login"))
    assert set(login["with"]) == {"client-id", "tenant-id", "subscription-id"}  # no secret


def test_the_comment_never_runs_the_change_and_only_writes_pull_requests() -> None:
    workflow = load("pull-request-comment.yml")
    assert workflow["on"] == {
        "workflow_run": {"workflows": ["pull-request"], "types": ["completed"]}
    }
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    for step in job["steps"]:
        text = yaml.safe_dump(step)
        assert "head_sha" not in text and "head_branch" not in text and "pull_request" not in text
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["ref"] == "${{ github.event.repository.default_branch }}"
        if "run" in step:
            assert step["run"].startswith("python3 trusted/")


def test_up_on_merge_waits_for_approval_and_is_never_cancelled() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    up = workflow["jobs"]["up"]
    assert up["environment"] == "production"
    assert up["needs"] == "changes"
    assert workflow["jobs"]["changes"]["permissions"] == {"contents": "read"}


def test_ci_runs_the_suite_on_every_supported_python() -> None:
    job = load("ci.yml")["jobs"]["test"]
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert any(s.get("run") == "bash .ci/run" for s in job["steps"])


def pulumi_cli_under_test() -> str:
    """The pulumi CLI version the engine tests run: what tools/build-pulumi-cli.sh builds, the
    pkg/v3 requirement of tools/pulumi-cli/go.mod."""
    script = BUILD_SCRIPT.read_text(encoding="utf-8")
    assert """awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }'""" in script
    assert '"$module_dir/go.mod"' in script
    return pulumi_version().removeprefix("v")


def test_the_workflows_install_the_pulumi_cli_the_tests_run() -> None:
    installs = 0
    for name in ALL:
        workflow = load(name)
        for step in steps(workflow):
            if str(step.get("uses", "")).startswith("pulumi/actions@"):
                installs += 1
                assert step["with"] == {"pulumi-version": "${{ env.PULUMI_VERSION }}"}, name
                assert str(workflow["env"]["PULUMI_VERSION"]) == pulumi_cli_under_test(), name
    assert installs == 2  # the preview and the deploy
