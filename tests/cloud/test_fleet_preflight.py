"""Preflight of the 75,000-node fleet: every member's checks, totals per region, and a
fixed number of ARM reads however many pools and members there are."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from arm_server import ArmServer
from arm_world import World

Serve = Callable[[World], AbstractContextManager[ArmServer]]

REPO = Path(__file__).resolve().parents[2]
TRAIN = str(REPO / "examples" / "fleets" / "train-75k.yaml")
REGIONS = ("eastus2", "westus3", "northeurope")
FAMILY = "standardDDSv5Family"


def roomy() -> World:
    world = World()
    for region in REGIONS:
        world.region(region, vcpus=2_000_000, family_vcpus=2_000_000)
    return world


def members_per_region() -> dict[str, list[str]]:
    from aks_kit.presets.fleet import load_fleet

    out: dict[str, list[str]] = {}
    for member in load_fleet(TRAIN).members:
        assert member.document is not None
        out.setdefault(member.document.metadata.location, []).append(member.name)
    return out


def family_needs(checks: list[dict[str, Any]]) -> dict[str, int]:
    """What each member (and each region's total) needs of the family's vCPUs."""
    return {
        f"{c['cluster']}@{c['region']}": c["numbers"]["needed"]
        for c in checks
        if c["check"] == "vCPU quota" and f"({FAMILY})" in c["detail"]
    }


def test_fleet_with_quota_everywhere_passes(cli: Callable[..., Any], serve: Serve) -> None:
    regions = members_per_region()
    members = sum(len(names) for names in regions.values())
    with serve(roomy()) as server:
        result = cli("preflight", "-f", TRAIN, "-o", "json")
    assert result.exit_code == 0, result.stdout[-2000:] + result.stderr
    data = result.json()
    assert len({c["cluster"] for c in data["checks"]}) == members + 1  # and the totals
    needs = family_needs(data["checks"])
    for region, names in regions.items():
        total = needs[f"all {members} members@{region}"]
        assert total == sum(needs[f"{name}@{region}"] for name in names) > 0
    # Versions, VM sizes, compute and network usages per region; providers and clusters once.
    assert data["armCalls"] == len(server.requests) == 4 * len(REGIONS) + 2


def test_fleet_short_of_quota_in_one_region_names_family_region_needed_limit(
    cli: Callable[..., Any], serve: Serve
) -> None:
    world = roomy()
    world.set_usage("westus3", FAMILY, 1_000, 300_000)
    with serve(world):
        result = cli("preflight", "-f", TRAIN, "-o", "json")
        table = cli("preflight", "-f", TRAIN)
    assert result.exit_code == 3
    checks = result.json()["checks"]
    errors = [c for c in checks if c["level"] == "error"]
    [total] = errors  # each member fits on its own; the members in westus3 together do not
    names = members_per_region()["westus3"]
    needs = family_needs(checks)
    needed = sum(needs[f"{name}@westus3"] for name in names)
    assert total["cluster"].startswith("all ") and total["region"] == "westus3"
    assert total["numbers"] == {"needed": needed, "inUse": 1_000, "limit": 300_000}
    assert total["detail"] == (
        f"Standard DDSv5 Family vCPUs ({FAMILY}) in westus3: "
        f"needed {needed:,}, in use 1,000, limit 300,000"
    )
    assert total["fix"].startswith(
        f"request a limit of at least {needed + 1_000:,} for {FAMILY} in westus3"
    )
    assert table.exit_code == 3
    assert "westus3" in table.stdout and FAMILY in table.stdout


def test_a_member_short_on_its_own_is_named(cli: Callable[..., Any], serve: Serve) -> None:
    world = roomy()
    world.set_usage("northeurope", "cores", 0, 50_000)
    with serve(world):
        result = cli("preflight", "-f", TRAIN, "-o", "json")
    assert result.exit_code == 3
    errors = [c for c in result.json()["checks"] if c["level"] == "error"]
    members = {c["cluster"] for c in errors if not c["cluster"].startswith("all ")}
    assert members == set(members_per_region()["northeurope"])
    assert all(c["region"] == "northeurope" and "(cores)" in c["detail"] for c in errors)


def test_fleet_flags_for_one_cluster_are_refused(cli: Callable[..., Any]) -> None:
    result = cli("preflight", "-f", TRAIN, "--name", "x")
    assert result.exit_code == 2
