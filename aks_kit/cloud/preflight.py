"""Preflight: will Azure accept this cluster (or fleet) before `up` spends an hour?

Each check is ok, warning or error, with its fix: the Kubernetes version is offered in the
region (LTS needs the premium tier); each pool's VM size exists in the region and its zones
for this subscription; vCPU quota per family and in total covers every pool at its maximum
plus surge; public IP and NAT gateway quota covers the egress plan; the resource providers
and preview features the spec needs are registered. A fleet adds totals per region.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from aks_kit.errors import Blocked
from aks_kit.presets.model import ClusterDocument

from . import quota
from .regional import RegionalFacts, Usage
from .versions import COMMUNITY_PLAN, LTS_PLAN, version_key

Level = Literal["ok", "warning", "error"]

QUOTA_HELP = "https://learn.microsoft.com/azure/quotas/per-vm-quota-requests"
NETWORK_QUOTA_HELP = "https://learn.microsoft.com/azure/quotas/networking-quota-requests"
REGION_ACCESS = (
    "https://learn.microsoft.com/troubleshoot/azure/general/region-access-request-process"
)
VERSIONS_HELP = "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions"
LTS_HELP = "https://learn.microsoft.com/azure/aks/long-term-support"
PROVIDERS_HELP = "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types"

# Resource providers every cluster needs, and those for AKS Automatic (which turns on
# Azure Policy): https://learn.microsoft.com/azure/aks/automatic/quick-automatic-managed-network
PROVIDERS = (
    "Microsoft.ContainerService",
    "Microsoft.Network",
    "Microsoft.Compute",
    "Microsoft.OperationalInsights",
    "Microsoft.Monitor",
    "Microsoft.Insights",
)
AUTOMATIC_PROVIDERS = ("Microsoft.PolicyInsights",)


@dataclass(frozen=True)
class PreviewFeature:
    namespace: str
    name: str
    what: str
    source: str

    def used_by(self, doc: ClusterDocument) -> bool:
        if self.name == "StaticEgressGatewayPreview":
            return any(pool.mode == "gateway" for pool in doc.spec.node_pools)
        return False


PREVIEW_FEATURES = (
    PreviewFeature(
        "Microsoft.ContainerService",
        "StaticEgressGatewayPreview",
        "gateway node pools (static egress gateway)",
        "https://learn.microsoft.com/azure/aks/configure-static-egress-gateway",
    ),
)


@dataclass(frozen=True)
class Check:
    cluster: str
    region: str
    check: str
    level: Level
    detail: str
    fix: str = ""
    numbers: dict[str, int] | None = None
    """Quota checks: needed, inUse, limit."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "cluster": self.cluster,
            "region": self.region,
            "check": self.check,
            "level": self.level,
            "detail": self.detail,
            "fix": self.fix,
        }
        if self.numbers is not None:
            data["numbers"] = self.numbers
        return data


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    reads: int = 0
    """Distinct ARM reads (each cached per region and subscription)."""
    calls: int = 0
    """ARM requests sent, retries and pages included."""

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.level == "error"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.errors,
            "errors": len(self.errors),
            "warnings": sum(c.level == "warning" for c in self.checks),
            "armCalls": self.calls,
            "checks": [c.to_dict() for c in self.checks],
        }


def preflight_cluster(doc: ClusterDocument, facts: RegionalFacts) -> list[Check]:
    """Every check of one cluster (its quota alone; a fleet adds totals)."""
    checks = list(cluster_checks(doc, facts))
    demand = cluster_demand(doc, facts)
    checks.extend(quota_checks(doc.metadata.name, demand, facts, _credit(doc, facts)))
    return checks


def preflight_fleet(docs: list[ClusterDocument], facts: RegionalFacts) -> list[Check]:
    """Each member's checks, then quota totals per region of the subscription."""
    checks: list[Check] = []
    total = quota.Demand()
    credit: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        checks.extend(cluster_checks(doc, facts))
        demand = cluster_demand(doc, facts)
        own = _credit(doc, facts)
        checks.extend(quota_checks(doc.metadata.name, demand, facts, own))
        credit.update(own)
        total.add(demand)
    label = f"all {len(docs)} members"
    checks.extend(quota_checks(label, total, facts, credit))
    return checks


def cluster_checks(doc: ClusterDocument, facts: RegionalFacts) -> Iterator[Check]:
    yield from version_checks(doc, facts)
    yield from vm_size_checks(doc, facts)
    yield from provider_checks(doc, facts)
    yield from feature_checks(doc, facts)


def cluster_demand(doc: ClusterDocument, facts: RegionalFacts) -> quota.Demand:
    demand = quota.compute_demand(doc, facts.vm_skus(doc.metadata.location))
    demand.add(quota.egress_demand(doc))
    return demand


def _credit(doc: ClusterDocument, facts: RegionalFacts) -> Counter[tuple[str, str]]:
    """The vCPUs the cluster itself already holds, when it exists: an update reuses them."""
    meta = doc.metadata
    group = meta.resource_group or f"rg-{meta.name}"
    existing = facts.cluster(group, meta.name)
    if existing is None:
        return Counter()
    return quota.existing_vcpus(existing, facts.vm_skus(meta.location), meta.location)


# --------------------------------------------------------------------------- versions


def version_checks(doc: ClusterDocument, facts: RegionalFacts) -> Iterator[Check]:
    name, region, spec = doc.metadata.name, doc.metadata.location, doc.spec
    offered = facts.versions(region)

    def check(level: Level, detail: str, fix: str = "") -> Check:
        return Check(name, region, "kubernetes version", level, detail, fix)

    listed = ", ".join(v.version for v in offered if not v.preview) or "none"
    wanted = spec.kubernetes_version
    lts = spec.support_plan == LTS_PLAN
    if wanted is None:
        default = next((v for v in offered if v.default), None)
        if default is None:
            yield check("warning", f"{region} names no default version (offers {listed})")
            return
        if lts and not default.lts:
            yield check(
                "error",
                f"the region's default {default.version} has no long-term support in {region}",
                f"set spec.kubernetesVersion to a version with LTS: {LTS_HELP}",
            )
        else:
            yield check("ok", f"the region's default, {default.version}")
    else:
        yield from _one_version(check, "spec.kubernetesVersion", wanted, offered, lts, listed)
    if lts and spec.tier != "premium":
        yield check(
            "error",
            "long-term support (supportPlan AKSLongTermSupport) needs the premium tier",
            f"set spec.tier: premium ({LTS_HELP})",
        )
    for pool in spec.node_pools:
        if pool.kubernetes_version:
            path = f"spec.nodePools[{pool.name}].kubernetesVersion"
            yield from _one_version(check, path, pool.kubernetes_version, offered, lts, listed)


def _one_version(
    check: Any, path: str, wanted: str, offered: list[Any], lts: bool, listed: str
) -> Iterator[Check]:
    minor = ".".join(wanted.split(".")[:2])
    match = next((v for v in offered if v.version == minor), None)
    fix = f"set {path} to one the region offers ({listed}); {VERSIONS_HELP}"
    if match is None:
        yield check("error", f"{path} {wanted} is not offered (offers {listed})", fix)
        return
    if wanted != minor and match.patches and wanted not in match.patches:
        patches = ", ".join(sorted(match.patches, key=version_key))
        yield check(
            "error",
            f"{path} {wanted}: patch not offered (offers {patches})",
            f"pin an offered patch, or write {minor} to follow patches",
        )
        return
    if lts and not match.lts:
        yield check("error", f"{path} {wanted} has no long-term support here", LTS_HELP)
        return
    if not lts and match.lts_only and COMMUNITY_PLAN not in match.support_plans:
        yield check(
            "error",
            f"{path} {wanted} is offered only with long-term support",
            f"set spec.supportPlan: AKSLongTermSupport and spec.tier: premium, or pick a newer "
            f"version ({LTS_HELP})",
        )
        return
    if match.preview:
        yield check("warning", f"{path} {wanted} is a preview version", fix)
        return
    yield check("ok", f"{path} {wanted} is offered")


# --------------------------------------------------------------------------- VM sizes, zones


def vm_size_checks(doc: ClusterDocument, facts: RegionalFacts) -> Iterator[Check]:
    name, region = doc.metadata.name, doc.metadata.location
    skus = facts.vm_skus(region)
    for pool in doc.spec.node_pools:
        label = f"pool {pool.name}: {pool.vm_size}"

        def check(level: Level, detail: str, fix: str = "", label: str = label) -> Check:
            return Check(name, region, "vm size", level, f"{label} {detail}", fix)

        sku = skus.get(pool.vm_size.lower())
        listing = f"`az vm list-skus -l {region} --resource-type virtualMachines -o table`"
        if sku is None:
            yield check("error", f"is not offered in {region}", f"pick a size {listing} lists")
            continue
        if sku.restricted:
            yield check(
                "error",
                f"is not available to this subscription in {region} ({sku.restricted})",
                f"pick another size or region, or ask for access: {REGION_ACCESS}",
            )
            continue
        missing = sorted(z for z in pool.zones if z not in sku.zones)
        blocked = sorted(z for z in pool.zones if z in sku.restricted_zones and z in sku.zones)
        if missing:
            offered = ", ".join(sorted(sku.zones)) or "none"
            yield check(
                "error",
                f"is not offered in zone(s) {', '.join(missing)} of {region} (zones: {offered})",
                f"set spec.nodePools[{pool.name}].zones to offered zones, or pick another size",
            )
        elif blocked:
            yield check(
                "error",
                f"is restricted for this subscription in zone(s) {', '.join(blocked)} of {region}",
                f"drop those zones from spec.nodePools[{pool.name}].zones, or ask for access: "
                f"{REGION_ACCESS}",
            )
        else:
            where = f" in zones {', '.join(pool.zones)}" if pool.zones else ""
            yield check("ok", f"is offered{where} ({sku.vcpus} vCPUs, {sku.family})")
    if doc.spec.node_provisioning.mode == "Auto":
        yield Check(
            name,
            region,
            "vm size",
            "warning",
            "node auto-provisioning picks VM sizes itself: their quota is not counted here",
            f"keep vCPU quota for the sizes it may pick: {QUOTA_HELP}",
        )


# --------------------------------------------------------------------------- quota


def quota_checks(
    who: str,
    demand: quota.Demand,
    facts: RegionalFacts,
    credit: Counter[tuple[str, str]] | None = None,
) -> Iterator[Check]:
    """Needed against limit minus what is in use (less what the clusters already hold)."""
    credit = credit or Counter()
    for (region, name), needed in sorted(demand.compute.items()):
        usages = facts.compute_usages(region)
        yield _quota(who, region, "vCPU quota", name, needed, usages, credit, QUOTA_HELP)
    for (region, name), needed in sorted(demand.network.items()):
        usages = facts.network_usages(region)
        if name not in usages:
            continue  # not every network quota is listed in every region or cloud
        check = "NAT gateway quota" if name == quota.NAT_GATEWAYS else "public IP quota"
        if name == quota.LOAD_BALANCERS:
            check = "load balancer quota"
        yield _quota(who, region, check, name, needed, usages, credit, NETWORK_QUOTA_HELP)


def _quota(
    who: str,
    region: str,
    check: str,
    name: str,
    needed: int,
    usages: dict[str, Usage],
    credit: Counter[tuple[str, str]],
    help_url: str,
) -> Check:
    usage = usages.get(name)
    if usage is None:
        return Check(
            who,
            region,
            check,
            "error",
            f"{name}: {needed:,} needed, but {region} lists no such quota for this subscription",
            f"the VM family may not be offered here: {help_url}",
            {"needed": needed, "inUse": 0, "limit": 0},
        )
    in_use = max(usage.current - credit.get((region, name), 0), 0)
    numbers = {"needed": needed, "inUse": in_use, "limit": usage.limit}
    text = (
        f"{usage.label} ({name}) in {region}: needed {needed:,}, in use {in_use:,}, "
        f"limit {usage.limit:,}"
    )
    if needed + in_use > usage.limit:
        return Check(
            who,
            region,
            check,
            "error",
            text,
            f"request a limit of at least {needed + in_use:,} for {name} in {region}: {help_url}",
            numbers,
        )
    return Check(who, region, check, "ok", text, numbers=numbers)


# --------------------------------------------------------------------------- providers


def required_providers(doc: ClusterDocument) -> tuple[str, ...]:
    if doc.spec.sku == "automatic" or doc.spec.security.azure_policy:
        return PROVIDERS + AUTOMATIC_PROVIDERS
    return PROVIDERS


def provider_checks(doc: ClusterDocument, facts: RegionalFacts) -> Iterator[Check]:
    states = facts.providers()
    name, region = doc.metadata.name, doc.metadata.location
    missing = [p for p in required_providers(doc) if states.get(p.lower()) != "Registered"]
    if not missing:
        yield Check(name, region, "resource providers", "ok", "all registered")
        return
    for namespace in missing:
        state = states.get(namespace.lower(), "NotRegistered")
        yield Check(
            name,
            region,
            "resource providers",
            "error",
            f"{namespace} is {state}",
            f"`az provider register --namespace {namespace}` ({PROVIDERS_HELP})",
        )


def feature_checks(doc: ClusterDocument, facts: RegionalFacts) -> Iterator[Check]:
    name, region = doc.metadata.name, doc.metadata.location
    for feature in PREVIEW_FEATURES:
        if not feature.used_by(doc):
            continue
        state = facts.feature_state(feature.namespace, feature.name)
        detail = f"{feature.namespace}/{feature.name} ({feature.what}) is {state}"
        if state == "Registered":
            yield Check(name, region, "preview feature", "ok", detail)
            continue
        yield Check(
            name,
            region,
            "preview feature",
            "error",
            detail,
            f"`az feature register --namespace {feature.namespace} --name {feature.name}`, "
            f"then `az provider register --namespace {feature.namespace}` ({feature.source})",
        )


def run(docs: Iterable[ClusterDocument], facts: RegionalFacts, *, fleet: bool) -> Report:
    members = list(docs)
    checks = preflight_fleet(members, facts) if fleet else preflight_cluster(members[0], facts)
    return Report(checks, reads=len(facts.reads), calls=facts.session.calls)


def check(docs: list[ClusterDocument], session: Any, *, fleet: bool) -> Report:
    """Preflight `docs` (one cluster, or a fleet's members) with one session's cached reads."""
    from .regional import RegionalFacts

    facts = RegionalFacts(session)
    used = {(f.namespace, f.name) for f in PREVIEW_FEATURES for doc in docs if f.used_by(doc)}
    facts.prefetch({doc.metadata.location for doc in docs}, features=used)
    return run(docs, facts, fleet=fleet)


class PreflightFailed(Blocked):
    """Preflight found errors: `preview` and `up` stop (exit 3) unless --skip-preflight."""

    def __init__(self, report: Report) -> None:
        lines = [f"preflight: {len(report.errors)} error(s); `--skip-preflight` skips it"]
        lines += [
            f"{c.cluster} ({c.region}) {c.check}: {c.detail}; fix: {c.fix}" for c in report.errors
        ]
        super().__init__("\n".join(lines))
        self.report = report
