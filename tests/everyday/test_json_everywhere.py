"""`-o json` prints exactly one JSON document on stdout, whatever happens.

Every command that takes `-o` runs over every built-in preset and every example, plus a set
of bad inputs; stdout must parse as one JSON document each time (json.loads refuses
anything after it). Failures carry `error` with the message and the exit code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from terminal import REPO, base_env, through_pipe

PRESETS = sorted(p.stem for p in (REPO / "aks_kit" / "presets" / "builtin").glob("*.yaml"))
EXAMPLES = sorted(str(p.relative_to(REPO)) for p in (REPO / "examples").rglob("*.yaml"))
SPEC_COMMANDS = ["plan", "capacity", "preview", "up", "destroy", "refresh"]
"""Commands that take a spec (--preset or -f); the engine ones stop at their first missing
prerequisite here (no pulumi CLI, no Azure), which must still be one JSON document."""


def spec_inputs() -> list[list[str]]:
    inputs = [["--preset", name] for name in PRESETS]
    for example in EXAMPLES:
        if "/presets/" in example:
            inputs.append(["--preset", example])
        else:
            inputs.append(["-f", example])
    return inputs


def one_document(stdout: str) -> Any:
    assert stdout.strip(), "stdout is empty"
    return json.loads(stdout)  # raises on a second document or trailing text


def check(result: Any, args: list[str]) -> Any:
    assert result.exception is None, (args, result.exception)
    document = one_document(result.stdout)
    if result.exit_code not in (0, 3) and not isinstance(document, list):
        # (`presets validate` reports each file in its list, errors included)
        assert "error" in document, (args, document)
        assert document["error"]["exitCode"] == result.exit_code
        assert document["error"]["message"]
    if "error" in document:
        assert result.exit_code != 0
        assert "unexpected error" not in document["error"]["message"], document
    return document


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("PATH", str(tmp_path))  # no pulumi, no az: prerequisites fail
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)


@pytest.mark.parametrize("given", spec_inputs(), ids=" ".join)
@pytest.mark.parametrize("command", SPEC_COMMANDS)
def test_every_spec_command_over_every_preset_and_example(
    cli: Callable[..., Any], in_repo: None, command: str, given: list[str]
) -> None:
    extra = ["--yes"] if command in ("up", "destroy") else []
    args = [command, *given, *extra, "-o", "json"]
    check(cli(*args), args)


@pytest.mark.parametrize("preset", PRESETS)
def test_presets_show_over_every_preset(cli: Callable[..., Any], preset: str) -> None:
    args = ["presets", "show", preset, "-o", "json"]
    assert check(cli(*args), args)["preset"] == preset


@pytest.mark.parametrize(
    "args",
    [
        ["presets", "list"],
        ["presets", "diff", "standard", "automatic"],
        ["presets", "validate", *EXAMPLES],
        ["version"],
        ["outputs", "aks-prod"],
        ["stacks", "list"],
    ],
    ids=" ".join,
)
def test_other_commands(cli: Callable[..., Any], in_repo: None, args: list[str]) -> None:
    check(cli(*args, "-o", "json"), args)


H = "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n"
BAD_FILES = {
    "top-level-typo": H + "specc: {}\n",
    "malformed-yaml": H + "spec: [\n",
    "not-a-mapping": "- a\n- b\n",
    "empty": "",
    "unknown-preset": "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standrd\n",
    "rule-errors": H + "spec:\n  nodePools:\n    - name: user\n      maxCount: 1200\n",
    "model-error": H + "spec:\n  tier: gold\n",
    "duplicate-key": H + "spec:\n  tier: free\n  tier: standard\n",
    "wrong-kind": "apiVersion: aks-kit/v1\nkind: Clusterr\n",
}
BAD_FLAGS = {
    "set-without-equals": ["--preset", "standard", "--set", "spec.tier"],
    "set-unknown-key": ["--preset", "standard", "--set", "spec.bogus=1"],
    "set-bad-value": ["--preset", "standard", "--set", "spec.tier=gold"],
    "unknown-preset": ["--preset", "standrd"],
    "missing-file": ["-f", "nope.yaml"],
    "nothing-given": [],
    "fleet-with-name": ["-f", "examples/fleets/shop-two-region.yaml", "--name", "x"],
    "missing-preset-dir": ["--preset", "standard", "--preset-dir", "/nonexistent/presets"],
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["plan", "capacity", "preview", "up"])
def test_bad_files(
    cli: Callable[..., Any],
    in_repo: None,
    tmp_path: Path,
    command: str,
    case: str,
) -> None:
    spec = tmp_path / f"{case}.yaml"
    spec.write_text(BAD_FILES[case], encoding="utf-8")
    args = [command, "-f", str(spec), "-o", "json"]
    result = cli(*args)
    assert result.exit_code != 0, result.stdout
    check(result, args)


@pytest.mark.parametrize("case", sorted(BAD_FLAGS))
@pytest.mark.parametrize("command", ["plan", "capacity", "preview", "up", "destroy"])
def test_bad_flags(cli: Callable[..., Any], in_repo: None, command: str, case: str) -> None:
    args = [command, *BAD_FLAGS[case], "-o", "json"]
    result = cli(*args)
    assert result.exit_code != 0, result.stdout
    check(result, args)


@pytest.mark.parametrize(
    "args",
    [
        ["presets", "show", "standrd"],
        ["presets", "show", "standard", "--set", "spec.bogus=1"],
        ["presets", "diff", "standard", "nope"],
        ["presets", "validate", "nope.yaml"],
        ["plan", "--preset", "standard", "--against", "nope.json"],
        ["plan", "--preset", "standard", "--bogus-flag"],
        ["plan", "--preset", "standard", "--parallel", "x"],
    ],
    ids=" ".join,
)
def test_bad_arguments(cli: Callable[..., Any], in_repo: None, args: list[str]) -> None:
    result = cli(*args, "-o", "json")
    assert result.exit_code != 0
    check(result, args)


def test_a_top_level_typo_through_a_pipe_is_one_document_with_its_line(tmp_path: Path) -> None:
    spec = tmp_path / "typo.yaml"
    spec.write_text(H + "specc: {}\n", encoding="utf-8")
    run = through_pipe("plan", "-f", str(spec), "-o", "json", env=base_env())
    assert run.code == 3
    document = one_document(run.out)
    assert "line 4" in document["error"]["message"]
    assert "specc" in document["error"]["message"]


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_the_output_flag_is_found_wherever_it_is_given(cli: Callable[..., Any], fmt: str) -> None:
    for args in (
        ["-o", fmt, "plan", "--preset", "standrd"],
        ["plan", f"--output={fmt}", "--preset", "standrd"],
        ["plan", f"-o{fmt}", "--preset", "standrd"],
    ):
        if args[0] == "-o":
            continue  # -o belongs to the command, not to aks-kit
        result = cli(*args)
        assert result.exit_code == 4
        if fmt == "json":
            assert one_document(result.stdout)["error"]["exitCode"] == 4
        else:
            assert "error:" in result.stdout and "exitCode: 4" in result.stdout
