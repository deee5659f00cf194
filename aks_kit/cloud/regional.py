"""What a subscription has in a region, read once per region and subscription and cached:
VM sizes (the compute resource SKUs API), vCPU usages and limits (compute usages), network
usages (public IPs, NAT gateways), resource providers and preview features.

A fleet of any size costs a fixed number of reads per region, not one per pool or member.
Response shapes: Azure/azure-rest-api-specs, specification/compute/.../Skus and
.../ComputeRP (`Usage_List`), specification/network/.../ (`UsageList`),
specification/resources/.../ (`Providers_List`, `Features_Get`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from .arm import (
    READ_CLUSTERS,
    READ_COMPUTE_USAGES,
    READ_FEATURES,
    READ_NETWORK_USAGES,
    READ_PROVIDERS,
    READ_SKUS,
    arm_errors,
    resource_group_of,
    text,
)
from .versions import KubernetesVersion, region_versions

if TYPE_CHECKING:
    from .session import Session


PARALLEL_READS = 8


@dataclass(frozen=True)
class VmSku:
    name: str
    family: str
    vcpus: int
    zones: frozenset[str]
    """Zones the size is offered in (in this region)."""
    restricted: str | None
    """Why the size is not offered to this subscription in the region at all, if it is not."""
    restricted_zones: frozenset[str] = frozenset()
    """Zones where it is not offered to this subscription."""


@dataclass(frozen=True)
class Usage:
    name: str
    """The quota's name, e.g. `standardDDSv5Family`, `cores`, `PublicIPAddresses`."""
    label: str
    """Its localized name, e.g. `Standard DDSv5 Family vCPUs`."""
    current: int
    limit: int


@dataclass
class RegionalFacts:
    """Cached reads for one session (one subscription). `reads` counts the distinct reads."""

    session: Session
    reads: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def _once(self, key: tuple[str, ...], read: Any) -> Any:
        if key not in self._cache:
            self.reads.append("/".join(key))
            self._cache[key] = read()
        return self._cache[key]

    @property
    def subscription(self) -> str:
        return self.session.subscription_id

    def prefetch(self, regions: Iterable[str], *, features: Iterable[tuple[str, str]] = ()) -> None:
        """Every read the checks will make, at once: ARM answers them in parallel (each
        distinct read still once). The first failure is raised, as a sequential read would."""
        from concurrent.futures import ThreadPoolExecutor

        reads: list[Callable[[], object]] = [self.providers, lambda: self.cluster("", "")]
        for region in sorted(set(regions)):
            for read in (self.versions, self.vm_skus, self.compute_usages, self.network_usages):
                reads.append(partial(read, region))
        reads.extend(partial(self.feature_state, ns, name) for ns, name in set(features))
        with ThreadPoolExecutor(max_workers=PARALLEL_READS) as pool:
            for future in [pool.submit(read) for read in reads]:
                future.result()

    def versions(self, location: str) -> list[KubernetesVersion]:
        return list(
            self._once(("versions", location), lambda: region_versions(self.session, location))
        )

    def vm_skus(self, location: str) -> dict[str, VmSku]:
        """The region's VM sizes by lower-case name."""
        return dict(self._once(("skus", location), lambda: self._read_skus(location)))

    def _read_skus(self, location: str) -> dict[str, VmSku]:
        client = self.session.client("compute")
        out: dict[str, VmSku] = {}
        with arm_errors(f"VM sizes in {location}", READ_SKUS, self.subscription):
            for sku in client.resource_skus.list(filter=f"location eq '{location}'"):
                if text(sku.resource_type).lower() != "virtualmachines" or not sku.name:
                    continue
                out[sku.name.lower()] = _vm_sku(sku, location)
        return out

    def compute_usages(self, location: str) -> dict[str, Usage]:
        def read() -> dict[str, Usage]:
            client = self.session.client("compute")
            with arm_errors(f"vCPU quota in {location}", READ_COMPUTE_USAGES, self.subscription):
                return _usages(client.usage.list(location))

        return dict(self._once(("compute-usages", location), read))

    def network_usages(self, location: str) -> dict[str, Usage]:
        def read() -> dict[str, Usage]:
            client = self.session.client("network")
            with arm_errors(f"network quota in {location}", READ_NETWORK_USAGES, self.subscription):
                return _usages(client.usages.list(location))

        return dict(self._once(("network-usages", location), read))

    def providers(self) -> dict[str, str]:
        """Each resource provider's registration state, by lower-case namespace."""

        def read() -> dict[str, str]:
            client = self.session.client("resources")
            with arm_errors("resource providers", READ_PROVIDERS, self.subscription):
                return {
                    str(p.namespace).lower(): text(p.registration_state, "NotRegistered")
                    for p in client.providers.list()
                    if p.namespace
                }

        return dict(self._once(("providers",), read))

    def feature_state(self, namespace: str, name: str) -> str:
        """A preview feature's state (`Registered`, `NotRegistered`, `Pending`, ...)."""
        from azure.core.exceptions import ResourceNotFoundError

        def read() -> str:
            client = self.session.client("features")
            with arm_errors(f"feature {namespace}/{name}", READ_FEATURES, self.subscription):
                try:
                    result = client.features.get(namespace, name)
                except ResourceNotFoundError:
                    return "NotFound"
            return text(result.properties.state if result.properties else None, "Unknown")

        return str(self._once(("feature", namespace, name), read))

    def cluster(self, resource_group: str, name: str) -> Any | None:
        """The managed cluster, or None when it does not exist (yet). One paged list of the
        subscription's clusters answers for every member of a fleet."""

        def read() -> dict[tuple[str, str], Any]:
            client = self.session.client("containerservice")
            with arm_errors("listing clusters", READ_CLUSTERS, self.subscription):
                return {
                    (resource_group_of(str(c.id)).lower(), str(c.name).lower()): c
                    for c in client.managed_clusters.list()
                }

        clusters = self._once(("clusters",), read)
        return clusters.get((resource_group.lower(), name.lower()))


def _vm_sku(sku: Any, location: str) -> VmSku:
    zones: set[str] = set()
    for info in sku.location_info or []:
        if (info.location or "").lower() == location.lower():
            zones.update(str(z) for z in info.zones or [])
    vcpus = 0
    for capability in sku.capabilities or []:
        if capability.name == "vCPUs":
            try:
                vcpus = int(str(capability.value))
            except ValueError:
                vcpus = 0
    restricted: str | None = None
    restricted_zones: set[str] = set()
    for restriction in sku.restrictions or []:
        kind = text(restriction.type)
        reason = text(restriction.reason_code, "restricted")
        info = restriction.restriction_info
        if kind == "Location":
            restricted = reason
        elif kind == "Zone" and info is not None:
            restricted_zones.update(str(z) for z in info.zones or [])
    return VmSku(
        name=str(sku.name),
        family=str(sku.family or ""),
        vcpus=vcpus,
        zones=frozenset(zones),
        restricted=restricted,
        restricted_zones=frozenset(restricted_zones),
    )


def _usages(items: Any) -> dict[str, Usage]:
    out: dict[str, Usage] = {}
    for item in items:
        name = item.name.value if item.name else None
        if not name:
            continue
        label = (item.name.localized_value if item.name else None) or name
        current, limit = int(item.current_value or 0), int(item.limit or 0)
        out[str(name)] = Usage(str(name), str(label), current, limit)
    return out
