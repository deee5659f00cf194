"""`plan --against`: what a new plan does to what the old plan built, and whether Azure takes it.

`diff_plans(old, new)` compares two plan documents resource by resource, matched by
`(stack, logical name)`, and classifies every changed input leaf with the change table
(table.yaml):

- `in-place`: ARM updates the resource; nodes are not reimaged (scale, tags, autoscaler, ...).
- `rolling`: nodes are reimaged by a surge upgrade (OS SKU, node image, kubelet config, ...).
- `disruptive`: in place but irreversible and every pool is reimaged at once (CNI Overlay,
  the Cilium dataplane).
- `rejected`: ARM refuses the update of an immutable field (a pool's VM size, zones, ...).
- `replacement`: azure-native replaces the resource (a new name, resource group or region).
- `create` / `deletion`: the resource is new, or gone from the new plan.

A replaced resource takes its ARM children and the resources that reference it along.
Pure: no pulumi or azure imports; the input is JSON, the output is JSON-ready.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, Final

from aks_kit.stacks.rendered import references

from .arm_paths import MISSING, Path, is_named_list, parse_path, render_path, scalars, value_at
from .decide import ChangeClass, FieldContext, Source
from .documents import PlanResource, scopes, sides
from .report import CLASSES, Change, ChangeReport, Op, findings_of
from .spec_paths import spec_path
from .table import CLUSTER, NO_ENTRY, POOL, classify

PULUMI_ALIASES: Final = "https://www.pulumi.com/docs/iac/concepts/options/aliases/"
SRC_PATH_PARAMETER: Final = Source(
    "https://github.com/pulumi/pulumi-azure-native/blob/master/provider/pkg/provider/diff.go",
    True,
    "All the parameters that are part of the resource path cause a replacement",
)
SRC_IGNORED: Final = Source(
    "https://learn.microsoft.com/azure/aks/cluster-autoscaler-overview",
    True,
    "the autoscaler owns an autoscaled pool's count; the program ignores it (ignoreChanges)",
).text
SRC_CHANNEL: Final = Source(
    "https://learn.microsoft.com/azure/aks/auto-upgrade-cluster",
    True,
    "with an upgrade channel AKS upgrades the cluster itself; the program ignores the "
    "version (ignoreChanges)",
).text
VERSION_PATHS: Final = ("kubernetesVersion", "orchestratorVersion")
CHANNEL_HOW_TO: Final = (
    "Not applied: AKS owns the Kubernetes version while upgrades.channel is on, so the "
    "program ignores this change. To upgrade now, run `az aks upgrade --kubernetes-version "
    "<version>` (or `az aks nodepool upgrade` for a pool), or set upgrades.channel: none and "
    "run `aks-kit up`."
)
SRC_CREATE: Final = "aks-kit plan: the resource is new"
SRC_DELETE: Final = "aks-kit plan: the resource is gone from the new plan"
SRC_LOGICAL_NAME: Final = Source(
    PULUMI_ALIASES,
    True,
    "a new logical name is a new URN, so the resource is created and the old one deleted "
    "(no alias); the stack is named after metadata.name",
).text

_Cause = tuple[str, str, bool]
"""Why a resource is replaced: (the input, its source, whether the source confirms it)."""


def _leaves(old: Any, new: Any, path: Path = ()) -> Iterator[tuple[Path, Any, Any]]:
    """Every changed leaf; named list items are matched by name (an added or removed item is
    one leaf), other lists compare whole. Absent keys are MISSING."""
    if old == new and type(old) is type(new):
        return
    old_dict, new_dict = isinstance(old, dict), isinstance(new, dict)
    if (old_dict or old is MISSING) and (new_dict or new is MISSING) and (old_dict or new_dict):
        old_map: Mapping[str, Any] = old if old_dict else {}
        new_map: Mapping[str, Any] = new if new_dict else {}
        if not old_map and not new_map:
            yield path, old, new
            return
        for key in dict.fromkeys([*old_map, *new_map]):
            yield from _leaves(old_map.get(key, MISSING), new_map.get(key, MISSING), (*path, key))
        return
    named_old, named_new = is_named_list(old), is_named_list(new)
    if (named_old or old is MISSING) and (named_new or new is MISSING) and (named_old or named_new):
        old_items = {i["name"]: i for i in old} if named_old else {}
        new_items = {i["name"]: i for i in new} if named_new else {}
        for name in dict.fromkeys([*old_items, *new_items]):
            token = (*path, f"[{name}]")
            if name in old_items and name in new_items:
                yield from _leaves(old_items[name], new_items[name], token)
            else:
                yield token, old_items.get(name, MISSING), new_items.get(name, MISSING)
        return
    yield path, old, new


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def _ignored(path: Path, resource: PlanResource) -> bool:
    """Whether `ignoreChanges` of the (new) resource covers the path (`[0]` resolved by name)."""
    ignore = resource.data.get("ignoreChanges") or []
    for entry in ignore if isinstance(ignore, list) else []:
        tokens: list[str] = []
        for token in parse_path(str(entry)):
            index = re.fullmatch(r"\[(\d+)\]", token)
            if index:
                items = value_at(resource.inputs, tokens)
                position = int(index.group(1))
                if isinstance(items, list) and position < len(items):
                    item = items[position]
                    token = f"[{item.get('name')}]" if isinstance(item, dict) else token
            tokens.append(token)
        if tuple(tokens) == path[: len(tokens)]:
            return True
    return False


FIX_POOL: Final = (
    "Fix: add a new pool under a new name with the new value, cordon and drain the old pool, "
    "then delete it (one plan to add, a later one to remove)."
)
FIX_INLINE: Final = (
    "Fix: keep the inline pool (the first system pool) as it is; add the new pool under a new "
    "name (rendered as its own agentPools resource), cordon and drain the old one, delete it "
    "with `az aks nodepool delete`, then remove it from the spec."
)
FIX_CLUSTER: Final = (
    "Fix: keep the current value, or build a new cluster with it and move the workloads."
)


def _message(resource: PlanResource, path: Path, klass: ChangeClass, why: str) -> str:
    parts = [why[:1].upper() + why[1:] + "." if why else ""]
    if klass == "rejected":
        if resource.arm_type == CLUSTER and path[:2] == ("properties", "agentPoolProfiles"):
            parts.append(FIX_INLINE if len(path) == 3 else FIX_POOL)
        elif resource.arm_type == POOL:
            parts.append(FIX_POOL)
        else:
            parts.append(FIX_CLUSTER)
    elif klass == "replacement":
        parts.append(
            "azure-native replaces the resource: a new one is created and the old one deleted, "
            "with everything on it."
        )
        if resource.data.get("protect"):
            parts.append("It is protected: Pulumi refuses until `protect` is lifted.")
    elif klass == "disruptive":
        parts.append("In place but irreversible; every node pool is reimaged at once.")
    elif klass == "rolling":
        parts.append("Nodes are reimaged by a surge upgrade (the pool's maxSurge).")
    return " ".join(p for p in parts if p)


def _deletion_message(resource: PlanResource) -> str:
    if resource.arm_type == CLUSTER:
        text = "The cluster and every workload on it are deleted."
    elif resource.arm_type == POOL:
        pool = resource.inputs.get("resourceName", resource.name)
        text = (
            f"Pool {pool} and its nodes are deleted; pods on them are evicted. Cordon and drain "
            "it first, with room for its pods in other pools."
        )
    else:
        text = "The resource is deleted."
    if resource.data.get("protect"):
        text += " It is protected: Pulumi refuses until `protect` is lifted."
    return text


def diff_plans(
    old: Mapping[str, Any], new: Mapping[str, Any], *, allow_replace: bool = False
) -> ChangeReport:
    """Every change from the `old` plan document to the `new` one, classified (module doc)."""
    old_side, new_side, single, renames = sides(old, new)
    reverse = {v: k for k, v in renames.items()}
    where = scopes(old, new, single, new_side.name or old_side.name)
    changes: list[Change] = []
    replaced: dict[tuple[str, str], _Cause] = {}
    """Resources replaced -> (the input that replaces them, its source, confirmed)."""

    def add(
        res: PlanResource,
        op: Op,
        path: Path,
        old_value: Any,
        new_value: Any,
        klass: ChangeClass,
        source: str,
        message: str,
        confirmed: bool = True,
        warn: bool = False,
    ) -> None:
        changes.append(
            Change(
                stack=res.stack,
                resource=res.name,
                arm_type=res.arm_type,
                type=res.type,
                op=op,
                path=render_path(path),
                old=_plain(old_value),
                new=_plain(new_value),
                change_class=klass,
                source=source,
                message=message,
                confirmed=confirmed,
                protected=bool(res.data.get("protect")),
                warn=warn,
                spec_path=spec_path(res, path, scope=where.get(res.stack)),
            )
        )

    order = list(dict.fromkeys([*new_side.resources, *old_side.resources]))
    both = [
        (key, old_side.resources[key], new_side.resources[key])
        for key in order
        if key in old_side.resources and key in new_side.resources
    ]
    # Updates of the resources in both plans, leaf by leaf.
    for key, before, after in both:
        original = reverse.get(after.name)
        if original is not None:
            add(
                after,
                "update",
                (),
                original,
                after.name,
                "replacement",
                SRC_LOGICAL_NAME,
                f"The logical name changes ({original} -> {after.name}): Pulumi creates the new "
                "resource and deletes the old one. metadata.name also names the stack, so `up` "
                "creates a new stack and the old cluster stays until it is destroyed.",
            )
            replaced[key] = ("the logical name", SRC_LOGICAL_NAME, True)
        for path, old_value, new_value in _leaves(before.inputs, after.inputs):
            if _ignored(path, after):
                version = bool(path) and path[-1] in VERSION_PATHS
                add(
                    after,
                    "update",
                    path,
                    old_value,
                    new_value,
                    "in-place",
                    SRC_CHANNEL if version else SRC_IGNORED,
                    CHANNEL_HOW_TO
                    if version
                    else "Not applied: the program ignores this path (AKS owns it).",
                    warn=version,
                )
                continue
            ctx = FieldContext(
                path, _plain(old_value), _plain(new_value), before.inputs, after.inputs
            )
            klass, found, why = classify(after.arm_type, ctx)
            source = found.text if found else NO_ENTRY
            confirmed = found.confirmed if found else False
            add(
                after,
                "update",
                path,
                old_value,
                new_value,
                klass,
                source,
                _message(after, path, klass, why)
                if found is not None
                else f"{why[:1].upper()}{why[1:]}; it refuses rather than guess. Apply it "
                "outside aks-kit if you know Azure takes it, or add the field to the change "
                "table with a public source.",
                confirmed,
            )
            if klass == "replacement":
                replaced.setdefault(key, (render_path(path), source, confirmed))

    # A replaced resource takes along its ARM children (parentResourcePath) and the resources
    # whose replace-on-change inputs reference it (`${name.id}` becomes a new value).
    grew = True
    while grew:
        grew = False
        for key, _, after in both:
            if key in replaced:
                continue
            cause = _replaced_with(key[0], after, replaced)
            if cause is None:
                continue
            parent, path = cause
            value = value_at(after.inputs, path)
            add(
                after,
                "update",
                path,
                value,
                value,
                "replacement",
                SRC_PATH_PARAMETER.text,
                f"{parent} is replaced, so this resource is deleted and created again with it.",
            )
            replaced[key] = (render_path(path), SRC_PATH_PARAMETER.text, True)
            grew = True

    # Changes inside a replaced resource land on the new resource: part of the replacement.
    changes = [_subsumed(c, replaced) for c in changes]

    # Created and deleted resources.
    for key in order:
        gone, came = old_side.resources.get(key), new_side.resources.get(key)
        if gone is None and came is not None:
            add(came, "create", (), None, None, "create", SRC_CREATE, "A new resource.")
        elif came is None and gone is not None:
            add(
                gone,
                "delete",
                (),
                None,
                None,
                "deletion",
                SRC_DELETE,
                _deletion_message(gone),
            )

    stacks = list(dict.fromkeys(k[0] for k in order)) or [
        new_side.name or old_side.name or "cluster"
    ]
    rank = {klass: i for i, klass in enumerate(CLASSES)}
    position = {stack: i for i, stack in enumerate(stacks)}
    changes.sort(key=lambda c: (position.get(c.stack, 0), rank[c.change_class]))
    return ChangeReport(changes, findings_of(changes, allow_replace), stacks, allow_replace)


def _subsumed(change: Change, replaced: Mapping[tuple[str, str], _Cause]) -> Change:
    cause = replaced.get((change.stack, change.resource))
    if cause is None or change.change_class == "replacement":
        return change
    by, source, confirmed = cause
    return replace(
        change,
        change_class="replacement",
        source=source,
        confirmed=confirmed,
        message=f"Part of the replacement (by {by}): the new resource gets this value.",
    )


def _replaced_with(
    stack: str, resource: PlanResource, replaced: Mapping[tuple[str, str], Any]
) -> tuple[str, Path] | None:
    """(the replaced resource, the input that carries it) when `resource` goes with it."""
    if resource.inputs.get("parentResourcePath"):
        for dep in resource.data.get("dependsOn") or []:
            if (stack, str(dep)) in replaced:
                return str(dep), ("parentResourcePath",)
    for path, value in scalars(resource.inputs):
        for name, _ in references(value):
            if (stack, name) not in replaced:
                continue
            ctx = FieldContext(path, value, value, resource.inputs, resource.inputs)
            if classify(resource.arm_type, ctx)[0] == "replacement":
                return name, path
    return None
