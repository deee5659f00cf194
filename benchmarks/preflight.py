"""How many ARM calls `aks-kit preflight` makes, and how long it takes, as fleets grow.

Runs the real Azure SDK clients against the local ARM-like test server (no Azure, no
credentials) for a standard-large cluster and for the 75,000-node training fleet rebuilt with 3,
6, 9 and 17 members of its member preset, and as it ships. Reads are cached per region and
subscription, so the count depends on the regions, not on members or pools. Every answer
waits --latency-ms to stand in for ARM.

    python benchmarks/preflight.py [--latency-ms 50] [--members 3,6,9,17]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "support"))

from arm_server import StaticToken, arm_server  # noqa: E402
from arm_world import SUB, World  # noqa: E402

TRAIN = REPO / "examples" / "fleets" / "train-75k.yaml"
REGIONS = ("eastus2", "westus3", "northeurope")


class Token:
    def get_token(self, *scopes: str, **kwargs: object) -> object:
        from azure.core.credentials import AccessToken

        return AccessToken("benchmark", int(time.time()) + 3600)


def fleet_file(members: int, directory: Path) -> Path:
    """train-75k.yaml with `members` members spread over its three regions (at least 3, so
    every update group of its strategy keeps a member)."""
    head = TRAIN.read_text(encoding="utf-8").split("  members:")[0]
    head = head.replace("./presets/", f"{TRAIN.parent}/presets/")
    rows = []
    for index in range(max(members, 3)):
        region = REGIONS[index % len(REGIONS)]
        group = ("canary", "wave1", "wave2")[index] if index < 3 else "wave1"
        rows.append(
            f"    - {{name: m{index:02d}, extends: {TRAIN.parent}/presets/train-member.yaml, "
            f"group: {group}, metadata: {{location: {region}}}}}"
        )
    path = directory / f"train-{members}.yaml"
    path.write_text(head + "  members:\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--members", default="3,6,9,17")
    args = parser.parse_args()

    # The Azure SDK's modules take a second or more to import: once, before any timing.
    import azure.identity
    import azure.mgmt.compute
    import azure.mgmt.containerservice
    import azure.mgmt.network
    import azure.mgmt.resource.features
    import azure.mgmt.resource.resources  # noqa: F401
    from typer.testing import CliRunner

    from aks_kit.cli.main import app
    from aks_kit.cloud import session

    world = World()
    for region in REGIONS:
        world.region(region, vcpus=2_000_000, family_vcpus=2_000_000)
    world.set_usage("westus3", "standardDDSv5Family", 1_000, 300_000)  # short in one region
    os.environ["AZURE_SUBSCRIPTION_ID"] = SUB
    runs: list[tuple[str, list[str]]] = [
        ("standard-large (1 cluster)", ["--preset", "standard-large"])
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for count in (int(m) for m in args.members.split(",")):
            path = fleet_file(count, Path(tmp))
            runs.append((f"fleet: {count} members", ["-f", str(path)]))
        runs.append(("train-75k.yaml (17 members, 75,000 nodes)", ["-f", str(TRAIN)]))
        print(f"{'spec':<44} {'pools':>6} {'ARM calls':>10} {'seconds':>8} {'exit':>5}")
        for label, spec in runs:
            with arm_server(world.routes()) as server:
                server.delay = args.latency_ms / 1000
                session.CONNECTOR = session.Connector(
                    credential_factory=lambda cloud: Token(),
                    endpoint=server.url,
                    authentication_policy=StaticToken("benchmark"),
                )
                started = time.perf_counter()
                result = CliRunner().invoke(app, ["preflight", *spec, "-o", "json"])
                elapsed = time.perf_counter() - started
                if not result.stdout.startswith("{"):
                    sys.exit(f"{label}: exit {result.exit_code}: {result.stderr or result.output}")
                data = json.loads(result.stdout)
                pools = sum(c["check"] == "vm size" for c in data["checks"])
                assert data["armCalls"] == len(server.requests)
                calls, code = data["armCalls"], result.exit_code
                print(f"{label:<44} {pools:>6} {calls:>10} {elapsed:>8.2f} {code:>5}")
                if "train-75k" in label:
                    for check in data["checks"]:
                        if check["level"] == "error":
                            print(
                                f"  error: {check['cluster']} {check['region']}: {check['detail']}"
                            )
    latency = f"{args.latency_ms:g} ms"
    print(f"(each answer waits {latency} for ARM's latency; exit 3: quota short in westus3)")


if __name__ == "__main__":
    main()
