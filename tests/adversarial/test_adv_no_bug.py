"""Never "unexpected error: this is a bug": hostile sizes, shapes, outputs, terminals and
signals each get one clear line and a documented exit code.

Limits (README, "Limits"): 64 levels of nesting, 4 MiB per file read, 32 presets in an
`extends` chain.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from adversary import (
    AKS,
    SPEC,
    Runner,
    assert_clean,
    base_env,
    no_permission_override,
)

H = "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n"
MAX_DEPTH = 64


def flow_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def flow_map(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


def block_map(depth: int) -> str:
    return "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "b: 1\n"


# --------------------------------------------------------------------------- nesting


@pytest.mark.parametrize(
    "body",
    [
        "metadata:\n  tags: " + flow_list(100) + "\n",
        "metadata:\n  tags: " + flow_list(1_000) + "\n",
        "metadata:\n  tags: " + flow_list(100_000) + "\n",
        "spec:\n  tier: " + flow_map(500) + "\n",
        "spec:\n  x:\n" + "".join("  " * (i + 2) + "- \n" for i in range(300)),
        "spec:\n" + block_map(400).replace("\n", "\n  ").rstrip() + "\n",
        "spec:\n  tier: &a " + flow_list(MAX_DEPTH + 5) + "\n",
    ],
    ids=[
        "flow-100",
        "flow-1000",
        "flow-100000",
        "map-500",
        "block-seq-300",
        "block-map-400",
        "anchor",
    ],
)
def test_deep_nesting_in_a_file_is_refused_with_the_limit(
    aks: Runner, aksi: Runner, write: Callable[..., Path], body: str
) -> None:
    write("deep.yaml", H + body)
    if len(body) < 10_000:
        aks = aksi  # the deepest inputs run as a process: a crash must not take pytest down
    for args in (["plan", "-f", "deep.yaml"], ["presets", "validate", "deep.yaml"]):
        proc = aks(*args)
        assert_clean(proc)
        assert proc.code == 3, proc.text
        assert str(MAX_DEPTH) in proc.text, proc.text  # validate reports in its table


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 20_000])  # one argv string < 128 kB
@pytest.mark.parametrize("maker", [flow_list, flow_map], ids=["list", "map"])
def test_deep_nesting_in_a_set_value_is_refused(
    aks: Runner, aksi: Runner, depth: int, maker: Callable[[int], str]
) -> None:
    if depth < 10_000:
        aks = aksi
    proc = aks("plan", "--preset", "standard", "--set", f"metadata.tags={maker(depth)}")
    assert_clean(proc)
    assert proc.code == 2, proc.text
    assert str(MAX_DEPTH) in proc.stderr, proc.stderr


@pytest.mark.parametrize("fmt", ["yaml", "json", "table", "markdown"])
def test_nesting_just_under_the_limit_prints_in_every_format(aksi: Runner, fmt: str) -> None:
    """A value as deep as allowed reaches the output (in a finding) and prints."""
    value = flow_list(MAX_DEPTH - 3)
    proc = aksi("plan", "--preset", "standard", "--set", f"spec.tier={value}", "-o", fmt)
    assert_clean(proc)
    assert proc.code == 3, proc.text
    if fmt == "yaml":
        assert yaml.safe_load(proc.out)["findings"]
    if fmt == "json":
        assert json.loads(proc.out)["findings"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_json_in_against_is_a_clean_error(
    aks: Runner, write: Callable[..., Path], depth: int
) -> None:
    write("deep.json", flow_list(depth))
    proc = aks("plan", "--preset", "standard", "--against", "deep.json")
    assert_clean(proc)
    assert proc.code in (2, 3), proc.text


@pytest.mark.parametrize("length", [33, 200, 1_000])
def test_a_long_extends_chain_is_refused_with_the_limit(
    aksi: Runner, tmp_path: Path, length: int
) -> None:
    presets = tmp_path / "presets"
    presets.mkdir()
    for i in range(length):
        parent = f"extends: p{i + 1}\n" if i + 1 < length else "extends: standard\n"
        (presets / f"p{i}.yaml").write_text(f"apiVersion: aks-kit/v1\nkind: Preset\n{parent}")
    proc = aksi("plan", "--preset", "p0", "--preset-dir", str(presets))
    assert_clean(proc)
    assert proc.code == 3, proc.text
    assert "32" in proc.stderr, proc.stderr


def test_a_chain_at_the_limit_still_resolves(aksi: Runner, tmp_path: Path) -> None:
    presets = tmp_path / "presets"
    presets.mkdir()
    for i in range(31):
        parent = f"extends: p{i + 1}\n" if i + 1 < 31 else "extends: standard\n"
        (presets / f"p{i}.yaml").write_text(f"apiVersion: aks-kit/v1\nkind: Preset\n{parent}")
    proc = aksi("plan", "--preset", "p0", "--preset-dir", str(presets), "-o", "json")
    assert proc.code == 0, proc.text


# --------------------------------------------------------------------------- sizes


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-f", "/dev/zero"],
        ["plan", "-f", "/dev/urandom"],
        ["presets", "validate", "/dev/zero"],
        ["plan", "--preset", "standard", "--against", "/dev/zero"],
        ["plan", "-f", "huge.yaml"],
        ["plan", "-f", "-"],
        ["plan", "--preset", "./huge.yaml"],
    ],
    ids=[
        "dev-zero",
        "dev-urandom",
        "validate-dev-zero",
        "against-dev-zero",
        "huge-file",
        "huge-stdin",
        "huge-preset",
    ],
)
def test_endless_and_huge_inputs_stop_at_the_size_limit(
    aksi: Runner, tmp_path: Path, args: list[str]
) -> None:
    huge = SPEC.encode() + b"#" * 1024 + b"\n"
    (tmp_path / "huge.yaml").write_bytes(huge * (5 * 1024))  # about 5.5 MiB
    stdin = huge * (5 * 1024) if args[-1] == "-" else None
    start = time.monotonic()
    proc = aksi(*args, input=stdin)
    assert_clean(proc)
    assert proc.code in (2, 3), proc.text
    assert "MiB" in proc.text, proc.text  # validate reports in its table
    assert time.monotonic() - start < 30


# --------------------------------------------------------------------------- unwritable outputs

OUTPUTS = {
    "plan": ["plan", "--preset", "standard", "-o", "json", "--out"],
    "schema": ["presets", "schema", "--out"],
    "init": ["init", "--out"],
}


@pytest.mark.parametrize(
    "where", ["missing-folder", "a-folder", "read-only-folder", "dev-full", "under-a-file"]
)
@pytest.mark.parametrize("command", list(OUTPUTS))
def test_unwritable_outputs_are_one_clear_line(
    aks: Runner, aksi: Runner, tmp_path: Path, command: str, where: str
) -> None:
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    (tmp_path / "afile").write_text("x")
    target = {
        "missing-folder": str(tmp_path / "no" / "such" / "out.txt"),
        "a-folder": str(tmp_path),
        "read-only-folder": str(tmp_path / "ro" / "out.txt"),
        "dev-full": "/dev/full",
        "under-a-file": str(tmp_path / "afile" / "out.txt"),
    }[where]
    if where == "read-only-folder":
        proc = aks(*OUTPUTS[command], target, preexec=no_permission_override())
    elif where == "dev-full":
        proc = aks(*OUTPUTS[command], target)
    else:
        proc = aksi(*OUTPUTS[command], target)
    assert_clean(proc)
    assert proc.code == 4, proc.text
    assert len(proc.stderr.strip().splitlines()) <= 2, proc.stderr
    assert list((tmp_path / "ro").iterdir()) == []


# --------------------------------------------------------------------------- closed stdout


@pytest.mark.parametrize(
    "script",
    [
        "aks-kit plan --preset standard -o json | true",
        "aks-kit plan --preset standard-large -o yaml | head -c 10 >/dev/null",
        "aks-kit presets list | head -1 >/dev/null",
        "aks-kit presets schema | head -1 >/dev/null",
        "aks-kit presets show standard | head -2 >/dev/null",
        "aks-kit plan -f $EXAMPLES/train-75k.yaml -o json | head -c 1 >/dev/null",
        "aks-kit plan -f $EXAMPLES/train-75k.yaml | true",
        "aks-kit init --out - | true",
        "aks-kit version | true",
        "aks-kit --help | true",
        "aks-kit plan --preset standard -o json >&-",
        "aks-kit presets list >&-",
    ],
    ids=[
        "plan-json-true",
        "plan-yaml-head",
        "presets-list-head",
        "schema-head",
        "show-head",
        "fleet-json-head",
        "fleet-table-true",
        "init-true",
        "version-true",
        "help-true",
        "plan-stdout-closed",
        "list-stdout-closed",
    ],
)
def test_a_closed_stdout_exits_quietly(sh: Runner, script: str) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "fleets"
    proc = sh(f'{script}\necho "status=${{PIPESTATUS[0]}}" >&2', env={"EXAMPLES": str(examples)})
    status = int(proc.stderr.strip().splitlines()[-1].split("=")[1])
    rest = "\n".join(proc.stderr.strip().splitlines()[:-1])
    assert rest == "", rest
    assert status in (0, 141), status


def test_a_closed_stderr_keeps_the_exit_code(sh: Runner) -> None:
    proc = sh("aks-kit plan -f /no/such/file.yaml 2>&-; echo status=$?")
    assert "status=4" in proc.stdout, proc.text


# --------------------------------------------------------------------------- terminal encodings

ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"},
    "latin-1": {"PYTHONIOENCODING": "iso-8859-1", "LANG": "en_US.ISO-8859-1"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
}
TAG_SPEC = SPEC.replace("team: core", "owner: Zoë 東京 \U0001f680")


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-f", "tagged.yaml"],
        ["plan", "-f", "tagged.yaml", "-o", "json"],
        ["plan", "-f", "tagged.yaml", "-o", "yaml"],
        ["plan", "-f", "tagged.yaml", "-o", "markdown"],
        ["plan", "-f", "tagged.yaml", "--explain"],
        ["presets", "validate", "tagged.yaml"],
        ["plan", "-f", "Zoë-東京.yaml"],
        ["plan", "-f", "tagged.yaml", "--set", "metadata.location=zürich"],
    ],
    ids=[
        "table",
        "json",
        "yaml",
        "markdown",
        "explain",
        "validate",
        "missing-file-name",
        "bad-region",
    ],
)
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_a_non_utf8_terminal_never_breaks_output(
    aks: Runner, write: Callable[..., Path], encoding: str, args: list[str]
) -> None:
    write("tagged.yaml", TAG_SPEC)
    proc = aks(*args, env=ENCODINGS[encoding])
    assert_clean(proc)
    codec = ENCODINGS[encoding]["PYTHONIOENCODING"].split(":")[0]
    proc.out.decode(codec)  # what was printed is text the terminal can show
    proc.err.decode(codec)
    if "json" in args:
        assert json.loads(proc.out)["metadata"]["tags"]["owner"] == "Zoë 東京 \U0001f680"
    if "yaml" in args:
        assert yaml.safe_load(proc.out)["metadata"]["tags"]["owner"] == "Zoë 東京 \U0001f680"


# --------------------------------------------------------------------------- Ctrl-C at start-up


def before_the_first_handler(traceback: str) -> bool:
    """Whether every aks-kit frame of a traceback is in aks_kit/__init__.py above the line
    that installs its start-up SIGINT handler (the imports that line needs)."""
    import aks_kit

    source = Path(aks_kit.__file__).read_text().splitlines()
    first = next(i for i, line in enumerate(source, 1) if "_signal.signal(" in line)
    frames = re.findall(r'File "([^"]*aks_kit/[^"]*)", line (\d+)', traceback)
    return all(path.endswith("aks_kit/__init__.py") and int(n) < first for path, n in frames)


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.7])
@pytest.mark.parametrize(
    "args", [["plan", "--preset", "standard"], ["presets", "list"]], ids=["plan", "list"]
)
def test_ctrl_c_at_any_instant_of_start_up_is_quiet(
    home: Path, tmp_path: Path, delay: float, args: list[str]
) -> None:
    with subprocess.Popen(
        [str(AKS), *args],
        env=base_env(home),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    text = err.decode("utf-8", "replace")
    if text.startswith("Fatal Python error: init_"):
        # The interpreter's own start-up (site, standard streams) was interrupted before
        # the first line of any program ran: nothing a program can catch.
        return
    if text.rstrip().endswith("KeyboardInterrupt") and before_the_first_handler(text):
        # Pip's console-script wrapper was interrupted in its own lines (`import re`, or its
        # `from aks_kit.cli.entry import run`), or aks_kit/__init__.py in the imports that
        # come before it installs the first handler: nothing aks-kit runs could catch it.
        return
    assert "Traceback" not in text, text
    assert child.returncode in (0, 130, -signal.SIGINT), (child.returncode, text)


def test_ctrl_c_where_python_cannot_raise_it_still_ends_the_run_quietly() -> None:
    # Seen once in `plan`: SIGINT arrived while compiled code called back into Python, and
    # Python printed "Exception ignored ... KeyboardInterrupt" and went on. A finalizer is the
    # same kind of place, and can be made on purpose.
    script = (
        "import sys\n"
        "from aks_kit.cli import interrupts\n"
        "interrupts.install()\n"
        "class Finalized:\n"
        "    def __del__(self):\n"
        "        raise KeyboardInterrupt\n"
        "Finalized()\n"
        "print('went on')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 130, done
    assert done.stderr == "error: interrupted\n"
    assert "went on" not in done.stdout
