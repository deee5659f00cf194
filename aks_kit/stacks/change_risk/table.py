"""The change table: loading and validating `table.yaml`, and classifying one changed leaf.

Each entry maps (ARM type, path pattern) to a change class, with a public source URL and
whether that source confirms it; where the class depends on the values the entry names a
decide function (decide.py, decide_moves.py). First match wins; a leaf with no entry is
`rejected`: aks-kit fails closed on what it cannot classify.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Final, cast, get_args

import yaml

from aks_kit.stacks.resource_types import GENERIC_PATH_PARAMETERS

from . import decide_moves
from .arm_paths import Path, matches, parse_path
from .decide import DECIDERS, ChangeClass, Decide, FieldContext, Source

CLUSTER: Final = "Microsoft.ContainerService/managedClusters"
POOL: Final = "Microsoft.ContainerService/managedClusters/agentPools"
POOL_PREFIXES: Final = (
    (POOL, "properties."),
    (CLUSTER, "properties.agentPoolProfiles[*]."),
)
"""Where a `type: pool` entry applies: an agentPools resource and the cluster's inline pools."""
NO_ENTRY: Final = (
    "no entry in the change table: aks-kit refuses what it cannot classify (a leaf without "
    "an entry is a gap in aks-kit, not a change Azure accepts)"
)
_CLASSES: Final = frozenset(get_args(ChangeClass))
_KEYS: Final = frozenset({"type", "path", "class", "why", "decide", "source", "confirmed", "note"})


class TableError(ValueError):
    """The change table file is malformed (a packaging or editing mistake)."""


@dataclass(frozen=True)
class FieldRule:
    """(armType, path pattern) -> (class, source). `*` matches one key, `[*]` one named list
    item, `**` the rest. `decide`, when set, picks the class from the values (None: default)."""

    arm_type: str
    pattern: str
    change_class: ChangeClass
    source: Source
    why: str
    decide: Decide | None = None

    @property
    def tokens(self) -> Path:
        return parse_path(self.pattern)

    @property
    def confirmed(self) -> bool:
        return self.source.confirmed


def _source(entry: Mapping[str, Any], where: str) -> Source:
    url, confirmed, note = entry.get("source"), entry.get("confirmed"), entry.get("note", "")
    if not isinstance(url, str) or not url.startswith("https://"):
        raise TableError(f"{where}: `source` must be a public https URL, not {url!r}")
    if not isinstance(confirmed, bool):
        raise TableError(f"{where}: `confirmed` must be true or false")
    if not isinstance(note, str):
        raise TableError(f"{where}: `note` must be text")
    return Source(url, confirmed, note)


def _entry(entry: Any, index: int) -> Iterable[FieldRule]:
    where = f"change table entry {index}"
    if not isinstance(entry, dict):
        raise TableError(f"{where}: not a mapping")
    unknown = set(entry) - _KEYS
    if unknown:
        raise TableError(f"{where}: unknown keys {sorted(unknown)}")
    arm_type, pattern, klass = entry.get("type"), entry.get("path"), entry.get("class")
    if not isinstance(arm_type, str) or not arm_type:
        raise TableError(f"{where}: `type` must be an ARM type, `*` or `pool`")
    if not isinstance(pattern, str) or not parse_path(pattern):
        raise TableError(f"{where}: `path` must be a path pattern")
    where = f"change table entry {index} ({arm_type} {pattern})"
    if klass not in _CLASSES:
        raise TableError(f"{where}: `class` must be one of {sorted(_CLASSES)}")
    why = entry.get("why", "")
    if not isinstance(why, str):
        raise TableError(f"{where}: `why` must be text")
    decide: Decide | None = None
    if "decide" in entry:
        decide = {**DECIDERS, **decide_moves.DECIDERS}.get(str(entry["decide"]))
        if decide is None:
            raise TableError(f"{where}: no decide function named {entry['decide']!r}")
    source = _source(entry, where)
    targets = POOL_PREFIXES if arm_type == "pool" else ((arm_type, ""),)
    for target, prefix in targets:
        yield FieldRule(target, prefix + pattern, cast(ChangeClass, klass), source, why, decide)


def _path_parameter_rules(section: Any) -> list[FieldRule]:
    if not isinstance(section, dict) or not isinstance(section.get("types"), dict):
        raise TableError("change table: `pathParameters` needs `types`")
    source = _source(section, "change table pathParameters")
    by_type: dict[str, list[str]] = section["types"]
    rules = [
        FieldRule(arm, key, "replacement", source, f"a new {key}")
        for arm, keys in by_type.items()
        for key in keys
    ]
    rules += [
        FieldRule("*", key, "replacement", source, f"a new {key}")
        for key in GENERIC_PATH_PARAMETERS
    ]
    return rules


def parse_table(text: str) -> tuple[FieldRule, ...]:
    """The rules of a change table file (the path parameters first), validated."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise TableError("change table: a mapping with `pathParameters` and `entries`")
    rules = _path_parameter_rules(data.get("pathParameters"))
    for index, entry in enumerate(data["entries"]):
        rules.extend(_entry(entry, index))
    return tuple(rules)


@cache
def field_classes() -> tuple[FieldRule, ...]:
    """The packaged change table."""
    return parse_table(files(__package__).joinpath("table.yaml").read_text(encoding="utf-8"))


def classify(arm_type: str, ctx: FieldContext) -> tuple[ChangeClass, Source | None, str]:
    """(class, source, why) of one changed leaf: the first matching entry, or the default
    (`in-place`, no source)."""
    for rule in field_classes():
        if rule.arm_type not in (arm_type, "*") or not matches(rule.tokens, ctx.path):
            continue
        if rule.decide is not None:
            verdict = rule.decide(ctx)
            if verdict is not None:
                return verdict.change_class, verdict.source, verdict.why
        return rule.change_class, rule.source, rule.why
    # Fail closed: a leaf aks-kit cannot classify blocks on guarded types, warns on others.
    return "rejected", None, NO_ENTRY_WHY


NO_ENTRY_WHY: Final = (
    "aks-kit has no entry for this field, so it cannot tell whether Azure accepts the change"
)
