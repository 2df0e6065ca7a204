"""Evaluation plans API, mounted at /api/plans/: the plans with their years and units, and for office
administrators making a plan, a unit's year (PUT; DELETE cancels it) and spreading the unplanned units."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status

from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Region

from . import actions, selectors
from .models import EvaluationPlan
from .policy import POLICY

router = Router(tags=[gettext_lazy("评估规划")])


class PlanIn(Schema):
    name: str
    first_year: int
    last_year: int
    region_id: int | None = None
    note: str = ""


class PlannedUnitOut(Schema):
    unit_id: int
    unit_code: str
    unit: str
    year: int


class PlanYearOut(Schema):
    year: int
    units: list[PlannedUnitOut]
    campaign_ids: list[int]
    not_in_campaign: list[int]


class PlanOut(Schema):
    id: int
    name: str
    first_year: int
    last_year: int
    region_id: int | None
    note: str
    in_scope: int
    planned: int
    complete: bool
    years: list[PlanYearOut]
    unplanned: list[int]


class YearIn(Schema):
    year: int


class DistributedOut(Schema):
    added: dict[int, int]


def plan_out(plan: EvaluationPlan) -> dict:
    summary = selectors.overview(plan)
    return {
        "id": plan.pk,
        "name": plan.name,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "region_id": plan.region_id,
        "note": plan.note,
        "in_scope": summary.in_scope,
        "planned": summary.planned,
        "complete": summary.complete,
        "years": [
            {
                "year": y.year,
                "units": [
                    {"unit_id": e.unit_id, "unit_code": e.unit.code, "unit": e.unit.name, "year": e.year}
                    for e in y.entries
                ],
                "campaign_ids": [c.pk for c in y.campaigns],
                "not_in_campaign": [e.unit_id for e in y.not_in_campaign],
            }
            for y in summary.years
        ],
        "unplanned": [u.pk for u in summary.unplanned],
    }


@router.get("", response={200: list[PlanOut], **ERROR_RESPONSES}, summary=gettext_lazy("评估规划列表"))
@enforces(POLICY, "view")
def list_plans(request):
    POLICY.require(request.auth, "view")
    return [plan_out(plan) for plan in selectors.plans_for(request.auth)]


@router.post("", response={201: PlanOut, **ERROR_RESPONSES}, summary=gettext_lazy("制定评估规划"))
@enforces(POLICY, "edit")
def create_plan(request, body: PlanIn):
    POLICY.require(request.auth, "edit")
    region = Region.objects.filter(pk=body.region_id).first() if body.region_id else None
    if body.region_id and region is None:
        raise invalid("region_id", _("未找到该区划。"))
    plan = actions.create_plan(
        actor=request.auth,
        name=body.name,
        first_year=body.first_year,
        last_year=body.last_year,
        region=region,
        note=body.note,
    )
    return Status(201, plan_out(plan))


@router.get(
    "/{int:plan_id}", response={200: PlanOut, **ERROR_RESPONSES}, summary=gettext_lazy("评估规划详情")
)
@enforces(POLICY, "view")
def get_plan(request, plan_id: int):
    return plan_out(get_for(request.auth, EvaluationPlan, pk=plan_id))


@router.put(
    "/{int:plan_id}/units/{int:unit_id}",
    response={200: PlanOut, **ERROR_RESPONSES},
    summary=gettext_lazy("安排单位的评估年度"),
)
@enforces(POLICY, "edit")
def put_unit(request, plan_id: int, unit_id: int, body: YearIn):
    plan = get_for(request.auth, EvaluationPlan, "edit", pk=plan_id)
    unit = get_for(request.auth, plan.units_in_scope(), pk=unit_id)
    actions.plan_unit(plan, actor=request.auth, unit=unit, year=body.year)
    return plan_out(plan)


@router.delete(
    "/{int:plan_id}/units/{int:unit_id}",
    response={200: PlanOut, **ERROR_RESPONSES},
    summary=gettext_lazy("取消单位的评估安排"),
)
@enforces(POLICY, "edit")
def delete_unit(request, plan_id: int, unit_id: int):
    plan = get_for(request.auth, EvaluationPlan, "edit", pk=plan_id)
    unit = get_for(request.auth, plan.units_in_scope(), pk=unit_id)
    actions.unplan_unit(plan, actor=request.auth, unit=unit)
    return plan_out(plan)


@router.post(
    "/{int:plan_id}/distribute",
    response={200: DistributedOut, **ERROR_RESPONSES},
    summary=gettext_lazy("把未安排的单位平均分配到各年度"),
)
@enforces(POLICY, "edit")
def distribute(request, plan_id: int):
    plan = get_for(request.auth, EvaluationPlan, "edit", pk=plan_id)
    return {"added": actions.distribute(plan, actor=request.auth)}
