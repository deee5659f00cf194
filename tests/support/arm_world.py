"""A subscription as ARM would describe it, as routes for the local ARM server.

Response shapes follow the examples in Azure/azure-rest-api-specs:
containerservice .../examples/KubernetesVersions_List.json, ManagedClustersGet.json,
ManagedClustersGetUpgradeProfile.json, ManagedClustersListClusterUserCredentials.json;
compute .../Skus/.../examples/skus/ListAvailableResourceSkus.json and
.../ComputeRP/.../examples/usageExample/Usage_List_MaximumSet_Gen.json; network
.../examples/UsageList.json; resources .../examples/GetProviders.json and
features .../examples/getFeature.json.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from arm_server import Route

SUB = "00000000-0000-0000-0000-00000000000a"
PROVIDERS = (
    "Microsoft.ContainerService",
    "Microsoft.Network",
    "Microsoft.Compute",
    "Microsoft.OperationalInsights",
    "Microsoft.Monitor",
    "Microsoft.Insights",
    "Microsoft.PolicyInsights",
)

FAMILIES = {
    "Standard_D4ds_v5": ("standardDDSv5Family", 4),
    "Standard_D8ds_v5": ("standardDDSv5Family", 8),
    "Standard_D16ds_v5": ("standardDDSv5Family", 16),
    "Standard_D4s_v5": ("standardDSv5Family", 4),
    "Standard_D8s_v5": ("standardDSv5Family", 8),
    "Standard_D4as_v5": ("standardDASv5Family", 4),
    "Standard_D8as_v5": ("standardDASv5Family", 8),
    "Standard_D16as_v5": ("standardDASv5Family", 16),
    "Standard_E8ds_v5": ("standardEDSv5Family", 8),
    "Standard_DS2_v2": ("standardDSv2Family", 2),
    "Standard_D2s_v3": ("standardDSv3Family", 2),
    "Standard_D4s_v3": ("standardDSv3Family", 4),
}
LABELS = {
    "cores": "Total Regional vCPUs",
    "lowPriorityCores": "Total Regional Low-priority vCPUs",
    "PublicIPAddresses": "Public IP Addresses",
    "StaticPublicIPAddresses": "Static Public IP Addresses",
    "StandardSkuPublicIpAddresses": "Standard Sku Public IP Addresses",
    "NatGateways": "Nat Gateways",
    "LoadBalancers": "Load Balancers",
}


def versions_body() -> dict[str, Any]:
    def minor(version: str, patches: dict[str, list[str]], **extra: Any) -> dict[str, Any]:
        plans = extra.pop("plans", ["KubernetesOfficial", "AKSLongTermSupport"])
        return {
            "version": version,
            **extra,
            "capabilities": {"supportPlan": plans},
            "patchVersions": {p: {"upgrades": u} for p, u in patches.items()},
        }

    return {
        "values": [
            minor("1.29", {"1.29.15": []}, plans=["AKSLongTermSupport"]),
            minor("1.32", {"1.32.6": ["1.32.7", "1.33.3"], "1.32.7": ["1.33.3"]}),
            minor("1.33", {"1.33.3": ["1.34.1"]}, plans=["KubernetesOfficial"]),
            minor("1.34", {"1.34.1": ["1.35.0"]}, isDefault=True, plans=["KubernetesOfficial"]),
            minor("1.35", {"1.35.0": []}, isPreview=True, plans=["KubernetesOfficial"]),
        ]
    }


def sku(name: str, region: str, zones: list[str], restrictions: list[Any]) -> dict[str, Any]:
    family, vcpus = FAMILIES[name]
    return {
        "resourceType": "virtualMachines",
        "name": name,
        "tier": "Standard",
        "size": name.removeprefix("Standard_"),
        "family": family,
        "locations": [region],
        "locationInfo": [{"location": region, "zones": zones, "zoneDetails": []}],
        "capabilities": [
            {"name": "vCPUs", "value": str(vcpus)},
            {"name": "MemoryGB", "value": str(vcpus * 4)},
        ],
        "restrictions": restrictions,
    }


def zone_restriction(region: str, zones: list[str]) -> dict[str, Any]:
    return {
        "type": "Zone",
        "values": [region],
        "restrictionInfo": {"locations": [region], "zones": zones},
        "reasonCode": "NotAvailableForSubscription",
    }


def location_restriction(region: str) -> dict[str, Any]:
    return {
        "type": "Location",
        "values": [region],
        "restrictionInfo": {"locations": [region]},
        "reasonCode": "NotAvailableForSubscription",
    }


def usage(
    name: str, current: int, limit: int, region: str = "", network: bool = False
) -> dict[str, Any]:
    label = (
        LABELS.get(name)
        or f"Standard {name.removeprefix('standard').removesuffix('Family')} Family vCPUs"
    )
    item: dict[str, Any] = {
        "unit": "Count",
        "currentValue": current,
        "limit": limit,
        "name": {"value": name, "localizedValue": label},
    }
    if network:
        item["id"] = (
            f"/subscriptions/{SUB}/providers/Microsoft.Network/locations/{region}/usages/{name}"
        )
    return item


def cluster_body(
    name: str,
    group: str,
    region: str,
    *,
    entra: bool = False,
    pools: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"/subscriptions/{SUB}/resourcegroups/{group}/providers/Microsoft.ContainerService/managedClusters/{name}",
        "location": region,
        "name": name,
        "type": "Microsoft.ContainerService/ManagedClusters",
        "sku": {"name": "Base", "tier": "Standard"},
        "properties": {
            "provisioningState": "Succeeded",
            "powerState": {"code": "Running"},
            "kubernetesVersion": "1.33",
            "currentKubernetesVersion": "1.33.3",
            "dnsPrefix": "dnsprefix1",
            "fqdn": f"{name}-dns-abc123.hcp.{region}.azmk8s.io",
            "agentPoolProfiles": pools
            or [
                {
                    "name": "system",
                    "count": 3,
                    "vmSize": "Standard_D4ds_v5",
                    "mode": "System",
                    "osType": "Linux",
                    "enableAutoScaling": False,
                    "provisioningState": "Succeeded",
                    "powerState": {"code": "Running"},
                    "orchestratorVersion": "1.33",
                    "currentOrchestratorVersion": "1.33.3",
                },
                {
                    "name": "user",
                    "count": 5,
                    "minCount": 2,
                    "maxCount": 10,
                    "enableAutoScaling": True,
                    "vmSize": "Standard_D8ds_v5",
                    "mode": "User",
                    "osType": "Linux",
                    "provisioningState": "Upgrading",
                    "powerState": {"code": "Running"},
                    "orchestratorVersion": "1.33",
                    "currentOrchestratorVersion": "1.33.3",
                },
            ],
        },
    }
    if entra:
        body["properties"]["aadProfile"] = {"managed": True, "enableAzureRBAC": True}
    return body


KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: {name}
  cluster: {{server: 'https://{name}.hcp.eastus2.azmk8s.io:443', certificate-authority-data: Q0E=}}
users:
- name: clusterUser_{name}
  user: {user}
contexts:
- name: {name}
  context: {{cluster: {name}, user: clusterUser_{name}}}
current-context: {name}
"""


@dataclass
class World:
    """One subscription: per region its versions, VM sizes, usages; providers, features."""

    regions: dict[str, dict[str, Any]] = field(default_factory=dict)
    providers: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(PROVIDERS, "Registered")
    )
    features: dict[str, str] = field(default_factory=dict)
    clusters: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def region(
        self,
        name: str,
        *,
        vcpus: int = 100_000,
        family_vcpus: int = 100_000,
        in_use: int = 0,
        ips: int = 1000,
        nat: int = 100,
        zones: list[str] | None = None,
    ) -> World:
        zones = ["1", "2", "3"] if zones is None else zones
        self.regions[name] = {
            "skus": [sku(n, name, zones, []) for n in FAMILIES],
            "usages": [usage("cores", in_use, vcpus), usage("lowPriorityCores", 0, vcpus)]
            + [usage(f, in_use, family_vcpus) for f in sorted({f for f, _ in FAMILIES.values()})],
            "network": [
                usage("PublicIPAddresses", 2, ips, name, network=True),
                usage("StandardSkuPublicIpAddresses", 2, ips, name, network=True),
                usage("NatGateways", 0, nat, name, network=True),
                usage("LoadBalancers", 1, 1000, name, network=True),
            ],
        }
        return self

    def set_sku(self, region: str, name: str, zones: list[str], restrictions: list[Any]) -> None:
        skus = [s for s in self.regions[region]["skus"] if s["name"] != name]
        self.regions[region]["skus"] = [*skus, sku(name, region, zones, restrictions)]

    def drop_sku(self, region: str, name: str) -> None:
        self.regions[region]["skus"] = [
            s for s in self.regions[region]["skus"] if s["name"] != name
        ]

    def set_usage(
        self, region: str, name: str, current: int, limit: int, network: bool = False
    ) -> None:
        key = "network" if network else "usages"
        items = [u for u in self.regions[region][key] if u["name"]["value"] != name]
        self.regions[region][key] = [*items, usage(name, current, limit, region, network)]

    def routes(self) -> dict[str, Any]:
        base = f"/subscriptions/{SUB}/providers"
        routes: dict[str, Any] = {}
        sku_routes = []
        for region, data in self.regions.items():
            routes[f"{base}/Microsoft.ContainerService/locations/{region}/kubernetesVersions"] = (
                Route(200, versions_body())
            )
            sku_routes.append(Route(200, {"value": data["skus"]}, query=f"location eq '{region}'"))
            routes[f"{base}/Microsoft.Compute/locations/{region}/usages"] = Route(
                200, {"value": data["usages"]}
            )
            routes[f"{base}/Microsoft.Network/locations/{region}/usages"] = Route(
                200, {"value": data["network"]}
            )
        routes[f"{base}/Microsoft.Compute/skus"] = sku_routes
        routes[base] = Route(
            200,
            {
                "value": [
                    {
                        "id": f"{base}/{ns}",
                        "namespace": ns,
                        "registrationState": state,
                        "resourceTypes": [],
                    }
                    for ns, state in self.providers.items()
                ]
            },
        )
        for full, state in self.features.items():
            namespace, name = full.split("/")
            routes[f"{base}/Microsoft.Features/providers/{namespace}/features/{name}"] = Route(
                200,
                {
                    "properties": {"state": state},
                    "id": f"{base}/Microsoft.Features/providers/{namespace}/features/{name}",
                    "type": "Microsoft.Features/providers/features",
                    "name": full,
                },
            )
        listed = []
        for (group, name), body in self.clusters.items():
            path = f"/subscriptions/{SUB}/resourceGroups/{group}/providers/Microsoft.ContainerService/managedClusters/{name}"
            routes[path] = Route(200, body)
            routes[f"{path}/upgradeProfiles/default"] = Route(
                200,
                {
                    "id": f"{path}/upgradeprofiles/default",
                    "name": "default",
                    "type": "Microsoft.ContainerService/managedClusters/upgradeprofiles",
                    "properties": {
                        "controlPlaneProfile": {
                            "kubernetesVersion": "1.33.3",
                            "osType": "Linux",
                            "upgrades": [
                                {"kubernetesVersion": "1.34.1"},
                                {"kubernetesVersion": "1.33.4", "isPreview": False},
                            ],
                        },
                        "agentPoolProfiles": [
                            {
                                "name": p["name"],
                                "kubernetesVersion": "1.33.3",
                                "osType": "Linux",
                                "upgrades": [{"kubernetesVersion": "1.34.1"}],
                            }
                            for p in body["properties"]["agentPoolProfiles"]
                        ],
                    },
                },
            )
            entra = "aadProfile" in body["properties"]
            user = (
                "{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin, args: [get-token, --login, azurecli]}}"
                if entra
                else "{token: secret-token-value}"
            )
            config = KUBECONFIG.format(name=name, user=user)
            routes[f"{path}/listClusterUserCredential"] = Route(
                200,
                {
                    "kubeconfigs": [
                        {"name": "clusterUser", "value": base64.b64encode(config.encode()).decode()}
                    ]
                },
                method="POST",
            )
            listed.append(body)
        routes[f"{base}/Microsoft.ContainerService/managedClusters"] = Route(200, {"value": listed})
        routes.update(self.extra)
        return routes
