"""Kubeconfig files: written 0600; merges keep a backup and name the context after the cluster."""

from __future__ import annotations

import stat
from pathlib import Path

import yaml

from aks_kit.cli.kubeconfig import merge_kubeconfig
from aks_kit.files import write_text

CLUSTER_CONFIG = """\
apiVersion: v1
kind: Config
clusters:
- name: clusterUser_rg_prod
  cluster: {server: "https://prod.hcp.eastus2.azmk8s.io:443"}
users:
- name: clusterUser_rg_prod
  user:
    exec: {command: kubelogin, args: [get-token, --server-id, x]}
contexts:
- name: prod
  context: {cluster: clusterUser_rg_prod, user: clusterUser_rg_prod}
current-context: prod
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_private_is_0600(tmp_path: Path) -> None:
    target = tmp_path / "kube" / "prod.yaml"
    write_text(target, CLUSTER_CONFIG, private=True)
    assert mode(target) == 0o600
    assert target.read_text() == CLUSTER_CONFIG


def test_merge_into_existing_keeps_a_backup(tmp_path: Path) -> None:
    target = tmp_path / "config"
    original = "apiVersion: v1\nkind: Config\nclusters: [{name: other, cluster: {server: s}}]\n"
    target.write_text(original)
    merge_kubeconfig(target, CLUSTER_CONFIG, context="prod")
    merged = yaml.safe_load(target.read_text())
    assert [c["name"] for c in merged["clusters"]] == ["other", "prod"]
    assert merged["contexts"][-1] == {
        "name": "prod",
        "context": {"cluster": "prod", "user": "prod-user"},
    }
    assert merged["current-context"] == "prod"
    assert merged["users"][-1]["user"]["exec"]["command"] == "kubelogin"
    assert (tmp_path / "config.aks-kit.bak").read_text() == original
    assert mode(target) == 0o600
    assert mode(tmp_path / "config.aks-kit.bak") == 0o600


def test_merging_twice_replaces_the_entries(tmp_path: Path) -> None:
    target = tmp_path / "config"
    merge_kubeconfig(target, CLUSTER_CONFIG, context="prod")
    merge_kubeconfig(target, CLUSTER_CONFIG, context="prod")
    merged = yaml.safe_load(target.read_text())
    assert [c["name"] for c in merged["clusters"]] == ["prod"]
    assert [u["name"] for u in merged["users"]] == ["prod-user"]
