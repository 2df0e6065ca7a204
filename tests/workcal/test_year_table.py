"""The year table: seeded from chinese-calendar and equal to it day by day, a year loaded by hand from a file,
atomic file errors by row and column, audited versions, and the deadlines of other rooms recomputed."""

import datetime as dt
import io

import chinese_calendar
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lvzhi.audit.models import AuditEvent
from lvzhi.core.errors import Invalid, Refused
from lvzhi.registry.io.importers.base import ImportRejected
from lvzhi.workcal import actions, fileload, library, recompute, service
from lvzhi.workcal.models import CalendarDay, CalendarRevision, CalendarYear

D = dt.date
pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_every_holiday_and_make_up_day_from_2004_to_the_librarys_last_year_matches_the_library():
    last = library.last_year()
    assert last >= 2026
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, last + 1))
    calendar = service.current()
    day, checked = D(2004, 1, 1), 0
    while day <= D(last, 12, 31):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        assert not calendar.is_provisional(day)
        day += dt.timedelta(days=1)
        checked += 1
    assert checked == (D(last, 12, 31) - D(2004, 1, 1)).days + 1
    table = dict(CalendarDay.objects.values_list("date", "kind"))
    assert {d for d, k in table.items() if k == "班"} == set(chinese_calendar.workdays)
    assert {d for d, k in table.items() if k == "休"} == set(chinese_calendar.holidays)
    assert CalendarDay.objects.get(date=D(2026, 2, 14)).note == "春节调休上班"


def test_the_commands_count_working_days_and_add_them():
    assert run("workdays", "2026-02-13", "2026-02-28") == ("7", "")
    assert run("add", "2026-02-13", "1") == ("2026-02-14", "")
    assert run("add", "2026-02-14", "1") == ("2026-02-24", "")
    assert run("add", "2026-02-12", "8", "--hours") == ("2026-02-14 09:00", "")
    out, err = run("workdays", "2027-01-01", "2027-01-31")
    assert out == "21" and "暂定" in err and "2027" in err
    with pytest.raises(CommandError):
        run("workdays", "2026-13-01", "2026-12-31")


def _xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "类型", "说明"])
    for row in rows:
        ws.append(row)
    wb.save(path)


# The 2027 schedule as an office would type it when the State Council publishes it (dates invented for the test).
YEAR_2027 = [
    (D(2027, 1, 1), "休", "元旦"),
    (D(2027, 2, 6), "休", "春节"),
    (D(2027, 2, 7), "休", "春节"),
    (D(2027, 2, 8), "休", "春节"),
    (D(2027, 2, 9), "休", "春节"),
    (D(2027, 2, 10), "休", "春节"),
    (D(2027, 2, 11), "休", "春节"),
    (D(2027, 2, 12), "休", "春节"),
    (D(2027, 2, 20), "班", "春节调休上班"),
]


def test_a_year_loaded_by_hand_from_excel_is_published_and_counted(tmp_path):
    path = tmp_path / "2027.xlsx"
    _xlsx(path, [[d, k, n] for d, k, n in YEAR_2027])
    assert service.current().is_provisional(D(2027, 3, 1))
    out, _err = run("load", str(path), "--note", "国办发明电〔2026〕9号")
    assert out == "2027 年:9 天"
    calendar = service.current()
    assert not calendar.is_provisional(D(2027, 3, 1))
    assert not calendar.is_workday(D(2027, 2, 8)) and calendar.is_workday(D(2027, 2, 20))
    assert run("workdays", "2027-02-01", "2027-02-28") == ("16", "")  # 20 weekdays − 5 off + 1 Saturday
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.version, year.note) == ("file", 1, "国办发明电〔2026〕9号")
    event = AuditEvent.objects.get(event_type="workcal.year_loaded", object_id=str(year.pk))
    assert event.source == "command" and len(event.after["days"]) == 9


def test_a_csv_with_bad_rows_is_rejected_whole_with_row_and_column(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "日期,类型,说明\n2027-01-01,休,元旦\n2027-02-30,休,春节\n2027-02-08,假,春节\n2027-02-09,班,周二\n"
        "2027-01-01,休,重复\n",
        encoding="utf-8-sig",
    )
    with pytest.raises(ImportRejected) as caught:
        fileload.load_file(path, actor=None, system=True)
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith("第3行 A列「日期」:“2027-02-30”不是日期")
    assert messages[1].startswith("第4行 B列「类型」:类型只能是“休”或“班”")
    assert messages[2].startswith("第5行 B列「类型」:2027-02-09 是周一至周五")
    assert messages[3].startswith("第6行 A列「日期」:2027-01-01 与第2行重复")
    assert not CalendarYear.objects.filter(year=2027).exists()
    path.write_text("日期,说明\n2027-01-01,元旦\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        fileload.load_file(path, actor=None, system=True)
    assert "「类型」" in str(caught.value.errors[0])


def test_only_an_office_administrator_changes_the_calendar(world):
    with pytest.raises(Refused):
        actions.set_day(D(2027, 1, 1), "休", "元旦", actor=world.users.contact_a, reason="x")
    with pytest.raises(Invalid):
        actions.set_day(D(2027, 1, 4), "班", "", actor=world.users.admin, reason="周一")
    actions.set_day(D(2027, 1, 1), "休", "元旦", actor=world.users.admin, reason="国办通知")
    assert CalendarYear.objects.get(year=2027).source == "manual"


def test_changing_a_year_keeps_the_old_version_audits_and_recomputes_the_deadlines_registered(world):
    stored = {"deadline": service.add_workdays(D(2026, 9, 30), 10).value}
    calls = []

    def recompute_deadline(years):
        calls.append(years)
        old = stored["deadline"]
        stored["deadline"] = service.add_workdays(D(2026, 9, 30), 10).value
        return int(old != stored["deadline"])

    recompute.register("test.deadline", recompute_deadline)
    try:
        assert stored["deadline"] == D(2026, 10, 20)  # National Day 1–7 Oct off; Saturday 10 Oct worked
        actions.remove_day(D(2026, 10, 7), actor=world.users.admin, reason="更正")
        assert calls == [frozenset({2026})]
        assert stored["deadline"] == D(2026, 10, 19)
    finally:
        recompute.unregister("test.deadline")
    year = CalendarYear.objects.get(year=2026)
    assert year.version == 2 and year.source == "manual"
    revision = CalendarRevision.objects.get(year=year, version=1)
    assert ["2026-10-07", "休", "国庆节"] in revision.days and revision.recomputed["test.deadline"] == 1
    event = AuditEvent.objects.get(event_type="workcal.day_removed")
    assert event.actor == world.users.admin and event.reason == "更正"
    assert event.after["recomputed"]["test.deadline"] == 1


def test_the_seed_command_adds_only_missing_years():
    CalendarYear.objects.filter(year=2025).delete()
    assert run("seed") == ("载入:2025", "")
    assert run("seed")[0].startswith("载入:无")
    assert CalendarDay.objects.filter(date__year=2025).count() == len(library.years()[2025])
