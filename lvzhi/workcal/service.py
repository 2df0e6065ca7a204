"""The calendar as the other rooms use it: `current()` is the WorkCalendar built from the year table (cached per
process, rebuilt when any year changes), with the office hours of the settings (`LVZHI_OFFICE_HOURS`)."""

from __future__ import annotations

import datetime as dt
import threading

from django.conf import settings
from django.db.models import Count, Max, Sum

from .engine import Answer, OfficeHours, WorkCalendar
from .models import CalendarDay, CalendarYear

DEFAULT_OFFICE_HOURS = "08:30-12:00,13:30-17:30"

_lock = threading.Lock()
_cached: tuple[tuple[object, ...], WorkCalendar] | None = None


def office_hours() -> OfficeHours:
    return OfficeHours.parse(getattr(settings, "LVZHI_OFFICE_HOURS", "") or DEFAULT_OFFICE_HOURS)


def _stamp() -> tuple[object, ...]:
    agg = CalendarYear.objects.aggregate(n=Count("id"), v=Sum("version"), t=Max("updated_at"))
    return (agg["n"], agg["v"], agg["t"], str(office_hours()))


def current() -> WorkCalendar:
    global _cached
    stamp = _stamp()
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
    calendar = WorkCalendar.build(
        CalendarDay.objects.values_list("date", "kind"),
        CalendarYear.objects.values_list("year", flat=True),
        office_hours(),
    )
    with _lock:
        _cached = (stamp, calendar)
    return calendar


def workdays(start: dt.date, end: dt.date) -> Answer[int]:
    return current().workdays(start, end)


def add_workdays(start: dt.date, n: int) -> Answer[dt.date]:
    return current().add_workdays(start, n)


def deadline(start: dt.date, amount: int, unit: str = "days") -> Answer[dt.date]:
    return current().deadline(start, amount, unit)


def published_years() -> list[int]:
    return sorted(CalendarYear.objects.values_list("year", flat=True))
