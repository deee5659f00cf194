"""Seam tests of the preview and deploy steps (`.github/scripts/engine_run.py`): the script
runs on two checkouts with the GitHub event payload and drives aks-kit as a subprocess, but
the pulumi CLI is the scripted one (tests/support/scripted_aks_kit.py), which checks every
call aks-kit makes and answers with canned engine events. They pin the seam between the
script, aks-kit and the Automation API; the runs end to end against the real engine are in
test_engine_run_real.py.
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
from fake_pulumi import engine_events, history_entry, resource_pre_event, summary_event

from aks_kit.presets.resolve import resolve

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".github" / "scripts" / "engine_run.py"
WRAPPER = REPO / "tests" / "support" / "scripted_aks_kit.py"
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = REPO / "examples" / "platform-team"
GENERIC = "azure-native:resources:Resource"


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    base, head = tmp_path / "base", tmp_path / "head"
    for side in (base, head):
        shutil.copytree(EXAMPLE, side)
    text = (head / "payments.yaml").read_text().replace("maxCount: 40", "maxCount: 60")
    (head / "payments.yaml").write_text(text)
    new = (head / "catalog.yaml").read_text().replace("catalog-prod", "search-prod")
    (head / "search.yaml").write_text(new)
    return base, head


def config(path: Path) -> dict[str, str]:
    resolved = resolve(file=str(path))
    assert resolved.document is not None, resolved.findings
    return {
        "aks-kit:spec": json.dumps(resolved.document.dump(), sort_keys=True),
        "azure-native:location": resolved.document.metadata.location,
    }


def pool_update(stack: str, op: str = "update") -> list[dict[str, Any]]:
    urn = f"urn:pulumi:{stack}::aks-kit::aks-kit:index:AksCluster${GENERIC}::{stack}-user"
    inputs = {
        "resourceProviderNamespace": "Microsoft.ContainerService",
        "resourceType": "agentPools",
        "parentResourcePath": f"managedClusters/{stack}",
    }
    return engine_events(
        resource_pre_event(
            urn,
            GENERIC,
            op,
            planning=True,
            new={"type": GENERIC, "inputs": inputs},
            diffs=["properties"],
        ),
        summary_event({op: 1, "same": 17}),
    )


def run(
    mode: str, base: Path, head: Path, out: Path, scripts: Path, tmp_path: Path, event: str
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AZURE_", "AKS_KIT"))
    }
    env.update(
        {
            "AKS_KIT": f"{sys.executable} {WRAPPER}",
            "AKS_KIT_SCRIPTS": str(scripts),
            "AKS_KIT_HOME": str(tmp_path / "aks-kit-home"),
            "GITHUB_EVENT_PATH": str(FIXTURES / event),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            "NO_COLOR": "1",
        }
    )
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--mode", mode, "--base", str(base), "--head", str(head),
         "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )  # fmt: skip


def write(scripts: Path, stem: str, calls: list[list[Any]]) -> None:
    scripts.mkdir(exist_ok=True)
    (scripts / f"{stem}.json").write_text(json.dumps(calls))


def previewed(base: Path, head: Path, events: list[dict[str, Any]]) -> list[list[Any]]:
    """The calls of a preview of `payments-prod`, deployed from the base's spec."""
    now, deployed = config(head / "payments.yaml"), config(base / "payments.yaml")
    return [
        ["deployed_lookup", ["payments-prod", deployed], {}],
        ["config_set_all", ["payments-prod", now], {}],
        ["preview", ["payments-prod"], {"events": events}],
    ]


def listed(scripts: Path, *names: str) -> None:
    """The stacks `aks-kit stacks list` finds (a preview first checks the spec has one)."""
    stacks = [{"name": name, "current": False} for name in names]
    write(scripts, "default", [["stack_ls", [stacks], {}]])


def test_preview_of_a_pull_request(trees: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = trees
    scripts, out = tmp_path / "scripts", tmp_path / "out"
    listed(scripts, "octo/aks-kit/payments-prod", "catalog-prod")
    write(scripts, "payments", previewed(base, head, pool_update("payments-prod")))
    result = run("preview", base, head, out, scripts, tmp_path, "pull_request.opened.json")
    assert result.returncode == 0, result.stderr
    text = (out / "preview.md").read_text()
    assert text.startswith("## aks-kit preview\n")
    assert "### `payments.yaml` (modified)" in text
    assert "#### aks-kit preview: stack `payments-prod` (changes)" in text
    row = "| update | agentPools | `payments-prod-user` | `properties.maxCount` (in-place) |"
    assert row in text
    assert "### `search.yaml` (added)" in text and "no stack yet, so no preview" in text
    assert "catalog" not in text
    assert (tmp_path / "summary.md").read_text().strip() == text.strip()


def test_a_preview_up_would_refuse_fails_the_step(trees: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = trees
    scripts, out = tmp_path / "scripts", tmp_path / "out"
    listed(scripts, "payments-prod", "catalog-prod")
    write(scripts, "payments", previewed(base, head, pool_update("payments-prod", "replace")))
    result = run("preview", base, head, out, scripts, tmp_path, "pull_request.opened.json")
    assert result.returncode == 3, result.stderr
    text = (out / "preview.md").read_text()
    assert "`aks-kit preview` refused (exit 3)" in text
    assert "replaces or deletes what holds nodes, addresses or access" in text


def test_a_vm_size_change_azure_refuses_fails_the_preview_step(
    trees: tuple[Path, Path], tmp_path: Path
) -> None:
    base, head = trees
    text = (head / "payments.yaml").read_text()
    bigger = text.replace("maxCount: 60", "maxCount: 60\n      vmSize: Standard_D16ds_v5")
    (head / "payments.yaml").write_text(bigger)
    scripts, out = tmp_path / "scripts", tmp_path / "out"
    listed(scripts, "payments-prod", "catalog-prod")
    write(scripts, "payments", previewed(base, head, pool_update("payments-prod")))
    result = run("preview", base, head, out, scripts, tmp_path, "pull_request.opened.json")
    assert result.returncode == 3, result.stderr
    text = (out / "preview.md").read_text()
    assert "`aks-kit preview` refused (exit 3)" in text
    assert "Azure refuses these updates of what exists" in text
    assert "`properties.vmSize` (rejected)" in text


def test_up_on_merge_applies_each_changed_spec(trees: tuple[Path, Path], tmp_path: Path) -> None:
    base, head = trees
    scripts, out = tmp_path / "scripts", tmp_path / "out"
    done = [history_entry(resource_changes={"update": 1})]
    write(
        scripts,
        "payments",
        [
            # `up` first looks for the spec the stack was deployed from (none yet).
            ["stack_not_found", ["payments-prod"], {}],
            ["stack_not_found", ["payments-prod"], {}],
            ["stack_init", ["payments-prod"], {}],
            ["config_set_all", ["payments-prod", config(head / "payments.yaml")], {}],
            ["preview", ["payments-prod"], {"events": pool_update("payments-prod")}],
            ["up", ["payments-prod"], {"events": engine_events(summary_event({"update": 1}))}],
            ["stack_outputs", ["payments-prod", {"clusterName": "payments-prod"}], {}],
            ["stack_history", ["payments-prod", done], {}],
        ],
    )
    created = [history_entry(resource_changes={"create": 19})]
    write(
        scripts,
        "search",
        [
            ["stack_not_found", ["search-prod"], {}],
            ["stack_not_found", ["search-prod"], {}],
            ["stack_init", ["search-prod"], {}],
            ["config_set_all", ["search-prod", config(head / "search.yaml")], {}],
            ["preview", ["search-prod"], {"events": engine_events(summary_event({"create": 19}))}],
            ["up", ["search-prod"], {"events": engine_events(summary_event({"create": 19}))}],
            ["stack_outputs", ["search-prod", {"clusterName": "search-prod"}], {}],
            ["stack_history", ["search-prod", created], {}],
        ],
    )
    result = run("up", base, head, out, scripts, tmp_path, "push.main.json")
    assert result.returncode == 0, result.stderr
    text = (out / "up.md").read_text()
    assert text.startswith("## aks-kit up\n")
    assert "### `payments.yaml` (modified)" in text and "### `search.yaml` (added)" in text
    assert "ok       payments.yaml (exit 0)" in result.stderr
    assert "ok       search.yaml (exit 0)" in result.stderr


def test_a_preview_of_a_cluster_file_not_deployed_yet_is_skipped(
    trees: tuple[Path, Path], tmp_path: Path
) -> None:
    base, head = trees
    scripts, out = tmp_path / "scripts", tmp_path / "out"
    # payments.yaml is merged but was never deployed (names as a shared backend gives them)
    listed(scripts, "octo/aks-kit/catalog-prod")
    result = run("preview", base, head, out, scripts, tmp_path, "pull_request.opened.json")
    assert result.returncode == 0, result.stderr
    text = (out / "preview.md").read_text()
    assert "### `payments.yaml` (modified)" in text
    assert "No stack `payments-prod` in the backend yet" in text
    assert "no stack payments.yaml (payments-prod)" in result.stderr


FLEET = """\
apiVersion: aks-kit/v1
kind: Fleet
metadata: {name: shop, location: westeurope}
spec:
  members:
    - {name: shop-weu, extends: automatic, group: one}
"""


def test_a_preview_of_a_fleet_not_deployed_yet_is_skipped(
    trees: tuple[Path, Path], tmp_path: Path
) -> None:
    base, head = trees
    (base / "shop.yaml").write_text(FLEET)
    (head / "shop.yaml").write_text(FLEET.replace("group: one", "group: two"))
    scripts, out = tmp_path / "scripts", tmp_path / "out"
    listed(scripts, "payments-prod", "catalog-prod")
    write(scripts, "payments", previewed(base, head, pool_update("payments-prod")))
    result = run("preview", base, head, out, scripts, tmp_path, "pull_request.opened.json")
    assert result.returncode == 0, result.stderr
    text = (out / "preview.md").read_text()
    assert "### `shop.yaml` (modified)" in text
    assert "No stack `shop` in the backend yet" in text
