"""Tests for the ARM request-body judge (tests/stacks/arm_judge.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Literal

import pytest
from arm_judge import judge
from azure.mgmt.containerservice import models as aks
from azure.mgmt.containerservice._utils.model_base import Model, rest_field
from azure.mgmt.containerservicefleet import models as fleet

UAMI = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"
    "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-kubelet"
)

MANAGED_CLUSTER: dict[str, Any] = {
    "location": "westeurope",
    "tags": {"env": "dev", "owner": "platform"},
    "sku": {"name": "Automatic", "tier": "Standard"},
    "identity": {"type": "SystemAssigned"},
    "properties": {
        "kubernetesVersion": "1.33",
        "dnsPrefix": "aks-kit-dev",
        "enableRBAC": True,
        "disableLocalAccounts": True,
        "supportPlan": "KubernetesOfficial",
        "agentPoolProfiles": [
            {
                "name": "system",
                "mode": "System",
                "count": 3,
                "vmSize": "Standard_D4ds_v5",
                "osType": "Linux",
                "osSKU": "AzureLinux",
                "type": "VirtualMachineScaleSets",
                "enableAutoScaling": True,
                "minCount": 3,
                "maxCount": 6,
                "availabilityZones": ["1", "2", "3"],
                "nodeLabels": {"kubernetes.azure.com/role": "system"},
                "nodeTaints": ["CriticalAddonsOnly=true:NoSchedule"],
                "upgradeSettings": {
                    "maxSurge": "33%",
                    "drainTimeoutInMinutes": 30,
                    "nodeSoakDurationInMinutes": 0,
                    "undrainableNodeBehavior": "Cordon",
                },
            }
        ],
        "networkProfile": {
            "networkPlugin": "azure",
            "networkPluginMode": "overlay",
            "networkDataplane": "cilium",
            "networkPolicy": "cilium",
            "podCidr": "10.244.0.0/16",
            "serviceCidr": "10.0.0.0/16",
            "dnsServiceIP": "10.0.0.10",
            "outboundType": "loadBalancer",
            "loadBalancerSku": "standard",
            "ipFamilies": ["IPv4"],
        },
        "autoScalerProfile": {
            "scan-interval": "10s",
            "scale-down-delay-after-add": "10m",
            "scale-down-utilization-threshold": "0.5",
            "balance-similar-node-groups": "true",
            "daemonset-eviction-for-empty-nodes": False,
            "expander": "least-waste",
        },
        "aadProfile": {
            "managed": True,
            "enableAzureRBAC": True,
            "adminGroupObjectIDs": ["11111111-1111-1111-1111-111111111111"],
            "tenantID": "22222222-2222-2222-2222-222222222222",
        },
        "securityProfile": {
            "imageCleaner": {"enabled": True, "intervalHours": 48},
            "workloadIdentity": {"enabled": True},
        },
        "oidcIssuerProfile": {"enabled": True},
        "hostedSystemProfile": {"enabled": True},
        "nodeProvisioningProfile": {"mode": "Auto"},
        "addonProfiles": {"azurepolicy": {"enabled": True, "config": {"version": "v2"}}},
        "autoUpgradeProfile": {"upgradeChannel": "stable", "nodeOSUpgradeChannel": "NodeImage"},
    },
}

AGENT_POOL: dict[str, Any] = {
    "properties": {
        "count": 2,
        "vmSize": "Standard_D8ds_v5",
        "mode": "User",
        "osType": "Linux",
        "osSKU": "Ubuntu2404",
        "enableAutoScaling": True,
        "minCount": 1,
        "maxCount": 10,
        "scaleSetPriority": "Spot",
        "scaleSetEvictionPolicy": "Delete",
        "spotMaxPrice": -1,
        "nodeLabels": {"workload": "batch"},
        "nodeTaints": ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"],
        "tags": {"env": "dev"},
        "upgradeSettings": {"maxSurge": "10%", "maxUnavailable": "0"},
    }
}

MAINTENANCE_CONFIGURATION: dict[str, Any] = {
    "properties": {
        "maintenanceWindow": {
            "schedule": {"weekly": {"intervalWeeks": 1, "dayOfWeek": "Sunday"}},
            "durationHours": 4,
            "utcOffset": "+00:00",
            "startDate": "2026-01-01",
            "startTime": "00:00",
            "notAllowedDates": [{"start": "2026-12-24", "end": "2026-12-26"}],
        }
    }
}


def _edit(body: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    edited = copy.deepcopy(body)
    change(edited)
    return edited


@pytest.mark.parametrize(
    ("body", "model"),
    [
        (MANAGED_CLUSTER, aks.ManagedCluster),
        (AGENT_POOL, aks.AgentPool),
        (MAINTENANCE_CONFIGURATION, aks.MaintenanceConfiguration),
    ],
    ids=["managed-cluster", "agent-pool", "maintenance-configuration"],
)
def test_valid_bodies_have_no_problems(body: dict[str, Any], model: type) -> None:
    assert judge(body, model) == []


def test_user_assigned_identities_and_identity_profile_recurse_into_dict_values() -> None:
    def change(b: dict[str, Any]) -> None:
        b["identity"] = {"type": "UserAssigned", "userAssignedIdentities": {UAMI: {}}}
        b["properties"]["identityProfile"] = {
            "kubeletidentity": {"resourceId": UAMI, "clientId": "c", "objectId": "o"}
        }

    assert judge(_edit(MANAGED_CLUSTER, change), aks.ManagedCluster) == []

    def bad(b: dict[str, Any]) -> None:
        change(b)
        b["identity"]["userAssignedIdentities"][UAMI]["principalId"] = "p"
        b["properties"]["identityProfile"]["kubeletidentity"]["clientID"] = "c"

    assert judge(_edit(MANAGED_CLUSTER, bad), aks.ManagedCluster) == [
        f"identity.userAssignedIdentities[{UAMI!r}].principalId: read-only field must not be sent",
        "properties.identityProfile.kubeletidentity.clientID: unknown key (did you mean clientId?)",
    ]


def _set_max_surgee(b: dict[str, Any]) -> None:
    b["properties"]["agentPoolProfiles"][0]["upgradeSettings"]["maxSurgee"] = "33%"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set_max_surgee,
            "properties.agentPoolProfiles[0].upgradeSettings.maxSurgee: unknown key "
            "(did you mean maxSurge?)",
        ),
        (
            lambda b: b["properties"]["networkProfile"].update(dnsServiceIp="10.0.0.10"),
            "properties.networkProfile.dnsServiceIp: unknown key (did you mean dnsServiceIP?)",
        ),
        (
            lambda b: b.update(dnsPrefix="flattened-by-mistake"),
            "dnsPrefix: unknown key",
        ),
        (
            lambda b: b["properties"]["networkProfile"].update(networkPlugin="azurex"),
            "properties.networkProfile.networkPlugin = 'azurex': "
            "not one of ['azure', 'kubenet', 'none']",
        ),
        (
            lambda b: b["sku"].update(name="automatic"),
            "sku.name = 'automatic': not one of ['Base', 'Automatic']",
        ),
        (
            lambda b: b["properties"]["networkProfile"].update(ipFamilies=["IPv5"]),
            "properties.networkProfile.ipFamilies[0] = 'IPv5': not one of ['IPv4', 'IPv6']",
        ),
        (
            lambda b: b["properties"]["agentPoolProfiles"][0].update(enableAutoScaling="true"),
            "properties.agentPoolProfiles[0].enableAutoScaling = 'true': expected bool, got str",
        ),
        (
            lambda b: b["properties"]["agentPoolProfiles"][0].update(count=True),
            "properties.agentPoolProfiles[0].count = True: expected int, got bool",
        ),
        (
            lambda b: b["properties"]["autoScalerProfile"].update(
                {"balance-similar-node-groups": True}
            ),
            "properties.autoScalerProfile.balance-similar-node-groups = True: "
            "expected str, got bool",
        ),
        (
            lambda b: b["tags"].update(cost=1),
            "tags.cost = 1: expected str, got int",
        ),
        (
            lambda b: b["properties"].update(networkProfile=["azure"]),
            "properties.networkProfile: expected object (ContainerServiceNetworkProfile), got list",
        ),
        (
            lambda b: b["properties"].update(agentPoolProfiles={"name": "system"}),
            "properties.agentPoolProfiles: expected list, got object",
        ),
        (
            lambda b: b["properties"]["addonProfiles"]["azurepolicy"].update(enabled=None),
            "properties.addonProfiles.azurepolicy.enabled: null is not allowed here",
        ),
        (
            lambda b: b["properties"].update(fqdn="aks-kit-dev.hcp.westeurope.azmk8s.io"),
            "properties.fqdn: read-only field must not be sent",
        ),
        (
            lambda b: b["properties"].update(provisioningState="Succeeded"),
            "properties.provisioningState: read-only field must not be sent",
        ),
        (
            lambda b: b.update(id="/subscriptions/x/resourceGroups/rg/providers/x/y/z"),
            "id: read-only field must not be sent",
        ),
    ],
)
def test_managed_cluster_problem(change: Callable[[dict[str, Any]], object], expected: str) -> None:
    assert judge(_edit(MANAGED_CLUSTER, change), aks.ManagedCluster) == [expected]


def test_optional_null_is_accepted() -> None:
    body = _edit(MANAGED_CLUSTER, lambda b: b["properties"].update(kubernetesVersion=None))
    assert judge(body, aks.ManagedCluster) == []


def test_agent_pool_and_maintenance_problems() -> None:
    pool = _edit(AGENT_POOL, lambda b: b["properties"].update(spotMaxPrice="-1", mode="user"))
    assert judge(pool, aks.AgentPool) == [
        "properties.mode = 'user': not one of ['System', 'User', 'Gateway']",
        "properties.spotMaxPrice = '-1': expected float, got str",
    ]
    window = MAINTENANCE_CONFIGURATION["properties"]["maintenanceWindow"]
    weekly = _edit(window, lambda w: w["schedule"]["weekly"].update(intervalWeeks=1.5))
    assert judge({"properties": {"maintenanceWindow": weekly}}, aks.MaintenanceConfiguration) == [
        "properties.maintenanceWindow.schedule.weekly.intervalWeeks = 1.5: expected int, got float"
    ]


def test_fleet_models_are_supported() -> None:
    body = {
        "location": "westeurope",
        "identity": {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": {UAMI: {}}},
        "properties": {"hubProfile": {"dnsPrefix": "fleet-dev"}},
    }
    assert judge(body, fleet.Fleet) == []
    body["properties"] = {"hubProfile": {"dnsPrefix": "fleet-dev", "fqdn": "x"}}
    assert judge(body, fleet.Fleet) == [
        "properties.hubProfile.fqdn: read-only field must not be sent"
    ]


class _Toy(Model):
    kind: Literal["a", "b"] = rest_field(name="kind")
    ratio: float | int | None = rest_field(name="ratio")
    child: _Toy | None = rest_field(name="child")  # a forward ref: _Toy is not defined yet


def test_literal_pep604_union_and_forward_ref_annotations() -> None:
    assert judge({"kind": "a", "ratio": 2, "child": {"kind": "b", "ratio": None}}, _Toy) == []
    assert judge({"kind": "c", "child": {"ratio": "x"}}, _Toy) == [
        "kind = 'c': not one of ['a', 'b']",
        "child.ratio = 'x': expected float, got str",
    ]


def test_rejects_non_model_class() -> None:
    with pytest.raises(TypeError):
        judge({}, dict)
