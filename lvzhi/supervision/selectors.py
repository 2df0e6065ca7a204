"""Read models of the supervision room: the metric tables over the store as a user may see them (their units
only), with the filters of the pages (region, category, unit, period), and the records behind a figure, paged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from django.db.models import Count, Q
from django.utils import timezone

from lvzhi.registry.models import Unit
from lvzhi.workcal import service

from . import metrics as M
from .references import store
from .schema import KINDS, SPECS
from .store import empty

DRILL_KINDS = {"performance": "day", "events": "start", "hotline": "day"}


@dataclass(frozen=True)
class Filters:
    region: str = ""
    category: str = ""
    unit: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


def visible_unit_codes(user: Any) -> list[str] | None:
    """None: every unit; else the codes of the units the user may see."""
    if getattr(user, "sees_all_units", False):
        return None
    return list(Unit.objects.visible_to(user).values_list("code", flat=True))


def _kind_table(con: Any, kind: str) -> ir.Table:
    s = store()
    if not s.has_data(kind):
        return ibis.memtable(empty(kind))
    pattern = str(s.kind_dir(kind) / "month=*" / "*.parquet")
    t = con.read_parquet(pattern, hive_partitioning=True, union_by_name=True)
    return t.select(*SPECS[kind].stored.names)


def _filtered(t: ir.Table, kind: str, f: Filters, codes: list[str] | None) -> ir.Table:
    if codes is not None:
        t = t.filter(t.unit.isin(codes or ["—"]))
    if f.region:
        t = t.filter(t.region == f.region)
    if f.category:
        t = t.filter(t.category == f.category)
    if f.unit:
        t = t.filter(t.unit == f.unit)
    day = t[DRILL_KINDS[kind]].cast("date")
    if f.start:
        t = t.filter(day >= f.start)
    if f.end:
        t = t.filter(day <= f.end)
    return t


def headcount() -> pa.Table:
    rows = (
        Unit.objects.values("code", "category__code")
        .annotate(n=Count("persons", filter=Q(persons__is_active=True)))
        .order_by()
    )
    return pa.Table.from_pylist(
        [{"unit": r["code"], "category": r["category__code"] or "", "headcount": r["n"]} for r in rows],
        schema=pa.schema([("unit", pa.string()), ("category", pa.string()), ("headcount", pa.int64())]),
    )


def tables(user: Any, f: Filters | None = None, con: Any = None) -> M.Tables:
    f = f or Filters()
    con = con or ibis.duckdb.connect()
    codes = visible_unit_codes(user)
    kinds = {k: _filtered(_kind_table(con, k), k, f, codes) for k in KINDS}
    calendar = service.current()
    hours = calendar.hours
    periods = tuple((a.hour * 3600 + a.minute * 60, b.hour * 3600 + b.minute * 60) for a, b in hours.periods)
    first, last = dt.date(2004, 1, 1), timezone.localdate() + dt.timedelta(days=400)
    cal = M.calendar_table(calendar.is_workday, periods, first, last)
    return M.Tables(
        performance=kinds["performance"],
        events=kinds["events"],
        hotline=kinds["hotline"],
        calendar=ibis.memtable(cal),
        headcount=ibis.memtable(headcount()),
        periods=periods,
    )


def metric(user: Any, name: str, f: Filters | None = None) -> list[dict[str, Any]]:
    return M.run(name, tables(user, f))


def records(
    user: Any, kind: str, f: Filters, where: dict[str, str], page: int = 1, size: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """The records behind a figure (their columns equal to `where`), one page, and how many there are."""
    con = ibis.duckdb.connect()
    t = _filtered(_kind_table(con, kind), kind, f, visible_unit_codes(user))
    for col, value in where.items():
        if col in t.columns:
            t = t.filter(t[col].cast("string") == str(value))
    total = int(con.execute(t.count()))
    order = DRILL_KINDS[kind]
    frame = con.execute(t.order_by([t[order], t.record_id]).limit(size, offset=(max(page, 1) - 1) * size))
    return frame.to_dict("records"), total
