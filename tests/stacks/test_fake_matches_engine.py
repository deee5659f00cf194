"""The scripted CLI (tests/support/fake_pulumi.py) kept honest by the real CLI's recordings.

tests/fixtures/engine/*.json are what the pulumi CLI built from source did in `aks-kit` runs
against the azure-native stand-in (recorded by `python -m standin.record`; see its doc):
every call's argv, exit code, stderr and engine events. The seam tests script the fake; these
tests fail when the fake's argv, event fields or error texts drift from the recordings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_pulumi import (
    ALREADY_EXISTS,
    DEFAULT_VERSION,
    EXIT_LOCKED,
    LOCKED,
    NOT_FOUND,
    ScriptedCall,
    _argv_mismatch,
    _check_event,
    cancel_event,
    config_set_all,
    destroy,
    diagnostic_event,
    preview,
    refresh,
    res_op_failed_event,
    res_outputs_event,
    resource_pre_event,
    stack_history,
    stack_init,
    stack_not_found,
    stack_output,
    stack_select,
    summary_event,
    up,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
RECORDED = sorted(FIXTURES.glob("*.json"))
STACK = "aks-automatic"
URN = f"urn:pulumi:{STACK}::aks-kit::aks-kit:index:AksCluster$azure-native:resources:Resource::{STACK}"
TOKEN = "azure-native:resources:Resource"


def calls() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in RECORDED:
        data = json.loads(path.read_text())
        for item in data["calls"]:
            yield data["scenario"], item


def argv(item: dict[str, Any]) -> list[str]:
    return [arg.replace("<port>", "50051") for arg in item["argv"]]


def events(kind: str) -> list[dict[str, Any]]:
    return [e[kind] for _, item in calls() for e in item["events"] if kind in e]


def keys(payloads: list[dict[str, Any]], inner: str | None = None) -> set[str]:
    found: set[str] = set()
    for payload in payloads:
        found |= set(payload[inner] if inner else payload)
    return found


def the_call(command: list[str], scenario: str | None = None) -> dict[str, Any]:
    """The first recorded call whose argv starts with `--non-interactive` + `command`."""
    for name, item in calls():
        if (scenario is None or name == scenario) and item["argv"][1 : 1 + len(command)] == command:
            return item
    raise AssertionError(f"no recorded call of {command} in {scenario or 'any scenario'}")


def test_there_are_recordings() -> None:
    assert len(RECORDED) >= 8, "record them: PYTHONPATH=tests/support python -m standin.record"


def test_the_fake_has_the_built_cli_version() -> None:
    version = the_call_argv0("version")
    assert version["stderr"] == "" and version["exitCode"] == 0
    go_mod = (FIXTURES.parents[2] / "tools" / "pulumi-cli" / "go.mod").read_text()
    assert f"github.com/pulumi/pulumi/pkg/v3 v{DEFAULT_VERSION}" in go_mod


def the_call_argv0(command: str) -> dict[str, Any]:
    for _, item in calls():
        if item["argv"][:1] == [command]:
            return item
    raise AssertionError(f"no recorded `{command}` call")


def test_every_recorded_event_passes_the_fakes_event_check() -> None:
    seen = 0
    for _, item in calls():
        for event in item["events"]:
            _check_event(event)
            seen += 1
    assert seen > 100


@pytest.mark.parametrize(
    ("kind", "fake", "inner"),
    [
        ("resourcePreEvent", resource_pre_event(URN, TOKEN, "create", planning=True), None),
        (
            "resourcePreEvent",
            resource_pre_event(URN, TOKEN, "update", keys=[], diffs=[]),
            "metadata",
        ),
        ("resOutputsEvent", res_outputs_event(URN, TOKEN, "create", planning=True), None),
        ("resOutputsEvent", res_outputs_event(URN, TOKEN, "create", new={}, old={}), "metadata"),
        ("resOpFailedEvent", res_op_failed_event(URN, TOKEN, "update"), None),
        ("summaryEvent", summary_event({"create": 1}), None),
        ("diagnosticEvent", diagnostic_event("x", "error", urn=URN, prefix="error: "), None),
        ("cancelEvent", cancel_event(), None),
    ],
)
def test_the_fakes_event_fields_are_the_real_ones(
    kind: str, fake: dict[str, Any], inner: str | None
) -> None:
    real = events(kind)
    assert real, f"no recorded {kind}"
    payload = fake[kind]
    fake_keys = set(payload[inner]) if inner else set(payload)
    assert fake_keys <= keys(real, inner), (
        f"fields the real CLI never sends: {fake_keys - keys(real, inner)}"
    )


def test_summary_and_failure_payloads_have_exactly_the_real_fields() -> None:
    assert set(summary_event({})["summaryEvent"]) == keys(events("summaryEvent"))
    failed = res_op_failed_event(URN, TOKEN, "update")["resOpFailedEvent"]
    assert set(failed) == keys(events("resOpFailedEvent"))


def test_the_real_ops_are_the_ones_progress_knows() -> None:
    from aks_kit.stacks.progress import DESTRUCTIVE_OPS

    ops = {p["metadata"]["op"] for p in events("resourcePreEvent")}
    assert ops <= {"create", "update", "same", "delete", "refresh", "read"} | DESTRUCTIVE_OPS
    assert {"replace", "create-replacement", "delete-replaced"} <= ops, ops
    replaced = [
        p["metadata"] for p in events("resourcePreEvent") if p["metadata"]["op"] == "replace"
    ]
    assert all(m.get("keys") for m in replaced), "a replace step names the inputs that force it"
    failed = events("resOpFailedEvent")
    assert {p["metadata"]["op"] for p in failed} == {"update"}


@pytest.mark.parametrize(
    ("fake", "command", "scenario"),
    [
        (stack_select(STACK), ["stack", "select"], "up-automatic-unchanged"),
        (stack_init(STACK), ["stack", "init"], "up-automatic-new"),
        (preview(STACK), ["preview"], "up-automatic-new"),
        (up(STACK), ["up"], "up-automatic-new"),
        (refresh(STACK, on_event=True), ["refresh"], "refresh"),
        (destroy("aks-standard", on_event=True), ["destroy"], "destroy-unprotect"),
        (stack_output(STACK, {}, show_secrets=False), ["stack", "output"], "outputs"),
    ],
)
def test_the_fakes_argv_is_the_real_one(
    fake: ScriptedCall, command: list[str], scenario: str
) -> None:
    real = argv(the_call(command, scenario))
    assert _argv_mismatch(fake.argv, real) is None, (fake.argv, real)


def test_config_set_all_and_history_argv() -> None:
    real = argv(the_call(["config", "set-all"], "up-automatic-new"))
    pairs = real[5:]
    config = {
        pairs[i + 1].split("=", 1)[0]: pairs[i + 1].split("=", 1)[1]
        for i in range(0, len(pairs), 2)
    }
    assert _argv_mismatch(config_set_all(STACK, config).argv, real) is None
    assert {"aks-kit:spec", "azure-native:location"} <= set(config)
    history = argv(the_call(["stack", "history"], "up-automatic-new"))
    assert _argv_mismatch(stack_history(STACK, [], page_size=1, page=1).argv, history) is None


def test_the_fakes_error_texts_and_exit_codes_are_the_real_ones() -> None:
    missing = the_call(["stack", "select"], "up-automatic-new")
    assert NOT_FOUND.format(stack=STACK) in missing["stderr"]
    assert stack_not_found(STACK).code == missing["exitCode"]
    locked = [
        item
        for name, item in calls()
        if name == "up-locked" and item["argv"][1:2] == ["up"] and item["exitCode"] != 0
    ]
    assert locked, "the locked update was not recorded"
    assert LOCKED in locked[0]["stderr"]
    assert locked[0]["exitCode"] == EXIT_LOCKED
    assert ALREADY_EXISTS.format(stack=STACK).startswith("error: stack ")
