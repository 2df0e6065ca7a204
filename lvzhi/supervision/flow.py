"""A workflow's diagram coloured by what its steps measured (read model): the version in force drawn by the
workflows room's own chart (lvzhi.workflows.charts.chart_of), each step's box coloured by its overdue rate, with its
events, median and p90 working time under it, and the bottleneck (the longest median) named.

The figures are the metric `step_durations` over the workflow's events in the period, matched to the drawn
version by step number and name; events of steps the version no longer has are counted in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.workflows.charts import Overlay, chart_of
from lvzhi.workflows.diagram import Chart
from lvzhi.workflows.models import Workflow, WorkflowVersion
from lvzhi.workflows.selectors import StepNode, current_version, step_tree

from . import selectors
from .warnings import OVERDUE_RATE

# Box colours by overdue rate: none overdue, some, at or above the warning threshold; no events: the default.
GREEN = ("#f0fff4", "#1a7f37")
AMBER = ("#fff8e1", "#9a6700")
RED = ("#fff5f5", "#b42318")


@dataclass
class StepFigures:
    number: str
    name: str
    count: int = 0
    completed: int = 0
    overdue: int = 0
    median_secs: int | None = None
    p90_secs: int | None = None
    median_days: int | None = None
    bottleneck: bool = False

    @property
    def overdue_rate(self) -> float | None:
        return self.overdue / self.completed if self.completed else None

    @property
    def level(self) -> str:
        """Empty (no finished events), "ok", "some" or "high" (at or above the warning threshold)."""
        rate = self.overdue_rate
        if rate is None:
            return ""
        if rate >= OVERDUE_RATE:
            return "high"
        return "some" if self.overdue else "ok"


@dataclass
class FlowView:
    version: WorkflowVersion | None
    chart: Chart | None
    steps: list[StepFigures] = field(default_factory=list)
    unmatched: int = 0  # events of steps the drawn version does not have


def hours(secs: int | None) -> str:
    return "—" if secs is None else f"{secs / 3600:.1f}"


def _flat(tree: list[StepNode]) -> list[StepNode]:
    return [n for item in tree for n in (item, *item.children)]


def _overlay(s: StepFigures) -> Overlay:
    if not s.count:
        return Overlay(lines=(_("监管数据:暂无"),))
    lines = [
        _("办理 %(n)s 次,办结 %(done)s 次") % {"n": s.count, "done": s.completed},
        _("中位 %(m)s、P90 %(p)s 工作小时") % {"m": hours(s.median_secs), "p": hours(s.p90_secs)},
    ]
    if s.overdue_rate is not None:
        lines.append(_("超时 %(n)s 次(%(rate).0f%%)") % {"n": s.overdue, "rate": 100 * s.overdue_rate})
    if s.bottleneck:
        lines.append(_("▲ 瓶颈环节(中位用时最长)"))
    fill, stroke = {"high": RED, "some": AMBER, "ok": GREEN}.get(s.level, ("", ""))
    return Overlay(lines=tuple(lines), fill=fill, stroke=stroke)


def flow_view(user: Any, workflow: Workflow, f: selectors.Filters) -> FlowView:
    """The version in force with the figures the user may see (their units only) for the period of `f`."""
    version = current_version(workflow)
    if version is None:
        return FlowView(None, None)
    tree = step_tree(version)
    scope = selectors.Filters(unit=workflow.unit.code, start=f.start, end=f.end)
    rows = [
        r
        for r in selectors.metric(user, "step_durations", scope)
        if r["workflow"] == workflow.code and r["unit"] == workflow.unit.code
    ]
    by_step = {(r["step"], r["step_name"]): r for r in rows}
    steps = []
    for node in _flat(tree):
        r = by_step.pop((node.number, node.step.name), None) or {}
        steps.append(
            StepFigures(
                number=node.number,
                name=node.step.name,
                count=int(r.get("count") or 0),
                completed=int(r.get("completed") or 0),
                overdue=int(r.get("overdue") or 0),
                median_secs=r.get("median_secs"),
                p90_secs=r.get("p90_secs"),
                median_days=r.get("median_days"),
            )
        )
    timed = [s for s in steps if s.median_secs is not None]
    if timed:
        max(timed, key=lambda s: (s.median_secs or 0, -steps.index(s))).bottleneck = True
    unmatched = sum(int(r["count"]) for r in by_step.values())
    notes = [
        _("颜色:绿色无超时,黄色有超时,红色超时率达到 %(rate).0f%%;灰白色尚无办结记录。")
        % {"rate": 100 * OVERDUE_RATE}
    ]
    if unmatched:
        notes.append(_("另有 %(n)s 条环节记录属于已不在现行版本中的环节,未在图中计入。") % {"n": unmatched})
    overlay = {s.number: _overlay(s) for s in steps}
    chart, _figures = chart_of(version, tree, overlay=overlay, notes=tuple(notes))
    return FlowView(version, chart, steps, unmatched)
