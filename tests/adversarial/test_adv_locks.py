"""Locks bypassed: a preset's `locked:` paths hold on the final resolved spec, whatever
filled the value in (a layer, `--set`, or the AKS Automatic rule after `sku: automatic`).

A locked value that Automatic must change is an error naming the lock and its layer.
The property test generates presets with locks and child layers (sku changes included) and
checks that no locked path ends with a value other than the preset's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from adversary import Runner, assert_clean
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aks_kit.presets.paths import lookup, parse_path

H = "apiVersion: aks-kit/v1\n"

# A root preset (no extends) that locks spec.network but sets only part of it: the values
# it leaves out are the model's defaults, which Automatic would fill in.
NET_LOCKED = (
    H
    + """kind: Preset
spec:
  sku: base
  network: {plugin: azure, pluginMode: overlay}
locked: [spec.network]
"""
)
UPG_LOCKED = (
    H
    + """kind: Preset
spec:
  sku: base
  upgrades:
    autoUpgradeWindow: {frequency: weekly, dayOfWeek: Sunday, durationHours: 4}
locked: [spec.upgrades]
"""
)
LEAF_LOCKED = (
    H
    + """kind: Preset
extends: standard
spec:
  network: {dataplane: azure, policy: calico}
  upgrades: {channel: patch, nodeOSChannel: SecurityPatch}
locked: [spec.network.dataplane, spec.upgrades.channel, spec.network.outboundType]
"""
)
# A root preset on Automatic: the rule fills its network and upgrades in; a child that
# goes back to base would drop them.
AUTO_LOCKED = (
    H
    + """kind: Preset
spec: {sku: automatic}
locked: [spec.network, spec.upgrades.channel]
"""
)
MIDDLE = H + "kind: Preset\nextends: {parent}\n"


def child(preset: str, body: str = "spec: {sku: automatic}\n") -> str:
    return H + f"kind: Cluster\nextends: {preset}\nmetadata: {{name: c1}}\n" + body


CASES: dict[str, tuple[dict[str, str], list[str], tuple[str, ...]]] = {
    # name: (files, args, paths whose lock must be named)
    "network-lock-child-file-sku": (
        {"presets/net.yaml": NET_LOCKED, "c.yaml": child("net")},
        ["-f", "c.yaml"],
        ("spec.network",),
    ),
    "network-lock-set-sku": (
        {"presets/net.yaml": NET_LOCKED, "c.yaml": child("net", "")},
        ["-f", "c.yaml", "--set", "spec.sku=automatic"],
        ("spec.network",),
    ),
    "network-lock-preset-flag-set-sku": (
        {"presets/net.yaml": NET_LOCKED},
        ["--preset", "net", "--set", "spec.sku=automatic"],
        ("spec.network",),
    ),
    "upgrades-lock-child-file-sku": (
        {"presets/upg.yaml": UPG_LOCKED, "c.yaml": child("upg")},
        ["-f", "c.yaml"],
        ("spec.upgrades",),
    ),
    "upgrades-lock-through-a-middle-preset": (
        {
            "presets/upg.yaml": UPG_LOCKED,
            "presets/mid.yaml": MIDDLE.format(parent="upg") + "spec: {sku: automatic}\n",
            "c.yaml": child("mid", ""),
        },
        ["-f", "c.yaml"],
        ("spec.upgrades",),
    ),
    "leaf-locks-with-explicit-values": (
        {"presets/leaf.yaml": LEAF_LOCKED, "c.yaml": child("leaf")},
        ["-f", "c.yaml"],
        ("spec.network.dataplane", "spec.upgrades.channel"),
    ),
    "automatic-preset-child-goes-base": (
        {"presets/auto.yaml": AUTO_LOCKED, "c.yaml": child("auto", "spec: {sku: base}\n")},
        ["-f", "c.yaml"],
        ("spec.network",),
    ),
    "automatic-preset-set-goes-base": (
        {"presets/auto.yaml": AUTO_LOCKED},
        ["--preset", "auto", "--set", "spec.sku=base"],
        ("spec.network",),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_automatic_cannot_fill_in_a_locked_value(
    aks: Runner, write: Callable[..., Path], case: str
) -> None:
    files, args, locks = CASES[case]
    for name, text in files.items():
        write(name, text)
    proc = aks("plan", *args, "--preset-dir", "presets", "-o", "json")
    assert_clean(proc)
    assert proc.code == 3, proc.text
    findings = json.loads(proc.out)["findings"]
    locked = [f for f in findings if f["code"] == "locked" and f["level"] == "error"]
    for path in locks:
        named = [f for f in locked if f["path"] == path or f["path"].startswith(path + ".")]
        assert named, f"no lock error for {path}: {findings}"
        assert any("preset:" in f["message"] for f in named), named


def test_restating_what_the_lock_holds_is_fine(aks: Runner, write: Callable[..., Path]) -> None:
    write("presets/auto.yaml", AUTO_LOCKED)
    write("c.yaml", child("auto", "spec: {network: {dataplane: cilium}}\n"))
    proc = aks("plan", "-f", "c.yaml", "--preset-dir", "presets", "-o", "json")
    assert proc.code == 0, proc.text


# --------------------------------------------------------------------------- the property

VALUES: dict[str, list[Any]] = {
    "spec.sku": ["base", "automatic"],
    "spec.tier": ["free", "standard", "premium"],
    "spec.network.dataplane": ["azure", "cilium"],
    "spec.network.policy": ["azure", "calico", "cilium", "none"],
    "spec.network.outboundType": ["loadBalancer", "managedNATGateway"],
    "spec.upgrades.channel": ["patch", "stable", "rapid", "none"],
    "spec.upgrades.nodeOSChannel": ["NodeImage", "SecurityPatch", "None"],
    "spec.security.localAccounts": [True, False],
    "spec.security.azurePolicy": [True, False],
    "spec.workloadAutoscaler.keda": [True, False],
    "spec.nodeResourceGroup.restrictionLevel": ["ReadOnly", "Unrestricted"],
}
LOCKABLE = [
    *VALUES,
    "spec.network",
    "spec.upgrades",
    "spec.security",
    "spec.workloadAutoscaler",
    "spec.nodeResourceGroup",
]


def nest(assignments: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in assignments.items():
        node = out
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def assignment() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(list(VALUES)), st.none(), max_size=5).flatmap(
        lambda keys: st.fixed_dictionaries({k: st.sampled_from(VALUES[k]) for k in keys})
    )


def lock_case() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "parent": st.sampled_from([None, "standard", "automatic"]),
            "preset": assignment(),
            "locks": st.lists(st.sampled_from(LOCKABLE), min_size=1, max_size=3, unique=True),
            "child": assignment(),
            "sets": assignment(),
        }
    )


def _run(cli: Callable[..., Any], *args: str) -> tuple[int, dict[str, Any]]:
    result = cli(*args)
    assert result.exception is None, repr(result.exception)
    assert "unexpected error" not in result.stderr, result.stderr
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=lock_case())
def test_no_layer_and_no_rule_changes_a_locked_value(
    cli: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory, case: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("locks")
    preset: dict[str, Any] = {"apiVersion": "aks-kit/v1", "kind": "Preset"}
    if case["parent"]:
        preset["extends"] = case["parent"]
    spec = nest(case["preset"]).get("spec")
    if spec:
        preset["spec"] = spec
    preset["locked"] = case["locks"]
    (folder / "presets").mkdir()
    (folder / "presets" / "team.yaml").write_text(yaml.safe_dump(preset))
    child_doc: dict[str, Any] = {
        "apiVersion": "aks-kit/v1",
        "kind": "Cluster",
        "extends": "team",
        "metadata": {"name": "c1"},
    }
    child_spec = nest(case["child"]).get("spec")
    if child_spec:
        child_doc["spec"] = child_spec
    (folder / "c.yaml").write_text(yaml.safe_dump(child_doc))
    dirs = ["--preset-dir", str(folder / "presets")]

    code, shown = _run(cli, "presets", "show", "team", *dirs, "-o", "json")
    assume(shown.get("document") is not None and code == 0)
    sets = [f"--set={p}={json.dumps(v)}" for p, v in case["sets"].items()]
    code, plan = _run(cli, "plan", "-f", str(folder / "c.yaml"), *dirs, *sets, "-o", "json")
    assert code in (0, 3), plan
    final = {"metadata": plan.get("metadata"), "spec": plan.get("spec")}
    lock_errors = [
        f["path"]
        for f in plan.get("findings", [])
        if f["code"] == "locked" and f["level"] == "error"
    ]
    for path in case["locks"]:
        segs = parse_path(path)
        before = lookup(shown["document"], segs)
        after = lookup(final, segs)
        if before != after:
            assert code == 3, f"{path}: {before} -> {after} and the plan passed"
            assert any(
                p == path or p.startswith(path + ".") or path.startswith(p + ".")
                for p in lock_errors
            ), f"{path}: {before} -> {after}, no lock error ({lock_errors})"
