"""Progress from engine events: counts, durations, destructive steps, and no exceptions."""

from __future__ import annotations

from typing import Any

from pulumi.automation.events import EngineEvent

from aks_kit.stacks.progress import Progress

CLUSTER_URN = (
    "urn:pulumi:prod::aks-kit::aks-kit:index:AksCluster$azure-native:resources:Resource::prod"
)
POOL_URN = (
    "urn:pulumi:prod::aks-kit::aks-kit:index:AksCluster$azure-native:resources:Resource::prod-web"
)
RG_URN = "urn:pulumi:prod::aks-kit::aks-kit:index:AksCluster$azure-native:resources:ResourceGroup::prod-rg"


def step(urn: str, op: str, token: str, inputs: dict[str, Any] | None = None) -> dict[str, Any]:
    state = {"type": token, "urn": urn, "custom": True, "inputs": inputs or {}, "outputs": {}}
    return {"op": op, "urn": urn, "type": token, "provider": "", "new": state}


AKS = {"resourceProviderNamespace": "Microsoft.ContainerService", "resourceType": "managedClusters"}
POOL = {
    "resourceProviderNamespace": "Microsoft.ContainerService",
    "resourceType": "agentPools",
    "parentResourcePath": "managedClusters/prod",
}


def events(*raw: dict[str, Any]) -> list[EngineEvent]:
    return [
        EngineEvent.from_json({"sequence": i, "timestamp": 1_700_000_000 + i, **e})
        for i, e in enumerate(raw)
    ]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_counts_and_durations() -> None:
    clock = Clock()
    progress = Progress(clock=clock)
    stream = events(
        {
            "resourcePreEvent": {
                "metadata": step(RG_URN, "create", "azure-native:resources:ResourceGroup")
            }
        },
        {
            "resourcePreEvent": {
                "metadata": step(CLUSTER_URN, "create", "azure-native:resources:Resource", AKS)
            }
        },
        {
            "resOutputsEvent": {
                "metadata": step(RG_URN, "create", "azure-native:resources:ResourceGroup")
            }
        },
    )
    for event in stream[:2]:
        progress.handle(event)
    clock.now = 420.0
    progress.handle(stream[2])
    steps = {s.name: s for s in progress.snapshot()}
    assert steps["prod-rg"].status == "done"
    assert steps["prod-rg"].elapsed(clock.now) == 420.0
    assert steps["prod"].status == "running"
    assert steps["prod"].type == "Microsoft.ContainerService/managedClusters"
    assert progress.counts() == {"done": 1, "running": 1}


def test_failure_keeps_azures_message() -> None:
    progress = Progress(clock=Clock())
    message = 'Code="QuotaExceeded" Message="Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota."'
    for event in events(
        {
            "resourcePreEvent": {
                "metadata": step(POOL_URN, "create", "azure-native:resources:Resource", POOL)
            }
        },
        {
            "diagnosticEvent": {
                "urn": POOL_URN,
                "message": message,
                "color": "never",
                "severity": "error",
            }
        },
        {
            "resOpFailedEvent": {
                "metadata": step(POOL_URN, "create", "azure-native:resources:Resource", POOL),
                "status": 1,
                "steps": 1,
            }
        },
        {
            "summaryEvent": {
                "maybeCorrupt": False,
                "durationSeconds": 12,
                "resourceChanges": {"create": 1},
                "PolicyPacks": {},
            }
        },
    ):
        progress.handle(event)
    [failed] = progress.failures()
    assert failed.name == "prod-web"
    assert "QuotaExceeded" in failed.message
    assert progress.summary == {"create": 1}


def test_destructive_steps_on_guarded_types_only() -> None:
    progress = Progress(clock=Clock())
    for event in events(
        {
            "resourcePreEvent": {
                "metadata": step(POOL_URN, "replace", "azure-native:resources:Resource", POOL),
                "planning": True,
            }
        },
        {
            "resourcePreEvent": {
                "metadata": step(RG_URN, "delete", "azure-native:resources:ResourceGroup"),
                "planning": True,
            }
        },
    ):
        progress.handle(event)
    # pools and resource groups are guarded (deleting a group deletes the cluster in it)
    assert [s.name for s in progress.destructive()] == ["prod-web", "prod-rg"]
    assert all(s.status == "planned" for s in progress.snapshot())


def test_a_broken_event_never_raises() -> None:
    progress = Progress(clock=Clock())
    progress.handle(object())
    progress.handle(None)
    assert progress.unreadable == 2
    assert progress.snapshot() == []
