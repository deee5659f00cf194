"""The replace guard fails closed, in `preview` as in `up` (the real Automation API against a
scripted pulumi CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from fake_preflight import passing_preflight
from fake_pulumi import (
    FakePulumi,
    ScriptedCall,
    config_set_all,
    deployed_lookup,
    engine_events,
    preview,
    resource_pre_event,
    stack_init,
    stack_not_found,
    summary_event,
)
from trust_helpers import Cli, against, findings, plan, resources

from aks_kit.cli.application import Application
from aks_kit.presets.resolve import resolve

STACK = "prod"
TOKEN = "azure-native:resources:Resource"
CLUSTER_URN = f"urn:pulumi:{STACK}::aks-kit::aks-kit:index:AksCluster${TOKEN}::{STACK}"
AKS_INPUTS = {
    "resourceProviderNamespace": "Microsoft.ContainerService",
    "resourceType": "managedClusters",
}


class Credential:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("token", 4102444800)


@pytest.fixture
def use(
    application: Application, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[[list[ScriptedCall]], FakePulumi]]:
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "aks-kit"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    fakes: list[FakePulumi] = []

    def install(script: list[ScriptedCall]) -> FakePulumi:
        fake = FakePulumi(script)
        fakes.append(fake)
        application.pulumi_command = lambda: fake
        application.credential = Credential
        application.preflight = passing_preflight  # no Azure here
        return fake

    yield install
    for fake in fakes:
        fake.assert_done()


def guarded_new_stack(home: Path) -> list[ScriptedCall]:
    """`up` first looks for the spec the stack was deployed from (a new stack has none)."""
    passphrase = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    return [stack_not_found(STACK).requiring_env(passphrase), *created_stack(home)]


def spec_config() -> dict[str, str]:
    resolved = resolve(preset="automatic", name=STACK)
    assert resolved.document is not None
    return {
        "aks-kit:spec": json.dumps(resolved.document.dump(), sort_keys=True),
        "azure-native:location": "eastus2",
    }


def created_stack(home: Path) -> list[ScriptedCall]:
    passphrase = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    return [
        stack_not_found(STACK).requiring_env(passphrase),
        stack_init(STACK).requiring_env(passphrase),
        config_set_all(STACK, spec_config()),
    ]


def existing_stack() -> list[ScriptedCall]:
    """What `preview` does: it reads the spec the stack was deployed from (the same one
    here), then selects the stack, never creates it."""
    return [
        *deployed_lookup(STACK, spec_config()),
        config_set_all(STACK, spec_config()),
    ]


def replace_cluster(*, protect: bool = False) -> list[dict[str, Any]]:
    state: dict[str, Any] = {"type": TOKEN, "urn": CLUSTER_URN, "inputs": AKS_INPUTS}
    if protect:
        state["protect"] = True
    return engine_events(
        resource_pre_event(
            CLUSTER_URN, TOKEN, "replace", planning=True, new=state, old=state, keys=["location"]
        ),
        summary_event({"replace": 1}),
    )


def test_preview_exits_3_where_up_would_refuse_a_replacement(
    use: Callable[..., FakePulumi], cli: Cli, tmp_path: Path
) -> None:
    use([*existing_stack(), preview(STACK, events=replace_cluster())])
    result = cli("preview", "--preset", "automatic", "--name", STACK)
    assert result.exit_code == 3, result.stderr
    assert "--allow-replace" in result.stderr
    assert "replace prod" in result.stderr


def test_preview_with_allow_replace_reports_the_replacement(
    use: Callable[..., FakePulumi], cli: Cli, tmp_path: Path
) -> None:
    use([*existing_stack(), preview(STACK, events=replace_cluster())])
    result = cli("preview", "--preset", "automatic", "--name", STACK, "--allow-replace")
    assert result.exit_code == 0, result.stderr


def test_up_refuses_when_an_engine_event_cannot_be_read(
    use: Callable[..., FakePulumi], cli: Cli, tmp_path: Path
) -> None:
    unreadable = engine_events(
        # A step whose URN is not a string: the progress reader cannot make sense of it.
        resource_pre_event(7, TOKEN, "update", planning=True),  # type: ignore[arg-type]
        summary_event({"update": 1}),
    )
    use([*guarded_new_stack(tmp_path / "aks-kit"), preview(STACK, events=unreadable)])
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 3, result.stderr
    assert "could not be read" in result.stderr
    assert "--allow-replace" in result.stderr


def test_up_refuses_when_the_summary_counts_replacements_no_step_explains(
    use: Callable[..., FakePulumi], cli: Cli, tmp_path: Path
) -> None:
    silent = engine_events(summary_event({"replace": 1, "same": 4}))
    use([*guarded_new_stack(tmp_path / "aks-kit"), preview(STACK, events=silent)])
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 3, result.stderr
    assert "summary" in result.stderr
    assert "--allow-replace" in result.stderr


def test_up_refuses_when_the_summary_counts_deletions_no_step_explains(
    use: Callable[..., FakePulumi], cli: Cli, tmp_path: Path
) -> None:
    silent = engine_events(summary_event({"delete": 2}))
    use([*guarded_new_stack(tmp_path / "aks-kit"), preview(STACK, events=silent)])
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 3, result.stderr


def test_allow_replace_does_not_lift_the_protection_refusal(
    use: Callable[..., FakePulumi], cli: Cli, tmp_path: Path
) -> None:
    use(
        [
            *guarded_new_stack(tmp_path / "aks-kit"),
            preview(STACK, events=replace_cluster(protect=True)),
        ]
    )
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes", "--allow-replace")
    assert result.exit_code == 3, result.stderr
    assert "protect" in result.stderr


def test_plan_against_keeps_a_protected_replacement_an_error(cli: Cli, tmp_path: Path) -> None:
    doc = plan(cli, "--preset", "automatic", "--name", STACK)

    def moved(d: dict[str, Any]) -> dict[str, Any]:
        for resource in resources(d):
            if "location" in resource["inputs"]:
                resource["inputs"]["location"] = "westeurope"
        return d

    old = moved(json.loads(json.dumps(doc)))
    code, report = against(
        cli, tmp_path, old, "--preset", "automatic", "--name", STACK, extra=("--allow-replace",)
    )
    protected = [f for f in findings(report) if "protected" in f["message"]]
    assert protected and all(f["level"] == "error" for f in protected), protected
    assert code == 3


@pytest.mark.parametrize(
    "text",
    ["{}", "[]", '{"resources": []}', '{"spec": {}, "findings": []}', '"plan"'],
)
def test_plan_against_refuses_a_file_that_is_not_an_aks_kit_plan(
    cli: Cli, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "other.json"
    path.write_text(text)
    result = cli("plan", "--preset", "standard", "--against", str(path))
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "not an aks-kit plan" in result.stderr
