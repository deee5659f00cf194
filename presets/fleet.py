"""Fleet files: each member is a cluster resolved from its own preset chain.

A member's layers: its `extends` chain, then the fleet's defaults (member name, fleet
location and tags), then the member's own metadata/spec.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import SpecError
from .findings import Finding
from .resolve import ChainLoader, Layer, Resolved, resolve_layers
from .validate import error_message
from .yamlio import LoadedYaml


@dataclass
class ResolvedFleet:
    name: str
    location: str
    members: list[tuple[str, Resolved]]
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not any(f.level == "error" for f in self.findings) and all(
            r.ok for _, r in self.members
        )


def resolve_fleet(
    loaded: LoadedYaml, directory: Path, preset_dirs: Sequence[str | Path] = ()
) -> ResolvedFleet:
    from .model import FleetFile

    data = loaded.data
    source = loaded.source
    members_raw = (
        (data.get("spec") or {}).get("members") if isinstance(data.get("spec"), dict) else None
    )
    skeleton = _skeleton(data)
    try:
        fleet = FleetFile.model_validate(skeleton)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise SpecError(f"{source}: {where}: {error_message(error)}") from None
    findings: list[Finding] = []
    seen: set[str] = set()
    loader = ChainLoader(preset_dirs)
    members: list[tuple[str, Resolved]] = []
    for member, raw in zip(fleet.spec.members, members_raw or [], strict=True):
        label = f"{source} members[{member.name}]"
        if member.name in seen:
            findings.append(
                Finding(
                    "error",
                    "member-name",
                    f"spec.members[{member.name}].name",
                    member.name,
                    source,
                    "member names must be unique",
                )
            )
            continue
        seen.add(member.name)
        layers: list[Layer] = []
        if member.extends:
            layers.extend(loader.load(member.extends, directory, label))
        defaults: dict[str, Any] = {"name": member.name, "location": fleet.metadata.location}
        if fleet.metadata.tags:
            defaults["tags"] = dict(fleet.metadata.tags)
        layers.append(Layer(f"fleet:{fleet.metadata.name}", "Fleet", {"metadata": defaults}, {}))
        for key in ("metadata", "spec"):
            if raw.get(key) is not None and not isinstance(raw[key], dict):
                raise SpecError(f"{source}: spec.members[{member.name}].{key} must be a mapping")
        own = {k: raw[k] for k in ("metadata", "spec") if k in raw}
        prefix = f"spec.members[{member.name}]."
        lines = {
            key[len(prefix) :]: line for key, line in loaded.lines.items() if key.startswith(prefix)
        }
        layers.append(Layer(label, "Cluster", own, lines))
        members.append((member.name, resolve_layers(layers, [], member.name)))
    return ResolvedFleet(fleet.metadata.name, fleet.metadata.location, members, findings)


def _skeleton(data: dict[str, Any]) -> dict[str, Any]:
    """The fleet file without member metadata/spec, which resolve per member instead."""
    out = dict(data)
    spec = data.get("spec")
    if isinstance(spec, dict) and isinstance(spec.get("members"), list):
        out["spec"] = dict(spec)
        out["spec"]["members"] = [
            {k: v for k, v in m.items() if k not in ("metadata", "spec")}
            if isinstance(m, dict)
            else m
            for m in spec["members"]
        ]
    return out
