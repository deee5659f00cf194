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

# One member: 7 pools of Standard_D16ds_v5 (16 vCPUs): system 9 + 2 surge, user pools
# 713 + 72 surge each (10%): (11 + 6 x 785 + 785) x 16 = 88,096 vCPUs; five per region.
MEMBER_VCPUS = 88_096
REGION_VCPUS = 5 * MEMBER_VCPUS


def roomy() -> World:
    world = World()
    for region in REGIONS:
        world.region(region, vcpus=1_000_000, family_vcpus=1_000_000)
    return world


def test_fleet_with_quota_everywhere_passes(cli: Callable[..., Any], serve: Serve) -> None:
    with serve(roomy()) as server:
        result = cli("preflight", "-f", TRAIN, "-o", "json")
    assert result.exit_code == 0, result.stdout[-2000:] + result.stderr
    data = result.json()
    clusters = {c["cluster"] for c in data["checks"]}
    assert len(clusters) == 16  # 15 members and the totals
    totals = [
        c for c in data["checks"] if c["cluster"] == "all 15 members" and c["check"] == "vCPU quota"
    ]
    assert {(c["region"], c["numbers"]["needed"]) for c in totals} == {
        (r, REGION_VCPUS) for r in REGIONS
    }
    # Versions, VM sizes, compute and network usages per region; providers and clusters once.
    assert data["armCalls"] == len(server.requests) == 4 * len(REGIONS) + 2


def test_fleet_short_of_quota_in_one_region_names_family_region_needed_limit(
    cli: Callable[..., Any], serve: Serve
) -> None:
    world = roomy()
    world.set_usage("westus3", "standardDDSv5Family", 1_000, 300_000)
    with serve(world):
        result = cli("preflight", "-f", TRAIN, "-o", "json")
        table = cli("preflight", "-f", TRAIN)
    assert result.exit_code == 3
    errors = [c for c in result.json()["checks"] if c["level"] == "error"]
    [total] = errors  # each member fits on its own; the five together do not
    assert total["cluster"] == "all 15 members"
    assert total["region"] == "westus3"
    assert total["numbers"] == {"needed": REGION_VCPUS, "inUse": 1_000, "limit": 300_000}
    assert total["detail"] == (
        "Standard DDSv5 Family vCPUs (standardDDSv5Family) in westus3: "
        f"needed {REGION_VCPUS:,}, in use 1,000, limit 300,000"
    )
    assert total["fix"].startswith(
        f"request a limit of at least {REGION_VCPUS + 1_000:,} for standardDDSv5Family in westus3"
    )
    assert table.exit_code == 3
    assert "westus3" in table.stdout and "standardDDSv5Family" in table.stdout


def test_a_member_short_on_its_own_is_named(cli: Callable[..., Any], serve: Serve) -> None:
    world = roomy()
    world.set_usage("northeurope", "cores", 0, 50_000)
    with serve(world):
        result = cli("preflight", "-f", TRAIN, "-o", "json")
    assert result.exit_code == 3
    errors = [c for c in result.json()["checks"] if c["level"] == "error"]
    assert {c["cluster"] for c in errors} == {
        "neu-01",
        "neu-02",
        "neu-03",
        "neu-04",
        "neu-05",
        "all 15 members",
    }
    assert all(c["region"] == "northeurope" and "(cores)" in c["detail"] for c in errors)


def test_fleet_flags_for_one_cluster_are_refused(cli: Callable[..., Any]) -> None:
    result = cli("preflight", "-f", TRAIN, "--name", "x")
    assert result.exit_code == 2
