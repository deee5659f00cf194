"""The engine tests' stand-in ARM (tests/support/standin/arm.py) behaves as ARM does."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from standin.arm import CLUSTER, POOL, Arm, ArmError

RG = "/subscriptions/s/resourceGroups/rg"
CLUSTER_ID = f"{RG}/providers/Microsoft.ContainerService/managedClusters/c"


def cluster_body() -> dict[str, object]:
    return {
        "location": "eastus2",
        "identity": {"type": "SystemAssigned"},
        "properties": {
            "dnsPrefix": "c",
            "agentPoolProfiles": [
                {"name": "system", "mode": "System", "vmSize": "Standard_D4ds_v5", "count": 3}
            ],
        },
    }


def pool_body(vm_size: str = "Standard_D8ds_v5", max_count: int = 5) -> dict[str, object]:
    return {
        "properties": {
            "mode": "User",
            "vmSize": vm_size,
            "enableAutoScaling": True,
            "minCount": 1,
            "maxCount": max_count,
        }
    }


@pytest.fixture
def arm(tmp_path: Path) -> Arm:
    return Arm(tmp_path / "arm", lro_seconds=0.0)


def test_bodies_are_judged_by_the_sdk_models(arm: Arm) -> None:
    body = cluster_body()
    body["properties"]["networkProfile"] = {"networkPlugin": "azurex"}  # type: ignore[index]
    with pytest.raises(ArmError) as caught:
        arm.put(CLUSTER_ID, CLUSTER, body)
    assert caught.value.status == 400
    assert "networkPlugin = 'azurex'" in caught.value.message
    assert "ERROR CODE: InvalidRequestContent" in str(caught.value)


def test_computed_outputs_and_cascading_delete(arm: Arm) -> None:
    stored = arm.put(CLUSTER_ID, CLUSTER, cluster_body())
    props = stored["computed"]["properties"]
    assert props["fqdn"].endswith(".hcp.eastus2.azmk8s.io")
    assert props["identityProfile"]["kubeletidentity"]["objectId"]
    assert stored["computed"]["identity"]["principalId"]
    arm.put(f"{CLUSTER_ID}/agentPools/user", POOL, pool_body())
    arm.delete(CLUSTER_ID)
    assert arm.snapshot() == {}


def test_immutable_fields_are_refused_with_arms_error(arm: Arm) -> None:
    arm.put(CLUSTER_ID, CLUSTER, cluster_body())
    arm.put(f"{CLUSTER_ID}/agentPools/user", POOL, pool_body())
    arm.put(f"{CLUSTER_ID}/agentPools/user", POOL, pool_body(max_count=9))
    with pytest.raises(ArmError) as caught:
        arm.put(f"{CLUSTER_ID}/agentPools/user", POOL, pool_body("Standard_D16ds_v5"))
    assert (caught.value.status, caught.value.code) == (400, "PropertyChangeNotAllowed")
    assert caught.value.message == "Changing property 'vmSize' is not allowed."


def test_a_second_pool_operation_on_a_busy_cluster_gets_409(tmp_path: Path) -> None:
    arm = Arm(tmp_path / "arm", lro_seconds=1.0)
    arm.put(CLUSTER_ID, CLUSTER, cluster_body())
    errors: list[ArmError] = []

    def put(name: str) -> None:
        try:
            arm.put(f"{CLUSTER_ID}/agentPools/{name}", POOL, pool_body())
        except ArmError as error:
            errors.append(error)

    threads = [threading.Thread(target=put, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [(e.status, e.code) for e in errors] == [(409, "OperationNotAllowed")]


def test_faults_answer_429_and_fail_operations(arm: Arm) -> None:
    faults = [
        {"method": "PUT", "type": CLUSTER, "status": 429, "retryAfter": 2},
        {"method": "PUT", "type": CLUSTER, "lro": "Failed", "code": "Boom"},
    ]
    arm.faults_path.write_text(json.dumps(faults))
    with pytest.raises(ArmError) as throttled:
        arm.put(CLUSTER_ID, CLUSTER, cluster_body())
    assert (throttled.value.status, throttled.value.retry_after) == (429, 2)
    with pytest.raises(ArmError) as failed:
        arm.put(CLUSTER_ID, CLUSTER, cluster_body())
    assert failed.value.code == "Boom"
    assert (
        arm.put(CLUSTER_ID, CLUSTER, cluster_body())["computed"]["properties"]["provisioningState"]
        == "Succeeded"
    )
