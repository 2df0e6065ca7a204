"""Every change to an evaluation plan: one transaction, the acting user, the policy enforced, the audit record
inside (plans and their units are audited models; distributing records one event with its counts)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from .models import MAX_TERM_YEARS, EvaluationPlan, PlannedUnit
from .policy import POLICY


def _check_years(first_year: int, last_year: int) -> None:
    if not (2000 <= first_year <= 2100 and 2000 <= last_year <= 2100):
        raise Invalid(_("规划年度须在 2000 年至 2100 年之间。"))
    if last_year < first_year:
        raise Invalid(
            _("终止年度(%(last)s年)早于起始年度(%(first)s年)。") % {"last": last_year, "first": first_year}
        )
    if last_year - first_year + 1 > MAX_TERM_YEARS:
        raise Invalid(_("规划期最长 %(n)s 年。") % {"n": MAX_TERM_YEARS})


def create_plan(
    *, actor: Any, name: str, first_year: int, last_year: int, region=None, note: str = ""
) -> EvaluationPlan:
    POLICY.require(actor, "edit")
    name = (name or "").strip()
    if not name:
        raise Invalid(_("请填写规划名称。"))
    _check_years(first_year, last_year)
    with transaction.atomic(), audit_context(actor=actor):
        return EvaluationPlan.objects.create(
            name=name, first_year=first_year, last_year=last_year, region=region, note=note, created_by=actor
        )


def update_plan(
    plan: EvaluationPlan, *, actor: Any, name: str, first_year: int, last_year: int, note: str = ""
) -> None:
    POLICY.require(actor, "edit", plan)
    name = (name or "").strip()
    if not name:
        raise Invalid(_("请填写规划名称。"))
    _check_years(first_year, last_year)
    outside = plan.entries.exclude(year__range=(first_year, last_year)).count()
    if outside:
        raise Invalid(
            _("已有 %(n)s 个单位安排在 %(first)s—%(last)s 年以外,请先调整这些单位的评估年度。")
            % {"n": outside, "first": first_year, "last": last_year}
        )
    with transaction.atomic(), audit_context(actor=actor):
        plan.name, plan.first_year, plan.last_year, plan.note = name, first_year, last_year, note
        plan.save()


def plan_unit(plan: EvaluationPlan, *, actor: Any, unit, year: int) -> PlannedUnit:
    """Evaluate `unit` in `year` (moving it from another year of the plan if it had one)."""
    POLICY.require(actor, "edit", plan)
    if year not in plan.years:
        raise Invalid(
            _("%(year)s年不在规划期(%(first)s—%(last)s年)内。")
            % {"year": year, "first": plan.first_year, "last": plan.last_year}
        )
    if not plan.units_in_scope().filter(pk=unit.pk).exists():
        raise Invalid(_("「%(unit)s」不在本规划的范围内(区划内在用的单位)。") % {"unit": unit})
    with transaction.atomic(), audit_context(actor=actor):
        entry: PlannedUnit | None = PlannedUnit.objects.filter(plan=plan, unit=unit).first()
        if entry is None:
            entry = PlannedUnit.objects.create(plan=plan, unit=unit, year=year)
            return entry
        if entry.year != year:
            entry.year = year
            entry.save()
        return entry


def unplan_unit(plan: EvaluationPlan, *, actor: Any, unit) -> None:
    POLICY.require(actor, "edit", plan)
    with transaction.atomic(), audit_context(actor=actor):
        for entry in PlannedUnit.objects.filter(plan=plan, unit=unit):
            entry.delete()


def distribute(plan: EvaluationPlan, *, actor: Any) -> dict[int, int]:
    """Put every unit of the plan's scope not yet planned into the year with the fewest units (ties: the
    earlier year), in the registry's order, so that each year gets about the same number. Units already
    planned stay where they are. Returns {year: units added}."""
    POLICY.require(actor, "edit", plan)
    with transaction.atomic(), audit_context(actor=actor):
        load = Counter(dict.fromkeys(plan.years, 0))
        load.update(plan.entries.values_list("year", flat=True))
        planned = set(plan.entries.values_list("unit_id", flat=True))
        added: Counter[int] = Counter()
        for unit in (
            plan.units_in_scope().exclude(pk__in=planned).order_by("category__order", "order", "code")
        ):
            year = min(plan.years, key=lambda y: (load[y], y))
            PlannedUnit.objects.create(plan=plan, unit=unit, year=year)
            load[year] += 1
            added[year] += 1
        by_year = {year: added[year] for year in plan.years if added[year]}
        record_event(
            "plans.distributed",
            plan,
            after={"planned": sum(by_year.values()), "by_year": {f"{y}年": n for y, n in by_year.items()}},
        )
    return by_year
