"""Warnings on the metrics (预警规则): which units go on the key-supervision list, with the figures as evidence.
The thresholds are the office's defaults (docs/supervision.md); `evaluate` finds them, `actions.raise_warnings`
records each once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone

from lvzhi.registry.models import Unit
from lvzhi.workcal import service

from . import actions, selectors
from . import metrics as M
from .models import Warning
from .policy import POLICY

OVERDUE_RATE = 0.2  # more than 20% of the finished steps over their time limit
OVERDUE_MIN = 5  # … of at least five finished steps
SPIKE_FACTOR = 2.0  # a month's tickets at least twice the unit's average of the months before
SPIKE_MIN = 5
SILENT_WORKDAYS = 20  # no record for a task or power item for 20 working days
WORKLOAD_LOW, WORKLOAD_HIGH = 0.5, 2.0  # per head against the category's mean
BOUNCED_MIN = 2  # tickets passed between two or more units


def evaluate(actor: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    found: list[dict[str, Any]] = []
    units = {u.code: u for u in Unit.objects.all()}

    def add(
        kind: str,
        code: str,
        key: str,
        period: str,
        value: float,
        threshold: float,
        summary: str,
        evidence: dict[str, Any],
    ) -> None:
        if code in units:
            found.append(
                {
                    "kind": kind,
                    "unit": units[code],
                    "key": key,
                    "period": period,
                    "value": value,
                    "threshold": threshold,
                    "summary": summary[:300],
                    "evidence": evidence,
                }
            )

    t = selectors.tables(actor)
    for r in M.run("overdue_by_unit", t):
        rate = r["overdue"] / r["finished"] if r["finished"] else 0
        if r["finished"] >= OVERDUE_MIN and rate > OVERDUE_RATE:
            add(
                "overdue",
                r["unit"],
                f"overdue:{today:%Y-%m}",
                f"{today:%Y-%m}",
                rate,
                OVERDUE_RATE,
                f"流程环节超时率 {rate:.0%}(办结 {r['finished']} 个环节,超时 {r['overdue']} 个)",
                {"办结环节": r["finished"], "超时环节": r["overdue"]},
            )
    months: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in M.run("hotline_by_month", t):
        months[r["unit"]].append((r["month"], r["tickets"]))
    for code, series in months.items():
        series.sort()
        if len(series) < 2:
            continue
        (month, last), before = series[-1], [n for _m, n in series[:-1]]
        mean = sum(before) / len(before)
        if last >= SPIKE_MIN and last >= SPIKE_FACTOR * mean:
            add(
                "hotline_spike",
                code,
                f"spike:{month}",
                str(month),
                last,
                SPIKE_FACTOR * mean,
                f"{month // 100}年{month % 100}月热线工单 {last} 件,为此前月均 {mean:.1f} 件的 {last / mean:.1f} 倍",
                {"本月工单": last, "此前月均": round(mean, 1)},
            )
    calendar = service.current()
    for r in M.run("last_records", t):
        last_day = r["last_day"].date() if hasattr(r["last_day"], "date") else r["last_day"]
        gap = calendar.workdays(last_day + dt.timedelta(days=1), today).value
        if gap >= SILENT_WORKDAYS:
            add(
                "silent_task",
                r["unit"],
                f"silent:{r['item_kind']}:{r['item']}:{last_day}",
                f"{last_day}至{today}",
                gap,
                SILENT_WORKDAYS,
                f"事项“{r['item']}”已连续 {gap} 个工作日没有履职记录(最近 {last_day})",
                {"事项": r["item"], "最近记录": str(last_day), "工作日": gap},
            )
    for r in M.run("workload", t):
        if r["peers"] < 2 or not r["peer_mean"]:
            continue
        ratio = r["per_head"] / r["peer_mean"]
        if ratio < WORKLOAD_LOW or ratio > WORKLOAD_HIGH:
            add(
                "workload",
                r["unit"],
                f"workload:{today:%Y-%m}",
                f"{today:%Y-%m}",
                ratio,
                WORKLOAD_LOW if ratio < WORKLOAD_LOW else WORKLOAD_HIGH,
                f"人均履职量 {r['per_head']:.1f},为同类单位平均 {r['peer_mean']:.1f} 的 {ratio:.1f} 倍",
                {"实有人数": r["headcount"], "履职量": r["quantity"], "同类单位数": r["peers"]},
            )
    bounced: dict[str, int] = defaultdict(int)
    for r in M.run("hotline_by_unit", t):
        bounced[r["unit"]] += r["bounced"]
    for code, n in bounced.items():
        if n >= BOUNCED_MIN:
            add(
                "bounced",
                code,
                f"bounced:{today:%Y-%m}",
                f"{today:%Y-%m}",
                n,
                BOUNCED_MIN,
                f"{n} 件热线工单在两个以上单位间转办(推诿),请核对职责边界清单",
                {"多次转办工单": n},
            )
    return found


def run(actor: Any, today: dt.date | None = None) -> list[Warning]:
    POLICY.require(actor, "evaluate")
    return actions.raise_warnings(evaluate(actor, today), actor=actor)
