"""The conventions CLI users expect: completion, --version, examples in help, placeholders as
words, a schema editors can find and that accepts what aks-kit accepts, sorted lists, a fast
`version`, and a typed Python API."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from terminal import REPO, base_env, through_pipe

from aks_kit import __version__

# ------------------------------------------------------------------ completion


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_for_each_shell(shell: str) -> None:
    run = through_pipe("completion", shell)
    assert run.code == 0, run.text
    assert "_AKS_KIT_COMPLETE" in run.out
    assert f"complete_{shell}" in run.out


def test_completion_answers_commands_and_preset_names() -> None:
    env = base_env(
        {"_AKS_KIT_COMPLETE": "complete_bash", "COMP_WORDS": "aks-kit pla", "COMP_CWORD": "1"}
    )
    assert through_pipe(env=env).out.split() == ["plan"]
    env.update({"COMP_WORDS": "aks-kit plan --preset st", "COMP_CWORD": "3"})
    assert through_pipe(env=env).out.split() == ["standard", "standard-large"]
    fish = base_env(
        {
            "_AKS_KIT_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "aks-kit presets ",
        }
    )
    names = [line.split("\t")[0] for line in through_pipe(env=fish).out.splitlines()]
    assert {"list", "show", "diff", "validate", "schema"} <= set(names)


def test_typer_install_completion_options_are_offered() -> None:
    run = through_pipe("--help")
    assert "--install-completion" in run.out and "--show-completion" in run.out


# ------------------------------------------------------------------ --version


def test_version_flag_prints_one_line() -> None:
    run = through_pipe("--version")
    assert run.code == 0
    assert run.out == f"aks-kit {__version__}\n"
    assert run.err == ""


def test_version_command_says_which_pulumi_it_reports() -> None:
    run = through_pipe("version", "-o", "json")
    assert run.code == 0, run.text
    data = json.loads(run.out)
    assert data["aks-kit"] == __version__
    table = through_pipe("version").out
    assert re.search(r"pulumi \(Python SDK\)\s+\d", table), table
    assert "pulumi CLI" in table  # says where the CLI's version comes from


def test_version_is_fast(tmp_path: Path) -> None:
    """As quick as the fastest commands: it reads installed metadata, never runs pulumi."""
    marker = tmp_path / "ran"
    fake = tmp_path / "bin" / "pulumi"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ntouch {marker}\necho v3.200.0\n", encoding="utf-8")
    fake.chmod(0o755)
    env = base_env({"PATH": f"{fake.parent}:/usr/bin:/bin"})
    through_pipe("version", env=env)  # warm the byte-code cache

    def best(*args: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            through_pipe(*args, env=env)
            times.append(time.perf_counter() - start)
        return min(times)

    assert best("version") < best("presets", "list") * 1.3 + 0.05
    assert not marker.exists(), "version ran the pulumi CLI"


# ------------------------------------------------------------------ help


def _commands() -> list[list[str]]:
    from typer.main import get_command

    from aks_kit.cli.main import app

    root = get_command(app)
    found: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                if not getattr(sub, "hidden", False):
                    walk(sub, [*path, name])
        found.append(path)

    walk(root, [])
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "aks-kit")
def test_every_command_has_examples_and_words_for_placeholders(
    cli: Callable[..., Any], path: list[str]
) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.stdout
    text = result.stdout
    assert "Examples:" in text, text
    examples = text.split("Examples:", 1)[1]
    assert "aks-kit" in examples
    if path:
        assert "aks-kit " + " ".join(path) in examples
    for code_like in ("<str>", "<list[", "<path>", "<int", "<Path>", "{"):
        assert code_like not in text.split("Examples:", 1)[0], (code_like, text)


def test_set_reads_path_equals_value(cli: Callable[..., Any]) -> None:
    text = cli("plan", "--help").stdout
    assert "--set PATH=VALUE" in text
    assert "--preset NAME" in text and "--file FILE" in text and "--preset-dir DIR" in text


def test_usage_line_shows_argument_words(cli: Callable[..., Any]) -> None:
    assert "Usage: aks-kit presets show [OPTIONS] NAME" in cli("presets", "show", "-h").stdout
    assert "FILES..." in cli("presets", "validate", "-h").stdout


# ------------------------------------------------------------------ schema


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    from aks_kit.presets.schema import schema

    document = schema()
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def _yaml(path: Path) -> Any:
    from aks_kit.presets.yamlio import read_yaml_file

    return read_yaml_file(path, str(path)).data


FILES = sorted(
    [*(REPO / "examples").rglob("*.yaml"), *(REPO / "aks_kit" / "presets" / "builtin").glob("*")]
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_schema_accepts_every_preset_and_example(path: Path) -> None:
    errors = [e.message for e in _validator().iter_errors(_yaml(path))]
    assert errors == []


@pytest.mark.parametrize(
    "text",
    [
        # an inherited pool dropped by name
        "spec:\n  nodePools:\n    - {name: user, $remove: true}\n",
        # null removes a setting so the default applies
        "spec:\n  access: {admins: null}\n  nodePools:\n    - {name: user, maxSurge: null}\n",
        # part of a section: the preset supplies the rest
        "spec:\n  nodePools:\n    - {name: user, maxCount: 5}\n",
        # a version written as a number keeps its text
        "spec:\n  kubernetesVersion: 1.30\n",
    ],
    ids=["remove", "null", "partial", "unquoted-version"],
)
def test_schema_accepts_what_the_loader_accepts(
    cli: Callable[..., Any], write: Callable[..., Path], text: str
) -> None:
    spec = write("c.yaml", "apiVersion: aks-kit/v1\nkind: Cluster\nextends: standard\n" + text)
    assert cli("plan", "-f", str(spec)).exit_code == 0
    assert [e.message for e in _validator().iter_errors(_yaml(spec))] == []


def test_schema_still_refuses_unknown_keys(write: Callable[..., Path]) -> None:
    spec = write(
        "c.yaml",
        "apiVersion: aks-kit/v1\nkind: Cluster\nspec:\n  nodePools:\n    - {name: u, maxCont: 3}\n",
    )
    assert list(_validator().iter_errors(_yaml(spec)))


def test_schema_has_a_versioned_id(cli: Callable[..., Any]) -> None:
    document = json.loads(cli("presets", "schema").stdout)
    assert document["$id"].endswith("aks-kit/v1")


def test_init_points_editors_at_a_schema_next_to_the_file(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "team" / "cluster.yaml"
    out.parent.mkdir()
    result = cli("init", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./aks-kit.schema.json"
    schema_file = out.parent / "aks-kit.schema.json"
    assert json.loads(schema_file.read_text(encoding="utf-8")) == json.loads(
        cli("presets", "schema").stdout
    )
    assert "site-packages" not in out.read_text(encoding="utf-8")
    assert "file://" not in out.read_text(encoding="utf-8")


def test_init_leaves_a_foreign_schema_file_alone(cli: Callable[..., Any], tmp_path: Path) -> None:
    mine = tmp_path / "aks-kit.schema.json"
    mine.write_text('{"title": "something else"}', encoding="utf-8")
    result = cli("init", "--out", str(tmp_path / "cluster.yaml"))
    assert mine.read_text(encoding="utf-8") == '{"title": "something else"}'
    assert result.exit_code != 0 or "aks-kit.schema.json" in result.stderr


# ------------------------------------------------------------------ lists


def test_presets_list_is_sorted_by_name(cli: Callable[..., Any], tmp_path: Path) -> None:
    (tmp_path / "zeta.yaml").write_text("apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\n")
    (tmp_path / "alpha.yaml").write_text(
        "apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\n"
    )
    names = [
        row["name"]
        for row in cli("presets", "list", "--preset-dir", str(tmp_path), "-o", "json").json()
    ]
    assert names == sorted(names)
    assert names[0] == "alpha" and names[-1] == "zeta"


# ------------------------------------------------------------------ Python API


def test_api_resolves_plans_and_compares() -> None:
    from aks_kit import api

    spec = api.resolve(preset="standard", sets=["spec.tier=standard"])
    assert spec.ok and spec.data["spec"]["tier"] == "standard"
    old = api.plan(preset="standard")
    new = api.plan(preset="standard", sets=["spec.nodePools[user].vmSize=Standard_D16ds_v5"])
    assert not new.blocked
    assert new.document["resources"]
    report = api.compare(old, new)
    assert any(c.path.endswith("vmSize") for c in report.changes)
    assert report.to_dict()["summary"]


def test_api_plans_a_fleet() -> None:
    from aks_kit import api

    result = api.plan(file=REPO / "examples" / "fleets" / "shop-two-region.yaml")
    assert result.document["kind"] == "Fleet"


def test_api_raises_the_cli_errors() -> None:
    from aks_kit import api
    from aks_kit.errors import AksKitError

    with pytest.raises(AksKitError) as caught:
        api.resolve(preset="standrd")
    assert caught.value.exit_code == 4


def test_api_is_typed(tmp_path: Path) -> None:
    """py.typed ships, and a script using the API type-checks under mypy --strict."""
    assert (REPO / "aks_kit" / "py.typed").exists()
    assert '"aks_kit" = ["py.typed"]' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    script = tmp_path / "use_api.py"
    script.write_text(
        "from aks_kit import api\n"
        "result: api.PlanResult = api.plan(preset='standard')\n"
        "blocked: bool = result.blocked\n"
        "names: list[str] = [r['name'] for r in result.document['resources']]\n"
        "report = api.compare(result, result)\n"
        "count: int = len(report.changes)\n",
        encoding="utf-8",
    )
    env = {**base_env(), "MYPYPATH": str(REPO)}  # an editable install hides it from mypy
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--ignore-missing-imports",
            "--follow-imports=silent",
            str(script),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
