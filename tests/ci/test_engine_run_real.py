"""The workflows' engine steps end to end against the real engine: the pulumi CLI built from
source (tools/build-pulumi-cli.sh) with the azure-native stand-in (tests/support/standin).

Each step runs as its workflow runs it: the command line is read from the workflow file
(`run:` with the workflow's `env:` put in), in a workspace holding the `base` and `head`
checkouts, with the job's environment (the repository variables are the stand-in's values;
the scripted `az` plays `azure/login`) and GitHub's (`GITHUB_EVENT_PATH` names the event
payload in fixtures/, `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT`). The checkouts hold the
platform-team example (examples/platform-team) cut to what each scenario needs. aks-kit is
given to the scripts through `$AKS_KIT` with --skip-preflight, as the engine tests run it:
the stand-in models ARM's resource operations, not preflight's quota and SKU reads.

One world is deployed for the module (a push to main); the pull-request scenarios preview
against it and check that a preview changed nothing in the stand-in's ARM. The scripted-CLI
seam tests of the same scripts are in test_engine_run.py.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from github_api import github_api
from standin.arm import SUBSCRIPTION, TENANT
from standin.world import World

pytestmark = pytest.mark.engine

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = "examples/platform-team"
PAYMENTS, CATALOG, SEARCH = (f"{EXAMPLE}/{n}.yaml" for n in ("payments", "catalog", "search"))
PRESET = f"{EXAMPLE}/presets/platform-standard.yaml"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
MARKER = "<!-- aks-kit:pr-plan -->"
CLUSTER = "Microsoft.ContainerService/managedClusters"


def example(name: str) -> str:
    return (REPO / name).read_text(encoding="utf-8")


def edited(name: str, old: str, new: str) -> str:
    text = example(name)
    assert old in text, (name, old)
    return text.replace(old, new)


BEFORE = {PRESET: example(PRESET)}
"""main before the app teams' clusters: the platform team's preset alone."""
DEPLOYED = {**BEFORE, PAYMENTS: example(PAYMENTS), CATALOG: example(CATALOG)}
"""main after the push the module deploys."""


@dataclass
class Step:
    """One finished workflow step."""

    code: int
    stdout: str
    stderr: str
    out: Path
    summary: str
    outputs: dict[str, str]

    def __repr__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"

    def file(self, name: str) -> str:
        return (self.out / name).read_text(encoding="utf-8")


@dataclass
class Workspace:
    """A runner's workspace: the checkouts, and the steps run there."""

    root: Path
    world: World

    def checkout(self, side: str, files: Mapping[str, str]) -> None:
        """`side` (base or head) as a checkout of a commit holding `files`."""
        tree = self.root / side
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(REPO / ".github" / "scripts", tree / ".github" / "scripts")
        shutil.copytree(REPO / "examples" / "presets", tree / "examples" / "presets")
        for name, text in files.items():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tree / name).write_text(text, encoding="utf-8")

    def run(
        self,
        workflow: str,
        job: str,
        step: str,
        event: str,
        extra_env: Mapping[str, str] | None = None,
    ) -> Step:
        data = load(workflow)
        spec = data["jobs"][job]
        argv = step_argv(data, spec, step)
        out = self.root / argv[argv.index("--out") + 1] if "--out" in argv else self.root
        if out != self.root:
            shutil.rmtree(out, ignore_errors=True)
        github = self.root / f".github-{job}"
        shutil.rmtree(github, ignore_errors=True)
        github.mkdir()
        summary, outputs = github / "summary.md", github / "output"
        env = {
            **self.world.env(),
            **job_env(self.world, data, spec),
            "AKS_KIT": str(self.world.program()),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.root),
            "GITHUB_REPOSITORY": "octo/aks-platform",
            "GITHUB_EVENT_NAME": event.split(".", 1)[0],
            "GITHUB_EVENT_PATH": str(FIXTURES / event),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(outputs),
            **(extra_env or {}),
        }
        done = subprocess.run(
            argv, cwd=self.root, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        return Step(
            done.returncode,
            done.stdout,
            done.stderr,
            out,
            summary.read_text(encoding="utf-8") if summary.exists() else "",
            read_outputs(outputs),
        )


def load(workflow: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    return dict(data)


def step_argv(workflow: dict[str, Any], job: dict[str, Any], name: str) -> list[str]:
    """The step's command (the last of an `a && b` chain, the one running a script), with
    the workflow's and the job's `env:` put in and Python the one running the tests."""
    [step] = [s for s in job["steps"] if s.get("name") == name]
    command = shlex.split(step["run"].split("&&")[-1])
    env = {**workflow.get("env", {}), **job.get("env", {})}
    argv = [str(env[w[1:]]) if w.startswith("$") else w for w in command]
    assert argv[0] in (".venv/bin/python", "python3"), argv
    assert argv[1].endswith(".py") and "/.github/scripts/" in argv[1], argv
    return [sys.executable, *argv[1:]]


def job_env(world: World, workflow: dict[str, Any], job: dict[str, Any]) -> dict[str, str]:
    """The job's `env:`, with the repository variables a platform team sets."""
    variables = {
        "AZURE_CLIENT_ID": CLIENT_ID,
        "AZURE_TENANT_ID": TENANT,
        "AZURE_SUBSCRIPTION_ID": SUBSCRIPTION,
        # Shared in a real setup (azblob:// with a Key Vault key); here the world's local one.
        "AKS_KIT_BACKEND": (world.aks_home / "state").as_uri(),
        "AKS_KIT_SECRETS_PROVIDER": "",  # an unset variable is empty
    }
    env: dict[str, str] = {}
    for key, value in {**workflow.get("env", {}), **job.get("env", {})}.items():
        text = str(value)
        if text.startswith("${{ vars."):
            text = variables[text.removeprefix("${{ vars.").removesuffix(" }}")]
        assert "${{" not in text, (key, text)
        env[key] = text
    return env


def read_outputs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def changes(world: World, since: int) -> list[str]:
    """The ARM writes the stand-in saw since request `since`."""
    return [
        f"{r['method']} {r['id']}"
        for r in world.requests()[since:]
        if r["method"] in ("PUT", "PATCH", "DELETE")
    ]


def stacks(world: World) -> set[str]:
    listed = world.run("stacks", "list", "-o", "json")
    assert listed.exit_code == 0, listed
    return {row["name"] for row in listed.json()}


@dataclass
class Deployed:
    """The module's world after the push that added the payments and catalog clusters."""

    world: World
    changed: Step
    up: Step


@pytest.fixture(scope="module")
def deployed(pulumi_cli: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    root = tmp_path_factory.mktemp("deploy")
    world = World(root / "world", pulumi_cli)
    workspace = Workspace(root / "workspace", world)
    workspace.checkout("base", BEFORE)
    workspace.checkout("head", DEPLOYED)
    changed = workspace.run("deploy.yml", "changes", "Find changed specs", "push.main.json")
    up = workspace.run("deploy.yml", "up", "Apply each changed spec", "push.main.json")
    yield Deployed(world, changed, up)
    world.clean()


def pull_request(deployed: Deployed, tmp_path: Path, head: Mapping[str, str]) -> Workspace:
    """A pull request against main as deployed: base is main, head the change merged in."""
    workspace = Workspace(tmp_path / "workspace", deployed.world)
    workspace.checkout("base", DEPLOYED)
    workspace.checkout("head", head)
    return workspace


def preview(workspace: Workspace) -> Step:
    return workspace.run(
        "pull-request.yml", "preview", "Preview each changed stack", "pull_request.opened.json"
    )


def plan(workspace: Workspace) -> Step:
    return workspace.run(
        "pull-request.yml", "plan", "Plan base and head", "pull_request.opened.json"
    )


def test_a_push_to_main_creates_each_changed_clusters_stack_then_a_rerun_changes_nothing(
    deployed: Deployed, tmp_path: Path
) -> None:
    world, up = deployed.world, deployed.up
    assert deployed.changed.code == 0, deployed.changed
    assert deployed.changed.outputs == {"count": "2"}  # so the `up` job runs
    assert up.code == 0, up
    text = up.file("up.md")
    assert text.startswith("## aks-kit up\n")
    for name, stack in ((PAYMENTS, "payments-prod"), (CATALOG, "catalog-prod")):
        assert f"### `{name}` (added)" in text
        assert f"stack {stack} updated" in text
        assert f"ok       {name} (exit 0)" in up.stderr
    assert up.summary.strip() == text.strip()
    assert stacks(world) == {"payments-prod", "catalog-prod"}
    clusters = [r for r in world.arm.snapshot().values() if r["type"] == CLUSTER]
    assert sorted(str(c["body"]["location"]) for c in clusters) == ["northeurope", "westeurope"]
    assert "standin-" not in text + up.stderr  # no token or kubeconfig secret shown

    # The same push again (a re-run of the job): `up` of each spec changes nothing.
    before = len(world.requests())
    workspace = Workspace(tmp_path / "workspace", world)
    workspace.checkout("base", BEFORE)
    workspace.checkout("head", DEPLOYED)
    again = workspace.run("deploy.yml", "up", "Apply each changed spec", "push.main.json")
    assert again.code == 0, again
    assert again.file("up.md").count(": no changes") == 2, again.file("up.md")
    assert changes(world, before) == []

    # A later push that changes no cluster file: the `up` job does not run at all.
    workspace.checkout("base", DEPLOYED)
    workspace.checkout("head", {**DEPLOYED, f"{EXAMPLE}/README.md": "notes\n"})
    none = workspace.run("deploy.yml", "changes", "Find changed specs", "push.main.json")
    assert none.code == 0, none
    assert none.outputs == {"count": "0"}


def test_a_pull_request_preview_shows_the_pool_update_in_the_comment_and_changes_nothing(
    deployed: Deployed, tmp_path: Path
) -> None:
    world = deployed.world
    head = {**DEPLOYED, PAYMENTS: edited(PAYMENTS, "maxCount: 40", "maxCount: 60")}
    workspace = pull_request(deployed, tmp_path, head)
    planned = plan(workspace)
    assert planned.code == 0, planned
    assert planned.outputs == {"specs": "1", "previewable": "1"}  # so the preview job runs

    snapshot, before = world.arm.snapshot(), len(world.requests())
    previewed = preview(workspace)
    assert previewed.code == 0, previewed
    text = previewed.file("preview.md")
    assert text.startswith("## aks-kit preview\n")
    assert f"### `{PAYMENTS}` (modified)" in text
    assert "payments-prod" in text and "catalog" not in text
    row = "| update | agentPools | `payments-prod-user` | `properties.maxCount` (in-place) |"
    assert row in text, text
    assert previewed.summary.strip() == text.strip()
    assert f"ok       {PAYMENTS} (exit 0)" in previewed.stderr
    assert changes(world, before) == []
    assert world.arm.snapshot() == snapshot

    # The comment job: both artifacts downloaded into one directory, one sticky comment.
    workspace.checkout("trusted", {})  # main's scripts, never the change's
    artifacts = workspace.root / "artifacts"
    for part in (planned.out, previewed.out):
        shutil.copytree(part, artifacts, dirs_exist_ok=True)
    with github_api() as server:
        server.add_pull(42, "1111111111111111111111111111111111111111")
        commented = workspace.run(
            "pull-request-comment.yml",
            "comment",
            "Create or edit the comment",
            "workflow_run.completed.json",
            {"GITHUB_TOKEN": server.token, "GITHUB_API_URL": server.url},
        )
        assert commented.code == 0, commented
        [comment] = server.comments[42]
    body = str(comment["body"])
    assert body.startswith(MARKER)
    assert body.index("## aks-kit plan") < body.index("## aks-kit preview")
    assert row in body


def test_a_pull_request_up_would_refuse_fails_the_preview_with_exit_3_and_changes_nothing(
    deployed: Deployed, tmp_path: Path
) -> None:
    world = deployed.world
    moved = edited(PAYMENTS, "location: westeurope", "location: northeurope")
    no_batch = example(CATALOG).split("spec:\n", 1)[0] + "spec: {}\n"
    workspace = pull_request(deployed, tmp_path, {**DEPLOYED, PAYMENTS: moved, CATALOG: no_batch})
    planned = plan(workspace)
    assert planned.code == 3, planned  # the offline plan is blocked too; the preview still runs
    assert planned.outputs == {"specs": "2", "previewable": "2"}

    snapshot, before = world.arm.snapshot(), len(world.requests())
    previewed = preview(workspace)
    assert previewed.code == 3, previewed
    text = previewed.file("preview.md")
    assert text.count("`aks-kit preview` refused (exit 3):") == 2, text
    for name in (PAYMENTS, CATALOG):
        assert f"refused  {name} (exit 3)" in previewed.stderr
    # A pool removed: aks-kit's refusal, then the preview it printed before refusing.
    catalog = text[text.index(f"### `{CATALOG}`") : text.index(f"### `{PAYMENTS}`")]
    assert "[catalog-prod] delete catalog-prod-batch" in catalog
    assert "#### aks-kit preview: stack `catalog-prod` (`up` would refuse)" in catalog
    assert "| delete | agentPools | `catalog-prod-batch` |" in catalog
    # A region change replaces everything; the engine stops at the protected cluster.
    payments = text[text.index(f"### `{PAYMENTS}`") :]
    assert "[payments-prod] delete-replaced payments-prod" in payments
    assert "--allow-replace" in payments
    assert "preview started" not in text  # progress is in the job log, not the comment
    assert "preview started" in previewed.stderr
    assert previewed.summary.strip() == text.strip()
    assert changes(world, before) == []
    assert world.arm.snapshot() == snapshot


def test_a_pool_vm_size_change_azure_refuses_fails_the_preview_with_exit_3(
    deployed: Deployed, tmp_path: Path
) -> None:
    world = deployed.world
    bigger = edited(PAYMENTS, "maxCount: 40", "maxCount: 40\n      vmSize: Standard_D8ds_v5")
    workspace = pull_request(deployed, tmp_path, {**DEPLOYED, PAYMENTS: bigger})
    snapshot, before = world.arm.snapshot(), len(world.requests())
    previewed = preview(workspace)
    assert previewed.code == 3, previewed
    text = previewed.file("preview.md")
    assert "`aks-kit preview` refused (exit 3):" in text
    assert "`properties.vmSize` (rejected)" in text, text
    assert "error: Azure refuses these updates of what exists:" in text
    assert "payments-prod-user" in text
    assert changes(world, before) == []
    assert world.arm.snapshot() == snapshot


def test_a_cluster_file_with_no_stack_gets_no_preview_and_no_stack(
    deployed: Deployed, tmp_path: Path
) -> None:
    world = deployed.world
    workspace = Workspace(tmp_path / "workspace", world)
    search = edited(CATALOG, "catalog-prod", "search-prod")
    orders = edited(CATALOG, "catalog-prod", "orders-prod")
    # search.yaml is on main but not deployed (say the deployment waits for approval);
    # the pull request changes it and adds orders.yaml.
    workspace.checkout("base", {**DEPLOYED, SEARCH: search})
    orders_file = f"{EXAMPLE}/orders.yaml"
    head = {
        **DEPLOYED,
        SEARCH: search.replace("maxCount: 30", "maxCount: 40"),
        orders_file: orders,
    }
    workspace.checkout("head", head)
    planned = plan(workspace)
    assert planned.code == 0, planned
    assert planned.outputs == {"specs": "2", "previewable": "1"}

    snapshot, before = world.arm.snapshot(), len(world.requests())
    previewed = preview(workspace)
    assert previewed.code == 0, previewed
    text = previewed.file("preview.md")
    assert f"### `{orders_file}` (added)" in text
    assert "A new spec: no stack yet, so no preview" in text
    assert f"### `{SEARCH}` (modified)" in text
    assert "No stack `search-prod` in the backend yet" in text
    assert "aks-kit preview:" not in text  # nothing was previewed
    assert stacks(world) == {"payments-prod", "catalog-prod"}  # and no stack was created
    assert changes(world, before) == []
    assert world.arm.snapshot() == snapshot
