"""Read models of the goals room, shared by pages, API, exports and the campaign feed; built on visible_to.
Nothing here writes (ReportingPeriod rows are created on first use by lvzhi.goals.deadlines)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from lvzhi.registry.models import Unit

from . import deadlines
from .models import QUARTERS, Goal, GoalTask, Level, ProgressEvidence, ProgressReport, ReportingPeriod, Status


def visible_units(user: Any) -> QuerySet[Unit]:
    units: QuerySet[Unit] = Unit.objects.visible_to(user)
    return units.select_related("region").order_by("region__path", "order", "code")


def goals_of(user: Any, action: str = "view") -> QuerySet[Goal]:
    return Goal.objects.visible_to(user, action).select_related(
        "unit", "internal_body", "person", "main_duty"
    )


def with_detail(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    return goals.prefetch_related(
        Prefetch(
            "tasks",
            GoalTask.objects.select_related("internal_body").prefetch_related(
                "cooperating_units", "cooperating_bodies"
            ),
        ),
        Prefetch("reports", ProgressReport.objects.prefetch_related("evidence")),
        "reviews",
    )


def unit_goals(user: Any, unit: Unit, year: int) -> list[Goal]:
    return list(with_detail(goals_of(user).filter(unit=unit, year=year)).order_by("level", "seq", "id"))


def reports_by_goal(goals: list[Goal]) -> dict[int, dict[int, ProgressReport]]:
    out: dict[int, dict[int, ProgressReport]] = defaultdict(dict)
    for goal in goals:
        for report in goal.reports.all():
            out[goal.pk][report.quarter] = report
    return out


@dataclass
class QuarterCell:
    quarter: int
    due: dt.date
    report: ProgressReport | None
    overdue: bool
    late: bool  # reported after the deadline
    open: bool  # the quarter has started


def quarter_cells(goal: Goal, periods: dict[int, ReportingPeriod], today: dt.date) -> list[QuarterCell]:
    reports = {r.quarter: r for r in goal.reports.all()}
    cells = []
    for quarter in QUARTERS:
        due = periods[quarter].due
        report = reports.get(quarter)
        approved = goal.status == Status.APPROVED
        cells.append(
            QuarterCell(
                quarter=quarter,
                due=due,
                report=report,
                overdue=approved and report is None and today > due,
                late=report is not None and report.reported_at.date() > due,
                open=today >= dt.date(goal.year, (quarter - 1) * 3 + 1, 1),
            )
        )
    return cells


@dataclass
class UnitYear:
    unit: Unit
    counts: Counter[str] = field(default_factory=Counter)
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def year_summary(user: Any, year: int, today: dt.date) -> list[UnitYear]:
    """Each visible unit's goals of the year by state, and its overdue quarterly reports."""
    rows = {unit.pk: UnitYear(unit) for unit in visible_units(user)}
    for unit_id, status in (
        goals_of(user).filter(year=year, level=Level.UNIT).values_list("unit_id", "status")
    ):
        if unit_id in rows:
            rows[unit_id].counts[status] += 1
    for item in overdue(user, today, year=year):
        if item.goal.unit_id in rows:
            rows[item.goal.unit_id].overdue += 1
    return list(rows.values())


@dataclass(frozen=True)
class Overdue:
    goal: Goal
    quarter: int
    due: dt.date


def overdue(user: Any, today: dt.date, year: int | None = None) -> list[Overdue]:
    """Approved goals whose quarterly report is past its deadline and not in, for the units the user sees."""
    years = [year] if year is not None else [today.year - 1, today.year]
    out: list[Overdue] = []
    for goal_year in years:
        periods = deadlines.periods(goal_year)
        late_quarters = [q for q, p in periods.items() if p.due < today]
        if not late_quarters:
            continue
        goals = (
            goals_of(user)
            .filter(year=goal_year, status=Status.APPROVED)
            .prefetch_related("reports")
            .order_by("unit__order", "unit__code", "level", "seq")
        )
        for goal in goals:
            reported = {r.quarter for r in goal.reports.all()}
            out.extend(Overdue(goal, q, periods[q].due) for q in late_quarters if q not in reported)
    return sorted(out, key=lambda o: (o.due, o.goal.unit.code, o.goal.seq))


def may_read_evidence(user: Any, name: str) -> bool:
    """The protected-file check for goals/…: the user sees the report the file belongs to."""
    return ProgressEvidence.objects.visible_to(user).filter(file=name).exists()


def years_of(user: Any, today: dt.date) -> list[int]:
    found = set(goals_of(user).values_list("year", flat=True).distinct())
    found.update({today.year, today.year + 1})
    return sorted(found, reverse=True)
