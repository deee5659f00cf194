"""Every leaf the renderer sends on a spec-scoped resource maps to a spec path, or is listed
as derived: a new spec field cannot reach ARM without `plan --against` pointing at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aks_kit.presets.resolve import resolve
from aks_kit.stacks.change_risk.arm_paths import matches, parse_path, render_path, scalars
from aks_kit.stacks.change_risk.documents import PlanResource
from aks_kit.stacks.change_risk.spec_paths import DERIVED, SPEC_SCOPED, spec_path
from aks_kit.stacks.plan import make_plan, plan_document

REPO = Path(__file__).resolve().parents[2]
SOURCES = [
    *(("preset", name) for name in ("standard", "standard-large", "automatic")),
    *(("file", str(p)) for p in sorted(REPO.glob("examples/*.yaml"))),
]


def _derived(arm_type: str, path: tuple[str, ...]) -> bool:
    return any(
        kind in (arm_type, "*") and matches(parse_path(pattern), path) for kind, pattern in DERIVED
    )


@pytest.mark.parametrize(("kind", "value"), SOURCES, ids=lambda v: Path(v).name)
def test_every_rendered_leaf_maps_to_a_spec_path_or_is_derived(kind: str, value: str) -> None:
    resolved = resolve(preset=value) if kind == "preset" else resolve(file=value)
    doc = plan_document(make_plan(resolved))
    assert doc["resources"]
    unmapped = []
    for data in doc["resources"]:
        if data["armType"] not in SPEC_SCOPED:
            continue
        resource = PlanResource("cluster", data)
        for path, _ in scalars(resource.inputs):
            mapped = spec_path(resource, path, scope="")
            if mapped.startswith("resources[") and not _derived(data["armType"], path):
                unmapped.append(f"{data['armType']} {render_path(path)}")
    assert not unmapped
