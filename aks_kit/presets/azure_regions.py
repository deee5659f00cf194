"""Data: Azure's regions by programmatic name, and whether each offers availability zones.

Source: "Azure regions list", https://learn.microsoft.com/azure/reliability/regions-list
(MicrosoftDocs/reliability-docs, articles/reliability/regions-list.md, ms.date 2025-09-23).
Sovereign clouds' regions are listed from "Azure Government overview"
(https://learn.microsoft.com/azure/azure-government/documentation-government-welcome) and
"Azure operated by 21Vianet" (https://learn.microsoft.com/azure/china/overview-operations);
their zone support is not in that table, so it is not judged (`None`).

The table is offline data with a date: Azure opens regions and zones over time, and the
preflight checks ask Azure for live availability. Restricted-access regions are listed,
since a subscription may be granted access to them.
"""

from __future__ import annotations

SOURCE = "https://learn.microsoft.com/azure/reliability/regions-list"
SOURCE_DATE = "2025-09-23"

ZONES: dict[str, bool | None] = {
    # Public Azure (the "All" tab of the regions list).
    "australiacentral": False,
    "australiacentral2": False,
    "australiaeast": True,
    "australiasoutheast": False,
    "austriaeast": True,
    "belgiumcentral": True,
    "brazilsouth": True,
    "brazilsoutheast": False,
    "canadacentral": True,
    "canadaeast": False,
    "centralindia": True,
    "centralus": True,
    "chilecentral": True,
    "denmarkeast": True,
    "eastasia": True,
    "eastus": True,
    "eastus2": True,
    "francecentral": True,
    "francesouth": False,
    "germanynorth": False,
    "germanywestcentral": True,
    "indonesiacentral": True,
    "israelcentral": True,
    "italynorth": True,
    "japaneast": True,
    "japanwest": True,
    "koreacentral": True,
    "koreasouth": False,
    "malaysiawest": True,
    "mexicocentral": True,
    "newzealandnorth": True,
    "northcentralus": False,
    "northeurope": True,
    "norwayeast": True,
    "norwaywest": False,
    "polandcentral": True,
    "qatarcentral": True,
    "southafricanorth": True,
    "southafricawest": False,
    "southcentralus": True,
    "southindia": False,
    "southeastasia": True,
    "spaincentral": True,
    "swedencentral": True,
    "switzerlandnorth": True,
    "switzerlandwest": False,
    "uaecentral": False,
    "uaenorth": True,
    "uksouth": True,
    "ukwest": False,
    "westcentralus": False,
    "westeurope": True,
    "westindia": False,
    "westus": False,
    "westus2": True,
    "westus3": True,
    # Azure Government.
    "usgovarizona": None,
    "usgovtexas": None,
    "usgovvirginia": None,
    "usdodcentral": None,
    "usdodeast": None,
    # Azure operated by 21Vianet (China).
    "chinaeast": None,
    "chinaeast2": None,
    "chinaeast3": None,
    "chinanorth": None,
    "chinanorth2": None,
    "chinanorth3": None,
}
"""Programmatic region name -> True (zones), False (no zones), None (not judged)."""
