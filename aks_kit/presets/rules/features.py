"""Feature rules: settings that only mean something with another (support plan, node
provisioning, add-ons, maintenance windows).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import facts
from ..attribution import finding_at, pool_path
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument

LTS_PLAN = facts.LTS_NEEDS_PREMIUM.value  # the enum value is UNCONFIRMED (see the fact)


def support_plan(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    if doc.spec.support_plan == LTS_PLAN and doc.spec.tier != "premium":
        yield finding_at(
            provenance,
            "error",
            "support-plan",
            "spec.supportPlan",
            "AKSLongTermSupport",
            "long-term support requires tier: premium",
        )


def node_provisioning(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    spec = doc.spec
    if spec.node_provisioning.mode == "Auto" and spec.sku == "base":
        for pool in spec.node_pools:
            if pool.autoscaling:
                yield finding_at(
                    provenance,
                    "error",
                    "node-provisioning",
                    pool_path(pool, "maxCount"),
                    pool.max_count,
                    "with nodeProvisioning.mode: Auto the cluster autoscaler is off; "
                    "pools take a fixed count",
                )
    if spec.node_provisioning.managed_system_pools and spec.sku != "automatic":
        moved = any(p.mode == "system" and p.inline is False for p in spec.node_pools)
        yield finding_at(
            provenance,
            # A cluster moved from Automatic to Base still has them; a new Base one cannot.
            "warning" if moved else "error",
            "node-provisioning",
            "spec.nodeProvisioning.managedSystemPools",
            True,
            "managed system node pools are part of AKS Automatic (sku: automatic)",
        )


def features(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    spec = doc.spec
    if spec.monitoring.cost_analysis and spec.tier == "free":
        yield finding_at(
            provenance,
            "error",
            "tier",
            "spec.monitoring.costAnalysis",
            True,
            "cost analysis needs tier standard or premium",
        )
    ing = spec.ingress
    if not ing.app_routing and (ing.nginx is not None or ing.dns_zone_ids):
        key = "nginx" if ing.nginx is not None else "dnsZoneIds"
        yield finding_at(
            provenance,
            "error",
            "ingress",
            f"spec.ingress.{key}",
            getattr(ing, "nginx" if key == "nginx" else "dns_zone_ids"),
            "only used with ingress.appRouting: true",
        )
    if spec.network.advanced is not None and spec.network.dataplane != "cilium":
        yield finding_at(
            provenance,
            "error",
            "network",
            "spec.network.advanced",
            None,
            "advanced container networking requires dataplane: cilium",
        )
    upgrades = spec.upgrades
    if upgrades.auto_upgrade_window is not None and upgrades.channel == "none":
        yield finding_at(
            provenance,
            "warning",
            "maintenance",
            "spec.upgrades.autoUpgradeWindow",
            None,
            "the window is unused while upgrades.channel is none",
        )
    if upgrades.node_os_upgrade_window is not None and upgrades.node_os_channel in (
        "None",
        "Unmanaged",
    ):
        yield finding_at(
            provenance,
            "warning",
            "maintenance",
            "spec.upgrades.nodeOSUpgradeWindow",
            None,
            f"the window is unused while nodeOSChannel is {upgrades.node_os_channel}",
        )


def maintenance_windows(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    needs = {
        "weekly": ("dayOfWeek",),
        "absoluteMonthly": ("dayOfMonth",),
        "relativeMonthly": ("weekIndex", "dayOfWeek"),
        "daily": (),
    }
    fields = {"dayOfWeek": "day_of_week", "dayOfMonth": "day_of_month", "weekIndex": "week_index"}
    for key, window in (
        ("autoUpgradeWindow", doc.spec.upgrades.auto_upgrade_window),
        ("nodeOSUpgradeWindow", doc.spec.upgrades.node_os_upgrade_window),
    ):
        if window is None:
            continue
        for needed in needs[window.frequency]:
            if getattr(window, fields[needed]) is None:
                yield finding_at(
                    provenance,
                    "error",
                    "maintenance",
                    f"spec.upgrades.{key}.{needed}",
                    None,
                    f"a {window.frequency} window needs {needed}",
                )
        largest: dict[str, int] = facts.MAINTENANCE_INTERVAL_MAX.value
        unit = {"daily": "days", "weekly": "weeks"}.get(window.frequency, "months")
        if window.interval > largest[window.frequency]:
            yield finding_at(
                provenance,
                "error",
                "maintenance",
                f"spec.upgrades.{key}.interval",
                window.interval,
                f"a {window.frequency} window's interval is 1 to {largest[window.frequency]} "
                f"{unit} ({facts.MAINTENANCE_INTERVAL_MAX.cite()})",
            )
