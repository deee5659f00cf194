"""The Pulumi program: registers rendered resources through azure-native's classes.

`AksCluster` is a ComponentResource; every child has `parent=self`. Inputs are exactly the
rendered ones: `${name.output}` strings become the real Outputs, plain dicts stay plain (the
typed Args classes would inject defaults the spec did not set).
"""

from __future__ import annotations

import base64
import importlib
import inspect
import json
import threading
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

import pulumi

from aks_kit.errors import SpecInvalid
from aks_kit.presets.loading import Layer
from aks_kit.presets.resolve import resolve_layers

from .config_keys import FLEET_KEY, MEMBER_KEY, NAMESPACE, SPEC_KEY
from .fleet_render import Membership, StackPlan, join_fleet, render_fleet_stack
from .render import RenderedCluster, render
from .rendered import DEPLOYER, REF, Rendered
from .resource_types import BY_TOKEN

COMPONENT_TYPE = "aks-kit:index:AksCluster"
FLEET_COMPONENT_TYPE = "aks-kit:index:AksFleet"
_PULUMI_NAME = "_pulumi_name"


_IMPORTS = threading.Lock()


def azure_native(module: str) -> ModuleType:
    """An azure-native module, loaded in full under one lock. azure-native's modules are lazy
    (pulumi's copy of importlib.util.LazyLoader): the first attribute access turns the module
    into a plain one and only then runs it, so another thread reading it meanwhile finds its
    classes missing (AttributeError). Fleet runs run the program in several threads at once."""
    with _IMPORTS:
        loaded = importlib.import_module(f"pulumi_azure_native.{module}")
        getattr(loaded, "__all__", None)  # not an introspection name: runs the module now
        return loaded


@cache
def resource_class(token: str) -> type[pulumi.CustomResource]:
    """The azure-native class for a type token, imported only when first needed."""
    rtype = BY_TOKEN[token]
    cls: type[pulumi.CustomResource] = getattr(azure_native(rtype.module), rtype.cls)
    return cls


@cache
def kwarg_names(token: str) -> dict[str, str]:
    """Wire name -> the class's keyword argument (from the Args class's getters)."""
    cls = resource_class(token)
    with _IMPORTS:
        args_cls = getattr(importlib.import_module(cls.__module__), f"{cls.__name__}Args")
    params = inspect.signature(cls._internal_init).parameters  # type: ignore[attr-defined]
    names: dict[str, str] = {}
    for python_name, member in vars(args_cls).items():
        if isinstance(member, property) and member.fget is not None:
            wire = getattr(member.fget, _PULUMI_NAME, python_name)
            names[wire] = f"{python_name}_" if f"{python_name}_" in params else python_name
    return names


def _snake(name: str) -> str:
    out = ""
    for char in name:
        out += f"_{char.lower()}" if char.isupper() else char
    return out


class RenderedStack(pulumi.ComponentResource):
    """Registers rendered resources as its children, then their stack outputs."""

    def __init__(
        self,
        component_type: str,
        name: str,
        resources: list[Rendered],
        outputs: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(component_type, name, None, opts)
        self.children: dict[str, pulumi.CustomResource] = {}
        self._deployer: pulumi.Output[Any] | None = None
        for resource in resources:
            self.children[resource.name] = self._register(resource)
        self.outputs: dict[str, Any] = {key: self.resolve(value) for key, value in outputs.items()}
        self.outputs.update(self.extra_outputs())
        self.register_outputs(self.outputs)

    def extra_outputs(self) -> dict[str, Any]:
        return {}

    def _register(self, resource: Rendered) -> pulumi.CustomResource:
        cls = resource_class(resource.type)
        names = kwarg_names(resource.type)
        kwargs = {names.get(k, _snake(k)): self.resolve(v) for k, v in resource.inputs.items()}
        opts = pulumi.ResourceOptions(
            parent=self,
            depends_on=[self.children[d] for d in resource.depends_on],
            protect=resource.protect,
            ignore_changes=resource.ignore_changes or None,
        )
        return cls(resource.name, opts=opts, **kwargs)

    def resolve(self, value: Any) -> Any:
        """Swap `${name.output}` strings (also inside strings and dict keys) for Outputs."""
        if isinstance(value, str):
            matches = list(REF.finditer(value))
            if not matches:
                return value
            if len(matches) == 1 and matches[0].group(0) == value:
                return self.output(matches[0].group(1), matches[0].group(2))
            parts = [self.output(m.group(1), m.group(2)) for m in matches]

            def fill(values: list[Any]) -> str:
                text = value
                for match, resolved in zip(matches, values, strict=True):
                    text = text.replace(match.group(0), str(resolved), 1)
                return text

            return pulumi.Output.all(*parts).apply(fill)
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, dict):
            keys = [self.resolve(key) for key in value]
            values = [self.resolve(item) for item in value.values()]
            if any(isinstance(key, pulumi.Output) for key in keys):
                return pulumi.Output.all(*keys).apply(
                    lambda resolved_keys: dict(zip(resolved_keys, values, strict=True))
                )
            return dict(zip(keys, values, strict=True))
        return value

    def output(self, name: str, path: str) -> pulumi.Output[Any]:
        head, *rest = path.split(".")
        if name == DEPLOYER:
            source: pulumi.Output[Any] = self.deployer().apply(
                lambda config: getattr(config, _snake(head))
            )
        else:
            source = getattr(self.children[name], _snake(head))
        for key in rest:
            source = source.apply(_getter(key))
        return source

    def deployer(self) -> pulumi.Output[Any]:
        """Who runs the deployment (object id, subscription), from azure-native's config."""
        if self._deployer is None:
            authorization = azure_native("authorization")
            self._deployer = authorization.get_client_config_output(
                opts=pulumi.InvokeOutputOptions(parent=self)
            )
        return self._deployer


class AksFleet(RenderedStack):
    """The Fleet Manager resources of a fleet (its members have stacks of their own)."""

    def __init__(self, name: str, plan: StackPlan, opts: pulumi.ResourceOptions | None = None):
        super().__init__(FLEET_COMPONENT_TYPE, name, plan.resources, plan.outputs, opts)


class AksCluster(RenderedStack):
    """One cluster and everything around it; its kubeconfig is a secret output."""

    def __init__(
        self,
        name: str,
        rendered: RenderedCluster,
        *,
        entra_id: bool,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._rendered = rendered
        self._entra_id = entra_id
        super().__init__(COMPONENT_TYPE, name, rendered.resources, rendered.outputs, opts)

    def extra_outputs(self) -> dict[str, Any]:
        return {"kubeconfig": self._kubeconfig(self._rendered, self._entra_id)}

    def _kubeconfig(self, rendered: RenderedCluster, entra_id: bool) -> pulumi.Output[str]:
        """The user kubeconfig, only ever as a secret (exec format with Entra ID)."""
        containerservice = azure_native("containerservice")
        cluster = self.children[rendered.name]
        rg = self.resolve(rendered.by_name()[rendered.name].inputs["resourceGroupName"])
        credentials = containerservice.list_managed_cluster_user_credentials_output(
            resource_group_name=rg,
            resource_name=cluster.id.apply(lambda _: rendered.name),
            format="exec" if entra_id else None,
            opts=pulumi.InvokeOutputOptions(parent=self),
        )
        return pulumi.Output.secret(
            credentials.apply(
                lambda result: (
                    base64.b64decode(result.kubeconfigs[0].value).decode()
                    if result.kubeconfigs
                    else ""
                )
            )
        )


def _getter(key: str) -> Callable[[Any], Any]:
    def get(value: Any) -> Any:
        return value.get(key) if isinstance(value, dict) else None

    return get


def run_program() -> None:
    """The inline program the engine runs: the same as `pulumi up` in stacks/."""
    if pulumi.Config(NAMESPACE).get(FLEET_KEY):
        fleet_from_config()
    else:
        cluster_from_config()


def fleet_from_config() -> AksFleet:
    """A fleet's own stack: config `aks-kit:fleet` holds the fleet (members without specs)."""
    from aks_kit.presets.model import FleetFile

    text = pulumi.Config(NAMESPACE).require(FLEET_KEY)
    fleet = FleetFile.model_validate(json.loads(text))
    stack = AksFleet(fleet.metadata.name, render_fleet_stack(fleet))
    for key, value in stack.outputs.items():
        pulumi.export(key, value)
    return stack


def cluster_from_config() -> AksCluster:
    """`pulumi up` in stacks/: the resolved spec comes from stack config `aks-kit:spec`."""
    text = pulumi.Config(NAMESPACE).require(SPEC_KEY)
    document = json.loads(text)
    layer = Layer("stack config aks-kit:spec", "Cluster", document, {})
    resolved = resolve_layers([layer], [], document.get("metadata", {}).get("name", "cluster"))
    if not resolved.ok or resolved.document is None:
        raise SpecInvalid(resolved.findings)
    doc = resolved.document
    member = pulumi.Config(NAMESPACE).get(MEMBER_KEY)
    membership = Membership.from_dict(json.loads(member)) if member else None
    cluster = AksCluster(
        doc.metadata.name,
        join_fleet(render(doc), membership) if membership is not None else render(doc),
        entra_id=doc.spec.security.entra_id,
    )
    for key, value in cluster.outputs.items():
        pulumi.export(key, value)
    return cluster
