"""Quarterly progress: deadlines from the working calendar, reports with evidence, overdue lists and reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.campaigns.models import Notification
from lvzhi.core.errors import Invalid, Refused
from lvzhi.goals import deadlines, progress, selectors
from lvzhi.goals.models import ReportingPeriod
from lvzhi.workcal import actions as calendar

from .conftest import file_goal, qualitative, quantitative

pytestmark = pytest.mark.django_db
DEC = datetime.date(2026, 12, 2)


def test_a_quarter_is_due_ten_working_days_after_it_ends_on_the_working_calendar(world):
    # 2026 Q3 ends Wednesday 30 September; 1–7 October is the National Day holiday and Saturday 10 October a
    # make-up working day: 8, 9, 10, 12, 13, 14, 15, 16, 19, 20 October.
    assert deadlines.period(2026, 3).due == datetime.date(2026, 10, 20)
    assert deadlines.period(2026, 1).due == datetime.date(
        2026, 4, 15
    )  # 1–3, 7–10, 13–15 April (Qingming 4–6)
    q4 = deadlines.period(2026, 4)  # into 2027, not yet published: weekends only, 1 January counted
    assert (q4.due, q4.provisional) == (datetime.date(2027, 1, 14), True)


def test_the_deadline_is_recomputed_when_next_years_table_is_published(world):
    deadlines.period(2026, 4)
    calendar.set_day(
        datetime.date(2027, 1, 1), "休", "元旦", actor=world.users.admin, reason="国务院办公厅通知"
    )
    q4 = ReportingPeriod.objects.get(year=2026, quarter=4)
    assert q4.due == datetime.date(2027, 1, 15)


def test_a_report_carries_its_figure_and_evidence_and_quantitative_completion_follows(world, login):
    goal = file_goal(world, quantitative(target=Decimal(400), target_q1=Decimal(80)), approve=True)
    upload = SimpleUploadedFile("一季度台账.pdf", b"%PDF-1.4 ledger", content_type="application/pdf")
    report = progress.report_progress(goal, 1, actual=Decimal(60), progress="新增60户", files=[upload],
                                      actor=world.users.contact_a, today=DEC)  # fmt: skip
    assert report.completion == "partial"  # 60 of the 80 due by the end of March
    evidence = report.evidence.get()
    assert evidence.file.name.startswith(f"goals/u{world.unit_a.pk}/g{goal.pk}/q1/")
    url = f"/files/{evidence.file.name}"
    assert login(world.users.contact_a).get(url).status_code == 200
    assert login(world.users.contact_b).get(url).status_code == 404
    assert login(world.users.evaluator).get(url).status_code == 200  # assigned unit_a
    report = progress.report_progress(
        goal, 1, actual=Decimal(80), progress="新增80户", actor=world.users.contact_a, today=DEC
    )
    assert report.completion == "done" and report.evidence.count() == 1


def test_reports_are_refused_before_approval_and_checked(world):
    draft = file_goal(world, qualitative())
    with pytest.raises(Refused, match="当前为「草稿」"):
        progress.report_progress(
            draft, 1, progress="x", completion="done", actor=world.users.contact_a, today=DEC
        )
    goal = file_goal(world, quantitative(), approve=True)
    with pytest.raises(Invalid) as caught:
        progress.report_progress(
            goal, 2, progress="", actor=world.users.contact_a, today=datetime.date(2026, 3, 1)
        )
    assert {p.field for p in caught.value.problems} == {"quarter", "progress", "actual"}
    bad = SimpleUploadedFile("run.exe", b"MZ")
    with pytest.raises(Invalid, match="类型不允许上传"):
        progress.report_progress(
            goal, 1, actual=1, progress="x", files=[bad], actor=world.users.contact_a, today=DEC
        )
    assert not goal.reports.exists()


def test_overdue_reports_are_listed_and_the_units_reminded_once_a_day(
    world, django_capture_on_commit_callbacks
):
    goal = file_goal(world, quantitative(), approve=True)
    progress.report_progress(
        goal, 1, actual=100, progress="按序时推进", actor=world.users.contact_a, today=DEC
    )
    late = selectors.overdue(world.users.admin, DEC, year=2026)
    assert [(item.goal, item.quarter, item.due) for item in late] == [
        (goal, 2, datetime.date(2026, 7, 14)),
        (goal, 3, datetime.date(2026, 10, 20)),
    ]
    assert selectors.overdue(world.users.contact_b, DEC, year=2026) == []
    with pytest.raises(Refused):
        progress.remind_overdue(actor=world.users.contact_a, today=DEC)
    with django_capture_on_commit_callbacks(execute=True):
        assert progress.remind_overdue(actor=world.users.admin, today=DEC) == 1
    with django_capture_on_commit_callbacks(execute=True):
        progress.remind_overdue(actor=world.users.admin, today=DEC)
    note = Notification.objects.get(user=world.users.contact_a)
    assert "2项年度目标的季度进展逾期未报" in note.text and "2026年7月14日" in note.text
