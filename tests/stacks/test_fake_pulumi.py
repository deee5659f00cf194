"""FakePulumi drives the real `pulumi.automation` API: argv, events, errors and versions."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pulumi.automation as auto
import pytest
from fake_pulumi import (
    CONFLICT,
    EVENT_LOG_FILE,
    EVENTS_SERVICE,
    LANGUAGE_HOST,
    LEGACY_EVENT_LOG_VERSION,
    LOCKED,
    FakePulumi,
    ScriptedCall,
    call,
    cancel,
    config_set,
    config_set_all,
    destroy,
    diagnostic_event,
    engine_events,
    history_entry,
    prelude_event,
    preview,
    refresh,
    res_op_failed_event,
    res_outputs_event,
    resource_pre_event,
    stack_already_exists,
    stack_history,
    stack_init,
    stack_ls,
    stack_not_found,
    stack_outputs,
    stack_rm,
    stack_select,
    stdout_event,
    summary_event,
    up,
    whoami,
)

from aks_kit.stacks.progress import Progress

STACK = "dev"
PASSPHRASE = {"PULUMI_CONFIG_PASSPHRASE": "x"}
STACK_URN = "urn:pulumi:dev::aks-kit::pulumi:pulumi:Stack::aks-kit-dev"
RG_TYPE = "azure-native:resources:ResourceGroup"
RG_URN = f"urn:pulumi:dev::aks-kit::{RG_TYPE}::rg"
AKS_TYPE = "azure-native:containerservice:ManagedCluster"
AKS_URN = f"urn:pulumi:dev::aks-kit::{AKS_TYPE}::aks"

# EngineEvent attribute for each JSON payload key the CLI writes.
KINDS = {
    "cancelEvent": "cancel_event",
    "stdoutEvent": "stdout_event",
    "diagnosticEvent": "diagnostic_event",
    "preludeEvent": "prelude_event",
    "summaryEvent": "summary_event",
    "resourcePreEvent": "resource_pre_event",
    "resOutputsEvent": "res_outputs_event",
    "resOpFailedEvent": "res_op_failed_event",
}

PLANNED = engine_events(
    prelude_event({"azure-native:location": "westeurope"}),
    resource_pre_event(STACK_URN, "pulumi:pulumi:Stack", "create", planning=True),
    resource_pre_event(RG_URN, RG_TYPE, "create", planning=True),
    resource_pre_event(AKS_URN, AKS_TYPE, "create", planning=True),
    diagnostic_event("provider registered", severity="info"),
    summary_event({"create": 3}),
)
FAILED = engine_events(
    prelude_event(),
    resource_pre_event(RG_URN, RG_TYPE, "create"),
    res_outputs_event(RG_URN, RG_TYPE, "create"),
    resource_pre_event(AKS_URN, AKS_TYPE, "create"),
    diagnostic_event("quota exceeded", severity="error", urn=AKS_URN),
    res_op_failed_event(AKS_URN, AKS_TYPE, "create", status=1, steps=1),
    summary_event({"create": 1}, duration_seconds=42),
)


def open_stack(
    fake: FakePulumi,
    tmp_path: Path,
    *,
    secrets_provider: str | None = None,
    stack: str = STACK,
) -> auto.Stack:
    """An inline-program stack whose workspace lives under tmp_path with a file backend."""
    settings = auto.ProjectSettings(
        name="aks-kit",
        runtime="python",
        backend=auto.ProjectBackend(url=(tmp_path / "state").as_uri()),
    )
    return auto.create_or_select_stack(
        stack_name=stack,
        project_name="aks-kit",
        program=lambda: None,
        opts=auto.LocalWorkspaceOptions(
            pulumi_command=fake,
            work_dir=str(tmp_path),
            project_settings=settings,
            secrets_provider=secrets_provider,
            env_vars=PASSPHRASE,
        ),
    )


def kind(event: auto.EngineEvent) -> str:
    found = [attr for attr in KINDS.values() if getattr(event, attr) is not None]
    assert len(found) == 1, event
    return found[0]


def scripted_kinds(events: list[dict[str, Any]]) -> list[str]:
    return [KINDS[next(key for key in event if key in KINDS)] for event in events]


def event_log(argv: tuple[str, ...]) -> str:
    return argv[argv.index("--event-log") + 1]


@pytest.fixture
def seen() -> Iterator[list[auto.EngineEvent]]:
    yield []


def test_select_sends_the_exact_argv_and_passes_the_version_check(tmp_path: Path) -> None:
    with FakePulumi([stack_select(STACK)]) as fake:
        stack = open_stack(fake, tmp_path)

    assert stack.workspace.pulumi_version == "3.274.1"
    (record,) = fake.calls
    assert record.argv == ("--non-interactive", "stack", "select", "--stack", STACK)
    assert record.cwd == str(tmp_path)
    assert record.env_keys == {"PULUMI_CONFIG_PASSPHRASE"}
    assert f"url: {(tmp_path / 'state').as_uri()}" in (tmp_path / "Pulumi.yaml").read_text()


def test_preview_streams_the_scripted_events_over_grpc(
    tmp_path: Path, seen: list[auto.EngineEvent]
) -> None:
    script = [
        stack_select(STACK),
        preview(
            STACK,
            flags=["--diff", "--color", "never"],
            events=PLANNED,
            stdout="Previewing update (dev):\n +  3 to create  \n",
        ),
    ]
    lines: list[str] = []
    with FakePulumi(script) as fake:
        stack = open_stack(fake, tmp_path)
        result = stack.preview(
            on_event=seen.append, on_output=lines.append, diff=True, color="never"
        )

    assert [kind(e) for e in seen] == [
        "prelude_event",
        "resource_pre_event",
        "resource_pre_event",
        "resource_pre_event",
        "diagnostic_event",
        "summary_event",
        "cancel_event",
    ]
    assert [e.sequence for e in seen] == [1, 2, 3, 4, 5, 6, 7]
    assert seen[0].prelude_event is not None
    assert seen[0].prelude_event.config == {"azure-native:location": "westeurope"}
    pre = seen[2].resource_pre_event
    assert pre is not None
    assert (pre.metadata.urn, pre.metadata.type, pre.metadata.op) == (RG_URN, RG_TYPE, "create")
    assert pre.metadata.op is auto.OpType.CREATE
    assert pre.planning is True

    assert result.change_summary == {"create": 3}
    assert lines == ["Previewing update (dev):", " +  3 to create"]
    assert result.stdout == "Previewing update (dev):\n +  3 to create"

    record = fake.calls[1]
    assert record.event_transport == "grpc"
    assert re.fullmatch(
        r"--non-interactive preview --diff --color never --client=127\.0\.0\.1:\d+ "
        r"--exec-kind auto\.inline --event-log tcp://127\.0\.0\.1:\d+ --stack dev",
        " ".join(record.argv),
    )
    assert LANGUAGE_HOST.matches(record.argv[5])
    assert EVENTS_SERVICE.matches(event_log(record.argv))
    assert record.env_keys == {"PULUMI_CONFIG_PASSPHRASE", "PULUMI_DEBUG_COMMANDS"}


@pytest.mark.parametrize("events", [PLANNED, FAILED], ids=["planned", "failed"])
def test_on_event_receives_whatever_stream_is_scripted(
    tmp_path: Path, seen: list[auto.EngineEvent], events: list[dict[str, Any]]
) -> None:
    with FakePulumi([stack_select(STACK), preview(STACK, events=events)]) as fake:
        result = open_stack(fake, tmp_path).preview(on_event=seen.append)

    assert [kind(e) for e in seen] == scripted_kinds(events)
    expected_summary = next(e["summaryEvent"] for e in events if "summaryEvent" in e)
    assert result.change_summary == expected_summary["resourceChanges"]


def test_changed_stream_changes_what_the_progress_consumer_sees(tmp_path: Path) -> None:
    def run(events: list[dict[str, Any]]) -> Progress:
        progress = Progress(clock=lambda: 0.0)
        script = [
            stack_select(STACK),
            up(STACK, events=events),
            *stack_outputs(STACK, {}),
            stack_history(STACK, [history_entry()]),
        ]
        with FakePulumi(script) as fake:
            open_stack(fake, tmp_path).up(on_event=progress.handle)
        return progress

    planned, failed = run(PLANNED), run(FAILED)

    assert planned.counts() == {"planned": 2}
    assert planned.summary == {"create": 3}
    assert [step.name for step in failed.failures()] == ["aks"]
    assert failed.diagnostics == ["quota exceeded"]
    assert failed.summary == {"create": 1}
    assert planned.cancelled and failed.cancelled
    assert planned.unreadable == failed.unreadable == 0


def test_up_returns_outputs_and_summary_from_the_follow_up_calls(
    tmp_path: Path, seen: list[auto.EngineEvent]
) -> None:
    outputs = {"clusterName": "aks-dev", "kubeconfig": "apiVersion: v1"}
    script = [
        stack_select(STACK),
        up(STACK, events=FAILED[:1] + FAILED[-1:]),
        *stack_outputs(STACK, outputs, secret=["kubeconfig"]),
        stack_history(STACK, [history_entry(resource_changes={"create": 3}, version=7)]),
    ]
    with FakePulumi(script) as fake:
        result = open_stack(fake, tmp_path).up(on_event=seen.append)

    assert [kind(e) for e in seen] == ["prelude_event", "cancel_event"]
    assert (result.outputs["clusterName"].value, result.outputs["clusterName"].secret) == (
        "aks-dev",
        False,
    )
    assert result.outputs["kubeconfig"].value == "apiVersion: v1"
    assert result.outputs["kubeconfig"].secret
    assert result.summary.resource_changes == {"create": 3}
    assert (result.summary.kind, result.summary.result, result.summary.version) == (
        "update",
        "succeeded",
        7,
    )
    up_argv = fake.calls[1].argv
    assert up_argv[:4] == ("--non-interactive", "up", "--yes", "--skip-preview")
    assert up_argv[-6:-2] == ("--exec-kind", "auto.inline", "--event-log", event_log(up_argv))
    assert [" ".join(c.argv) for c in fake.calls[2:]] == [
        "--non-interactive stack output --json --stack dev",
        "--non-interactive stack output --json --show-secrets --stack dev",
        "--non-interactive stack history --json --show-secrets --page-size 1 --page 1 --stack dev",
    ]


def test_up_without_on_event_asks_for_no_events(tmp_path: Path) -> None:
    script = [
        stack_select(STACK),
        up(STACK, on_event=False),
        *stack_outputs(STACK, {}),
        stack_history(STACK, [history_entry()]),
    ]
    with FakePulumi(script) as fake:
        open_stack(fake, tmp_path).up()
    assert "--event-log" not in fake.calls[1].argv
    assert fake.calls[1].event_transport is None

    scripted_events = [stack_select(STACK), up(STACK, on_event=False, events=PLANNED)]
    fake = FakePulumi(scripted_events)
    with pytest.raises(AssertionError, match="the SDK asked for none"):
        open_stack(fake, tmp_path).up()


def test_successful_event_calls_need_scripted_events(tmp_path: Path) -> None:
    fake = FakePulumi([stack_select(STACK), preview(STACK)])
    with pytest.raises(AssertionError, match=r"asked for engine events .* but none are scripted"):
        open_stack(fake, tmp_path).preview()

    with (
        FakePulumi([stack_select(STACK), preview(STACK, events=[])]) as fake,
        pytest.raises(RuntimeError, match="summary event never found"),
    ):
        open_stack(fake, tmp_path).preview()
    assert fake.calls[1].event_transport == "grpc"


def test_required_environment_is_checked(tmp_path: Path) -> None:
    with FakePulumi([stack_select(STACK).requiring_env(PASSPHRASE)]) as fake:
        open_stack(fake, tmp_path)

    fake = FakePulumi([stack_select(STACK).requiring_env({"PULUMI_CONFIG_PASSPHRASE_FILE": "/p"})])
    with pytest.raises(
        AssertionError, match=r"lacks environment \['PULUMI_CONFIG_PASSPHRASE_FILE'\]"
    ):
        open_stack(fake, tmp_path)


def test_unscripted_call_raises_and_is_remembered(tmp_path: Path) -> None:
    fake = FakePulumi([stack_select(STACK)])
    stack = open_stack(fake, tmp_path)

    with pytest.raises(AssertionError, match=r"unscripted call #2: pulumi --non-interactive up"):
        stack.up()
    with pytest.raises(AssertionError, match="unscripted call #2"):
        fake.assert_done()


def test_argv_mismatch_raises_with_both_argvs(tmp_path: Path) -> None:
    fake = FakePulumi([stack_select("prod")])
    with pytest.raises(AssertionError) as raised:
        open_stack(fake, tmp_path)
    message = str(raised.value)
    assert "differs at argument 4: expected 'prod', got 'dev'" in message
    assert "expected: pulumi --non-interactive stack select --stack prod" in message
    assert "actual:   pulumi --non-interactive stack select --stack dev" in message

    fake = FakePulumi([stack_select(STACK), preview(STACK, flags=["--diff"], events=PLANNED)])
    stack = open_stack(fake, tmp_path)
    with pytest.raises(AssertionError, match=r"expected '--diff', got '--client=127\.0\.0\.1"):
        stack.preview()


def test_a_swallowed_failure_still_fails_assert_done(tmp_path: Path) -> None:
    fake = FakePulumi([stack_select(STACK), preview(STACK, events=PLANNED)])
    stack = open_stack(fake, tmp_path)
    with contextlib.suppress(Exception):
        stack.up()  # code under test that catches everything
    with pytest.raises(AssertionError) as raised:
        fake.assert_done()
    assert "call #2 differs at argument 1: expected 'preview', got 'up'" in str(raised.value)
    assert "1 scripted call(s) never made:\n  pulumi --non-interactive preview" in str(raised.value)


def test_leftover_scripted_calls_fail_assert_done_and_the_context(tmp_path: Path) -> None:
    script = [stack_select(STACK), preview(STACK, events=PLANNED)]
    with (
        pytest.raises(AssertionError, match=r"1 scripted call\(s\) never made"),
        FakePulumi(script) as fake,
    ):
        open_stack(fake, tmp_path)


def test_missing_stack_is_created_by_create_or_select(tmp_path: Path) -> None:
    with FakePulumi([stack_not_found(STACK), stack_init(STACK, "passphrase")]) as fake:
        open_stack(fake, tmp_path, secrets_provider="passphrase")

    assert [record.argv for record in fake.calls] == [
        ("--non-interactive", "stack", "select", "--stack", "dev"),
        ("--non-interactive", "stack", "init", "dev", "--secrets-provider", "passphrase"),
    ]


def test_stack_errors_map_to_the_sdk_exceptions(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: aks-kit\nruntime: python\n")

    def opts(fake: FakePulumi) -> auto.LocalWorkspaceOptions:
        return auto.LocalWorkspaceOptions(pulumi_command=fake, env_vars=PASSPHRASE)

    with (
        FakePulumi([stack_not_found(STACK)]) as fake,
        pytest.raises(auto.StackNotFoundError, match="no stack named 'dev' found"),
    ):
        auto.select_stack(STACK, work_dir=str(tmp_path), opts=opts(fake))

    with (
        FakePulumi([stack_already_exists(STACK)]) as fake,
        pytest.raises(auto.StackAlreadyExistsError, match="stack 'dev' already exists"),
    ):
        auto.create_stack(STACK, work_dir=str(tmp_path), opts=opts(fake))

    with (
        FakePulumi([stack_select(STACK).failing("error: something else")]) as fake,
        pytest.raises(auto.CommandError) as raised,
    ):
        auto.select_stack(STACK, work_dir=str(tmp_path), opts=opts(fake))
    assert type(raised.value) is auto.CommandError
    assert "code: 255" in str(raised.value)


@pytest.mark.parametrize("stderr", [CONFLICT, LOCKED], ids=["cloud-409", "diy-lock"])
def test_concurrent_update_on_up(tmp_path: Path, seen: list[auto.EngineEvent], stderr: str) -> None:
    events = engine_events(prelude_event(), diagnostic_event(stderr, severity="error"))
    script = [stack_select(STACK), up(STACK, events=events, stderr=stderr, code=255)]
    errors: list[str] = []
    with FakePulumi(script) as fake:
        stack = open_stack(fake, tmp_path)
        with pytest.raises(auto.ConcurrentUpdateError) as raised:
            stack.up(on_event=seen.append, on_error=errors.append)

    assert stderr in str(raised.value)
    assert errors == [stderr]
    assert [kind(e) for e in seen] == ["prelude_event", "diagnostic_event", "cancel_event"]
    assert len(fake.calls) == 2  # no outputs/history after a failed up


def test_old_cli_gets_events_through_the_event_log_file(
    tmp_path: Path, seen: list[auto.EngineEvent]
) -> None:
    script = [stack_select(STACK), preview(STACK, events=PLANNED)]
    with FakePulumi(script, version=LEGACY_EVENT_LOG_VERSION) as fake:
        result = open_stack(fake, tmp_path).preview(on_event=seen.append)

    assert not fake.has_events_service
    assert [kind(e) for e in seen] == scripted_kinds(PLANNED)
    assert result.change_summary == {"create": 3}
    record = fake.calls[1]
    assert record.event_transport == "file"
    assert EVENT_LOG_FILE.matches(event_log(record.argv))
    assert "automation-logs-preview-" in event_log(record.argv)


def test_event_transport_follows_the_sdk_threshold() -> None:
    assert not FakePulumi(version="3.205.0").has_events_service
    assert FakePulumi(version="3.206.0").has_events_service
    assert FakePulumi().has_events_service


def test_an_events_address_sent_to_an_old_cli_is_an_error(tmp_path: Path) -> None:
    fake = FakePulumi(
        [call("--non-interactive", "preview", "--event-log", EVENTS_SERVICE, events=PLANNED)],
        version="3.200.0",
    )
    with pytest.raises(AssertionError, match=r"CLI 3\.200\.0 has no events service"):
        fake.run(["preview", "--event-log", "tcp://127.0.0.1:1"], str(tmp_path), {})


@pytest.mark.parametrize("version", ["3.0.0", "4.0.0", "not-a-version"])
def test_unsupported_cli_versions_are_rejected_like_the_real_command(version: str) -> None:
    with pytest.raises(auto.InvalidVersionError):
        FakePulumi(version=version)
    with pytest.raises(auto.InvalidVersionError, match="Minimum version requirement failed"):
        FakePulumi(version="3.100.0", min_version="3.200.0")


def test_skipped_version_check_leaves_no_version(tmp_path: Path) -> None:
    fake = FakePulumi([stack_select(STACK)], version="not-a-version", skip_version_check=True)
    stack = open_stack(fake, tmp_path)
    assert fake.version is None
    with pytest.raises(auto.InvalidVersionError, match="Could not get Pulumi CLI version"):
        stack.preview()
    fake.assert_done()


def test_inline_refresh_needs_cli_3_181(tmp_path: Path) -> None:
    with FakePulumi([stack_select(STACK)], version="3.180.0") as fake:
        stack = open_stack(fake, tmp_path)
        with pytest.raises(auto.InvalidVersionError, match=r"3\.181\.0"):
            stack.refresh()
        with pytest.raises(auto.InvalidVersionError, match=r"3\.181\.0"):
            stack.destroy()
    assert len(fake.calls) == 1


def test_whoami_json_needs_cli_3_58(tmp_path: Path) -> None:
    with FakePulumi([stack_select(STACK), whoami("al")]) as fake:
        assert open_stack(fake, tmp_path).workspace.who_am_i().user == "al"
    assert fake.calls[1].argv == ("--non-interactive", "whoami", "--json")

    old = [stack_select(STACK), call("--non-interactive", "whoami", stdout="al\n")]
    with FakePulumi(old, version="3.57.0") as fake:
        assert open_stack(fake, tmp_path).workspace.who_am_i().user == "al"


def test_workspace_and_lifecycle_helpers_match_the_sdk(
    tmp_path: Path, seen: list[auto.EngineEvent]
) -> None:
    config: Mapping[str, str | auto.ConfigValue] = {
        "azure-native:location": "westeurope",
        "aks-kit:adminPassword": auto.ConfigValue("s3cret", secret=True),
    }
    stacks = [
        {"name": "dev", "current": True, "resourceCount": 4},
        {"name": "prod", "current": False},
    ]
    destroyed = engine_events(
        prelude_event(),
        resource_pre_event(RG_URN, RG_TYPE, "delete"),
        res_outputs_event(RG_URN, RG_TYPE, "delete"),
        stdout_event("done"),
        summary_event({"delete": 1}),
    )
    script = [
        stack_select(STACK),
        config_set_all(STACK, config),
        config_set(STACK, "aks-kit:tags.team", "platform", path=True),
        config_set(STACK, "aks-kit:token", "--looks-like-a-flag", secret=True),
        stack_ls(stacks),
        whoami("alice", url="https://api.pulumi.com", organizations=["contoso"]),
        refresh(STACK, flags=["--color", "never"]),
        stack_history(STACK, [history_entry("refresh")]),
        destroy(STACK, on_event=True, events=destroyed),
        stack_history(STACK, [history_entry("destroy", resource_changes={"delete": 1})]),
        stack_rm(STACK),
        cancel(STACK),
    ]
    with FakePulumi(script) as fake:
        stack = open_stack(fake, tmp_path)
        stack.set_all_config(
            {
                k: v if isinstance(v, auto.ConfigValue) else auto.ConfigValue(v)
                for k, v in config.items()
            }
        )
        stack.set_config("aks-kit:tags.team", auto.ConfigValue("platform"), path=True)
        stack.set_config("aks-kit:token", auto.ConfigValue("--looks-like-a-flag", secret=True))
        listed = stack.workspace.list_stacks()
        me = stack.workspace.who_am_i()
        refreshed = stack.refresh(color="never")
        gone = stack.destroy(on_event=seen.append, remove=True)
        stack.cancel()

    assert [(s.name, s.current, s.resource_count) for s in listed] == [
        ("dev", True, 4),
        ("prod", False, None),
    ]
    assert (me.user, me.url, me.organizations) == ("alice", "https://api.pulumi.com", ["contoso"])
    assert refreshed.summary.kind == "refresh"
    assert gone.summary.resource_changes == {"delete": 1}
    assert [kind(e) for e in seen] == scripted_kinds(destroyed)
    argv = [" ".join(record.argv) for record in fake.calls]
    assert argv[1] == (
        "--non-interactive config set-all --stack dev "
        "--plaintext azure-native:location=westeurope --secret aks-kit:adminPassword=s3cret"
    )
    assert argv[2] == (
        "config set --path aks-kit:tags.team --plaintext --stack dev --non-interactive -- platform"
    )
    assert argv[3].endswith("--secret --stack dev --non-interactive -- --looks-like-a-flag")
    assert argv[6].startswith("--non-interactive refresh --skip-preview --yes --color never")
    assert argv[8].startswith("--non-interactive destroy --skip-preview --yes --client=")
    assert argv[10:] == [
        "--non-interactive stack rm --yes dev",
        "--non-interactive cancel --yes --stack dev",
    ]


def test_local_program_preview_has_no_language_host(
    tmp_path: Path, seen: list[auto.EngineEvent]
) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: aks-kit\nruntime: python\n")
    script = [stack_select(STACK), preview(STACK, inline=False, events=PLANNED)]
    with FakePulumi(script) as fake:
        stack = auto.create_or_select_stack(
            STACK,
            work_dir=str(tmp_path),
            opts=auto.LocalWorkspaceOptions(pulumi_command=fake, env_vars=PASSPHRASE),
        )
        stack.preview(on_event=seen.append)
    assert fake.calls[1].argv[:4] == ("--non-interactive", "preview", "--exec-kind", "auto.local")
    assert not any(arg.startswith("--client") for arg in fake.calls[1].argv)


def test_scripted_events_are_validated() -> None:
    with pytest.raises(ValueError, match="summaryEvent payload is empty"):
        ScriptedCall(("preview",), events=({"sequence": 1, "summaryEvent": {}},))
    with pytest.raises(ValueError, match="exactly one of"):
        ScriptedCall(("preview",), events=({"preludeEvent": {"config": {}}, "cancelEvent": {}},))
    with pytest.raises(ValueError, match="exactly one of"):
        ScriptedCall(("preview",), events=({"sequence": 1, "bogusEvent": {"x": 1}},))
    assert engine_events(prelude_event(), cancel=False) == [
        {"sequence": 1, "timestamp": 1_700_000_000, "preludeEvent": {"config": {}}}
    ]
