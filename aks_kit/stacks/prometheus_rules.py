"""Microsoft's recommended Prometheus recording rule groups for AKS, as pure data.

These are the Linux recording rule groups that Microsoft's onboarding templates for Azure
Monitor managed service for Prometheus deploy next to an AKS cluster, one
`Microsoft.AlertsManagement/prometheusRuleGroups` resource per group, named
`<prefix><cluster name>` (see RULE_GROUP_NAME_PREFIXES).

Source (copied verbatim; record names, expressions and labels are byte-for-byte the template's):
    Azure/prometheus-collector: AddonArmTemplate/FullAzureMonitorMetricsProfile.json
    at commit 6a6b9069ef70ea887861c7dceb4328d8881d40a1 (template variable `version` = " - 0.1",
    prometheusRuleGroups apiVersion 2023-03-01), seen 2026-11-30.
The Node and Kubernetes groups match Azure/prometheus-collector:
AddonTerraformTemplate/main.tf (commit aee9842ddd8dfab4bf6ea351ff60c9513e0e6a30) and
AddonBicepTemplate/FullAzureMonitorMetricsProfile.bicep; the UX group matches the Bicep template
apart from its whitespace (the Bicep template indents with spaces where the ARM template has tabs).

Notes on fidelity:
- Each rule uses the wire field names of a prometheusRuleGroups recording rule: `record`,
  `expression`, `labels` (only where the template sets them) and `enabled` (field names as in
  the prometheusRuleGroups@2023-03-01 template reference). The ARM template omits `enabled`;
  the Terraform template sets `enabled = true` on every rule, which is what is recorded here.
- Group `description` and `interval` are the ARM template's values ("... RuleGroup" plus its
  `version` suffix " - 0.1"; "PT1M").
- Expressions keep the template's odd spacing, embedded newlines/tabs and one trailing newline
  (ux:controller_cpu_usage:sum_irate). ux:node_memory_usage:sum uses the lowercase
  `node_memory_cached_bytes` / `node_memory_buffers_bytes` exactly as the template does.
- The Windows groups (NodeRecordingRulesRuleGroup-Win-, NodeAndKubernetesRecordingRulesRuleGroup-
  Win-, UXRecordingRulesRuleGroup-Win -) are not included.
"""

from __future__ import annotations

from typing import Final, NotRequired, TypedDict


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


# NodeRecordingRulesRuleGroup: 11 rules.
NODE_RECORDING_RULES: Final[list[RecordingRule]] = [
    {
        "record": "instance:node_num_cpu:sum",
        "expression": (
            'count without (cpu, mode) (  node_cpu_seconds_total{job="node",mode="idle"})'
        ),
        "enabled": True,
    },
    {
        "record": "instance:node_cpu_utilisation:rate5m",
        "expression": (
            "1 - avg without (cpu) (  sum without (mode) "
            '(rate(node_cpu_seconds_total{job="node", mode=~"idle|iowait|steal"}[5m])))'
        ),
        "enabled": True,
    },
    {
        "record": "instance:node_load1_per_cpu:ratio",
        "expression": '(  node_load1{job="node"}/  instance:node_num_cpu:sum{job="node"})',
        "enabled": True,
    },
    {
        "record": "instance:node_memory_utilisation:ratio",
        "expression": (
            '1 - (  (    node_memory_MemAvailable_bytes{job="node"}    or    (      '
            'node_memory_Buffers_bytes{job="node"}      +      '
            'node_memory_Cached_bytes{job="node"}      +      '
            'node_memory_MemFree_bytes{job="node"}      +      '
            'node_memory_Slab_bytes{job="node"}    )  )/  '
            'node_memory_MemTotal_bytes{job="node"})'
        ),
        "enabled": True,
    },
    {
        "record": "instance:node_vmstat_pgmajfault:rate5m",
        "expression": 'rate(node_vmstat_pgmajfault{job="node"}[5m])',
        "enabled": True,
    },
    {
        "record": "instance_device:node_disk_io_time_seconds:rate5m",
        "expression": 'rate(node_disk_io_time_seconds_total{job="node", device!=""}[5m])',
        "enabled": True,
    },
    {
        "record": "instance_device:node_disk_io_time_weighted_seconds:rate5m",
        "expression": 'rate(node_disk_io_time_weighted_seconds_total{job="node", device!=""}[5m])',
        "enabled": True,
    },
    {
        "record": "instance:node_network_receive_bytes_excluding_lo:rate5m",
        "expression": (
            'sum without (device) (  rate(node_network_receive_bytes_total{job="node", '
            'device!="lo"}[5m]))'
        ),
        "enabled": True,
    },
    {
        "record": "instance:node_network_transmit_bytes_excluding_lo:rate5m",
        "expression": (
            'sum without (device) (  rate(node_network_transmit_bytes_total{job="node", '
            'device!="lo"}[5m]))'
        ),
        "enabled": True,
    },
    {
        "record": "instance:node_network_receive_drop_excluding_lo:rate5m",
        "expression": (
            'sum without (device) (  rate(node_network_receive_drop_total{job="node", '
            'device!="lo"}[5m]))'
        ),
        "enabled": True,
    },
    {
        "record": "instance:node_network_transmit_drop_excluding_lo:rate5m",
        "expression": (
            'sum without (device) (  rate(node_network_transmit_drop_total{job="node", '
            'device!="lo"}[5m]))'
        ),
        "enabled": True,
    },
]


# KubernetesRecordingRulesRuleGroup: 19 rules.
KUBERNETES_RECORDING_RULES: Final[list[RecordingRule]] = [
    {
        "record": "node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate",
        "expression": (
            "sum by (cluster, namespace, pod, container) (  "
            'irate(container_cpu_usage_seconds_total{job="cadvisor", image!=""}[5m])) * on '
            "(cluster, namespace, pod) group_left(node) topk by (cluster, namespace, pod) (  "
            '1, max by(cluster, namespace, pod, node) (kube_pod_info{node!=""}))'
        ),
        "enabled": True,
    },
    {
        "record": "node_namespace_pod_container:container_memory_working_set_bytes",
        "expression": (
            'container_memory_working_set_bytes{job="cadvisor", image!=""}* on (namespace, '
            "pod) group_left(node) topk by(namespace, pod) (1,  max by(namespace, pod, node) "
            '(kube_pod_info{node!=""}))'
        ),
        "enabled": True,
    },
    {
        "record": "node_namespace_pod_container:container_memory_rss",
        "expression": (
            'container_memory_rss{job="cadvisor", image!=""}* on (namespace, pod) '
            "group_left(node) topk by(namespace, pod) (1,  max by(namespace, pod, node) "
            '(kube_pod_info{node!=""}))'
        ),
        "enabled": True,
    },
    {
        "record": "node_namespace_pod_container:container_memory_cache",
        "expression": (
            'container_memory_cache{job="cadvisor", image!=""}* on (namespace, pod) '
            "group_left(node) topk by(namespace, pod) (1,  max by(namespace, pod, node) "
            '(kube_pod_info{node!=""}))'
        ),
        "enabled": True,
    },
    {
        "record": "node_namespace_pod_container:container_memory_swap",
        "expression": (
            'container_memory_swap{job="cadvisor", image!=""}* on (namespace, pod) '
            "group_left(node) topk by(namespace, pod) (1,  max by(namespace, pod, node) "
            '(kube_pod_info{node!=""}))'
        ),
        "enabled": True,
    },
    {
        "record": "cluster:namespace:pod_memory:active:kube_pod_container_resource_requests",
        "expression": (
            'kube_pod_container_resource_requests{resource="memory",'
            'job="kube-state-metrics"}  * on (namespace, pod, cluster)group_left() max by '
            '(namespace, pod, cluster) (  (kube_pod_status_phase{phase=~"Pending|Running"} '
            "== 1))"
        ),
        "enabled": True,
    },
    {
        "record": "namespace_memory:kube_pod_container_resource_requests:sum",
        "expression": (
            "sum by (namespace, cluster) (    sum by (namespace, pod, cluster) (        max "
            "by (namespace, pod, container, cluster) (          "
            'kube_pod_container_resource_requests{resource="memory",'
            'job="kube-state-metrics"}        ) * on(namespace, pod, cluster) group_left() '
            "max by (namespace, pod, cluster) (          "
            'kube_pod_status_phase{phase=~"Pending|Running"} == 1        )    ))'
        ),
        "enabled": True,
    },
    {
        "record": "cluster:namespace:pod_cpu:active:kube_pod_container_resource_requests",
        "expression": (
            'kube_pod_container_resource_requests{resource="cpu",job="kube-state-metrics"}  '
            "* on (namespace, pod, cluster)group_left() max by (namespace, pod, cluster) (  "
            '(kube_pod_status_phase{phase=~"Pending|Running"} == 1))'
        ),
        "enabled": True,
    },
    {
        "record": "namespace_cpu:kube_pod_container_resource_requests:sum",
        "expression": (
            "sum by (namespace, cluster) (    sum by (namespace, pod, cluster) (        max "
            "by (namespace, pod, container, cluster) (          "
            'kube_pod_container_resource_requests{resource="cpu",job="kube-state-metrics"}   '
            "     ) * on(namespace, pod, cluster) group_left() max by (namespace, pod, "
            'cluster) (          kube_pod_status_phase{phase=~"Pending|Running"} == 1        '
            ")    ))"
        ),
        "enabled": True,
    },
    {
        "record": "cluster:namespace:pod_memory:active:kube_pod_container_resource_limits",
        "expression": (
            'kube_pod_container_resource_limits{resource="memory",job="kube-state-metrics"}  '
            "* on (namespace, pod, cluster)group_left() max by (namespace, pod, cluster) (  "
            '(kube_pod_status_phase{phase=~"Pending|Running"} == 1))'
        ),
        "enabled": True,
    },
    {
        "record": "namespace_memory:kube_pod_container_resource_limits:sum",
        "expression": (
            "sum by (namespace, cluster) (    sum by (namespace, pod, cluster) (        max "
            "by (namespace, pod, container, cluster) (          "
            'kube_pod_container_resource_limits{resource="memory",job="kube-state-metrics"}  '
            "      ) * on(namespace, pod, cluster) group_left() max by (namespace, pod, "
            'cluster) (          kube_pod_status_phase{phase=~"Pending|Running"} == 1        '
            ")    ))"
        ),
        "enabled": True,
    },
    {
        "record": "cluster:namespace:pod_cpu:active:kube_pod_container_resource_limits",
        "expression": (
            'kube_pod_container_resource_limits{resource="cpu",job="kube-state-metrics"}  * '
            "on (namespace, pod, cluster)group_left() max by (namespace, pod, cluster) ( "
            '(kube_pod_status_phase{phase=~"Pending|Running"} == 1) )'
        ),
        "enabled": True,
    },
    {
        "record": "namespace_cpu:kube_pod_container_resource_limits:sum",
        "expression": (
            "sum by (namespace, cluster) (    sum by (namespace, pod, cluster) (        max "
            "by (namespace, pod, container, cluster) (          "
            'kube_pod_container_resource_limits{resource="cpu",job="kube-state-metrics"}     '
            "   ) * on(namespace, pod, cluster) group_left() max by (namespace, pod, "
            'cluster) (          kube_pod_status_phase{phase=~"Pending|Running"} == 1        '
            ")    ))"
        ),
        "enabled": True,
    },
    {
        "record": "namespace_workload_pod:kube_pod_owner:relabel",
        "expression": (
            "max by (cluster, namespace, workload, pod) (  label_replace(    label_replace(  "
            '    kube_pod_owner{job="kube-state-metrics", owner_kind="ReplicaSet"},      '
            '"replicaset", "$1", "owner_name", "(.*)"    ) * on(replicaset, namespace) '
            "group_left(owner_name) topk by(replicaset, namespace) (      1, max by "
            "(replicaset, namespace, owner_name) (        "
            'kube_replicaset_owner{job="kube-state-metrics"}      )    ),    "workload", '
            '"$1", "owner_name", "(.*)"  ))'
        ),
        "labels": {"workload_type": "deployment"},
        "enabled": True,
    },
    {
        "record": "namespace_workload_pod:kube_pod_owner:relabel",
        "expression": (
            "max by (cluster, namespace, workload, pod) (  label_replace(    "
            'kube_pod_owner{job="kube-state-metrics", owner_kind="DaemonSet"},    "workload",'
            ' "$1", "owner_name", "(.*)"  ))'
        ),
        "labels": {"workload_type": "daemonset"},
        "enabled": True,
    },
    {
        "record": "namespace_workload_pod:kube_pod_owner:relabel",
        "expression": (
            "max by (cluster, namespace, workload, pod) (  label_replace(    "
            'kube_pod_owner{job="kube-state-metrics", owner_kind="StatefulSet"},    '
            '"workload", "$1", "owner_name", "(.*)"  ))'
        ),
        "labels": {"workload_type": "statefulset"},
        "enabled": True,
    },
    {
        "record": "namespace_workload_pod:kube_pod_owner:relabel",
        "expression": (
            "max by (cluster, namespace, workload, pod) (  label_replace(    "
            'kube_pod_owner{job="kube-state-metrics", owner_kind="Job"},    "workload", "$1",'
            ' "owner_name", "(.*)"  ))'
        ),
        "labels": {"workload_type": "job"},
        "enabled": True,
    },
    {
        "record": ":node_memory_MemAvailable_bytes:sum",
        "expression": (
            'sum(  node_memory_MemAvailable_bytes{job="node"} or  (    '
            'node_memory_Buffers_bytes{job="node"} +    node_memory_Cached_bytes{job="node"} '
            '+    node_memory_MemFree_bytes{job="node"} +    '
            'node_memory_Slab_bytes{job="node"}  )) by (cluster)'
        ),
        "enabled": True,
    },
    {
        "record": "cluster:node_cpu:ratio_rate5m",
        "expression": (
            'sum(rate(node_cpu_seconds_total{job="node",mode!="idle",mode!="iowait",'
            'mode!="steal"}[5m])) by (cluster) '
            '/count(sum(node_cpu_seconds_total{job="node"}) by (cluster, instance, cpu)) by '
            "(cluster)"
        ),
        "enabled": True,
    },
]


# UXRecordingRulesRuleGroup (Linux): 18 rules.
UX_RECORDING_RULES: Final[list[RecordingRule]] = [
    {
        "record": "ux:pod_cpu_usage:sum_irate",
        "expression": (
            "(sum by (namespace, pod, cluster, microsoft_resourceid) (\n"
            '\tirate(container_cpu_usage_seconds_total{container != "", pod != "", job = '
            '"cadvisor"}[5m])\n'
            ")) * on (pod, namespace, cluster, microsoft_resourceid) group_left (node, "
            "created_by_name, created_by_kind)\n"
            "(max by (node, created_by_name, created_by_kind, pod, namespace, cluster, "
            'microsoft_resourceid) (kube_pod_info{pod != "", job = "kube-state-metrics"}))'
        ),
        "enabled": True,
    },
    {
        "record": "ux:controller_cpu_usage:sum_irate",
        "expression": (
            "sum by (namespace, node, cluster, created_by_name, created_by_kind, "
            "microsoft_resourceid) (\n"
            "ux:pod_cpu_usage:sum_irate\n"
            ")\n"
        ),
        "enabled": True,
    },
    {
        "record": "ux:pod_workingset_memory:sum",
        "expression": (
            "(\n"
            "\t    sum by (namespace, pod, cluster, microsoft_resourceid) (\n"
            '\t\tcontainer_memory_working_set_bytes{container != "", pod != "", job = '
            '"cadvisor"}\n'
            "\t    )\n"
            "\t) * on (pod, namespace, cluster, microsoft_resourceid) group_left (node, "
            "created_by_name, created_by_kind)\n"
            "(max by (node, created_by_name, created_by_kind, pod, namespace, cluster, "
            'microsoft_resourceid) (kube_pod_info{pod != "", job = "kube-state-metrics"}))'
        ),
        "enabled": True,
    },
    {
        "record": "ux:controller_workingset_memory:sum",
        "expression": (
            "sum by (namespace, node, cluster, created_by_name, created_by_kind, "
            "microsoft_resourceid) (\n"
            "ux:pod_workingset_memory:sum\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:pod_rss_memory:sum",
        "expression": (
            "(\n"
            "\t    sum by (namespace, pod, cluster, microsoft_resourceid) (\n"
            '\t\tcontainer_memory_rss{container != "", pod != "", job = "cadvisor"}\n'
            "\t    )\n"
            "\t) * on (pod, namespace, cluster, microsoft_resourceid) group_left (node, "
            "created_by_name, created_by_kind)\n"
            "(max by (node, created_by_name, created_by_kind, pod, namespace, cluster, "
            'microsoft_resourceid) (kube_pod_info{pod != "", job = "kube-state-metrics"}))'
        ),
        "enabled": True,
    },
    {
        "record": "ux:controller_rss_memory:sum",
        "expression": (
            "sum by (namespace, node, cluster, created_by_name, created_by_kind, "
            "microsoft_resourceid) (\n"
            "ux:pod_rss_memory:sum\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:pod_container_count:sum",
        "expression": (
            "sum by (node, created_by_name, created_by_kind, namespace, cluster, pod, "
            "microsoft_resourceid) (\n"
            "(\n"
            "(\n"
            "sum by (container, pod, namespace, cluster, microsoft_resourceid) "
            '(kube_pod_container_info{container != "", pod != "", container_id != "", job = '
            '"kube-state-metrics"})\n'
            "or sum by (container, pod, namespace, cluster, microsoft_resourceid) "
            '(kube_pod_init_container_info{container != "", pod != "", container_id != "", '
            'job = "kube-state-metrics"})\n'
            ")\n"
            "* on (pod, namespace, cluster, microsoft_resourceid) group_left (node, "
            "created_by_name, created_by_kind)\n"
            "(\n"
            "max by (node, created_by_name, created_by_kind, pod, namespace, cluster, "
            "microsoft_resourceid) (\n"
            '\tkube_pod_info{pod != "", job = "kube-state-metrics"}\n'
            ")\n"
            ")\n"
            ")\n"
            "\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:controller_container_count:sum",
        "expression": (
            "sum by (node, created_by_name, created_by_kind, namespace, cluster, "
            "microsoft_resourceid) (\n"
            "ux:pod_container_count:sum\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:pod_container_restarts:max",
        "expression": (
            "max by (node, created_by_name, created_by_kind, namespace, cluster, pod, "
            "microsoft_resourceid) (\n"
            "(\n"
            "(\n"
            "max by (container, pod, namespace, cluster, microsoft_resourceid) "
            '(kube_pod_container_status_restarts_total{container != "", pod != "", job = '
            '"kube-state-metrics"})\n'
            "or sum by (container, pod, namespace, cluster, microsoft_resourceid) "
            '(kube_pod_init_status_restarts_total{container != "", pod != "", job = '
            '"kube-state-metrics"})\n'
            ")\n"
            "* on (pod, namespace, cluster, microsoft_resourceid) group_left (node, "
            "created_by_name, created_by_kind)\n"
            "(\n"
            "max by (node, created_by_name, created_by_kind, pod, namespace, cluster, "
            "microsoft_resourceid) (\n"
            '\tkube_pod_info{pod != "", job = "kube-state-metrics"}\n'
            ")\n"
            ")\n"
            ")\n"
            "\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:controller_container_restarts:max",
        "expression": (
            "max by (node, created_by_name, created_by_kind, namespace, cluster, "
            "microsoft_resourceid) (\n"
            "ux:pod_container_restarts:max\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:pod_resource_limit:sum",
        "expression": (
            "(sum by (cluster, pod, namespace, resource, microsoft_resourceid) (\n"
            "(\n"
            "\tmax by (cluster, microsoft_resourceid, pod, container, namespace, resource)\n"
            '\t (kube_pod_container_resource_limits{container != "", pod != "", job = '
            '"kube-state-metrics"})\n'
            ")\n"
            ")unless (count by (pod, namespace, cluster, resource, microsoft_resourceid)\n"
            '\t(kube_pod_container_resource_limits{container != "", pod != "", job = '
            '"kube-state-metrics"})\n'
            "!= on (pod, namespace, cluster, microsoft_resourceid) group_left()\n"
            " sum by (pod, namespace, cluster, microsoft_resourceid)\n"
            ' (kube_pod_container_info{container != "", pod != "", job = '
            '"kube-state-metrics"}) \n'
            ")\n"
            "\n"
            ")* on (namespace, pod, cluster, microsoft_resourceid) group_left (node, "
            "created_by_kind, created_by_name)\n"
            "(\n"
            '\tkube_pod_info{pod != "", job = "kube-state-metrics"}\n'
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:controller_resource_limit:sum",
        "expression": (
            "sum by (cluster, namespace, created_by_name, created_by_kind, node, resource, "
            "microsoft_resourceid) (\n"
            "ux:pod_resource_limit:sum\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:controller_pod_phase_count:sum",
        "expression": (
            "sum by (cluster, phase, node, created_by_kind, created_by_name, namespace, "
            "microsoft_resourceid) ( (\n"
            '(kube_pod_status_phase{job="kube-state-metrics",pod!=""})\n'
            ' or (label_replace((count(kube_pod_deletion_timestamp{job="kube-state-metrics",'
            'pod!=""}) by (namespace, pod, cluster, microsoft_resourceid) * '
            'count(kube_pod_status_reason{reason="NodeLost", job="kube-state-metrics"} == 0) '
            'by (namespace, pod, cluster, microsoft_resourceid)), "phase", "terminating", "",'
            ' ""))) * on (pod, namespace, cluster, microsoft_resourceid) group_left (node, '
            "created_by_name, created_by_kind)\n"
            "(\n"
            "max by (node, created_by_name, created_by_kind, pod, namespace, cluster, "
            "microsoft_resourceid) (\n"
            'kube_pod_info{job="kube-state-metrics",pod!=""}\n'
            ")\n"
            ")\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:cluster_pod_phase_count:sum",
        "expression": (
            "sum by (cluster, phase, node, namespace, microsoft_resourceid) (\n"
            "ux:controller_pod_phase_count:sum\n"
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:node_cpu_usage:sum_irate",
        "expression": (
            "sum by (instance, cluster, microsoft_resourceid) (\n"
            '(1 - irate(node_cpu_seconds_total{job="node", mode="idle"}[5m]))\n'
            ")"
        ),
        "enabled": True,
    },
    {
        "record": "ux:node_memory_usage:sum",
        "expression": (
            "sum by (instance, cluster, microsoft_resourceid) ((\n"
            'node_memory_MemTotal_bytes{job = "node"}\n'
            '- node_memory_MemFree_bytes{job = "node"} \n'
            '- node_memory_cached_bytes{job = "node"}\n'
            '- node_memory_buffers_bytes{job = "node"}\n'
            "))"
        ),
        "enabled": True,
    },
    {
        "record": "ux:node_network_receive_drop_total:sum_irate",
        "expression": (
            "sum by (instance, cluster, microsoft_resourceid) "
            '(irate(node_network_receive_drop_total{job="node", device!="lo"}[5m]))'
        ),
        "enabled": True,
    },
    {
        "record": "ux:node_network_transmit_drop_total:sum_irate",
        "expression": (
            "sum by (instance, cluster, microsoft_resourceid) "
            '(irate(node_network_transmit_drop_total{job="node", device!="lo"}[5m]))'
        ),
        "enabled": True,
    },
]


RULE_GROUPS: Final[dict[str, RuleGroup]] = {
    "NodeRecordingRulesRuleGroup": {
        "description": "Node Recording Rules RuleGroup - 0.1",
        "interval": "PT1M",
        "rules": NODE_RECORDING_RULES,
    },
    "KubernetesRecordingRulesRuleGroup": {
        "description": "Kubernetes Recording Rules RuleGroup - 0.1",
        "interval": "PT1M",
        "rules": KUBERNETES_RECORDING_RULES,
    },
    "UXRecordingRulesRuleGroup": {
        "description": "UX recording rules for Linux",
        "interval": "PT1M",
        "rules": UX_RECORDING_RULES,
    },
}
"""The Linux recording rule groups, keyed by group name without the cluster suffix."""

RULE_GROUP_NAME_PREFIXES: Final[dict[str, str]] = {
    "NodeRecordingRulesRuleGroup": "NodeRecordingRulesRuleGroup-",
    "KubernetesRecordingRulesRuleGroup": "KubernetesRecordingRulesRuleGroup-",
    "UXRecordingRulesRuleGroup": "UXRecordingRulesRuleGroup - ",
}
"""Resource-name prefix of each group; the template appends the cluster name.

The UX group's " - " separator (spaces included) is the template's own.
"""
