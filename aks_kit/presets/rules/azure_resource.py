"""Rules Azure Resource Manager applies to every resource: tags, the resource group's name,
the region and its availability zones.

Tag limits come from `facts` (Microsoft Learn, "Use tags to organize your Azure
resources"); regions and zones from `azure_regions`, an offline table with its source and
date (the preflight checks ask Azure for live availability).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import facts
from ..attribution import finding_at, pool_path
from ..azure_regions import SOURCE, SOURCE_DATE, ZONES
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument

TAG_NAME_FORBIDDEN = "<>%&\\?/"


def tags(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """Cluster tags (on every resource) and pool tags against Azure's tag limits."""
    yield from _tags(doc.metadata.tags, "metadata.tags", provenance)
    for pool in doc.spec.node_pools:
        yield from _tags(pool.tags, pool_path(pool, "tags"), provenance)


def _tags(tags: dict[str, str], path: str, provenance: Provenance) -> Iterator[Finding]:
    count, name_max, value_max = facts.TAGS_PER_RESOURCE, facts.TAG_NAME_MAX, facts.TAG_VALUE_MAX
    if len(tags) > count.value:
        yield finding_at(
            provenance,
            "error",
            "tags",
            path,
            f"{len(tags)} tags",
            f"Azure allows at most {count.value} tags per resource ({count.cite()})",
        )
    for name, value in tags.items():
        sub = f"{path}.{name}"
        if not name.strip():
            yield finding_at(provenance, "error", "tags", sub, name, "a tag needs a name")
        bad = sorted({ch for ch in name if ch in TAG_NAME_FORBIDDEN})
        if bad:
            yield finding_at(
                provenance,
                "error",
                "tags",
                sub,
                None,
                f"tag names cannot contain {' '.join(bad)} "
                f"(Azure refuses {' '.join(TAG_NAME_FORBIDDEN)}; {name_max.cite()})",
            )
        if len(name) > name_max.value:
            yield finding_at(
                provenance,
                "error",
                "tags",
                sub,
                None,
                f"a tag name of {len(name)} characters; Azure allows {name_max.value} "
                f"({name_max.cite()})",
            )
        if len(value) > value_max.value:
            yield finding_at(
                provenance,
                "error",
                "tags",
                sub,
                f"{len(value)} characters",
                f"Azure allows tag values of {value_max.value} characters ({value_max.cite()})",
            )


def resource_group(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """An empty resource group name (`resourceGroup: ""`) is never what was meant."""
    if not doc.metadata.resource_group.strip():
        yield finding_at(
            provenance,
            "error",
            "resource-group",
            "metadata.resourceGroup",
            doc.metadata.resource_group,
            "the resource group name is empty; leave the key out for rg-<name>",
        )


def region(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    """A region Azure does not have, and zones in a region that has none."""
    location = doc.metadata.location
    cited = f"{SOURCE}, as of {SOURCE_DATE}"
    if location not in ZONES:
        close = difflib.get_close_matches(location, list(ZONES), n=1, cutoff=0.75)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield finding_at(
            provenance,
            "error",
            "region",
            "metadata.location",
            location,
            f"not an Azure region{hint} (the list of Azure regions: {cited})",
        )
        return
    if ZONES[location] is not False:
        return
    for pool in doc.spec.node_pools:
        if pool.zones:
            yield finding_at(
                provenance,
                "error",
                "region",
                pool_path(pool, "zones"),
                list(pool.zones),
                f"{location} has no availability zones; remove zones from the pool or pick "
                f"a region with zones ({cited})",
            )
