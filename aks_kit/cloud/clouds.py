"""Which Azure cloud and subscription: ARM endpoints, token scopes and sign-in authorities.

The endpoints are those `azure.mgmt.core.tools.get_arm_endpoints` gives (a test compares
them) and the authorities those of `azure.identity.AzureAuthorityHosts`; see
https://learn.microsoft.com/azure/china/resources-developer-guide and
https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from aks_kit.errors import Prerequisite, UsageError


class CloudName(StrEnum):
    """`--cloud`: the names `az cloud list` uses."""

    AzureCloud = "AzureCloud"
    AzureChinaCloud = "AzureChinaCloud"
    AzureUSGovernment = "AzureUSGovernment"


@dataclass(frozen=True)
class Cloud:
    name: str
    resource_manager: str
    """The ARM endpoint, with its trailing slash."""
    credential_scope: str
    """The scope a token for ARM is asked for."""
    authority: str
    """The Microsoft Entra sign-in host."""
    portal: str


CLOUDS: dict[str, Cloud] = {
    CloudName.AzureCloud: Cloud(
        "AzureCloud",
        "https://management.azure.com/",
        "https://management.azure.com/.default",
        "login.microsoftonline.com",
        "https://portal.azure.com",
    ),
    CloudName.AzureChinaCloud: Cloud(
        "AzureChinaCloud",
        "https://management.chinacloudapi.cn/",
        "https://management.chinacloudapi.cn/.default",
        "login.chinacloudapi.cn",
        "https://portal.azure.cn",
    ),
    CloudName.AzureUSGovernment: Cloud(
        "AzureUSGovernment",
        "https://management.usgovcloudapi.net/",
        "https://management.core.usgovcloudapi.net/.default",
        "login.microsoftonline.us",
        "https://portal.azure.us",
    ),
}


def cloud(name: str | None) -> Cloud:
    """The cloud named by `--cloud` (default AzureCloud); a usage error for anything else."""
    key = name or CloudName.AzureCloud
    for known, value in CLOUDS.items():
        if known.lower() == str(key).lower():
            return value
    raise UsageError(f"unknown cloud {name!r}: use one of {', '.join(CLOUDS)}")


def azure_config_dir() -> Path:
    """The Azure CLI's configuration directory (AZURE_CONFIG_DIR, else ~/.azure)."""
    return Path(os.environ.get("AZURE_CONFIG_DIR") or Path.home() / ".azure")


def cli_default_subscription(cloud_name: str | None = None) -> str | None:
    """The subscription `az account set` chose, from the Azure CLI's azureProfile.json.

    With `cloud_name`, only a default signed in to that cloud counts. None when the file
    is missing or unreadable: the caller says how to choose one.
    """
    path = azure_config_dir() / "azureProfile.json"
    try:
        # The CLI writes the file with a byte-order mark.
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    subscriptions = data.get("subscriptions") if isinstance(data, dict) else None
    for item in subscriptions or []:
        if not isinstance(item, dict) or not item.get("isDefault"):
            continue
        environment = item.get("environmentName")
        if cloud_name and environment and str(environment).lower() != cloud_name.lower():
            continue
        value = item.get("id")
        return str(value) if value else None
    return None


def subscription_id(flag: str | None, cloud_name: str | None = None) -> str:
    """`--subscription`, else AZURE_SUBSCRIPTION_ID, else the Azure CLI's default (exit 6)."""
    chosen = flag or os.environ.get("AZURE_SUBSCRIPTION_ID") or cli_default_subscription(cloud_name)
    if not chosen:
        raise Prerequisite(
            "no Azure subscription: pass --subscription ID, set AZURE_SUBSCRIPTION_ID, "
            "or choose a default with `az account set --subscription ID`"
        )
    return chosen.strip()
