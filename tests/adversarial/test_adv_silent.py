"""Accepted silently, but Azure or the user would not want it: each becomes a finding or an
error that says what is wrong.

Inputs are read exactly once (pipes, process substitution, FIFOs); `init` quotes what it
writes; Azure's tag limits, empty names, self-peering, unknown regions and zones in a region
without zones are findings; YAML tags on collections, an empty `--set` value, a user preset
named like a built-in and an unreadable preset-path entry are errors; control characters
from user text are printed escaped.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from adversary import FLEET, SPEC, Runner, assert_clean, no_permission_override

H = "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n"


@pytest.fixture
def aks(aksi: Runner) -> Runner:
    """In this module `aks` runs in process (the same code, faster); `aksp` is a process."""
    return aksi


# --------------------------------------------------------------------------- read once


@pytest.mark.parametrize(
    "script",
    [
        "aks-kit plan -f <(cat spec.yaml) -o json",
        "cat spec.yaml | aks-kit plan -f /dev/stdin -o json",
        "cat spec.yaml | aks-kit plan -f - -o json",
        "aks-kit plan -f /dev/stdin -o json < spec.yaml",
        "aks-kit capacity -f <(cat spec.yaml) -o json",
        "aks-kit presets validate <(cat spec.yaml) -o json",
        "aks-kit plan -f <(cat fleet.yaml) -o json",
        "cat fleet.yaml | aks-kit plan -f /dev/stdin -o json",
        "aks-kit presets validate <(cat fleet.yaml) -o json",
        "aks-kit plan -f spec.yaml --against <(aks-kit plan -f spec.yaml -o json) -o json",
        "aks-kit plan --preset <(cat preset.yaml) -o json",
    ],
    ids=[
        "process-substitution",
        "pipe-dev-stdin",
        "pipe-dash",
        "redirect-dev-stdin",
        "capacity-process-substitution",
        "validate-process-substitution",
        "fleet-process-substitution",
        "fleet-dev-stdin",
        "validate-fleet-process-substitution",
        "against-process-substitution",
        "preset-process-substitution",
    ],
)
def test_every_input_is_read_exactly_once(
    sh: Runner, write: Callable[..., Path], script: str
) -> None:
    write("spec.yaml", SPEC)
    write("fleet.yaml", FLEET)
    write("preset.yaml", "apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\n")
    proc = sh(script, timeout=60)
    assert_clean(proc)
    assert proc.code == 0, proc.text
    json.loads(proc.out)


def test_a_fifo_is_read_once_and_does_not_hang(aksp: Runner, tmp_path: Path) -> None:
    fifo = tmp_path / "spec.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w") as handle:  # opens once; a second open would block forever
            handle.write(SPEC)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    proc = aksp("plan", "-f", str(fifo), "-o", "json", timeout=60)
    writer.join(timeout=5)
    assert proc.code == 0, proc.text
    assert json.loads(proc.out)["metadata"]["name"] == "mine"


# --------------------------------------------------------------------------- init quoting

NASTY = [
    "prod #eu",
    "a\nkind: Preset",
    "x\n  tier: free",
    "'quoted'",
    '"double"',
    "{a: 1}",
    "[1, 2]",
    "*alias",
    "&anchor",
    "null",
    "true",
    "1e3",
    "- item",
    "key: value",
    "tab\there",
    "% directive",
    "@reserved",
    "`backtick",
    "trailing ",
    "",
]


@pytest.mark.parametrize("value", NASTY, ids=[repr(v) for v in NASTY])
@pytest.mark.parametrize("flag", ["--name", "--location"])
def test_init_writes_values_back_exactly(aks: Runner, flag: str, value: str) -> None:
    proc = aks("init", flag, value, "--out", "-")
    assert_clean(proc)
    assert proc.code in (0, 2, 3), proc.text
    if proc.code == 0:
        doc = yaml.safe_load(proc.out)
        assert doc["kind"] == "Cluster"
        key = "name" if flag == "--name" else "location"
        assert doc["metadata"][key] == value
        assert set(doc) == {"apiVersion", "kind", "extends", "metadata", "spec"}


def test_init_quotes_a_preset_path_with_a_hash(aks: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "team #1"
    folder.mkdir()
    (folder / "base.yaml").write_text("apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\n")
    proc = aks("init", "--preset", str(folder / "base.yaml"), "--out", "cluster.yaml")
    assert proc.code == 0, proc.text
    doc = yaml.safe_load((tmp_path / "cluster.yaml").read_text())
    assert (tmp_path / doc["extends"]).resolve() == (folder / "base.yaml").resolve()


def test_init_never_leaves_an_invalid_file(aks: Runner, tmp_path: Path) -> None:
    proc = aks("init", "--name", "bad name!", "--out", "cluster.yaml")
    assert_clean(proc)
    assert proc.code == 3, proc.text
    assert not (tmp_path / "cluster.yaml").exists()


# --------------------------------------------------------------------------- Azure's limits


def tags(count: int, name_len: int = 3, value_len: int = 3) -> str:
    items = {f"{'k' * (name_len - 3)}{i:03d}": "v" * value_len for i in range(count)}
    return "metadata:\n  tags: " + json.dumps(items) + "\n"


BAD_SPECS = {
    "51-tags": (tags(51), "metadata.tags"),
    "tag-value-257": (tags(1, value_len=257), "metadata.tags"),
    "tag-name-513": (tags(1, name_len=513), "metadata.tags"),
    **{
        f"tag-name-with-{name}": ('metadata:\n  tags: {"a' + ch + 'b": "v"}\n', "metadata.tags")
        for name, ch in [
            ("lt", "<"),
            ("gt", ">"),
            ("percent", "%"),
            ("amp", "&"),
            ("backslash", "\\\\"),
            ("question", "?"),
            ("slash", "/"),
        ]
    },
    "empty-tag-name": ('metadata:\n  tags: {"": "v"}\n', "metadata.tags"),
    "resource-group-empty": ('metadata:\n  resourceGroup: ""\n', "metadata.resourceGroup"),
    "resource-group-blank": ('metadata:\n  resourceGroup: "  "\n', "metadata.resourceGroup"),
    "unknown-region": ("metadata:\n  location: eastus3\n", "metadata.location"),
    "made-up-region": ("metadata:\n  location: mars\n", "metadata.location"),
    "display-name-region": ('metadata:\n  location: "East US 2"\n', "metadata.location"),
    "zones-in-westus": ("metadata:\n  location: westus\n", "zones"),
    "zones-in-northcentralus": ("metadata:\n  location: northcentralus\n", "zones"),
    "zones-in-ukwest": ("metadata:\n  location: ukwest\n", "zones"),
}


@pytest.mark.parametrize("case", list(BAD_SPECS))
def test_what_azure_would_refuse_is_an_error_finding(
    aks: Runner, write: Callable[..., Path], case: str
) -> None:
    body, where = BAD_SPECS[case]
    write("c.yaml", H + body)
    proc = aks("plan", "-f", "c.yaml", "-o", "json")
    assert_clean(proc)
    assert proc.code == 3, proc.text
    findings = json.loads(proc.out)["findings"]
    errors = [f for f in findings if f["level"] == "error" and where in f["path"]]
    assert errors, findings


@pytest.mark.parametrize(
    "body",
    [
        tags(50),
        tags(1, value_len=256),
        tags(1, name_len=512),
        "metadata:\n  location: westus\nspec:\n  nodePools:\n    - {name: system, zones: null}\n    - {name: user, zones: null}\n",
    ],
    ids=["50-tags", "value-256", "name-512", "westus-without-zones"],
)
def test_what_azure_accepts_passes(aks: Runner, write: Callable[..., Path], body: str) -> None:
    write("c.yaml", H + body)
    proc = aks("plan", "-f", "c.yaml", "-o", "json")
    assert proc.code == 0, proc.text


def test_the_region_finding_names_its_source_and_date(
    aks: Runner, write: Callable[..., Path]
) -> None:
    write("c.yaml", H + "metadata:\n  location: eastus3\n")
    proc = aks("plan", "-f", "c.yaml", "-o", "json")
    message = " ".join(f["message"] for f in json.loads(proc.out)["findings"])
    assert "learn.microsoft.com" in message and "2025" in message, message


def test_a_fleet_member_peering_with_itself_is_an_error(
    aks: Runner, write: Callable[..., Path]
) -> None:
    write(
        "fleet.yaml",
        FLEET.replace(
            "{name: eus2-01, extends: standard}",
            "{name: eus2-01, extends: standard, spec: {network: {peerWith: [eus2-01]}}}",
        ),
    )
    proc = aks("plan", "-f", "fleet.yaml", "-o", "json")
    assert_clean(proc)
    assert proc.code == 3, proc.text
    assert "itself" in proc.stdout, proc.stdout


# --------------------------------------------------------------------------- YAML tags


@pytest.mark.parametrize(
    "body",
    [
        "spec: !!python/object/apply:os.system [echo pwned]\n",
        "spec: !!python/object:__main__.X {a: 1}\n",
        "metadata:\n  tags: !custom {a: b}\n",
        "spec:\n  nodePools: !pools\n    - {name: user, maxCount: 5}\n",
        "spec: !!omap [{tier: free}]\n",
        "spec: !!set {tier}\n",
        "spec: !<tag:example.com,2026:x> {tier: free}\n",
        "metadata:\n  tags: !!map {a: !!str b}\n  name: !!str ok\n",
    ],
    ids=[
        "python-apply",
        "python-object",
        "custom-map",
        "custom-seq",
        "omap",
        "set",
        "verbatim",
        "standard-tags-ok",
    ],
)
def test_tags_on_collections_are_refused_like_tags_on_scalars(
    aks: Runner, write: Callable[..., Path], body: str
) -> None:
    write("c.yaml", H + body)
    proc = aks("plan", "-f", "c.yaml", "-o", "json")
    assert_clean(proc)
    if "standard-tags-ok" in body or "!!map {a: !!str b}" in body:
        assert proc.code == 0, proc.text
        return
    assert proc.code == 3, proc.text
    assert "tag" in proc.stderr, proc.stderr


# --------------------------------------------------------------------------- --set values


@pytest.mark.parametrize("raw", ["", " ", "\t", "  "], ids=["empty", "space", "tab", "spaces"])
def test_an_empty_set_value_is_an_error(aks: Runner, raw: str) -> None:
    proc = aks("plan", "--preset", "standard", "--set", f"spec.tier={raw}")
    assert_clean(proc)
    assert proc.code == 2, proc.text
    assert "null" in proc.stderr, proc.stderr


@pytest.mark.parametrize("raw", ["null", "~", "Null", "NULL"])
def test_null_is_written_null_and_removes(aks: Runner, raw: str) -> None:
    proc = aks(
        "plan", "--preset", "standard", "--set", f"spec.autoscaler.expander={raw}", "-o", "json"
    )
    assert proc.code == 0, proc.text
    assert "expander" not in json.loads(proc.out)["spec"]["autoscaler"]  # the default again


# --------------------------------------------------------------------------- preset search path


@pytest.mark.parametrize("name", ["standard", "automatic", "standard-large"])
def test_a_user_preset_named_like_a_built_in_is_an_error(
    aks: Runner, tmp_path: Path, name: str
) -> None:
    presets = tmp_path / "presets"
    presets.mkdir()
    (presets / f"{name}.yaml").write_text(
        "apiVersion: aks-kit/v1\nkind: Preset\nspec: {tier: free}\n"
    )
    for args in (
        ["plan", "--preset", name, "--preset-dir", str(presets)],
        ["presets", "show", name],
    ):
        env = {"AKS_KIT_PRESET_PATH": str(presets)} if args[0] == "presets" else None
        proc = aks(*args, env=env)
        assert_clean(proc)
        assert proc.code == 3, proc.text
        assert "built-in" in proc.stderr and str(presets) in proc.stderr, proc.stderr


@pytest.mark.parametrize("entry", ["missing", "a-file", "unreadable"])
@pytest.mark.parametrize("command", [["presets", "list"], ["plan", "--preset", "team"]])
def test_an_unreadable_preset_path_entry_is_reported(
    aksp: Runner, tmp_path: Path, entry: str, command: list[str]
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "team.yaml").write_text("apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\n")
    bad = {
        "missing": tmp_path / "nope",
        "a-file": tmp_path / "f",
        "unreadable": tmp_path / "locked",
    }[entry]
    if entry == "a-file":
        bad.write_text("x")
    if entry == "unreadable":
        bad.mkdir()
        bad.chmod(0)
    preexec = no_permission_override() if entry == "unreadable" else None
    proc = aksp(*command, env={"AKS_KIT_PRESET_PATH": f"{bad}{os.pathsep}{good}"}, preexec=preexec)
    assert_clean(proc)
    assert str(bad) in proc.stderr, proc.stderr
    assert "AKS_KIT_PRESET_PATH" in proc.stderr


# --------------------------------------------------------------------------- control characters

CONTROL = {
    "clear-screen": "\x1b[2J",
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "rtl-override": "\u202e",
    "bell": "\x07",
    "backspace": "\x08",
    "carriage-return": "\r",
    "c1-csi": "\x9b",
    "del": "\x7f",
    "bidi-isolate": "\u2066",
    "zero-width-joiner-free": "\u200f",
}
RAW = [c for c in "\x1b\x07\x08\r\x9b\x7f\u202e\u2066\u200f"]


def raw_controls(data: bytes | str) -> list[str]:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return [repr(c) for c in RAW if c in text]


@pytest.mark.parametrize("kind", list(CONTROL))
@pytest.mark.parametrize("fmt", ["table", "json", "yaml", "markdown", "explain"])
def test_control_characters_in_spec_values_print_escaped(
    cli: Callable[..., Any], write: Callable[..., Path], kind: str, fmt: str
) -> None:
    """In-process (the same printing code, many cases): nothing raw, values round-trip."""
    evil = CONTROL[kind]
    spec = write("c.yaml", H + "metadata:\n  tags: {owner: " + json.dumps(f"x{evil}y") + "}\n")
    args = ["plan", "-f", str(spec), *(["--explain"] if fmt == "explain" else ["-o", fmt])]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert raw_controls(result.stdout + result.stderr) == []
    if fmt == "json":
        assert json.loads(result.stdout)["metadata"]["tags"]["owner"] == f"x{evil}y"
    if fmt == "yaml":
        assert yaml.safe_load(result.stdout)["metadata"]["tags"]["owner"] == f"x{evil}y"


@pytest.mark.parametrize("kind", ["clear-screen", "osc52-clipboard", "rtl-override", "c1-csi"])
def test_control_characters_in_names_print_escaped(aks: Runner, tmp_path: Path, kind: str) -> None:
    evil = CONTROL[kind]
    presets = tmp_path / "presets"
    presets.mkdir()
    (presets / f"team{evil}.yaml").write_text(
        f"apiVersion: aks-kit/v1\nkind: Preset\ndescription: 'desc{evil}'\nextends: standard\n"
    )
    runs = [
        aks("presets", "list", "--preset-dir", str(presets)),
        aks("presets", "show", f"team{evil}", "--preset-dir", str(presets)),
        aks("plan", "-f", f"missing{evil}.yaml"),
        aks("plan", "--preset", f"nope{evil}"),
        aks("plan", "--preset", "standard", "--set", f"spec.tier=x{evil}"),
        aks("plan", "--preset", "standard", "--set", f"spec.x{evil}=1"),
        aks("init", "--name", f"n{evil}", "--out", f"out{evil}.yaml"),
        aks("presets", "validate", str(presets / f"team{evil}.yaml")),
    ]
    for proc in runs:
        assert_clean(proc)
        assert raw_controls(proc.out + proc.err) == [], proc.text
