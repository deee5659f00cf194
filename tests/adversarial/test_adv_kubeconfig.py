"""Data lost, kubeconfig: a merge never follows a symlink, never loses the original, never
crashes on a kubeconfig it cannot read; `--out` follows the one rule of every `--out`.

The engine is the real Automation API against the scripted pulumi CLI of tests/support.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from fake_preflight import passing_preflight
from fake_pulumi import FakePulumi, stack_outputs, stack_select

from aks_kit.cli.application import Application

STACK = "prod"


def cluster_config(server: str) -> str:
    return (
        "apiVersion: v1\nkind: Config\n"
        f"clusters: [{{name: c, cluster: {{server: '{server}'}}}}]\n"
        "users: [{name: u, user: {token: t0ken}}]\n"
        "contexts: [{name: c, context: {cluster: c, user: u}}]\n"
    )


class Credential:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        raise AssertionError("kubeconfig needs no Azure token")


@pytest.fixture
def serve(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, application: Application
) -> Callable[[str], None]:
    """The stack's kubeconfig output, served to the next `aks-kit kubeconfig` call."""
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "aks-kit"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)

    def install(text: str) -> None:
        script = [
            stack_select(STACK),
            *stack_outputs(
                STACK, {"clusterName": STACK, "kubeconfig": text}, secret=["kubeconfig"]
            ),
        ]
        fake = FakePulumi(script)
        application.pulumi_command = lambda: fake
        application.credential = Credential
        application.preflight = passing_preflight  # no Azure here

    return install


def clean(result: Any) -> None:
    text = result.stdout + result.stderr
    assert result.exception is None, repr(result.exception)
    assert "unexpected error" not in text, text
    assert result.exit_code != 1, text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_symlinked_kubeconfig_is_refused_and_its_target_untouched(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path
) -> None:
    real = tmp_path / "dotfiles" / "kubeconfig"
    real.parent.mkdir()
    real.write_text(cluster_config("https://other"))
    real.chmod(0o640)
    link = tmp_path / "config"
    link.symlink_to(real)
    serve(cluster_config("https://prod"))
    result = cli("kubeconfig", STACK, "--kubeconfig", str(link))
    clean(result)
    assert result.exit_code != 0
    assert "symlink" in result.stderr, result.stderr
    assert str(real) in result.stderr.replace("\n", "")
    assert real.read_text() == cluster_config("https://other")
    assert mode(real) == 0o640
    assert link.is_symlink()


def test_a_symlinked_folder_on_the_way_is_fine(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "real-kube").mkdir()
    (tmp_path / "kube").symlink_to(tmp_path / "real-kube")
    serve(cluster_config("https://prod"))
    result = cli("kubeconfig", STACK, "--kubeconfig", str(tmp_path / "kube" / "config"))
    assert result.exit_code == 0, result.stderr
    assert mode(tmp_path / "real-kube" / "config") == 0o600


def test_every_merge_keeps_its_own_backup(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "config"
    original = cluster_config("https://original")
    target.write_text(original)
    states = [original]
    for server in ("https://one", "https://two", "https://three"):
        serve(cluster_config(server))
        result = cli("kubeconfig", STACK, "--kubeconfig", str(target))
        assert result.exit_code == 0, result.stderr
        states.append(target.read_text())
    backups = sorted(p for p in tmp_path.iterdir() if p.name.startswith("config") and p != target)
    contents = [p.read_text() for p in backups]
    for state in states[:-1]:
        assert state in contents, f"a backup was overwritten; have {[p.name for p in backups]}"
    assert all(mode(p) == 0o600 for p in backups)


@pytest.mark.parametrize(
    "existing",
    [
        "clusters: [\n",
        "- just\n- a list\n",
        "clusters: 5\n",
        "clusters: [5]\n",
        "clusters: [{name: [1, 2]}]\n",
        "users: {a: b}\n",
        "contexts: [null]\n",
        "apiVersion: v1\nkind: Config\nclusters: !!binary aGVsbG8=\n",
        "\xff\xfe\x00garbage",
        "a: &x [*x]\n",
        "key: value\nkey: other\n",
    ],
    ids=[
        "unclosed",
        "a-list",
        "clusters-number",
        "clusters-item-number",
        "name-not-text",
        "users-mapping",
        "null-context",
        "binary-tag",
        "not-utf8",
        "recursive-alias",
        "duplicate-key",
    ],
)
def test_a_malformed_kubeconfig_is_refused_untouched(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path, existing: str
) -> None:
    target = tmp_path / "config"
    target.write_bytes(existing.encode("utf-8", "surrogateescape"))
    before = target.read_bytes()
    serve(cluster_config("https://prod"))
    result = cli("kubeconfig", STACK, "--kubeconfig", str(target))
    clean(result)
    assert result.exit_code == 3, result.stderr
    assert str(target) in result.stderr.replace("\n", "")
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "incoming",
    ["clusters: [{name: c}]\nusers: [{name: u}]\n", "[1, 2]\n", "clusters: [\n", "{}\n"],
    ids=["no-cluster-entry", "a-list", "malformed", "empty"],
)
def test_a_malformed_kubeconfig_from_the_stack_is_a_clean_error(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path, incoming: str
) -> None:
    target = tmp_path / "config"
    target.write_text(cluster_config("https://original"))
    serve(incoming)
    result = cli("kubeconfig", STACK, "--kubeconfig", str(target))
    clean(result)
    assert result.exit_code != 0
    assert target.read_text() == cluster_config("https://original")


def test_kubeconfig_out_onto_an_existing_file_needs_force(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "prod.kubeconfig"
    target.write_text("precious\n")
    serve(cluster_config("https://prod"))
    result = cli("kubeconfig", STACK, "--out", str(target))
    clean(result)
    assert result.exit_code == 2, result.stderr
    assert "--force" in result.stderr
    assert target.read_text() == "precious\n"
    serve(cluster_config("https://prod"))
    forced = cli("kubeconfig", STACK, "--out", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert mode(target) == 0o600
    assert yaml.safe_load(target.read_text())["clusters"][0]["cluster"]["server"] == "https://prod"


def test_kubeconfig_out_replaces_a_symlink_not_its_target(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours\n")
    victim.chmod(0o644)
    link = tmp_path / "prod.kubeconfig"
    link.symlink_to(victim)
    serve(cluster_config("https://prod"))
    result = cli("kubeconfig", STACK, "--out", str(link), "--force")
    clean(result)
    assert victim.read_text() == "not yours\n"
    assert mode(victim) == 0o644
    if result.exit_code == 0:
        assert not link.is_symlink()
        assert mode(link) == 0o600


def test_a_merge_creates_a_private_file_under_a_permissive_umask(
    serve: Callable[[str], None], cli: Callable[..., Any], tmp_path: Path
) -> None:
    old = os.umask(0)
    try:
        serve(cluster_config("https://prod"))
        result = cli("kubeconfig", STACK, "--kubeconfig", str(tmp_path / "new" / "config"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert mode(tmp_path / "new" / "config") == 0o600
