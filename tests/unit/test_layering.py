"""Merging layers: dicts by key, named lists by name, `$remove`, `null`, provenance."""

from __future__ import annotations

from typing import Any

import pytest

from aks_kit.errors import SpecError, UsageError
from aks_kit.presets.layering import Provenance, merge, set_value, split_assignment
from aks_kit.presets.paths import parse_path


def merged(*layers: tuple[str, dict[str, Any]]) -> tuple[dict[str, Any], Provenance]:
    data: dict[str, Any] = {}
    provenance = Provenance()
    for label, layer in layers:
        merge(data, layer, label, provenance, {})
    return data, provenance


def test_child_wins_and_dicts_merge_key_by_key() -> None:
    data, prov = merged(
        ("preset:a", {"spec": {"tier": "free", "network": {"plugin": "azure"}}}),
        ("-f x.yaml", {"spec": {"tier": "standard", "network": {"policy": "cilium"}}}),
    )
    assert data == {
        "spec": {"tier": "standard", "network": {"plugin": "azure", "policy": "cilium"}}
    }
    assert prov.origin_of("spec.tier").layer == "-f x.yaml"
    assert prov.origin_of("spec.network.plugin").layer == "preset:a"


def test_named_lists_merge_by_name_and_append_in_order() -> None:
    data, prov = merged(
        ("preset:a", {"spec": {"nodePools": [{"name": "system", "count": 3}, {"name": "user"}]}}),
        (
            "-f x.yaml",
            {"spec": {"nodePools": [{"name": "web", "count": 2}, {"name": "system", "count": 5}]}},
        ),
    )
    assert data["spec"]["nodePools"] == [
        {"name": "system", "count": 5},
        {"name": "user"},
        {"name": "web", "count": 2},
    ]
    assert prov.origin_of("spec.nodePools[system].count").layer == "-f x.yaml"
    assert prov.origin_of("spec.nodePools[web].count").layer == "-f x.yaml"
    assert prov.origin_of("spec.nodePools[user]").layer == "preset:a"


def test_remove_drops_an_inherited_item() -> None:
    data, prov = merged(
        ("preset:a", {"spec": {"nodePools": [{"name": "system"}, {"name": "user", "count": 1}]}}),
        ("-f x.yaml", {"spec": {"nodePools": [{"name": "user", "$remove": True}]}}),
    )
    assert data["spec"]["nodePools"] == [{"name": "system"}]
    assert prov.explicit("spec.nodePools[user].count") is None


def test_remove_of_an_item_not_inherited_is_an_error() -> None:
    with pytest.raises(SpecError, match=r"spec.nodePools\[ghost\].*\$remove"):
        merged(
            ("preset:a", {"spec": {"nodePools": [{"name": "system"}]}}),
            ("-f x.yaml", {"spec": {"nodePools": [{"name": "ghost", "$remove": True}]}}),
        )


def test_other_lists_replace_and_null_removes() -> None:
    data, prov = merged(
        ("preset:a", {"spec": {"nodePools": [{"name": "s", "zones": ["1", "2", "3"]}], "x": 1}}),
        ("-f x.yaml", {"spec": {"nodePools": [{"name": "s", "zones": ["1"]}], "x": None}}),
    )
    assert data == {"spec": {"nodePools": [{"name": "s", "zones": ["1"]}]}}
    assert prov.explicit("spec.x") is None


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        ("spec.tier=standard", ("spec.tier", "standard")),
        ("spec.labels.a=b=c", ("spec.labels.a", "b=c")),
    ],
)
def test_split_assignment(assignment: str, expected: tuple[str, str]) -> None:
    assert split_assignment(assignment) == expected


@pytest.mark.parametrize("assignment", ["spec.tier", "=x"])
def test_split_assignment_refuses(assignment: str) -> None:
    with pytest.raises(UsageError):
        split_assignment(assignment)


def test_set_value_by_name_creates_and_records() -> None:
    data: dict[str, Any] = {"spec": {"nodePools": [{"name": "system"}]}}
    prov = Provenance()
    path = set_value(data, parse_path("spec.nodePools[web].spot"), True, "--set", prov)
    assert path == "spec.nodePools[web].spot"
    assert data["spec"]["nodePools"][1] == {"name": "web", "spot": True}
    assert prov.origin_of(path).layer == "--set"


def test_set_value_by_index_reports_the_name() -> None:
    data: dict[str, Any] = {"spec": {"nodePools": [{"name": "system", "count": 3}]}}
    path = set_value(data, parse_path("spec.nodePools[0].count"), 5, "--set", Provenance())
    assert path == "spec.nodePools[system].count"
    assert data["spec"]["nodePools"][0]["count"] == 5


def test_set_value_missing_index_is_usage_error() -> None:
    with pytest.raises(UsageError, match="has no item 3"):
        set_value(
            {"spec": {"nodePools": []}}, parse_path("spec.nodePools[3].count"), 1, "s", Provenance()
        )
