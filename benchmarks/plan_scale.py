"""How `aks-kit plan` scales with node pools, against typed azure-native under plain mocks.

For clusters of 1, 10, 50 and 100 node pools this runs, each in a fresh process:
  - `aks-kit plan -f cluster.yaml -o json` (the pure renderer: no Pulumi, no azure-native);
  - the same cluster as typed `containerservice.ManagedCluster` + `AgentPool` resources
    under `pulumi.runtime.set_mocks`, the way Pulumi's unit-testing guide does it.
It prints the median whole-process wall time and the peak memory (max RSS) of each, and the
ratios. Targets: 100 pools within 1.5x the 1-pool plan; at least 10x faster than the mocks.

    python benchmarks/plan_scale.py [--runs N] [--pools 1,10,50,100]
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
    """(median seconds, max peak RSS in MiB) over `runs` fresh processes."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pools", default="1,10,50,100")
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


if __name__ == "__main__":
    main()
