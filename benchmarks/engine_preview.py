"""`aks-kit preview` through the real pulumi engine, against a plain typed azure-native program.

Both run against the azure-native stand-in (tests/support/standin) with the pulumi CLI built
by tools/build-pulumi-cli.sh, each in a fresh world (PULUMI_HOME, local file backend):
  - `aks-kit preview --preset standard-large`, and of a cluster with 100 node pools;
  - the same resources declared by a plain program of typed azure-native classes
    (`containerservice.ManagedCluster`, `AgentPool`, `MaintenanceConfiguration` and the
    typed monitoring classes), previewed through the Automation API;
  - then a 15-member fleet previewed with --parallel 1, 4 and 8.
One run each: wall time of the whole command, and peak memory (max RSS) of the process that
runs the program (for inline programs that is the aks-kit / Automation API process itself;
the pulumi CLI and the plugin are separate processes and not counted).

    python benchmarks/engine_preview.py [--skip-fleet]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "support"))

from standin.world import BUILD_SCRIPT, World, built_cli  # noqa: E402

# Runs a command's Python entry point in this process and reports its own peak RSS.
MEASURED = r"""
import atexit, json, os, resource, sys, time
start = time.perf_counter()
def report():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(os.environ["BENCH_REPORT"], "w") as handle:
        json.dump({"seconds": time.perf_counter() - start, "peakMiB": peak}, handle)
atexit.register(report)
mode, *args = sys.argv[1:]
if mode == "aks-kit":
    sys.argv = ["aks-kit", *args]
    from aks_kit.cli.main import run
    run()
else:
    sys.path.insert(0, os.environ["BENCH_DIR"])
    from engine_typed_program import preview
    preview(*args)
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


def fleet_yaml(members: int) -> str:
    lines = [
        "apiVersion: aks-kit/v1",
        "kind: Fleet",
        "metadata: {name: bench-fleet, location: eastus2}",
        "spec:",
        "  hub: false",
        "  members:",
    ]
    lines += [
        f"    - {{name: m{index:02d}, extends: standard, group: g{index % 3}}}"
        for index in range(members)
    ]
    return "\n".join(lines) + "\n"


def measured(world: World, tmp: Path, mode: str, *args: str) -> dict[str, float]:
    report = tmp / "report.json"
    env = {**world.env(), "BENCH_REPORT": str(report), "BENCH_DIR": str(REPO / "benchmarks")}
    env["PULUMI_CONFIG_PASSPHRASE"] = "benchmark"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, mode, *args],
        cwd=world.work,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{mode} {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    data = json.loads(report.read_text())
    return {"wall": wall, "peakMiB": data["peakMiB"]}


def plan_file(tmp: Path, *args: str) -> Path:
    out = tmp / f"plan-{abs(hash(args))}.json"
    done = subprocess.run(
        [sys.executable, "-m", "aks_kit", "plan", *args, "-o", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    out.write_text(done.stdout)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-fleet", action="store_true")
    args = parser.parse_args()
    cli = built_cli()
    if cli is None:
        raise SystemExit(f"no pulumi CLI built: run {BUILD_SCRIPT} first")
    rows: list[tuple[str, dict[str, float], dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        spec = tmp / "bench-100.yaml"
        spec.write_text(cluster_yaml(100))
        for label, source in (
            ("standard-large", ["--preset", "standard-large"]),
            ("100 pools", ["-f", str(spec)]),
        ):
            world = World(tmp / f"w-{len(rows)}-a", cli)
            ours = measured(
                world, tmp, "aks-kit", "preview", "--create-stack", *source, "-o", "json"
            )
            world = World(tmp / f"w-{len(rows)}-b", cli)
            typed = measured(world, tmp, "typed", str(plan_file(tmp, *source)), "bench")
            rows.append((label, ours, typed))
        print("one run each; wall time of the whole command, peak RSS of the program's process")
        header = f"{'cluster':>15}  {'aks-kit preview':>16} {'MiB':>6}"
        print(f"{header}   {'typed program':>14} {'MiB':>6}")
        for label, ours, typed in rows:
            print(
                f"{label:>15}  {ours['wall']:>14.1f} s {ours['peakMiB']:>6.0f}   "
                f"{typed['wall']:>12.1f} s {typed['peakMiB']:>6.0f}"
            )
        if args.skip_fleet:
            return
        fleet = tmp / "fleet-15.yaml"
        fleet.write_text(fleet_yaml(15))
        print()
        print("15-member fleet (standard members), aks-kit preview -f")
        for parallel in (1, 4, 8):
            world = World(tmp / f"fleet-{parallel}", cli)
            result = measured(
                world,
                tmp,
                "aks-kit",
                "preview",
                "--create-stack",
                "-f",
                str(fleet),
                "--parallel",
                str(parallel),
                "-o",
                "json",
            )
            print(
                f"  --parallel {parallel}: {result['wall']:>7.1f} s  {result['peakMiB']:>6.0f} MiB"
            )


if __name__ == "__main__":
    main()
