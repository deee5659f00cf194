"""Document paths: parsing, formatting and lookups by name or index."""

from __future__ import annotations

import pytest

from aks_kit.errors import SpecError
from aks_kit.presets.paths import ByIndex, ByName, Key, canonical, format_path, lookup, parse_path


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("spec.tier", (Key("spec"), Key("tier"))),
        (
            "spec.nodePools[web].maxCount",
            (Key("spec"), Key("nodePools"), ByName("web"), Key("maxCount")),
        ),
        ("spec.nodePools[1].zones", (Key("spec"), Key("nodePools"), ByIndex(1), Key("zones"))),
        ("spec.autoscaler.scan-interval", (Key("spec"), Key("autoscaler"), Key("scan-interval"))),
    ],
)
def test_parse_and_format_round_trip(text: str, segments: tuple[object, ...]) -> None:
    assert parse_path(text) == segments
    assert format_path(parse_path(text)) == text


@pytest.mark.parametrize("text", ["", "spec.", ".spec", "spec..tier", "spec[web]x", "[0]", "a b"])
def test_malformed_paths_are_refused(text: str) -> None:
    with pytest.raises(SpecError):
        parse_path(text)


def test_lookup_and_canonical_use_item_names() -> None:
    doc = {"spec": {"nodePools": [{"name": "system"}, {"name": "web", "maxCount": 5}]}}
    assert lookup(doc, parse_path("spec.nodePools[web].maxCount")) == (True, 5)
    assert lookup(doc, parse_path("spec.nodePools[1].maxCount")) == (True, 5)
    assert lookup(doc, parse_path("spec.nodePools[db].maxCount")) == (False, None)
    assert canonical(doc, parse_path("spec.nodePools[1].maxCount")) == (
        "spec.nodePools[web].maxCount"
    )
