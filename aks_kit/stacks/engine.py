"""Running the Pulumi engine through the Automation API.

One stack per cluster in project `aks-kit`; the resolved spec is stored in stack config
`aks-kit:spec`, and the inline program is the same one `pulumi up` runs in stacks/. Errors
come back as AksKitError with the exit codes of aks_kit.errors: missing CLI or credentials 6,
missing stack 4, engine failures 5 (naming the failing resources and Azure's message).
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aks_kit.errors import AksKitError, Blocked, EngineFailed, NotFound, Prerequisite
from aks_kit.presets.model import ClusterDocument, FleetFile

from .config_keys import FLEET_CONFIG, SPEC_CONFIG
from .progress import Progress, Step
from .state import Backend, prepare

if TYPE_CHECKING:
    from .change_risk import Change

PROJECT = "aks-kit"
HISTORY_PAGE = 20
"""Stack history entries read at a time, looking for the newest successful update."""
MIN_PULUMI_VERSION = "3.150.0"
INSTALL_STEPS = (
    "install the Pulumi CLI (https://www.pulumi.com/docs/install/: "
    "`curl -fsSL https://get.pulumi.com | sh`, `brew install pulumi` or "
    "`winget install pulumi`)"
)
INSTALL_HINT = f"{INSTALL_STEPS}, then run `aks-kit doctor`"
"""For commands other than doctor: doctor then checks the rest."""


def pulumi_command() -> Any:
    """The installed pulumi CLI, checked for its version; exit 6 at once when missing."""
    if shutil.which("pulumi") is None:
        raise Prerequisite(f"the pulumi CLI is not on PATH: {INSTALL_HINT}")
    from pulumi.automation import PulumiCommand
    from pulumi.automation.errors import InvalidVersionError
    from semver import VersionInfo

    try:
        return PulumiCommand(version=VersionInfo.parse(MIN_PULUMI_VERSION))
    except InvalidVersionError as exc:
        raise Prerequisite(
            f"the pulumi CLI is too old or unreadable ({exc}): {INSTALL_HINT}"
        ) from None


@dataclass(frozen=True)
class Stored:
    """A stack's own record of what it holds (from its config)."""

    cluster: ClusterDocument | None
    fleet: FleetFile | None
    config: dict[str, str] = field(default_factory=dict)
    """All of the stack's config (a member's fleet membership included)."""

    @property
    def name(self) -> str:
        if self.cluster is not None:
            return self.cluster.metadata.name
        assert self.fleet is not None
        return self.fleet.metadata.name

    @property
    def protect(self) -> bool:
        if self.cluster is not None:
            return self.cluster.metadata.protect
        assert self.fleet is not None
        return self.fleet.metadata.protect

    def describe(self) -> str:
        if self.cluster is not None:
            low, high = self.cluster.spec.pool_nodes()
            meta = self.cluster.metadata
            return f"cluster {meta.name} in {meta.resource_group} ({low}-{high} nodes in pools)"
        assert self.fleet is not None
        return f"fleet {self.fleet.metadata.name} in {self.fleet.resource_group}"


@dataclass
class Result:
    """What an operation did: change counts, each resource's operation, outputs (secrets
    redacted), and for a preview the steps `up` would refuse."""

    operation: str
    changes: dict[str, int]
    outputs: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    """One per resource that changes (unchanged ones are only counted, as `same`)."""
    refused: list[Step] = field(default_factory=list)
    """Steps `up` refuses without --allow-replace (set by the deployment workflow)."""
    spec_changes: list[Change] = field(default_factory=list)
    """Each change of the spec with its class, against the spec last deployed (set by the
    deployment workflow; empty for a stack never deployed)."""
    rejected: list[Change] = field(default_factory=list)
    """Field updates ARM refuses, which `up` refuses without --allow-rejected."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "operation": self.operation,
            "changes": self.changes,
            "outputs": self.outputs,
            "steps": [step_dict(step, self.operation) for step in self.steps],
            "specChanges": [change.to_dict() for change in self.spec_changes],
        }
        if self.operation == "preview":
            data["refused"] = [step_dict(step, self.operation) for step in self.refused]
            data["rejected"] = [change.to_dict() for change in self.rejected]
        return data


def step_dict(step: Step, operation: str) -> dict[str, Any]:
    """A step as JSON: what happens to which resource, and why it is replaced."""
    data: dict[str, Any] = {
        "urn": step.urn,
        "name": step.name,
        "type": step.type,
        "op": step.op,
        "diffs": list(step.diffs),
        "replaceKeys": list(step.replace_keys),
    }
    if operation != "preview":
        data["status"] = step.status
    return data


def redact(outputs: dict[str, Any]) -> dict[str, Any]:
    """Stack outputs as plain values, secrets replaced by a marker."""
    return {
        key: "[secret]" if getattr(value, "secret", False) else getattr(value, "value", value)
        for key, value in sorted(outputs.items())
    }


@dataclass
class Engine:
    """One cluster's stack in one backend, driven by a given pulumi command."""

    stack_name: str
    backend: Backend
    command: Any
    document: ClusterDocument | None = None
    subscription: str | None = None
    work_dir: str | None = None
    extra_config: dict[str, str] = field(default_factory=dict)
    """More stack config: a member's fleet membership, or a fleet stack's fleet."""
    location: str | None = None
    """The provider's location when there is no cluster document (a fleet stack)."""
    _stack: Any = None
    _configured: bool = False

    def workspace_options(self) -> Any:
        from pulumi import automation as auto

        settings = auto.ProjectSettings(
            name=PROJECT, runtime="python", backend=auto.ProjectBackend(self.backend.url)
        )
        return auto.LocalWorkspaceOptions(
            work_dir=self.work_dir,
            project_settings=settings,
            secrets_provider=self.backend.secrets_provider,
            env_vars=self.backend.env(),
            pulumi_command=self.command,
        )

    def stack(self, *, create: bool, configure: bool = True) -> Any:
        """Select (or with `create`, create) the stack; with `configure`, store this run's
        spec in its config (once: a stack selected without it gets it when first needed)."""
        if self._stack is None:
            self._stack = self._select(create)
            self._configured = False
        if configure and not self._configured:
            if self.document is not None or self.extra_config:
                with translate_errors(self.stack_name):
                    self._stack.set_all_config(self.config())
            self._configured = True
        return self._stack

    def _select(self, create: bool) -> Any:
        from pulumi import automation as auto

        from .program import run_program

        prepare(self.backend)
        opts = self.workspace_options()
        with translate_errors(self.stack_name):
            if create:
                return auto.create_or_select_stack(
                    stack_name=self.stack_name,
                    project_name=PROJECT,
                    program=run_program,
                    opts=opts,
                )
            return auto.select_stack(
                stack_name=self.stack_name, project_name=PROJECT, program=run_program, opts=opts
            )

    def config(self) -> dict[str, Any]:
        from pulumi.automation import ConfigValue

        values: dict[str, Any] = {}
        if self.document is not None:
            values[SPEC_CONFIG] = ConfigValue(json.dumps(self.document.dump(), sort_keys=True))
        values.update({key: ConfigValue(value) for key, value in self.extra_config.items()})
        location = self.document.metadata.location if self.document else self.location
        if location:
            values["azure-native:location"] = ConfigValue(location)
        if self.subscription:
            values["azure-native:subscriptionId"] = ConfigValue(self.subscription)
        return values

    def stored(self) -> Stored:
        """What the stack was last deployed from: a cluster's spec, or a fleet."""
        stack = self.stack(create=False)
        with translate_errors(self.stack_name):
            # The workspace is new each run: fetch the config of the last deployment.
            stack.refresh_config()
            config = {key: value.value for key, value in stack.get_all_config().items()}
        return self._stored_from(config)

    def _stored_from(self, config: dict[str, str]) -> Stored:
        """A stack's record from its config: a cluster's spec, or a fleet."""
        try:
            if FLEET_CONFIG in config:
                fleet = FleetFile.model_validate(json.loads(config[FLEET_CONFIG]))
                return Stored(None, fleet, config)
            if SPEC_CONFIG in config:
                document = ClusterDocument.model_validate(json.loads(config[SPEC_CONFIG]))
                return Stored(document, None, config)
        except ValueError as exc:  # pydantic's ValidationError and json's errors are ValueErrors
            first = str(exc).strip().splitlines()[0]
            raise Blocked(
                f"stack {self.stack_name!r} holds a spec this aks-kit cannot read ({first})"
            ) from None
        raise EngineFailed(f"stack {self.stack_name!r} was not made by aks-kit (no {SPEC_CONFIG})")

    def deployed(self) -> Stored | None:
        """What the stack was last deployed from: the config of its newest successful update
        (stack history records each update's config), or None when nothing is deployed: no
        stack, no successful update yet (`preview --create-stack` makes an empty stack), or
        a destroy since. A failed update is passed over: Azure may not hold what it asked for.
        Any failure to read it raises, so a check that compares it with the new spec fails
        closed. The stack stays selected, with this run's config set when first needed."""
        try:
            stack = self.stack(create=False, configure=False)
        except NotFound:
            return None
        page = 1
        while True:
            with translate_errors(self.stack_name):
                entries = stack.history(page_size=HISTORY_PAGE, page=page)
            for entry in entries:  # newest first
                if entry.result != "succeeded" or entry.kind not in ("update", "destroy"):
                    continue
                if entry.kind == "destroy":
                    return None
                return self._stored_from({k: v.value for k, v in entry.config.items()})
            if len(entries) < HISTORY_PAGE:
                return None
            page += 1

    def lift_protection(self, stored: Stored, progress: Progress) -> None:
        """An update from the stack's own config with only `protect` turned off, so the
        destroy that follows can run."""
        config = {k: v for k, v in stored.config.items() if k.startswith("aks-kit:")}
        if stored.cluster is not None:
            document = stored.cluster.model_copy(deep=True)
            document.metadata.protect = False
            self.document = document
            config.pop(SPEC_CONFIG, None)
        else:
            assert stored.fleet is not None
            fleet = stored.fleet.model_copy(deep=True)
            fleet.metadata.protect = False
            self.document = None
            self.location = fleet.metadata.location
            config[FLEET_CONFIG] = json.dumps(fleet.outline(), sort_keys=True)
        self.extra_config = config
        self._stack = None
        self.up(progress)

    def preview(
        self,
        progress: Progress,
        *,
        diff: bool = False,
        targets: Sequence[str] = (),
        refresh: bool = False,
        create_stack: bool = True,
    ) -> Result:
        """Preview against the stack's state. Without `create_stack` the stack must exist
        (`aks-kit preview` asks for it explicitly; `up` previews what it will create)."""
        try:
            stack = self.stack(create=create_stack)
        except NotFound as exc:
            raise NotFound(
                f"{exc.message}; a preview never creates a stack: run `aks-kit up`, or "
                "`aks-kit preview --create-stack` to preview an empty one"
            ) from None
        with _cli_cancels(), translate_errors(self.stack_name, progress):
            result = stack.preview(
                on_event=progress.handle,
                diff=diff,
                target=list(targets) or None,
                refresh=refresh,
            )
        changes = _changes(result.change_summary, progress)
        return Result("preview", changes, steps=progress.changing())

    def up(
        self,
        progress: Progress,
        *,
        diff: bool = False,
        targets: Sequence[str] = (),
        refresh: bool = False,
    ) -> Result:
        stack = self.stack(create=True)
        with _cli_cancels(), translate_errors(self.stack_name, progress):
            result = stack.up(
                on_event=progress.handle,
                diff=diff,
                target=list(targets) or None,
                refresh=refresh,
            )
        return Result(
            "up",
            _changes(result.summary.resource_changes, progress),
            redact(result.outputs),
            steps=progress.changing(),
        )

    def destroy(
        self, progress: Progress, *, targets: Sequence[str] = (), refresh: bool = False
    ) -> Result:
        stack = self.stack(create=False)
        with _cli_cancels(), translate_errors(self.stack_name, progress):
            result = stack.destroy(
                on_event=progress.handle, target=list(targets) or None, refresh=refresh
            )
        return Result(
            "destroy",
            _changes(result.summary.resource_changes, progress),
            steps=progress.changing(),
        )

    def refresh(self, progress: Progress) -> Result:
        stack = self.stack(create=False)
        with _cli_cancels(), translate_errors(self.stack_name, progress):
            result = stack.refresh(on_event=progress.handle)
        return Result("refresh", _changes(result.summary.resource_changes, progress))

    def outputs(self) -> dict[str, Any]:
        stack = self.stack(create=False)
        with translate_errors(self.stack_name):
            return dict(stack.outputs())


def list_stacks(backend: Backend, command: Any) -> list[dict[str, Any]]:
    from pulumi import automation as auto

    prepare(backend)
    engine = Engine("", backend, command)
    opts = engine.workspace_options()
    with translate_errors(""):
        workspace = auto.LocalWorkspace(
            work_dir=opts.work_dir,
            env_vars=opts.env_vars,
            secrets_provider=opts.secrets_provider,
            project_settings=opts.project_settings,
            pulumi_command=opts.pulumi_command,
        )
        summaries = workspace.list_stacks()
    return [
        {
            "name": s.name,
            "lastUpdate": s.last_update.isoformat() if s.last_update else None,
            "resources": s.resource_count,
            "updateInProgress": s.update_in_progress,
        }
        for s in summaries
    ]


def _changes(summary: Any, progress: Progress) -> dict[str, int]:
    if progress.summary:
        return dict(progress.summary)
    return {str(getattr(k, "value", k)): int(v) for k, v in (summary or {}).items()}


@contextmanager
def _cli_cancels() -> Iterator[None]:
    """Ctrl-C during an engine command: the terminal sends it to the pulumi CLI too (one
    process group), and the CLI cancels the update itself, lets running operations finish,
    saves the state and releases the stack's lock. So the first Ctrl-C is not raised here
    while the CLI works (the Automation API would close the CLI's pipes, and the CLI would die
    of SIGPIPE holding the lock); it is raised once the CLI has exited. A second Ctrl-C stops
    waiting (the CLI itself then stops at once)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    presses: list[int] = []

    def on_interrupt(signum: int, frame: Any) -> None:
        presses.append(signum)
        if len(presses) > 1:
            raise KeyboardInterrupt
        sys.stderr.write(
            "interrupted: the pulumi CLI is cancelling the update and saving the state "
            "(Ctrl-C again to stop waiting)\n"
        )
        sys.stderr.flush()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    except AksKitError:
        if presses:
            raise KeyboardInterrupt from None
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    if presses:
        raise KeyboardInterrupt


@contextmanager
def translate_errors(stack: str, progress: Progress | None = None) -> Iterator[None]:
    """Automation API errors -> one clear message and its exit code (aks_kit.errors)."""
    from pulumi.automation import errors

    try:
        yield
    except errors.StackNotFoundError:
        raise NotFound(
            f"stack {stack!r} not found in this backend (`aks-kit stacks list` shows them)"
        ) from None
    except errors.ConcurrentUpdateError:
        raise EngineFailed(
            f"stack {stack!r} is locked: another update is running. Wait for it, or check "
            f"`pulumi stack history --stack {stack}`; if nothing is running any more, "
            f"`pulumi cancel --stack {stack}` releases the lock"
        ) from None
    except errors.CommandError as exc:
        raise EngineFailed(_failure_message(stack, exc, progress)) from None


def _failure_message(stack: str, exc: Any, progress: Progress | None) -> str:
    lines = [f"the engine failed on stack {stack!r}"]
    if progress is not None:
        for step in progress.failures():
            lines.append(f"  {step.name} ({step.type}): {step.message or 'failed'}")
        for diagnostic in progress.diagnostics:
            if not any(diagnostic in line for line in lines):
                lines.append(f"  {diagnostic}")
    if len(lines) == 1:
        stderr = (getattr(exc, "stderr", "") or str(exc)).strip().splitlines()
        lines.extend(f"  {line}" for line in stderr[-5:])
    return "\n".join(lines)
