"""The real azure-mgmt-containerservice client against a local server answering like ARM."""

from __future__ import annotations

from typing import Any

import pytest
from arm_server import Route, StaticToken, arm_server

from aks_kit.cloud.arm import ArmDenied
from aks_kit.cloud.versions import kubernetes_versions

SUB = "00000000-0000-0000-0000-000000000001"
PATH = f"/subscriptions/{SUB}/providers/Microsoft.ContainerService/locations/eastus2/kubernetesVersions"
VERSIONS = {
    "values": [
        {
            "version": "1.34",
            "isDefault": True,
            "capabilities": {"supportPlan": ["KubernetesOfficial"]},
        },
        {
            "version": "1.33",
            "capabilities": {"supportPlan": ["KubernetesOfficial", "AKSLongTermSupport"]},
        },
        {
            "version": "1.35",
            "isPreview": True,
            "capabilities": {"supportPlan": ["KubernetesOfficial"]},
        },
        {"version": "1.29", "capabilities": {"supportPlan": ["AKSLongTermSupport"]}},
    ]
}


class NeverAsked:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        raise AssertionError("the static policy replaces the credential")


def test_lists_versions_oldest_first() -> None:
    with arm_server({PATH: Route(200, VERSIONS)}) as server:
        versions = kubernetes_versions(
            NeverAsked(),
            SUB,
            "eastus2",
            base_url=server.url,
            authentication_policy=StaticToken("test-token"),
        )
    assert [(v.version, v.default, v.preview, v.lts_only) for v in versions] == [
        ("1.29", False, False, True),
        ("1.33", False, False, False),
        ("1.34", True, False, False),
        ("1.35", False, True, False),
    ]
    [request] = server.requests
    assert request["path"] == PATH
    assert "api-version=2026-08-01" in request["query"]
    assert request["headers"]["Authorization"] == "Bearer test-token"


def test_arm_refusal_names_the_permission() -> None:
    denied = {
        "error": {
            "code": "AuthorizationFailed",
            "message": "The client does not have authorization to perform action.",
        }
    }
    with arm_server({PATH: Route(403, denied)}) as server, pytest.raises(ArmDenied) as info:
        kubernetes_versions(
            NeverAsked(),
            SUB,
            "eastus2",
            base_url=server.url,
            authentication_policy=StaticToken("t"),
        )
    assert "AuthorizationFailed" in info.value.message
    assert info.value.action == "Microsoft.ContainerService/locations/kubernetesVersions/read"
    assert info.value.exit_code == 5
    assert len(server.requests) == 1  # retry_total=0: no retries
