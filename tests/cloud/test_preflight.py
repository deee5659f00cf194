"""`aks-kit preflight`: each check passes against a subscription that has what the spec
needs and fails, with its fix, against one that lacks it (real SDK clients, local ARM)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from arm_server import ArmServer, Route
from arm_world import SUB, World, cluster_body, location_restriction, zone_restriction

from aks_kit.cloud import preflight
from aks_kit.cloud.regional import RegionalFacts
from aks_kit.cloud.session import connect
from aks_kit.presets.resolve import resolve

Serve = Callable[[World], AbstractContextManager[ArmServer]]


def checks_of(result: Any, check: str) -> list[dict[str, Any]]:
    return [c for c in result.json()["checks"] if c["check"] == check]


def run(cli: Callable[..., Any], *args: str) -> Any:
    return cli("preflight", *args, "-o", "json")


def test_standard_preset_passes_every_check(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(world) as server:
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["ok"] is True and data["errors"] == 0
    kinds = {c["check"] for c in data["checks"]}
    assert kinds == {
        "kubernetes version",
        "vm size",
        "resource providers",
        "vCPU quota",
        "NAT gateway quota",
        "public IP quota",
    }
    assert all(c["level"] == "ok" for c in data["checks"])
    # system: 3 nodes + 1 surge x 4 vCPUs; user: 20 max + 33% surge (7) x 8 vCPUs
    family = next(
        c
        for c in data["checks"]
        if c["check"] == "vCPU quota" and "standardDDSv5Family" in c["detail"]
    )
    assert family["numbers"] == {"needed": 232, "inUse": 0, "limit": 100_000}
    assert data["armCalls"] == len(server.requests) == 6


# --------------------------------------------------------------------------- versions


@pytest.mark.parametrize(
    ("sets", "level", "text"),
    [
        ([], "ok", "the region's default, 1.34"),
        (["spec.kubernetesVersion='1.33'"], "ok", "spec.kubernetesVersion 1.33 is offered"),
        (["spec.kubernetesVersion='1.32.7'"], "ok", "spec.kubernetesVersion 1.32.7 is offered"),
        (
            ["spec.kubernetesVersion='1.30'"],
            "error",
            "spec.kubernetesVersion 1.30 is not offered (offers 1.29, 1.32, 1.33, 1.34)",
        ),
        (["spec.kubernetesVersion='1.33.9'"], "error", "patch not offered (offers 1.33.3)"),
        (
            ["spec.kubernetesVersion='1.35'"],
            "warning",
            "spec.kubernetesVersion 1.35 is a preview version",
        ),
        (["spec.kubernetesVersion='1.29'"], "error", "is offered only with long-term support"),
        (
            [
                "spec.kubernetesVersion='1.32'",
                "spec.supportPlan=AKSLongTermSupport",
                "spec.tier=premium",
            ],
            "ok",
            "spec.kubernetesVersion 1.32 is offered",
        ),
        (
            [
                "spec.kubernetesVersion='1.33'",
                "spec.supportPlan=AKSLongTermSupport",
                "spec.tier=premium",
            ],
            "error",
            "spec.kubernetesVersion 1.33 has no long-term support here",
        ),
    ],
)
def test_kubernetes_version(
    cli: Callable[..., Any], serve: Serve, world: World, sets: list[str], level: str, text: str
) -> None:
    args = [a for s in sets for a in ("--set", s)]
    with serve(world):
        result = run(cli, "--preset", "standard", *args)
    [check] = checks_of(result, "kubernetes version")
    assert check["level"] == level, check
    assert text in check["detail"]
    assert result.exit_code == (3 if level == "error" else 0)
    if level == "error":
        assert check["fix"]


def test_lts_needs_premium_tier(serve: Serve, world: World) -> None:
    # The offline rules refuse this spec already; preflight says the same on its own.
    doc = resolve(preset="standard", sets=["spec.kubernetesVersion='1.32'"]).document
    assert doc is not None
    doc.spec.support_plan = "AKSLongTermSupport"
    with serve(world), connect() as session:
        checks = list(preflight.version_checks(doc, RegionalFacts(session)))
    tier = [c for c in checks if "premium tier" in c.detail]
    assert tier and tier[0].level == "error" and "spec.tier: premium" in tier[0].fix


def test_pool_version_is_checked_too(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    with serve(world):
        result = run(
            cli, "--preset", "standard", "--set", "spec.nodePools[user].kubernetesVersion='1.31'"
        )
    assert result.exit_code == 3
    failing = [c for c in checks_of(result, "kubernetes version") if c["level"] == "error"]
    assert "spec.nodePools[user].kubernetesVersion 1.31 is not offered" in failing[0]["detail"]


# --------------------------------------------------------------------------- VM sizes and zones


def test_vm_size_not_offered_in_region(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.drop_sku("eastus2", "Standard_D8ds_v5")
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "vm size") if c["level"] == "error"]
    assert bad["detail"] == "pool user: Standard_D8ds_v5 is not offered in eastus2"
    assert "az vm list-skus -l eastus2" in bad["fix"]


def test_vm_size_restricted_for_the_subscription(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    world.set_sku("eastus2", "Standard_D8ds_v5", ["1", "2", "3"], [location_restriction("eastus2")])
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "vm size") if c["level"] == "error"]
    assert (
        "not available to this subscription in eastus2 (NotAvailableForSubscription)"
        in bad["detail"]
    )


def test_vm_size_not_offered_in_a_zone(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_sku("eastus2", "Standard_D4ds_v5", ["1", "2"], [])
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "vm size") if c["level"] == "error"]
    assert (
        "pool system: Standard_D4ds_v5 is not offered in zone(s) 3 of eastus2 (zones: 1, 2)"
        in bad["detail"]
    )


def test_vm_size_restricted_in_a_zone(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_sku(
        "eastus2", "Standard_D8ds_v5", ["1", "2", "3"], [zone_restriction("eastus2", ["2"])]
    )
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "vm size") if c["level"] == "error"]
    assert "restricted for this subscription in zone(s) 2 of eastus2" in bad["detail"]


def test_zone_restriction_does_not_matter_without_zones(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    world.set_sku(
        "eastus2", "Standard_D8ds_v5", ["1", "2", "3"], [zone_restriction("eastus2", ["2"])]
    )
    with serve(world):
        result = run(cli, "--preset", "standard", "--set", "spec.nodePools[user].zones=[]")
    assert result.exit_code == 0, result.stdout


# --------------------------------------------------------------------------- quota


def test_family_vcpu_quota_short(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_usage("eastus2", "standardDDSv5Family", 40, 200)
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "vCPU quota") if c["level"] == "error"]
    assert bad["numbers"] == {"needed": 232, "inUse": 40, "limit": 200}
    assert bad["detail"] == (
        "Standard DDSv5 Family vCPUs (standardDDSv5Family) in eastus2: needed 232, in use 40, limit 200"
    )
    assert "request a limit of at least 272 for standardDDSv5Family in eastus2" in bad["fix"]


def test_regional_vcpu_quota_short(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_usage("eastus2", "cores", 10, 100)
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "vCPU quota") if c["level"] == "error"]
    assert (
        bad["detail"] == "Total Regional vCPUs (cores) in eastus2: needed 232, in use 10, limit 100"
    )


def test_an_existing_cluster_keeps_its_own_vcpus(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    # The cluster already runs 3 x 4 + 5 x 8 = 52 vCPUs of the 60 in use: an update fits.
    world.set_usage("eastus2", "standardDDSv5Family", 60, 250)
    world.set_usage("eastus2", "cores", 60, 250)
    world.clusters[("rg-aks-standard", "aks-standard")] = cluster_body(
        "aks-standard", "rg-aks-standard", "eastus2"
    )
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 0, result.stdout
    family = next(
        c for c in checks_of(result, "vCPU quota") if "standardDDSv5Family" in c["detail"]
    )
    assert family["numbers"] == {"needed": 232, "inUse": 8, "limit": 250}


def test_spot_pools_use_the_spot_quota(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_usage("eastus2", "lowPriorityCores", 0, 100)
    with serve(world):
        result = run(
            cli,
            "--preset",
            "standard",
            "--set",
            "spec.nodePools[user].spot=true",
            "--set",
            "spec.nodePools[user].maxSurge=null",
        )
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "vCPU quota") if c["level"] == "error"]
    assert bad["detail"].startswith(
        # 20 nodes x 8 vCPUs: Spot pools are upgraded without surge nodes
        "Total Regional Low-priority vCPUs (lowPriorityCores) in eastus2: needed 160"
    )
    family = next(
        c for c in checks_of(result, "vCPU quota") if "standardDDSv5Family" in c["detail"]
    )
    assert family["numbers"]["needed"] == 16  # only the system pool


def test_public_ip_quota_short(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_usage("eastus2", "PublicIPAddresses", 10, 11, network=True)
    with serve(world):
        result = run(cli, "--preset", "standard", "--set", "spec.network.natGateway.outboundIPs=4")
    assert result.exit_code == 3
    [bad] = [c for c in checks_of(result, "public IP quota") if c["level"] == "error"]
    assert bad["numbers"] == {"needed": 4, "inUse": 10, "limit": 11}
    assert "networking-quota-requests" in bad["fix"]


def test_nat_gateway_quota_short(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_usage("eastus2", "NatGateways", 5, 5, network=True)
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = checks_of(result, "NAT gateway quota")
    assert bad["level"] == "error" and bad["numbers"] == {"needed": 1, "inUse": 5, "limit": 5}


def test_load_balancer_egress_counts_its_outbound_ips(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(world):
        result = run(
            cli,
            "--preset",
            "standard",
            "--set",
            "spec.network.outboundType=loadBalancer",
            "--set",
            "spec.network.natGateway=null",
            "--set",
            "spec.network.loadBalancer.outboundIPs=3",
        )
    assert result.exit_code == 0, result.stdout + result.stderr
    ips = checks_of(result, "public IP quota")
    assert ips and all(c["numbers"]["needed"] == 3 for c in ips)
    assert checks_of(result, "NAT gateway quota") == []


# --------------------------------------------------------------------------- providers, features


def test_unregistered_provider(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.providers["Microsoft.Monitor"] = "NotRegistered"
    with serve(world):
        result = run(cli, "--preset", "standard")
    assert result.exit_code == 3
    [bad] = checks_of(result, "resource providers")
    assert bad["detail"] == "Microsoft.Monitor is NotRegistered"
    assert bad["fix"].startswith("`az provider register --namespace Microsoft.Monitor`")


def test_automatic_and_azure_policy_need_policy_insights(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    world.providers["Microsoft.PolicyInsights"] = "NotRegistered"
    with serve(world):
        standard = run(cli, "--preset", "standard", "--set", "spec.security.azurePolicy=false")
        policy = run(cli, "--preset", "standard")
        automatic = run(cli, "--preset", "automatic")
    assert standard.exit_code == 0
    assert policy.exit_code == 3
    assert automatic.exit_code == 3
    [bad] = checks_of(automatic, "resource providers")
    assert bad["detail"] == "Microsoft.PolicyInsights is NotRegistered"


def test_automatic_node_autoprovisioning_is_a_warning(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(world):
        result = run(cli, "--preset", "automatic")
    assert result.exit_code == 0, result.stdout
    warnings = [c for c in checks_of(result, "vm size") if c["level"] == "warning"]
    assert "node auto-provisioning picks VM sizes itself" in warnings[0]["detail"]


GATEWAY_SPEC = """\
apiVersion: aks-kit/v1
kind: Cluster
extends: standard
metadata: {name: egress}
spec:
  nodePools:
    - {name: system, mode: system, vmSize: Standard_D4ds_v5, count: 3, zones: ["1", "2", "3"]}
    - {name: egress, mode: gateway, vmSize: Standard_D4ds_v5, count: 2}
"""


@pytest.mark.parametrize(
    ("state", "code", "level"), [("Registered", 0, "ok"), ("NotRegistered", 3, "error")]
)
def test_preview_feature_registration(
    cli: Callable[..., Any],
    serve: Serve,
    world: World,
    write: Callable[[str, str], Path],
    state: str,
    code: int,
    level: str,
) -> None:
    spec = write("egress.yaml", GATEWAY_SPEC)
    world.features["Microsoft.ContainerService/StaticEgressGatewayPreview"] = state
    with serve(world) as server:
        result = run(cli, "-f", str(spec))
    [feature] = checks_of(result, "preview feature")
    assert feature["level"] == level, result.stdout + result.stderr
    assert feature["detail"].startswith(
        f"Microsoft.ContainerService/StaticEgressGatewayPreview (gateway node pools (static egress gateway)) is {state}"
    )
    assert result.exit_code == code
    assert server.calls("/features/StaticEgressGatewayPreview") == 1
    if level == "error":
        assert (
            "az feature register --namespace Microsoft.ContainerService --name StaticEgressGatewayPreview"
            in feature["fix"]
        )


def test_unknown_feature_is_not_registered(
    cli: Callable[..., Any], serve: Serve, world: World, write: Callable[[str, str], Path]
) -> None:
    spec = write("egress.yaml", GATEWAY_SPEC)
    with serve(world):  # the feature's GET answers 404
        result = run(cli, "-f", str(spec))
    [feature] = checks_of(result, "preview feature")
    assert feature["level"] == "error" and feature["detail"].endswith("is NotFound")


def test_preflight_403_names_the_permission(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    world.extra[f"/subscriptions/{SUB}/providers/Microsoft.Compute/locations/eastus2/usages"] = (
        Route(
            403,
            {
                "error": {
                    "code": "AuthorizationFailed",
                    "message": "The client 'x' does not have authorization to perform action 'Microsoft.Compute/locations/usages/read' over scope '/subscriptions/x'.",
                }
            },
        )
    )
    with serve(world):
        result = cli("preflight", "--preset", "standard")
    assert result.exit_code == 5
    assert "missing permission Microsoft.Compute/locations/usages/read" in result.stderr


def test_invalid_spec_exits_3_before_asking_azure(
    cli: Callable[..., Any], serve: Serve, world: World
) -> None:
    with serve(world) as server:
        result = cli(
            "preflight", "--preset", "standard", "--set", "spec.supportPlan=AKSLongTermSupport"
        )
    assert result.exit_code == 3
    assert server.requests == []


def test_table_output_and_summary(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_usage("eastus2", "standardDDSv5Family", 0, 10)
    with serve(world):
        result = cli("preflight", "--preset", "standard")
    assert result.exit_code == 3
    assert result.stdout.split()[:6] == ["CLUSTER", "REGION", "CHECK", "STATUS", "DETAIL", "FIX"]
    assert "error" in result.stdout
    assert "9 checks, 1 error(s), 6 ARM calls in" in result.stderr


def test_needs_a_spec(cli: Callable[..., Any]) -> None:
    result = cli("preflight")
    assert result.exit_code == 2


def test_load_balancer_quota_short(cli: Callable[..., Any], serve: Serve, world: World) -> None:
    world.set_usage("eastus2", "LoadBalancers", 1000, 1000, network=True)
    with serve(world):
        result = run(
            cli,
            "--preset",
            "standard",
            "--set",
            "spec.network.outboundType=loadBalancer",
            "--set",
            "spec.network.natGateway=null",
        )
    assert result.exit_code == 3
    [bad] = checks_of(result, "load balancer quota")
    assert bad["level"] == "error" and bad["numbers"] == {"needed": 1, "inUse": 1000, "limit": 1000}
