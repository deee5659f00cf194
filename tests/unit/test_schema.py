"""The shipped JSON Schema is what the models generate (regenerate: aks-kit presets schema)."""

from __future__ import annotations

import json
from pathlib import Path

from aks_kit.presets.schema import SCHEMA_PATH, schema_text

REPO = Path(__file__).resolve().parents[2]


def test_schema_json_matches_models() -> None:
    shipped = (REPO / "aks_kit" / "presets" / "schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(), (
        "presets/schema.json drifted: run `aks-kit presets schema --out presets/schema.json`"
    )
    assert SCHEMA_PATH.read_text(encoding="utf-8") == shipped


def test_schema_knows_the_three_kinds_and_is_strict() -> None:
    document = json.loads(schema_text())
    kinds = document["discriminator"]["mapping"]
    assert sorted(kinds) == ["Cluster", "Fleet", "Preset"]
    pool = document["$defs"]["NodePool"]
    assert pool["additionalProperties"] is False
    assert "maxCount" in pool["properties"]
    assert "maxSurge" in pool["properties"]
