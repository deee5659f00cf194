"""`aks-kit preview` fit for pull requests, through the CLI against the scripted pulumi CLI:
an existing stack only (unless --create-stack), `up`'s guard (exit 3), --expect-no-changes,
per-resource steps in -o json, -o markdown, and the backend settings from the environment.
"""

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
    history_entry,
    preview,
    resource_pre_event,
    stack_history,
    stack_init,
    stack_not_found,
    stack_select,
    summary_event,
)

from aks_kit import __version__
from aks_kit.cli.application import Application
from aks_kit.presets.resolve import resolve
from aks_kit.stacks.engine import HISTORY_PAGE

STACK = "prod"
GENERIC = "azure-native:resources:Resource"
PREFIX = f"urn:pulumi:{STACK}::aks-kit::aks-kit:index:AksCluster$"
CLUSTER = f"{PREFIX}{GENERIC}::{STACK}"
POOL = f"{PREFIX}{GENERIC}::{STACK}-user"
TAGGED = f"{PREFIX}azure-native:operationalinsights:Workspace::{STACK}-logs"


def arm(resource_type: str, parent: str = "") -> dict[str, Any]:
    inputs = {"resourceProviderNamespace": "Microsoft.ContainerService"}
    inputs["resourceType"] = resource_type
    if parent:
        inputs["parentResourcePath"] = parent
    return {"type": GENERIC, "inputs": inputs}


class Credential:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("token", 4102444800)


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "aks-kit"))
    for name in ("PULUMI_BACKEND_URL", "AZURE_SUBSCRIPTION_ID", "AKS_KIT_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AKS_KIT_SECRETS_PROVIDER", raising=False)
    return tmp_path / "aks-kit"


@pytest.fixture
def use(
    application: Application, home: Path
) -> Iterator[Callable[[list[ScriptedCall]], FakePulumi]]:
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


def config(*sets: str) -> dict[str, str]:
    resolved = resolve(preset="standard", name=STACK, sets=list(sets))
    assert resolved.document is not None
    return {
        "aks-kit:spec": json.dumps(resolved.document.dump(), sort_keys=True),
        "azure-native:location": "eastus2",
    }


def existing(
    events: list[dict[str, Any]],
    now: dict[str, str] | None = None,
    deployed: dict[str, str] | None = None,
) -> list[ScriptedCall]:
    """A stack deployed from `deployed` (default: the spec previewed, `now`), previewed."""
    now = now or config()
    return [
        *deployed_lookup(STACK, deployed or now),
        config_set_all(STACK, now),
        preview(STACK, events=events),
    ]


def pool_replaced_and_tags_updated() -> list[dict[str, Any]]:
    return engine_events(
        resource_pre_event(
            TAGGED,
            "azure-native:operationalinsights:Workspace",
            "update",
            planning=True,
            diffs=["tags"],
        ),
        resource_pre_event(
            POOL,
            GENERIC,
            "replace",
            planning=True,
            new=arm("agentPools", "managedClusters/prod"),
            keys=["properties"],
            diffs=["properties"],
        ),
        summary_event({"update": 1, "replace": 1, "same": 17}),
    )


BIGGER = "spec.nodePools[1].vmSize=Standard_D16ds_v5"


def pool_updated() -> list[dict[str, Any]]:
    """What the engine previews for a changed pool input: a plain in-place update."""
    return engine_events(
        resource_pre_event(
            POOL,
            GENERIC,
            "update",
            planning=True,
            new=arm("agentPools", "managedClusters/prod"),
            diffs=["properties"],
        ),
        summary_event({"update": 1, "same": 18}),
    )


def args(*more: str) -> list[str]:
    return ["preview", "--preset", "standard", "--name", STACK, *more]


def test_a_missing_stack_is_not_created(use: Callable[..., FakePulumi], cli: Any) -> None:
    use([stack_not_found(STACK), stack_not_found(STACK)])
    result = cli(*args())
    assert result.exit_code == 4
    assert "a preview never creates a stack" in result.stderr
    assert "--create-stack" in result.stderr


def test_create_stack_creates_it(use: Callable[..., FakePulumi], cli: Any) -> None:
    events = engine_events(summary_event({"create": 19}))
    use(
        [
            stack_not_found(STACK),
            stack_not_found(STACK),
            stack_init(STACK),
            config_set_all(STACK, config()),
            preview(STACK, events=events),
        ]
    )
    result = cli(*args("--create-stack", "-o", "json"))
    assert result.exit_code == 0, result.stderr
    assert result.json()["changes"] == {"create": 19}


def test_json_lists_each_resource_and_the_guard_exits_3_after_printing(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    use(existing(pool_replaced_and_tags_updated()))
    result = cli(*args("-o", "json"))
    assert result.exit_code == 3
    data = result.json()  # printed in full before the refusal
    assert [(s["op"], s["name"], s["diffs"]) for s in data["steps"]] == [
        ("update", "prod-logs", ["tags"]),
        ("replace", "prod-user", ["properties"]),
    ]
    assert data["steps"][1]["type"] == "Microsoft.ContainerService/managedClusters/agentPools"
    assert data["steps"][1]["replaceKeys"] == ["properties"]
    assert [s["name"] for s in data["refused"]] == ["prod-user"]
    assert "the preview replaces or deletes what holds nodes" in result.stderr
    assert "[prod] replace prod-user" in result.stderr


def test_allow_replace_shows_the_same_preview_and_exits_0(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    use(existing(pool_replaced_and_tags_updated()))
    result = cli(*args("--allow-replace", "-o", "json"))
    assert result.exit_code == 0, result.stderr
    assert result.json()["refused"] == []


def test_expect_no_changes(use: Callable[..., FakePulumi], cli: Any) -> None:
    drift = engine_events(
        resource_pre_event(
            TAGGED,
            "azure-native:operationalinsights:Workspace",
            "update",
            planning=True,
            diffs=["tags"],
        ),
        summary_event({"update": 1, "same": 18}),
    )
    use(existing(drift))
    result = cli(*args("--expect-no-changes"))
    assert result.exit_code == 3
    assert "--expect-no-changes: the preview has 1 change\n" in result.stderr
    use(existing(engine_events(summary_event({"same": 19}))))
    assert cli(*args("--expect-no-changes")).exit_code == 0


def test_markdown_summary_first_changes_only_refusal_called_out(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    use(existing(pool_replaced_and_tags_updated()))
    result = cli(*args("-o", "markdown"))
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0] == "### aks-kit preview: stack `prod` (`up` would refuse)"
    assert lines[2] == "**1 to replace, 1 to update; 17 unchanged**"
    assert "> [!CAUTION]" in result.stdout
    rows = [line for line in lines if line.startswith("| replace") or line.startswith("| update")]
    assert rows == [
        "| replace | agentPools | `prod-user` | `properties` |",
        "| update | workspaces | `prod-logs` | `tags` |",
    ]
    assert lines[-1] == f"<sub>aks-kit {__version__}</sub>"


def test_markdown_without_changes(use: Callable[..., FakePulumi], cli: Any) -> None:
    use(existing(engine_events(summary_event({"same": 19}))))
    result = cli(*args("-o", "markdown"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("### aks-kit preview: stack `prod` (no changes)")
    assert "**no changes; 19 unchanged**" in result.stdout
    assert "| operation |" not in result.stdout


def test_backend_and_secrets_provider_come_from_the_environment(
    cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AKS_KIT_BACKEND", "azblob://state?storage_account=acme")
    result = cli(*args())
    assert result.exit_code == 2
    assert "azblob://state?storage_account=acme is shared" in result.stderr
    help_text = cli("preview", "--help").stdout
    assert "AKS_KIT_BACKEND" in help_text and "AKS_KIT_SECRETS_PROVIDER" in help_text


SHOP = Path(__file__).resolve().parents[2] / "examples" / "fleets" / "shop-two-region.yaml"


def member_config(name: str) -> dict[str, str]:
    from aks_kit.presets.fleet import load_fleet

    [member] = [m for m in load_fleet(str(SHOP)).members if m.name == name]
    assert member.document is not None
    membership = {"fleet": "shop", "group": member.group, "member": name}
    membership["resourceGroup"] = "rg-shop"
    return {
        "aks-kit:spec": json.dumps(member.document.dump(), sort_keys=True),
        "aks-kit:fleetMember": json.dumps(membership, sort_keys=True),
        "azure-native:location": member.document.metadata.location,
    }


def test_fleet_markdown_and_the_guard_per_member(use: Callable[..., FakePulumi], cli: Any) -> None:
    urn = f"urn:pulumi:shop-neu::aks-kit::aks-kit:index:AksCluster${GENERIC}::shop-neu"
    events = engine_events(
        resource_pre_event(urn, GENERIC, "delete", planning=True, old=arm("managedClusters")),
        summary_event({"delete": 1, "same": 20}),
    )
    deployed = member_config("shop-neu")
    use(
        [
            *deployed_lookup("shop-neu", deployed),
            config_set_all("shop-neu", member_config("shop-neu")),
            preview("shop-neu", events=events),
        ]
    )
    result = cli("preview", "-f", str(SHOP), "--member", "shop-neu", "-o", "markdown")
    assert result.exit_code == 3
    text = result.stdout
    assert text.startswith("### aks-kit preview of fleet shop\n\n**1 to delete; 20 unchanged**")
    assert "`up` would refuse 1 of them" in text
    assert "#### aks-kit preview: stack `shop-neu` (`up` would refuse)" in text
    assert "| delete | managedClusters | `shop-neu` |" in text
    assert "[shop-neu] delete shop-neu" in result.stderr


def test_a_vm_size_change_azure_refuses_is_listed_then_exits_3(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    use(existing(pool_updated(), now=config(BIGGER), deployed=config()))
    result = cli(*args("--set", BIGGER, "-o", "json"))
    assert result.exit_code == 3, result.stderr
    data = result.json()  # printed in full before the refusal
    [rejected] = data["rejected"]
    assert (rejected["resource"], rejected["path"], rejected["class"]) == (
        "prod-user",
        "properties.vmSize",
        "rejected",
    )
    assert (rejected["old"], rejected["new"]) == ("Standard_D8ds_v5", "Standard_D16ds_v5")
    assert data["specChanges"] == [rejected]
    assert data["refused"] == []  # the engine's steps alone look harmless
    assert "~  agentPools prod-user  update" in result.stderr
    assert "properties.vmSize: Standard_D8ds_v5 -> Standard_D16ds_v5  rejected" in result.stderr
    assert "Azure refuses these updates of what exists" in result.stderr
    assert "[prod] prod-user" in result.stderr and "--allow-rejected" in result.stderr


def test_a_rejected_update_in_markdown_and_with_allow_rejected(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    use(existing(pool_updated(), now=config(BIGGER), deployed=config()))
    refused = cli(*args("--set", BIGGER, "-o", "markdown"))
    assert refused.exit_code == 3
    assert refused.stdout.startswith("### aks-kit preview: stack `prod` (`up` would refuse)")
    assert "without `--allow-rejected`: Azure refuses these updates" in refused.stdout
    assert "> - `prod-user`: `properties.vmSize` `Standard_D8ds_v5` → `Standard_D16ds_v5`" in (
        refused.stdout
    )
    assert "| update | agentPools | `prod-user` | `properties.vmSize` (rejected) |" in (
        refused.stdout
    )

    use(existing(pool_updated(), now=config(BIGGER), deployed=config()))
    allowed = cli(*args("--set", BIGGER, "--allow-rejected", "-o", "markdown"))
    assert allowed.exit_code == 0, allowed.stderr
    assert "(changes)" in allowed.stdout.splitlines()[0]
    assert "[!CAUTION]" not in allowed.stdout
    assert "`properties.vmSize` (rejected)" in allowed.stdout


def test_each_changed_field_shows_its_class(use: Callable[..., FakePulumi], cli: Any) -> None:
    bigger = "spec.nodePools[1].maxCount=30"
    use(existing(pool_updated(), now=config(bigger), deployed=config()))
    result = cli(*args("--set", bigger, "-o", "json"))
    assert result.exit_code == 0, result.stderr
    assert [(c["path"], c["old"], c["new"], c["class"]) for c in result.json()["specChanges"]] == [
        ("properties.maxCount", 20, 30, "in-place")
    ]
    assert "properties.maxCount: 20 -> 30  in-place" in result.stderr


def test_a_deployed_spec_that_cannot_be_read_blocks(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    broken = {**config(), "aks-kit:spec": '{"kind": "Cluster", "spec": {"nodePools": 7}}'}
    use(deployed_lookup(STACK, broken))
    result = cli(*args())
    assert result.exit_code == 3, result.stderr
    assert "stack 'prod' holds a spec this aks-kit cannot read" in result.stderr
    assert "--allow-rejected" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fleet_preview_lists_members_not_deployed_yet_and_exits_0(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    from aks_kit.presets.fleet import load_fleet

    outline = load_fleet(str(SHOP)).fleet.outline()
    own = {"aks-kit:fleet": json.dumps(outline, sort_keys=True)}
    own["azure-native:location"] = "westeurope"
    weu = member_config("shop-weu")
    same = engine_events(summary_event({"same": 3}))
    use(
        [
            stack_select("shop"),
            config_set_all("shop", own),
            preview("shop", events=same),
            *deployed_lookup("shop-weu", weu),
            config_set_all("shop-weu", weu),
            preview("shop-weu", events=same),
            stack_not_found("shop-neu"),  # the spec it was deployed from: no stack
            stack_not_found("shop-neu"),  # a preview never creates it
        ]
    )
    result = cli("preview", "-f", str(SHOP), "--parallel", "1", "-o", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "Not deployed yet, so not previewed (`up` creates them): `shop-neu`" in result.stdout
    assert "No changes in 2 stacks: `shop`, `shop-weu`" in result.stdout

    use([stack_not_found("shop-weu"), stack_not_found("shop-weu")])
    alone = cli("preview", "-f", str(SHOP), "--member", "shop-weu", "-o", "json")
    assert alone.exit_code == 4
    assert "no stack of fleet shop exists yet" in alone.stderr
    assert json.loads(alone.stdout)["error"]["exitCode"] == 4


def history_then_preview(entries: list[dict[str, Any]], now: dict[str, str]) -> list[ScriptedCall]:
    return [
        stack_select(STACK),
        stack_history(STACK, entries, page_size=HISTORY_PAGE),
        config_set_all(STACK, now),
        preview(STACK, events=pool_updated()),
    ]


def test_the_spec_compared_is_the_one_of_the_last_successful_update(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    # An earlier `up --allow-rejected` of the bigger size failed: Azure still has the old one.
    failed = history_entry(result="failed", config=config(BIGGER))
    use(history_then_preview([failed, history_entry(config=config())], config(BIGGER)))
    result = cli(*args("--set", BIGGER, "-o", "json"))
    assert result.exit_code == 3, result.stderr
    assert [c["path"] for c in result.json()["rejected"]] == ["properties.vmSize"]

    # Destroyed since: nothing is deployed, so nothing to compare.
    destroyed = history_entry("destroy", config=config())
    use(history_then_preview([destroyed, history_entry(config=config())], config(BIGGER)))
    after = cli(*args("--set", BIGGER, "-o", "json"))
    assert after.exit_code == 0, after.stderr
    assert after.json()["specChanges"] == []


def test_the_history_is_read_page_by_page_until_an_update_succeeded(
    use: Callable[..., FakePulumi], cli: Any
) -> None:
    refreshes = [history_entry("refresh", config=config(BIGGER))] * HISTORY_PAGE
    use(
        [
            stack_select(STACK),
            stack_history(STACK, refreshes, page_size=HISTORY_PAGE),
            stack_history(STACK, [history_entry(config=config())], page_size=HISTORY_PAGE, page=2),
            config_set_all(STACK, config(BIGGER)),
            preview(STACK, events=pool_updated()),
        ]
    )
    result = cli(*args("--set", BIGGER, "-o", "json"))
    assert result.exit_code == 3, result.stderr
    assert [c["path"] for c in result.json()["rejected"]] == ["properties.vmSize"]
