"""Facts: every limit the rules and capacity use has a unit and a public source."""

from __future__ import annotations

from pathlib import Path

import pytest

from aks_kit.presets import facts
from aks_kit.presets.capacity.findings import capacity_findings
from aks_kit.presets.layering import Provenance
from aks_kit.presets.model import ClusterDocument

PRESETS = Path(__file__).resolve().parents[2] / "aks_kit" / "presets"
ALL = {name: value for name, value in vars(facts).items() if isinstance(value, facts.Fact)}
PUBLIC = (
    "https://learn.microsoft.com/",
    "https://github.com/Azure/azure-rest-api-specs/",
    "https://github.com/Azure/AKS/releases/",  # AKS release notes (retirements)
)


@pytest.mark.parametrize("name", sorted(ALL))
def test_fact_has_unit_and_public_source(name: str) -> None:
    fact = ALL[name]
    assert fact.unit
    assert fact.source.startswith(PUBLIC), fact.source
    if not fact.confirmed:
        assert fact.note, f"{name}: an unconfirmed fact says why it is used"
        assert fact.cite().endswith(facts.UNCONFIRMED_MARK)


def test_cite_joins_sources_once() -> None:
    both = facts.cite(facts.NODES_PER_POOL, facts.POOLS_PER_CLUSTER, facts.AZURE_NPM_MAX_NODES)
    assert both == f"{facts.QUOTAS}; {facts.LARGE}"


def test_capacity_findings_cite_the_fact() -> None:
    doc = ClusterDocument.model_validate(
        {
            "spec": {
                "tier": "standard",
                "network": {
                    "plugin": "azure",
                    "pluginMode": "overlay",
                    "outboundType": "loadBalancer",
                    "loadBalancer": {"outboundIPs": 1, "allocatedOutboundPorts": 1024},
                },
                "nodePools": [{"name": "web", "count": 100}],
            }
        }
    )
    found = [f for f in capacity_findings(doc, Provenance()) if f.code == "capacity-snat-ports"]
    assert found and facts.LB_PORTS_PER_IP.source in found[0].message


def test_no_private_notes_cited() -> None:
    for path in PRESETS.rglob("*"):
        if path.suffix in (".py", ".yaml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "aks-facts" not in text and "design §" not in text, path
