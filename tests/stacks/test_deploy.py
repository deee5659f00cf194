"""The deployment workflow driven directly, without Typer: fake engines and scripted hooks."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from aks_kit.errors import Blocked, Declined, EngineFailed, Interrupted, NotFound
from aks_kit.presets.fleet import ResolvedFleet, load_fleet
from aks_kit.presets.model import ClusterDocument
from aks_kit.presets.resolve import resolve
from aks_kit.stacks import deploy, fleet_deploy
from aks_kit.stacks.engine import Result, Stored
from aks_kit.stacks.progress import Progress, Step
from aks_kit.stacks.state import Backend

REPO = Path(__file__).resolve().parents[2]
SHARED = Backend("azblob://state", "azurekeyvault://v.vault.azure.net/keys/k", None)
CLUSTER = "Microsoft.ContainerService/managedClusters"


def document(name: str, *, protect: bool = False) -> ClusterDocument:
    resolved = resolve(preset="automatic", name=name)
    assert resolved.document is not None
    resolved.document.metadata.protect = protect
    return resolved.document


@dataclass
class Log:
    calls: list[tuple[str, str]] = field(default_factory=list)
    running: int = 0
    most: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self, op: str, stack: str) -> None:
        with self.lock:
            self.calls.append((op, stack))
            self.running += 1
            self.most = max(self.most, self.running)

    def leave(self) -> None:
        with self.lock:
            self.running -= 1


@dataclass
class FakeEngine:
    stack_name: str
    log: Log
    changes: dict[str, int] = field(default_factory=lambda: {"create": 2})
    destructive: Sequence[str] = ()
    fails: Sequence[str] = ()
    protect: bool = False
    backend: Backend = SHARED
    create_stack: bool | None = None
    """What the last preview was told about creating the stack."""
    deployed_spec: ClusterDocument | None = None
    """The spec the stack was last deployed from (None: never deployed)."""

    def _run(self, op: str, progress: Progress) -> Result:
        self.log.enter(op, self.stack_name)
        try:
            time.sleep(0.01)
            if op == "interrupt":
                raise KeyboardInterrupt
            if op in self.fails:
                raise EngineFailed(f"{self.stack_name}: {op} failed")
            for name in self.destructive:
                progress.steps[name] = Step(name, name, CLUSTER, "replace")
            return Result(op, dict(self.changes))
        finally:
            self.log.leave()

    def preview(
        self,
        progress: Progress,
        *,
        diff: bool = False,
        targets: Sequence[str] = (),
        refresh: bool = False,
        create_stack: bool = True,
    ) -> Result:
        self.create_stack = create_stack
        return self._run("preview", progress)

    def up(
        self,
        progress: Progress,
        *,
        diff: bool = False,
        targets: Sequence[str] = (),
        refresh: bool = False,
    ) -> Result:
        return self._run("interrupt" if "interrupt" in self.fails else "up", progress)

    def destroy(
        self, progress: Progress, *, targets: Sequence[str] = (), refresh: bool = False
    ) -> Result:
        return self._run("destroy", progress)

    def refresh(self, progress: Progress) -> Result:
        return self._run("refresh", progress)

    def stored(self) -> Stored:
        return Stored(document(self.stack_name, protect=self.protect), None)

    def deployed(self) -> Stored | None:
        return None if self.deployed_spec is None else Stored(self.deployed_spec, None)

    def lift_protection(self, stored: Stored, progress: Progress) -> None:
        self._run("unprotect", progress)


@dataclass
class Answers:
    """Scripted hooks: what was asked, and the answers given."""

    yes: bool = True
    typed: str | None = None
    asked: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    followed: list[str] = field(default_factory=list)

    def hooks(self) -> deploy.Hooks:
        def follow(progress: Progress, operation: str) -> AbstractContextManager[None]:
            self.followed.append(operation)
            return deploy._unseen(progress, operation)

        def confirm(question: str) -> bool:
            self.asked.append(question)
            return self.yes

        def confirm_name(what: str, name: str) -> bool:
            self.asked.append(f"destroy {what}? type {name}")
            return self.typed == name

        return deploy.Hooks(
            follow=follow, confirm=confirm, confirm_name=confirm_name, say=self.said.append
        )


def test_up_previews_asks_then_applies() -> None:
    log, answers = Log(), Answers()
    outcome = deploy.up(FakeEngine("prod", log), answers.hooks())
    assert log.calls == [("preview", "prod"), ("up", "prod")]
    assert answers.asked == ["Apply 2 changes to stack prod?"]
    assert outcome.title == "stack prod updated"
    assert outcome.to_dict() == {
        "operation": "up",
        "changes": {"create": 2},
        "outputs": {},
        "steps": [],
        "specChanges": [],
    }


def test_up_declined_changes_nothing() -> None:
    log = Log()
    with pytest.raises(Declined):
        deploy.up(FakeEngine("prod", log), Answers(yes=False).hooks())
    assert log.calls == [("preview", "prod")]


def test_up_with_nothing_to_change_asks_nothing() -> None:
    log, answers = Log(), Answers()
    outcome = deploy.up(FakeEngine("prod", log, changes={"same": 9}), answers.hooks())
    assert log.calls == [("preview", "prod")]
    assert answers.asked == []
    assert answers.said == ["stack prod is up to date: no changes"]
    assert outcome.title == "stack prod: no changes"


def test_up_refuses_to_replace_a_cluster_unless_allowed() -> None:
    log = Log()
    engine = FakeEngine("prod", log, destructive=["prod-aks"])
    with pytest.raises(Blocked, match="replace prod-aks"):
        deploy.up(engine, Answers().hooks())
    assert log.calls == [("preview", "prod")]
    deploy.up(engine, Answers().hooks(), allow_replace=True)
    assert log.calls[-1] == ("up", "prod")


def test_preview_records_what_up_would_refuse_and_never_creates_the_stack() -> None:
    engine = FakeEngine("prod", Log(), destructive=["prod-aks"])
    outcome = deploy.preview(engine, Answers().hooks())
    assert engine.create_stack is False
    assert [(stack, s.op, s.name) for stack, s in deploy.refused(outcome)] == [
        ("prod", "replace", "prod-aks")
    ]
    assert outcome.to_dict()["refused"][0]["name"] == "prod-aks"
    allowed = deploy.preview(engine, Answers().hooks(), allow_replace=True, create_stack=True)
    assert deploy.refused(allowed) == [] and engine.create_stack is True
    assert deploy.changing(allowed) == 2


def test_an_interrupted_up_says_how_to_resume() -> None:
    with pytest.raises(Interrupted, match="pulumi cancel --stack prod"):
        deploy.up(FakeEngine("prod", Log(), fails=["interrupt"]), Answers().hooks())


def test_destroy_needs_the_name_typed() -> None:
    log = Log()
    with pytest.raises(Declined, match="did not match"):
        deploy.destroy(FakeEngine("prod", log), Answers(typed="prd").hooks())
    assert log.calls == []
    outcome = deploy.destroy(FakeEngine("prod", log), Answers(typed="prod").hooks())
    assert log.calls == [("destroy", "prod")]
    assert outcome.title.startswith("destroyed cluster prod")


def test_destroy_of_a_protected_stack_needs_unprotect_and_lifts_it_first() -> None:
    log, answers = Log(), Answers(typed="prod")
    engine = FakeEngine("prod", log, protect=True)
    with pytest.raises(Blocked, match="--unprotect"):
        deploy.destroy(engine, answers.hooks())
    assert answers.asked == []
    deploy.destroy(engine, answers.hooks(), unprotect=True)
    assert log.calls == [("unprotect", "prod"), ("destroy", "prod")]
    assert answers.followed == ["unprotect prod", "destroy prod"]


@pytest.fixture
def fleet() -> ResolvedFleet:
    resolved = load_fleet(str(REPO / "examples/fleets/shop-two-region.yaml"))
    assert resolved.ok
    return resolved


def factory(log: Log, **per_stack: Any) -> deploy.MakeEngine:
    def make(
        stack: str,
        document: ClusterDocument | None,
        *,
        extra: dict[str, str] | None = None,
        location: str | None = None,
    ) -> FakeEngine:
        return FakeEngine(stack, log, **per_stack.get(stack, {}))

    return make


def test_fleet_up_updates_the_fleet_stack_before_its_members(fleet: ResolvedFleet) -> None:
    log, answers = Log(), Answers()
    outcome = fleet_deploy.fleet_up(fleet, factory(log), answers.hooks(), apply=True, parallel=1)
    ups = [stack for op, stack in log.calls if op == "up"]
    assert ups[0] == "shop"
    assert sorted(ups[1:]) == ["shop-neu", "shop-weu"]
    assert answers.asked == ["Apply 6 changes in 3 stacks of fleet shop?"]
    assert outcome.failure is None
    assert set(outcome.to_dict()["stacks"]) == {"shop", "shop-weu", "shop-neu"}


def test_fleet_members_run_at_most_parallel_at_once(fleet: ResolvedFleet) -> None:
    log = Log()
    fleet_deploy.fleet_up(fleet, factory(log), Answers().hooks(), apply=False, parallel=1)
    assert log.most == 1
    assert [op for op, _ in log.calls] == ["preview"] * 3


def test_a_failed_fleet_stack_updates_no_member(fleet: ResolvedFleet) -> None:
    log = Log()
    make = factory(log, shop={"fails": ["up"]})
    outcome = fleet_deploy.fleet_up(fleet, make, Answers().hooks(), apply=True)
    assert [stack for op, stack in log.calls if op == "up"] == ["shop"]
    assert outcome.failure == "the fleet stack shop failed; no member was updated"
    assert outcome.failures == {"shop": "shop: up failed"}


def test_a_failed_member_fails_the_run_but_reports_the_others(fleet: ResolvedFleet) -> None:
    log = Log()
    make = factory(log, **{"shop-neu": {"fails": ["preview"]}})
    outcome = fleet_deploy.fleet_up(fleet, make, Answers().hooks(), apply=True)
    assert outcome.failure == "1 stack failed"
    assert set(outcome.results) == {"shop", "shop-weu"}
    assert not [call for call in log.calls if call[0] == "up"]


def test_fleet_destroy_takes_members_first_and_keeps_the_fleet_when_one_fails(
    fleet: ResolvedFleet,
) -> None:
    log = Log()
    ok = fleet_deploy.fleet_destroy(fleet, factory(log), Answers(typed="shop").hooks())
    assert log.calls[-1] == ("destroy", "shop")
    assert ok.failure is None
    log = Log()
    make = factory(log, **{"shop-weu": {"fails": ["destroy"]}})
    failed = fleet_deploy.fleet_destroy(fleet, make, Answers(typed="shop").hooks())
    assert ("destroy", "shop") not in log.calls
    assert failed.failure == "1 stack failed; the fleet stack is kept while members remain"


def test_fleet_preview_records_refusals_per_stack_and_creates_nothing(
    fleet: ResolvedFleet,
) -> None:
    log = Log()
    engines: dict[str, FakeEngine] = {}

    def make(stack: str, document: Any, **_: Any) -> FakeEngine:
        engine = FakeEngine(stack, log, destructive=["x-aks"] if stack.endswith("neu") else ())
        engines[stack] = engine
        return engine

    outcome = fleet_deploy.fleet_up(fleet, make, Answers().hooks(), apply=False, create_stack=False)
    assert {stack for stack, _ in deploy.refused(outcome)} == {"shop-neu"}
    assert all(engine.create_stack is False for engine in engines.values())


def test_an_unknown_member_is_not_found(fleet: ResolvedFleet) -> None:
    with pytest.raises(NotFound, match="no member 'nope'"):
        fleet_deploy.fleet_up(fleet, factory(Log()), Answers().hooks(), apply=False, member="nope")


def smaller_pools(fleet: ResolvedFleet, member: str) -> ClusterDocument:
    """The member's spec as if deployed with a smaller VM size in its first user pool."""
    [item] = [m for m in fleet.members if m.stack == member]
    assert item.document is not None
    before = item.document.model_copy(deep=True)
    pool = next(p for p in before.spec.node_pools if p.mode == "user")
    pool.vm_size = "Standard_D2ds_v5"
    return before


def test_fleet_up_refuses_an_update_azure_rejects_in_any_member_before_asking(
    fleet: ResolvedFleet,
) -> None:
    log, answers = Log(), Answers()
    make = factory(log, **{"shop-neu": {"deployed_spec": smaller_pools(fleet, "shop-neu")}})
    with pytest.raises(Blocked, match=r"(?s)Azure refuses these updates.*\[shop-neu\].*vmSize"):
        fleet_deploy.fleet_up(fleet, make, answers.hooks(), apply=True)
    assert answers.asked == []
    assert not [call for call in log.calls if call[0] == "up"]

    log, answers = Log(), Answers()
    make = factory(log, **{"shop-neu": {"deployed_spec": smaller_pools(fleet, "shop-neu")}})
    lifted = fleet_deploy.fleet_up(fleet, make, answers.hooks(), apply=True, allow_rejected=True)
    assert lifted.failure is None and len(answers.asked) == 1
    [change] = lifted.results["shop-neu"].spec_changes
    assert (change.path, change.change_class) == ("properties.vmSize", "rejected")


def test_fleet_preview_records_a_rejected_update_then_refuses_it(fleet: ResolvedFleet) -> None:
    listed: list[tuple[str, int]] = []
    hooks = Answers().hooks()
    hooks.planned = lambda stack, steps, spec: listed.append((stack, len(spec.changes)))
    make = factory(Log(), **{"shop-weu": {"deployed_spec": smaller_pools(fleet, "shop-weu")}})
    outcome = fleet_deploy.fleet_up(fleet, make, hooks, apply=False)
    assert listed == [("shop", 0), ("shop-weu", 1), ("shop-neu", 0)]
    assert [c.resource for c in outcome.results["shop-weu"].rejected] == ["shop-weu-user"]
    assert outcome.to_dict()["stacks"]["shop-weu"]["rejected"][0]["class"] == "rejected"
    with pytest.raises(Blocked, match=r"\[shop-weu\] shop-weu-user"):
        deploy.refuse_after_preview(outcome)
