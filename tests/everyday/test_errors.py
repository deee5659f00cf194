"""Errors that never look like bugs: values as typed, options named as given, one exit code
per kind of mistake, plain wording, and the layer the user changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from terminal import through_pipe

H = "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n"


# ------------------------------------------------------------------ versions as typed


@pytest.mark.parametrize("typed", ["1.30", "1.20", "1.3", "1.33.10"])
def test_set_kubernetes_version_keeps_the_text_typed(cli: Callable[..., Any], typed: str) -> None:
    result = cli(
        "plan", "--preset", "standard", "--set", f"spec.kubernetesVersion={typed}", "-o", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert result.json()["spec"]["kubernetesVersion"] == typed


def test_kubernetes_version_in_a_file_keeps_the_text_typed(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    spec = write(
        "c.yaml",
        H + "spec:\n  kubernetesVersion: 1.30\n  nodePools:\n"
        "    - name: user\n      kubernetesVersion: 1.30\n",
    )
    result = cli("plan", "-f", str(spec), "-o", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["spec"]["kubernetesVersion"] == "1.30"
    pools = {p["name"]: p for p in data["spec"]["nodePools"]}
    assert pools["user"]["kubernetesVersion"] == "1.30"
    assert "1.3," not in result.stdout and '"1.3"' not in result.stdout


def test_a_bad_version_is_reported_as_typed(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "standard", "--set", "spec.kubernetesVersion=1.30.x")
    assert result.exit_code == 3
    assert "1.30.x" in result.stdout + result.stderr


# ------------------------------------------------------------------ options named as given


def test_presets_show_unknown_names_what_was_typed(cli: Callable[..., Any]) -> None:
    result = cli("presets", "show", "standrd")
    assert result.exit_code == 4
    assert "preset 'standrd' not found" in result.stderr
    assert "did you mean 'standard'" in result.stderr
    assert "extends" not in result.stderr and "--preset" not in result.stderr


def test_plan_unknown_preset_names_the_option(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "standrd")
    assert result.exit_code == 4
    assert "--preset standrd" in result.stderr
    assert "extends" not in result.stderr


def test_extends_in_a_file_names_the_file(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    spec = write("c.yaml", "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standrd\n")
    result = cli("plan", "-f", str(spec))
    assert result.exit_code == 4
    assert f"-f {spec}: extends 'standrd'" in result.stderr


def test_a_fleet_names_the_flags_that_do_not_apply_in_plain_english(
    cli: Callable[..., Any],
) -> None:
    fleet = "examples/fleets/shop-two-region.yaml"
    one = cli("plan", "-f", fleet, "--explain")
    assert one.exit_code == 2
    assert "--explain does not apply to a fleet" in one.stderr
    two = cli("plan", "-f", fleet, "--name", "x", "--location", "westus3")
    assert "--name, --location do not apply to a fleet" in two.stderr


@pytest.mark.parametrize("command", [["plan"], ["presets", "show", "standard"]])
def test_a_bad_output_format_reads_like_a_sentence(
    cli: Callable[..., Any], command: list[str]
) -> None:
    args = [*command, "--preset", "standard"] if command == ["plan"] else command
    result = cli(*args, "-o", "yml")
    assert result.exit_code == 2
    assert "Value error" not in result.stderr
    assert "'yml'" in result.stderr or "yml" in result.stderr
    assert "json" in result.stderr  # the formats it takes


# ------------------------------------------------------------------ --set: one exit code


@pytest.mark.parametrize(
    "assignment",
    [
        "spec.tier",  # no '='
        "=standard",  # no path
        "spec..tier=standard",  # malformed path
        "spec.tier.x=1",  # a value is not a mapping
        "spec.nodePools[9].maxCount=3",  # no such item
        "spec.bogus=1",  # no such key
        "spec.nodePools[user].maxCont=3",  # a typo in a pool
        "metadata.nmae=x",  # a typo in metadata
    ],
)
def test_every_bad_set_path_exits_2_and_names_the_set(
    cli: Callable[..., Any], assignment: str
) -> None:
    result = cli("plan", "--preset", "standard", "--set", assignment)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "--set" in result.stderr
    assert "unexpected error" not in result.stderr


def test_a_bad_set_value_is_an_invalid_spec_not_a_bad_path(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "standard", "--set", "spec.nodePools[user].maxCount=abc")
    assert result.exit_code == 3


# ------------------------------------------------------------------ knock-on errors


def test_a_knock_on_error_names_the_layer_the_user_changed(cli: Callable[..., Any]) -> None:
    result = cli("plan", "--preset", "standard", "--set", "spec.network.plugin=kubenet")
    assert result.exit_code == 3
    errors = [line for line in result.stdout.splitlines() if line.startswith("error")]
    assert errors
    for line in errors:
        assert "(from --set spec.network.plugin" in line, line


def test_a_knock_on_error_from_a_file_names_the_file(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    spec = write("c.yaml", H + "spec:\n  network:\n    plugin: kubenet\n")
    result = cli("plan", "-f", str(spec), "-o", "json")
    assert result.exit_code == 3
    errors = [f for f in result.json()["findings"] if f["level"] == "error"]
    assert errors
    assert all(f["layer"].startswith(f"-f {spec}, line 6") for f in errors), errors


# ------------------------------------------------------------------ preset directories


def test_a_missing_preset_dir_is_an_error(cli: Callable[..., Any], tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    for args in (
        ["presets", "list", "--preset-dir", str(missing)],
        ["plan", "--preset", "standard", "--preset-dir", str(missing)],
        ["presets", "show", "standard", "--preset-dir", str(missing)],
    ):
        result = cli(*args)
        assert result.exit_code == 4, args
        assert f"--preset-dir {missing}: no such folder" in result.stderr


def test_a_preset_dir_that_is_a_file_is_an_error(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    file = write("presets", "x")
    result = cli("presets", "list", "--preset-dir", str(file))
    assert result.exit_code == 4
    assert "not a folder" in result.stderr


def test_a_user_preset_named_like_a_built_in_is_an_error_naming_both_files(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    presets = tmp_path / "presets"
    presets.mkdir()
    (presets / "standard.yaml").write_text(
        "apiVersion: aks-kit/v1\nkind: Preset\nspec: {tier: free}\n", encoding="utf-8"
    )
    result = cli("plan", "--preset", "standard", "--preset-dir", str(presets))
    assert result.exit_code == 3, result.stderr
    assert "built-in" in result.stderr
    assert str(presets / "standard.yaml") in result.stderr


# ------------------------------------------------------------------ no SDK noise


def test_azure_sdk_logs_do_not_reach_the_terminal() -> None:
    """The Azure SDK logs each failed credential at WARNING; aks-kit prints its own message."""
    probe = (
        "import logging, sys\n"
        "from aks_kit.cli.main import app\n"
        "@app.command('noise-probe', hidden=True)\n"
        "def noise() -> None:\n"
        "    logging.getLogger('azure.identity._credentials.chained').warning(\n"
        "        'DefaultAzureCredential failed to retrieve a token from the included credentials.')\n"
        "    from aks_kit.errors import Prerequisite\n"
        "    raise Prerequisite('no Azure credentials: run az login')\n"
        "sys.argv = ['aks-kit', 'noise-probe']\n"
        "from aks_kit.cli.main import run\n"
        "run()\n"
    )
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 6, proc.stderr
    assert "DefaultAzureCredential failed" not in proc.stderr
    assert proc.stderr.strip() == "error: no Azure credentials: run az login"


# ------------------------------------------------------------------ through a pipe


def test_invalid_spec_through_a_pipe_is_one_message_per_error(tmp_path: Path) -> None:
    spec = tmp_path / "c.yaml"
    spec.write_text(H + "spec:\n  nodePools:\n    - name: user\n      maxCount: 1200\n")
    run = through_pipe("plan", "-f", str(spec))
    assert run.code == 3
    assert "Traceback" not in run.err
    errors = [line for line in (run.out + run.err).splitlines() if line.startswith("error")]
    assert any("maxCount = 1200" in line for line in errors), run.text


def test_json_errors_carry_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "typo.yaml"
    spec.write_text(H + "specc: {}\n")
    run = through_pipe("plan", "-f", str(spec), "-o", "json")
    assert run.code == 3
    document = json.loads(run.out)
    assert "line 4" in document["error"]["message"]
    assert "line 4" in run.err
