"""Supervision metrics into a campaign's indicators, through the campaign room's import path
(lvzhi.campaigns.imports.import_file, kind "supervision"): one long-layout file for the campaign, checked and
stored atomically like any imported figure, with the records behind each figure in its note (shown in the
result's explanation). The scoring engine scores each figure by the leaf's own rule (bands, ratio, survey …).

A leaf takes a metric when its source is `supervision_metric:<指标>` (监管指标:…), over the campaign's year
(1 January – 31 December) and the unit's own records:

- 办结率 (`completion`): finished workflow steps / steps started, %;
- 超时率 (`overdue`): steps over their time limit / finished steps, %;
- 按时办结率 (`on_time`): finished steps within their limit / finished steps, %;
- 热线满意率 (`satisfaction`): tickets rated 满意 or 基本满意 / rated tickets, %.

The leaf's rule takes the figure as it expects it: a completion ratio without a fixed target the counted and the
whole (actual, target), an occurrences rule the count (超时办件: overdue steps), any other rule the rate. A leaf
naming another figure (e.g. 监管指标:coverage) is not computed here and keeps being imported. A unit without the
records a figure needs (no steps, no rated tickets) gets no figure and is named as left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.campaigns.feeding import (
    MeasuredLeaf,
    campaign_units,
    clip,
    import_rows,
    measured_leaves,
    number,
    parts_for,
    percent,
)
from lvzhi.core.errors import Invalid
from lvzhi.workflows.models import Workflow

from . import metrics as M
from . import selectors
from .policy import POLICY

SOURCE = "supervision_metric"
MEASURES = {
    "completion": gettext_lazy("办结率"),
    "overdue": gettext_lazy("超时率"),
    "on_time": gettext_lazy("按时办结率"),
    "satisfaction": gettext_lazy("热线满意率"),
}
WORDS = {
    **{key: key for key in MEASURES},
    "办结率": "completion",
    "完成率": "completion",
    "超时率": "overdue",
    "按时办结率": "on_time",
    "按时完成率": "on_time",
    "热线满意率": "satisfaction",
    "满意率": "satisfaction",
    "满意度": "satisfaction",
}


MetricLeaf = MeasuredLeaf


def metric_leaves(campaign: Any) -> list[MetricLeaf]:
    """The campaign scheme's leaves whose source is a supervision metric, with the metric each names; a figure
    supervision does not compute (e.g. 监管指标:coverage) is left to be imported as before."""
    return measured_leaves(
        campaign, source=SOURCE, words=WORDS, measures=MEASURES, room=_("监管指标"), refuse_unknown=False
    )


@dataclass
class UnitFigures:
    steps: list[dict[str, Any]]  # step_durations rows of the unit
    hotline: list[dict[str, Any]]  # hotline_by_unit rows of the unit


Figure = tuple[int, int, Decimal, str]  # (counted, out of, the rate in %, the note)


def _step_figure(
    leaf: MetricLeaf, rows: list[dict[str, Any]], flows: dict[str, Any], span: str
) -> Figure | None:
    count = sum(int(r["count"]) for r in rows)
    done = sum(int(r["completed"]) for r in rows)
    late = sum(int(r["overdue"]) for r in rows)
    whole = count if leaf.measure == "completion" else done
    if not whole:
        return None
    part = {"completion": done, "overdue": late, "on_time": done - late}[leaf.measure]
    value = percent(part, whole)
    head = _("%(span)s流程环节%(n)s次,办结%(done)s次,超时%(late)s次,%(measure)s %(value)s%%") % {
        "span": span, "n": count, "done": done, "late": late, "measure": leaf.measure_label,
        "value": number(value),
    }  # fmt: skip
    per_step = sorted(
        rows, key=lambda r: (-int(r["overdue"]), -int(r["count"]), str(r["workflow"]), r["step_order"])
    )
    parts = [
        _("%(flow)s %(step)s %(name)s:%(n)s次/办结%(done)s/超时%(late)s")
        % {"flow": flows.get(r["workflow"], r["workflow"]), "step": r["step"], "name": r["step_name"],
           "n": r["count"], "done": r["completed"], "late": r["overdue"]}
        for r in per_step
    ]  # fmt: skip
    return part, whole, value, clip(head + (":" + ";".join(parts) if parts else ""))


def _hotline_figure(rows: list[dict[str, Any]], span: str) -> Figure | None:
    rated = sum(int(r["rated"]) for r in rows)
    if not rated:
        return None
    satisfied = sum(int(r["satisfied"]) for r in rows)
    tickets = sum(int(r["tickets"]) for r in rows)
    value = percent(satisfied, rated)
    head = _("%(span)s热线工单%(n)s件,评价%(rated)s件,满意或基本满意%(ok)s件,满意率 %(value)s%%") % {
        "span": span, "n": tickets, "rated": rated, "ok": satisfied, "value": number(value),
    }  # fmt: skip
    topics = sorted(rows, key=lambda r: (-int(r["tickets"]), str(r["topic"])))
    parts = [
        _("%(topic)s %(n)s件(满意%(ok)s/评价%(rated)s)")
        % {"topic": r["topic"] or _("未分类"), "n": r["tickets"], "ok": r["satisfied"], "rated": r["rated"]}
        for r in topics
    ]
    return satisfied, rated, value, clip(head + ":" + ";".join(parts))


def _entries(leaf: MetricLeaf, found: Figure) -> list[tuple[str, str]]:
    part, whole, rate, _note = found
    return parts_for(leaf, counted=part, whole=whole, occurrences=part, rate=rate)


def feed_rows(campaign: Any, actor: Any) -> tuple[list[MetricLeaf], list[list[Any]], list[str]]:
    """(the metric indicators, the file's rows, the units left out with why) for the campaign's year."""
    leaves = metric_leaves(campaign)
    if not leaves:
        raise Invalid(
            _("本活动的指标体系中没有可由监管数据计算的指标(数据来源写作“监管指标:%(choices)s”之一)。")
            % {"choices": "/".join(str(m) for m in MEASURES.values())}
        )
    start, end = dt.date(campaign.year, 1, 1), dt.date(campaign.year, 12, 31)
    span = _("%(year)s年") % {"year": campaign.year}
    t = selectors.tables(actor, selectors.Filters(start=start, end=end))
    by_unit: dict[str, UnitFigures] = defaultdict(lambda: UnitFigures([], []))
    if any(leaf.measure != "satisfaction" for leaf in leaves):
        for r in M.run("step_durations", t):
            by_unit[r["unit"]].steps.append(r)
    if any(leaf.measure == "satisfaction" for leaf in leaves):
        for r in M.run("hotline_by_unit", t):
            by_unit[r["unit"]].hotline.append(r)
    flows = dict(Workflow.objects.values_list("code", "name"))
    units = campaign_units(campaign)
    rows: list[list[Any]] = []
    left_out: list[str] = []
    for unit in units:
        mine = by_unit.get(unit.code, UnitFigures([], []))
        missing = []
        for leaf in leaves:
            if leaf.measure == "satisfaction":
                found = _hotline_figure(mine.hotline, span)
            else:
                found = _step_figure(leaf, mine.steps, flows, span)
            if found is None:
                missing.append(leaf.measure_label)
                continue
            rows.extend([unit.code, unit.name, leaf.code, p, v, found[3]] for p, v in _entries(leaf, found))
        if missing:
            left_out.append(
                _("%(unit)s(%(year)s年没有计算%(what)s所需的记录)")
                % {"unit": unit.name, "year": campaign.year, "what": "、".join(dict.fromkeys(missing))}
            )
    return leaves, rows, left_out


def feed_scores(campaign: Any, *, actor: Any) -> Any:
    """计入评估指标: write each unit's supervision figures into the campaign (ImportedValue rows, kind
    "supervision"), all of them or none."""
    POLICY.require(actor, "feed_scores")
    _leaves, rows, _left_out = feed_rows(campaign, actor)
    return import_rows(
        campaign, actor=actor, kind="supervision", rows=rows, filename=f"职能运行监管-{campaign.year}.csv",
        note=_("由职能运行监管指标计入"), none_message=_("活动范围内没有单位有该年度的监管记录,暂不能计入指标。"),
    )  # fmt: skip
