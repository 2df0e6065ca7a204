"""Every metric on the small hand-checked log (tests/supervision/eventlog.py) on DuckDB, and the same metrics on
Spark local mode with identical results (counts and durations equal to the second). The parity test is generated
over `METRICS`, so a new metric cannot skip it. Spark is skipped with one line when pyspark or Java is missing,
except under CI=true, where it must run."""

import datetime as dt
import math
import os
import shutil

import ibis
import pytest

from lvzhi.supervision import metrics as M
from tests.supervision.eventlog import tables

H = 3600


@pytest.fixture(scope="module")
def duck():
    con = ibis.duckdb.connect()
    t = tables()
    return {name: _rows(con, name, t) for name in M.METRICS}


def _rows(con, name, t):
    frame = con.execute(M.METRICS[name].build(t))
    rows = []
    for row in frame.to_dict("records"):
        clean = {}
        for k, v in row.items():
            v = v.item() if hasattr(v, "item") else v
            if isinstance(v, float) and math.isnan(v):
                v = None
            if hasattr(v, "to_pydatetime"):  # a pandas Timestamp (a date column on either engine)
                v = v.to_pydatetime()
            clean[k] = v
        rows.append(clean)
    keys = M.METRICS[name].keys
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in keys))


def by(rows, *keys):
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in rows}


def test_a_span_over_the_2026_spring_festival_is_56_working_hours_with_the_make_up_saturdays(duck):
    steps = by(duck["step_durations"], "step_order")
    first = steps[1]  # a1 (56 h), b1 (1.5 h), c1 (3.5 h)
    assert (first["count"], first["completed"]) == (3, 3)
    assert first["median_secs"] == int(3.5 * H)
    assert first["p90_secs"] == 56 * H
    assert first["total_secs"] == 56 * H + 5 * H
    assert first["overdue"] == 1  # 56 h > 40 h; 3.5 h and 1.5 h within 4 h
    assert (first["median_days"], first["p90_days"]) == (0, 6)


def test_steps_count_completion_median_p90_and_overdue(duck):
    steps = by(duck["step_durations"], "step_order")
    second, third = steps[2], steps[3]
    assert (second["count"], second["completed"], second["median_secs"], second["p90_secs"]) == (
        2,
        2,
        3 * H,
        7 * H,
    )
    assert (third["count"], third["completed"], third["overdue"]) == (3, 2, 1)  # a3 open; b3 3 days > 2
    assert (third["median_secs"], third["p90_secs"], third["p90_days"]) == (0, 24 * H, 3)


def test_the_bottleneck_is_the_step_with_the_longest_median(duck):
    assert [(r["workflow"], r["step"], r["median_secs"]) for r in duck["bottlenecks"]] == [
        ("W", "1", int(3.5 * H))
    ]


def test_conformance_counts_out_of_order_and_skipped_steps(duck):
    (row,) = duck["conformance"]
    assert (row["cases"], row["out_of_order"], row["with_skips"], row["skipped_steps"]) == (3, 1, 1, 1)


def test_records_by_dimension_and_month(duck):
    assert {r["region"]: (r["records"], r["quantity"]) for r in duck["records_by_region"]} == {
        "R1": (3, 6),
        "R2": (1, 10),
    }
    assert {r["month"]: r["records"] for r in duck["records_by_month"]} == {202602: 1, 202603: 3}
    assert by(duck["last_records"], "unit", "item")[("U1", "X1")]["last_day"].date() == dt.date(2026, 3, 31)


def test_workload_per_staff_member_against_the_category(duck):
    w = by(duck["workload"], "unit")
    assert (w["U1"]["per_head"], w["U2"]["per_head"], w["U1"]["peer_mean"]) == (1.0, 1.0, 1.0)
    assert (w["U3"]["per_head"], w["U3"]["peers"]) == (5.0, 1)


def test_hotline_satisfaction_and_bounced_tickets(duck):
    h = by(duck["hotline_by_unit"], "unit", "topic")
    assert (h[("U1", "审批")]["tickets"], h[("U1", "审批")]["satisfied"], h[("U1", "审批")]["bounced"]) == (
        2,
        1,
        1,
    )
    assert (h[("U1", "收费")]["rated"], h[("U2", "审批")]["bounced"]) == (0, 1)


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "未安装 pyspark"
    if not shutil.which("java"):
        return "未找到 java"
    return None


@pytest.fixture(scope="module")
def spark_con():
    reason = _spark_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须运行 Spark 一致性测试:{reason}")
        pytest.skip(f"Spark 一致性测试跳过:{reason}")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("lvzhi-parity")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield ibis.pyspark.connect(session)
    session.stop()


@pytest.mark.parametrize("name", sorted(M.METRICS))
def test_the_metric_gives_the_same_figures_on_spark(name, duck, spark_con):
    spark = _rows(spark_con, name, tables())
    assert len(spark) == len(duck[name])
    for a, b in zip(duck[name], spark, strict=True):
        assert set(a) == set(b)
        for k in a:
            if isinstance(a[k], float) and b[k] is not None:
                assert b[k] == pytest.approx(a[k], rel=1e-12), (name, k)
            else:
                assert a[k] == b[k], (name, k, a, b)
