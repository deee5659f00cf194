"""The resolve pipeline: preset chain -> file -> flags -> `--set`, then defaults, one
validation and every rule.

Layers are merged as plain data with provenance, locks are enforced as each layer lands
(presets/locks.py: on resolved values, so Automatic cannot fill a locked value in),
defaults are filled in one step (presets/defaults.py), then the result is validated once
and the rules run. Problems with the input itself (unreadable files, cycles, malformed
`--set`) raise; rule violations become findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from aks_kit.errors import SpecError, UsageError

from .catalog import is_path_reference
from .defaults import apply_defaults
from .findings import Finding
from .layering import Provenance, merge, parse_set_path, set_value, split_assignment
from .loading import ChainLoader, Layer, layer_from_yaml, load_user_file
from .locks import LockGuard
from .model import API_VERSION, ClusterDocument
from .rules import run_rules
from .validate import validate_document
from .yamlio import parse_scalar


@dataclass
class Resolved:
    """A resolved document: the merged data, where each value came from, and findings."""

    data: dict[str, Any]
    provenance: Provenance
    findings: list[Finding]
    document: ClusterDocument | None
    layers: list[str]
    base_name: str
    files: list[Path] = field(default_factory=list)
    """Every file read to resolve it (the user's file, each preset of the chain)."""

    @property
    def ok(self) -> bool:
        return self.document is not None and not any(f.level == "error" for f in self.findings)


def resolve(
    *,
    preset: str | None = None,
    file: str | None = None,
    sets: Sequence[str] = (),
    preset_dirs: Sequence[str | Path] = (),
    name: str | None = None,
    location: str | None = None,
    file_text: str | None = None,
    preset_label: str = "--preset",
) -> Resolved:
    """Resolve a cluster from a preset and/or a file plus flags; validate once at the end.
    `preset_label` is how the user gave the preset (`--preset`, or an argument such as
    `presets show`), so a preset that is not found is named the way it was typed."""
    loader = ChainLoader(preset_dirs)
    layers: list[Layer] = []
    base_name = "cluster"
    if file is not None:
        loaded, directory = load_user_file(file, file_text)
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
            layers.extend(loader.load(preset, Path.cwd(), preset_label, option=True))
        base = user.extends or preset
        if file != "-":
            user.path = Path(file)
        layers.append(user)
        if file != "-":
            base_name = Path(file).stem
        elif base and not is_path_reference(base):
            base_name = base
    elif preset is not None:
        layers.extend(loader.load(preset, Path.cwd(), preset_label, option=True))
        base_name = preset if not is_path_reference(preset) else Path(preset).stem
    flags: list[tuple[str, Any, str]] = []
    if name is not None:
        flags.append(("metadata.name", name, "--name"))
    if location is not None:
        flags.append(("metadata.location", location, "--location"))
    for assignment in sets:
        path, raw = split_assignment(assignment)
        try:
            value = parse_scalar(raw, path)
        except SpecError as exc:
            raise UsageError(f"--set {assignment}: {exc.message}") from None
        flags.append((path, value, f"--set {path}"))
    resolved = resolve_layers(layers, flags, base_name)
    for finding in resolved.findings:
        # A key that does not exist is a mistake in the --set path, like a malformed one:
        # the same exit code (usage) whatever the kind of mistake.
        if finding.code == "unknown-key" and finding.layer.startswith("--set "):
            where = "" if finding.layer == f"--set {finding.path}" else f" ({finding.path})"
            raise UsageError(f"{finding.layer}{where}: {finding.message}")
    return resolved


def resolve_layers(
    layers: Sequence[Layer],
    flags: Sequence[tuple[str, Any, str]],
    base_name: str,
) -> Resolved:
    """Merge layers then flags (locks hold on what each resolves to), fill defaults,
    validate, run rules."""
    data: dict[str, Any] = {"apiVersion": API_VERSION, "kind": "Cluster"}
    provenance = Provenance()
    guard = LockGuard(data, provenance, base_name)
    for layer in layers:
        guard.apply(
            layer.label,
            partial(merge, data, layer.data, layer.label, provenance, layer.lines),
        )
        guard.lock(layer.locked, layer.label)
    for path, value, label in flags:
        segments = parse_set_path(path)
        guard.apply(label, partial(set_value, data, segments, value, label, provenance))

    findings = guard.findings
    filled = apply_defaults(data, provenance, base_name)
    findings.extend(filled)
    findings.extend(guard.automatic_conflicts(filled))
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
        files=[layer.path for layer in layers if layer.path is not None],
    )
