"""ARM's answers as aks-kit errors: a 403 names the permission that is missing, a 404 is
"not found" (exit 4), throttling that outlasts the SDK's retries says so (exit 5).

Every read names the action it needs (the Azure RBAC operation, listed at
https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations)
so a refusal that does not name one still says what to ask for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from aks_kit.errors import EngineFailed, NotFound, Prerequisite

# The RBAC actions of the reads aks-kit makes.
READ_VERSIONS = "Microsoft.ContainerService/locations/kubernetesVersions/read"
READ_SKUS = "Microsoft.Compute/skus/read"
READ_COMPUTE_USAGES = "Microsoft.Compute/locations/usages/read"
READ_NETWORK_USAGES = "Microsoft.Network/locations/usages/read"
READ_PROVIDERS = "Microsoft.Resources/subscriptions/providers/read"
READ_FEATURES = "Microsoft.Features/features/read"
READ_CLUSTERS = "Microsoft.ContainerService/managedClusters/read"
READ_USER_CREDENTIAL = "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action"

_ACTION = re.compile(r"action '([^']+)'")


class ArmDenied(EngineFailed):
    """ARM answered 403: the signed-in identity lacks a permission."""

    def __init__(self, message: str, action: str) -> None:
        super().__init__(message)
        self.action = action


def text(value: object, default: str = "") -> str:
    """An SDK value as plain text: the SDK's enums are `str` subclasses whose str() is
    their Python name, not the wire value."""
    if value is None:
        return default
    return str(getattr(value, "value", value))


def resource_group_of(resource_id: str) -> str:
    """The resource group segment of an ARM id ("" when it has none)."""
    parts = resource_id.split("/")
    lowered = [p.lower() for p in parts]
    if "resourcegroups" in lowered:
        index = lowered.index("resourcegroups") + 1
        if index < len(parts):
            return parts[index]
    return ""


def first_line(text: str, limit: int = 240) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    line = lines[0] if lines else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _error_parts(exc: object) -> tuple[str, str]:
    error = getattr(exc, "error", None)
    code = str(getattr(error, "code", "") or "")
    message = str(getattr(error, "message", "") or getattr(exc, "message", "") or exc)
    return code, message


@contextmanager
def arm_errors(what: str, action: str, subscription: str) -> Iterator[None]:
    """Turn the SDK's exceptions for one read into aks-kit's errors (one line each)."""
    from azure.core.exceptions import (
        ClientAuthenticationError,
        HttpResponseError,
        ResourceNotFoundError,
        ServiceRequestError,
    )

    try:
        yield
    except ResourceNotFoundError as exc:
        code, message = _error_parts(exc)
        raise NotFound(f"{what}: {code or 'not found'}: {first_line(message)}") from None
    except ClientAuthenticationError as exc:
        status = getattr(exc, "status_code", None)
        if status == 403:
            raise _denied(what, action, subscription, exc) from None
        raise Prerequisite(
            f"{what}: Azure did not accept the credentials ({first_line(str(exc))}): "
            "sign in again with `az login`"
        ) from None
    except HttpResponseError as exc:
        status = exc.status_code
        if status == 403:
            raise _denied(what, action, subscription, exc) from None
        code, message = _error_parts(exc)
        if status == 429:
            raise EngineFailed(
                f"{what}: ARM is throttling this subscription (429 after retries); "
                "wait a few minutes and run again"
            ) from None
        raise EngineFailed(f"{what}: {code or status}: {first_line(message)}") from None
    except ServiceRequestError as exc:
        raise EngineFailed(f"{what}: could not reach ARM ({first_line(str(exc))})") from None


def _denied(what: str, action: str, subscription: str, exc: object) -> ArmDenied:
    code, message = _error_parts(exc)
    named = _ACTION.search(message)
    missing = named.group(1) if named else action
    return ArmDenied(
        f"{what}: Azure refused ({code or '403'}): missing permission {missing} on "
        f"subscription {subscription}; ask for a role that grants it (Reader covers reads)",
        missing,
    )
