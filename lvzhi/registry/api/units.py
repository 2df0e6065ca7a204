"""Units: read through `visible_to(user)`; created and deleted by office administrators, partly changed by their contact."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status

from lvzhi.api.crud import get_visible, resolve
from lvzhi.api.errors import forbidden
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.api.schemas import changed_fields
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry import actions
from lvzhi.registry.models import Category, SanDing, Unit
from lvzhi.registry.policy import POLICY

from .common import (
    _SANDING_PREFETCH,
    NO_CONTENT,
    READ,
    UNIT_CONTACT_FIELDS,
    DeleteParams,
    _assign,
    _filter_region_param,
    _region_or_422,
)
from .schemas import (
    UnitDetailOut,
    UnitFilters,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router()


def _unit_queryset(user):
    return Unit.objects.visible_to(user).select_related("region", "category", "parent")


def _unit_values(values, user):
    if "region" in values:
        values["region"] = _region_or_422(values["region"])
    if "category" in values:
        values["category"] = resolve(Category.objects.all(), values["category"], "category", _("单位类别"))
    if "parent" in values:
        values["parent"] = resolve(Unit.objects.visible_to(user), values["parent"], "parent", _("单位"))
    return values


@router.get("/units", response={200: Page[UnitOut], **READ}, summary=gettext_lazy("单位列表"))
def list_units(request, filters: Query[UnitFilters], page: Query[PageParams]):
    qs = _unit_queryset(request.user)
    if filters.q:
        qs = qs.filter(
            Q(code__icontains=filters.q) | Q(name__icontains=filters.q) | Q(short_name__icontains=filters.q)
        )
    qs = _filter_region_param(qs, filters.region, "region__")
    if filters.category is not None:
        qs = qs.filter(category_id=filters.category)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.is_active is not None:
        qs = qs.filter(is_active=filters.is_active)
    return paginate(qs, page)


def _unit_detail(unit):
    sanding = (
        SanDing.objects.filter(unit=unit, is_current=True)
        .select_related("unit")
        .prefetch_related(*_SANDING_PREFETCH)
        .first()
    )
    counts = Unit.objects.filter(pk=unit.pk).aggregate(
        internal_body_count=Count("internal_bodies", distinct=True),
        post_count=Count("posts", distinct=True),
        person_count=Count("persons", filter=Q(persons__is_active=True), distinct=True),
    )
    unit.sanding = sanding
    for name, value in counts.items():
        setattr(unit, name, value)
    return unit


@router.get(
    "/units/{int:unit_id}",
    response={200: UnitDetailOut, **READ},
    summary=gettext_lazy("单位详情(含现行三定)"),
)
def get_unit(request, unit_id: int):
    return _unit_detail(get_visible(_unit_queryset(request.user), request.user, unit_id))


@router.post("/units", response={201: UnitDetailOut, **READ}, summary=gettext_lazy("新增单位"))
@enforces(POLICY, "create_unit")
def create_unit(request, payload: UnitIn):
    POLICY.require(request.user, "create_unit")
    unit = actions.save_unit(
        _assign(Unit(), _unit_values(payload.model_dump(), request.user)), actor=request.user
    )
    return Status(201, _unit_detail(unit))


@router.patch("/units/{int:unit_id}", response={200: UnitDetailOut, **READ}, summary=gettext_lazy("修改单位"))
@enforces(POLICY, "edit_unit")
def update_unit(request, unit_id: int, payload: UnitPatch):
    user = request.user
    unit = get_for(user, _unit_queryset(user), "edit_unit", policy=POLICY, pk=unit_id)
    values = changed_fields(payload)
    if not POLICY.allowed(user, "edit_unit_reserved", unit):
        reserved = sorted(set(values) - UNIT_CONTACT_FIELDS)
        if reserved:
            raise forbidden(
                _("只有编办管理员可以修改这些字段:%(fields)s。") % {"fields": "、".join(reserved)}
            )
    actions.save_unit(_assign(unit, _unit_values(values, user)), actor=user)
    return _unit_detail(unit)


@router.delete("/units/{int:unit_id}", response=NO_CONTENT, summary=gettext_lazy("删除单位"))
@enforces(POLICY, "delete_unit")
def delete_unit(request, unit_id: int, params: Query[DeleteParams]):
    """Refused (409) while the unit still has persons, subordinate units or user accounts."""
    unit = get_for(request.user, Unit.objects, "delete_unit", policy=POLICY, pk=unit_id)
    actions.delete_unit(unit, actor=request.user, reason=params.reason)
    return Status(204, None)
