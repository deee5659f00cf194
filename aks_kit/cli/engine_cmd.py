"""`aks-kit preview | up | destroy | refresh | outputs | kubeconfig | stacks list`.

Each resolves and validates the spec first (an invalid spec exits 3 before anything else),
then finds the pulumi CLI (exit 6 at once when missing), then Azure credentials, and only
then touches the backend.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aks_kit.errors import EXIT_ENGINE

from .inputs import SpecInputs
from .options import FileOpt, LocationOpt, NameOpt, OutputOpt, PresetDirOpt, PresetOpt, SetOpt
from .output import Format

if TYPE_CHECKING:
    from aks_kit.presets.fleet import ResolvedFleet
    from aks_kit.presets.model import ClusterDocument
    from aks_kit.stacks.engine import Engine, Result


StackOpt = Annotated[
    str | None, typer.Option("--stack", help="Stack name (default: the cluster's name).")
]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="State backend URL (file://, azblob://, Pulumi Cloud); default: a local one.",
    ),
]
SecretsOpt = Annotated[
    str | None,
    typer.Option("--secrets-provider", help="Secrets provider, e.g. azurekeyvault://..."),
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
DiffOpt = Annotated[bool, typer.Option("--diff", help="Show a detailed diff of each change.")]
TargetOpt = Annotated[
    list[str] | None,
    typer.Option("--target", help="Only this resource URN (repeatable).", show_default=False),
]
RefreshOpt = Annotated[bool, typer.Option("--refresh", help="Refresh state from Azure first.")]
AllowReplaceOpt = Annotated[
    bool,
    typer.Option(
        "--allow-replace", help="Allow replacing or deleting clusters, pools, subnets, identities."
    ),
]
MemberOpt = Annotated[
    str | None, typer.Option("--member", help="Fleet files: only this member's stack.")
]
ParallelOpt = Annotated[
    int,
    typer.Option("--parallel", min=1, max=20, help="Fleet files: member stacks at once."),
]
SubscriptionOpt = Annotated[
    str | None,
    typer.Option("--subscription", envvar="AZURE_SUBSCRIPTION_ID", help="Azure subscription id."),
]


@dataclass
class Dependencies:
    """What the commands reach outside the process through; tests swap these."""

    pulumi_command: Callable[[], Any]
    credential: Callable[[], Any] | None = None


def _default_command() -> Any:
    from aks_kit.stacks.engine import pulumi_command

    return pulumi_command()


DEPS = Dependencies(pulumi_command=_default_command)


def _document(inputs: SpecInputs) -> ClusterDocument:
    """Resolve and validate; print warnings, and exit 3 when findings block."""
    from aks_kit.errors import SpecInvalid

    from .output import findings_table, stderr

    resolved = inputs.resolve()
    if not resolved.ok or resolved.document is None:
        raise SpecInvalid(resolved.findings)
    warnings = [f for f in resolved.findings if f.level != "error"]
    console = stderr()
    for line in findings_table(warnings):
        console.print(line)
    return resolved.document


def _engine(
    document: ClusterDocument | None,
    stack: str | None,
    backend: str | None,
    secrets_provider: str | None,
    subscription: str | None = None,
    *,
    needs_azure: bool = True,
) -> Engine:
    from aks_kit.errors import UsageError
    from aks_kit.stacks.engine import Engine, check_credentials
    from aks_kit.stacks.state import choose_backend

    name = stack or (document.metadata.name if document else None)
    if not name:
        raise UsageError("name the stack: --stack NAME")
    chosen = choose_backend(backend, secrets_provider)
    command = DEPS.pulumi_command()
    if needs_azure:
        check_credentials(DEPS.credential)
    return Engine(name, chosen, command, document, subscription)


def _report(result: Result, output: Format, title: str) -> None:
    from .output import emit
    from .progress_view import changes_table

    def table() -> list[Any]:
        rows: list[Any] = [title, changes_table(result.changes)]
        if result.outputs:
            rows += [f"{key}: {value}" for key, value in result.outputs.items()]
        return rows

    emit(result.to_dict(), output, table)


def _confirm(question: str, yes: bool) -> None:
    from aks_kit.errors import Declined

    if yes:
        return
    if not typer.confirm(question, default=False, err=True):
        raise Declined("declined: nothing was changed")


def _refuse_destructive(steps: Sequence[tuple[str, Any]]) -> None:
    """`up` never replaces or deletes clusters, pools, subnets, VNets, identities or
    resource groups unless --allow-replace (design §6)."""
    from aks_kit.errors import Blocked

    if steps:
        names = "\n".join(f"  [{stack}] {s.op} {s.name} ({s.type})" for stack, s in steps)
        raise Blocked(
            f"the preview replaces or deletes what holds nodes, addresses or access:\n{names}\n"
            "nothing was changed; run again with --allow-replace if that is intended"
        )


def _interrupted(stack: str) -> Exception:
    from aks_kit.errors import Interrupted

    return Interrupted(
        f"interrupted: the pulumi CLI cancels the running update of {stack} itself. Run the "
        "same command again to resume; if the stack stays locked, run `pulumi cancel "
        f"--stack {stack}` with the same backend (and PULUMI_CONFIG_PASSPHRASE_FILE for the "
        "local one)"
    )


def _view() -> Any:
    from .output import stderr
    from .progress_view import ProgressView

    return ProgressView(stderr())


def preview(
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    stack: StackOpt = None,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    subscription: SubscriptionOpt = None,
    diff: DiffOpt = False,
    target: TargetOpt = None,
    refresh: RefreshOpt = False,
    member: MemberOpt = None,
    parallel: ParallelOpt = 4,
    output: OutputOpt = Format.table,
) -> None:
    """Show what `up` would change in Azure, against the stack's state."""
    from aks_kit.stacks.progress import Progress

    inputs = SpecInputs("preview", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet(stack=stack, target=target)
    if fleet is not None:
        fleet_run(
            fleet,
            member,
            parallel,
            backend,
            secrets_provider,
            subscription,
            apply=False,
            yes=True,
            diff=diff,
            refresh=refresh,
            allow_replace=True,
            output=output,
        )
        return
    document = _document(inputs)
    engine = _engine(document, stack, backend, secrets_provider, subscription)
    progress = Progress()
    with _view().follow(progress, "preview"):
        result = engine.preview(progress, diff=diff, targets=target or (), refresh=refresh)
    _report(result, output, f"preview of stack {engine.stack_name}")


def up(
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    stack: StackOpt = None,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    subscription: SubscriptionOpt = None,
    yes: YesOpt = False,
    diff: DiffOpt = False,
    target: TargetOpt = None,
    refresh: RefreshOpt = False,
    allow_replace: AllowReplaceOpt = False,
    member: MemberOpt = None,
    parallel: ParallelOpt = 4,
    output: OutputOpt = Format.table,
) -> None:
    """Create or update the cluster (or a fleet's stacks): preview, confirm, then apply."""
    from aks_kit.stacks.progress import Progress

    from .progress_view import changes_table

    inputs = SpecInputs("up", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet(stack=stack, target=target)
    if fleet is not None:
        fleet_run(
            fleet,
            member,
            parallel,
            backend,
            secrets_provider,
            subscription,
            apply=True,
            yes=yes,
            diff=diff,
            refresh=refresh,
            allow_replace=allow_replace,
            output=output,
        )
        return
    document = _document(inputs)
    engine = _engine(document, stack, backend, secrets_provider, subscription)
    view = _view()
    planned = Progress()
    with view.follow(planned, "preview"):
        preview_result = engine.preview(planned, diff=diff, targets=target or (), refresh=refresh)
    view.console.print(changes_table(preview_result.changes))
    if not allow_replace:
        _refuse_destructive([(engine.stack_name, s) for s in planned.destructive()])
    changing = {k: v for k, v in preview_result.changes.items() if k != "same" and v}
    if not changing:
        view.console.print(f"stack {engine.stack_name} is up to date: no changes")
        _report(preview_result, output, f"stack {engine.stack_name}: no changes")
        return
    total = sum(changing.values())
    _confirm(f"Apply {total} changes to stack {engine.stack_name}?", yes)
    progress = Progress()
    try:
        with view.follow(progress, "up"):
            result = engine.up(progress, diff=diff, targets=target or (), refresh=refresh)
    except KeyboardInterrupt:
        raise _interrupted(engine.stack_name) from None
    _report(result, output, f"stack {engine.stack_name} updated")


def destroy(
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    stack: StackOpt = None,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    subscription: SubscriptionOpt = None,
    yes: YesOpt = False,
    target: TargetOpt = None,
    refresh: RefreshOpt = False,
    unprotect: Annotated[
        bool, typer.Option("--unprotect", help="Lift the protection first.")
    ] = False,
    member: MemberOpt = None,
    parallel: ParallelOpt = 4,
    output: OutputOpt = Format.table,
) -> None:
    """Delete the cluster (or a fleet's stacks) and everything aks-kit created for it."""
    inputs = None
    if preset is not None or file is not None:
        inputs = SpecInputs("destroy", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet(stack=stack, target=target, refresh=refresh) if inputs else None
    if fleet is not None:
        fleet_destroy(
            fleet,
            member,
            parallel,
            backend,
            secrets_provider,
            subscription,
            yes=yes,
            unprotect=unprotect,
            output=output,
        )
        return
    document = _document(inputs) if inputs is not None else None
    engine = _engine(document, stack or name, backend, secrets_provider, subscription)
    engine.document = None  # destroy works from what the stack holds, not from the file
    stored = engine.stored()
    _refuse_protected([stored], unprotect)
    _confirm_name(stored.describe(), stored.name, yes)
    result = _destroy_stack(engine, stored, _view(), targets=target or (), refresh=refresh)
    _report(result, output, f"destroyed {stored.describe()}")


def _refuse_protected(stored: Sequence[Any], unprotect: bool) -> None:
    from aks_kit.errors import Blocked

    protected = [s.describe() for s in stored if s.protect]
    if protected and not unprotect:
        raise Blocked(
            f"{'; '.join(protected)}: protected. Run again with --unprotect to lift the "
            "protection and destroy (or set metadata.protect: false and run `aks-kit up` first)"
        )


def _confirm_name(what: str, name: str, yes: bool) -> None:
    from aks_kit.errors import Declined

    if yes:
        return
    answer = typer.prompt(f"This destroys {what}. Type {name} to confirm", default="", err=True)
    if answer.strip() != name:
        raise Declined("declined: the name did not match; nothing was destroyed")


def _destroy_stack(
    engine: Engine, stored: Any, view: Any, *, targets: Sequence[str] = (), refresh: bool = False
) -> Result:
    from aks_kit.stacks.progress import Progress

    if stored.protect:
        lift = Progress()
        with view.follow(lift, f"unprotect {engine.stack_name}"):
            engine.lift_protection(stored, lift)
    progress = Progress()
    with view.follow(progress, f"destroy {engine.stack_name}"):
        return engine.destroy(progress, targets=targets, refresh=refresh)


def fleet_destroy(
    fleet: ResolvedFleet,
    member: str | None,
    parallel: int,
    backend: str | None,
    secrets_provider: str | None,
    subscription: str | None,
    *,
    yes: bool,
    unprotect: bool,
    output: Format,
) -> None:
    """Destroy a fleet's member stacks (at most `parallel` at once), then its own stack."""
    from aks_kit.errors import EngineFailed
    from aks_kit.stacks.engine import Engine, check_credentials
    from aks_kit.stacks.state import choose_backend

    from . import fleet_engine
    from .output import stderr
    from .progress_view import ProgressView

    chosen = choose_backend(backend, secrets_provider)
    command = DEPS.pulumi_command()
    check_credentials(DEPS.credential)

    def make(stack: str, document: Any, **_: Any) -> Engine:
        return Engine(stack, chosen, command, None, subscription)

    own, members = fleet_engine.fleet_engines(fleet, make, member)
    engines = [*members, *([own] if own else [])]
    stored = {engine.stack_name: engine.stored() for engine in engines}
    _refuse_protected(list(stored.values()), unprotect)
    target = member or fleet.name
    what = f"{len(members)} member clusters" + (f" and fleet {fleet.name}" if own else "")
    _confirm_name(what, target, yes)
    view = ProgressView(stderr(), live=False)

    def destroy_one(engine: Engine) -> Result:
        return _destroy_stack(engine, stored[engine.stack_name], view)

    results, failures = fleet_engine.run_all(members, destroy_one, parallel)
    if own is not None and not failures:
        done, failed = fleet_engine.run_all([own], destroy_one, 1)
        results.update(done)
        failures.update(failed)
    fleet_engine.report(results, failures, output, f"destroyed {what}")
    if failures:
        raise EngineFailed(
            f"{len(failures)} stacks failed; the fleet stack is kept while members remain"
            if own is not None
            else f"{len(failures)} stacks failed"
        )


def refresh_(
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    stack: StackOpt = None,
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    subscription: SubscriptionOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """Read the real state from Azure into the stack (what drifted?)."""
    from aks_kit.stacks.progress import Progress

    document = None
    if preset is not None or file is not None:
        from aks_kit.errors import UsageError

        inputs = SpecInputs("refresh", preset, file, set_, preset_dir, name, location)
        if inputs.fleet() is not None:
            raise UsageError("refresh takes one stack: --stack NAME (a member or the fleet)")
        document = _document(inputs)
    engine = _engine(document, stack or name, backend, secrets_provider, subscription)
    engine.document = None
    progress = Progress()
    with _view().follow(progress, "refresh"):
        result = engine.refresh(progress)
    _report(result, output, f"refreshed stack {engine.stack_name}")


def outputs(
    stack_name: Annotated[str, typer.Argument(help="The stack (cluster) name.")],
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """Print a stack's outputs (secrets shown as [secret])."""
    from aks_kit.stacks.engine import redact

    from .output import emit

    engine = _engine(None, stack_name, backend, secrets_provider, needs_azure=False)
    values = redact(engine.outputs())
    emit(values, output, lambda: [f"{key}: {value}" for key, value in values.items()])


def kubeconfig(
    cluster: Annotated[str, typer.Argument(help="The cluster (stack) name.")],
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (0600) instead of merging.")
    ] = None,
    kube_config: Annotated[
        Path, typer.Option("--kubeconfig", help="The kubeconfig to merge into.")
    ] = Path("~/.kube/config"),
) -> None:
    """Write the cluster's user kubeconfig, or merge it into ~/.kube/config; prints the path."""
    from aks_kit.errors import NotFound

    from .kubeconfig import merge_kubeconfig, write_private

    engine = _engine(None, cluster, backend, secrets_provider, needs_azure=False)
    value = engine.outputs().get("kubeconfig")
    text = getattr(value, "value", None)
    if not text:
        raise NotFound(f"stack {cluster!r} has no kubeconfig output yet: run `aks-kit up` first")
    if out is not None:
        write_private(out, text)
        typer.echo(str(out))
        return
    target = kube_config.expanduser()
    merge_kubeconfig(target, text, context=cluster)
    typer.echo(str(target))


stacks_app = typer.Typer(help="The stacks in a backend.", no_args_is_help=True)


@stacks_app.command("list")
def stacks_list(
    backend: BackendOpt = None,
    secrets_provider: SecretsOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """List the stacks in the backend."""
    from aks_kit.stacks.engine import list_stacks
    from aks_kit.stacks.state import choose_backend

    from .output import emit

    chosen = choose_backend(backend, secrets_provider)
    rows = list_stacks(chosen, DEPS.pulumi_command())

    def table() -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        grid = Table("NAME", "LAST UPDATE", "RESOURCES", box=None, pad_edge=False)
        for row in rows:
            grid.add_row(
                Text(row["name"]), Text(str(row["lastUpdate"] or "-")), Text(str(row["resources"]))
            )
        return [grid]

    emit(rows, output, table)


def fleet_run(
    fleet: ResolvedFleet,
    member: str | None,
    parallel: int,
    backend: str | None,
    secrets_provider: str | None,
    subscription: str | None,
    *,
    apply: bool,
    yes: bool,
    diff: bool,
    refresh: bool,
    allow_replace: bool,
    output: Format,
) -> None:
    """Preview (and with `apply`, update) a fleet: its own stack first, then its members."""
    from aks_kit.errors import EngineFailed, SpecInvalid
    from aks_kit.presets.findings import Finding
    from aks_kit.stacks.engine import Engine, check_credentials
    from aks_kit.stacks.progress import Progress
    from aks_kit.stacks.state import choose_backend, prepare

    from . import fleet_engine
    from .output import stderr
    from .progress_view import ProgressView

    if not fleet.ok:
        problems = list(fleet.findings)
        for item in fleet.members:
            problems.extend(
                Finding(
                    f.level,
                    f.code,
                    f"spec.members[{item.name}].{f.path}",
                    f.value,
                    f.layer,
                    f.message,
                )
                for f in item.resolved.findings
            )
        raise SpecInvalid(problems)
    chosen = choose_backend(backend, secrets_provider)
    command = DEPS.pulumi_command()
    check_credentials(DEPS.credential)
    prepare(chosen)  # once, before member stacks run in threads

    def make(
        stack: str, document: Any, *, extra: dict[str, str], location: str | None = None
    ) -> Engine:
        return Engine(
            stack, chosen, command, document, subscription, extra_config=extra, location=location
        )

    own, members = fleet_engine.fleet_engines(fleet, make, member)
    engines = ([own] if own else []) + members
    view = ProgressView(stderr(), live=False)
    planned: dict[str, Progress] = {}

    def preview(engine: Engine) -> Any:
        progress = Progress()
        planned[engine.stack_name] = progress
        with view.follow(progress, f"preview {engine.stack_name}"):
            return engine.preview(progress, diff=diff, refresh=refresh)

    previews, failures = fleet_engine.run_all(engines, preview, parallel)
    if failures or not apply:
        fleet_engine.report(previews, failures, output, f"preview of fleet {fleet.name}")
        if failures:
            raise typer.Exit(EXIT_ENGINE)
        return
    if not allow_replace:
        _refuse_destructive([(n, step) for n, p in planned.items() for step in p.destructive()])
    changing = {
        name: sum(v for k, v in result.changes.items() if k != "same")
        for name, result in previews.items()
    }
    total = sum(changing.values())
    if not total:
        fleet_engine.report(previews, {}, output, f"fleet {fleet.name} is up to date: no changes")
        return
    stacks = sum(1 for count in changing.values() if count)
    _confirm(f"Apply {total} changes in {stacks} stacks of fleet {fleet.name}?", yes)

    def update(engine: Engine) -> Any:
        progress = Progress()
        with view.follow(progress, f"up {engine.stack_name}"):
            return engine.up(progress, diff=diff, refresh=refresh)

    results: dict[str, Any] = {}
    try:
        if own is not None:
            first, failed = fleet_engine.run_all([own], update, 1)
            results.update(first)
            if failed:
                fleet_engine.report(
                    results, failed, output, f"fleet {fleet.name}: its stack failed"
                )
                raise EngineFailed(f"the fleet stack {fleet.name} failed; no member was updated")
        done, failures = fleet_engine.run_all(members, update, parallel)
    except KeyboardInterrupt:
        raise _interrupted(f"the stacks of fleet {fleet.name}") from None
    results.update(done)
    fleet_engine.report(results, failures, output, f"fleet {fleet.name} updated")
    if failures:
        raise typer.Exit(EXIT_ENGINE)
