"""A small hand-checked event log (and records, tickets, headcount) for the metrics; no Django."""

import datetime as dt

import ibis
import pyarrow as pa

from lvzhi.supervision import metrics as M
from lvzhi.supervision.schema import SPECS
from lvzhi.workcal.engine import WorkCalendar
from lvzhi.workcal.library import years

T = dt.datetime
D = dt.date
EIGHT = ((9 * 3600, 12 * 3600), (13 * 3600, 18 * 3600))  # 09:00-12:00, 13:00-18:00: eight-hour days


def _calendar() -> WorkCalendar:
    table = years()
    return WorkCalendar.build(((d, k) for rows in table.values() for d, k, _n in rows), table)


def _ev(rid, case, step, order, start, end, limit=2, unit_="days", unit="U1"):
    return {
        "record_id": rid,
        "batch": "b",
        "region": "R1",
        "category": "C1",
        "unit": unit,
        "case": case,
        "workflow": "W",
        "step": str(step),
        "step_name": f"环节{step}",
        "step_order": order,
        "step_total": 3,
        "time_limit": limit,
        "time_unit": unit_,
        "start": start,
        "end": end,
        "post": "",
        "outcome": "",
    }


EVENTS = [
    # case A: steps 1, 2, 3 in order. Step 1 spans the 2026 Spring Festival: 56 working hours (7 working days
    # counting the make-up Saturdays 14 and 28 February), 6 working days after the start day.
    _ev("a1", "A", 1, 1, T(2026, 2, 13, 0, 0), T(2026, 2, 28, 23, 59), limit=40, unit_="hours"),
    _ev("a2", "A", 2, 2, T(2026, 3, 2, 9, 0), T(2026, 3, 2, 17, 0)),  # 7 h (lunch 12-13 off), 0 days
    _ev("a3", "A", 3, 3, T(2026, 3, 3, 9, 0), None),  # not finished
    # case B: step 3 before step 2, step 1 skipped... no: B does 1, 3, 2 (out of order)
    _ev("b1", "B", 1, 1, T(2026, 3, 2, 9, 0), T(2026, 3, 2, 10, 30), limit=4, unit_="hours"),  # 1.5 h
    _ev("b3", "B", 3, 3, T(2026, 3, 3, 9, 0), T(2026, 3, 6, 9, 0)),  # 3 days > 2: overdue; 24 h
    _ev("b2", "B", 2, 2, T(2026, 3, 6, 9, 0), T(2026, 3, 6, 12, 0)),  # 3 h
    # case C: 1 then 3 (step 2 skipped)
    _ev("c1", "C", 1, 1, T(2026, 3, 2, 9, 0), T(2026, 3, 2, 13, 30), limit=4, unit_="hours"),  # 3.5 h
    _ev("c3", "C", 3, 3, T(2026, 3, 9, 9, 0), T(2026, 3, 9, 9, 0)),  # 0
]

PERF = [
    {
        "record_id": f"p{i}",
        "batch": "b",
        "region": r,
        "category": c,
        "unit": u,
        "body": "01",
        "post": "P1",
        "item_kind": "power",
        "item": it,
        "day": d,
        "action": "办理",
        "quantity": q,
    }
    for i, (r, c, u, it, d, q) in enumerate(
        [
            ("R1", "C1", "U1", "X1", D(2026, 2, 13), 2),
            ("R1", "C1", "U1", "X1", D(2026, 3, 31), 3),
            ("R1", "C1", "U2", "X2", D(2026, 3, 1), 1),
            ("R2", "C2", "U3", "X3", D(2026, 3, 2), 10),
        ]
    )
]

HOTLINE = [
    {
        "record_id": f"h{i}",
        "batch": "b",
        "region": "R1",
        "category": "C1",
        "ticket": f"T{i}",
        "line": "12345",
        "day": d,
        "unit": u,
        "topic": tp,
        "text": "",
        "transfers": tr,
        "transfer_count": tc,
        "satisfaction": s,
        "satisfied": int(s in ("满意", "基本满意")),
    }
    for i, (d, u, tp, tr, tc, s) in enumerate(
        [
            (D(2026, 3, 2), "U1", "审批", "", 0, "满意"),
            (D(2026, 3, 3), "U1", "审批", "U2;U1", 2, "不满意"),
            (D(2026, 3, 4), "U1", "收费", "U2", 1, ""),
            (D(2026, 2, 4), "U2", "审批", "U1;U3;U2", 3, "基本满意"),
        ]
    )
]

HEADCOUNT = [
    {"unit": "U1", "category": "C1", "headcount": 5},
    {"unit": "U2", "category": "C1", "headcount": 1},
    {"unit": "U3", "category": "C2", "headcount": 2},
]


def tables() -> M.Tables:
    def mem(kind, rows):
        return ibis.memtable(pa.Table.from_pylist(rows, schema=SPECS[kind].stored))

    cal = M.calendar_table(_calendar().is_workday, EIGHT, D(2026, 1, 1), D(2026, 12, 31))
    head = pa.Table.from_pylist(
        HEADCOUNT,
        schema=pa.schema([("unit", pa.string()), ("category", pa.string()), ("headcount", pa.int64())]),
    )
    return M.Tables(
        performance=mem("performance", PERF),
        events=mem("events", EVENTS),
        hotline=mem("hotline", HOTLINE),
        calendar=ibis.memtable(cal),
        headcount=ibis.memtable(head),
        periods=EIGHT,
    )
