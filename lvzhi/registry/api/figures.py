"""Staffing figures (lvzhi.registry.staffing): approved vs actual by staffing kind, vacancies, over-quota use,
leadership posts used vs allowed. Sums count only the units the user may see (`partial_scope` says so)."""

from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from lvzhi.api.crud import get_visible
from lvzhi.registry import staffing
from lvzhi.registry.models import LeadershipLevel, StaffingKind, Unit
from lvzhi.registry.policy import POLICY

from .common import READ
from .regions import region_or_404
from .schemas import CategoryBrief, RegionBrief

router = Router()


class KindFigures(Schema):
    kind: StaffingKind
    label: str
    approved: int
    actual: int
    vacancy: int = Field(description=gettext_lazy("空编"))
    over: int = Field(description=gettext_lazy("超编"))


class LeadershipFigures(Schema):
    level: LeadershipLevel
    label: str
    allowed: int = Field(description=gettext_lazy("核定领导职数"))
    used: int = Field(description=gettext_lazy("实配"))
    over: int = Field(description=gettext_lazy("超配"))


class StaffingOut(Schema):
    unit_count: int
    approved: int = Field(description=gettext_lazy("核定编制数"))
    actual: int = Field(description=gettext_lazy("实有人数(在编)"))
    vacancy: int = Field(description=gettext_lazy("空编数,按单位和编制类型分别计算后相加"))
    over: int = Field(description=gettext_lazy("超编数,按单位和编制类型分别计算后相加"))
    usage_rate: float | None = Field(description=gettext_lazy("实有/核定,百分比;无核定编制时为 null"))
    leadership_allowed: int
    leadership_used: int
    leadership_over: int
    by_kind: list[KindFigures]
    leadership: list[LeadershipFigures]


class RegionFigures(Schema):
    region: RegionBrief
    staffing: StaffingOut


class CategoryFigures(Schema):
    category: CategoryBrief | None = Field(description=gettext_lazy("null 表示未分类的单位"))
    staffing: StaffingOut


class StaffingReportOut(Schema):
    region: RegionBrief | None = Field(description=gettext_lazy("汇总的区划;null 表示全部"))
    partial_scope: bool = Field(description=gettext_lazy("true 表示只汇总了您有权查看的单位"))
    total: StaffingOut
    children: list[RegionFigures] = Field(description=gettext_lazy("各下级区划(或各顶级区划)的汇总"))
    categories: list[CategoryFigures] = Field(description=gettext_lazy("按评估类别的汇总"))


def _figures(s) -> dict:
    return {
        "unit_count": s.unit_count,
        "approved": s.approved_total,
        "actual": s.actual_total,
        "vacancy": s.vacancy_total,
        "over": s.over_total,
        "usage_rate": s.usage_rate,
        "leadership_allowed": s.leadership_allowed_total,
        "leadership_used": s.leadership_used_total,
        "leadership_over": s.leadership_over_total,
        # Choice labels may be lazy translations: pydantic takes only str.
        "by_kind": [{**vars(row), "label": str(row.label)} for row in s.kinds],
        "leadership": [{**vars(row), "label": str(row.label), "over": row.over} for row in s.leadership],
    }


def _report(user, region):
    units = None if POLICY.allowed(user, "view_all_units") else Unit.objects.visible_to(user)
    report = staffing.region_report(region, units)
    return {
        "region": region,
        "partial_scope": units is not None,
        "total": _figures(report.total),
        "children": [{"region": child, "staffing": _figures(s)} for child, s in report.children],
        "categories": [{"category": category, "staffing": _figures(s)} for category, s in report.categories],
    }


@router.get(
    "/units/{int:unit_id}/staffing",
    response={200: StaffingOut, **READ},
    summary=gettext_lazy("单位编制使用情况"),
)
def unit_staffing(request, unit_id: int):
    unit = get_visible(Unit.objects, request.user, unit_id)
    return _figures(staffing.staffing_of_unit(unit))


@router.get(
    "/regions/{int:region_id}/staffing",
    response={200: StaffingReportOut, **READ},
    summary=gettext_lazy("区划编制使用汇总"),
)
def region_staffing(request, region_id: int):
    """The region's whole subtree, each child region, and each category within it."""
    return _report(request.user, region_or_404(region_id))


@router.get("/staffing", response={200: StaffingReportOut, **READ}, summary=gettext_lazy("编制使用总汇总"))
def all_staffing(request):
    """Everything the user may see, by top-level region and by category."""
    return _report(request.user, None)
