"""The two plan documents of `plan --against`, read as resources matched by (stack, name).

A cluster plan has one stack, named after its cluster; its resources carry no `stack`. When
metadata.name changes between the plans, the old resources are renamed so they still match.
A fleet plan's resources each carry their member's stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, cast

from aks_kit.presets.model import API_VERSION


@dataclass
class PlanResource:
    """One resource of a plan document, in its stack."""

    stack: str
    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    @property
    def arm_type(self) -> str:
        return str(self.data.get("armType", ""))

    @property
    def type(self) -> str:
        return str(self.data.get("type", ""))

    @property
    def inputs(self) -> Mapping[str, Any]:
        value = self.data.get("inputs")
        return value if isinstance(value, dict) else {}


@dataclass
class Side:
    """One plan: its name and its resources by (stack, logical name)."""

    name: str
    resources: dict[tuple[str, str], PlanResource] = field(default_factory=dict)


PLAN_KINDS: Final = ("Cluster", "Fleet")


def _plan_resources(doc: Mapping[str, Any], what: str) -> list[Mapping[str, Any]]:
    """The resources of a plan document; anything that is not an aks-kit plan is refused, so
    `{}` never reads as an empty plan (which would make every resource a creation)."""
    if (
        not isinstance(doc, Mapping)
        or doc.get("apiVersion") != API_VERSION
        or doc.get("kind") not in PLAN_KINDS
        or "resources" not in doc
    ):
        raise ValueError(
            f"the {what} plan is not an aks-kit plan (`aks-kit plan -o json`: apiVersion "
            f"{API_VERSION}, kind Cluster or Fleet, and its resources)"
        )
    resources = doc.get("resources", [])
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        raise ValueError(f"the {what} plan's `resources` is not a list of resources")
    return cast(list[Mapping[str, Any]], resources)


def _doc_name(doc: Mapping[str, Any]) -> str:
    meta = doc.get("metadata")
    return str(meta.get("name", "")) if isinstance(meta, dict) else ""


def sides(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[Side, Side, bool, dict[str, str]]:
    """(old side, new side, whether both are cluster plans, old name -> new name)."""
    old_list, new_list = _plan_resources(old, "old"), _plan_resources(new, "new")
    old_name, new_name = _doc_name(old), _doc_name(new)
    single = not any("stack" in r for r in (*old_list, *new_list))
    label = new_name or old_name or "cluster"
    renames: dict[str, str] = {}
    if single and old_name and new_name and old_name != new_name:
        for r in old_list:
            name = str(r.get("name", ""))
            if name == old_name or name.startswith(old_name + "-"):
                renames[name] = new_name + name[len(old_name) :]
    old_side, new_side = Side(old_name), Side(new_name)
    for side, items, fallback in ((old_side, old_list, old_name), (new_side, new_list, new_name)):
        for data in items:
            stack = label if single else str(data.get("stack") or fallback or label)
            name = str(data.get("name", ""))
            if side is old_side:
                name = renames.get(name, name)
            side.resources[(stack, name)] = PlanResource(stack, data)
    return old_side, new_side, single, renames


def scopes(
    old: Mapping[str, Any], new: Mapping[str, Any], single: bool, label: str
) -> dict[str, str]:
    """Stack -> the spec path prefix of its cluster (see `spec_path`)."""
    if single:
        return {label or "cluster": ""}
    scopes: dict[str, str] = {}
    for doc in (old, new):
        for member in doc.get("members") or []:
            if isinstance(member, dict) and member.get("stack") and member.get("name"):
                scopes[str(member["stack"])] = f"spec.members[{member['name']}]."
    return scopes
