"""Microsoft's recommended Prometheus recording rule groups for AKS, loaded from package data.

`prometheus_rules.json` is an excerpt of Microsoft's onboarding template for Azure Monitor
managed service for Prometheus (Azure/prometheus-collector,
AddonArmTemplate/FullAzureMonitorMetricsProfile.json; the file names the commit): the Linux
recording rule groups the template deploys next to an AKS cluster, one
`Microsoft.AlertsManagement/prometheusRuleGroups` resource per group, named
`<prefix><cluster name>`. Record names, expressions (odd spacing, tabs and newlines included)
and labels are the template's byte for byte; `enabled: true` is the Terraform template's.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, Final, NotRequired, TypedDict, cast


class RecordingRule(TypedDict):
    """One recording rule of a prometheusRuleGroups resource (wire field names)."""

    record: str
    expression: str
    labels: NotRequired[dict[str, str]]
    enabled: bool


class RuleGroup(TypedDict):
    """The per-group properties of a prometheusRuleGroups resource that the template fixes."""

    description: str
    interval: str
    rules: list[RecordingRule]


_RULE_KEYS: Final = frozenset({"record", "expression", "labels", "enabled"})


def _group(entry: Any) -> tuple[str, str, RuleGroup]:
    """(group, name prefix, properties) of one entry, checked for shape."""
    if not isinstance(entry, dict):
        raise ValueError("prometheus_rules.json: a rule group is not an object")
    group, prefix, props = entry.get("group"), entry.get("namePrefix"), entry.get("properties")
    if not isinstance(group, str) or not isinstance(prefix, str) or not isinstance(props, dict):
        raise ValueError("prometheus_rules.json: a group needs group, namePrefix, properties")
    rules = props.get("rules")
    if not isinstance(rules, list) or not rules:
        raise ValueError(f"prometheus_rules.json: group {group} has no rules")
    for rule in rules:
        if (
            not isinstance(rule, dict)
            or set(rule) - _RULE_KEYS
            or not isinstance(rule.get("record"), str)
            or not isinstance(rule.get("expression"), str)
        ):
            raise ValueError(f"prometheus_rules.json: a malformed rule in group {group}")
    return group, prefix, cast(RuleGroup, props)


def _load() -> tuple[dict[str, RuleGroup], dict[str, str]]:
    text = files(__package__).joinpath("prometheus_rules.json").read_text(encoding="utf-8")
    groups: dict[str, RuleGroup] = {}
    prefixes: dict[str, str] = {}
    for entry in json.loads(text)["ruleGroups"]:
        group, prefix, props = _group(entry)
        groups[group] = props
        prefixes[group] = prefix
    return groups, prefixes


RULE_GROUPS, RULE_GROUP_NAME_PREFIXES = _load()
"""The Linux recording rule groups keyed by group name without the cluster suffix, and each
group's resource-name prefix (the UX group's " - " separator, spaces included, is the
template's own)."""
