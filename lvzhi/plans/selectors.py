"""Read models of the evaluation plans, shared by the pages, the API and the campaigns' set-up: a plan's years
with their units and the campaigns scoped from them, and the units still unplanned."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import EvaluationPlan, PlannedUnit


@dataclass
class PlanYear:
    year: int
    entries: list[PlannedUnit]
    campaigns: list[Any] = field(
        default_factory=list
    )  # this year's campaigns that take their units from the plan
    not_in_campaign: list[PlannedUnit] = field(
        default_factory=list
    )  # planned, but in none of those campaigns

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass
class PlanOverview:
    plan: EvaluationPlan
    years: list[PlanYear]
    unplanned: list[Any]  # units of the plan's scope with no year
    in_scope: int

    @property
    def planned(self) -> int:
        return sum(y.count for y in self.years)

    @property
    def complete(self) -> bool:
        """Every unit of the scope has its year: each is evaluated once within the term."""
        return not self.unplanned


def plans_for(user: Any):
    return EvaluationPlan.objects.visible_to(user).select_related("region")


def overview(plan: EvaluationPlan) -> PlanOverview:
    entries = list(
        plan.entries.select_related("unit", "unit__category").order_by("year", "unit__order", "unit__code")
    )
    by_year: dict[int, list[PlannedUnit]] = {year: [] for year in plan.years}
    for entry in entries:
        by_year.setdefault(entry.year, []).append(entry)
    years = []
    for year, planned in sorted(by_year.items()):
        campaigns = list(plan.campaigns.filter(year=year).order_by("pk"))
        in_campaigns = set()
        for campaign in campaigns:
            in_campaigns.update(campaign.units.values_list("unit_id", flat=True))
        missing = [e for e in planned if e.unit_id not in in_campaigns] if campaigns else []
        years.append(PlanYear(year, planned, campaigns, missing))
    scope = plan.units_in_scope()
    planned_ids = {e.unit_id for e in entries}
    unplanned = list(scope.exclude(pk__in=planned_ids).select_related("category").order_by("order", "code"))
    return PlanOverview(plan, years, unplanned, scope.count())


def units_planned_for(plan: EvaluationPlan, year: int):
    """The units a campaign of `year` scoped from `plan` evaluates."""
    return [e.unit for e in plan.entries.filter(year=year).select_related("unit")]


def plans_covering(year: int):
    """Plans whose term includes `year` (the campaign form offers them)."""
    return EvaluationPlan.objects.filter(first_year__lte=year, last_year__gte=year)
