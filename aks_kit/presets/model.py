"""The cluster spec as pydantic models: strict, camelCase, documented.

Model defaults are Azure's own API defaults, so a bare spec means what a bare ARM request
means; opinions live in the presets. Fields left `None` are not sent to Azure at all.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

API_VERSION: Literal["aks-kit/v1"] = "aks-kit/v1"
DEFAULT_LOCATION = "eastus2"
GUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
ARM_ID = r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/.+$"


class SpecModel(BaseModel):
    """Strict camelCase base: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
        strict=True,
        use_attribute_docstrings=True,
    )


def _cidr(value: str) -> str:
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"not a valid CIDR ({exc})") from None
    if network.version != 4:
        raise ValueError("only IPv4 ranges are supported")
    return value


def _str_from_scalar(value: Any) -> Any:
    """YAML reads `zones: [1, 2]` and `maxSurge: 1` as ints; both mean strings here."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Cidr = Annotated[str, Field(json_schema_extra={"format": "cidr"})]
ArmId = Annotated[str, Field(pattern=ARM_ID)]
ObjectId = Annotated[str, Field(pattern=GUID)]
Zone = Annotated[Literal["1", "2", "3"], BeforeValidator(_str_from_scalar)]
Surge = Annotated[str, BeforeValidator(_str_from_scalar)]
Duration = Annotated[str, Field(pattern=r"^[0-9]+(s|m|h)$")]


# --------------------------------------------------------------------------- metadata


class Metadata(SpecModel):
    name: str = Field(
        default="aks-cluster",
        pattern=r"^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$",
    )
    """Cluster name (1-63 letters, digits, `-`, `_`). Default: `aks-<preset or file stem>`."""
    location: str = Field(default=DEFAULT_LOCATION, pattern=r"^[a-z][a-z0-9]{1,39}$")
    """Azure region, e.g. `eastus2` (the default, like eksctl's default region)."""
    resource_group: str = Field(default="", pattern=r"^$|^[-\w._()]{0,89}[-\w_()]$")
    """Resource group. Default: `rg-<name>`."""
    tags: dict[str, str] = Field(default_factory=dict)
    protect: bool = True
    """Protect the cluster from deletion (Pulumi `protect`); `false` for throwaway clusters."""
    create_resource_group: bool = True
    """`false` deploys into a resource group that already exists."""


# --------------------------------------------------------------------------- network


class NatGateway(SpecModel):
    """Managed or user-assigned NAT gateway egress (64,512 SNAT ports per IP, shared)."""

    sku: Literal["Standard", "StandardV2"] = "Standard"
    outbound_ips: int = Field(default=1, ge=1, le=16, alias="outboundIPs")
    idle_timeout_minutes: int = Field(default=4, ge=4, le=120)


class LoadBalancer(SpecModel):
    """Standard load balancer egress: ports per node x nodes <= 64,000 x outbound IPs."""

    outbound_ips: int = Field(default=1, ge=1, le=100, alias="outboundIPs")
    allocated_outbound_ports: int = Field(default=0, ge=0, le=64000)
    """SNAT ports per node, a multiple of 8; 0 lets Azure size them by pool size."""
    idle_timeout_minutes: int = Field(default=30, ge=4, le=120)
    backend_pool_type: Literal["NodeIPConfiguration", "NodeIP"] | None = None


class Subnet(SpecModel):
    """A subnet aks-kit creates (`cidr`) or one that exists (`id`, optionally with `cidr`)."""

    name: str | None = None
    cidr: Cidr | None = None
    id: ArmId | None = None

    _check_cidr = field_validator("cidr")(lambda v: v if v is None else _cidr(v))


class VirtualNetwork(SpecModel):
    """A custom VNet. With `addressSpace` aks-kit creates it; without, subnets carry ids."""

    name: str | None = None
    address_space: list[Cidr] = Field(default_factory=list)
    node_subnet: Subnet
    api_server_subnet: Subnet | None = None
    """Delegated to Microsoft.ContainerService/managedClusters, at least /28."""
    pod_subnet: Subnet | None = None
    """Azure CNI with a pod subnet (dynamic IP allocation); not with overlay."""
    system_subnet: Subnet | None = None
    """AKS Automatic's managed system node pools (`hostedSystemProfile`); AKS's own default
    is a /26."""
    egress_next_hop: str | None = None
    """With `outboundType: userDefinedRouting` on a VNet aks-kit creates: the private IP of
    the firewall or appliance that 0.0.0.0/0 is routed to (aks-kit renders the route table)."""

    @field_validator("egress_next_hop")
    @classmethod
    def _check_next_hop(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ipaddress.IPv4Address(value)
            except ValueError:
                raise ValueError("not a valid IPv4 address") from None
        return value

    @field_validator("address_space")
    @classmethod
    def _check_space(cls, value: list[str]) -> list[str]:
        return [_cidr(v) for v in value]


class AdvancedNetworking(SpecModel):
    """Advanced Container Networking Services (Cilium only)."""

    observability: bool = False
    security: bool = False


class Network(SpecModel):
    plugin: Literal["azure", "kubenet", "none"] = "kubenet"
    """Azure's API default is kubenet (retiring 2028-03-31, 400 nodes): presets choose azure."""
    plugin_mode: Literal["overlay"] | None = None
    dataplane: Literal["azure", "cilium"] = "azure"
    policy: Literal["none", "calico", "azure", "cilium"] = "none"
    pod_cidr: Cidr | None = None
    """Pod range for overlay or kubenet (one /24 per node). Azure default 10.244.0.0/16."""
    service_cidr: Cidr = "10.0.0.0/16"
    dns_service_ip: str = Field(default="10.0.0.10", alias="dnsServiceIP")
    outbound_type: Literal[
        "loadBalancer",
        "managedNATGateway",
        "userAssignedNATGateway",
        "userDefinedRouting",
        "none",
    ] = "loadBalancer"
    nat_gateway: NatGateway | None = None
    load_balancer: LoadBalancer | None = None
    vnet: VirtualNetwork | None = None
    """Absent: AKS manages the VNet."""
    peer_with: list[str] = Field(default_factory=list)
    """In a fleet: members whose VNets you peer with this one. aks-kit renders no peering; it
    checks that the address plans don't overlap."""
    advanced: AdvancedNetworking | None = None

    @field_validator("pod_cidr", "service_cidr")
    @classmethod
    def _check_cidr(cls, value: str | None) -> str | None:
        return value if value is None else _cidr(value)

    @field_validator("dns_service_ip")
    @classmethod
    def _check_ip(cls, value: str) -> str:
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            raise ValueError("not a valid IPv4 address") from None
        return value


class ApiServer(SpecModel):
    vnet_integration: bool = False
    """API server VNet integration (an internal LB in a delegated subnet)."""
    private_cluster: bool = False
    private_dns_zone: str | None = None
    """`system`, `none`, or the resource id of your own private DNS zone."""
    public_fqdn: bool | None = None
    authorized_ip_ranges: list[Cidr] = Field(default_factory=list, alias="authorizedIPRanges")
    disable_run_command: bool | None = None

    @field_validator("authorized_ip_ranges")
    @classmethod
    def _check_ranges(cls, value: list[str]) -> list[str]:
        return [_cidr(v) for v in value]


# --------------------------------------------------------------------------- identity, access


class Identity(SpecModel):
    control_plane: Literal["systemAssigned", "userAssigned"] = "systemAssigned"
    """`userAssigned`: aks-kit creates the identity and grants it what AKS needs (required
    with a custom VNet or your own private DNS zone, so the grants exist before the cluster)."""
    kubelet: Literal["managed", "userAssigned"] = "managed"
    """`userAssigned`: aks-kit creates the kubelet identity (needs a user-assigned control
    plane, which gets Managed Identity Operator on it)."""


class Access(SpecModel):
    admins: list[ObjectId] = Field(default_factory=list)
    """Entra user object ids granted "Azure Kubernetes Service RBAC Cluster Admin"."""
    admin_groups: list[ObjectId] = Field(default_factory=list)
    """Entra group ids for `aadProfile.adminGroupObjectIDs`."""
    grant_deployer: bool = True
    """Also grant cluster admin to whoever deploys (like `az aks create`)."""
    deployer_type: Literal["User", "ServicePrincipal"] = "User"
    """What deploys: a person (`User`), or CI signed in as an app (`ServicePrincipal`)."""
    tenant_id: ObjectId | None = None


class ImageCleaner(SpecModel):
    enabled: bool = False
    interval_hours: int | None = Field(default=None, ge=24, le=2160)


class Defender(SpecModel):
    enabled: bool = False
    log_analytics_workspace_id: ArmId | None = None


class KeyVaultSecretsProvider(SpecModel):
    enabled: bool = False
    rotation: bool = False


class Security(SpecModel):
    entra_id: bool = False
    """Managed Entra ID integration (`aadProfile.managed`)."""
    azure_rbac: bool = False
    """Azure RBAC for Kubernetes authorization (needs `entraId`)."""
    local_accounts: bool = True
    workload_identity: bool = False
    oidc_issuer: bool = False
    image_cleaner: ImageCleaner = Field(default_factory=ImageCleaner)
    defender: Defender | None = None
    azure_policy: bool = False
    """The Azure Policy add-on (deployment safeguards need it)."""
    key_vault_secrets_provider: KeyVaultSecretsProvider | None = None


# --------------------------------------------------------------------------- node pools


class NodePool(SpecModel):
    name: str
    """`^[a-z][a-z0-9]{0,11}$`; Windows pools 6 characters at most."""
    mode: Literal["system", "user", "gateway"] = "user"
    vm_size: str = "Standard_D4ds_v5"
    count: int | None = Field(default=None, ge=0)
    """Fixed size; with minCount/maxCount the starting size (AKS owns it afterwards)."""
    min_count: int | None = Field(default=None, ge=0)
    max_count: int | None = Field(default=None, ge=0)
    """Setting minCount and maxCount turns the cluster autoscaler on for the pool."""
    zones: list[Zone] = Field(default_factory=list)
    max_pods: int | None = None
    os_type: Literal["Linux", "Windows"] = "Linux"
    os_sku: (
        Literal[
            "Ubuntu",
            "Ubuntu2204",
            "Ubuntu2404",
            "AzureLinux",
            "AzureLinux3",
            "AzureContainerLinux",
            "Windows2019",
            "Windows2022",
            "Windows2025",
        ]
        | None
    ) = None
    os_disk_type: Literal["Managed", "Ephemeral"] | None = None
    os_disk_size_gb: int | None = Field(default=None, ge=0, le=2048, alias="osDiskSizeGB")
    kubelet_disk_type: Literal["OS", "Temporary"] | None = None
    spot: bool = False
    spot_max_price: float | None = None
    """-1 (Azure's default) pays up to the on-demand price."""
    eviction_policy: Literal["Delete", "Deallocate"] | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    taints: list[str] = Field(default_factory=list)
    """`key=value:Effect`, Effect one of NoSchedule, PreferNoSchedule, NoExecute."""
    tags: dict[str, str] = Field(default_factory=dict)
    max_surge: Surge | None = None
    """Extra nodes during upgrades: a count (`1`) or a percentage (`10%`); Azure: 10%."""
    max_unavailable: Surge | None = None
    drain_timeout_in_minutes: int | None = Field(default=None, ge=1, le=1440)
    node_soak_duration_in_minutes: int | None = Field(default=None, ge=0, le=30)
    undrainable_node_behavior: Literal["Cordon", "Schedule"] | None = None
    scale_down_mode: Literal["Delete", "Deallocate"] | None = None
    pod_ip_allocation_mode: Literal["DynamicIndividual", "StaticBlock"] | None = Field(
        default=None, alias="podIPAllocationMode"
    )
    encryption_at_host: bool | None = None
    fips: bool | None = None
    local_dns: Literal["Disabled", "Preferred", "Required"] | None = Field(
        default=None, alias="localDNS"
    )
    kubernetes_version: str | None = Field(default=None, pattern=r"^\d+\.\d+(\.\d+)?$")
    inline: bool | None = None
    """`false` renders a system pool as its own agentPools resource, never inside the cluster
    (the first step of moving AKS Automatic to Base); unset: the first system pool of a Base
    cluster goes inline."""

    @field_validator("taints")
    @classmethod
    def _check_taints(cls, value: list[str]) -> list[str]:
        for taint in value:
            if not re.fullmatch(
                r"[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)",
                taint,
            ):
                raise ValueError(
                    f"taint {taint!r} is not key=value:Effect "
                    "(Effect: NoSchedule, PreferNoSchedule or NoExecute)"
                )
        return value

    @property
    def autoscaling(self) -> bool:
        return self.min_count is not None or self.max_count is not None

    @property
    def max_nodes(self) -> int:
        """The most nodes the pool may hold: maxCount when autoscaled, else count."""
        if self.autoscaling:
            return self.max_count or 0
        return self.count if self.count is not None else (1 if self.mode == "system" else 0)

    @property
    def min_nodes(self) -> int:
        if self.autoscaling:
            return self.min_count or 0
        return self.max_nodes


# --------------------------------------------------------------------------- scaling, upgrades


class NodeProvisioning(SpecModel):
    mode: Literal["Manual", "Auto"] = "Manual"
    """`Auto` is node auto-provisioning (managed Karpenter): no autoscaling pools."""
    default_node_pools: Literal["Auto", "None"] | None = None
    managed_system_pools: bool = False
    """Managed system node pools (`hostedSystemProfile`): AKS hosts the system nodes."""


class AutoscalerProfile(SpecModel):
    """Cluster-autoscaler settings (cluster-wide); only the keys you set are sent."""

    scan_interval: Duration | None = None
    scale_down_delay_after_add: Duration | None = None
    scale_down_delay_after_delete: Duration | None = None
    scale_down_delay_after_failure: Duration | None = None
    scale_down_unneeded_time: Duration | None = None
    scale_down_unready_time: Duration | None = None
    scale_down_utilization_threshold: float | None = Field(default=None, gt=0, le=1)
    max_graceful_termination_sec: int | None = Field(default=None, ge=0)
    max_node_provision_time: Annotated[str, Field(pattern=r"^[0-9]+m$")] | None = None
    """Whole minutes only, e.g. `15m`."""
    max_empty_bulk_delete: int | None = Field(default=None, ge=1)
    max_total_unready_percentage: int | None = Field(default=None, ge=0, le=100)
    ok_total_unready_count: int | None = Field(default=None, ge=0)
    new_pod_scale_up_delay: Duration | None = None
    expander: Literal["least-waste", "most-pods", "priority", "random"] | None = None
    balance_similar_node_groups: bool | None = None
    skip_nodes_with_local_storage: bool | None = None
    skip_nodes_with_system_pods: bool | None = None
    ignore_daemonsets_utilization: bool | None = None
    daemonset_eviction_for_empty_nodes: bool | None = None
    daemonset_eviction_for_occupied_nodes: bool | None = None


class WorkloadAutoscaler(SpecModel):
    keda: bool = False
    vpa: bool = False


class MaintenanceWindow(SpecModel):
    """A window for `aksManagedAutoUpgradeSchedule` / `aksManagedNodeOSUpgradeSchedule`."""

    frequency: Literal["daily", "weekly", "absoluteMonthly", "relativeMonthly"] = "weekly"
    interval: int = Field(default=1, ge=1)
    """Every N days / weeks / months."""
    day_of_week: (
        Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] | None
    ) = None
    day_of_month: int | None = Field(default=None, ge=1, le=31)
    week_index: Literal["First", "Second", "Third", "Fourth", "Last"] | None = None
    start_time: str = Field(default="00:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    duration_hours: int = Field(default=4, ge=4, le=24)
    utc_offset: str | None = Field(default=None, pattern=r"^[+-](0[0-9]|1[0-4]):[0-5][0-9]$")
    start_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    not_allowed: list[DateSpan] = Field(default_factory=list)


class DateSpan(SpecModel):
    start: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    end: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class Upgrades(SpecModel):
    channel: Literal["none", "patch", "stable", "rapid", "node-image"] = "none"
    node_os_channel: Literal["None", "Unmanaged", "NodeImage", "SecurityPatch"] = Field(
        default="NodeImage", alias="nodeOSChannel"
    )
    auto_upgrade_window: MaintenanceWindow | None = None
    node_os_upgrade_window: MaintenanceWindow | None = Field(
        default=None, alias="nodeOSUpgradeWindow"
    )


# --------------------------------------------------------------------------- observability etc.


class ContainerInsights(SpecModel):
    enabled: bool = False
    log_analytics_workspace_id: ArmId | None = None
    """An existing workspace; without it aks-kit creates one."""


class DiagnosticLogs(SpecModel):
    enabled: bool = False
    categories: list[str] = Field(
        default_factory=lambda: ["kube-audit-admin", "guard", "cluster-autoscaler"]
    )
    log_analytics_workspace_id: ArmId | None = None
    retention_days: int | None = Field(default=None, ge=30, le=730)


class Monitoring(SpecModel):
    prometheus: bool = False
    """Azure Managed Prometheus (an Azure Monitor workspace and its rules)."""
    container_insights: ContainerInsights = Field(default_factory=ContainerInsights)
    diagnostic_logs: DiagnosticLogs = Field(default_factory=DiagnosticLogs)
    cost_analysis: bool = False
    """Standard and Premium tiers only."""


class Ingress(SpecModel):
    app_routing: bool = False
    """The application routing add-on (managed NGINX / Gateway API)."""
    nginx: Literal["AnnotationControlled", "External", "Internal", "None"] | None = None
    dns_zone_ids: list[ArmId] = Field(default_factory=list, max_length=5)
    gateway_api: bool = False
    """Install the managed Gateway API CRDs (`ingressProfile.gatewayAPI`)."""
    app_routing_gateway: bool | None = None
    """Gateway API through the app routing add-on (Istio) instead of managed NGINX, whose
    Azure support ends in November 2026. Unset: on for AKS Automatic from Kubernetes 1.36."""


class NodeResourceGroup(SpecModel):
    name: str | None = None
    restriction_level: Literal["Unrestricted", "ReadOnly"] = "Unrestricted"


class Storage(SpecModel):
    disk_driver: bool | None = None
    file_driver: bool | None = None
    blob_driver: bool | None = None
    snapshot_controller: bool | None = None


# --------------------------------------------------------------------------- the spec


class ClusterSpec(SpecModel):
    sku: Literal["base", "automatic"] = "base"
    """`base` (AKS Standard) or `automatic` (AKS Automatic), as `az aks create --sku`."""
    tier: Literal["free", "standard", "premium"] = "free"
    support_plan: Literal["KubernetesOfficial", "AKSLongTermSupport"] = "KubernetesOfficial"
    # UNCONFIRMED: the LTS enum value `AKSLongTermSupport` was not read from the API spec
    # (facts.LTS_NEEDS_PREMIUM); the rule requiring Premium for it rests on the LTS page.
    kubernetes_version: str | None = Field(default=None, pattern=r"^\d+\.\d+(\.\d+)?$")
    """Omit for the region's default; `1.34` follows patches, `1.34.2` pins one."""
    dns_prefix: str | None = None
    network: Network = Field(default_factory=Network)
    api_server: ApiServer = Field(default_factory=ApiServer)
    identity: Identity = Field(default_factory=Identity)
    access: Access = Field(default_factory=Access)
    security: Security = Field(default_factory=Security)
    node_pools: list[NodePool] = Field(default_factory=list)
    node_provisioning: NodeProvisioning = Field(default_factory=NodeProvisioning)
    autoscaler: AutoscalerProfile | None = None
    workload_autoscaler: WorkloadAutoscaler = Field(default_factory=WorkloadAutoscaler)
    upgrades: Upgrades = Field(default_factory=Upgrades)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    ingress: Ingress = Field(default_factory=Ingress)
    node_resource_group: NodeResourceGroup = Field(default_factory=NodeResourceGroup)
    storage: Storage | None = None

    def pool_nodes(self) -> tuple[int, int]:
        """(min, max) nodes over all user-defined pools."""
        return (
            sum(p.min_nodes for p in self.node_pools),
            sum(p.max_nodes for p in self.node_pools),
        )


class ClusterDocument(SpecModel):
    """`kind: Cluster`: the resolved, validated document every command works from."""

    api_version: Literal["aks-kit/v1"] = API_VERSION
    kind: Literal["Cluster"] = "Cluster"
    metadata: Metadata = Field(default_factory=Metadata)
    spec: ClusterSpec = Field(default_factory=ClusterSpec)

    def dump(self) -> dict[str, Any]:
        """The document as users write it: camelCase, unset optional fields left out."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


# --------------------------------------------------------------------------- file kinds
# Preset and Fleet files are merged as plain data and validated once, as Clusters, at the
# end of the resolve pipeline (presets/resolve.py); these models give the JSON Schema and
# the top-level keys.


class PresetMetadata(SpecModel):
    name: str | None = None
    location: str | None = None
    resource_group: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    protect: bool | None = None
    create_resource_group: bool | None = None


class ClusterFile(SpecModel):
    api_version: Literal["aks-kit/v1"]
    kind: Literal["Cluster"]
    extends: str | None = None
    """A preset name, or a path (contains `/` or ends in .yaml) relative to this file."""
    metadata: PresetMetadata | None = None
    spec: ClusterSpec | None = None


class PresetFile(SpecModel):
    api_version: Literal["aks-kit/v1"]
    kind: Literal["Preset"]
    description: str | None = None
    """Who the preset is for, shown by `aks-kit presets list`."""
    extends: str | None = None
    locked: list[str] = Field(default_factory=list)
    """Paths layers below this preset may not change."""
    metadata: PresetMetadata | None = None
    spec: ClusterSpec | None = None


class FleetMember(SpecModel):
    name: str = Field(pattern=r"^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$")
    extends: str | None = None
    """The preset (or path) this member's cluster starts from."""
    group: str = Field(default="default", pattern=r"^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$")
    """The update group (stages of the update strategy name groups)."""
    metadata: PresetMetadata | None = None
    spec: ClusterSpec | None = None
    """What differs from the preset: name, location, zones, CIDRs, pools."""


class FleetMetadata(SpecModel):
    name: str = Field(pattern=r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
    location: str = Field(default=DEFAULT_LOCATION, pattern=r"^[a-z][a-z0-9]{1,39}$")
    resource_group: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    protect: bool = True
    """Protect the Fleet Manager resource from deletion (members protect their clusters)."""


class UpdateStage(SpecModel):
    name: str = Field(pattern=r"^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$")
    groups: list[str] = Field(min_length=1, max_length=50)
    """Update groups updated together (at most 50 per stage)."""
    after_stage_wait_in_seconds: int | None = Field(default=None, ge=0, le=3600)
    """Wait after this stage finishes, before the next stage starts (a wait on the last stage
    delays nothing)."""


class UpdateStrategy(SpecModel):
    """Stages run in order, e.g. canary -> wave1 -> wave2."""

    stages: list[UpdateStage] = Field(min_length=1)


class FleetAutoUpgrade(SpecModel):
    """Fleet-driven upgrades: new versions roll out through the update strategy when there is
    one, else to every member at once. `updateStrategy` and `nodeImageSelection` are fixed when
    the profile is created."""

    channel: Literal["Stable", "Rapid", "NodeImage", "TargetKubernetesVersion"] = "Stable"
    target_kubernetes_version: str | None = Field(default=None, pattern=r"^\d+\.\d+$")
    """With `channel: TargetKubernetesVersion`: the minor version to keep members on
    (e.g. "1.34"); the fleet upgrades them to its latest patch."""
    node_image_selection: Literal["Latest", "Consistent"] = "Latest"
    disabled: bool = False

    @model_validator(mode="after")
    def _target_version(self) -> FleetAutoUpgrade:
        targeted = self.channel == "TargetKubernetesVersion"
        if targeted and self.target_kubernetes_version is None:
            raise ValueError("channel TargetKubernetesVersion needs targetKubernetesVersion")
        if not targeted and self.target_kubernetes_version is not None:
            raise ValueError("targetKubernetesVersion needs channel: TargetKubernetesVersion")
        return self


class FleetSpec(SpecModel):
    hub: bool = False
    """A hub cluster adds workload placement; a hub fleet cannot drop it later."""
    members: list[FleetMember] = Field(min_length=1)
    update_strategy: UpdateStrategy | None = None
    auto_upgrade: FleetAutoUpgrade | None = None
    """Fleet-driven upgrades; members on AKS Automatic upgrade themselves."""


class FleetFile(SpecModel):
    api_version: Literal["aks-kit/v1"]
    kind: Literal["Fleet"]
    metadata: FleetMetadata
    spec: FleetSpec

    @property
    def resource_group(self) -> str:
        """The fleet's resource group: as set, or `rg-<fleet name>`."""
        return self.metadata.resource_group or f"rg-{self.metadata.name}"

    def outline(self) -> dict[str, Any]:
        """The fleet without its members' specs: what the fleet's own stack needs."""
        data = self.model_dump(by_alias=True, exclude_none=True, mode="json")
        for member in data["spec"]["members"]:
            member.pop("metadata", None)
            member.pop("spec", None)
        return data


FILE_KINDS: dict[str, type[SpecModel]] = {
    "Cluster": ClusterFile,
    "Preset": PresetFile,
    "Fleet": FleetFile,
}
