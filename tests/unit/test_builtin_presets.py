"""The built-in presets say what the foundation promises, checked against literals."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from aks_kit.presets.model import ClusterDocument
from aks_kit.presets.resolve import resolve

PRESETS = Path(__file__).resolve().parents[2] / "aks_kit" / "presets" / "builtin"


def resolved(name: str) -> ClusterDocument:
    result = resolve(preset=name)
    assert result.ok, [f.render() for f in result.findings]
    assert result.document is not None
    return result.document


@pytest.mark.parametrize("name", ["standard", "automatic", "standard-large"])
def test_each_preset_has_a_header_and_pins_no_version(name: str) -> None:
    text = (PRESETS / f"{name}.yaml").read_text()
    assert text.startswith(f"# {name}: ")
    assert "kubernetesVersion" not in text
    assert resolved(name).spec.kubernetes_version is None


def test_standard_writes_out_production_choices() -> None:
    doc = resolved("standard")
    spec = doc.spec
    assert (spec.sku, spec.tier) == ("base", "standard")
    net = spec.network
    assert (net.plugin, net.plugin_mode, net.dataplane, net.policy) == (
        "azure",
        "overlay",
        "cilium",
        "cilium",
    )
    assert net.pod_cidr is not None
    assert ipaddress.ip_network(net.pod_cidr).prefixlen <= 14
    assert spec.security.workload_identity and spec.security.oidc_issuer
    assert spec.security.azure_rbac and not spec.security.local_accounts
    assert spec.upgrades.channel == "patch"
    assert spec.upgrades.auto_upgrade_window is not None
    assert spec.upgrades.node_os_upgrade_window is not None
    assert doc.metadata.protect is True
    system, user = spec.node_pools
    assert (system.name, system.mode, system.count, system.zones) == (
        "system",
        "system",
        3,
        ["1", "2", "3"],
    )
    assert (user.name, user.mode, user.autoscaling) == ("user", "user", True)
    assert user.min_count is not None and user.min_count <= 3


def test_automatic_is_automatic() -> None:
    spec = resolved("automatic").spec
    assert (spec.sku, spec.tier) == ("automatic", "standard")
    assert spec.node_pools == []
    assert spec.node_provisioning.mode == "Auto"
    assert spec.node_provisioning.managed_system_pools is True
    assert spec.network.outbound_type == "managedNATGateway"
    assert spec.node_resource_group.restriction_level == "ReadOnly"
    assert (spec.workload_autoscaler.keda, spec.workload_autoscaler.vpa) == (True, True)


def test_standard_large_is_ready_for_5000_nodes() -> None:
    result = resolve(preset="standard-large")
    assert not [f for f in result.findings if f.level == "error"]
    assert result.document is not None
    spec = result.document.spec
    assert spec.tier == "standard"
    assert (spec.network.plugin_mode, spec.network.dataplane) == ("overlay", "cilium")
    assert spec.network.pod_cidr is not None
    # one /24 per node: a /11 holds 8,192 nodes, enough for 5,000 plus surge
    assert 2 ** (24 - ipaddress.ip_network(spec.network.pod_cidr).prefixlen) >= 5500
    users = [p for p in spec.node_pools if p.mode == "user"]
    assert len(users) >= 5
    system = next(p for p in spec.node_pools if p.mode == "system")
    assert system.vm_size == "Standard_D16ds_v5"
    assert system.os_disk_type == "Ephemeral"
    assert 4900 <= sum(p.max_nodes for p in spec.node_pools) <= 5000
    # one autoscaled pool per zone (balanceSimilarNodeGroups)
    assert all(len(p.zones) == 1 for p in spec.node_pools if p.autoscaling)
    assert all(p.max_surge in ("10%", "20%") for p in spec.node_pools)
    assert spec.network.nat_gateway is not None and spec.network.nat_gateway.outbound_ips >= 2
    assert spec.autoscaler is not None and spec.autoscaler.scan_interval == "20s"
