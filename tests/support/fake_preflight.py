"""A preflight that asks no one: for CLI tests of `preview` and `up` that have no Azure
(the real checks are tested against the ARM-like server in tests/cloud)."""

from __future__ import annotations

from aks_kit.cloud.preflight import Report
from aks_kit.presets.model import ClusterDocument


def passing_preflight(
    docs: list[ClusterDocument], fleet: bool, subscription: str | None, cloud: str | None
) -> Report:
    return Report()
