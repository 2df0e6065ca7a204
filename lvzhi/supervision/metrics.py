"""The supervision metrics, each defined once in Ibis and run unchanged on DuckDB (the default) or on Spark.

Pure: no Django import. A metric is a function of `Tables` (the three record kinds, the working-calendar table
and the headcount table, as Ibis tables of one backend) returning an Ibis expression; `run(name, tables)` executes
it. Only operations both engines do the same way are used (tests/supervision/test_parity.py proves it on every
metric of `METRICS`):

- durations in working time come from a calendar table (per day: working or not, the working seconds of all days
  before it, the working days up to it): a moment's working-seconds offset is the day's offset plus the office
  seconds before its time of day, so a duration is a difference — joins and integer arithmetic only, with the
  holidays and the make-up working days (调休) of the official year table;
- medians and 90th percentiles are nearest-rank (the k-th smallest value, k = ⌈p·n⌉), taken by position from
  the group's sorted values, never an engine's own (interpolating or approximate) percentile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

ONE_DAY = dt.timedelta(days=1)


@dataclass
class Tables:
    performance: ir.Table
    events: ir.Table
    hotline: ir.Table
    calendar: ir.Table  # day, work, cum_secs, cum_days
    headcount: ir.Table  # unit, category, headcount
    periods: tuple[tuple[int, int], ...]  # office hours as (start, end) seconds of the day


def calendar_table(
    is_workday: Callable[[dt.date], bool], periods: Iterable[tuple[int, int]], start: dt.date, end: dt.date
) -> pa.Table:
    """Per day from `start` to `end`: 1 when a working day, the working seconds before it, the working days up to
    and including it (so a time limit's "start day not counted" is cum_days(end) - cum_days(start))."""
    per_day = sum(b - a for a, b in periods)
    days, work, cum_secs, cum_days = [], [], [], []
    secs = n = 0
    day = start
    while day <= end:
        w = 1 if is_workday(day) else 0
        days.append(day)
        work.append(w)
        cum_secs.append(secs)
        n += w
        cum_days.append(n)
        secs += w * per_day
        day += ONE_DAY
    return pa.table(
        {
            "day": pa.array(days, pa.date32()),
            "work": pa.array(work, pa.int64()),
            "cum_secs": pa.array(cum_secs, pa.int64()),
            "cum_days": pa.array(cum_days, pa.int64()),
        }
    )


def _office_secs(ts: ir.TimestampValue, periods: tuple[tuple[int, int], ...]) -> ir.IntegerValue:
    sod = ts.hour().cast("int64") * 3600 + ts.minute().cast("int64") * 60 + ts.second().cast("int64")
    total: ir.IntegerValue = ibis.literal(0, "int64")
    for a, b in periods:
        total = total + ibis.greatest(ibis.literal(0, "int64"), ibis.least(sod, ibis.literal(b, "int64")) - a)
    return total


def durations(t: Tables) -> ir.Table:
    """Every workflow event with its duration in working seconds and working days (null while not finished)."""
    e = t.events.mutate(sd=t.events.start.cast("date"), ed=t.events.end.cast("date"))
    cal = t.calendar
    s = cal.select(sd=cal.day, s_work=cal.work, s_secs=cal.cum_secs, s_days=cal.cum_days)
    f = cal.select(ed=cal.day, e_work=cal.work, e_secs=cal.cum_secs, e_days=cal.cum_days)
    j = e.left_join(s, "sd").left_join(f, "ed")
    start_w = j.s_secs + j.s_work * _office_secs(j.start, t.periods)
    end_w = j.e_secs + j.e_work * _office_secs(j.end, t.periods)
    j = j.mutate(work_secs=end_w - start_w, work_days=j.e_days - j.s_days)
    overdue = ibis.cases(
        (j.end.isnull() | j.time_limit.isnull(), 0),
        ((j.time_unit == "hours") & (j.work_secs > j.time_limit * 3600), 1),
        ((j.time_unit != "hours") & (j.work_days > j.time_limit), 1),
        else_=0,
    )
    return j.mutate(overdue=overdue)


def _nearest(values: ir.ArrayValue, num: int, den: int) -> ir.IntegerValue:
    """The nearest-rank percentile num/den of a sorted array: its k-th element, k = ⌈n·num/den⌉ (null if empty)."""
    n = values.length()
    k = ((n * num + (den - 1)) // den - 1).cast("int32")  # Spark's element_at takes an int
    return ibis.cases((n > 0, values[k]), else_=None)


def step_durations(t: Tables) -> ir.Table:
    """Per step: events, finished ones, nearest-rank median and p90 in working seconds and working days, overdue,
    total working seconds. One grouping: each step's finished durations are collected and sorted once, and the
    percentiles are taken by position (no window, no engine percentile)."""
    d = durations(t)
    keys = ["unit", "workflow", "step", "step_order", "step_name"]
    done = d.end.notnull()
    g = d.group_by(keys).aggregate(
        count=d.count(),
        completed=d.count(where=done),
        _secs=d.work_secs.collect(where=done),
        _days=d.work_days.collect(where=done),
        overdue=d.overdue.sum(),
        total_secs=d.work_secs.sum(where=done),
    )
    g = g.mutate(_secs=g._secs.sort(), _days=g._days.sort())
    return g.select(
        *keys,
        "count",
        "completed",
        median_secs=_nearest(g._secs, 1, 2),
        p90_secs=_nearest(g._secs, 9, 10),
        median_days=_nearest(g._days, 1, 2),
        p90_days=_nearest(g._days, 9, 10),
        overdue=g.overdue.fill_null(0),
        total_secs=g.total_secs.fill_null(0),
    )


def bottlenecks(t: Tables) -> ir.Table:
    """Per workflow the step with the longest median working time (ties: the earlier step)."""
    s = step_durations(t).filter(lambda x: x.median_secs.notnull())
    w = ibis.window(group_by=[s.unit, s.workflow], order_by=[ibis.desc(s.median_secs), s.step_order])
    s = s.mutate(_r=ibis.row_number().over(w))
    return s.filter(s._r == 0).select("unit", "workflow", "step", "step_name", "median_secs", "p90_secs")


def conformance(t: Tables) -> ir.Table:
    """Per workflow: cases, cases with a step out of the defined order, cases with skipped steps (a later step
    reached while an earlier one never appeared), and the skipped steps counted. Events of a case in time order
    (ties: by step order, so that two events of one step at the same moment are never "out of order"); the steps
    a case saw are counted as its groups of (case, step), which is much cheaper than a distinct count per case."""
    e = t.events
    w = ibis.window(group_by=[e.unit, e.workflow, e.case], order_by=[e.start, e.step_order])
    e = e.mutate(_prev=e.step_order.lag().over(w))
    e = e.mutate(_back=ibis.cases((e._prev.notnull() & (e.step_order < e._prev), 1), else_=0))
    steps = e.group_by(["unit", "workflow", "case", "step_order"]).aggregate(back=e._back.max())
    cases = steps.group_by(["unit", "workflow", "case"]).aggregate(
        back=steps.back.max(), reached=steps.step_order.max(), seen=steps.count()
    )
    cases = cases.mutate(skipped=cases.reached - cases.seen)
    return cases.group_by(["unit", "workflow"]).aggregate(
        cases=cases.count(),
        out_of_order=cases.back.sum(),
        with_skips=(cases.skipped > 0).cast("int64").sum(),
        skipped_steps=cases.skipped.sum(),
    )


def overdue_by_unit(t: Tables) -> ir.Table:
    """Per unit: finished steps with a time limit, and how many went over it (the events filtered before the
    calendar joins, not after)."""
    e = t.events
    d = durations(replace(t, events=e.filter(e.end.notnull() & e.time_limit.notnull())))
    return d.group_by(["region", "category", "unit"]).aggregate(finished=d.count(), overdue=d.overdue.sum())


def _records_by(dim: str) -> Callable[[Tables], ir.Table]:
    def metric(t: Tables) -> ir.Table:
        p = t.performance
        if dim == "month":
            p = p.mutate(month=p.day.year().cast("int64") * 100 + p.day.month().cast("int64"))
        return p.group_by(dim).aggregate(records=p.count(), quantity=p.quantity.sum())

    return metric


def workload(t: Tables) -> ir.Table:
    """工作饱和度: records (their quantity) per staff member of the unit against the units of its category."""
    p = t.performance
    by_unit = p.group_by("unit").aggregate(quantity=p.quantity.sum())
    h = t.headcount.filter(t.headcount.headcount > 0)
    j = h.join(by_unit, "unit")
    j = j.mutate(per_head=j.quantity.cast("float64") / j.headcount)
    peers = ibis.window(group_by=j.category)
    j = j.mutate(peer_mean=j.per_head.mean().over(peers), peers=j.unit.count().over(peers))
    return j.select("unit", "category", "headcount", "quantity", "per_head", "peer_mean", "peers")


def hotline_by_unit(t: Tables) -> ir.Table:
    h = t.hotline
    return h.group_by(["region", "category", "unit", "topic"]).aggregate(
        tickets=h.count(),
        satisfied=h.satisfied.sum(),
        rated=(h.satisfaction != "").cast("int64").sum(),
        bounced=(h.transfer_count >= 2).cast("int64").sum(),
    )


def hotline_by_month(t: Tables) -> ir.Table:
    h = t.hotline
    h = h.mutate(month=h.day.year().cast("int64") * 100 + h.day.month().cast("int64"))
    return h.group_by(["unit", "month"]).aggregate(tickets=h.count())


def last_records(t: Tables) -> ir.Table:
    """Per unit and task or power item: the last day with a record (for "no records for N working days")."""
    p = t.performance
    return p.group_by(["unit", "item_kind", "item"]).aggregate(last_day=p.day.max(), records=p.count())


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    build: Callable[[Tables], ir.Table]
    keys: tuple[str, ...]  # the columns that order its rows (and identify them)


METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        *(
            Metric(f"records_by_{d}", f"履职记录(按{lbl})", _records_by(d), (d,))
            for d, lbl in (
                ("region", "区划"),
                ("category", "类别"),
                ("unit", "单位"),
                ("body", "内设机构"),
                ("post", "岗位"),
                ("item", "事项"),
                ("month", "月份"),
            )
        ),
        Metric("step_durations", "环节办理时长", step_durations, ("unit", "workflow", "step_order")),
        Metric("bottlenecks", "瓶颈环节", bottlenecks, ("unit", "workflow")),
        Metric("conformance", "流程合规(跳过或颠倒环节)", conformance, ("unit", "workflow")),
        Metric("overdue_by_unit", "超时环节(按单位)", overdue_by_unit, ("unit",)),
        Metric("workload", "工作饱和度", workload, ("unit",)),
        Metric("hotline_by_unit", "热线工单(按单位和类别)", hotline_by_unit, ("unit", "topic")),
        Metric("hotline_by_month", "热线工单(按月)", hotline_by_month, ("unit", "month")),
        Metric("last_records", "事项最近履职日期", last_records, ("unit", "item_kind", "item")),
    ]
}


def run(name: str, tables: Tables) -> list[dict[str, Any]]:
    metric = METRICS[name]
    frame = metric.build(tables).execute()
    rows = frame.to_dict("records")
    out = []
    for row in rows:
        clean = {}
        for k, v in row.items():
            if hasattr(v, "item"):
                v = v.item()
            if v != v:  # NaN → None
                v = None
            if hasattr(v, "to_pydatetime"):
                v = v.to_pydatetime()
            clean[k] = v
        out.append(clean)
    return sorted(out, key=lambda r: tuple(str(r.get(k)) for k in metric.keys))
