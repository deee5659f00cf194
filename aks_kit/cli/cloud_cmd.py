"""`aks-kit versions`, `preflight` and `status`: read-only questions answered by ARM.

Credentials and the subscription come from `aks_kit.cloud.session` (exit 6 with how to
sign in when missing); ARM's refusals name the permission (exit 5); every SDK import is
lazy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aks_kit.errors import EXIT_INVALID, Reported, SpecInvalid

from .application import Application, application
from .options import FileOpt, LocationOpt, NameOpt, OutputOpt, PresetDirOpt, PresetOpt, SetOpt
from .output import Format

if TYPE_CHECKING:
    from aks_kit.cloud.preflight import Report
    from aks_kit.presets.fleet import ResolvedFleet
    from aks_kit.presets.model import ClusterDocument

    from .application import Checker

SubscriptionOpt = Annotated[
    str | None,
    typer.Option(
        "--subscription",
        help="Subscription id (default: AZURE_SUBSCRIPTION_ID, else the Azure CLI's default).",
        show_default=False,
    ),
]
CloudOpt = Annotated[
    str | None,
    typer.Option("--cloud", help="AzureCloud (default), AzureChinaCloud or AzureUSGovernment."),
]
ResourceGroupOpt = Annotated[
    str | None,
    typer.Option(
        "--resource-group", "-g", help="The cluster's resource group (default: found by listing)."
    ),
]


def versions(
    ctx: typer.Context,
    location: Annotated[str, typer.Option("--location", "-l", help="Azure region.")],
    subscription: SubscriptionOpt = None,
    cloud: CloudOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """The Kubernetes versions AKS offers in a region: default, preview, LTS, patches, upgrades."""
    from aks_kit.cloud.versions import region_versions

    app = application(ctx)
    with connect(app, subscription, cloud) as session:
        offered = region_versions(session, location)

    def table() -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        grid = Table("VERSION", "DEFAULT", "PREVIEW", "SUPPORT", "PATCHES (-> UPGRADES)", box=None)
        for v in reversed(offered):
            support = "LTS only" if v.lts_only else ("community, LTS" if v.lts else "community")
            patches = "; ".join(
                f"{p} -> {', '.join(u)}" if u else p for p, u in reversed(v.patches.items())
            )
            grid.add_row(
                Text(v.version),
                Text("yes" if v.default else ""),
                Text("yes" if v.preview else ""),
                Text(support),
                Text(patches or "-"),
            )
        return [grid]

    app.emit({"location": location, "versions": [v.to_dict() for v in offered]}, output, table)


def preflight(
    ctx: typer.Context,
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    subscription: SubscriptionOpt = None,
    cloud: CloudOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """Ask Azure whether it will accept the cluster (or fleet); exit 3 on errors."""
    from .inputs import SpecInputs

    app = application(ctx)
    inputs = SpecInputs("preflight", preset, file, set_, preset_dir, name, location)
    docs, is_fleet = spec_documents(inputs)
    started = time.perf_counter()
    report = (app.preflight or run_preflight(app))(docs, is_fleet, subscription, cloud)
    elapsed = time.perf_counter() - started
    show_report(app, report, output)
    if output == Format.table:
        app.err.print(
            f"{len(report.checks)} checks, {len(report.errors)} error(s), "
            f"{report.calls} ARM calls in {elapsed:.1f}s"
        )
    if report.errors:
        raise Reported(EXIT_INVALID)


def spec_documents(inputs: Any) -> tuple[list[ClusterDocument], bool]:
    """The cluster, or the fleet's members, validated (exit 3 when findings block)."""
    fleet = inputs.fleet()
    if fleet is not None:
        if not fleet.ok:
            findings = list(fleet.findings)
            for member in fleet.members:
                findings.extend(member.resolved.findings)
            raise SpecInvalid(findings)
        return [m.document for m in fleet.members if m.document is not None], True
    resolved = inputs.resolve()
    if not resolved.ok or resolved.document is None:
        raise SpecInvalid(resolved.findings)
    return [resolved.document], False


def run_preflight(app: Application) -> Checker:
    """Preflight through the Azure SDK: sign in (with the application's credential factory,
    if it has one), then every check with reads cached per region (see aks_kit.cloud)."""

    def run(
        docs: list[ClusterDocument], fleet: bool, subscription: str | None, cloud: str | None
    ) -> Report:
        from aks_kit.cloud import preflight as checks

        with connect(app, subscription, cloud) as session:
            return checks.check(docs, session, fleet=fleet)

    return run


def connect(app: Application, subscription: str | None, cloud: str | None) -> Any:
    """A signed-in ARM session (exit 6 with how to sign in, or to choose a subscription)."""
    from aks_kit.cloud.clouds import cloud as pick_cloud
    from aks_kit.cloud.clouds import subscription_id
    from aks_kit.cloud.session import Session, check_credential

    where = pick_cloud(cloud)
    credential = check_credential(where, app.credential)
    return Session(credential, subscription_id(subscription, where.name), where)


def show_report(app: Application, report: Report, output: Format) -> None:
    def table() -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        styles = {"ok": "green", "warning": "yellow", "error": "red"}
        grid = Table("CLUSTER", "REGION", "CHECK", "STATUS", "DETAIL", "FIX", box=None)
        for c in report.checks:
            grid.add_row(
                Text(c.cluster),
                Text(c.region),
                Text(c.check),
                Text(c.level, style=styles[c.level]),
                Text(c.detail),
                Text(c.fix),
            )
        return [grid]

    app.emit(report.to_dict(), output, table)


def status(
    ctx: typer.Context,
    cluster: Annotated[str, typer.Argument(help="The AKS cluster's name.")],
    resource_group: ResourceGroupOpt = None,
    subscription: SubscriptionOpt = None,
    cloud: CloudOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """A cluster as ARM sees it: states, version, node pools, available upgrades."""
    from aks_kit.cloud.status import cluster_status

    app = application(ctx)
    with connect(app, subscription, cloud) as session:
        found = cluster_status(session, cluster, resource_group)

    def table() -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        head = Table(box=None, show_header=False)
        for key, value in (
            ("cluster", f"{found.name} ({found.resource_group}, {found.location})"),
            ("state", f"{found.provisioning_state}, {found.power_state}"),
            ("kubernetes", found.kubernetes_version),
            ("tier", f"{found.sku} {found.tier}".strip()),
            ("api server", found.fqdn or "-"),
            ("upgrades", ", ".join(found.upgrades) or "none available"),
        ):
            head.add_row(Text(key), Text(value))
        pools = Table(
            "POOL", "MODE", "VM SIZE", "NODES", "VERSION", "STATE", "POWER", "UPGRADES", box=None
        )
        for p in found.pools:
            nodes = str(p.count)
            if p.min_count is not None:
                nodes += f" ({p.min_count}-{p.max_count})"
            pools.add_row(
                Text(p.name),
                Text(p.mode),
                Text(p.vm_size),
                Text(nodes),
                Text(p.version),
                Text(p.provisioning_state),
                Text(p.power_state),
                Text(", ".join(p.upgrades) or "-"),
            )
        return [head, pools]

    app.emit(found.to_dict(), output, table)


def arm_kubeconfig(
    app: Application,
    cluster: str,
    resource_group: str | None,
    subscription: str | None,
    cloud: str | None,
) -> str:
    """The cluster's user kubeconfig from ARM (for clusters without a stack output)."""
    from aks_kit.cloud.status import user_kubeconfig

    with connect(app, subscription, cloud) as session:
        return user_kubeconfig(session, cluster, resource_group)


def preflight_gate(
    app: Application,
    docs: list[ClusterDocument],
    fleet: bool,
    subscription: str | None,
    cloud: str | None,
) -> None:
    """Before `preview` and `up` touch a stack: preflight, and stop (exit 3) on errors;
    warnings are said on stderr. `app.preflight` replaces the ARM reads (tests)."""
    from aks_kit.cloud.preflight import PreflightFailed

    report = (app.preflight or run_preflight(app))(docs, fleet, subscription, cloud)
    for check in report.checks:
        if check.level == "warning":
            app.err.print(f"preflight warning: {check.cluster} ({check.region}) {check.detail}")
    if report.errors:
        raise PreflightFailed(report)


def cluster_preflight(
    app: Application, document: ClusterDocument, subscription: str | None, cloud: str | None
) -> Callable[[], None]:
    """The deployment workflow's preflight hook for one cluster."""
    return lambda: preflight_gate(app, [document], False, subscription, cloud)


def fleet_preflight(
    app: Application,
    fleet: ResolvedFleet,
    member: str | None,
    subscription: str | None,
    cloud: str | None,
) -> Callable[[], None]:
    """The hook for a fleet: every member with totals per region, or the one --member names."""
    members = [m for m in fleet.members if member is None or m.name == member]
    docs = [m.document for m in members if m.document is not None]
    return lambda: preflight_gate(app, docs, member is None, subscription, cloud)
