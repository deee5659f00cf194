"""Locks: a preset's `locked:` paths hold on the final resolved spec, whatever fills them in.

Each later layer (a child preset, the user's file, `--name`, `--set`) is checked by what the
locked values *resolve to* (defaults and AKS Automatic applied) before and after it lands.
So a child that only sets `sku: automatic`, letting the Automatic rule fill in a locked
network or upgrade value, is an error naming the lock and the layer; so is a child that
goes back to `sku: base` under a lock an Automatic preset holds; restating what the lock
already holds is fine. A locked value that Automatic must change is an error as well.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .defaults import apply_defaults
from .findings import Finding
from .layering import Provenance
from .paths import Segment, lookup, parse_path


@dataclass(frozen=True)
class Lock:
    path: str
    segments: tuple[Segment, ...]
    owner: str
    """The layer that locked it (`preset:team`)."""


class LockGuard:
    """Applies layers to `data`, reporting every change to a locked resolved value."""

    def __init__(self, data: dict[str, Any], provenance: Provenance, base_name: str) -> None:
        self.data = data
        self.provenance = provenance
        self.base_name = base_name
        self.locks: list[Lock] = []
        self.findings: list[Finding] = []

    def lock(self, paths: Iterable[str], owner: str) -> None:
        self.locks.extend(Lock(path, parse_path(path), owner) for path in paths)

    def apply(self, label: str, change: Callable[[], Any]) -> None:
        """Run `change` (one layer landing); a locked value it moves is an error."""
        if not self.locks:
            change()
            return
        raw_before = [copy.deepcopy(lookup(self.data, lock.segments)) for lock in self.locks]
        before = self._resolved()
        change()
        after = self._resolved()
        for lock, old, new, raw_old in zip(self.locks, before, after, raw_before, strict=True):
            if new == old:
                continue
            origin = self.provenance.origin_of(lock.path)
            layer = origin.describe() if origin.layer == label else label
            message = f"locked by {lock.owner}; it cannot be changed below it"
            if lookup(self.data, lock.segments) == raw_old:
                sku = lookup(self.data, parse_path("spec.sku"))[1]
                message += f" (with sku: {sku}, what AKS fills in changes it)"
            self.findings.append(Finding("error", "locked", lock.path, new[1], layer, message))

    def automatic_conflicts(self, findings: Iterable[Finding]) -> list[Finding]:
        """Automatic errors on locked paths, restated as lock errors naming the lock."""
        out: list[Finding] = []
        for finding in findings:
            if finding.code != "automatic" or finding.level != "error":
                continue
            for lock in self.locks:
                if _within(finding.path, lock.path):
                    out.append(
                        Finding(
                            "error",
                            "locked",
                            finding.path,
                            finding.value,
                            finding.layer,
                            f"locked by {lock.owner}, but {finding.message}",
                        )
                    )
        return out

    def _resolved(self) -> list[tuple[bool, Any]]:
        """The locked values as the spec would resolve now (defaults, Automatic)."""
        data = copy.deepcopy(self.data)
        apply_defaults(data, copy.deepcopy(self.provenance), self.base_name)
        return [lookup(data, lock.segments) for lock in self.locks]


def _within(path: str, lock: str) -> bool:
    return path == lock or path.startswith((lock + ".", lock + "["))
