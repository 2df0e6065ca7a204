"""The working calendar's arithmetic (工作日历): working days and working hours on the Chinese calendar.

A pure engine: no Django import, typed, tested alone. The Django side (lvzhi.workcal.calendar) builds a
`WorkCalendar` from the year table (statutory holidays and the make-up working days, 调休) and asks it.

- A day is a working day when it is a make-up working day (班), or a weekday that is not a holiday (休).
- A year with no published table is *provisional*: weekends only (no library knows next year's schedule before
  the State Council publishes it each November or December). `is_provisional` says so, and every answer that
  touched such a day carries the flag (`Answer.provisional`).
- Time limits count as statutes do: the start day is not counted (`add_workdays(d, 1)` is the next working day
  after `d`).
- Durations in working hours use the office hours (default 8:30–12:00 and 13:30–17:30, 7.5 hours a day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Generic, TypeVar

T = TypeVar("T")

HOLIDAY = "休"
WORKDAY = "班"
KINDS: tuple[str, ...] = (HOLIDAY, WORKDAY)
ONE_DAY = dt.timedelta(days=1)


class CalendarError(ValueError):
    """A question the calendar cannot answer (bad office hours, a negative count…); the message is Chinese."""


@dataclass(frozen=True)
class OfficeHours:
    """The working periods of a day, in order and not overlapping: ((08:30, 12:00), (13:30, 17:30))."""

    periods: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(8, 30), dt.time(12, 0)),
        (dt.time(13, 30), dt.time(17, 30)),
    )

    def __post_init__(self) -> None:
        if not self.periods:
            raise CalendarError("办公时间不能为空。")
        last = dt.time(0, 0)
        for start, end in self.periods:
            if not start < end or start < last:
                raise CalendarError("办公时间段须按先后排列、互不重叠,且每段开始早于结束。")
            last = end

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """ "08:30-12:00,13:30-17:30" → OfficeHours."""
        periods = []
        for part in text.replace(",", ",").replace("–", "-").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                a, b = (p.strip() for p in part.split("-"))
                periods.append((dt.time.fromisoformat(_pad(a)), dt.time.fromisoformat(_pad(b))))
            except ValueError as exc:
                raise CalendarError(f"无法识别办公时间“{part}”,应写作 08:30-12:00。") from exc
        return cls(tuple(periods))

    def __str__(self) -> str:
        return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.periods)

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(b) - _minutes(a) for a, b in self.periods)

    def minutes_before(self, moment: dt.time) -> int:
        """Working minutes of a working day before `moment`."""
        m = _minutes(moment)
        return sum(max(0, min(m, _minutes(b)) - _minutes(a)) for a, b in self.periods)

    def time_after(self, minutes: int) -> dt.time:
        """The time of day at which `minutes` working minutes of a day have passed (0 < minutes ≤ per day)."""
        left = minutes
        for a, b in self.periods:
            length = _minutes(b) - _minutes(a)
            if left <= length:
                total = _minutes(a) + left
                return dt.time(total // 60, total % 60)
            left -= length
        raise CalendarError("超出一天的办公时间。")


def _pad(text: str) -> str:
    return text if len(text.split(":")[0]) == 2 else "0" + text


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class Answer(Generic[T]):
    """A date or a count, and whether a provisional year (weekends only) went into it."""

    value: T
    provisional: bool
    provisional_years: tuple[int, ...] = ()


@dataclass
class WorkCalendar:
    """The calendar: `days` maps the special dates of the published years to 休 or 班; `published` are the
    years whose table is published (any other year is provisional: weekends only)."""

    days: Mapping[dt.date, str] = field(default_factory=dict)
    published: frozenset[int] = frozenset()
    hours: OfficeHours = field(default_factory=OfficeHours)

    @classmethod
    def build(
        cls,
        entries: Iterable[tuple[dt.date, str]],
        published: Iterable[int],
        hours: OfficeHours | None = None,
    ) -> WorkCalendar:
        days: dict[dt.date, str] = {}
        for day, kind in entries:
            if kind not in KINDS:
                raise CalendarError(f"类型只能是“休”或“班”:{kind}")
            days[day] = kind
        return cls(days=days, published=frozenset(published), hours=hours or OfficeHours())

    # --- days -------------------------------------------------------------------------------------------------

    def is_provisional(self, day: dt.date) -> bool:
        return day.year not in self.published

    def is_workday(self, day: dt.date) -> bool:
        kind = self.days.get(day)
        if kind == WORKDAY:
            return True
        if kind == HOLIDAY:
            return False
        return day.weekday() < 5

    def kind_of(self, day: dt.date) -> str:
        """休 (a holiday or a weekend), 班 (a make-up working day) or "" (an ordinary weekday)."""
        kind = self.days.get(day)
        if kind:
            return kind
        return "" if day.weekday() < 5 else HOLIDAY

    def _years(self, start: dt.date, end: dt.date) -> tuple[int, ...]:
        lo, hi = sorted((start.year, end.year))
        return tuple(y for y in range(lo, hi + 1) if y not in self.published)

    def workdays(self, start: dt.date, end: dt.date) -> Answer[int]:
        """The number of working days from `start` to `end`, both included (0 when end < start)."""
        count = 0
        day = start
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += ONE_DAY
        years = self._years(start, end) if start <= end else ()
        return Answer(count, bool(years), years)

    def add_workdays(self, start: dt.date, n: int) -> Answer[dt.date]:
        """The date `n` working days after `start`, the start day not counted (a time limit of n working days
        that starts on `start` ends on this day). n = 0 gives `start`; a negative n counts back."""
        day = start
        step = ONE_DAY if n >= 0 else -ONE_DAY
        left = abs(n)
        while left:
            day += step
            if self.is_workday(day):
                left -= 1
        years = self._years(start, day)
        return Answer(day, bool(years), years)

    def next_workday(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the next one."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    # --- hours ------------------------------------------------------------------------------------------------

    def working_minutes(self, start: dt.datetime, end: dt.datetime) -> Answer[int]:
        """Working minutes between two moments (office hours on working days only); 0 when end ≤ start."""
        if end <= start:
            return Answer(0, False, ())
        per_day = self.hours.minutes_per_day
        total = 0
        day = start.date()
        while day <= end.date():
            if self.is_workday(day):
                lo = self.hours.minutes_before(start.time()) if day == start.date() else 0
                hi = self.hours.minutes_before(end.time()) if day == end.date() else per_day
                total += max(0, hi - lo)
            day += ONE_DAY
        years = self._years(start.date(), end.date())
        return Answer(total, bool(years), years)

    def working_hours(self, start: dt.datetime, end: dt.datetime) -> Answer[Fraction]:
        """Working hours between two moments, exactly (a Fraction: 7.5 h is Fraction(15, 2))."""
        minutes = self.working_minutes(start, end)
        return Answer(Fraction(minutes.value, 60), minutes.provisional, minutes.provisional_years)

    def add_working_hours(self, start: dt.datetime, hours: Fraction | int | float) -> Answer[dt.datetime]:
        """The moment at which `hours` working hours after `start` have passed (counting office hours only)."""
        left = round(Fraction(hours) * 60)
        if left < 0:
            raise CalendarError("工作小时数不能为负数。")
        per_day = self.hours.minutes_per_day
        day = start.date()
        used = self.hours.minutes_before(start.time()) if self.is_workday(day) else per_day
        if left == 0:
            return Answer(start, self.is_provisional(day), self._years(day, day))
        while True:
            if self.is_workday(day):
                room = per_day - used
                if left <= room:
                    moment = dt.datetime.combine(day, self.hours.time_after(used + left), tzinfo=start.tzinfo)
                    years = self._years(start.date(), day)
                    return Answer(moment, bool(years), years)
                left -= room
            day += ONE_DAY
            used = 0

    def deadline(self, start: dt.date, amount: int, unit: str = "days") -> Answer[dt.date]:
        """A time limit of `amount` working days (unit "days") or working hours ("hours") from `start`: the
        last day on which it is met. Hours start at the next office morning after the start day."""
        if unit == "days":
            return self.add_workdays(start, amount)
        if unit == "hours":
            first = self.add_workdays(start, 1).value
            begin = dt.datetime.combine(first, self.hours.periods[0][0])
            moment = self.add_working_hours(begin, amount)
            years = self._years(start, moment.value.date())
            return Answer(moment.value.date(), bool(years), years)
        raise CalendarError(f"时限单位只能是工作日或工作小时:{unit}")
