"""Rendered resources: the one canonical form between a spec, `plan` and the Pulumi program.

A reference to another resource's output is the string `${<logical name>.<output>}`
(Pulumi YAML's syntax), possibly inside a longer string; the program swaps in real Outputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .resource_types import ARM_ENVELOPE

REF = re.compile(r"\$\{([A-Za-z0-9_.-]+?)\.([A-Za-z0-9_.]+)\}")
# `deployer` is not a resource: the program reads it from azure-native's client config.
DEPLOYER = "deployer"


def drop_none(value: dict[str, Any]) -> dict[str, Any]:
    """Inputs without unset values: only what the spec sets is sent."""
    return {k: v for k, v in value.items() if v is not None}


def ref(name: str, output: str) -> str:
    return f"${{{name}.{output}}}"


@dataclass
class Rendered:
    """One resource: logical name, azure-native type token, ARM type and version, inputs."""

    name: str
    type: str
    arm_type: str
    api_version: str
    inputs: dict[str, Any]
    depends_on: list[str] = field(default_factory=list)
    protect: bool = False
    ignore_changes: list[str] = field(default_factory=list)
    comment: str = ""
    """Why the options are what they are (e.g. the drift AKS causes itself)."""

    def arm_body(self) -> dict[str, Any]:
        """For a generic resource: the ARM request body (what ARM receives in the PUT)."""
        return {k: v for k, v in self.inputs.items() if k not in ARM_ENVELOPE}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "armType": self.arm_type,
            "apiVersion": self.api_version,
            "inputs": self.inputs,
            "dependsOn": self.depends_on,
        }
        if self.protect:
            out["protect"] = True
        if self.ignore_changes:
            out["ignoreChanges"] = self.ignore_changes
        return out


def references(value: Any) -> Iterator[tuple[str, str]]:
    """Every `(name, output)` referenced anywhere inside a value, keys included."""
    if isinstance(value, str):
        for match in REF.finditer(value):
            yield match.group(1), match.group(2)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from references(key)
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)
