"""Start-up time of the fast commands against a typer + rich import baseline.

Prints the median wall time of each command over N runs, measured in the same run as the
baseline (`python -c "import typer, rich.console"`), and the ratio to it. Target for
`aks-kit --help`: within 1.5x the baseline.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def median_seconds(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    aks_kit = str(BIN / "aks-kit")
    cases = {
        "baseline: import typer, rich.console": [
            sys.executable,
            "-c",
            "import typer, rich.console",
        ],
        "aks-kit --help": [aks_kit, "--help"],
        "aks-kit presets list": [aks_kit, "presets", "list"],
        "aks-kit presets show automatic": [aks_kit, "presets", "show", "automatic"],
        "aks-kit plan --preset automatic": [aks_kit, "plan", "--preset", "automatic"],
    }
    for argv in cases.values():  # warm the file cache and byte-code first
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    results = {name: median_seconds(argv, args.runs) for name, argv in cases.items()}
    baseline = results["baseline: import typer, rich.console"]
    print(f"median of {args.runs} runs, {sys.version.split()[0]}")
    for name, seconds in results.items():
        print(f"{name:<40} {seconds * 1000:8.1f} ms  {seconds / baseline:5.2f}x baseline")


if __name__ == "__main__":
    main()
