"""Fleet files: each member is a cluster resolved from its own preset chain, plus the
checks that only make sense across members (names, update groups, peered address plans,
Automatic members under a fleet auto-upgrade profile).

A member's layers: its `extends` chain, then the fleet's defaults (member name, fleet
location and tags), then the member's own metadata/spec.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from aks_kit.errors import SpecError

from .defaults import fleet_member_defaults
from .findings import Finding
from .loading import ChainLoader, Layer, load_user_file
from .model import ClusterDocument, FleetFile
from .resolve import Resolved, resolve_layers
from .validate import error_message
from .yamlio import LoadedYaml


@dataclass
class Member:
    name: str
    group: str
    resolved: Resolved

    @property
    def document(self) -> ClusterDocument | None:
        return self.resolved.document

    @property
    def stack(self) -> str:
        doc = self.resolved.document
        return doc.metadata.name if doc is not None else self.name


@dataclass
class ResolvedFleet:
    fleet: FleetFile
    source: str
    members: list[Member]
    findings: list[Finding]
    """Findings across members; each member's own are in its `resolved.findings`."""

    @property
    def name(self) -> str:
        return self.fleet.metadata.name

    @property
    def resource_group(self) -> str:
        return self.fleet.resource_group

    @property
    def ok(self) -> bool:
        return not any(f.level == "error" for f in self.findings) and all(
            m.resolved.ok for m in self.members
        )


def load_fleet(
    file: str, preset_dirs: Sequence[str | Path] = (), file_text: str | None = None
) -> ResolvedFleet:
    """Resolve a Fleet file (`-f`): every member, and the checks across members."""
    loaded, directory = load_user_file(file, file_text)
    return resolve_fleet(loaded, directory or Path.cwd(), preset_dirs)


def resolve_fleet(
    loaded: LoadedYaml, directory: Path, preset_dirs: Sequence[str | Path] = ()
) -> ResolvedFleet:
    data = loaded.data
    source = loaded.source
    spec = data.get("spec")
    members_raw = spec.get("members") if isinstance(spec, dict) else None
    try:
        fleet = FleetFile.model_validate(_skeleton(data))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise SpecError(f"{source}: {where}: {error_message(error)}") from None
    findings: list[Finding] = []
    seen: set[str] = set()
    loader = ChainLoader(preset_dirs)
    members: list[Member] = []
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
        for key in ("metadata", "spec"):
            if raw.get(key) is not None and not isinstance(raw[key], dict):
                raise SpecError(f"{source}: spec.members[{member.name}].{key} must be a mapping")
        layers: list[Layer] = []
        if member.extends:
            layers.extend(loader.load(member.extends, directory, label))
        defaults = fleet_member_defaults(member.name, fleet.metadata.location, fleet.metadata.tags)
        layers.append(Layer(f"fleet:{fleet.metadata.name}", "Fleet", defaults, {}))
        own = {k: raw[k] for k in ("metadata", "spec") if k in raw}
        prefix = f"spec.members[{member.name}]."
        lines = {
            key[len(prefix) :]: line for key, line in loaded.lines.items() if key.startswith(prefix)
        }
        layers.append(Layer(label, "Cluster", own, lines))
        members.append(Member(member.name, member.group, resolve_layers(layers, [], member.name)))
    resolved = ResolvedFleet(fleet, source, members, findings)
    findings.extend(cross_member_checks(resolved))
    return resolved


def cross_member_checks(fleet: ResolvedFleet) -> Iterator[Finding]:
    yield from _stack_names(fleet)
    yield from _update_groups(fleet)
    yield from _automatic_under_auto_upgrade(fleet)
    yield from _peered_address_plans(fleet)


def _finding(
    fleet: ResolvedFleet, level: str, code: str, path: str, value: Any, message: str
) -> Finding:
    return Finding(level, code, path, value, fleet.source, message)  # type: ignore[arg-type]


def _stack_names(fleet: ResolvedFleet) -> Iterator[Finding]:
    owners: dict[str, str] = {fleet.name: "the fleet's own stack"}
    for member in fleet.members:
        if member.document is None:
            continue
        other = owners.setdefault(member.stack, f"member {member.name}")
        if other != f"member {member.name}":
            yield _finding(
                fleet,
                "error",
                "member-name",
                f"spec.members[{member.name}].metadata.name",
                member.stack,
                f"{member.stack} is already taken by {other}: clusters, the fleet and their "
                "stacks need distinct names (set metadata.name)",
            )


def _update_groups(fleet: ResolvedFleet) -> Iterator[Finding]:
    strategy = fleet.fleet.spec.update_strategy
    if strategy is None:
        return
    groups = {m.group for m in fleet.members}
    staged: set[str] = set()
    for stage in strategy.stages:
        for group in stage.groups:
            staged.add(group)
            if group not in groups:
                yield _finding(
                    fleet,
                    "error",
                    "update-strategy",
                    f"spec.updateStrategy.stages[{stage.name}].groups",
                    group,
                    f"no member is in group {group!r} (groups: {', '.join(sorted(groups))})",
                )
    for member in fleet.members:
        if member.group not in staged:
            yield _finding(
                fleet,
                "warning",
                "update-strategy",
                f"spec.members[{member.name}].group",
                member.group,
                "no stage of the update strategy names this group: updates skip the member",
            )


def _automatic_under_auto_upgrade(fleet: ResolvedFleet) -> Iterator[Finding]:
    auto = fleet.fleet.spec.auto_upgrade
    if auto is None or auto.disabled:
        return
    for member in fleet.members:
        doc = member.document
        if doc is not None and doc.spec.sku == "automatic":
            yield _finding(
                fleet,
                "error",
                "auto-upgrade",
                "spec.autoUpgrade",
                auto.channel,
                f"member {member.name} runs AKS Automatic, which upgrades itself on the stable "
                "channel; a fleet auto-upgrade profile would drive it too. Choose one: remove "
                f"spec.autoUpgrade (or set disabled: true), or give {member.name} a Standard "
                "preset",
            )


def _vnet_of(doc: ClusterDocument) -> str | None:
    """The existing VNet a member's subnets live in (from their ids), if any."""
    vnet = doc.spec.network.vnet
    if vnet is None or vnet.address_space:
        return None
    for subnet in (vnet.node_subnet, vnet.api_server_subnet, vnet.pod_subnet, vnet.system_subnet):
        if subnet is not None and subnet.id and "/subnets/" in subnet.id:
            return subnet.id.split("/subnets/")[0].lower()
    return None


def _ranges(doc: ClusterDocument) -> list[tuple[str, ipaddress.IPv4Network]]:
    """What a member puts into a routed address space: its VNet, or its subnets."""
    vnet = doc.spec.network.vnet
    if vnet is None:
        return []
    if vnet.address_space:
        return [
            (f"spec.network.vnet.addressSpace[{i}]", ipaddress.IPv4Network(c))
            for i, c in enumerate(vnet.address_space)
        ]
    out = []
    for key in ("node_subnet", "api_server_subnet", "pod_subnet", "system_subnet"):
        subnet = getattr(vnet, key)
        if subnet is not None and subnet.cidr:
            path = f"spec.network.vnet.{to_camel(key)}.cidr"
            out.append((path, ipaddress.IPv4Network(subnet.cidr)))
    return out


def _peered_address_plans(fleet: ResolvedFleet) -> Iterator[Finding]:
    docs = {m.name: m.document for m in fleet.members if m.document is not None}
    pairs: set[tuple[str, str]] = set()
    for name, doc in docs.items():
        for peer in doc.spec.network.peer_with:
            if peer not in docs:
                yield _finding(
                    fleet,
                    "error",
                    "peer-with",
                    f"spec.members[{name}].spec.network.peerWith",
                    peer,
                    f"no member named {peer!r}",
                )
            elif peer == name:
                yield _finding(
                    fleet,
                    "error",
                    "peer-with",
                    f"spec.members[{name}].spec.network.peerWith",
                    peer,
                    "a member cannot peer with itself; name another member",
                )
            else:
                pairs.add((min(name, peer), max(name, peer)))
    shared: dict[str, list[str]] = {}
    for name, doc in docs.items():
        vnet = _vnet_of(doc)
        if vnet is not None:
            shared.setdefault(vnet, []).append(name)
    for names in shared.values():
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                pairs.add((min(first, second), max(first, second)))
    for first, second in sorted(pairs):
        for path_a, a in _ranges(docs[first]):
            for path_b, b in _ranges(docs[second]):
                if a.overlaps(b):
                    yield _finding(
                        fleet,
                        "error",
                        "cidr-overlap",
                        f"spec.members[{second}].{path_b}",
                        str(b),
                        f"overlaps member {first}'s {path_a} ({a}); peered or shared VNets "
                        "need disjoint address plans",
                    )


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
