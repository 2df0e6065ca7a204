"""The room's checks per unit and region (pages, API and exports read them from here; nothing writes):

- sign-off: a workflow whose version in force goes through more than four sign-off levels is flagged; the share
  of workflows that can be signed off inside a section (every sign-off by the handling post or the section head),
  before the redesign (each workflow's first adopted version) and now (the version in force);
- redesign: steps, procedures, materials and time limits cut from each workflow's first adopted version to the
  version in force, summed per unit and region.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from lvzhi.registry.models import Unit

from .models import Status, Workflow, WorkflowVersion
from .selectors import Comparison, Figures, compare_figures, figures_of_tree, trees_for


@dataclass
class WorkflowCheck:
    workflow: Workflow
    current: WorkflowVersion
    now: Figures
    first: Figures
    comparison: Comparison | None  # None while the first version is the one in force


@dataclass
class UnitChecks:
    unit_id: int
    unit_name: str
    region_name: str
    workflows: int = 0  # with a version in force
    drawn: int = 0  # all workflows, in force or not yet
    flagged: int = 0
    inside_before: int = 0
    inside_now: int = 0
    redesigned: int = 0
    steps_cut: int = 0
    procedures_cut: int = 0
    materials_cut: int = 0
    days_cut: int = 0
    hours_cut: int = 0
    flagged_workflows: list[WorkflowCheck] = field(default_factory=list)

    def share(self, count: int) -> Fraction | None:
        return Fraction(count, self.workflows) if self.workflows else None

    @property
    def share_before(self) -> Fraction | None:
        return self.share(self.inside_before)

    @property
    def share_now(self) -> Fraction | None:
        return self.share(self.inside_now)


SUMMED = (
    "workflows", "drawn", "flagged", "inside_before", "inside_now", "redesigned", "steps_cut", "procedures_cut",
    "materials_cut", "days_cut", "hours_cut",
)  # fmt: skip


@dataclass
class Checks:
    units: list[UnitChecks]
    total: UnitChecks


def percent(share: Fraction | None) -> str:
    """72.82%: two decimals, half up; "—" when there is nothing to count."""
    if share is None:
        return "—"
    hundredths = (share * 10000 + Fraction(1, 2)).__floor__()
    return f"{hundredths // 100}.{hundredths % 100:02d}%"


def workflow_checks(workflows: QuerySet[Workflow]) -> list[WorkflowCheck]:
    """Each workflow with a version in force: its figures now and at its first adoption."""
    adopted = list(
        WorkflowVersion.objects.filter(
            workflow__in=workflows, status__in=[Status.IN_FORCE, Status.SUPERSEDED]
        ).order_by("workflow_id", "number")
    )
    first: dict[int, WorkflowVersion] = {}
    current: dict[int, WorkflowVersion] = {}
    for v in adopted:
        first.setdefault(v.workflow_id, v)
        if v.status == Status.IN_FORCE:
            current[v.workflow_id] = v
    trees = trees_for(sorted({v.pk for v in [*first.values(), *current.values()]}))
    out = []
    for workflow in workflows.filter(pk__in=list(current)).select_related("unit", "internal_body"):
        now_v, first_v = current[workflow.pk], first[workflow.pk]
        now = figures_of_tree(trees[now_v.pk])
        before = now if first_v.pk == now_v.pk else figures_of_tree(trees[first_v.pk])
        comparison = None if first_v.pk == now_v.pk else compare_figures(before, now)
        out.append(WorkflowCheck(workflow, now_v, now, before, comparison))
    return out


def unit_checks(user: Any, units: QuerySet[Unit]) -> Checks:
    """The checks for `units`, counting the workflows the user sees."""
    rows = {
        u.pk: UnitChecks(u.pk, u.name, u.region.name if u.region_id else "")
        for u in units.select_related("region").order_by("region__path", "order", "code")
    }
    workflows = Workflow.objects.visible_to(user).filter(unit__in=units)
    drawn: dict[int, int] = defaultdict(int)
    for unit_id in workflows.values_list("unit_id", flat=True):
        drawn[unit_id] += 1
    for unit_id, n in drawn.items():
        if unit_id in rows:
            rows[unit_id].drawn = n
    for check in workflow_checks(workflows):
        row = rows.get(check.workflow.unit_id)
        if row is None:
            continue
        row.workflows += 1
        row.inside_before += check.first.inside_section
        row.inside_now += check.now.inside_section
        if check.now.too_many_levels:
            row.flagged += 1
            row.flagged_workflows.append(check)
        if check.comparison is not None:
            c = check.comparison
            row.redesigned += 1
            row.steps_cut += c.steps_cut
            row.procedures_cut += c.procedures_cut
            row.materials_cut += c.materials_cut
            row.days_cut += c.days_cut
            row.hours_cut += c.hours_cut
    total = UnitChecks(0, gettext("合计"), "")
    for row in rows.values():
        for name in SUMMED:
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.flagged_workflows.extend(row.flagged_workflows)
    return Checks(list(rows.values()), total)
