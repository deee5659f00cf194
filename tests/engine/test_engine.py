"""`aks-kit` end to end through the real pulumi CLI; only Azure is the stand-in.

Every test runs the installed CLI in a subprocess on a fresh local file backend, so real
state, secrets, stack config, `protect`, locking, cancellation and the event stream are the
engine's own.
"""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest
from standin.world import World

pytestmark = pytest.mark.engine

POOL = "Microsoft.ContainerService/managedClusters/agentPools"
CLUSTER = "Microsoft.ContainerService/managedClusters"


def puts(world: World, since: int = 0) -> list[str]:
    return [r["id"] for r in world.requests()[since:] if r["method"] == "PUT"]


def by_type(world: World, arm_type: str) -> list[dict[str, object]]:
    return [r for r in world.arm.snapshot().values() if r["type"] == arm_type]


def planned(name: str) -> int:
    """How many Azure resources `plan` renders for a preset."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "aks_kit", "plan", "--preset", name, "-o", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return len(json.loads(out.stdout)["resources"])


@pytest.mark.parametrize("preset", ["automatic", "standard", "standard-large"])
def test_up_from_nothing_then_a_second_up_changes_nothing(world: World, preset: str) -> None:
    first = world.run("up", "--preset", preset, "--yes", "-o", "json")
    assert first.exit_code == 0, first
    result = first.json()
    count = planned(preset)
    # Every Azure resource, plus the stack and the aks-kit component.
    assert result["changes"] == {"create": count + 2}, first
    assert len(world.arm.snapshot()) == count
    cluster = by_type(world, CLUSTER)[0]
    outputs = result["outputs"]
    assert outputs["clusterId"] == cluster["id"]
    assert outputs["fqdn"].endswith(".azmk8s.io")
    assert outputs["kubeletIdentityObjectId"]
    assert outputs["oidcIssuerUrl"].startswith("https://")
    assert outputs["kubeconfig"] == "[secret]"
    assert "standin-" not in first.stdout + first.stderr

    before = len(world.requests())
    second = world.run("up", "--preset", preset, "--yes", "-o", "json")
    assert second.exit_code == 0, second
    assert "up to date: no changes" in second.stderr
    assert second.json()["changes"] == {"same": count + 2}
    assert puts(world, before) == []


def test_a_pools_max_count_changes_in_place(world: World) -> None:
    assert world.run("up", "--preset", "standard", "--yes").exit_code == 0
    before = len(world.requests())
    pool_id = world.arm.find("/agentPools/user")
    previewed = world.run(
        "preview", "--preset", "standard", "--set", "spec.nodePools[1].maxCount=30", "-o", "json"
    )
    assert previewed.exit_code == 0, previewed
    assert [(c["resource"], c["path"], c["class"]) for c in previewed.json()["specChanges"]] == [
        ("aks-standard-user", "properties.maxCount", "in-place")
    ]
    assert "properties.maxCount: 20 -> 30  in-place" in previewed.stderr
    assert puts(world, before) == []
    changed = world.run(
        "up",
        "--preset",
        "standard",
        "--set",
        "spec.nodePools[1].maxCount=30",
        "--yes",
        "-o",
        "json",
    )
    assert changed.exit_code == 0, changed
    assert changed.json()["changes"] == {"update": 1, "same": planned("standard") + 1}
    assert puts(world, before) == [pool_id]
    pool = world.arm.snapshot()[pool_id.lower()]
    assert pool["body"]["properties"]["maxCount"] == 30
    assert not [r for r in world.requests()[before:] if r["method"] == "DELETE"]


def test_a_pools_vm_size_change_is_refused_before_and_by_arm(world: World, tmp_path: Path) -> None:
    old_plan = tmp_path / "old.json"
    plan = world.run("plan", "--preset", "standard", "-o", "json")
    old_plan.write_text(plan.stdout)
    bigger = "spec.nodePools[1].vmSize=Standard_D16ds_v5"
    against = world.run("plan", "--preset", "standard", "--set", bigger, "--against", str(old_plan))
    assert against.exit_code == 3, against
    assert "rejected" in against.stdout + against.stderr

    assert world.run("up", "--preset", "standard", "--yes").exit_code == 0
    before = len(world.requests())
    previewed = world.run("preview", "--preset", "standard", "--set", bigger, "-o", "json")
    assert previewed.exit_code == 3, previewed  # the same refusal as `up`, after printing
    [rejected] = previewed.json()["rejected"]
    assert (rejected["resource"], rejected["path"]) == ("aks-standard-user", "properties.vmSize")
    assert "Azure refuses these updates" in previewed.stderr
    refused = world.run("up", "--preset", "standard", "--set", bigger, "--yes")
    assert refused.exit_code == 3, refused
    assert "vmSize" in refused.stderr and "aks-standard-user" in refused.stderr
    assert puts(world, before) == []

    lifted = world.run("up", "--preset", "standard", "--set", bigger, "--yes", "--allow-rejected")
    assert lifted.exit_code == 5, lifted
    assert "aks-standard-user" in lifted.stderr
    assert "PropertyChangeNotAllowed" in lifted.stderr
    assert "Changing property 'vmSize' is not allowed." in lifted.stderr
    pool = world.arm.snapshot()[world.arm.find("/agentPools/user").lower()]
    assert pool["body"]["properties"]["vmSize"] == "Standard_D8ds_v5"


def test_a_resource_group_rename_is_a_replacement_refused_without_allow_replace(
    world: World,
) -> None:
    assert world.run("up", "--preset", "automatic", "--yes").exit_code == 0
    before = len(world.requests())
    rename = ("up", "--preset", "automatic", "--set", "metadata.resourceGroup=rg-renamed", "--yes")
    renamed = world.run(*rename)
    assert renamed.exit_code == 3, renamed
    # The engine itself fails this preview (the cluster is protected); the guard says why.
    assert "replaces or deletes protected resources" in renamed.stderr
    assert "replace aks-automatic (" in renamed.stderr and "--allow-replace" in renamed.stderr
    still = world.run(*rename, "--allow-replace")
    assert still.exit_code == 3, still
    assert puts(world, before) == []


def test_destroy_refuses_a_protected_cluster_then_unprotect_destroys_it(world: World) -> None:
    assert world.run("up", "--preset", "standard", "--yes").exit_code == 0
    refused = world.run("destroy", "--stack", "aks-standard", "--yes")
    assert refused.exit_code == 3, refused
    assert "protected" in refused.stderr
    assert by_type(world, CLUSTER)

    destroyed = world.run("destroy", "--stack", "aks-standard", "--yes", "--unprotect")
    assert destroyed.exit_code == 0, destroyed
    assert world.arm.snapshot() == {}
    listed = world.run("stacks", "list", "-o", "json")
    assert listed.exit_code == 0, listed
    assert [s["resources"] for s in listed.json() if s["name"] == "aks-standard"] in ([0], [None])


def test_outputs_are_redacted_and_kubeconfig_out_writes_the_secret_0600(
    world: World, tmp_path: Path
) -> None:
    assert world.run("up", "--preset", "standard", "--yes").exit_code == 0
    shown = world.run("outputs", "aks-standard", "-o", "json")
    assert shown.exit_code == 0, shown
    assert shown.json()["kubeconfig"] == "[secret]"
    assert "standin-" not in shown.stdout + shown.stderr

    target = tmp_path / "kube" / "config"
    target.parent.mkdir()
    written = world.run("kubeconfig", "aks-standard", "--out", str(target))
    assert written.exit_code == 0, written
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text()
    cluster = by_type(world, CLUSTER)[0]
    assert f"server: https://{cluster['computed']['properties']['fqdn']}:443" in text  # type: ignore[index]
    assert "kubelogin" in text  # Entra ID clusters get the exec format
    assert text not in written.stdout + written.stderr


def test_refresh_reports_drift_made_behind_the_engines_back(world: World) -> None:
    assert world.run("up", "--preset", "standard", "--yes").exit_code == 0
    world.arm.change(world.arm.find("/agentPools/user"), ("properties", "maxCount"), 40)
    refreshed = world.run("refresh", "--stack", "aks-standard", "-o", "json")
    assert refreshed.exit_code == 0, refreshed
    assert refreshed.json()["changes"].get("update") == 1, refreshed


def _wait_for_cluster_operation(world: World, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = (
            json.loads(world.arm.state_path.read_text()) if world.arm.state_path.exists() else {}
        )
        if state.get("operations"):
            return
        time.sleep(0.2)
    raise AssertionError("the cluster operation never started")


def test_ctrl_c_during_up_exits_130_and_up_again_completes(world: World) -> None:
    world.faults({"method": "PUT", "type": CLUSTER, "delay": 8})
    process = world.start("up", "--preset", "automatic", "--yes")
    _wait_for_cluster_operation(world)
    World.interrupt(process)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr

    again = world.run("up", "--preset", "automatic", "--yes", "-o", "json")
    assert again.exit_code == 0, again
    assert by_type(world, CLUSTER)
    second = world.run("up", "--preset", "automatic", "--yes")
    assert second.exit_code == 0 and "no changes" in second.stderr, second


def test_a_second_up_on_a_locked_stack_exits_5_saying_locked(world: World) -> None:
    world.faults({"method": "PUT", "type": CLUSTER, "delay": 30})
    first = world.start("up", "--preset", "automatic", "--yes")
    _wait_for_cluster_operation(world)
    second = world.run("up", "--preset", "automatic", "--yes")
    assert second.exit_code == 5, second
    assert "locked" in second.stderr
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr


FLEET = """\
apiVersion: aks-kit/v1
kind: Fleet
metadata: {name: trio, location: eastus2}
spec:
  hub: false
  members:
    - {name: trio-a, extends: automatic, group: one}
    - {name: trio-b, extends: automatic, group: one}
    - {name: trio-c, extends: automatic, group: two}
"""


def test_a_three_member_fleet_up_with_parallel_2_then_destroy(world: World, tmp_path: Path) -> None:
    fleet = tmp_path / "trio.yaml"
    fleet.write_text(FLEET)
    up = world.run("up", "-f", str(fleet), "--parallel", "2", "--yes", "-o", "json")
    assert up.exit_code == 0, up
    stacks = up.json()["stacks"]
    assert set(stacks) == {"trio", "trio-a", "trio-b", "trio-c"}
    assert up.json()["failed"] == {}
    assert len(by_type(world, CLUSTER)) == 3
    assert len(by_type(world, "Microsoft.ContainerService/fleets/members")) == 3
    assert all(f"stack {name}:" in up.stderr for name in stacks)  # listed before applying

    again = world.run("preview", "-f", str(fleet), "--expect-no-changes", "-o", "json")
    assert again.exit_code == 0, again
    assert all(s["specChanges"] == [] for s in again.json()["stacks"].values())

    gone = world.run("destroy", "-f", str(fleet), "--yes", "--unprotect", "-o", "json")
    assert gone.exit_code == 0, gone
    assert world.arm.snapshot() == {}


def test_arm_faults_429_is_retried_and_a_failed_operation_names_the_resource(
    world: World,
) -> None:
    world.faults(
        {"method": "PUT", "type": POOL, "status": 429, "retryAfter": 1, "times": 1},
    )
    assert world.run("up", "--preset", "standard", "--yes").exit_code == 0
    statuses = [r["status"] for r in world.requests() if r["id"].endswith("/agentPools/user")]
    assert statuses[:2] == [429, 200]

    world.faults(
        {
            "method": "PUT",
            "type": POOL,
            "lro": "Failed",
            "code": "VMExtensionProvisioningError",
            "message": "VM has reported a failure when processing extension.",
        }
    )
    failed = world.run(
        "up", "--preset", "standard", "--set", "spec.nodePools[1].maxCount=25", "--yes"
    )
    assert failed.exit_code == 5, failed
    assert "aks-standard-user" in failed.stderr
    assert "VMExtensionProvisioningError" in failed.stderr
