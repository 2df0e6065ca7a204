"""The working calendar's arithmetic, alone (no database): days, hours, provisional years, time limits."""

import datetime as dt
from fractions import Fraction

import pytest

from lvzhi.workcal.engine import HOLIDAY, WORKDAY, CalendarError, OfficeHours, WorkCalendar
from lvzhi.workcal.library import years

D = dt.date
T = dt.datetime


@pytest.fixture(scope="module")
def calendar():
    table = years()
    return WorkCalendar.build(((d, k) for rows in table.values() for d, k, _n in rows), table)


def naive(published=(2026,)):
    """A calendar with the holidays but without make-up working days (what a business-hours library does)."""
    rows = [(d, k) for d, k, _n in years()[2026] if k == HOLIDAY]
    return WorkCalendar.build(rows, published)


def test_the_spring_festival_2026_is_nine_days_off_between_two_make_up_saturdays(calendar):
    assert calendar.is_workday(D(2026, 2, 14))  # Saturday, 班
    assert not any(calendar.is_workday(D(2026, 2, d)) for d in range(15, 24))
    assert calendar.is_workday(D(2026, 2, 28))  # Saturday, 班
    assert calendar.workdays(D(2026, 2, 13), D(2026, 2, 28)).value == 7


def test_hours_across_the_2026_spring_festival_are_56_on_eight_hour_days_where_a_naive_calendar_counts_40(
    calendar,
):
    eight = OfficeHours.parse("09:00-12:00,13:00-18:00")
    start, end = T(2026, 2, 13, 0, 0), T(2026, 2, 28, 23, 59)
    official = WorkCalendar(days=calendar.days, published=calendar.published, hours=eight)
    assert official.working_hours(start, end).value == 56
    without_make_up_days = WorkCalendar(days=naive().days, published=frozenset({2026}), hours=eight)
    assert without_make_up_days.working_hours(start, end).value == 40
    # with the default office hours (8:30–12:00, 13:30–17:30: 7.5 h a day) the same seven days are 52.5 h
    assert calendar.working_hours(start, end).value == Fraction(105, 2)


def test_the_start_day_is_not_counted_in_a_time_limit(calendar):
    assert calendar.add_workdays(D(2026, 2, 12), 1).value == D(2026, 2, 13)
    assert calendar.add_workdays(D(2026, 2, 13), 1).value == D(2026, 2, 14)  # the make-up Saturday
    assert calendar.add_workdays(D(2026, 2, 14), 1).value == D(2026, 2, 24)  # over the festival
    assert calendar.add_workdays(D(2026, 2, 13), 0).value == D(2026, 2, 13)
    assert calendar.add_workdays(D(2026, 2, 24), -1).value == D(2026, 2, 14)


def test_ten_working_days_after_the_first_quarter(calendar):
    # 2026-04-04..06 清明 off; 10 working days after 31 March
    assert calendar.add_workdays(D(2026, 3, 31), 10).value == D(2026, 4, 15)


def test_a_year_without_a_published_table_is_weekends_only_and_flagged(calendar):
    answer = calendar.workdays(D(2027, 1, 1), D(2027, 1, 31))
    assert answer.value == 21 and answer.provisional and answer.provisional_years == (2027,)
    assert not calendar.workdays(D(2026, 1, 1), D(2026, 1, 31)).provisional
    crossing = calendar.add_workdays(D(2026, 12, 28), 10)
    assert crossing.provisional and crossing.value == D(2027, 1, 11)


def test_hours_within_a_day_count_only_office_periods(calendar):
    day = D(2026, 3, 2)  # a Monday
    assert calendar.working_minutes(T(2026, 3, 2, 11, 0), T(2026, 3, 2, 14, 0)).value == 90
    assert calendar.working_hours(T(2026, 3, 2, 7, 0), T(2026, 3, 2, 20, 0)).value == Fraction(15, 2)
    assert calendar.working_hours(T(2026, 3, 2, 20, 0), T(2026, 3, 2, 7, 0)).value == 0
    assert calendar.add_working_hours(dt.datetime.combine(day, dt.time(11, 0)), 2).value == T(
        2026, 3, 2, 14, 30
    )
    # Friday 16:30 + 2 h: one hour left on Friday, the rest on Monday morning
    assert calendar.add_working_hours(T(2026, 3, 6, 16, 30), 2).value == T(2026, 3, 9, 9, 30)
    # the make-up Saturday before the Spring Festival is a working day
    assert calendar.add_working_hours(T(2026, 2, 13, 17, 0), 1).value == T(2026, 2, 14, 9, 0)


def test_a_deadline_in_working_hours_starts_the_next_working_morning(calendar):
    assert calendar.deadline(D(2026, 2, 12), 8, "hours").value == D(2026, 2, 14)
    assert calendar.deadline(D(2026, 2, 12), 3, "days").value == D(2026, 2, 24)
    with pytest.raises(CalendarError):
        calendar.deadline(D(2026, 2, 12), 3, "weeks")


def test_office_hours_are_configurable_and_checked():
    hours = OfficeHours.parse("8:30-12:00, 13:30-17:30")
    assert str(hours) == "08:30-12:00,13:30-17:30" and hours.minutes_per_day == 450
    for bad in ("12:00-08:30", "08:30-12:00,11:00-17:00", "8点半", ""):
        with pytest.raises(CalendarError):
            OfficeHours.parse(bad)


def test_a_hand_built_year_overrides_weekends():
    cal = WorkCalendar.build([(D(2027, 2, 6), HOLIDAY), (D(2027, 2, 20), WORKDAY)], [2027])
    assert not cal.is_workday(D(2027, 2, 6)) and cal.is_workday(D(2027, 2, 20))
    assert not cal.is_provisional(D(2027, 6, 1))
    with pytest.raises(CalendarError):
        WorkCalendar.build([(D(2027, 2, 6), "假")], [2027])
