"""Under Pulumi mocks the program registers exactly the rendered resources and inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pytest
from mocks import KUBECONFIG, RecordingMocks

from aks_kit.presets.resolve import resolve
from aks_kit.stacks.program import COMPONENT_TYPE, AksCluster
from aks_kit.stacks.render import RenderedCluster, render

REPO = Path(__file__).resolve().parents[2]
CASES = [("preset", name) for name in ("standard", "automatic", "standard-large")] + [
    ("file", str(p.relative_to(REPO))) for p in sorted(REPO.glob("examples/*.yaml"))
]


def run_program(rendered: RenderedCluster, entra_id: bool) -> tuple[RecordingMocks, dict[str, Any]]:
    mocks = RecordingMocks(rendered)
    pulumi.runtime.set_mocks(mocks, project="aks-kit", stack="test", preview=False)
    seen: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> pulumi.Output[Any]:
        cluster = AksCluster(rendered.name, rendered, entra_id=entra_id)

        def keep(values: list[Any]) -> None:
            seen.update(zip(cluster.outputs, values, strict=True))

        return pulumi.Output.all(*cluster.outputs.values()).apply(keep)

    program()
    return mocks, seen


@pytest.mark.parametrize(("kind", "ref"), CASES, ids=[c[1] for c in CASES])
def test_program_registers_exactly_the_rendered_inputs(kind: str, ref: str) -> None:
    resolved = resolve(preset=ref) if kind == "preset" else resolve(file=str(REPO / ref))
    assert resolved.document is not None
    rendered = render(resolved.document)
    mocks, outputs = run_program(rendered, resolved.document.spec.security.entra_id)

    components = [r for r in mocks.registered if r.type == COMPONENT_TYPE]
    assert [c.name for c in components] == [rendered.name]
    custom = {r.name: r for r in mocks.registered if r.custom}
    assert sorted(custom) == sorted(r.name for r in rendered.resources)
    for resource in rendered.resources:
        registered = custom[resource.name]
        assert registered.type == resource.type, resource.name
        assert json.loads(json.dumps(registered.inputs)) == resource.inputs, resource.name

    for key, value in rendered.outputs.items():
        assert outputs[key] == value
    assert outputs["kubeconfig"] == KUBECONFIG


def test_a_changed_input_is_noticed() -> None:
    resolved = resolve(preset="standard")
    assert resolved.document is not None
    rendered = render(resolved.document)
    mocks, _ = run_program(rendered, True)
    cluster = next(r for r in mocks.registered if r.name == rendered.name)
    rendered.by_name()[rendered.name].inputs["properties"]["dnsPrefix"] = "other"
    assert cluster.inputs != rendered.by_name()[rendered.name].inputs


def test_main_runs_the_program_from_stack_config() -> None:
    import runpy

    resolved = resolve(preset="automatic", name="from-config")
    assert resolved.document is not None
    rendered = render(resolved.document)
    mocks = RecordingMocks(rendered)
    pulumi.runtime.set_mocks(mocks, project="aks-kit", stack="test", preview=False)
    pulumi.runtime.set_config("aks-kit:spec", json.dumps(resolved.document.dump()))
    exported: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> None:
        namespace = runpy.run_path(str(REPO / "aks_kit" / "stacks" / "__main__.py"))
        exported.update(namespace)

    program()
    custom = {r.name: r for r in mocks.registered if r.custom}
    assert sorted(custom) == sorted(r.name for r in rendered.resources)
    cluster = custom["from-config"]
    assert cluster.inputs["sku"] == {"name": "Automatic", "tier": "Standard"}


def test_config_with_an_invalid_spec_is_refused() -> None:
    from aks_kit.errors import SpecInvalid
    from aks_kit.stacks.program import cluster_from_config

    resolved = resolve(preset="automatic")
    assert resolved.document is not None
    document = resolved.document.dump()
    document["spec"]["network"]["dataplane"] = "azure"
    pulumi.runtime.set_mocks(RecordingMocks(render(resolved.document)), preview=False)
    pulumi.runtime.set_config("aks-kit:spec", json.dumps(document))
    with pytest.raises(SpecInvalid, match="AKS Automatic requires cilium"):
        cluster_from_config()
