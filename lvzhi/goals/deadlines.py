"""The quarterly report deadlines: a quarter's progress is due within LVZHI_GOALS_REPORT_WORKDAYS working days
(default 10; the issue's "within 10 days after each quarter", counted as time limits are: the quarter's last day
not counted, holidays and 调休 from the working calendar) after the quarter ends. Each (year, quarter) keeps its
computed due date in ReportingPeriod; when a year of the calendar changes, the hook below recomputes them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from lvzhi.workcal import service

from .models import QUARTERS, ReportingPeriod

DEFAULT_REPORT_WORKDAYS = 10


def report_workdays() -> int:
    return int(getattr(settings, "LVZHI_GOALS_REPORT_WORKDAYS", DEFAULT_REPORT_WORKDAYS))


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(days=1)


def _due(year: int, quarter: int) -> tuple[dt.date, bool]:
    answer = service.add_workdays(quarter_end(year, quarter), report_workdays())
    return answer.value, answer.provisional


def period(year: int, quarter: int) -> ReportingPeriod:
    found = ReportingPeriod.objects.filter(year=year, quarter=quarter).first()
    if found is not None:
        return found
    due, provisional = _due(year, quarter)
    found, _created = ReportingPeriod.objects.get_or_create(
        year=year,
        quarter=quarter,
        defaults={"ends": quarter_end(year, quarter), "due": due, "provisional": provisional},
    )
    return found


def periods(year: int) -> dict[int, ReportingPeriod]:
    return {quarter: period(year, quarter) for quarter in QUARTERS}


def recompute(years: frozenset[int]) -> int:
    """The calendar's hook: recompute the due dates that fall in (or count through) a changed year."""
    changed = 0
    for row in ReportingPeriod.objects.filter(year__in=set(years) | {y - 1 for y in years}):
        due, provisional = _due(row.year, row.quarter)
        if (row.due, row.provisional) != (due, provisional):
            row.due, row.provisional = due, provisional
            row.save(update_fields=["due", "provisional"])
            changed += 1
    return changed
