"""The baseline of benchmarks/engine_preview.py: aks-kit's resources as a plain typed program.

Reads a `plan -o json` document and declares the same resources with typed azure-native
classes (`containerservice.ManagedCluster`, `AgentPool`, `MaintenanceConfiguration` for the
generic AKS resources, the rendered typed classes for the rest), then previews it through the
Automation API on the local backend under $AKS_KIT_HOME.

    python benchmarks/engine_typed_program.py PLAN.json STACK
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
from pulumi import automation as auto

CLASSES = {
    "Microsoft.ContainerService/managedClusters": ("ManagedCluster", "resourceName"),
    "Microsoft.ContainerService/managedClusters/agentPools": ("AgentPool", "agentPoolName"),
    "Microsoft.ContainerService/managedClusters/maintenanceConfigurations": (
        "MaintenanceConfiguration",
        "configName",
    ),
}
REF = re.compile(r"\$\{([A-Za-z0-9_.-]+?)\.([A-Za-z0-9_.]+)\}")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", lambda m: "_" + m.group(1).lower(), name).lower()


def _get(key: str) -> Callable[[Any], Any]:
    def get(value: Any) -> Any:
        if isinstance(value, dict):
            return value.get(key)
        return getattr(value, snake(key), None)

    return get


def program_for(plan: dict[str, Any]) -> Callable[[], None]:
    from pulumi_azure_native import authorization

    def body() -> None:
        made: dict[str, Any] = {}
        deployer = authorization.get_client_config_output()

        def one(match: re.Match[str]) -> Any:
            name, path = match.group(1), match.group(2)
            head, *rest = path.split(".")
            out = getattr(deployer if name == "deployer" else made[name], snake(head))
            for key in rest:
                out = out.apply(_get(key))
            return out

        def resolve(value: Any) -> Any:
            if isinstance(value, str):
                found = list(REF.finditer(value))
                if not found:
                    return value
                if len(found) == 1 and found[0].group(0) == value:
                    return one(found[0])

                def fill(values: list[Any]) -> str:
                    text = value
                    for match, item in zip(found, values, strict=True):
                        text = text.replace(match.group(0), str(item), 1)
                    return text

                return pulumi.Output.all(*[one(m) for m in found]).apply(fill)
            if isinstance(value, list):
                return [resolve(v) for v in value]
            if isinstance(value, dict):
                return {k: resolve(v) for k, v in value.items()}
            return value

        for resource in plan["resources"]:
            inputs = dict(resource["inputs"])
            opts = pulumi.ResourceOptions(depends_on=[made[d] for d in resource["dependsOn"]])
            if resource["type"] == "azure-native:resources:Resource":
                module = "containerservice"
                cls_name, name_key = CLASSES[resource["armType"]]
                kwargs = {"resource_group_name": resolve(inputs["resourceGroupName"])}
                parent = inputs.get("parentResourcePath") or ""
                if parent:
                    kwargs["resource_name_"] = parent.split("/")[1]
                    kwargs[snake(name_key)] = inputs["resourceName"]
                else:
                    kwargs["resource_name_"] = inputs["resourceName"]
                for key in ("location", "sku", "identity", "tags"):
                    if key in inputs:
                        kwargs[key] = resolve(inputs[key])
                for key, value in (inputs.get("properties") or {}).items():
                    kwargs[snake(key)] = resolve(value)
            else:
                _, module, cls_name = resource["type"].split(":")
                kwargs = {snake(k): resolve(v) for k, v in inputs.items()}
            cls = getattr(importlib.import_module(f"pulumi_azure_native.{module}"), cls_name)
            params = inspect.signature(cls._internal_init).parameters
            named = {k if k in params else f"{k}_": v for k, v in kwargs.items()}
            made[resource["name"]] = cls(
                resource["name"], opts=opts, **{k: v for k, v in named.items() if k in params}
            )

    return body


def preview(plan_path: str, stack_name: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    backend = (Path(os.environ["AKS_KIT_HOME"]) / "state").as_uri()
    (Path(os.environ["AKS_KIT_HOME"]) / "state").mkdir(parents=True, exist_ok=True)
    settings = auto.ProjectSettings(
        name="typed", runtime="python", backend=auto.ProjectBackend(backend)
    )
    stack = auto.create_or_select_stack(
        stack_name=stack_name,
        project_name="typed",
        program=program_for(plan),
        opts=auto.LocalWorkspaceOptions(project_settings=settings),
    )
    stack.set_config("azure-native:location", auto.ConfigValue("eastus2"))
    result = stack.preview()
    print(json.dumps(result.change_summary))


if __name__ == "__main__":
    preview(*sys.argv[1:])
