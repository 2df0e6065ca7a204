"""Supervision benchmark: skewed performance records and workflow events → Parquet → ingest (checked, deduplicated,
appended to a store in a temporary directory) → each standard query through the Ibis metric next to the same
query hand-written in DuckDB SQL. Prints ingest rate, on-disk size, peak memory and the ratios.

    .venv/bin/python bench/supervision.py [--records N] [--events N] [--quick]

The default is the issue's 100 million records and 20 million events; --quick is 1 million and 200 thousand.
No Django: the registry is a synthetic one of 300 units (a few large ones)."""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb
import ibis

from lvzhi.supervision import checking, metrics
from lvzhi.supervision.store import Store

UNITS = 300
RUNS = 3


def generate(con: duckdb.DuckDBPyConnection, path: Path, records: int, events: int) -> None:
    # unit: a few large units (power-law), season: more in Q4, month-end spikes (days 25-31 doubled).
    con.execute(f"""
        COPY (
          SELECT 'U' || lpad(CAST(CAST(floor({UNITS} * pow(random(), 3)) AS INT) AS VARCHAR), 4, '0') AS unit,
                 '' AS body, '' AS post, 'power' AS item_kind, 'X' || CAST(i % 50 AS VARCHAR) AS item,
                 CAST(DATE '2025-01-01' + CAST(CASE WHEN random() < 0.3 THEN 300 + random() * 64
                      ELSE random() * 364 END AS INT) AS VARCHAR) AS day,
                 '办理' || CAST(i AS VARCHAR) AS action, CAST(1 + (i % 5) AS VARCHAR) AS quantity
          FROM range({records}) t(i)
        ) TO '{path}/perf.parquet' (FORMAT parquet)
    """)
    con.execute(f"""
        COPY (
          SELECT 'U' || lpad(CAST(CAST(floor({UNITS} * pow(random(), 3)) AS INT) AS VARCHAR), 4, '0') AS unit,
                 'C' || CAST(i // 4 AS VARCHAR) AS "case", 'W' AS workflow, CAST(1 + i % 4 AS VARCHAR) AS step,
                 CAST(TIMESTAMP '2025-01-02 09:00' + to_minutes(CAST((i // 4) % 500000 AS BIGINT))
                      + to_hours(CAST(24 * (i % 4) AS BIGINT)) AS VARCHAR) AS start,
                 CAST(TIMESTAMP '2025-01-02 09:00' + to_minutes(CAST((i // 4) % 500000 AS BIGINT))
                      + to_hours(CAST(24 * (i % 4) + 2 + (i % 7) * 8 AS BIGINT)) AS VARCHAR) AS "end",
                 '' AS post, '' AS outcome
          FROM range({events}) t(i)
        ) TO '{path}/events.parquet' (FORMAT parquet)
    """)


def best(run: Callable[[], object]) -> float:
    """The shortest of RUNS timings (the machine is shared: the others are the noise, not the query)."""
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def compare_pm4py(icon, con, eglob: str, tabs: metrics.Tables, n: int) -> None:
    """Step durations in working hours for the same `n` finished events: the metric against PM4Py's service time
    per activity in business hours (Monday to Friday, the office periods; PM4Py knows no holidays or 调休 unless
    given a calendar, and none is given). PM4Py is AGPL: a benchmark-only dependency (requirements-bench.txt),
    never imported by the product."""
    try:
        from pm4py.statistics.service_time.pandas import get as service_time
    except ImportError:
        print("PM4Py: not installed (pip install -r requirements-bench.txt), comparison skipped")
        return
    sample = con.sql(
        f"""SELECT * FROM read_parquet('{eglob}', hive_partitioning = true) WHERE "end" IS NOT NULL
            ORDER BY record_id LIMIT {int(n)}"""
    ).to_arrow_table()
    mine = metrics.Tables(
        performance=tabs.performance,
        events=ibis.memtable(sample.drop(["month"]) if "month" in sample.column_names else sample),
        hotline=tabs.hotline,
        calendar=tabs.calendar,
        headcount=tabs.headcount,
        periods=tabs.periods,
    )
    ours = best(lambda: icon.execute(metrics.METRICS["step_durations"].build(mine)))
    frame = sample.select(["case", "workflow", "step", "start", "end"]).to_pandas()
    frame["concept:name"] = frame["workflow"] + "-" + frame["step"]
    frame = frame.rename(
        columns={"case": "case:concept:name", "start": "start_timestamp", "end": "time:timestamp"}
    )
    slots = sorted((d * 86400 + a, d * 86400 + b) for d in range(5) for a, b in tabs.periods)
    p = service_time.Parameters
    params = {
        p.BUSINESS_HOURS: True,
        p.BUSINESS_HOUR_SLOTS: slots,
        p.START_TIMESTAMP_KEY: "start_timestamp",
        p.TIMESTAMP_KEY: "time:timestamp",
        p.AGGREGATION_MEASURE: "median",
    }
    t0 = time.perf_counter()
    service_time.apply(frame, parameters=params)
    theirs = time.perf_counter() - t0
    print(
        f"step durations of {len(frame):,} finished events: metric {ours:.2f} s (best of {RUNS}), "
        f"PM4Py service time in business hours {theirs:.2f} s, {theirs / ours:.1f}× faster"
    )


def references() -> checking.References:
    units = [f"U{i:04d}" for i in range(UNITS)]
    return checking.References(
        units=[{"unit": u, "region": f"R{int(u[1:]) % 12}", "category": f"C{int(u[1:]) % 5}"} for u in units],
        items=[{"unit": u, "item_kind": "power", "item": f"X{i}"} for u in units for i in range(50)],
        steps=[
            {
                "unit": u,
                "workflow": "W",
                "step": str(s),
                "step_name": f"环节{s}",
                "step_order": s,
                "step_total": 4,
                "time_limit": 2,
                "time_unit": "days",
                "valid_from": dt.date(2024, 1, 1),
                "valid_to": None,
            }
            for u in units
            for s in range(1, 5)
        ],
    )


def raw(kind: str, path: Path) -> str:
    return f"SELECT file_row_number + 1 AS rn, * EXCLUDE (file_row_number) FROM read_parquet('{path}', file_row_number = true)"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--records", type=int, default=100_000_000)
    p.add_argument("--events", type=int, default=20_000_000)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-api", action="store_true", help="skip the bulk API run (bench/supervision_api.py)")
    a = p.parse_args()
    if a.quick:
        a.records, a.events = 1_000_000, 200_000
    work = Path(tempfile.mkdtemp(prefix="lvzhi-bench-sv-"))
    store = Store(work / "store")
    con = duckdb.connect()
    t0 = time.perf_counter()
    generate(con, work, a.records, a.events)
    print(f"generated {a.records:,} records and {a.events:,} events in {time.perf_counter() - t0:.1f} s")
    refs = references()
    for kind, file, n in (("performance", "perf.parquet", a.records), ("events", "events.parquet", a.events)):
        t0, c0 = time.perf_counter(), time.process_time()
        out = checking.ingest(
            con,
            store,
            kind,
            raw(kind, work / file),
            refs,
            batch=f"bench-{kind}",
            today=dt.date(2026, 12, 1),
            allow_partial=True,
        )
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"ingest {kind}: {out.accepted:,} stored, {out.refused:,} refused, {out.duplicates:,} duplicate; "
            f"{n / secs:,.0f} records/s ({secs:.1f} s; {cpu:.1f} CPU-s over all threads)"
        )
    print(f"on-disk size of the store: {store.size_bytes() / 1e6:.1f} MB")

    icon = ibis.duckdb.connect()
    perf = icon.read_parquet(
        str(store.kind_dir("performance") / "month=*" / "*.parquet"), hive_partitioning=True
    )
    ev = icon.read_parquet(str(store.kind_dir("events") / "month=*" / "*.parquet"), hive_partitioning=True)
    from lvzhi.workcal.engine import WorkCalendar
    from lvzhi.workcal.library import years

    table = years()
    cal = WorkCalendar.build(((d, k) for rows in table.values() for d, k, _n in rows), table)
    periods = ((8 * 3600 + 1800, 12 * 3600), (13 * 3600 + 1800, 17 * 3600 + 1800))
    ct = metrics.calendar_table(cal.is_workday, periods, dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    empty = ibis.memtable({"unit": ["x"], "category": ["c"], "headcount": [1]})
    tabs = metrics.Tables(
        performance=perf,
        events=ev,
        hotline=empty,
        calendar=ibis.memtable(ct),
        headcount=empty,
        periods=periods,
    )
    pglob = str(store.kind_dir("performance") / "month=*" / "*.parquet")
    eglob = str(store.kind_dir("events") / "month=*" / "*.parquet")
    con.register("cal", ct)
    office = " + ".join(
        f"greatest(0, least(hour(x)*3600+minute(x)*60+second(x), {b}) - {a})" for a, b in periods
    )
    hand = {
        "records_by_unit": f"SELECT unit, count(*), sum(quantity) FROM read_parquet('{pglob}') GROUP BY unit",
        "records_by_month": f"SELECT year(day)*100+month(day) m, count(*), sum(quantity) FROM read_parquet('{pglob}') GROUP BY m",
        "records_by_region": f"SELECT region, count(*), sum(quantity) FROM read_parquet('{pglob}') GROUP BY region",
        # the same figures as the metric: events, finished, nearest-rank median and p90 (k = ⌈n·p⌉ of the sorted
        # finished durations) in working seconds and days, overdue against the limit, total working seconds
        "step_durations": f"""
            WITH d AS (
              SELECT e.unit, e.workflow, e.step, e.step_order, e.step_name, e.time_limit, e.time_unit,
                     e."end" IS NOT NULL AS done,
                     (f.cum_secs + f.work * ({office.replace("x", 'e."end"')}))
                       - (s.cum_secs + s.work * ({office.replace("x", "e.start")})) AS secs,
                     f.cum_days - s.cum_days AS days
              FROM read_parquet('{eglob}') e JOIN cal s ON s.day = CAST(e.start AS DATE)
              LEFT JOIN cal f ON f.day = CAST(e."end" AS DATE)),
            g AS (
              SELECT unit, workflow, step, step_order, step_name, count(*) AS n, count(*) FILTER (done) AS completed,
                     list_sort(list(secs) FILTER (done)) AS s, list_sort(list(days) FILTER (done)) AS dd,
                     count(*) FILTER (done AND time_limit IS NOT NULL AND CASE WHEN time_unit = 'hours'
                       THEN secs > time_limit * 3600 ELSE days > time_limit END) AS overdue,
                     coalesce(sum(secs) FILTER (done), 0) AS total
              FROM d GROUP BY ALL)
            SELECT unit, workflow, step, step_order, step_name, n, completed,
                   s[(len(s) + 1) // 2], s[(len(s) * 9 + 9) // 10], dd[(len(dd) + 1) // 2], dd[(len(dd) * 9 + 9) // 10],
                   overdue, total
            FROM g""",
        "overdue_by_unit": f"""
            WITH d AS (
              SELECT e.region, e.category, e.unit, e.time_limit, e.time_unit,
                     (f.cum_secs + f.work * ({office.replace("x", 'e."end"')}))
                       - (s.cum_secs + s.work * ({office.replace("x", "e.start")})) AS secs,
                     f.cum_days - s.cum_days AS days
              FROM read_parquet('{eglob}') e JOIN cal s ON s.day = CAST(e.start AS DATE)
              JOIN cal f ON f.day = CAST(e."end" AS DATE)
              WHERE e.time_limit IS NOT NULL)
            SELECT region, category, unit, count(*) AS finished,
                   count(*) FILTER (CASE WHEN time_unit = 'hours' THEN secs > time_limit * 3600
                                    ELSE days > time_limit END) AS overdue
            FROM d GROUP BY ALL""",
        "conformance": f"""
            WITH e AS (
              SELECT unit, workflow, "case", step_order,
                     CASE WHEN lag(step_order) OVER (PARTITION BY unit, workflow, "case"
                                                     ORDER BY start, step_order) > step_order
                          THEN 1 ELSE 0 END AS back
              FROM read_parquet('{eglob}')),
            s AS (SELECT unit, workflow, "case", step_order, max(back) AS back FROM e GROUP BY ALL),
            c AS (
              SELECT unit, workflow, "case", max(back) AS back, max(step_order) - count(*) AS skipped
              FROM s GROUP BY ALL)
            SELECT unit, workflow, count(*), sum(back), count(*) FILTER (skipped > 0), sum(skipped)
            FROM c GROUP BY ALL""",
    }
    for name, sql in hand.items():
        # the metric's SQL is what the engine runs; Ibis builds it in Python first (a fixed cost per call, the
        # same at any size), timed apart
        tc = best(lambda name=name: ibis.to_sql(metrics.METRICS[name].build(tabs)))
        expr = metrics.METRICS[name].build(tabs)
        icon.execute(expr)  # registers the in-memory tables (the calendar) the SQL names
        compiled = str(ibis.to_sql(expr))
        ti = best(lambda compiled=compiled: icon.con.execute(compiled).fetchall())
        th = best(lambda sql=sql: con.execute(sql).fetchall())
        print(
            f"{name}: metric {ti:.2f} s (+ {tc:.2f} s building it in Ibis), hand-written SQL {th:.2f} s, "
            f"ratio {ti / th:.2f}, with the building {(ti + tc) / th:.2f} (best of {RUNS})"
        )
    compare_pm4py(icon, con, eglob, tabs, min(a.events, 1_000_000))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")
    shutil.rmtree(work, ignore_errors=True)
    if not a.no_api:  # a process of its own (Django, gunicorn): this one stays free of both
        api = [sys.executable, str(Path(__file__).with_name("supervision_api.py"))] + (["--quick"] if a.quick else [])
        subprocess.run(api, check=False)


if __name__ == "__main__":
    main()
