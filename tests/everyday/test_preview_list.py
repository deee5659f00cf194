"""`up` and `preview` list what they will change, resource by resource with pulumi's symbols,
and each changed field with its class (or the engine's changed inputs when no deployed spec
tells), before `up` asks; a fleet's `up` lists every stack's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken
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

from aks_kit.cli.application import Application
from aks_kit.presets.resolve import resolve

STACK = "prod"
TOKEN = "azure-native:resources:Resource"
PREFIX = f"urn:pulumi:{STACK}::aks-kit::aks-kit:index:AksCluster$"
CLUSTER_URN = f"{PREFIX}{TOKEN}::{STACK}"
POOL_URN = f"{PREFIX}{TOKEN}::{STACK}-user"
RG_URN = f"{PREFIX}azure-native:resources:ResourceGroup::{STACK}-rg"
CLUSTER = {
    "resourceProviderNamespace": "Microsoft.ContainerService",
    "resourceType": "managedClusters",
}
POOL = {
    "resourceProviderNamespace": "Microsoft.ContainerService",
    "resourceType": "agentPools",
    "parentResourcePath": f"managedClusters/{STACK}",
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
        return fake

    yield install
    for fake in fakes:
        fake.assert_done()


def new_stack(home: Path) -> list[ScriptedCall]:
    resolved = resolve(preset="automatic", name=STACK)
    assert resolved.document is not None
    config = {
        "aks-kit:spec": json.dumps(resolved.document.dump(), sort_keys=True),
        "azure-native:location": "eastus2",
    }
    passphrase = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    return [
        stack_not_found(STACK).requiring_env(passphrase),
        stack_init(STACK).requiring_env(passphrase),
        config_set_all(STACK, config),
    ]


def planned() -> list[dict[str, Any]]:
    return engine_events(
        resource_pre_event(RG_URN, "azure-native:resources:ResourceGroup", "create", planning=True),
        resource_pre_event(
            CLUSTER_URN,
            TOKEN,
            "update",
            planning=True,
            new={"type": TOKEN, "urn": CLUSTER_URN, "inputs": CLUSTER},
            diffs=["properties.autoUpgradeProfile"],
        ),
        resource_pre_event(
            POOL_URN,
            TOKEN,
            "update",
            planning=True,
            new={"type": TOKEN, "urn": POOL_URN, "inputs": POOL},
            diffs=["properties.maxCount"],
        ),
        summary_event({"create": 1, "update": 2}),
    )


def test_up_lists_each_change_before_asking(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], tmp_path: Path
) -> None:
    home = tmp_path / "aks-kit"
    passphrase = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    # `up` first looks for the spec the stack was deployed from (a new stack has none).
    deployed = stack_not_found(STACK).requiring_env(passphrase)
    use([deployed, *new_stack(home), preview(STACK, events=planned())])
    result = cli("up", "--preset", "automatic", "--name", STACK, "--skip-preflight", input="n\n")
    assert result.exit_code == 1  # declined
    err = result.stderr
    lines = err.splitlines()
    create = next(i for i, line in enumerate(lines) if line.startswith("+  resourceGroups prod-rg"))
    update = next(i for i, line in enumerate(lines) if line.startswith("~  managedClusters prod"))
    pool = next(i for i, line in enumerate(lines) if line.startswith("~  agentPools prod-user"))
    assert lines[pool + 1].strip() == "properties.maxCount"
    assert lines[update + 1].strip() == "properties.autoUpgradeProfile"
    question = next(i for i, line in enumerate(lines) if "Apply" in line)
    assert max(create, update, pool) < question
    assert "3 resources to change (1 create, 2 update)" in err


def test_preview_lists_each_change(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], tmp_path: Path
) -> None:
    looked = stack_not_found(STACK)  # the spec it was deployed from: none, no stack yet
    use([looked, *new_stack(tmp_path / "aks-kit"), preview(STACK, events=planned())])
    result = cli(
        "preview",
        "--preset",
        "automatic",
        "--name",
        STACK,
        "--create-stack",
        "--skip-preflight",
        "-o",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == {"create": 1, "update": 2}
    assert "~  agentPools prod-user  update" in result.stderr
    assert "properties.maxCount" in result.stderr


def standard(*sets: str) -> dict[str, str]:
    resolved = resolve(preset="standard", name=STACK, sets=list(sets))
    assert resolved.document is not None
    return {
        "aks-kit:spec": json.dumps(resolved.document.dump(), sort_keys=True),
        "azure-native:location": resolved.document.metadata.location,
    }


def test_up_lists_each_changed_field_with_its_class_before_asking(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    more = "spec.nodePools[1].maxCount=30"
    events = engine_events(
        resource_pre_event(
            POOL_URN,
            TOKEN,
            "update",
            planning=True,
            new={"type": TOKEN, "urn": POOL_URN, "inputs": POOL},
            diffs=["properties"],
        ),
        summary_event({"update": 1, "same": 18}),
    )
    use(
        [
            *deployed_lookup(STACK, standard()),
            config_set_all(STACK, standard(more)),
            preview(STACK, events=events),
        ]
    )
    result = cli(
        "up",
        "--preset",
        "standard",
        "--name",
        STACK,
        "--set",
        more,
        "--skip-preflight",
        input="n\n",
    )
    assert result.exit_code == 1  # declined
    lines = result.stderr.splitlines()
    pool = lines.index("~  agentPools prod-user  update")
    assert lines[pool + 1].strip() == "properties.maxCount: 20 -> 30  in-place"
    assert pool < next(i for i, line in enumerate(lines) if "Apply 1 change" in line)
