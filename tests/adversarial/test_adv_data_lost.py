"""Data lost: no command destroys a file the user had.

One rule for every `--out`: never overwrite an input of the same command; an existing file
needs `--force`. Every write goes to a temporary file in the same folder and is renamed into
place, so a full disk, a file-size limit or SIGTERM leaves the previous file as it was.
Specs are read as UTF-8 whatever the locale says.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from adversary import (
    AKS,
    FLEET,
    SPEC,
    Runner,
    assert_clean,
    base_env,
    size_limit,
    snapshot,
)

REPO = Path(__file__).resolve().parents[2]
BIG_FLEET = REPO / "examples" / "fleets"

# --------------------------------------------------------------------------- --out onto inputs


@pytest.mark.parametrize(
    ("args", "victim"),
    [
        (["plan", "-f", "mine.yaml", "-o", "json", "--out", "mine.yaml"], "mine.yaml"),
        (["plan", "-f", "mine.yaml", "-o", "json", "--out", "./mine.yaml"], "mine.yaml"),
        (["plan", "-f", "mine.yaml", "-o", "json", "--out", "sub/../mine.yaml"], "mine.yaml"),
        (["plan", "-f", "mine.yaml", "-o", "json", "--out", "link.yaml"], "mine.yaml"),
        (["plan", "-f", "mine.yaml", "-o", "json", "--out", "hard.yaml"], "mine.yaml"),
        (["plan", "-f", "mine.yaml", "-o", "yaml", "--out", "mine.yaml", "--force"], "mine.yaml"),
        (
            [
                "plan",
                "-f",
                "mine.yaml",
                "-o",
                "json",
                "--against",
                "base.json",
                "--out",
                "base.json",
            ],
            "base.json",
        ),
        (
            ["plan", "-f", "child.yaml", "--preset-dir", "presets", "--out", "presets/team.yaml"],
            "presets/team.yaml",
        ),
        (
            ["plan", "--preset", "./presets/team.yaml", "--out", "presets/team.yaml"],
            "presets/team.yaml",
        ),
        (
            ["plan", "-f", "fleet.yaml", "-o", "json", "--out", "fleet.yaml", "--force"],
            "fleet.yaml",
        ),
        (
            ["init", "--preset", "./presets/team.yaml", "--out", "presets/team.yaml", "--force"],
            "presets/team.yaml",
        ),
    ],
    ids=[
        "plan-out-is-f",
        "plan-out-is-f-dotted",
        "plan-out-is-f-via-dotdot",
        "plan-out-is-symlink-to-f",
        "plan-out-is-hardlink-to-f",
        "plan-out-is-f-even-with-force",
        "plan-out-is-against",
        "plan-out-is-a-preset-of-the-chain",
        "plan-out-is-preset-path",
        "plan-fleet-out-is-f",
        "init-out-is-its-preset",
    ],
)
def test_out_never_overwrites_an_input(
    aksi: Runner, write: Callable[..., Path], tmp_path: Path, args: list[str], victim: str
) -> None:
    write("mine.yaml", SPEC)
    write("fleet.yaml", FLEET)
    write("presets/team.yaml", "apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\n")
    write("child.yaml", "apiVersion: aks-kit/v1\nkind: Cluster\nextends: team\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.yaml").symlink_to("mine.yaml")
    os.link(tmp_path / "mine.yaml", tmp_path / "hard.yaml")
    aks = aksi
    base = aks("plan", "-f", "mine.yaml", "-o", "json")
    assert base.code == 0, base.stderr
    write("base.json", base.out)
    before = snapshot(tmp_path)
    proc = aks(*args)
    assert_clean(proc)
    assert proc.code == 2, proc.text
    assert "input" in proc.stderr, proc.stderr
    assert snapshot(tmp_path) == before, f"{victim} changed"


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--preset", "standard", "-o", "json", "--out", "existing.txt"],
        ["plan", "--preset", "standard", "--out", "existing.txt"],
        ["presets", "schema", "--out", "existing.txt"],
        ["init", "--out", "existing.txt"],
        ["plan", "-f", "fleet.yaml", "-o", "json", "--out", "existing.txt"],
    ],
    ids=["plan-json", "plan-table", "presets-schema", "init", "plan-fleet"],
)
def test_an_existing_file_needs_force(
    aksi: Runner, write: Callable[..., Path], tmp_path: Path, args: list[str]
) -> None:
    write("fleet.yaml", FLEET)
    target = write("existing.txt", "precious\n")
    aks = aksi
    proc = aks(*args)
    assert_clean(proc)
    assert proc.code == 2, proc.text
    assert "--force" in proc.stderr, proc.stderr
    assert target.read_text() == "precious\n"
    forced = aks(*args, "--force")
    assert forced.code == 0, forced.text
    assert target.read_text() != "precious\n"


def test_out_to_a_new_file_needs_no_force_and_is_written_whole(aks: Runner, tmp_path: Path) -> None:
    proc = aks("plan", "--preset", "standard", "-o", "json", "--out", "new.json")
    assert proc.code == 0, proc.text
    assert json.loads((tmp_path / "new.json").read_text())["spec"]
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["new.json"]


# --------------------------------------------------------------------------- atomic writes


WRITERS = {
    "plan-json": ["plan", "-f", "mine.yaml", "-o", "json", "--out", "target.txt", "--force"],
    "plan-table": ["plan", "-f", "mine.yaml", "--out", "target.txt", "--force"],
    "presets-schema": ["presets", "schema", "--out", "target.txt", "--force"],
    "init": ["init", "--out", "target.txt", "--force"],
}


@pytest.mark.parametrize("limit", [0, 100, 800])  # every output here is larger
@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_file_size_limit_leaves_the_old_file_intact(
    aks: Runner, write: Callable[..., Path], tmp_path: Path, writer: str, limit: int
) -> None:
    """`ulimit -f`: the write fails part-way; the old file survives, nothing is left over."""
    write("mine.yaml", SPEC)
    old = ("# the user's own file, larger than the limit\n" * 200).encode()
    write("target.txt", old)
    before = snapshot(tmp_path)
    proc = aks(*WRITERS[writer], preexec=size_limit(limit))
    assert_clean(proc)
    assert proc.code != 0, proc.text
    assert (tmp_path / "target.txt").read_bytes() == old
    assert snapshot(tmp_path) == before, "a temporary file was left behind"
    assert "target.txt" in proc.stderr, proc.stderr


@pytest.mark.parametrize("writer", list(WRITERS))
def test_dev_full_is_a_clean_error_and_stays_a_device(
    aks: Runner, write: Callable[..., Path], writer: str
) -> None:
    write("mine.yaml", SPEC)
    args = [a if a != "target.txt" else "/dev/full" for a in WRITERS[writer]]
    args = [a for a in args if a != "--force"]
    proc = aks(*args, input=SPEC)
    assert_clean(proc)
    assert proc.code != 0
    assert "/dev/full" in proc.stderr, proc.stderr
    assert Path("/dev/full").is_char_device()


def test_out_to_a_device_or_fifo_writes_through(aks: Runner, tmp_path: Path) -> None:
    """A FIFO or /dev/stdout is not a file to replace: written in place, no --force."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE) as reader:
        proc = aks("plan", "--preset", "standard", "-o", "json", "--out", str(fifo))
        data, _ = reader.communicate(timeout=30)
    assert proc.code == 0, proc.text
    assert json.loads(data)["spec"]
    assert fifo.is_fifo()
    through = aks("plan", "--preset", "standard", "-o", "json", "--out", "/dev/stdout")
    assert through.code == 0, through.text
    assert json.loads(through.out)["spec"]


def _big_fleet() -> Path | None:
    found = sorted(BIG_FLEET.glob("*.yaml"), key=lambda p: p.stat().st_size)
    return found[-1] if found else None


def test_sigterm_during_a_write_leaves_the_old_or_the_new_file(home: Path, tmp_path: Path) -> None:
    """SIGTERM at random moments of `plan --out`: the target is always whole, old or new."""
    fleet = _big_fleet()
    source = ["-f", str(fleet)] if fleet else ["--preset", "standard-large"]
    target = tmp_path / "plan.json"
    old = b'{"the": "previous plan"}\n' * 2000
    env = base_env(home)
    args = [str(AKS), "plan", *source, "-o", "json", "--out", str(target), "--force"]
    start = time.monotonic()
    subprocess.run(args, env=env, cwd=tmp_path, check=True, capture_output=True)
    took = time.monotonic() - start
    new = target.read_bytes()
    rng = random.Random(20261201)
    outcomes: set[str] = set()
    for _ in range(12):
        target.write_bytes(old)
        with subprocess.Popen(
            args, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as child:
            time.sleep(rng.uniform(0.3 * took, 1.1 * took))
            child.send_signal(signal.SIGTERM)
            _, err = child.communicate(timeout=60)
        assert b"Traceback" not in err, err.decode()
        data = target.read_bytes()
        assert data in (old, new), f"cut-off file after SIGTERM ({len(data)} bytes)"
        outcomes.add("old" if data == old else "new")
    assert outcomes, "no run finished"


# --------------------------------------------------------------------------- UTF-8 always


@pytest.mark.parametrize(
    "encoding_env",
    [
        {"PYTHONIOENCODING": "latin-1", "LANG": "en_US.ISO-8859-1", "LC_ALL": "en_US.ISO-8859-1"},
        {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"},
        {"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"},
        {"PYTHONIOENCODING": "utf-16"},
    ],
    ids=["latin-1", "ascii", "cp1252", "utf-16"],
)
@pytest.mark.parametrize("how", ["stdin-dash", "dev-stdin", "pipe-dash"])
def test_specs_are_read_as_utf8_whatever_the_locale(
    aks: Runner, sh: Runner, tmp_path: Path, encoding_env: dict[str, str], how: str
) -> None:
    spec = SPEC.replace("team: core", 'owner: "Zoë, Ωmega, 東京"')
    (tmp_path / "spec.yaml").write_bytes(spec.encode("utf-8"))
    out = tmp_path / "plan.json"
    if how == "stdin-dash":
        proc = aks("plan", "-f", "-", "-o", "json", "--out", str(out), input=spec, env=encoding_env)
    elif how == "dev-stdin":
        proc = aks(
            "plan",
            "-f",
            "/dev/stdin",
            "-o",
            "json",
            "--out",
            str(out),
            input=spec,
            env=encoding_env,
        )
    else:
        proc = sh(f"cat spec.yaml | aks-kit plan -f - -o json --out {out}", env=encoding_env)
    assert_clean(proc)
    assert proc.code == 0, proc.text
    tags = json.loads(out.read_text(encoding="utf-8"))["metadata"]["tags"]
    assert tags["owner"] == "Zoë, Ωmega, 東京"


def test_a_spec_that_is_not_utf8_is_refused_not_guessed(aks: Runner) -> None:
    latin = SPEC.replace("team: core", "owner: Zoë").encode("latin-1")
    proc = aks("plan", "-f", "-", "-o", "json", input=latin)
    assert_clean(proc)
    assert proc.code == 3, proc.text
    assert "UTF-8" in proc.stderr
