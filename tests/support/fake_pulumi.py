"""A scripted Pulumi CLI for tests: `FakePulumi` stands in for `pulumi.automation.PulumiCommand`.

The Automation API never talks to the engine itself. Every `LocalWorkspace`/`Stack` operation
turns into one `PulumiCommand.run(args, cwd, additional_env, on_output, on_error)` call, so
that method is the seam. `FakePulumi` overrides it: each call must be the next one in a script
(exact argv), and it answers with scripted stdout, stderr, exit code and engine events.

What the installed SDK (pulumi 3.272, `pulumi/automation/`) does, and the fake mirrors:

* Version. `PulumiCommand.__init__` runs `pulumi version` and validates it (minimum 3.1.0,
  same major version, opt-out with
  `skip_version_check` or `PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK`). `FakePulumi` repeats
  that validation (public imports only) on its `version` string, so a too-old CLI raises `InvalidVersionError` at
  construction exactly like the real one. `LocalWorkspace` then only reads `.version` to gate
  features (`whoami --json` >= 3.58, inline `refresh`/`destroy` >= 3.181, events service).
* argv. `run` puts `--non-interactive` first unless it already occurs before a `--` separator
  (only `config set` passes it itself). The script holds the argv the CLI binary receives, so
  it includes that flag. `Stack` operations append `--stack NAME` last and add
  `PULUMI_DEBUG_COMMANDS=true` to the environment; workspace commands do not.
* Inline programs. `preview`/`up`/`refresh`/`destroy` with a program start a language-host
  gRPC server and pass `--client=127.0.0.1:PORT` then `--exec-kind auto.inline` (a local
  program gives `--exec-kind auto.local` and no `--client`). The fake never connects to it.
* Engine events. `preview` always asks for events (it needs the summary event: without one it
  raises `RuntimeError("summary event never found")`); `up`/`refresh`/`destroy` only when
  `on_event` is given. The SDK passes `--event-log ADDRESS` last before `--stack`:
  - CLI version > 3.205.0: ADDRESS is `tcp://127.0.0.1:PORT`, an `pulumirpc.Events` gRPC
    server in the SDK. The CLI opens one client stream `StreamEvents` and sends every engine
    event as `EventRequest(event=<JSON text>)`; the SDK parses each with
    `EngineEvent.from_json` and calls `on_event` on a server thread.
  - older (or unparseable) versions: ADDRESS is a file `<tmp>/automation-logs-<cmd>-XXXX/
    eventlog.txt` the SDK tails, one JSON event per line, until it reads a `cancelEvent` (it
    waits up to 5 s after the command for one). The engine always ends a stream with a
    `cancelEvent`; `engine_events` appends it for you.
  The fake delivers scripted events the way the address asks, completely, before `run`
  returns, so `on_event` has seen every event by the time the SDK call returns.
* Errors. A non-zero exit code raises `create_command_error(CommandResult)`: stderr matching
  "no stack named.*found" -> `StackNotFoundError`, "stack.*already exists" ->
  `StackAlreadyExistsError`, "[409] Conflict: Another update is currently in progress." or
  "the stack is currently locked by" -> `ConcurrentUpdateError`; stdout matching compilation
  errors -> `CompilationError`, "python inline source runtime error" ->
  `InlineSourceRuntimeError`, an unhandled exception -> `RuntimeError`; else `CommandError`.
  The fake calls the same function, so the mapping is the SDK's own.
* Output. `run` reads stdout and stderr line by line, passes each line, trailing whitespace
  stripped, to `on_output`/`on_error`, and joins the lines with "\\n" into `CommandResult`.

Volatile arguments are never normalised silently. An expected argv element is either a string
(compared exactly) or an `ArgMatcher` (a full-match regex); the helpers below use matchers for
exactly two values: the `--client=127.0.0.1:PORT` argument (`LANGUAGE_HOST`) and the value
after `--event-log` (`EVENT_LOG`: a `tcp://127.0.0.1:PORT` address or the temporary
eventlog.txt path). `--exec-kind` and everything else is compared literally.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, NoReturn

import grpc
from pulumi.automation import CommandResult, ConfigValue, OnOutput, PulumiCommand
from pulumi.automation.errors import InvalidVersionError, create_command_error
from pulumi.runtime.proto import events_pb2, events_pb2_grpc
from semver import VersionInfo

from aks_kit.stacks.engine import HISTORY_PAGE

DEFAULT_VERSION = "3.274.1"
"""The version of the CLI the engine tests build (tools/pulumi-cli/go.mod)."""
MINIMUM_VERSION = VersionInfo.parse("3.1.0")
"""The oldest CLI the Automation API accepts (pulumi/automation/_minimum_version.py)."""
SKIP_VERSION_CHECK_VAR = "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK"
EVENTS_SERVICE_AFTER = VersionInfo(3, 205, 0)
"""The SDK streams events over gRPC when the CLI version is strictly greater than this."""
LEGACY_EVENT_LOG_VERSION = "3.205.0"
"""The newest CLI version for which the SDK still tails an event log file."""
FIXED_TIMESTAMP = 1_700_000_000
"""Engine events carry Unix seconds; a fixed value keeps scripted streams deterministic."""

NOT_FOUND = "error: no stack named '{stack}' found"
EXIT_NOT_FOUND = 6
"""The CLI's exit code for a missing stack (tests/fixtures/engine)."""
EXIT_LOCKED = 1
"""The CLI's exit code for an update on a locked stack (tests/fixtures/engine)."""
ALREADY_EXISTS = "error: stack '{stack}' already exists"
CONFLICT = "error: [409] Conflict: Another update is currently in progress."
LOCKED = "error: the stack is currently locked by 1 lock(s)."

EVENT_KINDS = (
    "cancelEvent",
    "stdoutEvent",
    "diagnosticEvent",
    "preludeEvent",
    "summaryEvent",
    "resourcePreEvent",
    "resOutputsEvent",
    "resOpFailedEvent",
    "policyEvent",
    "startDebuggingEvent",
)

Event = Mapping[str, Any]
"""One engine event as the CLI serialises it: sequence, timestamp and one payload key."""


class ArgMatcher:
    """An expected argv element matched by a full-match regular expression, not literally."""

    def __init__(self, pattern: str, label: str) -> None:
        self.pattern = re.compile(pattern)
        self.label = label

    def matches(self, arg: str) -> bool:
        return self.pattern.fullmatch(arg) is not None

    def __repr__(self) -> str:
        return self.label


LANGUAGE_HOST = ArgMatcher(r"--client=127\.0\.0\.1:\d+", "--client=127.0.0.1:<port>")
EVENTS_SERVICE = ArgMatcher(r"tcp://127\.0\.0\.1:\d+", "tcp://127.0.0.1:<port>")
EVENT_LOG_FILE = ArgMatcher(
    r".+[/\\]automation-logs-[a-z-]+-[^/\\]+[/\\]eventlog\.txt",
    "<tmp>/automation-logs-<cmd>-<random>/eventlog.txt",
)
EVENT_LOG = ArgMatcher(
    f"{EVENTS_SERVICE.pattern.pattern}|{EVENT_LOG_FILE.pattern.pattern}",
    "<event log: tcp://127.0.0.1:<port> or .../eventlog.txt>",
)
ANY_ARG = ArgMatcher(r"(?s).*", "<any>")

Expected = str | ArgMatcher


@dataclass(frozen=True)
class ScriptedCall:
    """One expected CLI invocation and the CLI's answer to it."""

    argv: tuple[Expected, ...]
    """The argv after the binary name, including `--non-interactive` where the SDK adds it."""
    stdout: str = ""
    stderr: str = ""
    code: int = 0
    events: tuple[Event, ...] | None = None
    """Engine events to stream; the call's argv must then carry `--event-log`."""
    env: Mapping[str, str] | None = None
    """If given, these variables must be in the call's additional environment, with these
    values (other variables are allowed)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "argv", tuple(self.argv))
        if self.events is not None:
            events = tuple(self.events)
            for event in events:
                _check_event(event)
            object.__setattr__(self, "events", events)

    def replying(
        self,
        *,
        stdout: str | None = None,
        stderr: str | None = None,
        code: int | None = None,
        events: Sequence[Event] | None = None,
    ) -> ScriptedCall:
        """The same expected call with a different answer (unset parts are kept)."""
        return dataclasses.replace(
            self,
            stdout=self.stdout if stdout is None else stdout,
            stderr=self.stderr if stderr is None else stderr,
            code=self.code if code is None else code,
            events=self.events if events is None else tuple(events),
        )

    def requiring_env(self, env: Mapping[str, str]) -> ScriptedCall:
        """The same call, which must also carry these additional environment variables."""
        return dataclasses.replace(self, env={**(self.env or {}), **env})

    def failing(self, stderr: str, *, code: int = 255, stdout: str = "") -> ScriptedCall:
        """The same expected call, answered the way the CLI fails (it exits with 255)."""
        return dataclasses.replace(self, stdout=stdout, stderr=stderr, code=code)


@dataclass
class RecordedCall:
    """What the SDK asked the CLI to do."""

    argv: tuple[str, ...]
    cwd: str
    env: dict[str, str]
    """The additional environment the SDK passed (the real CLI gets os.environ plus these
    plus PULUMI_AUTOMATION_API=true)."""
    event_transport: str | None = None
    """"grpc" or "file" when scripted events were delivered, else None."""

    @property
    def env_keys(self) -> frozenset[str]:
        return frozenset(self.env)


def validate_version(minimum: VersionInfo, current: str, opt_out: bool) -> VersionInfo | None:
    """The Automation API's check of `pulumi version`, with its messages (pulumi/automation/
    _cmd.py); the engine tests' version test compares it with the real CLI's answer."""
    try:
        version: VersionInfo | None = VersionInfo.parse(current)
    except ValueError:
        version = None
    if opt_out:
        return version
    if version is None:
        raise InvalidVersionError(
            "Could not parse the Pulumi CLI version. This is probably an internal error. "
            f"If you are sure you have the correct version, set {SKIP_VERSION_CHECK_VAR}=true."
        )
    if minimum.major < version.major:
        raise InvalidVersionError(
            f"Major version mismatch. You are using Pulumi CLI version {version} with "
            f"Automation SDK v{minimum.major}. Please update the SDK."
        )
    if minimum.compare(version) == 1:
        raise InvalidVersionError(
            "Minimum version requirement failed. The minimum CLI version requirement is "
            f"{minimum}, your current CLI version is {version}. Please update the Pulumi CLI."
        )
    return version


class FakePulumi(PulumiCommand):
    """A `PulumiCommand` that plays a script instead of running the `pulumi` binary.

    Any call that is not the next scripted one raises `AssertionError` (and is remembered, so
    `assert_done()` still fails if the code under test swallowed it); `assert_done()` also
    fails while scripted calls remain. Use it as a context manager to check at the end.
    """

    def __init__(
        self,
        script: Iterable[ScriptedCall] = (),
        version: str = DEFAULT_VERSION,
        *,
        skip_version_check: bool = False,
        min_version: str | None = None,
        grpc_timeout: float = 10.0,
    ) -> None:
        # No super().__init__(): the real one executes `pulumi version`. Validation is the
        # SDK's own, so a too-old, next-major or unparseable version raises InvalidVersionError.
        self.command = "pulumi"
        minimum = MINIMUM_VERSION
        if min_version is not None and VersionInfo.parse(min_version).compare(minimum) > 0:
            minimum = VersionInfo.parse(min_version)
        opt_out = skip_version_check or os.getenv(SKIP_VERSION_CHECK_VAR) is not None
        current = version[1:] if version.startswith("v") else version
        self.version = validate_version(minimum, current, opt_out)
        self.grpc_timeout = grpc_timeout
        self.script: list[ScriptedCall] = list(script)
        self.calls: list[RecordedCall] = []
        self.failures: list[str] = []
        self._position = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"FakePulumi(version={self.version}, played={self._position}/{len(self.script)}, "
            f"failures={len(self.failures)})"
        )

    @property
    def has_events_service(self) -> bool:
        """Whether the SDK will stream events over gRPC (it uses an event log file otherwise)."""
        return self.version is not None and self.version > EVENTS_SERVICE_AFTER

    @property
    def remaining(self) -> list[ScriptedCall]:
        return self.script[self._position :]

    def expect(self, *calls: ScriptedCall) -> None:
        """Append calls to the script."""
        self.script.extend(calls)

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Mapping[str, str],
        on_output: OnOutput | None = None,
        on_error: OnOutput | None = None,
    ) -> CommandResult:
        argv = cli_argv(args)
        record = RecordedCall(argv=tuple(argv), cwd=cwd, env=dict(additional_env))
        with self._lock:
            self.calls.append(record)
            index = self._position
            if index >= len(self.script):
                self._fail(f"unscripted call #{index + 1}: pulumi {_show(argv)}")
            expected = self.script[index]
            problem = _argv_mismatch(expected.argv, argv)
            if problem is not None:
                self._fail(
                    f"call #{index + 1} {problem}\n  expected: pulumi {_show(expected.argv)}"
                    f"\n  actual:   pulumi {_show(argv)}"
                )
            missing = {
                key: value
                for key, value in (expected.env or {}).items()
                if additional_env.get(key) != value
            }
            if missing:
                self._fail(
                    f"call #{index + 1} (pulumi {_show(argv)}) lacks environment "
                    f"{sorted(missing)}; it has {sorted(additional_env)}"
                )
            self._position += 1

        if expected.events is not None:
            record.event_transport = self._deliver(argv, expected.events)
        elif expected.code == 0 and "--event-log" in argv:
            with self._lock:
                self._fail(
                    f"the SDK asked for engine events (`pulumi {_show(argv)}`) but none are "
                    "scripted; a CLI that succeeds always streams some (at least a summary and "
                    "a cancelEvent): script events=engine_events(...), or events=[] for none"
                )
        stdout = _lines(expected.stdout)
        stderr = _lines(expected.stderr)
        if on_output is not None:
            for line in stdout:
                on_output(line)
        if on_error is not None:
            for line in stderr:
                on_error(line)
        result = CommandResult(
            stdout="\n".join(stdout), stderr="\n".join(stderr), code=expected.code
        )
        if expected.code != 0:
            raise create_command_error(result)
        return result

    def assert_done(self) -> None:
        """Fail if any call went wrong or any scripted call was never made."""
        problems = list(self.failures)
        if self.remaining:
            unused = "\n".join(f"  pulumi {_show(call.argv)}" for call in self.remaining)
            problems.append(f"{len(self.remaining)} scripted call(s) never made:\n{unused}")
        if problems:
            raise AssertionError("\n".join(problems))

    def __enter__(self) -> FakePulumi:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.assert_done()

    def _fail(self, message: str) -> NoReturn:
        self.failures.append(message)
        raise AssertionError(message)

    def _deliver(self, argv: Sequence[str], events: Sequence[Event]) -> str:
        address = _flag_value(argv, "--event-log")
        if address is None:
            with self._lock:
                self._fail(
                    f"events are scripted for `pulumi {_show(argv)}` but the SDK asked for none "
                    "(no --event-log: up/refresh/destroy only ask when on_event is given)"
                )
        if address.startswith("tcp://"):
            if not self.has_events_service:
                with self._lock:
                    self._fail(
                        f"CLI {self.version} has no events service, yet the SDK sent {address}"
                    )
            self._stream(address.removeprefix("tcp://"), events)
            return "grpc"
        with open(address, "a", encoding="utf-8") as log:
            for event in events:
                log.write(_event_json(event) + "\n")
                log.flush()
        return "file"

    def _stream(self, target: str, events: Sequence[Event]) -> None:
        """Send the events the way the CLI does: one client stream of EventRequest messages."""
        requests = [events_pb2.EventRequest(event=_event_json(event)) for event in events]
        channel = grpc.insecure_channel(target, options=[("grpc.enable_http_proxy", 0)])
        try:
            stub = events_pb2_grpc.EventsStub(channel)
            stub.StreamEvents(iter(requests), timeout=self.grpc_timeout)
        finally:
            channel.close()


def cli_argv(args: Sequence[str]) -> list[str]:
    """The argv `PulumiCommand.run` hands the binary: `--non-interactive` first unless present
    before any `--` separator."""
    argv = list(args)
    separator = argv.index("--") if "--" in argv else len(argv)
    if "--non-interactive" not in argv[:separator]:
        argv.insert(0, "--non-interactive")
    return argv


def _argv_mismatch(expected: Sequence[Expected], actual: Sequence[str]) -> str | None:
    for position, (want, got) in enumerate(zip(expected, actual, strict=False)):
        ok = want.matches(got) if isinstance(want, ArgMatcher) else want == got
        if not ok:
            return f"differs at argument {position}: expected {want!r}, got {got!r}"
    if len(expected) != len(actual):
        return f"has {len(actual)} arguments, expected {len(expected)}"
    return None


def _show(argv: Sequence[Expected]) -> str:
    return " ".join(repr(arg) if isinstance(arg, ArgMatcher) else arg for arg in argv)


def _flag_value(argv: Sequence[str], flag: str) -> str | None:
    for position, arg in enumerate(argv[:-1]):
        if arg == flag:
            return argv[position + 1]
    return None


def _lines(text: str) -> list[str]:
    """Split like the SDK's reader: readline on a text-mode pipe, then rstrip each line."""
    return [line.rstrip() for line in io.StringIO(text, newline=None)]


def _event_json(event: Event) -> str:
    return json.dumps(event, separators=(",", ":"))


def _check_event(event: Event) -> None:
    if not isinstance(event, Mapping):
        raise ValueError(f"an engine event is a mapping, got {event!r}")
    kinds = [key for key in event if key in EVENT_KINDS]
    unknown = [
        key for key in event if key not in EVENT_KINDS and key not in ("sequence", "timestamp")
    ]
    if len(kinds) != 1 or unknown:
        raise ValueError(
            f"an engine event has sequence, timestamp and exactly one of {EVENT_KINDS}; "
            f"got keys {sorted(event)}"
        )
    payload = event[kinds[0]]
    if not isinstance(payload, Mapping):
        raise ValueError(f"{kinds[0]} payload must be a mapping, got {payload!r}")
    if not payload and kinds[0] != "cancelEvent":
        # EngineEvent.from_json tests payloads for truth: an empty one would arrive as None.
        raise ValueError(f"{kinds[0]} payload is empty; the SDK would drop it")
    json.dumps(event)


# Engine events: payload builders and a stream builder.


def engine_events(
    *payloads: Event, cancel: bool = True, start: int = 1, timestamp: int = FIXED_TIMESTAMP
) -> list[dict[str, Any]]:
    """Number payloads from `start` and stamp them; end with the engine's cancelEvent unless
    `cancel=False` (a CLI that died mid-stream)."""
    items = [dict(payload) for payload in payloads]
    if cancel and not (items and "cancelEvent" in items[-1]):
        items.append(cancel_event())
    return [
        {"sequence": start + offset, "timestamp": timestamp, **item}
        for offset, item in enumerate(items)
    ]


def cancel_event() -> dict[str, Any]:
    return {"cancelEvent": {}}


def prelude_event(config: Mapping[str, str] | None = None) -> dict[str, Any]:
    return {"preludeEvent": {"config": dict(config or {})}}


def stdout_event(message: str, color: str = "never") -> dict[str, Any]:
    return {"stdoutEvent": {"message": message, "color": color}}


def diagnostic_event(
    message: str, severity: str = "info", urn: str | None = None, prefix: str | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = {"message": message, "color": "never", "severity": severity}
    if urn is not None:
        payload["urn"] = urn
    if prefix is not None:
        payload["prefix"] = prefix
    return {"diagnosticEvent": payload}


def step_metadata(
    urn: str,
    type: str,
    op: str,
    *,
    provider: str = "",
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    keys: Sequence[str] | None = None,
    diffs: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A StepEventMetadata as the CLI writes it (old/new are StepEventStateMetadata dicts)."""
    metadata: dict[str, Any] = {"op": op, "urn": urn, "type": type, "provider": provider}
    if old is not None:
        metadata["old"] = dict(old)
    if new is not None:
        metadata["new"] = dict(new)
    if keys is not None:
        metadata["keys"] = list(keys)
    if diffs is not None:
        metadata["diffs"] = list(diffs)
    return metadata


def resource_pre_event(
    urn: str, type: str, op: str, *, planning: bool | None = None, **metadata: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = {"metadata": step_metadata(urn, type, op, **metadata)}
    if planning is not None:
        payload["planning"] = planning
    return {"resourcePreEvent": payload}


def res_outputs_event(
    urn: str, type: str, op: str, *, planning: bool | None = None, **metadata: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = {"metadata": step_metadata(urn, type, op, **metadata)}
    if planning is not None:
        payload["planning"] = planning
    return {"resOutputsEvent": payload}


def res_op_failed_event(
    urn: str, type: str, op: str, *, status: int = 0, steps: int = 0, **metadata: Any
) -> dict[str, Any]:
    payload = {"metadata": step_metadata(urn, type, op, **metadata)}
    return {"resOpFailedEvent": {**payload, "status": status, "steps": steps}}


def summary_event(
    resource_changes: Mapping[str, int],
    *,
    duration_seconds: int = 1,
    maybe_corrupt: bool = False,
    policy_packs: Mapping[str, str] | None = None,
    is_preview: bool = False,
    result: str = "succeeded",
) -> dict[str, Any]:
    """The fields the CLI sends (tests/fixtures/engine: `result` is succeeded, failed or
    cancelled)."""
    return {
        "summaryEvent": {
            "maybeCorrupt": maybe_corrupt,
            "durationSeconds": duration_seconds,
            "resourceChanges": dict(resource_changes),
            "PolicyPacks": dict(policy_packs or {}),
            "isPreview": is_preview,
            "result": result,
        }
    }


# Scripted calls with the argv the SDK sends (each verified against the SDK in the tests).


def call(
    *argv: Expected,
    stdout: str = "",
    stderr: str = "",
    code: int = 0,
    events: Sequence[Event] | None = None,
    env: Mapping[str, str] | None = None,
) -> ScriptedCall:
    """Any call, argv given in full (as the binary receives it)."""
    return ScriptedCall(argv, stdout, stderr, code, None if events is None else tuple(events), env)


def stack_select(stack: str, *, stderr: str = "", code: int = 0) -> ScriptedCall:
    """`LocalWorkspace.select_stack` (also the first call of `Stack.select`/`create_or_select`)."""
    return call("--non-interactive", "stack", "select", "--stack", stack, stderr=stderr, code=code)


def stack_not_found(stack: str) -> ScriptedCall:
    """`stack select` failing as the CLI does for a missing stack (-> StackNotFoundError)."""
    return stack_select(stack, stderr=NOT_FOUND.format(stack=stack), code=EXIT_NOT_FOUND)


def stack_init(
    stack: str, secrets_provider: str | None = None, *, stderr: str = "", code: int = 0
) -> ScriptedCall:
    """`LocalWorkspace.create_stack`; the secrets provider comes from the workspace options."""
    argv: list[Expected] = ["--non-interactive", "stack", "init", stack]
    if secrets_provider is not None:
        argv += ["--secrets-provider", secrets_provider]
    return call(*argv, stderr=stderr, code=code)


def stack_already_exists(stack: str, secrets_provider: str | None = None) -> ScriptedCall:
    """`stack init` failing for an existing stack (-> StackAlreadyExistsError)."""
    return stack_init(stack, secrets_provider, stderr=ALREADY_EXISTS.format(stack=stack), code=255)


def stack_rm(stack: str, *, force: bool = False, preserve_config: bool = False) -> ScriptedCall:
    argv: list[Expected] = ["--non-interactive", "stack", "rm", "--yes"]
    if force:
        argv.append("--force")
    if preserve_config:
        argv.append("--preserve-config")
    return call(*argv, stack)


def stack_ls(
    stacks: Sequence[Mapping[str, Any]] = (), *, include_all: bool = False
) -> ScriptedCall:
    """`LocalWorkspace.list_stacks`; each stack needs "name" and "current", and may have
    "updateInProgress", "lastUpdate" (%Y-%m-%dT%H:%M:%S.%fZ), "resourceCount", "url"."""
    argv: list[Expected] = ["--non-interactive", "stack", "ls", "--json"]
    if include_all:
        argv.append("--all")
    return call(*argv, stdout=json.dumps([dict(stack) for stack in stacks]))


def whoami(
    user: str, *, url: str | None = None, organizations: Sequence[str] | None = None
) -> ScriptedCall:
    """`LocalWorkspace.who_am_i` on a CLI >= 3.58 (older ones get a bare `whoami`)."""
    answer: dict[str, Any] = {"user": user}
    if url is not None:
        answer["url"] = url
    if organizations is not None:
        answer["organizations"] = list(organizations)
    return call("--non-interactive", "whoami", "--json", stdout=json.dumps(answer))


def config_set(
    stack: str, key: str, value: str, *, secret: bool = False, path: bool = False
) -> ScriptedCall:
    """`set_config`: the SDK passes --non-interactive itself, before the `--` separator."""
    argv: list[Expected] = ["config", "set"]
    if path:
        argv.append("--path")
    argv += [key, "--secret" if secret else "--plaintext", "--stack", stack]
    return call(*argv, "--non-interactive", "--", value)


def config_set_all(
    stack: str, config: Mapping[str, str | ConfigValue], *, path: bool = False
) -> ScriptedCall:
    """`set_all_config`, keys in the mapping's order; a plain string is a plaintext value."""
    argv: list[Expected] = ["--non-interactive", "config", "set-all", "--stack", stack]
    if path:
        argv.append("--path")
    for key, value in config.items():
        item = value if isinstance(value, ConfigValue) else ConfigValue(value)
        argv += ["--secret" if item.secret else "--plaintext", f"{key}={item.value}"]
    return call(*argv)


def _operation(
    command: Sequence[str],
    stack: str,
    *,
    flags: Sequence[str],
    inline: bool,
    event_log: bool,
    stdout: str,
    stderr: str,
    code: int,
    events: Sequence[Event] | None,
) -> ScriptedCall:
    argv: list[Expected] = ["--non-interactive", *command, *flags]
    if inline:
        argv.append(LANGUAGE_HOST)
    argv += ["--exec-kind", "auto.inline" if inline else "auto.local"]
    if event_log:
        argv += ["--event-log", EVENT_LOG]
    argv += ["--stack", stack]
    return call(*argv, stdout=stdout, stderr=stderr, code=code, events=events)


def preview(
    stack: str,
    *,
    flags: Sequence[str] = (),
    inline: bool = True,
    events: Sequence[Event] | None = None,
    stdout: str = "",
    stderr: str = "",
    code: int = 0,
) -> ScriptedCall:
    """`Stack.preview`: always with an event log (the SDK needs the summary event).

    `flags` are what the SDK's `_parse_extra_args` makes of the keyword arguments, in its
    order: --message, --expect-no-changes, --diff, --replace, --target, --exclude,
    --policy-pack, --policy-pack-config, --target-dependents, --exclude-dependents,
    --parallel, --color, ..., then --import-file, --save-plan, --run-program=.
    """
    return _operation(
        ["preview"],
        stack,
        flags=flags,
        inline=inline,
        event_log=True,
        stdout=stdout,
        stderr=stderr,
        code=code,
        events=events,
    )


def up(
    stack: str,
    *,
    flags: Sequence[str] = (),
    inline: bool = True,
    on_event: bool = True,
    events: Sequence[Event] | None = None,
    stdout: str = "",
    stderr: str = "",
    code: int = 0,
) -> ScriptedCall:
    """`Stack.up`: `up --yes --skip-preview`. After it succeeds the SDK reads the outputs
    (`stack_outputs`, two calls) and the last history entry (`stack_history`)."""
    return _operation(
        ["up", "--yes", "--skip-preview"],
        stack,
        flags=flags,
        inline=inline,
        event_log=on_event,
        stdout=stdout,
        stderr=stderr,
        code=code,
        events=events,
    )


def refresh(
    stack: str,
    *,
    flags: Sequence[str] = (),
    inline: bool = True,
    on_event: bool = False,
    events: Sequence[Event] | None = None,
    stdout: str = "",
    stderr: str = "",
    code: int = 0,
) -> ScriptedCall:
    """`Stack.refresh`: `refresh --skip-preview --yes`, then `stack_history`. Inline programs
    need CLI >= 3.181 (the SDK raises InvalidVersionError before calling the CLI)."""
    return _operation(
        ["refresh", "--skip-preview", "--yes"],
        stack,
        flags=flags,
        inline=inline,
        event_log=on_event,
        stdout=stdout,
        stderr=stderr,
        code=code,
        events=events,
    )


def destroy(
    stack: str,
    *,
    flags: Sequence[str] = (),
    inline: bool = True,
    on_event: bool = False,
    events: Sequence[Event] | None = None,
    stdout: str = "",
    stderr: str = "",
    code: int = 0,
) -> ScriptedCall:
    """`Stack.destroy`: `destroy --skip-preview --yes`, then `stack_history` (and `stack_rm`
    when remove=True). Inline programs need CLI >= 3.181."""
    return _operation(
        ["destroy", "--skip-preview", "--yes"],
        stack,
        flags=flags,
        inline=inline,
        event_log=on_event,
        stdout=stdout,
        stderr=stderr,
        code=code,
        events=events,
    )


def stack_output(stack: str, outputs: Mapping[str, Any], *, show_secrets: bool) -> ScriptedCall:
    """One `stack output --json` call, answering `outputs` as given."""
    argv: list[Expected] = ["--non-interactive", "stack", "output", "--json"]
    if show_secrets:
        argv.append("--show-secrets")
    return call(*argv, "--stack", stack, stdout=json.dumps(dict(outputs)))


def stack_outputs(
    stack: str, outputs: Mapping[str, Any], *, secret: Iterable[str] = ()
) -> list[ScriptedCall]:
    """`Stack.outputs()` (also run by `up`): masked then plaintext; `secret` keys are masked."""
    hidden = set(secret)
    masked = {key: "[secret]" if key in hidden else value for key, value in outputs.items()}
    return [
        stack_output(stack, masked, show_secrets=False),
        stack_output(stack, outputs, show_secrets=True),
    ]


def history_entry(
    kind: str = "update",
    result: str = "succeeded",
    *,
    config: Mapping[str, str] | None = None,
    resource_changes: Mapping[str, int] | None = None,
    version: int = 1,
    message: str = "",
    start_time: str = "2024-01-01T00:00:00.000Z",
    end_time: str | None = "2024-01-01T00:00:10.000Z",
) -> dict[str, Any]:
    """One `stack history --json` entry (an UpdateSummary)."""
    entry: dict[str, Any] = {
        "kind": kind,
        "startTime": start_time,
        "message": message,
        "environment": {},
        "config": config_values(config or {}),
        "result": result,
        "version": version,
        "resourceChanges": dict(resource_changes or {}),
    }
    if end_time is not None:
        entry["endTime"] = end_time
    return entry


def stack_history(
    stack: str,
    entries: Sequence[Mapping[str, Any]],
    *,
    page_size: int | None = 1,
    page: int = 1,
    show_secrets: bool = True,
) -> ScriptedCall:
    """`Stack.history`; `Stack.info()` (run after up/refresh/destroy) uses page_size=1."""
    argv: list[Expected] = ["--non-interactive", "stack", "history", "--json"]
    if show_secrets:
        argv.append("--show-secrets")
    if page_size is not None:
        argv += ["--page-size", str(page_size), "--page", str(page)]
    stdout = json.dumps([dict(entry) for entry in entries])
    return call(*argv, "--stack", stack, stdout=stdout)


def read_config(stack: str, stdout: str) -> list[ScriptedCall]:
    """What `Engine.stored()` asks: the last deployment's config, then all of it."""
    show = ("--non-interactive", "config", "--show-secrets", "--json", "--stack", stack)
    return [
        call("--non-interactive", "config", "refresh", "--force", "--stack", stack),
        call(*show, stdout=stdout),
        call(*show, stdout=stdout),
    ]


def config_values(config: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Plain (not secret) config as the CLI's JSON gives it (`config --json`, history)."""
    return {key: {"value": value, "secret": False} for key, value in config.items()}


def stored_config(config: Mapping[str, str]) -> str:
    """`pulumi config --json` output for plain (not secret) values."""
    return json.dumps(config_values(config))


def deployed_lookup(
    stack: str, deployed: Mapping[str, str] | None = None, *, missing: bool = False
) -> list[ScriptedCall]:
    """What `Engine.deployed()` asks before `preview` and `up` compare specs: select the
    stack (without setting this run's config; the next operation sets it on the same
    selection), then its history, newest first, for the config of its last successful
    update (`deployed`; None: no update yet). With `missing` the stack does not exist."""
    if missing:
        return [stack_not_found(stack)]
    entries = [] if deployed is None else [history_entry(config=deployed)]
    return [stack_select(stack), stack_history(stack, entries, page_size=HISTORY_PAGE)]


def cancel(stack: str) -> ScriptedCall:
    """`Stack.cancel` (through the generated `API`): `cancel --yes --stack NAME`."""
    return call("--non-interactive", "cancel", "--yes", "--stack", stack)


__all__ = [
    "ALREADY_EXISTS",
    "ANY_ARG",
    "CONFLICT",
    "DEFAULT_VERSION",
    "EVENTS_SERVICE",
    "EVENTS_SERVICE_AFTER",
    "EVENT_LOG",
    "EVENT_LOG_FILE",
    "LANGUAGE_HOST",
    "LEGACY_EVENT_LOG_VERSION",
    "LOCKED",
    "NOT_FOUND",
    "ArgMatcher",
    "FakePulumi",
    "RecordedCall",
    "ScriptedCall",
    "call",
    "cancel",
    "cancel_event",
    "cli_argv",
    "config_set",
    "config_set_all",
    "deployed_lookup",
    "destroy",
    "diagnostic_event",
    "engine_events",
    "history_entry",
    "prelude_event",
    "preview",
    "read_config",
    "refresh",
    "res_op_failed_event",
    "res_outputs_event",
    "resource_pre_event",
    "stack_already_exists",
    "stack_history",
    "stack_init",
    "stack_ls",
    "stack_not_found",
    "stack_output",
    "stack_outputs",
    "stack_rm",
    "stack_select",
    "stdout_event",
    "step_metadata",
    "stored_config",
    "summary_event",
    "up",
    "whoami",
]
