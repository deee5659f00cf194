"""`aks-kit plan`: what would be created, offline (no engine, credentials or network)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aks_kit.errors import EXIT_INVALID, Reported, UsageError

from .application import Application, application
from .options import FileOpt, ForceOpt, LocationOpt, NameOpt, PresetDirOpt, PresetOpt, SetOpt
from .out_file import check_out, write_out

if TYPE_CHECKING:
    from rich.console import RenderableType

    from aks_kit.presets.findings import Finding


class PlanFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"
    mermaid = "mermaid"


def plan(
    ctx: typer.Context,
    preset: PresetOpt = None,
    file: FileOpt = None,
    set_: SetOpt = None,
    preset_dir: PresetDirOpt = None,
    name: NameOpt = None,
    location: LocationOpt = None,
    output: Annotated[
        PlanFormat, typer.Option("--output", "-o", help="Output format.", case_sensitive=False)
    ] = PlanFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the output to this file instead.")
    ] = None,
    force: ForceOpt = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Also show every spec value and the layer that set it."),
    ] = False,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against", help="An earlier `plan -o json`: classify every change by its risk."
        ),
    ] = None,
    allow_replace: Annotated[
        bool,
        typer.Option("--allow-replace", help="With --against: accept replacing or deleting."),
    ] = False,
) -> None:
    """Show every resource a cluster (or fleet) needs, with findings; exit 3 when they block."""
    app = application(ctx)
    from aks_kit.stacks import plan as plans

    from . import plan_output
    from .inputs import SpecInputs
    from .output import sources_table

    inputs = SpecInputs("plan", preset, file, set_, preset_dir, name, location)
    fleet = inputs.fleet(explain=explain)
    view: PlanView
    if fleet is not None:
        fleet_plan = plans.make_fleet_plan(fleet)
        read = [path for member in fleet.members for path in member.resolved.files]
        view = PlanView(
            document=plans.fleet_plan_document(fleet_plan),
            blocked=fleet_plan.blocked,
            markdown=lambda: plan_output.fleet_markdown(fleet_plan),
            mermaid=lambda: plan_output.fleet_mermaid(fleet_plan),
            table=lambda: plan_output.fleet_table(fleet_plan),
            stacked=True,
            title=f"fleet `{fleet_plan.fleet.name}`",
            findings=list(fleet_plan.findings()),
            resources=sum(len(stack.resources) for stack in fleet_plan.stacks),
        )
    else:
        one = plans.make_plan(inputs.resolve())
        read = one.resolved.files

        def table() -> list[RenderableType]:
            parts = plan_output.plan_table(one)
            return [sources_table(one.resolved), *parts] if explain else parts

        view = PlanView(
            document=plans.plan_document(one, explain=explain),
            blocked=one.blocked,
            markdown=lambda: plan_output.plan_markdown(one),
            mermaid=lambda: plan_output.plan_mermaid(one),
            table=table,
            stacked=False,
            title=f"`{one.resolved.data.get('metadata', {}).get('name', 'cluster')}`",
            findings=[(None, f) for f in one.findings],
            resources=len(one.rendered.resources) if one.rendered else 0,
        )
    if out is not None:
        given = [path for path in (file, preset, against) if path is not None]
        check_out(out, inputs=[*given, *read], force=force)
    if against is not None:
        view.compare(against, allow_replace)
    view.show(app, output.value, out)
    if view.blocked:
        raise Reported(EXIT_INVALID)


@dataclass
class PlanView:
    """One plan (a cluster's or a fleet's) and how each format shows it."""

    document: dict[str, Any]
    blocked: bool
    markdown: Callable[[], str]
    mermaid: Callable[[], str]
    table: Callable[[], list[RenderableType]]
    stacked: bool
    """Fleet documents carry a `stack` on every finding."""
    title: str = "the plan"
    findings: list[tuple[str | None, Finding]] = field(default_factory=list)
    """The plan's own findings, with their stack for fleets."""
    resources: int = 0
    report: Any = None
    base_version: str | None = None
    """The aks-kit version the --against plan records (None: an older plan without it)."""

    def compare(self, against: Path, allow_replace: bool) -> None:
        """Classify every change against an earlier plan; a blocked plan is not diffed
        (it has no resources, and would read as "delete everything")."""
        from aks_kit.stacks.change_risk import diff_plans

        if self.blocked:
            return
        from aks_kit.presets.reading import read_file

        text = read_file(against, f"--against {against}")
        try:
            old = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            raise UsageError(
                f"--against {against}: not a plan -o json document ({reason})"
            ) from None
        recorded = old.get("aksKitVersion") if isinstance(old, dict) else None
        self.base_version = recorded if isinstance(recorded, str) else None
        try:
            self.report = diff_plans(old, self.document, allow_replace=allow_replace)
        except ValueError as exc:
            raise UsageError(f"--against {against}: {exc}") from None
        self.document["changes"] = self.report.to_dict()
        self.document["findings"] += [
            {"stack": stack, **f.to_dict()} if self.stacked else f.to_dict()
            for stack, f in self.report.stacked_findings
        ]
        self.blocked = self.blocked or self.report.blocked

    def show(self, app: Application, fmt: str, out: Path | None) -> None:
        from .application import render_text
        from .output import file_console, rendered
        from .safe_text import escape_controls

        if fmt in ("json", "yaml"):
            text = render_text(self.document, fmt, to_file=out is not None)
        elif fmt == "markdown" and self.report is not None:
            from .change_markdown import against_markdown
            from .output import with_legend
            from .plan_output import aks_kit_version

            text = with_legend(
                against_markdown(
                    self.report,
                    title=self.title,
                    plan_findings=self.findings,
                    resources=self.resources,
                    version=aks_kit_version(),
                    base_version=self.base_version,
                )
            )
        elif fmt == "markdown":
            from .output import with_legend

            text = with_legend(self.markdown())
        elif fmt == "mermaid":
            text = self.mermaid()
        else:
            # a file is as wide as its longest line, like a pipe; a terminal folds settings
            text = rendered(app.out if out is None else file_console(), self._table())
        if fmt in ("markdown", "mermaid"):
            text = escape_controls(text)
        if out is not None:
            from rich.markup import escape

            write_out(out, text)
            app.err.print(escape(f"wrote {out}"))
        else:
            sys.stdout.write(text)

    def _table(self) -> list[RenderableType]:
        from rich.text import Text

        from .output import findings_table

        if self.report is None:
            return list(self.table())
        from .change_view import change_lines, change_summary

        # the changes per resource, then what blocks or warns (the list shows the rest)
        names = {r["name"]: r.get("azureName") for r in self.document.get("resources", [])}
        parts = change_lines(self.report, names, stacked=self.stacked)
        parts += findings_table(
            [f for _, f in self.report.stacked_findings if f.level in ("error", "warning")]
        )
        parts.append(Text(change_summary(self.report)))
        return parts
