"""Resolving a document: defaults -> preset chain -> file -> flags -> `--set` (design §4).

Layers are merged as plain data with provenance, the Automatic rule fixes what AKS decides,
then the result is validated once and every rule runs. Problems with the input itself
(unreadable files, cycles, malformed `--set`) raise; rule violations become findings.
"""

from __future__ import annotations

import copy
import difflib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aks_kit.errors import NotFound, SpecError, UsageError

from .catalog import find_preset, is_path_reference
from .findings import Finding
from .layering import Provenance, merge, parse_set_path, set_value, split_assignment
from .model import API_VERSION, FILE_KINDS, ClusterDocument
from .paths import Segment, lookup, parse_path
from .yamlio import LoadedYaml, parse_scalar, parse_yaml, read_yaml_file

if TYPE_CHECKING:
    from .fleet import ResolvedFleet

MERGED_SECTIONS = ("metadata", "spec")


@dataclass
class Layer:
    """One document in the chain, reduced to what merges (metadata, spec) and its locks."""

    label: str
    kind: str
    data: dict[str, Any]
    lines: dict[str, int]
    extends: str | None = None
    locked: list[str] = field(default_factory=list)
    description: str | None = None
    directory: Path | None = None


@dataclass
class Resolved:
    """A resolved document: the merged data, where each value came from, and findings."""

    data: dict[str, Any]
    provenance: Provenance
    findings: list[Finding]
    document: ClusterDocument | None
    layers: list[str]
    base_name: str

    @property
    def ok(self) -> bool:
        return self.document is not None and not any(f.level == "error" for f in self.findings)


def layer_from_yaml(loaded: LoadedYaml, label: str, directory: Path | None) -> Layer:
    """Check a file's top level (apiVersion, kind, known keys) and reduce it to a Layer."""
    data = loaded.data
    source = loaded.source
    version = data.get("apiVersion")
    if version != API_VERSION:
        shown = "missing" if version is None else repr(version)
        raise SpecError(f"{source}: apiVersion is {shown}; expected {API_VERSION!r}")
    kind = data.get("kind")
    if kind not in FILE_KINDS:
        raise SpecError(f"{source}: kind is {kind!r}; expected one of {', '.join(FILE_KINDS)}")
    model = FILE_KINDS[kind]
    allowed = [f.alias or name for name, f in model.model_fields.items()]
    for key in data:
        if key not in allowed:
            raise SpecError(f"{source}: {key}: {unknown_key_message(key, allowed)}")
    extends = data.get("extends")
    if extends is not None and not (isinstance(extends, str) and extends.strip()):
        raise SpecError(f"{source}: extends must be a preset name or a path, not {extends!r}")
    locked = data.get("locked", [])
    if not isinstance(locked, list) or not all(isinstance(p, str) for p in locked):
        raise SpecError(f"{source}: locked must be a list of paths")
    for path in locked:
        try:
            parse_path(path)
        except SpecError as exc:
            raise SpecError(f"{source}: locked: {exc.message}") from None
    for section in MERGED_SECTIONS:
        if section in data and not isinstance(data[section], dict):
            raise SpecError(f"{source}: {section} must be a mapping")
    description = data.get("description")
    return Layer(
        label=label,
        kind=kind,
        data={k: data[k] for k in MERGED_SECTIONS if k in data},
        lines=loaded.lines,
        extends=extends,
        locked=list(locked),
        description=description if isinstance(description, str) else None,
        directory=directory,
    )


def unknown_key_message(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
    if not close:
        lowered = {a.lower(): a for a in allowed}
        if key.lower() in lowered:
            close = [lowered[key.lower()]]
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    shown = ", ".join(list(allowed)[:12]) + (", ..." if len(allowed) > 12 else "")
    return f"unknown key; valid keys here: {shown} (aks-kit presets schema lists all)"


class ChainLoader:
    """Loads a preset chain root-first, refusing cycles and naming the path around them."""

    def __init__(self, preset_dirs: Sequence[str | Path]) -> None:
        self.preset_dirs = preset_dirs

    def load(self, ref: str, directory: Path | None, referrer: str) -> list[Layer]:
        return self._load(ref, directory, referrer, [], [])

    def _load(
        self,
        ref: str,
        directory: Path | None,
        referrer: str,
        seen: list[Path],
        labels: list[str],
    ) -> list[Layer]:
        if is_path_reference(ref):
            path = (directory or Path.cwd()) / ref
            try:
                found = path.is_file()
            except OSError:
                found = False
            if not found:
                raise NotFound(f"{referrer}: extends {ref!r}: file not found")
            path = path.resolve()
        else:
            try:
                path = find_preset(ref, self.preset_dirs).path.resolve()
            except NotFound as exc:
                raise NotFound(f"{referrer}: extends: {exc.message}") from None
        label = f"preset:{ref}"
        if path in seen:
            cycle = " -> ".join([*labels, label])
            raise SpecError(f"extends cycle: {cycle}")
        layer = layer_from_yaml(read_yaml_file(path, ref), label, path.parent)
        if layer.kind == "Fleet":
            raise SpecError(f"{referrer}: extends {ref!r}: a Fleet cannot be extended")
        parents: list[Layer] = []
        if layer.extends:
            parents = self._load(layer.extends, path.parent, label, [*seen, path], [*labels, label])
        return [*parents, layer]


def load_user_file(file: str, stdin_text: str | None = None) -> tuple[LoadedYaml, Path | None]:
    """`-f FILE`, or `-f -` for stdin; returns the parsed file and its directory."""
    if file == "-":
        text = stdin_text if stdin_text is not None else sys.stdin.read()
        return parse_yaml(text, "-f -"), Path.cwd()
    path = Path(file)
    return read_yaml_file(path, f"-f {file}"), path.resolve().parent


def resolve(
    *,
    preset: str | None = None,
    file: str | None = None,
    sets: Sequence[str] = (),
    preset_dirs: Sequence[str | Path] = (),
    name: str | None = None,
    location: str | None = None,
    stdin_text: str | None = None,
) -> Resolved:
    """Resolve a cluster from a preset and/or a file plus flags; validate once at the end."""
    loader = ChainLoader(preset_dirs)
    layers: list[Layer] = []
    base_name = "cluster"
    if file is not None:
        loaded, directory = load_user_file(file, stdin_text)
        user = layer_from_yaml(loaded, loaded.source, directory)
        if user.kind == "Fleet":
            raise UsageError(
                f"{loaded.source} is a Fleet: plan, capacity, preview, up and destroy take it "
                "whole; for one of its stacks use --stack NAME"
            )
        if user.extends and preset:
            raise UsageError(
                f"{loaded.source} extends {user.extends!r} and --preset {preset!r} was given: "
                "use one of them"
            )
        if user.extends:
            layers.extend(loader.load(user.extends, directory, loaded.source))
        elif preset:
            layers.extend(loader.load(preset, Path.cwd(), "--preset"))
        base = user.extends or preset
        layers.append(user)
        if file != "-":
            base_name = Path(file).stem
        elif base and not is_path_reference(base):
            base_name = base
    elif preset is not None:
        layers.extend(loader.load(preset, Path.cwd(), "--preset"))
        base_name = preset if not is_path_reference(preset) else Path(preset).stem
    flags: list[tuple[str, Any, str]] = []
    if name is not None:
        flags.append(("metadata.name", name, "--name"))
    if location is not None:
        flags.append(("metadata.location", location, "--location"))
    for assignment in sets:
        path, raw = split_assignment(assignment)
        try:
            value = parse_scalar(raw)
        except SpecError as exc:
            raise UsageError(f"--set {assignment}: {exc.message}") from None
        flags.append((path, value, f"--set {path}"))
    return resolve_layers(layers, flags, base_name)


def resolve_layers(
    layers: Sequence[Layer],
    flags: Sequence[tuple[str, Any, str]],
    base_name: str,
) -> Resolved:
    """Merge layers then flags, enforce locks, apply Automatic, validate, run rules."""
    from .rules import run_rules
    from .rules.automatic import apply_automatic
    from .validate import validate_document

    data: dict[str, Any] = {"apiVersion": API_VERSION, "kind": "Cluster"}
    provenance = Provenance()
    findings: list[Finding] = []
    locks: list[tuple[str, tuple[Segment, ...], str]] = []

    def guarded(label: str, apply: Any) -> None:
        before = [copy.deepcopy(lookup(data, segs)) for _, segs, _ in locks]
        apply()
        for (path, segs, owner), old in zip(locks, before, strict=True):
            new = lookup(data, segs)
            if new != old:
                origin = provenance.origin_of(path)
                findings.append(
                    Finding(
                        "error",
                        "locked",
                        path,
                        new[1],
                        origin.describe() if origin.layer == label else label,
                        f"locked by {owner}; it cannot be changed below it",
                    )
                )

    for layer in layers:
        guarded(
            layer.label,
            lambda layer=layer: merge(data, layer.data, layer.label, provenance, layer.lines),
        )
        for path in layer.locked:
            locks.append((path, parse_path(path), layer.label))
    for path, value, label in flags:
        segments = parse_set_path(path)
        guarded(
            label, lambda s=segments, v=value, lab=label: set_value(data, s, v, lab, provenance)
        )

    metadata = data.setdefault("metadata", {})
    if isinstance(metadata, dict):
        if "name" not in metadata:
            metadata["name"] = f"aks-{base_name}"
        if "resourceGroup" not in metadata and isinstance(metadata["name"], str):
            metadata["resourceGroup"] = f"rg-{metadata['name']}"
    findings.extend(apply_automatic(data, provenance))
    document, problems = validate_document(data, provenance)
    findings.extend(problems)
    if document is not None:
        findings.extend(run_rules(document, provenance))
    return Resolved(
        data=data,
        provenance=provenance,
        findings=findings,
        document=document,
        layers=[layer.label for layer in layers] + [label for _, _, label in flags],
        base_name=base_name,
    )


def sources(resolved: Resolved) -> list[tuple[str, Any, str]]:
    """Every leaf value of the resolved document with the layer that set it."""
    if resolved.document is None:
        return []
    rows: list[tuple[str, Any, str]] = []
    _walk(resolved.document.dump(), "", resolved, rows)
    return rows


def _walk(node: Any, path: str, resolved: Resolved, rows: list[tuple[str, Any, str]]) -> None:
    if isinstance(node, dict) and node:
        for key, value in node.items():
            _walk(value, f"{path}.{key}" if path else key, resolved, rows)
    elif isinstance(node, list) and node and all(isinstance(i, dict) for i in node):
        for index, item in enumerate(node):
            name = item.get("name")
            _walk(
                item,
                f"{path}[{name}]" if isinstance(name, str) else f"{path}[{index}]",
                resolved,
                rows,
            )
    else:
        if path in ("apiVersion", "kind"):
            return
        origin = resolved.provenance.explicit(path)
        rows.append((path, node, origin.layer if origin else "default"))


def file_kind(file: str, stdin_text: str | None = None) -> str | None:
    """The `kind` of a user file (`-f`), to route Fleets to the fleet commands."""
    loaded, _ = load_user_file(file, stdin_text)
    kind = loaded.data.get("kind")
    return kind if isinstance(kind, str) else None


def load_fleet(
    file: str, preset_dirs: Sequence[str | Path] = (), stdin_text: str | None = None
) -> ResolvedFleet:
    """Resolve a Fleet file (`-f`): every member, and the checks across members."""
    from .fleet import resolve_fleet

    loaded, directory = load_user_file(file, stdin_text)
    return resolve_fleet(loaded, directory or Path.cwd(), preset_dirs)
