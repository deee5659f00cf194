"""How `aks-kit plan` scales with node pools, against typed azure-native under plain mocks.

For clusters of 1, 10, 50 and 100 node pools this runs, each in a fresh process:
  - `aks-kit plan -f cluster.yaml -o json` (the pure renderer: no Pulumi, no azure-native);
  - the same cluster as typed `containerservice.ManagedCluster` + `AgentPool` resources
    under `pulumi.runtime.set_mocks`, the way Pulumi's unit-testing guide does it.
It prints the median whole-process wall time and the peak memory (max RSS) of each, and the
ratios. Targets: 100 pools within 1.5x the 1-pool plan; at least 10x faster than the mocks.

Then fleets: the 75,000-node example (15 members of 5,000 nodes) cut to 1, 5, 10 and 15
members, against a single standard-large cluster plan measured in the same run. Target: the
whole fleet within 4x the single-cluster plan, under 1 GiB.

    python benchmarks/plan_scale.py [--runs N] [--pools 1,10,50,100] [--members 1,5,10,15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent

TYPED_MOCKS = r"""
import sys
import pulumi

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return args.name + "-id", dict(args.inputs)
    def call(self, args):
        return {}

pulumi.runtime.set_mocks(Mocks(), preview=False)
from pulumi_azure_native import containerservice, resources

pools = int(sys.argv[1])

@pulumi.runtime.test
def program():
    rg = resources.ResourceGroup("rg", resource_group_name="rg-bench", location="eastus2")
    cluster = containerservice.ManagedCluster(
        "bench",
        resource_group_name=rg.name,
        resource_name_="bench",
        location="eastus2",
        dns_prefix="bench",
        identity={"type": "SystemAssigned"},
        agent_pool_profiles=[{"name": "system", "mode": "System", "vm_size": "Standard_D4ds_v5",
                              "count": 3}],
    )
    for index in range(1, pools):
        containerservice.AgentPool(
            f"bench-p{index}",
            resource_group_name=rg.name,
            resource_name_=cluster.name,
            agent_pool_name=f"p{index}",
            mode="User",
            vm_size="Standard_D4ds_v5",
            count=1,
        )
    return cluster.id

program()
"""


def cluster_yaml(pools: int) -> str:
    lines = [
        "apiVersion: aks-kit/v1",
        "kind: Cluster",
        "extends: standard",
        "metadata: {name: bench}",
        "spec:",
        "  nodePools:",
        "    - {name: user, $remove: true}",
    ]
    lines += [
        f"    - {{name: p{index}, mode: user, vmSize: Standard_D4ds_v5, count: 1}}"
        for index in range(1, pools)
    ]
    return "\n".join(lines) + "\n"


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    """(median seconds, max peak RSS in MiB) over `runs` fresh processes, after one
    warm-up run (file cache, byte-code)."""
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            error = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{error}")
        times.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "examples" / "fleets" / "train-75k.yaml"


def fleet_with(members: int, directory: Path) -> Path:
    """The 75,000-node example cut to its first `members` members, beside its preset.

    Cut fleets drop the update strategy (its later stages would name missing groups); the
    full 15 members are the example itself.
    """
    if members >= 15:
        return FLEET
    lines = FLEET.read_text().splitlines()
    spec = lines.index("spec:")
    start = lines.index("  members:")
    body = [line for line in lines[start + 1 :] if line.startswith("    - {name:")]
    path = directory / f"fleet-{members}.yaml"
    path.write_text("\n".join([*lines[: spec + 1], "  members:", *body[:members]]) + "\n")
    return path


def fleets(counts: list[int], runs: int) -> None:
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        shutil.copytree(FLEET.parent / "presets", directory / "presets")
        single = measure(
            [
                str(BIN / "aks-kit"),
                "plan",
                "-f",
                str(REPO / "examples" / "large-5000.yaml"),
                "-o",
                "json",
            ],
            runs,
        )
        rows = [
            (
                n,
                measure(
                    [
                        str(BIN / "aks-kit"),
                        "plan",
                        "-f",
                        str(fleet_with(n, directory)),
                        "-o",
                        "json",
                    ],
                    runs,
                ),
            )
            for n in counts
        ]
    print()
    print(f"fleets (median of {runs} runs): whole process, against one 5,000-node cluster plan")
    print(f"{'one cluster':>12}  {single[0] * 1000:>8.0f} ms {single[1]:>7.0f} MiB")
    print(f"{'members':>12}  {'time':>11} {'MiB':>7}  {'nodes':>7}  {'vs one cluster':>14}")
    for members, (seconds, mib) in rows:
        print(
            f"{members:>12}  {seconds * 1000:>8.0f} ms {mib:>7.0f}  {members * 5000:>7,}  "
            f"{seconds / single[0]:>13.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pools", default="1,10,50,100")
    parser.add_argument("--members", default="1,5,10,15")
    args = parser.parse_args()
    counts = [int(n) for n in args.pools.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "typed_mocks.py"
        script.write_text(TYPED_MOCKS)
        for pools in counts:
            spec = Path(tmp) / f"cluster-{pools}.yaml"
            spec.write_text(cluster_yaml(pools))
            plan = measure([str(BIN / "aks-kit"), "plan", "-f", str(spec), "-o", "json"], args.runs)
            typed = measure([sys.executable, str(script), str(pools)], args.runs)
            rows.append((pools, plan, typed))
    base = rows[0][1][0]
    print(f"median of {args.runs} runs per cell; whole process wall time and peak RSS")
    print(
        f"{'pools':>5}  {'aks-kit plan':>14} {'MiB':>7} {'vs 1 pool':>9}   "
        f"{'typed mocks':>12} {'MiB':>7}   {'mocks/plan':>10}"
    )
    for pools, (plan_s, plan_mb), (typed_s, typed_mb) in rows:
        print(
            f"{pools:>5}  {plan_s * 1000:>11.0f} ms {plan_mb:>7.0f} {plan_s / base:>8.2f}x   "
            f"{typed_s * 1000:>9.0f} ms {typed_mb:>7.0f}   {typed_s / plan_s:>9.1f}x"
        )
    fleets([int(n) for n in args.members.split(",")], args.runs)


if __name__ == "__main__":
    main()
