"""A version as the diagram engine's chart (lvzhi.workflows.diagram), and the dates its time limits give on the
working calendar (lvzhi.workcal): what the workflow page, the image downloads and the API draw."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.workcal import service as calendar

from .dates import cn_date
from .diagram import Chart, Layout, Node, layout
from .models import MAX_SIGN_OFF_LEVELS, SignOff, Step, TimeUnit, WorkflowVersion
from .selectors import Figures, StepNode, figures_of_tree, responsible_of, step_tree

SIGN_OFF_LABELS = dict(SignOff.choices)
UNIT_WORDS: dict[str, Any] = {
    TimeUnit.DAYS.value: gettext_lazy("个工作日"),
    TimeUnit.HOURS.value: gettext_lazy("个工作小时"),
}


def limit_text(step: Step) -> str:
    if step.time_limit is None:
        return ""
    return f"{step.time_limit}{UNIT_WORDS.get(step.time_unit, '')}"


def _lines(step: Step) -> tuple[str, ...]:
    lines = [_("责任:%(who)s") % {"who": responsible_of(step) or "—"}]
    detail = []
    if step.time_limit is not None:
        detail.append(_("时限 %(limit)s") % {"limit": limit_text(step)})
    if step.sign_off:
        detail.append(_("签批:%(level)s") % {"level": SIGN_OFF_LABELS[step.sign_off]})
    if detail:
        lines.append(" · ".join(str(d) for d in detail))
    materials = step.material_list
    if materials:
        lines.append(_("材料:%(list)s") % {"list": "、".join(materials)})
    return tuple(str(line) for line in lines)


def _over_limit(f: Figures) -> set[str]:
    """The sign-off levels beyond the fourth (the highest ones), drawn in red."""
    return set(f.sign_offs[MAX_SIGN_OFF_LEVELS:]) if f.too_many_levels else set()


@dataclass(frozen=True)
class Overlay:
    """What another room draws onto a step of the chart (e.g. supervision's measured durations): lines under the
    step's own, and the box's colours."""

    lines: tuple[str, ...] = ()
    fill: str = ""
    stroke: str = ""


def chart_of(
    version: WorkflowVersion,
    tree: list[StepNode] | None = None,
    marked: set[str] | None = None,
    mark: str = "",
    overlay: dict[str, Overlay] | None = None,
    notes: tuple[str, ...] = (),
) -> tuple[Chart, Figures]:
    """The chart of a version; steps named in `marked` carry `mark` ("removed" or "added"); `overlay` (by step
    number) adds lines and colours to steps, `notes` lines under the chart."""
    tree = tree if tree is not None else step_tree(version)
    f = figures_of_tree(tree)
    red = _over_limit(f)
    marked = marked or set()

    overlay = overlay or {}

    def node(item: StepNode) -> Node:
        s = item.step
        extra = overlay.get(item.number, Overlay())
        return Node(
            number=item.number,
            title=s.name,
            lines=_lines(s) + extra.lines,
            children=tuple(node(c) for c in item.children),
            flagged=s.sign_off in red,
            mark=mark if s.name in marked else "",
            fill=extra.fill,
            stroke=extra.stroke,
        )

    workflow = version.workflow
    subtitle = _(
        "%(unit)s · 第%(n)s版(%(status)s)· %(steps)s个环节、%(procs)s个程序、%(materials)s项材料"
    ) % {
        "unit": workflow.unit.name,
        "n": version.number,
        "status": version.get_status_display(),
        "steps": f.steps,
        "procs": f.procedures,
        "materials": len(f.materials),
    }
    all_notes: list[str] = list(notes)
    if f.too_many_levels:
        all_notes.append(
            _("签批层级 %(n)s 级(%(levels)s),超过 %(max)s 级。")
            % {"n": f.levels, "levels": "、".join(f.sign_off_labels), "max": MAX_SIGN_OFF_LEVELS}
        )
    all_notes.extend(
        _("时限依据 %(number)s %(name)s:%(basis)s")
        % {"number": sub.number, "name": sub.step.name, "basis": sub.step.limit_basis}
        for item in tree
        for sub in [item, *item.children]
        if sub.step.limit_basis
    )
    chart = Chart(
        title=str(workflow.name),
        subtitle=str(subtitle),
        steps=tuple(node(item) for item in tree),
        notes=tuple(str(n) for n in all_notes),
        start_label=_("开始"),
        end_label=_("结束"),
    )
    return chart, f


def layout_of(version: WorkflowVersion, **kwargs: object) -> Layout:
    chart, _figures = chart_of(version, **kwargs)  # type: ignore[arg-type]
    return layout(chart)


@dataclass
class Due:
    number: str
    name: str
    limit: str
    due: datetime.date | None
    provisional: bool
    sub: bool


def schedule(tree: list[StepNode], start: datetime.date) -> list[Due]:
    """The last day of each step when the case is received on `start` and every step uses its whole time limit,
    one after another on the working calendar (the start day not counted, as statutes count)."""
    rows: list[Due] = []
    day = start
    for item in tree:
        parent_start = day
        child_day = parent_start
        child_rows = []
        for child in item.children:
            s = child.step
            if s.time_limit is not None:
                answer = calendar.deadline(child_day, s.time_limit, s.time_unit)
                child_day = answer.value
                child_rows.append(
                    Due(child.number, s.name, limit_text(s), child_day, answer.provisional, True)
                )
            else:
                child_rows.append(Due(child.number, s.name, "", None, False, True))
        s = item.step
        if s.time_limit is not None:
            answer = calendar.deadline(parent_start, s.time_limit, s.time_unit)
            day, provisional = answer.value, answer.provisional
        else:
            day, provisional = child_day, any(r.provisional for r in child_rows)
        rows.append(
            Due(
                item.number,
                s.name,
                limit_text(s),
                day if day != parent_start or s.time_limit else None,
                provisional,
                False,
            )
        )
        rows.extend(child_rows)
    return rows


def schedule_caption(start: datetime.date) -> str:
    return _("按工作日历推算:%(day)s受理,各环节用满时限时的最迟办结日期。") % {"day": cn_date(start)}
