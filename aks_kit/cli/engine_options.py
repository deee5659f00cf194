"""Options of the engine commands (preview, up, destroy, refresh, outputs, kubeconfig),
spelled once so every command names a flag, its variable and its help the same way."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

StackOpt = Annotated[
    str | None, typer.Option("--stack", help="Stack name (default: the cluster's name).")
]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        envvar="AKS_KIT_BACKEND",
        help="State backend URL (file://, azblob://, Pulumi Cloud); default: a local one.",
    ),
]
SecretsOpt = Annotated[
    str | None,
    typer.Option(
        "--secrets-provider",
        envvar="AKS_KIT_SECRETS_PROVIDER",
        help="Secrets provider, e.g. azurekeyvault://...",
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
DiffOpt = Annotated[bool, typer.Option("--diff", help="Show a detailed diff of each change.")]
TargetOpt = Annotated[
    list[str] | None,
    typer.Option("--target", help="Only this resource URN (repeatable).", show_default=False),
]
RefreshOpt = Annotated[bool, typer.Option("--refresh", help="Refresh state from Azure first.")]
AllowReplaceOpt = Annotated[
    bool,
    typer.Option(
        "--allow-replace", help="Allow replacing or deleting clusters, pools, subnets, identities."
    ),
]
AllowRejectedOpt = Annotated[
    bool,
    typer.Option(
        "--allow-rejected",
        help="Go ahead with updates the change table says Azure refuses (a pool's VM size, "
        "zones, ...): for when Azure has started to accept one.",
    ),
]
MemberOpt = Annotated[
    str | None, typer.Option("--member", help="Fleet files: only this member's stack.")
]
ParallelOpt = Annotated[
    int,
    typer.Option("--parallel", min=1, max=20, help="Fleet files: member stacks at once."),
]
SubscriptionOpt = Annotated[
    str | None,
    typer.Option("--subscription", envvar="AZURE_SUBSCRIPTION_ID", help="Azure subscription id."),
]
SkipPreflightOpt = Annotated[
    bool,
    typer.Option(
        "--skip-preflight", help="Do not ask Azure first (quota, VM sizes, versions, providers)."
    ),
]
CloudOpt = Annotated[
    str | None,
    typer.Option(
        "--cloud", help="Preflight's cloud: AzureCloud, AzureChinaCloud, AzureUSGovernment."
    ),
]


class PreviewFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"


PreviewOutputOpt = Annotated[
    PreviewFormat,
    typer.Option(
        "--output",
        "-o",
        help="Output format (markdown: a pull-request comment).",
        case_sensitive=False,
    ),
]
PreviewAllowReplaceOpt = Annotated[
    bool,
    typer.Option(
        "--allow-replace",
        help="Exit 0 where `up` would refuse (replacing or deleting clusters, pools, ...).",
    ),
]
ExpectNoChangesOpt = Annotated[
    bool,
    typer.Option("--expect-no-changes", help="Exit 3 when anything would change (drift)."),
]
CreateStackOpt = Annotated[
    bool,
    typer.Option("--create-stack", help="Create the stack when it does not exist yet."),
]
