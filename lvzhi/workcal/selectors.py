"""What the calendar pages and API show: the years of the table and those computed provisionally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from .models import CalendarYear


@dataclass
class YearRow:
    year: int
    published: bool
    source: str
    version: int
    holidays: int
    workdays: int
    note: str
    updated_at: Any
    updated_by: str


def years(user: Any) -> list[YearRow]:
    """Every year of the table, and this year and the next when they are not (provisional: weekends only)."""
    rows = [
        YearRow(
            y.year,
            True,
            y.get_source_display(),
            y.version,
            y.n_holidays,
            y.n_workdays,
            y.note,
            y.updated_at,
            str(y.updated_by or ""),
        )
        for y in CalendarYear.objects.visible_to(user)
        .select_related("updated_by")
        .annotate(
            n_holidays=Count("days", filter=Q(days__kind="休")),
            n_workdays=Count("days", filter=Q(days__kind="班")),
        )
        .order_by("-year")
    ]
    have = {r.year for r in rows}
    today = timezone.localdate()
    rows.extend(
        YearRow(year, False, "", 0, 0, 0, "", None, "")
        for year in (today.year + 1, today.year)
        if year not in have
    )
    return sorted(rows, key=lambda r: -r.year)
