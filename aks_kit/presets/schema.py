"""The JSON Schema of the files users write, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from .model import ClusterFile, FleetFile, PresetFile

SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"


def schema() -> dict[str, Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(
        Annotated[ClusterFile | PresetFile | FleetFile, Field(discriminator="kind")]
    )
    document = adapter.json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "aks-kit file (Cluster, Preset or Fleet)"
    return document


def schema_text() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"
