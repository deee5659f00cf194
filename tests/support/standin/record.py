"""Record the real pulumi CLI's calls and engine events from `aks-kit` runs as test fixtures.

    python -m standin.record tests/fixtures/engine     (with tests/support on PYTHONPATH)

Each scenario runs `aks-kit` in a fresh world with the recording `pulumi` wrapper and writes
`<scenario>.json`: every CLI call's argv, exit code, stderr and engine events, scrubbed of
machine paths, ports and times, with large inputs and outputs cut to their keys. Secrets
never reach the events (the engine shows them as "[secret]"); the writer refuses a fixture
that contains the stand-in's kubeconfig token or the backend's passphrase.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .arm import CLUSTER, POOL
from .world import World, built_cli

ENVELOPE = {"resourceProviderNamespace", "resourceType", "parentResourcePath", "resourceName"}
PORT = re.compile(r"127\.0\.0\.1:\d+")


def _cut(value: Any) -> Any:
    """Inputs and outputs: the generic resource's envelope kept, other values elided."""
    if not isinstance(value, dict):
        return value
    return {k: v if k in ENVELOPE else "<elided>" for k, v in sorted(value.items())}


def _scrub_event(event: dict[str, Any]) -> dict[str, Any]:
    event = json.loads(json.dumps(event))
    event["timestamp"] = 1_700_000_000
    for kind in ("resourcePreEvent", "resOutputsEvent", "resOpFailedEvent"):
        meta = event.get(kind, {}).get("metadata")
        if not meta:
            continue
        for side in ("old", "new"):
            state = meta.get(side)
            if isinstance(state, dict):
                for key in ("inputs", "outputs"):
                    if key in state:
                        state[key] = _cut(state[key])
        if "detailedDiff" in meta and isinstance(meta["detailedDiff"], dict):
            meta["detailedDiff"] = dict(sorted(meta["detailedDiff"].items()))
    if "summaryEvent" in event:
        event["summaryEvent"]["durationSeconds"] = 1
    if "preludeEvent" in event:
        event["preludeEvent"]["config"] = _cut(event["preludeEvent"].get("config") or {})
    return event


def _fewer_debug(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The SDK's debug diagnostics (one per registration) cut to the first two per call."""
    kept, debug = [], 0
    for event in events:
        if event.get("diagnosticEvent", {}).get("severity") == "debug":
            debug += 1
            if debug > 2:
                continue
        kept.append(event)
    return kept


def _scrub_text(text: str, world: World) -> str:
    text = text.replace(str(world.root), "<world>")
    text = PORT.sub("127.0.0.1:<port>", text)
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<time>", text)


def collect(world: World, record: Path, scenario: str) -> dict[str, Any]:
    calls = []
    for path in sorted(record.glob("*.json"), key=lambda p: p.stat().st_mtime):
        entry = json.loads(path.read_text())
        path.unlink()
        calls.append(
            {
                "argv": [_scrub_text(a, world) for a in entry["argv"]],
                "exitCode": entry["exitCode"],
                "stderr": _scrub_text(entry["stderr"], world),
                "events": [_scrub_event(e) for e in _fewer_debug(entry["events"])],
            }
        )
    text = json.dumps({"scenario": scenario, "calls": calls}, indent=1, sort_keys=True)
    passphrase = (world.aks_home / "passphrase").read_text().strip()
    if "standin-" in text or passphrase in text:
        raise SystemExit(f"{scenario}: a secret reached the recorded fixture; not writing it")
    return json.loads(text)  # type: ignore[no-any-return]


def scenarios(world: World) -> list[tuple[str, Callable[[], None]]]:
    def run(*args: str, code: int = 0) -> None:
        done = world.run(*args)
        if done.exit_code != code:
            raise SystemExit(f"expected exit {code}:\n{done}")

    def locked() -> None:
        world.faults({"method": "PUT", "type": CLUSTER, "name": "aks-automatic", "delay": 60})
        first = world.start("up", "--preset", "automatic", "--set", "metadata.tags.team=x", "--yes")
        deadline = 120
        while deadline and not json.loads(world.arm.state_path.read_text()).get("operations"):
            __import__("time").sleep(0.5)
            deadline -= 1
        run("up", "--preset", "automatic", "--set", "metadata.tags.team=x", "--yes", code=5)
        first.communicate(timeout=300)

    def failed() -> None:
        world.faults({"method": "PUT", "type": POOL, "lro": "Failed", "code": "QuotaExceeded"})
        run("up", "--preset", "standard", "--set", "spec.nodePools[1].maxCount=25", "--yes", code=5)

    return [
        ("up-automatic-new", lambda: run("up", "--preset", "automatic", "--yes")),
        ("up-automatic-unchanged", lambda: run("up", "--preset", "automatic", "--yes")),
        ("up-locked", locked),
        ("outputs", lambda: run("outputs", "aks-automatic", "-o", "json")),
        ("refresh", lambda: run("refresh", "--stack", "aks-automatic")),
        (
            "preview-replace-protected",
            lambda: run(
                "preview", "--preset", "automatic", "--set", "metadata.resourceGroup=rg-x", code=3
            ),
        ),
        ("up-standard-new", lambda: run("up", "--preset", "standard", "--yes")),
        (
            "up-standard-max-count",
            lambda: run(
                "up", "--preset", "standard", "--set", "spec.nodePools[1].maxCount=30", "--yes"
            ),
        ),
        ("up-standard-arm-failure", failed),
        ("destroy-protected", lambda: run("destroy", "--stack", "aks-standard", "--yes", code=3)),
        (
            "destroy-unprotect",
            lambda: run("destroy", "--stack", "aks-standard", "--yes", "--unprotect"),
        ),
    ]


def dump(fixture: dict[str, Any]) -> str:
    """The fixture as JSON with one engine event per line (reviewable diffs, small files)."""
    calls = []
    for call in fixture["calls"]:
        events = ",\n".join(
            "   " + json.dumps(e, sort_keys=True, separators=(",", ":")) for e in call["events"]
        )
        calls.append(
            f' {{"argv": {json.dumps(call["argv"])}, "exitCode": {call["exitCode"]}, '
            f'"stderr": {json.dumps(call["stderr"])}, "events": [\n{events}\n ]}}'
        )
    calls_text = ",\n".join(calls)
    return f'{{"scenario": {json.dumps(fixture["scenario"])}, "calls": [\n{calls_text}\n]}}\n'


def main() -> None:
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    cli = built_cli()
    if cli is None:
        raise SystemExit("no pulumi CLI built: run tools/build-pulumi-cli.sh")
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "record"
        world = World(Path(tmp) / "world", cli, record=record)
        for name, scenario in scenarios(world):
            scenario()
            fixture = collect(world, record, name)
            (target / f"{name}.json").write_text(dump(fixture))
            print(f"{name}: {len(fixture['calls'])} calls")


if __name__ == "__main__":
    main()
