"""Monitoring resources: Log Analytics, Container Insights, managed Prometheus, diagnostics.

What the portal and `az aks create --enable-azure-monitor-metrics` / `--enable-addons
monitoring` create, written out: a workspace, data collection rules and their associations,
Microsoft's recommended recording rule groups, and diagnostic settings for the control-plane
logs platform teams keep.
"""

from __future__ import annotations

from dataclasses import dataclass

from aks_kit.presets.model import ClusterDocument

from . import resource_types as t
from .builder import Builder, clip_name
from .prometheus_rules import RULE_GROUP_NAME_PREFIXES, RULE_GROUPS
from .rendered import drop_none, ref

CI_STREAM = "Microsoft-ContainerInsights-Group-Default"
PROM_STREAM = "Microsoft-PrometheusMetrics"
RULE_GROUP_SUFFIX = {
    "NodeRecordingRulesRuleGroup": "node",
    "KubernetesRecordingRulesRuleGroup": "kubernetes",
    "UXRecordingRulesRuleGroup": "ux",
}


@dataclass
class Monitoring:
    """Workspaces the cluster body refers to, and resources to add once the cluster exists."""

    doc: ClusterDocument
    rg: str
    tags: dict[str, str] | None
    container_insights_workspace: str | None = None
    defender_workspace: str | None = None
    diagnostics_workspace: str | None = None
    ci_rule: str | None = None
    prometheus: tuple[str, str, str] | None = None
    """(monitor workspace, collection endpoint, collection rule) logical names."""

    def attach(self, b: Builder, cluster_id: str) -> None:
        name = self.doc.metadata.name
        location = self.doc.metadata.location
        cluster = name
        if self.ci_rule is not None:
            b.add(
                f"{name}-ci-dcra",
                t.DCRA,
                {
                    "associationName": "ContainerInsightsExtension",
                    "resourceUri": cluster_id,
                    "dataCollectionRuleId": ref(self.ci_rule, "id"),
                },
            )
        if self.prometheus is not None:
            amw, dce, dcr = self.prometheus
            b.add(
                f"{name}-prometheus-dcra",
                t.DCRA,
                {
                    "associationName": clip_name(f"MSProm-{location}-{name}", 64),
                    "resourceUri": cluster_id,
                    "dataCollectionRuleId": ref(dcr, "id"),
                },
            )
            b.add(
                f"{name}-prometheus-dcea",
                t.DCRA,
                {
                    "associationName": "configurationAccessEndpoint",
                    "resourceUri": cluster_id,
                    "dataCollectionEndpointId": ref(dce, "id"),
                },
            )
            for group, body in RULE_GROUPS.items():
                b.add(
                    f"{name}-rules-{RULE_GROUP_SUFFIX[group]}",
                    t.RULE_GROUP,
                    drop_none(
                        {
                            "ruleGroupName": f"{RULE_GROUP_NAME_PREFIXES[group]}{cluster}",
                            "resourceGroupName": self.rg,
                            "location": location,
                            "description": body["description"],
                            "scopes": [ref(amw, "id"), cluster_id],
                            "clusterName": cluster,
                            "interval": body["interval"],
                            "enabled": True,
                            "rules": [dict(rule) for rule in body["rules"]],
                            "tags": self.tags,
                        }
                    ),
                )
        logs = self.doc.spec.monitoring.diagnostic_logs
        if logs.enabled and self.diagnostics_workspace is not None:
            b.add(
                f"{name}-diagnostics",
                t.DIAGNOSTIC_SETTING,
                {
                    "name": f"diag-{name}",
                    "resourceUri": cluster_id,
                    "workspaceId": self.diagnostics_workspace,
                    "logAnalyticsDestinationType": "Dedicated",
                    "logs": [{"category": c, "enabled": True} for c in logs.categories],
                },
            )


def monitoring_resources(
    b: Builder, doc: ClusterDocument, rg: str, tags: dict[str, str] | None
) -> Monitoring:
    """Add what must exist before the cluster; `attach` adds the rest after it."""
    name, location = doc.metadata.name, doc.metadata.location
    mon = doc.spec.monitoring
    defender = doc.spec.security.defender
    out = Monitoring(doc, rg, tags)

    needs_workspace = (
        (mon.container_insights.enabled and not mon.container_insights.log_analytics_workspace_id)
        or (mon.diagnostic_logs.enabled and not mon.diagnostic_logs.log_analytics_workspace_id)
        or (defender is not None and defender.enabled and not defender.log_analytics_workspace_id)
    )
    shared: str | None = None
    if needs_workspace:
        law = f"{name}-logs"
        b.add(
            law,
            t.LOG_ANALYTICS,
            drop_none(
                {
                    "workspaceName": clip_name(f"log-{name}".replace("_", "-"), 63),
                    "resourceGroupName": rg,
                    "location": location,
                    "sku": {"name": "PerGB2018"},
                    "retentionInDays": mon.diagnostic_logs.retention_days or 30,
                    "tags": tags,
                }
            ),
        )
        shared = ref(law, "id")

    if mon.container_insights.enabled:
        workspace = mon.container_insights.log_analytics_workspace_id or shared
        out.container_insights_workspace = workspace
        out.ci_rule = f"{name}-ci-dcr"
        b.add(
            out.ci_rule,
            t.DCR,
            drop_none(
                {
                    "dataCollectionRuleName": clip_name(f"MSCI-{location}-{name}", 64),
                    "resourceGroupName": rg,
                    "location": location,
                    "kind": "Linux",
                    "dataSources": {
                        "extensions": [
                            {
                                "name": "ContainerInsightsExtension",
                                "extensionName": "ContainerInsights",
                                "streams": [CI_STREAM],
                                "extensionSettings": {
                                    "dataCollectionSettings": {
                                        "interval": "1m",
                                        "namespaceFilteringMode": "Off",
                                        "enableContainerLogV2": True,
                                    }
                                },
                            }
                        ]
                    },
                    "destinations": {
                        "logAnalytics": [{"name": "ciworkspace", "workspaceResourceId": workspace}]
                    },
                    "dataFlows": [{"streams": [CI_STREAM], "destinations": ["ciworkspace"]}],
                    "tags": tags,
                }
            ),
        )
    if defender is not None and defender.enabled:
        out.defender_workspace = defender.log_analytics_workspace_id or shared
    if mon.diagnostic_logs.enabled:
        out.diagnostics_workspace = mon.diagnostic_logs.log_analytics_workspace_id or shared

    if mon.prometheus:
        amw, dce, dcr = f"{name}-prometheus", f"{name}-prometheus-dce", f"{name}-prometheus-dcr"
        b.add(
            amw,
            t.MONITOR_WORKSPACE,
            drop_none(
                {
                    "azureMonitorWorkspaceName": f"amw-{name}",
                    "resourceGroupName": rg,
                    "location": location,
                    "tags": tags,
                }
            ),
        )
        b.add(
            dce,
            t.DCE,
            drop_none(
                {
                    "dataCollectionEndpointName": clip_name(f"MSProm-{location}-{name}", 44),
                    "resourceGroupName": rg,
                    "location": location,
                    "kind": "Linux",
                    "tags": tags,
                }
            ),
        )
        b.add(
            dcr,
            t.DCR,
            drop_none(
                {
                    "dataCollectionRuleName": clip_name(f"MSProm-{location}-{name}", 64),
                    "resourceGroupName": rg,
                    "location": location,
                    "kind": "Linux",
                    "dataCollectionEndpointId": ref(dce, "id"),
                    "dataSources": {
                        "prometheusForwarder": [
                            {
                                "name": "PrometheusDataSource",
                                "streams": [PROM_STREAM],
                                "labelIncludeFilter": {},
                            }
                        ]
                    },
                    "destinations": {
                        "monitoringAccounts": [
                            {"name": "MonitoringAccount1", "accountResourceId": ref(amw, "id")}
                        ]
                    },
                    "dataFlows": [
                        {"streams": [PROM_STREAM], "destinations": ["MonitoringAccount1"]}
                    ],
                    "tags": tags,
                }
            ),
        )
        out.prometheus = (amw, dce, dcr)
    return out
