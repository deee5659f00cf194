"""The offline plan: resolve, validate, render; no engine, credentials or network.

`plan_document` is the one JSON document `plan` prints (docs/ has its fields), also when
findings block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aks_kit import __version__
from aks_kit.presets.counts import count, span
from aks_kit.presets.explain import sources
from aks_kit.presets.findings import Finding, has_errors
from aks_kit.presets.fleet import ResolvedFleet
from aks_kit.presets.model import ClusterDocument
from aks_kit.presets.resolve import Resolved
from aks_kit.presets.sizing import cluster_max_pods

from .fleet_render import StackPlan, render_fleet
from .render import RenderedCluster, render
from .rendered import documented
from .stack_finding import StackFinding

SECRET_OUTPUTS = ("kubeconfig",)


@dataclass
class Plan:
    resolved: Resolved
    rendered: RenderedCluster | None

    @property
    def findings(self) -> list[Finding]:
        return self.resolved.findings

    @property
    def blocked(self) -> bool:
        return self.rendered is None or has_errors(self.findings)


def make_plan(resolved: Resolved) -> Plan:
    """Render only a valid document; findings (errors included) travel with the plan."""
    rendered = render(resolved.document) if resolved.document is not None else None
    return Plan(resolved, rendered)


def spec_plan(document: ClusterDocument, rendered: RenderedCluster) -> dict[str, Any]:
    """A valid spec's plan document without outputs and findings: what `plan --against`
    compares, and what `preview` and `up` compare a stack's deployed spec with."""
    dumped = document.dump()
    return {
        "apiVersion": "aks-kit/v1",
        "kind": "Cluster",
        "aksKitVersion": __version__,
        "metadata": dumped["metadata"],
        "spec": dumped["spec"],
        "resources": documented(rendered.resources),
    }


def plan_document(plan: Plan, *, explain: bool = False) -> dict[str, Any]:
    document, rendered = plan.resolved.document, plan.rendered
    if document is not None and rendered is not None:
        data = spec_plan(document, rendered)
        outputs: dict[str, Any] = dict(rendered.outputs)
        outputs.update({key: "(secret)" for key in SECRET_OUTPUTS})
    else:
        data = {
            "apiVersion": "aks-kit/v1",
            "kind": "Cluster",
            "aksKitVersion": __version__,
            "metadata": plan.resolved.data.get("metadata", {}),
            "spec": plan.resolved.data.get("spec", {}),
            "resources": [],
        }
        outputs = {}
    data["outputs"] = outputs
    data["findings"] = [f.to_dict() for f in plan.findings]
    if explain:
        data["sources"] = {path: layer for path, _, layer in sources(plan.resolved)}
    return data


@dataclass(frozen=True)
class Summary:
    resources: int
    pools: int
    min_nodes: int
    max_nodes: int
    max_pods: int
    errors: int
    warnings: int
    auto_provisioned: bool

    def line(self) -> str:
        nodes = f"{span(self.min_nodes, self.max_nodes, 'node')} in pools"
        if self.auto_provisioned:
            nodes += " plus nodes AKS provisions"
        text = (
            f"{count(self.resources, 'resource')}, {count(self.pools, 'node pool')}, {nodes}, "
            f"up to {count(self.max_pods, 'pod')} in pools"
        )
        return f"{text}; {count(self.errors, 'error')}, {count(self.warnings, 'warning')}"


def summarize(plan: Plan) -> Summary:
    document: ClusterDocument | None = plan.resolved.document
    pools = document.spec.node_pools if document else []
    low = sum(p.min_nodes for p in pools)
    high = sum(p.max_nodes for p in pools)
    pods = cluster_max_pods(document) if document else 0
    return Summary(
        resources=len(plan.rendered.resources) if plan.rendered else 0,
        pools=len(pools),
        min_nodes=low,
        max_nodes=high,
        max_pods=pods,
        errors=sum(f.level == "error" for f in plan.findings),
        warnings=sum(f.level == "warning" for f in plan.findings),
        auto_provisioned=bool(document and document.spec.node_provisioning.mode == "Auto"),
    )


@dataclass
class FleetPlan:
    fleet: ResolvedFleet
    stacks: list[StackPlan]

    @property
    def blocked(self) -> bool:
        return not self.fleet.ok or len(self.stacks) != len(self.fleet.members) + 1

    def findings(self) -> list[StackFinding]:
        """Every finding with the stack it belongs to (fleet-wide ones: the fleet stack)."""
        out = [StackFinding(self.fleet.name, f) for f in self.fleet.findings]
        for member in self.fleet.members:
            out.extend(StackFinding(member.stack, f) for f in member.resolved.findings)
        return out


def make_fleet_plan(fleet: ResolvedFleet) -> FleetPlan:
    return FleetPlan(fleet, render_fleet(fleet))


def fleet_plan_document(plan: FleetPlan) -> dict[str, Any]:
    """The plan document with kind Fleet: every resource and finding carries its stack."""
    fleet = plan.fleet
    outline = fleet.fleet.outline()
    members = []
    for member in fleet.members:
        doc = member.document
        members.append(
            {
                "name": member.name,
                "stack": member.stack,
                "group": member.group,
                "location": doc.metadata.location if doc else None,
                "maxNodes": doc.spec.pool_nodes()[1] if doc else None,
            }
        )
    return {
        "apiVersion": "aks-kit/v1",
        "kind": "Fleet",
        "aksKitVersion": __version__,
        "metadata": outline["metadata"],
        "spec": outline["spec"],
        "members": members,
        "resources": [
            {"stack": stack.stack, **resource}
            for stack in plan.stacks
            for resource in documented(stack.resources)
        ],
        "outputs": {stack.stack: dict(stack.outputs) for stack in plan.stacks},
        "findings": [f.to_dict() for f in plan.findings()],
    }
