"""`aks-kit preview | up | destroy | refresh`: the commands that run the engine on a spec.

Each parses its options, resolves and validates the spec (an invalid spec exits 3 before
anything else), finds the pulumi CLI (exit 6 at once when missing), then Azure credentials,
and hands the work to `aks_kit.stacks.deploy` (or `fleet_deploy`); it renders the outcome.
Errors go up to the entry point, the one place that turns them into a message and an exit
code.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aks_kit.errors import EngineFailed, SpecInvalid, UsageError

from . import cloud_cmd
from .application import Application, application
from .engine_options import (
    AllowRejectedOpt,
    AllowReplaceOpt,
    BackendOpt,
    CloudOpt,
    CreateStackOpt,
    DiffOpt,
    ExpectNoChangesOpt,
    MemberOpt,
    ParallelOpt,
    PreviewAllowReplaceOpt,
    PreviewFormat,
    PreviewOutputOpt,
    RefreshOpt,
    SecretsOpt,
    SkipPreflightOpt,
    StackOpt,
    SubscriptionOpt,
    TargetOpt,
    YesOpt,
)
from .inputs import SpecInputs
from .options import (
    FileOpt,
    LocationOpt,
    NameOpt,
    OutputOpt,
    PresetDirOpt,
    PresetOpt,
    SetOpt,
)
from .output import Format

if TYPE_CHECKING:
    from aks_kit.presets.model import ClusterDocument
    from aks_kit.stacks.deploy import Hooks, MakeEngine, Outcome
    from aks_kit.stacks.engine import Engine
    from aks_kit.stacks.state import Backend


def _document(app: Application, inputs: SpecInputs) -> ClusterDocument:
    """Resolve and validate; print warnings, and exit 3 when findings block."""

    from .output import findings_table

    resolved = inputs.resolve()
    if not resolved.ok or resolved.document is None:
        raise SpecInvalid(resolved.findings)
    warnings = [f for f in resolved.findings if f.level != "error"]
    for line in findings_table(warnings):
        app.err.print(line)
    return resolved.document


def _connect(
    app: Application, backend: str | None, secrets_provider: str | None, needs_azure: bool
) -> tuple[Backend, Any]:
    """The backend and the pulumi CLI (found first: exit 6), then Azure credentials."""
    from aks_kit.cloud.clouds import cloud
    from aks_kit.cloud.session import check_credential
    from aks_kit.stacks.state import choose_backend

    chosen = choose_backend(backend, secrets_provider)
    command = app.pulumi_command()
    if needs_azure:
        check_credential(cloud(None), app.credential)
    return chosen, command


def _factory(
    app: Application, backend: str | None, secrets_provider: str | None, subscription: str | None
) -> MakeEngine:
    """Engines for the stacks of a fleet, all in one backend. The backend, the pulumi CLI
    and credentials are checked when the first engine is made, after the workflow has
    checked the fleet file (an invalid fleet exits 3 first)."""
    from functools import cache

    from aks_kit.stacks.engine import Engine

    connect = cache(lambda: _connect(app, backend, secrets_provider, needs_azure=True))

    def make(
        stack: str,
        document: ClusterDocument | None,
        *,
        extra: dict[str, str] | None = None,
        location: str | None = None,
    ) -> Engine:
        chosen, command = connect()
        return Engine(
            stack,
            chosen,
            command,
            document,
            subscription,
            extra_config=dict(extra or {}),
            location=location,
        )

    return make


def stack_engine(
    app: Application,
    document: ClusterDocument | None,
    stack: str | None,
    backend: str | None,
    secrets_provider: str | None,
    subscription: str | None = None,
    *,
    needs_azure: bool = True,
) -> Engine:
    """One stack's engine, named by --stack or after the cluster."""
    from aks_kit.stacks.engine import Engine

    name = stack or (document.metadata.name if document else None)
    if not name:
        raise UsageError("name the stack: --stack NAME")
    chosen, command = _connect(app, backend, secrets_provider, needs_azure)
    return Engine(name, chosen, command, document, subscription)


def _hooks(app: Application, yes: bool, *, fleet: bool = False) -> Hooks:
    """The workflow's questions and progress, answered and shown on this terminal (a
    fleet's stacks run in parallel: their progress is not drawn live)."""
    from aks_kit.stacks.deploy import Hooks

    from .change_view import step_lines
    from .progress_view import ProgressView

    view = ProgressView(app.err, live=False if fleet else None)

    def confirm_name(what: str, name: str) -> bool:
        answer = app.ask_text(f"This destroys {what}. Type {name} to confirm")
        return answer.strip() == name

    return Hooks(
        follow=view.follow,
        confirm=(lambda question: True) if yes else app.ask_yes_no,
        confirm_name=(lambda what, name: True) if yes else confirm_name,
        planned=lambda stack, steps, spec: _print_all(
            app, step_lines(steps, spec, stack=stack if fleet else None)
        ),
        say=app.err.print,
    )


def _print_all(app: Application, renderables: list[Any]) -> None:
    for renderable in renderables:
        app.err.print(renderable)


def _report(app: Application, outcome: Outcome, output: Format) -> None:
    """Render the outcome; a failed run then exits 5 with its reason."""

    from .progress_view import changes_table

    def table() -> list[Any]:
        rows: list[Any] = [outcome.title]
        for name, result in outcome.results.items():
            if outcome.fleet:
                rows.append(f"stack {name}:")
            rows.append(changes_table(result.changes))
            if not outcome.fleet and result.outputs:
                rows += [f"{key}: {value}" for key, value in result.outputs.items()]
        rows += [f"stack {name} failed: {message}" for name, message in outcome.failures.items()]
        rows += [f"stack {name}: not deployed yet (`up` creates it)" for name in outcome.missing]
        return rows

    app.emit(outcome.to_dict(), output, table)
    if outcome.failure is not None:
        raise EngineFailed(outcome.failure)


def preview(
    ctx: typer.Context,
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
    allow_replace: PreviewAllowReplaceOpt = False,
    allow_rejected: AllowRejectedOpt = False,
    expect_no_changes: ExpectNoChangesOpt = False,
    create_stack: CreateStackOpt = False,
    skip_preflight: SkipPreflightOpt = False,
    cloud: CloudOpt = None,
    output: PreviewOutputOpt = PreviewFormat.table,
) -> None:
    """Show what `up` would change in Azure, against the existing stack's state.

    Exits 3 where `up` would refuse (unless --allow-replace, or --allow-rejected for updates
    Azure refuses) and, with --expect-no-changes, when anything would change; the preview is
    printed first either way."""
    app = application(ctx)
    from aks_kit.stacks import deploy, fleet_deploy

    inputs = SpecInputs("preview", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet(stack=stack, target=target)
    if fleet is not None:
        make = _factory(app, backend, secrets_provider, subscription)
        hooks = _hooks(app, True, fleet=True)
        if not skip_preflight:
            hooks.preflight = cloud_cmd.fleet_preflight(app, fleet, member, subscription, cloud)
        outcome = fleet_deploy.fleet_up(
            fleet,
            make,
            hooks,
            apply=False,
            member=member,
            parallel=parallel,
            diff=diff,
            refresh=refresh,
            allow_replace=allow_replace,
            allow_rejected=allow_rejected,
            create_stack=create_stack,
        )
    else:
        document = _document(app, inputs)
        engine = stack_engine(app, document, stack, backend, secrets_provider, subscription)
        hooks = _hooks(app, True)
        if not skip_preflight:
            hooks.preflight = cloud_cmd.cluster_preflight(app, document, subscription, cloud)
        outcome = deploy.preview(
            engine,
            hooks,
            diff=diff,
            targets=target or (),
            refresh=refresh,
            create_stack=create_stack,
            allow_replace=allow_replace,
            document=document,
            allow_rejected=allow_rejected,
        )
    if output is PreviewFormat.markdown:
        from aks_kit import __version__

        from .preview_markdown import preview_markdown

        sys.stdout.write(preview_markdown(outcome.to_dict(), outcome.title, __version__))
        if outcome.failure is not None:
            raise EngineFailed(outcome.failure)
    else:
        _report(app, outcome, Format(output.value))
    deploy.refuse_after_preview(outcome, expect_no_changes=expect_no_changes)


def up(
    ctx: typer.Context,
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
    allow_rejected: AllowRejectedOpt = False,
    member: MemberOpt = None,
    parallel: ParallelOpt = 4,
    skip_preflight: SkipPreflightOpt = False,
    cloud: CloudOpt = None,
    output: OutputOpt = Format.table,
) -> None:
    """Create or update the cluster (or a fleet's stacks): preview, confirm, then apply."""
    app = application(ctx)
    from aks_kit.stacks import deploy, fleet_deploy

    inputs = SpecInputs("up", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet(stack=stack, target=target)
    if fleet is not None:
        make = _factory(app, backend, secrets_provider, subscription)
        hooks = _hooks(app, yes, fleet=True)
        if not skip_preflight:
            hooks.preflight = cloud_cmd.fleet_preflight(app, fleet, member, subscription, cloud)
        outcome = fleet_deploy.fleet_up(
            fleet,
            make,
            hooks,
            apply=True,
            member=member,
            parallel=parallel,
            diff=diff,
            refresh=refresh,
            allow_replace=allow_replace,
            allow_rejected=allow_rejected,
        )
    else:
        document = _document(app, inputs)
        engine = stack_engine(app, document, stack, backend, secrets_provider, subscription)
        hooks = _hooks(app, yes)
        if not skip_preflight:
            hooks.preflight = cloud_cmd.cluster_preflight(app, document, subscription, cloud)
        outcome = deploy.up(
            engine,
            hooks,
            diff=diff,
            targets=target or (),
            refresh=refresh,
            allow_replace=allow_replace,
            document=document,
            allow_rejected=allow_rejected,
        )
    _report(app, outcome, output)


def destroy(
    ctx: typer.Context,
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
    app = application(ctx)
    from aks_kit.stacks import deploy, fleet_deploy

    inputs = None
    if preset is not None or file is not None:
        inputs = SpecInputs("destroy", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet(stack=stack, target=target, refresh=refresh) if inputs else None
    if fleet is not None:
        make = _factory(app, backend, secrets_provider, subscription)
        outcome = fleet_deploy.fleet_destroy(
            fleet,
            make,
            _hooks(app, yes, fleet=True),
            member=member,
            parallel=parallel,
            unprotect=unprotect,
        )
    else:
        document = _document(app, inputs) if inputs is not None else None
        engine = stack_engine(app, document, stack or name, backend, secrets_provider, subscription)
        engine.document = None  # destroy works from what the stack holds, not from the file
        outcome = deploy.destroy(
            engine, _hooks(app, yes), unprotect=unprotect, targets=target or (), refresh=refresh
        )
    _report(app, outcome, output)


def refresh_(
    ctx: typer.Context,
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
    app = application(ctx)
    from aks_kit.stacks import deploy

    document = None
    if preset is not None or file is not None:
        inputs = SpecInputs("refresh", preset, file, set_, preset_dir, name, location)
        if inputs.fleet() is not None:
            raise UsageError("refresh takes one stack: --stack NAME (a member or the fleet)")
        document = _document(app, inputs)
    engine = stack_engine(app, document, stack or name, backend, secrets_provider, subscription)
    engine.document = None
    _report(app, deploy.refresh(engine, _hooks(app, True)), output)
