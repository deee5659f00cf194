"""Resolving a document: the preset chain, search path, locks, flags and defaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aks_kit.errors import NotFound, SpecError, UsageError
from aks_kit.presets.resolve import resolve

HEADER = "apiVersion: aks-kit/v1\n"


def test_builtin_preset_resolves_with_default_metadata() -> None:
    resolved = resolve(preset="standard")
    assert resolved.ok
    assert resolved.document is not None
    meta = resolved.document.metadata
    assert (meta.name, meta.resource_group, meta.location) == (
        "aks-standard",
        "rg-aks-standard",
        "eastus2",
    )
    assert resolved.layers == ["preset:standard"]


def test_chain_is_root_first_and_child_wins() -> None:
    resolved = resolve(preset="standard-large")
    assert resolved.layers == ["preset:standard", "preset:standard-large"]
    assert resolved.document is not None
    pools = [p.name for p in resolved.document.spec.node_pools]
    assert pools == ["system", "user", *(f"user{i}" for i in range(2, 10))]
    assert resolved.provenance.origin_of("spec.nodePools[system].vmSize").layer == (
        "preset:standard-large"
    )
    assert resolved.provenance.origin_of("spec.nodePools[system].mode").layer == "preset:standard"


def test_file_extends_relative_path(write: Callable[[str, str], Path]) -> None:
    write(
        "base/team.yaml",
        HEADER + "kind: Preset\nextends: standard\nmetadata: {tags: {team: web}}\n",
    )
    cluster = write("clusters/prod.yaml", HEADER + "kind: Cluster\nextends: ../base/team.yaml\n")
    resolved = resolve(file=str(cluster))
    assert resolved.ok, [f.render() for f in resolved.findings]
    assert resolved.document is not None
    assert resolved.document.metadata.tags == {"team": "web"}
    assert resolved.document.metadata.name == "aks-prod"
    assert resolved.layers == ["preset:standard", "preset:../base/team.yaml", f"-f {cluster}"]


def test_cycle_names_the_chain(write: Callable[[str, str], Path]) -> None:
    write("a.yaml", HEADER + "kind: Preset\nextends: ./b.yaml\n")
    write("b.yaml", HEADER + "kind: Preset\nextends: ./a.yaml\n")
    cluster = write("c.yaml", HEADER + "kind: Cluster\nextends: ./a.yaml\n")
    with pytest.raises(SpecError, match=r"extends cycle: preset:\./a\.yaml -> preset:\./b\.yaml"):
        resolve(file=str(cluster))


def test_preset_search_path_env_then_preset_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_dir, flag_dir = tmp_path / "env", tmp_path / "flag"
    env_dir.mkdir()
    flag_dir.mkdir()
    (env_dir / "team.yaml").write_text(HEADER + "kind: Preset\nextends: standard\n")
    (flag_dir / "team.yaml").write_text(HEADER + "kind: Preset\nextends: automatic\n")
    (flag_dir / "only.yaml").write_text(HEADER + "kind: Preset\nextends: automatic\n")
    monkeypatch.setenv("AKS_KIT_PRESET_PATH", str(env_dir))
    first = resolve(preset="team", preset_dirs=[flag_dir])
    assert first.data["spec"]["sku"] == "base"
    only = resolve(preset="only", preset_dirs=[flag_dir])
    assert only.data["spec"]["sku"] == "automatic"
    with pytest.raises(NotFound):
        resolve(preset="only")


def test_lock_refuses_a_change_below_it(write: Callable[[str, str], Path]) -> None:
    write(
        "locked.yaml",
        HEADER + "kind: Preset\nextends: standard\nlocked: [spec.tier, spec.network]\n",
    )
    cluster = write(
        "c.yaml",
        HEADER + "kind: Cluster\nextends: ./locked.yaml\nspec:\n  tier: premium\n",
    )
    resolved = resolve(file=str(cluster), sets=["spec.network.podCidr=10.64.0.0/12"])
    locked = [f for f in resolved.findings if f.code == "locked"]
    assert [(f.path, f.value) for f in locked] == [
        ("spec.tier", "premium"),
        ("spec.network", locked[1].value),
    ]
    assert locked[0].layer == f"-f {cluster}, line 5"
    assert locked[0].message == "locked by preset:./locked.yaml; it cannot be changed below it"
    assert locked[1].layer == "--set spec.network.podCidr"


def test_restating_a_locked_value_is_fine(write: Callable[[str, str], Path]) -> None:
    write("locked.yaml", HEADER + "kind: Preset\nextends: standard\nlocked: [spec.tier]\n")
    cluster = write(
        "c.yaml", HEADER + "kind: Cluster\nextends: ./locked.yaml\nspec: {tier: standard}\n"
    )
    assert not [f for f in resolve(file=str(cluster)).findings if f.code == "locked"]


def test_flags_apply_after_the_file_in_order() -> None:
    resolved = resolve(
        preset="standard",
        name="prod-eus2",
        location="westus3",
        sets=["spec.tier=premium", "spec.nodePools[web].vmSize=Standard_D8ds_v5", "spec.tier=free"],
    )
    assert resolved.document is not None
    assert resolved.document.metadata.name == "prod-eus2"
    assert resolved.document.metadata.resource_group == "rg-prod-eus2"
    assert resolved.document.metadata.location == "westus3"
    assert resolved.document.spec.tier == "free"
    assert resolved.document.spec.node_pools[-1].name == "web"
    assert resolved.provenance.origin_of("metadata.name").layer == "--name"


def test_set_null_restores_the_model_default() -> None:
    resolved = resolve(preset="standard", sets=["spec.network.podCidr=null"])
    assert resolved.document is not None
    assert resolved.document.spec.network.pod_cidr is None
    assert resolved.provenance.explicit("spec.network.podCidr") is None


def test_stdin_file() -> None:
    text = HEADER + "kind: Cluster\nextends: automatic\nmetadata: {name: from-stdin}\n"
    resolved = resolve(file="-", file_text=text)
    assert resolved.ok
    assert resolved.layers == ["preset:automatic", "-f -"]


def test_preset_and_extends_together_is_usage_error(write: Callable[[str, str], Path]) -> None:
    cluster = write("c.yaml", HEADER + "kind: Cluster\nextends: standard\n")
    with pytest.raises(UsageError, match="use one of them"):
        resolve(file=str(cluster), preset="automatic")


def test_file_without_extends_takes_preset_flag(write: Callable[[str, str], Path]) -> None:
    cluster = write("c.yaml", HEADER + "kind: Cluster\nspec: {tier: premium}\n")
    resolved = resolve(file=str(cluster), preset="standard")
    assert resolved.layers == ["preset:standard", f"-f {cluster}"]
    assert resolved.data["spec"]["tier"] == "premium"


def test_bare_cluster_needs_a_system_pool(write: Callable[[str, str], Path]) -> None:
    cluster = write("c.yaml", HEADER + "kind: Cluster\n")
    codes = [f.code for f in resolve(file=str(cluster)).findings]
    assert codes == ["system-pool"]
