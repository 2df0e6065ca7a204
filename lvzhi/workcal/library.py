"""The years the `chinese-calendar` library knows (2004 to its last year; 1.11.0 ends with 2026), as rows of the
year table: each statutory holiday (休, including the weekend days inside a holiday period) and each make-up
working day (班), with the festival's Chinese name.

Why this library: it is kept from the State Council's notices year by year, knows the make-up working days, and
raises for a year it does not know instead of guessing (python-holidays returns rule-based holidays without make-up
days for a year not yet published). It is read when the database is created and by `lvzhi calendar seed` after
an upgrade; the table, not the library, is what the product computes with, so an administrator can load a year
the library does not know yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import chinese_calendar  # type: ignore[import-untyped]

from .engine import HOLIDAY, WORKDAY

FESTIVALS = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

LIBRARY_NAME = "chinese-calendar"


def version() -> str:
    return str(getattr(chinese_calendar, "__version__", ""))


def _festival(name: object) -> str:
    text = str(name)
    return FESTIVALS.get(text, text)


def years() -> dict[int, list[tuple[dt.date, str, str]]]:
    """{year: [(date, 休/班, 说明), …]} for every year the library knows, days in order."""
    table: dict[int, list[tuple[dt.date, str, str]]] = defaultdict(list)
    for day, name in chinese_calendar.holidays.items():
        table[day.year].append((day, HOLIDAY, _festival(name)))
    for day, name in chinese_calendar.workdays.items():
        table[day.year].append((day, WORKDAY, _festival(name) + "调休上班"))
    return {year: sorted(rows) for year, rows in sorted(table.items())}


def last_year() -> int:
    return max(years())
