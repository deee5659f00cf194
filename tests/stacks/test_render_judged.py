"""Azure's models judge every AKS body aks-kit renders (azure-mgmt-containerservice 41.x)."""

from __future__ import annotations

from pathlib import Path

import pytest
from arm_judge import judge
from azure.mgmt.containerservice import models

from aks_kit.presets.resolve import resolve
from aks_kit.stacks.render import render
from aks_kit.stacks.resource_types import AKS_API_VERSION

REPO = Path(__file__).resolve().parents[2]
CASES = [("preset", name) for name in ("standard", "automatic", "standard-large")] + [
    ("file", str(p.relative_to(REPO))) for p in sorted(REPO.glob("examples/*.yaml"))
]
MODELS = {
    "Microsoft.ContainerService/managedClusters": models.ManagedCluster,
    "Microsoft.ContainerService/managedClusters/agentPools": models.AgentPool,
    "Microsoft.ContainerService/managedClusters/maintenanceConfigurations": (
        models.MaintenanceConfiguration
    ),
}


def rendered_for(kind: str, ref: str):  # type: ignore[no-untyped-def]
    resolved = resolve(preset=ref) if kind == "preset" else resolve(file=str(REPO / ref))
    assert resolved.document is not None and resolved.ok, [f.render() for f in resolved.findings]
    return render(resolved.document)


def test_sdk_default_api_version_is_the_pinned_one() -> None:
    from azure.mgmt.containerservice._configuration import (
        ContainerServiceClientConfiguration,
    )

    config = ContainerServiceClientConfiguration(credential=object(), subscription_id="0")  # type: ignore[arg-type]
    assert config.api_version == AKS_API_VERSION


@pytest.mark.parametrize(("kind", "ref"), CASES, ids=[c[1] for c in CASES])
def test_every_aks_body_is_valid_for_the_sdk_models(kind: str, ref: str) -> None:
    cluster = rendered_for(kind, ref)
    aks = [r for r in cluster.resources if r.arm_type in MODELS]
    assert aks, "no AKS resources rendered"
    for resource in aks:
        assert resource.api_version == AKS_API_VERSION
        problems = judge(resource.arm_body(), MODELS[resource.arm_type])
        assert problems == [], f"{resource.name}: {problems}"


def test_the_judge_fails_a_bad_body() -> None:
    cluster = rendered_for("preset", "standard")
    body = cluster.by_name()["aks-standard"].arm_body()
    body["properties"]["networkProfile"]["networkPlugin"] = "azurecni"
    body["properties"]["autoScalerProfile"]["scan-intervall"] = "10s"
    problems = judge(body, models.ManagedCluster)
    assert any("networkPlugin = 'azurecni'" in p for p in problems)
    assert any("scan-intervall: unknown key" in p for p in problems)
