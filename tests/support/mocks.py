"""Pulumi mocks that record every registration and answer outputs as `${name.output}`.

Each output a rendered plan refers to comes back as its own reference string, so the inputs
the program registers can be compared with the rendered inputs as they are.
"""

from __future__ import annotations

import base64
import copy
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pulumi

from aks_kit.stacks.render import RenderedCluster
from aks_kit.stacks.rendered import references

KUBECONFIG = "apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: not-a-real-token}}]\n"


@dataclass
class Registration:
    type: str
    name: str
    inputs: dict[str, Any]
    custom: bool


@dataclass
class RecordingMocks(pulumi.runtime.Mocks):
    rendered: RenderedCluster
    registered: list[Registration] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        wanted: dict[str, set[str]] = defaultdict(set)
        for resource in self.rendered.resources:
            for name, path in references(resource.inputs):
                wanted[name].add(path)
        for value in self.rendered.outputs.values():
            for name, path in references(value):
                wanted[name].add(path)
        self.wanted = wanted

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        inputs = copy.deepcopy(dict(args.inputs))
        self.registered.append(Registration(args.typ, args.name, inputs, bool(args.custom)))
        state: dict[str, Any] = copy.deepcopy(inputs)
        for path in self.wanted.get(args.name, ()):
            node = state
            *parents, leaf = path.split(".")
            for key in parents:
                node = node.setdefault(key, {})
            node[leaf] = f"${{{args.name}.{path}}}"
        return f"${{{args.name}.id}}", state

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        self.calls.append(args.token)
        return self._answer(args), []

    def _answer(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        if args.token == "azure-native:authorization:getClientConfig":
            return {
                key: f"${{deployer.{key}}}"
                for key in ("clientId", "objectId", "subscriptionId", "tenantId")
            }
        if args.token == "azure-native:containerservice:listManagedClusterUserCredentials":
            value = base64.b64encode(KUBECONFIG.encode()).decode()
            return {"kubeconfigs": [{"name": "clusterUser", "value": value}]}
        raise AssertionError(f"unexpected invoke {args.token}")
