"""Seam tests of the engine commands: the real Automation API against a scripted CLI.

FakePulumi checks the full ordered argv of every call, refuses unscripted ones, and streams
engine events over the SDK's gRPC events service, so each test can fail on a wrong call, a
missing call, or a wrong reading of the events.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from fake_preflight import passing_preflight
from fake_pulumi import (
    CONFLICT,
    FakePulumi,
    ScriptedCall,
    call,
    config_set_all,
    deployed_lookup,
    diagnostic_event,
    engine_events,
    history_entry,
    preview,
    read_config,
    res_op_failed_event,
    res_outputs_event,
    resource_pre_event,
    stack_history,
    stack_init,
    stack_ls,
    stack_not_found,
    stack_outputs,
    stack_select,
    stored_config,
    summary_event,
    up,
)

from aks_kit.cli.application import Application
from aks_kit.cloud.preflight import Check, Report
from aks_kit.presets.model import ClusterDocument
from aks_kit.presets.resolve import resolve
from aks_kit.stacks.engine import HISTORY_PAGE

STACK = "prod"
TOKEN = "azure-native:resources:Resource"
CLUSTER_URN = f"urn:pulumi:{STACK}::aks-kit::aks-kit:index:AksCluster${TOKEN}::{STACK}"
RG_URN = f"urn:pulumi:{STACK}::aks-kit::aks-kit:index:AksCluster$azure-native:resources:ResourceGroup::{STACK}-rg"
AKS_INPUTS = {
    "resourceProviderNamespace": "Microsoft.ContainerService",
    "resourceType": "managedClusters",
}
KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: s}}]\nusers: [{name: u, user: {token: t}}]\n"


class Credential:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("token", 4102444800)


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("AKS_KIT_HOME", str(tmp_path / "aks-kit"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
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
        application.preflight = passing_preflight  # no Azure here; tests/cloud covers it
        return fake

    yield install
    for fake in fakes:
        fake.assert_done()


def spec_config(preset: str = "automatic", **flags: str) -> dict[str, str]:
    resolved = resolve(preset=preset, name=STACK)
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


def guarded_new_stack(home: Path) -> list[ScriptedCall]:
    """`up` first looks for the spec the stack was deployed from (a new stack has none)."""
    passphrase = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    return [stack_not_found(STACK).requiring_env(passphrase), *created_stack(home)]


def planned_creates() -> list[dict[str, Any]]:
    return engine_events(
        resource_pre_event(RG_URN, "azure-native:resources:ResourceGroup", "create", planning=True),
        resource_pre_event(
            CLUSTER_URN,
            TOKEN,
            "create",
            planning=True,
            new={"type": TOKEN, "urn": CLUSTER_URN, "inputs": AKS_INPUTS},
        ),
        summary_event({"create": 2}),
    )


def applied_creates() -> list[dict[str, Any]]:
    return engine_events(
        resource_pre_event(RG_URN, "azure-native:resources:ResourceGroup", "create"),
        res_outputs_event(RG_URN, "azure-native:resources:ResourceGroup", "create"),
        resource_pre_event(
            CLUSTER_URN,
            TOKEN,
            "create",
            new={"type": TOKEN, "urn": CLUSTER_URN, "inputs": AKS_INPUTS},
        ),
        res_outputs_event(CLUSTER_URN, TOKEN, "create"),
        summary_event({"create": 2}),
    )


def after_up(outputs: dict[str, Any] | None = None) -> list[ScriptedCall]:
    outputs = outputs or {"clusterName": STACK, "kubeconfig": KUBECONFIG}
    return [
        *stack_outputs(STACK, outputs, secret=["kubeconfig"]),
        stack_history(STACK, [history_entry(resource_changes={"create": 2})]),
    ]


def test_up_creates_the_stack_and_reports_changes(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    fake = use(
        [
            *guarded_new_stack(home),
            preview(STACK, events=planned_creates()),
            up(STACK, events=applied_creates()),
            *after_up(),
        ]
    )
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes", "-o", "json")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert report["changes"] == {"create": 2}
    assert report["outputs"] == {"clusterName": STACK, "kubeconfig": "[secret]"}
    assert KUBECONFIG not in result.stdout + result.stderr
    assert stat.S_IMODE((home / "passphrase").stat().st_mode) == 0o600
    assert (home / "passphrase").read_text() not in result.stdout + result.stderr
    lines = result.stderr
    assert "[✔] created prod-rg (resourceGroups)" in lines
    assert "[✔] created prod (managedClusters)" in lines
    assert "preview finished in 0s: 2 planned" in lines
    assert "up finished in 0s: 2 done" in lines
    assert [c.event_transport for c in fake.calls if c.event_transport] == ["grpc", "grpc"]


def test_up_as_a_table_shows_each_output_as_it_is(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    outputs = {"clusterName": STACK, "kubeconfig": KUBECONFIG, "note": "[bold]x[/] [link]"}
    use(
        [
            *guarded_new_stack(home),
            preview(STACK, events=planned_creates()),
            up(STACK, events=applied_creates()),
            *after_up(outputs),
        ]
    )
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "kubeconfig: [secret]" in lines  # not swallowed as a markup tag
    assert "note: [bold]x[/] [link]" in lines
    assert KUBECONFIG not in result.stdout + result.stderr


def test_a_changed_event_stream_changes_the_report(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    only_rg = engine_events(
        resource_pre_event(RG_URN, "azure-native:resources:ResourceGroup", "update"),
        res_outputs_event(RG_URN, "azure-native:resources:ResourceGroup", "update"),
        summary_event({"update": 1, "same": 1}),
    )
    use(
        [
            *guarded_new_stack(home),
            preview(STACK, events=engine_events(summary_event({"update": 1, "same": 1}))),
            up(STACK, events=only_rg),
            *after_up(),
        ]
    )
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["changes"] == {"update": 1, "same": 1}
    assert "[✔] updated prod-rg (resourceGroups)" in result.stderr
    assert "managedClusters" not in result.stderr
    assert "up finished in 0s: 1 done" in result.stderr


def test_up_refuses_to_replace_a_cluster(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    replace = engine_events(
        resource_pre_event(
            CLUSTER_URN,
            TOKEN,
            "replace",
            planning=True,
            new={"type": TOKEN, "urn": CLUSTER_URN, "inputs": AKS_INPUTS},
            keys=["location"],
        ),
        summary_event({"replace": 1}),
    )
    use([*guarded_new_stack(home), preview(STACK, events=replace)])
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 3
    assert "replace prod (Microsoft.ContainerService/managedClusters)" in result.stderr
    assert "--allow-replace" in result.stderr


def test_declined_prompt_exits_1_and_changes_nothing(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    use([*guarded_new_stack(home), preview(STACK, events=planned_creates())])
    result = cli("up", "--preset", "automatic", "--name", STACK, input="n\n")
    assert result.exit_code == 1
    assert "declined: nothing was changed" in result.stderr


def test_locked_stack_exits_5_with_how_to_cancel(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    use(
        [
            *guarded_new_stack(home),
            preview(STACK, events=planned_creates()),
            up(STACK, events=engine_events(summary_event({}))).failing(CONFLICT),
        ]
    )
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 5
    assert "is locked: another update is running" in result.stderr
    assert "pulumi cancel --stack prod" in result.stderr


def test_engine_error_names_the_resource_and_azures_message(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    quota = 'Code="QuotaExceeded" Message="exceeding approved standardDSv5Family Cores quota"'
    failing = engine_events(
        resource_pre_event(
            CLUSTER_URN,
            TOKEN,
            "create",
            new={"type": TOKEN, "urn": CLUSTER_URN, "inputs": AKS_INPUTS},
        ),
        diagnostic_event(quota, severity="error", urn=CLUSTER_URN),
        res_op_failed_event(
            CLUSTER_URN,
            TOKEN,
            "create",
            new={"type": TOKEN, "urn": CLUSTER_URN, "inputs": AKS_INPUTS},
            status=1,
            steps=1,
        ),
        summary_event({"create": 0}),
    )
    use(
        [
            *guarded_new_stack(home),
            preview(STACK, events=planned_creates()),
            up(STACK, events=failing).failing("error: update failed"),
        ]
    )
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 5
    assert "prod (Microsoft.ContainerService/managedClusters)" in result.stderr
    assert "QuotaExceeded" in result.stderr


def test_ctrl_c_cancels_the_update_and_exits_130(
    use: Callable[..., FakePulumi],
    cli: Callable[..., Any],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = use([*guarded_new_stack(home), preview(STACK, events=planned_creates())])
    original = fake.run

    def interrupt(args: list[str], *rest: Any, **kwargs: Any) -> Any:
        if "up" in args:
            raise KeyboardInterrupt
        return original(args, *rest, **kwargs)

    monkeypatch.setattr(fake, "run", interrupt)
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 130
    assert "cancels the running update of prod itself" in result.stderr
    assert "Run the same command again to resume" in result.stderr


def test_invalid_spec_exits_3_before_the_cli_is_touched(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    use([])
    result = cli("up", "--preset", "automatic", "--set", "spec.tier=free", "--yes")
    assert result.exit_code == 3
    assert not home.exists()


def test_missing_pulumi_exits_6_at_once_and_writes_nothing(
    cli: Callable[..., Any],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    application: Application,
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    application.credential = Credential
    result = cli("up", "--preset", "automatic", "--yes")
    assert result.exit_code == 6
    assert "the pulumi CLI is not on PATH" in result.stderr
    assert "aks-kit doctor" in result.stderr
    assert not home.exists()


def test_too_old_pulumi_exits_6(
    cli: Callable[..., Any],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    application: Application,
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "pulumi"
    script.write_text("#!/bin/sh\necho v3.100.0\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    application.credential = Credential
    result = cli("up", "--preset", "automatic", "--yes")
    assert result.exit_code == 6
    assert "too old" in result.stderr and "3.150.0" in result.stderr
    assert not home.exists()


def test_no_credentials_exit_6(
    cli: Callable[..., Any], home: Path, application: Application
) -> None:
    from azure.core.exceptions import ClientAuthenticationError

    class Missing:
        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            raise ClientAuthenticationError("EnvironmentCredential: not configured")

    application.pulumi_command = lambda: FakePulumi([])
    application.credential = Missing
    result = cli("up", "--preset", "automatic", "--yes")
    assert result.exit_code == 6
    assert "no Azure credentials" in result.stderr and "az login" in result.stderr
    assert not home.exists()


def stored_spec(protect: bool) -> str:
    resolved = resolve(
        preset="automatic", name=STACK, sets=[f"metadata.protect={str(protect).lower()}"]
    )
    assert resolved.document is not None
    value = json.dumps(resolved.document.dump(), sort_keys=True)
    return json.dumps(
        {
            "aks-kit:spec": {"value": value, "secret": False},
            "azure-native:location": {"value": "eastus2", "secret": False},
        }
    )


def test_destroy_of_a_missing_stack_exits_4(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    use(
        [
            call(
                "--non-interactive",
                "stack",
                "select",
                "--stack",
                STACK,
                stderr=f"error: no stack named '{STACK}' found",
                code=255,
            )
        ]
    )
    result = cli("destroy", "--stack", STACK, "--yes")
    assert result.exit_code == 4
    assert "stack 'prod' not found" in result.stderr


def test_destroy_refuses_a_protected_cluster(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    use(
        [
            stack_select(STACK),
            *read_config(STACK, stored_spec(True)),
        ]
    )
    result = cli("destroy", "--stack", STACK, "--yes")
    assert result.exit_code == 3
    assert "rg-prod (0-0 nodes in pools): protected" in result.stderr
    assert "--unprotect" in result.stderr


def test_destroy_asks_for_the_name(use: Callable[..., FakePulumi], cli: Callable[..., Any]) -> None:
    use(
        [
            stack_select(STACK),
            *read_config(STACK, stored_spec(False)),
        ]
    )
    result = cli("destroy", "--stack", STACK, input="wrong\n")
    assert result.exit_code == 1
    assert "This destroys cluster prod in rg-prod" in result.stderr
    assert "nothing was destroyed" in result.stderr


def test_outputs_redacts_secrets(use: Callable[..., FakePulumi], cli: Callable[..., Any]) -> None:
    use(
        [
            stack_select(STACK),
            *stack_outputs(
                STACK, {"clusterName": STACK, "kubeconfig": KUBECONFIG}, secret=["kubeconfig"]
            ),
        ]
    )
    result = cli("outputs", STACK, "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == {"clusterName": STACK, "kubeconfig": "[secret]"}


def test_kubeconfig_writes_a_private_file_and_prints_only_its_path(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], tmp_path: Path
) -> None:
    use(
        [
            stack_select(STACK),
            *stack_outputs(
                STACK, {"clusterName": STACK, "kubeconfig": KUBECONFIG}, secret=["kubeconfig"]
            ),
        ]
    )
    target = tmp_path / "prod.kubeconfig"
    result = cli("kubeconfig", STACK, "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert target.read_text() == KUBECONFIG
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_stacks_list(use: Callable[..., FakePulumi], cli: Callable[..., Any]) -> None:
    use(
        [
            stack_ls(
                [
                    {
                        "name": "prod",
                        "current": False,
                        "lastUpdate": "2026-11-30T00:00:00.000Z",
                        "updateInProgress": False,
                        "resourceCount": 14,
                        "url": "",
                    }
                ]
            )
        ]
    )
    result = cli("stacks", "list", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == [
        {
            "name": "prod",
            "lastUpdate": "2026-11-30T00:00:00",
            "resources": 14,
            "updateInProgress": False,
        }
    ]


def test_destroy_unprotect_lifts_protection_then_destroys(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    from fake_pulumi import destroy

    unprotected = resolve(preset="automatic", name=STACK, sets=["metadata.protect=false"])
    assert unprotected.document is not None
    deletes = engine_events(
        resource_pre_event(
            CLUSTER_URN,
            TOKEN,
            "delete",
            old={"type": TOKEN, "urn": CLUSTER_URN, "inputs": AKS_INPUTS},
        ),
        res_outputs_event(CLUSTER_URN, TOKEN, "delete"),
        summary_event({"delete": 1}),
    )
    use(
        [
            stack_select(STACK),
            *read_config(STACK, stored_spec(True)),
            stack_select(STACK),
            config_set_all(
                STACK,
                {
                    "aks-kit:spec": json.dumps(unprotected.document.dump(), sort_keys=True),
                    "azure-native:location": "eastus2",
                },
            ),
            up(STACK, events=engine_events(summary_event({"same": 14}))),
            *after_up(),
            destroy(STACK, on_event=True, events=deletes),
            stack_history(STACK, [history_entry("destroy", resource_changes={"delete": 1})]),
        ]
    )
    result = cli("destroy", "--stack", STACK, "--unprotect", "--yes", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["changes"] == {"delete": 1}
    assert "[✔] deleted prod (managedClusters)" in result.stderr


def existing_stack(home: Path) -> list[ScriptedCall]:
    """A preview first looks for the spec the stack was deployed from (none yet here)."""
    passphrase = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    return [
        stack_select(STACK).requiring_env(passphrase),
        stack_history(STACK, [], page_size=HISTORY_PAGE),  # no update yet: nothing deployed
        config_set_all(STACK, spec_config()),
    ]


def test_preview_shows_the_changes(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    use([*existing_stack(home), preview(STACK, flags=["--diff"], events=planned_creates())])
    result = cli("preview", "--preset", "automatic", "--name", STACK, "--diff", "-o", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert (data["operation"], data["changes"], data["outputs"]) == ("preview", {"create": 2}, {})
    assert [(s["op"], s["name"], s["type"]) for s in data["steps"]] == [
        ("create", "prod-rg", "Microsoft.Resources/resourceGroups"),
        ("create", "prod", "Microsoft.ContainerService/managedClusters"),
    ]
    assert data["refused"] == []
    assert "will create prod (managedClusters)" in result.stderr


SHOP = Path(__file__).resolve().parents[2] / "examples" / "fleets" / "shop-two-region.yaml"


def shop_config() -> dict[str, dict[str, str]]:
    from aks_kit.presets.fleet import load_fleet

    fleet = load_fleet(str(SHOP))
    skeleton = fleet.fleet.outline()
    configs = {
        "shop": {
            "aks-kit:fleet": json.dumps(skeleton, sort_keys=True),
            "azure-native:location": "westeurope",
        }
    }
    for member in fleet.members:
        assert member.document is not None
        membership = {
            "fleet": "shop",
            "group": member.group,
            "member": member.name,
            "resourceGroup": "rg-shop",
        }
        configs[member.name] = {
            "aks-kit:spec": json.dumps(member.document.dump(), sort_keys=True),
            "aks-kit:fleetMember": json.dumps(membership, sort_keys=True),
            "azure-native:location": member.document.metadata.location,
        }
    return configs


def new_stack(name: str, config: dict[str, str], home: Path) -> list[ScriptedCall]:
    passphrase = {"PULUMI_CONFIG_PASSPHRASE_FILE": str(home / "passphrase")}
    return [
        stack_not_found(name).requiring_env(passphrase),
        stack_init(name).requiring_env(passphrase),
        config_set_all(name, config),
    ]


def test_fleet_up_runs_the_fleet_stack_then_each_member(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    configs = shop_config()
    script: list[ScriptedCall] = []
    for name in ("shop", "shop-weu", "shop-neu"):
        if name != "shop":  # a member first looks for the spec it was deployed from
            script += deployed_lookup(name, missing=True)
        script += new_stack(name, configs[name], home)
        script.append(preview(name, events=engine_events(summary_event({"create": 3}))))
    for name in ("shop", "shop-weu", "shop-neu"):
        script.append(up(name, events=engine_events(summary_event({"create": 3}))))
        script += [
            *stack_outputs(name, {"name": name}),
            stack_history(name, [history_entry(resource_changes={"create": 3})]),
        ]
    use(script)
    result = cli("up", "-f", str(SHOP), "--yes", "--parallel", "1", "-o", "json")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert list(report["stacks"]) == ["shop", "shop-weu", "shop-neu"]
    assert all(s["changes"] == {"create": 3} for s in report["stacks"].values())
    assert report["failed"] == {}


def test_fleet_up_lists_every_stacks_changes_before_asking(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    configs = shop_config()
    script: list[ScriptedCall] = []
    for name in ("shop", "shop-weu", "shop-neu"):
        if name != "shop":
            script += deployed_lookup(name, missing=True)
        script += new_stack(name, configs[name], home)
        urn = f"urn:pulumi:{name}::aks-kit::aks-kit:index:AksCluster${TOKEN}::{name}"
        planned = resource_pre_event(urn, TOKEN, "create", planning=True)
        script.append(preview(name, events=engine_events(planned, summary_event({"create": 1}))))
    use(script)
    result = cli("up", "-f", str(SHOP), "--parallel", "1", input="n\n")
    assert result.exit_code == 1, result.stderr  # declined: nothing applied
    lines = result.stderr.splitlines()
    question = next(i for i, line in enumerate(lines) if "Apply 3 changes in 3 stacks" in line)
    for name in ("shop", "shop-weu", "shop-neu"):
        header = lines.index(f"stack {name}:")
        assert lines[header + 1].startswith("+  ") and lines[header + 1].endswith(
            f" {name}  create"
        )
        assert header < question


def test_fleet_preview_of_one_member(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path
) -> None:
    configs = shop_config()
    use(
        [
            *deployed_lookup("shop-neu", configs["shop-neu"]),
            config_set_all("shop-neu", configs["shop-neu"]),
            preview("shop-neu", events=engine_events(summary_event({"update": 1}))),
        ]
    )
    result = cli("preview", "-f", str(SHOP), "--member", "shop-neu", "-o", "json")
    assert result.exit_code == 0, result.stderr
    [(name, data)] = result.json()["stacks"].items()
    assert (name, data["operation"], data["changes"]) == ("shop-neu", "preview", {"update": 1})


def test_fleet_unknown_member_exits_4(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    use([])
    result = cli("up", "-f", str(SHOP), "--member", "nope", "--yes")
    assert result.exit_code == 4
    assert "fleet shop has no member 'nope'" in result.stderr


def test_fleet_destroy_refuses_protected_stacks(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    configs = shop_config()
    script: list[ScriptedCall] = []
    for name in ("shop-weu", "shop-neu", "shop"):
        script += [
            stack_select(name),
            *read_config(name, stored_config(configs[name])),
        ]
    use(script)
    result = cli("destroy", "-f", str(SHOP), "--yes")
    assert result.exit_code == 3
    assert "cluster shop-weu in rg-shop-weu" in result.stderr
    assert "fleet shop in rg-shop" in result.stderr
    assert "--unprotect" in result.stderr


def test_fleet_destroy_of_one_unprotected_member(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    from fake_pulumi import destroy

    config = dict(shop_config()["shop-neu"])
    document = json.loads(config["aks-kit:spec"])
    document["metadata"]["protect"] = False
    config["aks-kit:spec"] = json.dumps(document, sort_keys=True)
    use(
        [
            stack_select("shop-neu"),
            *read_config("shop-neu", stored_config(config)),
            destroy("shop-neu", on_event=True, events=engine_events(summary_event({"delete": 24}))),
            stack_history("shop-neu", [history_entry("destroy", resource_changes={"delete": 24})]),
        ]
    )
    result = cli("destroy", "-f", str(SHOP), "--member", "shop-neu", "--yes", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["stacks"]["shop-neu"]["changes"] == {"delete": 24}


def test_fleet_files_refuse_single_cluster_flags(
    use: Callable[..., FakePulumi], cli: Callable[..., Any]
) -> None:
    use([])
    for command in ("preview", "up", "destroy"):
        result = cli(command, "-f", str(SHOP), "--target", "urn:x", "--set", "spec.tier=free")
        assert result.exit_code == 2, (command, result.stderr)
        assert "--set, --target do not apply to a fleet" in result.stderr


def failing_preflight(seen: list[tuple[list[str], bool]]) -> Any:
    def check(
        docs: list[ClusterDocument], fleet: bool, subscription: str | None, cloud: str | None
    ) -> Report:
        seen.append(([d.metadata.name for d in docs], fleet))
        short = Check(
            docs[0].metadata.name,
            "eastus2",
            "vCPU quota",
            "error",
            "Total Regional vCPUs (cores) in eastus2: needed 64, in use 0, limit 10",
            "request a limit of at least 64 for cores in eastus2",
            {"needed": 64, "inUse": 0, "limit": 10},
        )
        warn = Check(docs[0].metadata.name, "eastus2", "kubernetes version", "warning", "preview")
        return Report([short, warn])

    return check


def test_preflight_errors_stop_up_before_any_stack_work(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], application: Application
) -> None:
    use([])  # the pulumi CLI is never called
    seen: list[tuple[list[str], bool]] = []
    application.preflight = failing_preflight(seen)
    result = cli("up", "--preset", "automatic", "--name", STACK, "--yes")
    assert result.exit_code == 3
    assert seen == [([STACK], False)]
    assert "preflight: 1 error(s); `--skip-preflight` skips it" in result.stderr
    assert "needed 64, in use 0, limit 10" in result.stderr
    assert "preflight warning: prod (eastus2) preview" in result.stderr


def test_skip_preflight_goes_straight_to_the_engine(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], home: Path, application: Application
) -> None:
    use([*guarded_new_stack(home), preview(STACK, flags=["--diff"], events=planned_creates())])
    seen: list[tuple[list[str], bool]] = []
    application.preflight = failing_preflight(seen)
    result = cli(
        "preview",
        "--preset",
        "automatic",
        "--name",
        STACK,
        "--diff",
        "--skip-preflight",
        "--create-stack",
        "-o",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert seen == []


def test_fleet_preflight_covers_every_member_or_the_one_named(
    use: Callable[..., FakePulumi], cli: Callable[..., Any], application: Application
) -> None:
    use([])
    seen: list[tuple[list[str], bool]] = []
    application.preflight = failing_preflight(seen)
    whole = cli("preview", "-f", str(SHOP))
    one = cli("up", "-f", str(SHOP), "--member", "shop-neu", "--yes")
    assert whole.exit_code == one.exit_code == 3
    assert seen == [(["shop-weu", "shop-neu"], True), (["shop-neu"], False)]
