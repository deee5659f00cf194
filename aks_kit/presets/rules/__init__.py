"""Rules over a validated spec, by feature. Each rule is one function yielding findings.

`run_rules` runs them all in a fixed order (findings are printed in it), the capacity
checks last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..capacity.findings import capacity_findings
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument
from . import (
    address_plan,
    automatic,
    azure_resource,
    features,
    identity,
    limits,
    network,
    pools,
)

Rule = Callable[[ClusterDocument, Provenance], Iterable[Finding]]

RULES: list[Rule] = [
    azure_resource.region,
    azure_resource.resource_group,
    azure_resource.tags,
    automatic.system_subnet,
    automatic.no_system_pools,
    automatic.base_without_inline_pool,
    automatic.no_autoscaling_pools,
    automatic.linux_only,
    features.maintenance_windows,
    pools.pool_names,
    pools.pool_counts,
    pools.max_pods,
    limits.pool_total,
    limits.cluster_nodes,
    network.network_plugin,
    pools.system_pool,
    pools.spot_settings,
    pools.os_skus,
    pools.local_dns,
    pools.zone_balancing,
    pools.surge,
    features.support_plan,
    identity.identity_and_auth,
    network.egress,
    network.api_server,
    features.node_provisioning,
    features.features,
    address_plan.overlaps,
    address_plan.vnet_layout,
    address_plan.dns_service_ip,
    address_plan.pod_range_size,
    address_plan.subnet_sizes,
    capacity_findings,
]


def run_rules(document: ClusterDocument, provenance: Provenance) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(document, provenance))
    return findings
