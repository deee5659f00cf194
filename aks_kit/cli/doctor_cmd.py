"""`aks-kit doctor`: is everything `aks-kit up` needs here? Each check says how to fix it."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Annotated, Any

import typer

from aks_kit.errors import EXIT_PREREQUISITE, AksKitError, Reported

from .application import Application, application
from .options import OutputOpt
from .output import Format


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, platform.python_version(), "" if ok else "install Python 3.11+")


def check_pulumi(app: Application) -> Check:
    from aks_kit.stacks.engine import INSTALL_STEPS, MIN_PULUMI_VERSION

    path = app.which("pulumi")
    if path is None:
        return Check("pulumi CLI", False, "not on PATH", INSTALL_STEPS)
    try:
        version = app.run([path, "version"]).strip().lstrip("v")
    except (OSError, subprocess.SubprocessError) as exc:
        return Check("pulumi CLI", False, f"{path} did not run: {exc}", INSTALL_STEPS)
    ok = _version_tuple(version) >= _version_tuple(MIN_PULUMI_VERSION)
    fix = "" if ok else f"upgrade to {MIN_PULUMI_VERSION} or newer: {INSTALL_STEPS}"
    return Check("pulumi CLI", ok, f"{version} at {path}", fix)


def check_plugin(app: Application) -> Check:
    import json

    path = app.which("pulumi")
    fix = (
        "pulumi installs it on the first `aks-kit up`, "
        "or `pulumi plugin install resource azure-native`"
    )
    if path is None:
        return Check("azure-native plugin", False, "needs the pulumi CLI", fix, required=False)
    try:
        plugins = json.loads(app.run([path, "plugin", "ls", "--json"]) or "[]")
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return Check("azure-native plugin", False, f"could not list plugins: {exc}", fix, False)
    versions = [p.get("version") for p in plugins if p.get("name") == "azure-native"]
    if not versions:
        return Check("azure-native plugin", False, "not installed yet", fix, required=False)
    return Check("azure-native plugin", True, ", ".join(str(v) for v in versions), required=False)


def check_kubelogin(app: Application) -> Check:
    path = app.which("kubelogin")
    if path is None:
        return Check(
            "kubelogin",
            False,
            "not on PATH (Entra ID kubeconfigs need it)",
            "`az aks install-cli`, or https://azure.github.io/kubelogin/install.html",
            required=False,
        )
    return Check("kubelogin", True, path, required=False)


def check_credentials(app: Application, cloud_name: str | None = None) -> tuple[Check, Any]:
    """The same credential check every Azure command makes (aks_kit.cloud.session)."""
    from aks_kit.cloud.clouds import cloud
    from aks_kit.cloud.session import check_credential

    try:
        credential = check_credential(cloud(cloud_name), app.credential)
    except AksKitError as exc:
        fix = exc.message.removeprefix("no Azure credentials: ").split("; `aks-kit doctor`")[0]
        return Check("Azure credentials", False, "none found", fix), None
    # The token itself is never shown: only that one could be had.
    return Check(
        "Azure credentials", True, f"a token for ARM ({type(credential).__name__})"
    ), credential


def check_subscription(
    app: Application,
    credential: Any,
    subscription: str | None,
    location: str,
    cloud_name: str | None = None,
) -> Check:
    from aks_kit.cloud.clouds import subscription_id

    if credential is None:
        return Check("subscription", False, "needs Azure credentials", "see above")
    try:
        chosen = subscription_id(subscription, cloud_name)
    except AksKitError as exc:
        return Check(
            "subscription",
            False,
            "no subscription id",
            exc.message.removeprefix("no Azure subscription: "),
        )
    lister = app.versions
    if lister is None:
        from aks_kit.cloud.clouds import cloud
        from aks_kit.cloud.session import Session
        from aks_kit.cloud.versions import region_versions

        def lister(cred: Any, sub: str, loc: str) -> list[Any]:
            with Session(cred, sub, cloud(cloud_name)) as session:
                return region_versions(session, loc)

    try:
        versions = lister(credential, chosen, location)
    except AksKitError as exc:
        return Check(
            "subscription",
            False,
            f"{chosen}: {exc.message}",
            "check the id and your role on it (Reader at least; Contributor to deploy)",
        )
    default = next((v.version for v in versions if v.default), "none")
    listed = ", ".join(v.version for v in versions if not v.preview) or "none"
    return Check(
        "subscription",
        True,
        f"{chosen}: AKS in {location} offers {listed} (default {default})",
    )


def check_backend(backend: str | None, secrets_provider: str | None) -> Check:
    from aks_kit.stacks.redact import redact_text, redact_url
    from aks_kit.stacks.state import choose_backend

    try:
        chosen = choose_backend(backend, secrets_provider)
    except AksKitError as exc:
        message = redact_text(exc.message)
        return Check("backend", False, message, "fix --backend / --secrets-provider")
    if not chosen.local:
        return Check(
            "backend",
            True,
            f"{redact_url(chosen.url)} (shared; reachability is checked on the first run)",
            required=False,
        )
    state = chosen.state_dir
    probe = state if state.exists() else next((p for p in state.parents if p.exists()), state)
    if not os.access(probe, os.W_OK):
        return Check("backend", False, f"{state} is not writable", f"fix permissions of {probe}")
    detail = f"{redact_url(chosen.url)} ({'exists' if state.exists() else 'created on first use'})"
    passphrase = chosen.passphrase_file
    if passphrase is not None and passphrase.exists():
        mode = passphrase.stat().st_mode & 0o777
        if mode & 0o077:
            return Check(
                "backend",
                False,
                f"{passphrase} is readable by others (mode {mode:o})",
                f"chmod 600 {passphrase}",
            )
    return Check("backend", True, detail)


def doctor(
    ctx: typer.Context,
    output: OutputOpt = Format.table,
    subscription: Annotated[
        str | None,
        typer.Option(
            "--subscription",
            help="Subscription id (default: AZURE_SUBSCRIPTION_ID, else the Azure CLI's default).",
        ),
    ] = None,
    location: Annotated[
        str, typer.Option("--location", help="Region to ask AKS about.")
    ] = "eastus2",
    backend: Annotated[str | None, typer.Option("--backend", help="State backend URL.")] = None,
    secrets_provider: Annotated[
        str | None, typer.Option("--secrets-provider", help="Secrets provider URL.")
    ] = None,
    cloud: Annotated[
        str | None,
        typer.Option("--cloud", help="AzureCloud (default), AzureChinaCloud or AzureUSGovernment."),
    ] = None,
) -> None:
    """Check Python, the pulumi CLI and plugin, kubelogin, Azure access and the backend."""
    app = application(ctx)

    credentials, credential = check_credentials(app, cloud)
    checks = [
        check_python(),
        check_pulumi(app),
        check_plugin(app),
        check_kubelogin(app),
        credentials,
        check_subscription(app, credential, subscription, location, cloud),
        check_backend(backend, secrets_provider),
    ]

    def table() -> list[Any]:
        from .tables import Column, NameTable

        # the detail and the fix fold in a narrow terminal; nothing is ever cut
        grid = NameTable(
            [
                Column("CHECK", name=True),
                Column("STATUS", name=True),
                Column("DETAIL"),
                Column("FIX"),
            ]
        )
        for check in checks:
            status = "ok" if check.ok else ("missing" if check.required else "warning")
            grid.add_row(check.name, status, check.detail, check.fix)
        return [grid]

    app.emit([asdict(c) for c in checks], output, table)
    if any(not c.ok and c.required for c in checks):
        raise Reported(EXIT_PREREQUISITE)


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("-")[0].split("."):
        parts.append(int(piece) if piece.isdigit() else 0)
    return tuple(parts)
