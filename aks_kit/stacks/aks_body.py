"""ARM request bodies for the AKS resources, from the validated spec (pure functions).

Keys are ARM's own (API 2026-08-01), judged against azure-mgmt-containerservice's models
in the tests. Every value comes from the resolved spec; nothing the spec leaves unset is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from aks_kit.presets.model import (
    AutoscalerProfile,
    ClusterDocument,
    MaintenanceWindow,
    NodePool,
)

from .builder import clip_name

SKU_NAMES = {"base": "Base", "automatic": "Automatic"}
TIERS = {"free": "Free", "standard": "Standard", "premium": "Premium"}
POOL_MODES = {"system": "System", "user": "User", "gateway": "Gateway"}
# Autoscaler keys ARM types as booleans; the rest are strings, even "true"/"false" ones.
BOOLEAN_AUTOSCALER_KEYS = {
    "ignore-daemonsets-utilization",
    "daemonset-eviction-for-empty-nodes",
    "daemonset-eviction-for-occupied-nodes",
}


@dataclass(frozen=True)
class SubnetIds:
    """Subnet ids as literals (existing subnets) or `${...}` references (created ones)."""

    nodes: str | None = None
    pods: str | None = None
    api_server: str | None = None
    system: str | None = None


def dns_prefix(cluster: str) -> str:
    """Azure's dnsPrefix: letters, digits and '-', at most 54, from the cluster name."""
    return clip_name(cluster.replace("_", "-"), 54)


def compact(value: dict[str, Any]) -> dict[str, Any]:
    """Drop None values and empty nested mappings: send only what the spec sets."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            item = compact(item)
            if not item:
                continue
        if item is None:
            continue
        out[key] = item
    return out


def autoscaler_profile(profile: AutoscalerProfile) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, value in profile.model_dump(exclude_none=True).items():
        key = name.replace("_", "-")
        if key in BOOLEAN_AUTOSCALER_KEYS:
            body[key] = value
        elif isinstance(value, bool):
            body[key] = "true" if value else "false"
        else:
            body[key] = str(value)
    return body


def pool_properties(pool: NodePool, subnets: SubnetIds) -> dict[str, Any]:
    """An agent pool's properties; the same shape inline or as its own resource."""
    body: dict[str, Any] = {
        "mode": POOL_MODES[pool.mode],
        "vmSize": pool.vm_size,
        "osType": pool.os_type,
        "osSKU": pool.os_sku,
        "osDiskType": pool.os_disk_type,
        "osDiskSizeGB": pool.os_disk_size_gb,
        "kubeletDiskType": pool.kubelet_disk_type,
        "type": "VirtualMachineScaleSets",
        "count": pool.count if pool.count is not None else pool.min_count,
        "maxPods": pool.max_pods,
        "orchestratorVersion": pool.kubernetes_version,
        "availabilityZones": list(pool.zones) or None,
        "vnetSubnetID": subnets.nodes,
        "podSubnetID": subnets.pods,
        "podIPAllocationMode": pool.pod_ip_allocation_mode,
        "scaleDownMode": pool.scale_down_mode,
        "enableEncryptionAtHost": pool.encryption_at_host,
        "enableFIPS": pool.fips,
        "nodeLabels": dict(pool.labels) or None,
        "nodeTaints": list(pool.taints) or None,
        "tags": dict(pool.tags) or None,
        "upgradeSettings": {
            "maxSurge": pool.max_surge,
            "maxUnavailable": pool.max_unavailable,
            "drainTimeoutInMinutes": pool.drain_timeout_in_minutes,
            "nodeSoakDurationInMinutes": pool.node_soak_duration_in_minutes,
            "undrainableNodeBehavior": pool.undrainable_node_behavior,
        },
        "localDNSProfile": {"mode": pool.local_dns},
    }
    if pool.autoscaling:
        body["enableAutoScaling"] = True
        body["minCount"] = pool.min_count
        body["maxCount"] = pool.max_count
    if pool.spot:
        body["scaleSetPriority"] = "Spot"
        body["scaleSetEvictionPolicy"] = pool.eviction_policy
        body["spotMaxPrice"] = pool.spot_max_price
    return compact(body)


def maintenance_properties(window: MaintenanceWindow) -> dict[str, Any]:
    schedule: dict[str, Any]
    if window.frequency == "daily":
        schedule = {"daily": {"intervalDays": window.interval}}
    elif window.frequency == "weekly":
        schedule = {"weekly": {"intervalWeeks": window.interval, "dayOfWeek": window.day_of_week}}
    elif window.frequency == "absoluteMonthly":
        schedule = {
            "absoluteMonthly": {
                "intervalMonths": window.interval,
                "dayOfMonth": window.day_of_month,
            }
        }
    else:
        schedule = {
            "relativeMonthly": {
                "intervalMonths": window.interval,
                "weekIndex": window.week_index,
                "dayOfWeek": window.day_of_week,
            }
        }
    body = {
        "schedule": schedule,
        "durationHours": window.duration_hours,
        "utcOffset": window.utc_offset,
        "startDate": window.start_date,
        "startTime": window.start_time,
        "notAllowedDates": [{"start": d.start, "end": d.end} for d in window.not_allowed] or None,
    }
    return {"maintenanceWindow": compact(body)}


GATEWAY_FROM: Final = (1, 36)
"""New AKS Automatic clusters use Gateway API through app routing from Kubernetes 1.36
(https://learn.microsoft.com/azure/aks/app-routing-gateway-api: managed NGINX gets no Azure
support after November 2026)."""


def app_routing_gateway(doc: ClusterDocument) -> bool:
    """Whether app routing serves Gateway API (Istio) instead of managed NGINX."""
    ingress = doc.spec.ingress
    if not ingress.app_routing:
        return False
    if ingress.app_routing_gateway is not None:
        return ingress.app_routing_gateway
    version = doc.spec.kubernetes_version
    if doc.spec.sku != "automatic" or version is None:
        return False
    major, minor = (int(part) for part in version.split(".")[:2])
    return (major, minor) >= GATEWAY_FROM


def cluster_identity(doc: ClusterDocument, control_plane_id: str | None) -> dict[str, Any]:
    if doc.spec.identity.control_plane == "userAssigned" and control_plane_id:
        return {"type": "UserAssigned", "userAssignedIdentities": {control_plane_id: {}}}
    return {"type": "SystemAssigned"}


def cluster_properties(
    doc: ClusterDocument,
    *,
    name: str,
    inline_pool: NodePool | None,
    subnets: SubnetIds,
    kubelet_identity: dict[str, str] | None,
    container_insights_workspace: str | None,
    defender_workspace: str | None,
) -> dict[str, Any]:
    spec = doc.spec
    net = spec.network
    api = spec.api_server
    sec = spec.security
    overlay_or_kubenet = net.plugin == "kubenet" or net.plugin_mode == "overlay"
    network: dict[str, Any] = {
        "networkPlugin": net.plugin,
        "networkPluginMode": net.plugin_mode,
        "networkDataplane": net.dataplane,
        "networkPolicy": net.policy,
        "podCidr": net.pod_cidr if overlay_or_kubenet else None,
        "serviceCidr": net.service_cidr,
        "dnsServiceIP": net.dns_service_ip,
        "outboundType": net.outbound_type,
    }
    if net.nat_gateway is not None and net.outbound_type == "managedNATGateway":
        network["natGatewayProfile"] = {
            "sku": net.nat_gateway.sku,
            "managedOutboundIPProfile": {"count": net.nat_gateway.outbound_ips},
            "idleTimeoutInMinutes": net.nat_gateway.idle_timeout_minutes,
        }
    if net.load_balancer is not None:
        lb = net.load_balancer
        network["loadBalancerProfile"] = {
            "managedOutboundIPs": {"count": lb.outbound_ips},
            "allocatedOutboundPorts": lb.allocated_outbound_ports,
            "idleTimeoutInMinutes": lb.idle_timeout_minutes,
            "backendPoolType": lb.backend_pool_type,
        }
    if net.advanced is not None:
        network["advancedNetworking"] = {
            "enabled": True,
            "observability": {"enabled": net.advanced.observability},
            "security": {"enabled": net.advanced.security},
        }
    body: dict[str, Any] = {
        "dnsPrefix": spec.dns_prefix or dns_prefix(name),
        "kubernetesVersion": spec.kubernetes_version,
        "supportPlan": spec.support_plan,
        "enableRBAC": True,
        "disableLocalAccounts": not sec.local_accounts,
        "networkProfile": network,
        "apiServerAccessProfile": {
            "enableVnetIntegration": api.vnet_integration,
            "subnetId": subnets.api_server if api.vnet_integration else None,
            "enablePrivateCluster": api.private_cluster,
            "privateDNSZone": api.private_dns_zone,
            "enablePrivateClusterPublicFQDN": api.public_fqdn,
            "authorizedIPRanges": list(api.authorized_ip_ranges) or None,
            "disableRunCommand": api.disable_run_command,
        },
        "oidcIssuerProfile": {"enabled": sec.oidc_issuer},
        "securityProfile": {
            "workloadIdentity": {"enabled": sec.workload_identity},
            "imageCleaner": {
                "enabled": sec.image_cleaner.enabled,
                "intervalHours": sec.image_cleaner.interval_hours,
            },
        },
        "autoUpgradeProfile": {
            "upgradeChannel": spec.upgrades.channel,
            "nodeOSUpgradeChannel": spec.upgrades.node_os_channel,
        },
        "nodeProvisioningProfile": {
            "mode": spec.node_provisioning.mode,
            "defaultNodePools": spec.node_provisioning.default_node_pools,
        },
        "workloadAutoScalerProfile": {
            "keda": {"enabled": spec.workload_autoscaler.keda},
            "verticalPodAutoscaler": {"enabled": spec.workload_autoscaler.vpa},
        },
        "nodeResourceGroup": spec.node_resource_group.name,
        "nodeResourceGroupProfile": {
            "restrictionLevel": spec.node_resource_group.restriction_level
        },
        "ingressProfile": {
            "webAppRouting": {
                "enabled": spec.ingress.app_routing,
                "dnsZoneResourceIds": list(spec.ingress.dns_zone_ids) or None,
                "nginx": {"defaultIngressControllerType": spec.ingress.nginx},
            },
        },
        "azureMonitorProfile": {
            "metrics": {"enabled": spec.monitoring.prometheus},
            "containerInsights": {
                "enabled": spec.monitoring.container_insights.enabled,
                "logAnalyticsWorkspaceResourceId": container_insights_workspace,
            },
        },
        "metricsProfile": {"costAnalysis": {"enabled": spec.monitoring.cost_analysis}},
    }
    if spec.ingress.gateway_api or app_routing_gateway(doc):
        body["ingressProfile"]["gatewayAPI"] = {"installation": "Standard"}
    if app_routing_gateway(doc):
        # Gateway API through app routing (Istio) replaces managed NGINX.
        routing = body["ingressProfile"]["webAppRouting"]
        routing.pop("nginx", None)
        routing["gatewayAPIImplementations"] = {"appRoutingIstio": {"mode": "Enabled"}}
    if sec.entra_id:
        body["aadProfile"] = {
            "managed": True,
            "enableAzureRBAC": sec.azure_rbac,
            "adminGroupObjectIDs": list(spec.access.admin_groups) or None,
            "tenantID": spec.access.tenant_id,
        }
    if sec.defender is not None:
        body["securityProfile"]["defender"] = {
            "logAnalyticsWorkspaceResourceId": defender_workspace,
            "securityMonitoring": {"enabled": sec.defender.enabled},
        }
    addons: dict[str, Any] = {}
    if sec.azure_policy:
        # Add-on key names are not in the API spec's schema (unconfirmed);
        # `azurepolicy` and `azureKeyvaultSecretsProvider` are the names az aks uses.
        addons["azurepolicy"] = {"enabled": True}
    if sec.key_vault_secrets_provider is not None and sec.key_vault_secrets_provider.enabled:
        addons["azureKeyvaultSecretsProvider"] = {
            "enabled": True,
            "config": {
                "enableSecretRotation": str(sec.key_vault_secrets_provider.rotation).lower()
            },
        }
    if addons:
        body["addonProfiles"] = addons
    if spec.autoscaler is not None:
        body["autoScalerProfile"] = autoscaler_profile(spec.autoscaler)
    if spec.node_provisioning.managed_system_pools:
        body["hostedSystemProfile"] = {
            "enabled": True,
            "systemNodeSubnetID": subnets.system,
            "nodeSubnetID": subnets.nodes,
        }
    if kubelet_identity is not None:
        body["identityProfile"] = {"kubeletidentity": kubelet_identity}
    if spec.storage is not None:
        st = spec.storage
        body["storageProfile"] = {
            "diskCSIDriver": {"enabled": st.disk_driver},
            "fileCSIDriver": {"enabled": st.file_driver},
            "blobCSIDriver": {"enabled": st.blob_driver},
            "snapshotController": {"enabled": st.snapshot_controller},
        }
    if inline_pool is not None:
        body["agentPoolProfiles"] = [
            {"name": inline_pool.name, **pool_properties(inline_pool, subnets)}
        ]
    return compact(body)


def cluster_sku(doc: ClusterDocument) -> dict[str, str]:
    return {"name": SKU_NAMES[doc.spec.sku], "tier": TIERS[doc.spec.tier]}
