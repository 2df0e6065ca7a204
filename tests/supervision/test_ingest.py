"""Collection: every record checked against the registry and the lists, refused records counted and returned with
their reasons, partial acceptance only when the batch allows it, and a batch sent twice stored once."""

import datetime

import duckdb
import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.core.errors import Refused
from lvzhi.supervision import actions
from lvzhi.supervision.models import Batch
from lvzhi.supervision.references import store

TODAY = datetime.date(2026, 3, 31)


def perf(**over):
    row = {
        "unit": "LY001",
        "body": "02",
        "post": "A-02",
        "item_kind": "power",
        "item": "XK-001",
        "day": "2026-02-13",
        "action": "受理",
        "quantity": 1,
    }
    row.update(over)
    return row


def stored(kind):
    s = store()
    con = duckdb.connect()
    return s.relation(con, kind).aggregate("count(*)").fetchall()[0][0]


def test_a_clean_batch_is_stored_under_its_month(sv):
    batch = actions.submit_batch(
        "performance",
        actor=sv.world.users.admin,
        rows=[perf(), perf(day="2026-03-02", quantity=3)],
        today=TODAY,
    )
    assert (batch.status, batch.received, batch.accepted, batch.refused) == ("accepted", 2, 2, 0)
    assert sorted(p.parent.name for p in store().files("performance")) == ["month=2026-02", "month=2026-03"]
    assert stored("performance") == 2
    event = AuditEvent.objects.get(event_type="supervision.batch_received")
    assert event.after["accepted"] == 2


def test_refused_records_are_counted_with_their_reasons_in_chinese(sv):
    rows = [
        perf(),
        perf(unit="XX999"),
        perf(post="NOPE"),
        perf(item="XK-999"),
        perf(day="2026-04-01"),
        perf(quantity=-1, body="99"),
    ]
    batch = actions.submit_batch(
        "performance", actor=sv.world.users.admin, rows=rows, today=TODAY, allow_partial=True
    )
    assert (batch.status, batch.accepted, batch.refused) == ("partial", 1, 5)
    reasons = {p["row"]: p["reasons"] for p in batch.problems}
    assert reasons[2] == ["单位代码“XX999”不存在"]
    assert reasons[3] == ["岗位代码“NOPE”不属于该单位"]
    assert reasons[4] == ["事项“XK-999”不在该单位的清单中"]
    assert reasons[5] == ["日期晚于今天"]
    assert reasons[6] == ["内设机构代码“99”不属于该单位", "数量须为非负整数"]


def test_without_partial_acceptance_one_bad_record_sends_the_whole_batch_back(sv):
    batch = actions.submit_batch(
        "performance", actor=sv.world.users.admin, rows=[perf(), perf(unit="XX")], today=TODAY
    )
    assert (batch.status, batch.accepted, batch.refused) == ("rejected", 0, 1)
    assert stored("performance") == 0


def test_the_same_batch_id_or_the_same_records_are_stored_once(sv):
    admin = sv.world.users.admin
    first = actions.submit_batch("performance", actor=admin, rows=[perf()], batch_id="B-1", today=TODAY)
    again = actions.submit_batch("performance", actor=admin, rows=[perf()], batch_id="B-1", today=TODAY)
    assert again.pk == first.pk and Batch.objects.count() == 1
    other = actions.submit_batch(
        "performance", actor=admin, rows=[perf(), perf(), perf(quantity=2)], batch_id="B-2", today=TODAY
    )
    assert (other.accepted, other.duplicates) == (1, 2)
    assert stored("performance") == 2


def test_a_batch_over_several_months_adds_only_what_each_month_lacks(sv):
    admin = sv.world.users.admin
    actions.submit_batch("performance", actor=admin, rows=[perf(day="2026-02-13")], today=TODAY)
    mixed = [perf(day="2026-02-13"), perf(day="2026-02-14"), perf(day="2026-03-02"), perf(day="2026-03-02")]
    batch = actions.submit_batch("performance", actor=admin, rows=mixed, today=TODAY)
    assert (batch.accepted, batch.duplicates, batch.months) == (2, 2, ["2026-02", "2026-03"])
    con = duckdb.connect()
    source = store().source_sql("performance")
    days = con.execute(f"SELECT CAST(day AS VARCHAR), count(*) FROM {source} GROUP BY 1 ORDER BY 1").fetchall()  # noqa: S608
    assert days == [("2026-02-13", 1), ("2026-02-14", 1), ("2026-03-02", 1)]
    assert not any((store().root / ".staging").iterdir())  # nothing left half-way


def test_a_record_repeated_in_a_batch_is_stored_once_beside_earlier_records_of_its_month(sv):
    admin = sv.world.users.admin
    actions.submit_batch("performance", actor=admin, rows=[perf(day="2026-02-13")], today=TODAY)
    batch = actions.submit_batch(
        "performance", actor=admin, rows=[perf(day="2026-02-20"), perf(day="2026-02-20")], today=TODAY
    )
    assert (batch.accepted, batch.duplicates) == (1, 1)
    assert stored("performance") == 2


def test_workflow_events_are_checked_against_the_steps_in_force(sv):
    rows = [
        {
            "unit": "LY001",
            "case": "C1",
            "workflow": "LC-1",
            "step": "1",
            "start": "2026-02-13 09:00",
            "end": "2026-02-13 11:00",
            "post": "A-02",
            "outcome": "通过",
        },
        {
            "unit": "LY001",
            "case": "C1",
            "workflow": "LC-1",
            "step": "9",
            "start": "2026-02-13 09:00",
            "end": "",
            "post": "",
            "outcome": "",
        },
        {
            "unit": "LY001",
            "case": "C1",
            "workflow": "LC-1",
            "step": "2",
            "start": "2026-02-13 09:00",
            "end": "2026-02-12 09:00",
            "post": "",
            "outcome": "",
        },
        {
            "unit": "LY001",
            "case": "C2",
            "workflow": "LC-1",
            "step": "1",
            "start": "2024-02-13 09:00",
            "end": "",
            "post": "",
            "outcome": "",
        },
    ]
    batch = actions.submit_batch(
        "events", actor=sv.world.users.admin, rows=rows, today=TODAY, allow_partial=True
    )
    reasons = {p["row"]: p["reasons"] for p in batch.problems}
    assert batch.accepted == 1
    assert reasons[2] == ["流程“LC-1”在开始当日施行的版本中没有环节“9”"]
    assert reasons[3] == ["结束时间早于开始时间"]
    assert reasons[4] == ["流程“LC-1”在开始当日施行的版本中没有环节“1”"]
    con = duckdb.connect()
    rows = store().relation(con, "events").project("step_name, step_order, time_limit, time_unit").fetchall()
    assert rows == [("受理", 1, 4, "hours")]


def test_hotline_tickets_need_a_known_line_and_satisfaction(sv):
    rows = [
        {
            "ticket": "T1",
            "line": "12345",
            "day": "2026-02-13",
            "unit": "LY001",
            "topic": "项目审批",
            "text": "审批慢",
            "transfers": "LY002;LY001",
            "satisfaction": "不满意",
        },
        {
            "ticket": "T2",
            "line": "110",
            "day": "2026-02-13",
            "unit": "LY001",
            "topic": "",
            "text": "",
            "transfers": "",
            "satisfaction": "很好",
        },
    ]
    batch = actions.submit_batch(
        "hotline", actor=sv.world.users.admin, rows=rows, today=TODAY, allow_partial=True
    )
    assert batch.problems == [
        {"row": 2, "reasons": ["热线须为 12345 或 89000", "满意度须为“满意”“基本满意”“不满意”或留空"]}
    ]
    con = duckdb.connect()
    assert store().relation(con, "hotline").project("transfer_count").fetchall() == [(2,)]


def test_a_unit_contact_sends_only_their_own_units_records(sv):
    contact = sv.world.users.contact_b
    batch = actions.submit_batch("performance", actor=contact, rows=[perf()], today=TODAY)
    assert batch.problems[0]["reasons"] == ["只能报送本单位的数据"]
    with pytest.raises(Refused):
        actions.submit_batch("performance", actor=sv.world.users.committee, rows=[perf()], today=TODAY)
