"""What classifying a stack's changes adds to `preview` and `up`, against rendering the spec.

Before every preview, aks-kit compares the spec a stack was last deployed from with the new
one through the change table (`aks_kit.stacks.spec_changes.classify`): both specs rendered,
their ARM inputs diffed and each changed leaf classified. The baseline, measured in the same
run, is one render of the new spec, which the Pulumi program does on every preview anyway.
Cases: a standard-large cluster with one pool's max count changed (one in-place field), with
a pool's VM size changed (one rejected field), with its region changed (every resource
replaced), and a 100-pool cluster with every pool's max count changed.

With `--engine` it also times, on the real pulumi CLI (tools/build-pulumi-cli.sh) and the
azure-native stand-in, what the comparison asks the engine before a preview of a deployed
standard cluster (`Engine.deployed()`: select the stack, its newest update, the config it was
deployed with) and then the preview, against the preview alone, in the same world.

    python benchmarks/spec_changes.py [--runs N] [--engine]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aks_kit.presets.model import ClusterDocument
from aks_kit.presets.resolve import resolve
from aks_kit.stacks.render import render
from aks_kit.stacks.spec_changes import classify


def document(*sets: str, preset: str = "standard-large") -> ClusterDocument:
    resolved = resolve(preset=preset, name="bench", sets=list(sets))
    assert resolved.document is not None, resolved.findings
    return resolved.document


def many_pools(count: int, max_count: int) -> ClusterDocument:
    doc = document(preset="standard")
    template = doc.spec.node_pools[1]
    doc.spec.node_pools = [doc.spec.node_pools[0]] + [
        template.model_copy(update={"name": f"u{i}", "max_count": max_count}) for i in range(count)
    ]
    return doc


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def engine_lookup(runs: int) -> None:
    """Seconds of `Engine.deployed()` against `Engine.preview()` on a deployed stack."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))
    from standin.world import BUILD_SCRIPT, World, built_cli

    from aks_kit.cli.application import Application
    from aks_kit.stacks.engine import Engine
    from aks_kit.stacks.progress import Progress
    from aks_kit.stacks.state import choose_backend

    cli = built_cli()
    if cli is None:
        raise SystemExit(f"no pulumi CLI built from source: run {BUILD_SCRIPT}")
    with tempfile.TemporaryDirectory() as tmp:
        world = World(Path(tmp) / "world", cli)
        deployed = world.run("up", "--preset", "standard", "--yes")
        if deployed.exit_code != 0:
            raise SystemExit(f"up failed: {deployed.stderr[-2000:]}")
        os.environ.update(world.env())
        new = resolve(preset="standard", sets=["spec.nodePools[1].maxCount=30"]).document
        assert new is not None
        command = Application().pulumi_command()

        def engine() -> Engine:
            return Engine("aks-standard", choose_backend(None, None), command, new)

        def looked_up_then_previewed() -> None:
            with_lookup = engine()
            with_lookup.deployed()
            with_lookup.preview(Progress(), create_stack=False)

        alone = median_ms(lambda: engine().preview(Progress(), create_stack=False), runs) / 1000
        both = median_ms(looked_up_then_previewed, runs) / 1000
    print(f"\nreal engine, standard cluster deployed, median of {runs} runs")
    print(f"preview alone {alone:.2f} s; deployed-spec lookup, then preview {both:.2f} s")
    print(f"with lookup / alone: {both / alone:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--engine", action="store_true")
    options = parser.parse_args()
    runs = options.runs
    base = document()
    cases = {
        "maxCount of one pool": (base, document("spec.nodePools[1].maxCount=400")),
        "vmSize of one pool": (base, document("spec.nodePools[1].vmSize=Standard_D32ds_v5")),
        "region (all replaced)": (base, document("metadata.location=westus3")),
        "100 pools, every maxCount": (many_pools(100, 20), many_pools(100, 30)),
    }
    print(f"median of {runs} runs, in-process\n")
    print(f"{'case':<28}{'render (ms)':>12}{'classify (ms)':>15}{'ratio':>8}{'changes':>9}")
    for name, (before, after) in cases.items():
        rendered = median_ms(lambda after=after: render(after), runs)  # type: ignore[misc]
        classified = median_ms(lambda b=before, a=after: classify(b, a), runs)  # type: ignore[misc]
        changes = len(classify(before, after).changes)
        ratio = classified / rendered
        print(f"{name:<28}{rendered:>12.1f}{classified:>15.1f}{ratio:>7.1f}x{changes:>9}")
    if options.engine:
        engine_lookup(max(3, runs // 5))


if __name__ == "__main__":
    main()
