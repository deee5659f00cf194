"""The JSON Schema of the files users write, generated from the models.

The models check the merged result; a Cluster or Preset file is one layer of it, so the
schema accepts what the loader accepts in a layer: any setting may be `null` (it removes
the setting), named list items may carry `$remove: true`, settings inside sections may be
given in part (a lower layer supplies the rest), and a version may be written unquoted
(`kubernetesVersion: 1.30` keeps the text as typed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from .layering import REMOVE
from .model import API_VERSION, ClusterFile, FleetFile, PresetFile
from .yamlio import VERSION_KEYS

SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"
SCHEMA_ID = f"urn:aks-kit:schema:{API_VERSION}"
"""Names the schema for `apiVersion: aks-kit/v1` files; a new apiVersion gets a new id."""
SCHEMA_FILE_NAME = "aks-kit.schema.json"
"""What `aks-kit init` calls the copy it writes next to a cluster file."""
LAYER_FILES = ("ClusterFile", "PresetFile")


def schema() -> dict[str, Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(
        Annotated[ClusterFile | PresetFile | FleetFile, Field(discriminator="kind")]
    )
    document = adapter.json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = SCHEMA_ID
    document["title"] = "aks-kit file (Cluster, Preset or Fleet)"
    defs: dict[str, Any] = document["$defs"]
    for name in _layered(defs):
        _as_layer(name, defs[name])
    return document


def schema_text() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"


def _layered(defs: dict[str, Any]) -> list[str]:
    """The definitions a Cluster or Preset file reaches (Fleet files are not layered)."""
    seen: list[str] = []
    todo = list(LAYER_FILES)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        todo.extend(_refs(defs[name]))
    return [name for name in seen if name not in LAYER_FILES]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else []
        for value in node.values():
            found += _refs(value)
        return found
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _as_layer(name: str, definition: dict[str, Any]) -> None:
    properties: dict[str, Any] = definition.get("properties", {})
    for key, prop in properties.items():
        if key in VERSION_KEYS:
            prop["anyOf"] = [*prop.get("anyOf", []), {"type": "number"}]
        if not _nullable(prop):
            properties[key] = _with_null(prop)
    required = [key for key in definition.get("required", []) if key == "name"]
    if required:
        definition["required"] = required
    else:
        definition.pop("required", None)
    if "name" in properties:
        properties[REMOVE] = {
            "type": "boolean",
            "description": "true drops the item of this name that a lower layer defined.",
        }


def _nullable(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "null" or any(
        option.get("type") == "null" for option in prop.get("anyOf", [])
    )


def _with_null(prop: dict[str, Any]) -> dict[str, Any]:
    """The property, or `null` (which removes the setting so a lower layer's or Azure's
    default applies)."""
    keep = {k: v for k, v in prop.items() if k in ("default", "description", "title")}
    inner = {k: v for k, v in prop.items() if k not in keep}
    return {**keep, "anyOf": [inner, {"type": "null"}]}
