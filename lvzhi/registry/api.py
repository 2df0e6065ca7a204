"""Registry API (机构编制): regions, categories, units with their 三定, internal bodies, posts, persons and
staffing figures. Mounted at /api/registry/.

Who may do what (docs/permissions.md):
- every signed-in user reads regions and categories (reference data); only office administrators change them;
- units and everything in them are read through `visible_to(user)`: a unit outside the user's scope is a 404;
- office administrators create, change and delete units; a unit contact changes its own unit's descriptive
  fields (UNIT_CONTACT_FIELDS) and creates, changes and deletes its internal bodies, posts and persons;
- every other role reads only (403 on writes to what it can see, 404 on what it cannot).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from lvzhi.api.crud import delete_atomic, get_visible, require_editable, resolve, save_validated
from lvzhi.api.errors import (
    ERROR_RESPONSES,
    ApiError,
    ErrorOut,
    django_validation_errors,
    forbidden,
    invalid,
    invalid_many,
    not_found,
)
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.api.schemas import InputSchema, changed_fields, patch_of
from lvzhi.audit.context import audit_context

from . import actions, staffing
from .forms import UnitContactForm
from .models import (
    Category,
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    MainDuty,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
    UnitKind,
)

router = Router(tags=[gettext_lazy("机构编制")])

READ = ERROR_RESPONSES
NO_CONTENT = {204: None, 409: ErrorOut, **ERROR_RESPONSES}

# Fields of a unit its own contact may change, as in the UI's form; the rest (code, name, kind, region,
# category, parent, order, whether it is in use) are the staffing office's decisions.
UNIT_CONTACT_FIELDS = frozenset(UnitContactForm._meta.fields)


# ---------------------------------------------------------------------------------------------------------
# Shared checks


def _require_admin(user, message=None):
    if not user.is_office_admin:
        raise forbidden(message or _("只有编办管理员可以修改该数据。"))


def _require_registry_editor(user):
    if not user.can_edit_registry:
        raise forbidden(_("您的角色只能查看机构编制数据,不能修改。"))


def _editable_unit(user, pk, field="unit"):
    return resolve(Unit.objects.editable_by(user), pk, field, _("单位"))


def _region_or_422(pk, field="region"):
    return resolve(Region.objects.all(), pk, field, _("区划"))


def _act(action, obj, user, **kwargs):
    """Run a registry action (lvzhi.registry.actions) as the user; its refusals become 422 or 409."""
    try:
        return action(obj, actor=user, **kwargs)
    except ValidationError as exc:
        raise invalid_many(django_validation_errors(exc)) from exc
    except actions.RegistryError as exc:
        raise ApiError(409, str(exc)) from exc


def _assign(obj, values: dict):
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


class DeleteParams(Schema):
    reason: str = Field("", max_length=200, description=gettext_lazy("删除原因(记入操作日志)"))


def _region_subtree(prefix: str, region: Region) -> Q:
    """Objects whose region (reached through `prefix`) is `region` or below it."""
    return Q(**{f"{prefix}path": region.path}) | Q(**{f"{prefix}path__startswith": region.path + "/"})


# ---------------------------------------------------------------------------------------------------------
# Schemas


class RegionBrief(Schema):
    id: int
    code: str
    name: str


class CategoryBrief(Schema):
    id: int
    code: str
    name: str


class UnitBrief(Schema):
    id: int
    code: str
    name: str


class BodyBrief(Schema):
    id: int
    code: str
    name: str


class PostBrief(Schema):
    id: int
    code: str
    name: str


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: int
    level_label: str
    parent: RegionBrief | None
    path: str

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()


class RegionNode(Schema):
    id: int
    code: str
    name: str
    level: int
    children: list["RegionNode"]


class RegionIn(InputSchema):
    code: str = Field(description=gettext_lazy("区划代码(唯一)"))
    name: str = Field(description=gettext_lazy("名称"))
    level: Region.Level = Field(description=gettext_lazy("层级:1 省,2 市,3 县(市、区),4 乡镇(街道)"))
    parent: int | None = Field(None, description=gettext_lazy("上级区划编号"))


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    order: int
    description: str


class CategoryIn(InputSchema):
    code: str = Field(description=gettext_lazy("代码(唯一)"))
    name: str = Field(description=gettext_lazy("名称(唯一)"))
    order: int = Field(0, ge=0, description=gettext_lazy("排序"))
    description: str = Field("", description=gettext_lazy("说明"))


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: UnitKind
    kind_label: str
    region: RegionBrief
    category: CategoryBrief | None
    parent: UnitBrief | None
    order: int
    is_active: bool
    note: str

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class MainDutyOut(Schema):
    seq: int
    text: str


class QuotaOut(Schema):
    kind: StaffingKind
    kind_label: str
    approved: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class LeadershipQuotaOut(Schema):
    level: LeadershipLevel
    level_label: str
    approved: int

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()


class SanDingOut(Schema):
    id: int
    unit: UnitBrief
    version: int
    document_number: str
    approved_on: datetime.date | None
    is_current: bool
    note: str
    main_duties: list[MainDutyOut]
    quotas: list[QuotaOut]
    leadership_quotas: list[LeadershipQuotaOut]


class UnitDetailOut(UnitOut):
    sanding: SanDingOut | None = Field(description=gettext_lazy("现行三定规定:主要职责、编制核定、领导职数"))
    internal_body_count: int
    post_count: int
    person_count: int


class UnitIn(InputSchema):
    code: str = Field(description=gettext_lazy("单位代码(唯一)"))
    name: str = Field(description=gettext_lazy("单位名称"))
    short_name: str = Field("", description=gettext_lazy("简称"))
    kind: UnitKind = Field(description=gettext_lazy("单位性质"))
    region: int = Field(description=gettext_lazy("所属区划编号"))
    category: int | None = Field(None, description=gettext_lazy("评估类别编号"))
    parent: int | None = Field(None, description=gettext_lazy("主管部门(单位编号)"))
    order: int = Field(0, ge=0, description=gettext_lazy("排序"))
    is_active: bool = Field(True, description=gettext_lazy("在用"))
    note: str = Field("", description=gettext_lazy("备注"))


class BodyOut(Schema):
    id: int
    unit: UnitBrief
    code: str
    name: str
    duties: str
    order: int
    is_active: bool


class BodyIn(InputSchema):
    unit: int = Field(description=gettext_lazy("单位编号"))
    code: str = Field(description=gettext_lazy("机构代码(单位内唯一)"))
    name: str = Field(description=gettext_lazy("机构名称"))
    duties: str = Field("", description=gettext_lazy("主要职责"))
    order: int = Field(0, ge=0, description=gettext_lazy("排序"))
    is_active: bool = Field(True, description=gettext_lazy("在用"))


class PostOut(Schema):
    id: int
    unit: UnitBrief
    internal_body: BodyBrief | None
    code: str
    name: str
    leadership_level: str
    leadership_level_label: str
    duties: str

    @staticmethod
    def resolve_leadership_level_label(obj):
        return obj.get_leadership_level_display()


class PostIn(InputSchema):
    unit: int = Field(description=gettext_lazy("单位编号"))
    internal_body: int | None = Field(None, description=gettext_lazy("内设机构编号(须属于同一单位)"))
    code: str = Field(description=gettext_lazy("岗位代码(单位内唯一)"))
    name: str = Field(description=gettext_lazy("岗位名称"))
    leadership_level: LeadershipLevel | None = Field(None, description=gettext_lazy("领导职务;非领导岗位留空"))
    duties: str = Field("", description=gettext_lazy("岗位职责"))


class PersonOut(Schema):
    id: int
    unit: UnitBrief
    post: PostBrief | None
    staff_no: str
    name: str
    gender: str
    birth_year: int | None
    staffing_kind: StaffingKind
    staffing_kind_label: str
    joined_on: datetime.date | None
    is_active: bool

    @staticmethod
    def resolve_staffing_kind_label(obj):
        return obj.get_staffing_kind_display()


class PersonIn(InputSchema):
    unit: int = Field(description=gettext_lazy("单位编号"))
    post: int | None = Field(None, description=gettext_lazy("岗位编号(须属于同一单位)"))
    staff_no: str = Field(description=gettext_lazy("人员编号(唯一)"))
    name: str = Field(description=gettext_lazy("姓名"))
    gender: Person.Gender | None = Field(None, description=gettext_lazy("性别:M 男,F 女"))
    birth_year: int | None = Field(None, ge=1900, le=2100, description=gettext_lazy("出生年份"))
    staffing_kind: StaffingKind = Field(description=gettext_lazy("编制类型"))
    joined_on: datetime.date | None = Field(None, description=gettext_lazy("入编时间"))
    is_active: bool = Field(True, description=gettext_lazy("在编"))


RegionPatch = patch_of(RegionIn)
CategoryPatch = patch_of(CategoryIn)
UnitPatch = patch_of(UnitIn)
BodyPatch = patch_of(BodyIn)
PostPatch = patch_of(PostIn)
PersonPatch = patch_of(PersonIn)


# ---------------------------------------------------------------------------------------------------------
# Filters


class RegionFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按代码或名称搜索"))
    level: int | None = Field(None, description=gettext_lazy("层级"))
    parent: int | None = Field(None, description=gettext_lazy("直接上级区划编号"))
    within: int | None = Field(None, description=gettext_lazy("区划编号:该区划及其所有下级"))


class CategoryFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按代码或名称搜索"))


class UnitFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按单位代码、名称或简称搜索"))
    region: int | None = Field(None, description=gettext_lazy("区划编号,含其所有下级区划"))
    category: int | None = Field(None, description=gettext_lazy("评估类别编号"))
    kind: UnitKind | None = Field(None, description=gettext_lazy("单位性质"))
    parent: int | None = Field(None, description=gettext_lazy("主管部门(单位编号)"))
    is_active: bool | None = Field(None, description=gettext_lazy("在用"))


class BodyFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按机构代码或名称搜索"))
    unit: int | None = Field(None, description=gettext_lazy("单位编号"))
    is_active: bool | None = None


class PostFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按岗位代码或名称搜索"))
    unit: int | None = Field(None, description=gettext_lazy("单位编号"))
    internal_body: int | None = Field(None, description=gettext_lazy("内设机构编号"))
    leadership: bool | None = Field(None, description=gettext_lazy("true 只看领导岗位,false 只看非领导岗位"))


class PersonFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按姓名或人员编号搜索"))
    unit: int | None = Field(None, description=gettext_lazy("单位编号"))
    region: int | None = Field(None, description=gettext_lazy("区划编号,含其所有下级区划"))
    post: int | None = Field(None, description=gettext_lazy("岗位编号"))
    staffing_kind: StaffingKind | None = Field(None, description=gettext_lazy("编制类型"))
    is_active: bool | None = Field(None, description=gettext_lazy("在编"))


def _filter_region_param(queryset, region_id, prefix):
    if region_id is None:
        return queryset
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise invalid("region", _("未找到编号为 %(id)s 的区划。") % {"id": region_id})
    return queryset.filter(_region_subtree(prefix, region))


# ---------------------------------------------------------------------------------------------------------
# Regions


def _region_queryset():
    return Region.objects.select_related("parent")


@router.get("/regions", response={200: Page[RegionOut], **READ}, summary=gettext_lazy("区划列表"))
def list_regions(request, filters: Query[RegionFilters], page: Query[PageParams]):
    qs = _region_queryset()
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.within is not None:
        root = Region.objects.filter(pk=filters.within).first()
        if root is None:
            raise invalid("within", _("未找到编号为 %(id)s 的区划。") % {"id": filters.within})
        qs = qs.filter(_region_subtree("", root))
    return paginate(qs, page)


@router.get("/regions/tree", response={200: list[RegionNode], **READ}, summary=gettext_lazy("区划树"))
def region_tree(request):
    """The whole region tree, nested: province > city > county > township."""
    nodes = {}
    roots = []
    for region in Region.objects.order_by("path").values("id", "code", "name", "level", "parent_id"):
        node = {**region, "children": []}
        nodes[region["id"]] = node
        parent = nodes.get(region["parent_id"])
        (parent["children"] if parent else roots).append(node)
    return roots


@router.get("/regions/{int:region_id}", response={200: RegionOut, **READ}, summary=gettext_lazy("区划详情"))
def get_region(request, region_id: int):
    return _get_region(region_id)


def _get_region(region_id):
    region = _region_queryset().filter(pk=region_id).first()
    if region is None:
        raise not_found()
    return region


def _save_region(region, values):
    if "parent" in values:
        values["parent"] = _region_or_422(values["parent"], "parent")
    old_path = region.path
    save_validated(region, values)
    if old_path and old_path != region.path:
        # Keep the subtree's paths (used by every region filter) in step, top-down; each save is audited.
        for child in Region.objects.filter(path__startswith=old_path + "/").order_by("path"):
            child.save()
    return region


@router.post("/regions", response={201: RegionOut, **READ}, summary=gettext_lazy("新增区划"))
def create_region(request, payload: RegionIn):
    _require_admin(request.user)
    region = _save_region(Region(), payload.model_dump())
    return Status(201, region)


@router.patch("/regions/{int:region_id}", response={200: RegionOut, **READ}, summary=gettext_lazy("修改区划"))
def update_region(request, region_id: int, payload: RegionPatch):
    region = _get_region(region_id)
    _require_admin(request.user)
    return _save_region(region, changed_fields(payload))


@router.delete("/regions/{int:region_id}", response=NO_CONTENT, summary=gettext_lazy("删除区划"))
def delete_region(request, region_id: int, params: Query[DeleteParams]):
    """Refused (409) while units or lower regions still belong to it."""
    region = _get_region(region_id)
    _require_admin(request.user)
    with audit_context(reason=params.reason):
        delete_atomic(region)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------------------
# Categories


def _get_category(category_id):
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise not_found()
    return category


@router.get("/categories", response={200: Page[CategoryOut], **READ}, summary=gettext_lazy("单位类别列表"))
def list_categories(request, filters: Query[CategoryFilters], page: Query[PageParams]):
    qs = Category.objects.all()
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    return paginate(qs, page)


@router.get("/categories/{int:category_id}", response={200: CategoryOut, **READ}, summary=gettext_lazy("单位类别详情"))
def get_category(request, category_id: int):
    return _get_category(category_id)


@router.post("/categories", response={201: CategoryOut, **READ}, summary=gettext_lazy("新增单位类别"))
def create_category(request, payload: CategoryIn):
    _require_admin(request.user)
    return Status(201, save_validated(Category(), payload.model_dump()))


@router.patch("/categories/{int:category_id}", response={200: CategoryOut, **READ}, summary=gettext_lazy("修改单位类别"))
def update_category(request, category_id: int, payload: CategoryPatch):
    category = _get_category(category_id)
    _require_admin(request.user)
    return save_validated(category, changed_fields(payload))


@router.delete("/categories/{int:category_id}", response=NO_CONTENT, summary=gettext_lazy("删除单位类别"))
def delete_category(request, category_id: int, params: Query[DeleteParams]):
    """Refused (409) while units still belong to it."""
    category = _get_category(category_id)
    _require_admin(request.user)
    with audit_context(reason=params.reason):
        delete_atomic(category)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------------------
# Units


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


_SANDING_PREFETCH = (
    Prefetch("main_duties", queryset=MainDuty.objects.order_by("seq")),
    Prefetch("quotas", queryset=StaffingQuota.objects.order_by("kind")),
    Prefetch("leadership_quotas", queryset=LeadershipQuota.objects.order_by("level")),
)


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


@router.get("/units/{int:unit_id}", response={200: UnitDetailOut, **READ}, summary=gettext_lazy("单位详情(含现行三定)"))
def get_unit(request, unit_id: int):
    return _unit_detail(get_visible(_unit_queryset(request.user), request.user, unit_id))


@router.get(
    "/units/{int:unit_id}/sandings",
    response={200: list[SanDingOut], **READ},
    summary=gettext_lazy("单位的三定规定(各版本)"),
)
def list_unit_sandings(request, unit_id: int):
    unit = get_visible(Unit.objects, request.user, unit_id)
    return list(
        unit.sandings.order_by("-version").select_related("unit").prefetch_related(*_SANDING_PREFETCH)
    )


@router.post("/units", response={201: UnitDetailOut, **READ}, summary=gettext_lazy("新增单位"))
def create_unit(request, payload: UnitIn):
    _require_admin(request.user, _("只有编办管理员可以新增单位。"))
    unit = _act(
        actions.save_unit, _assign(Unit(), _unit_values(payload.model_dump(), request.user)), request.user
    )
    return Status(201, _unit_detail(unit))


@router.patch("/units/{int:unit_id}", response={200: UnitDetailOut, **READ}, summary=gettext_lazy("修改单位"))
def update_unit(request, unit_id: int, payload: UnitPatch):
    user = request.user
    unit = get_visible(_unit_queryset(user), user, unit_id)
    require_editable(unit, user)
    values = changed_fields(payload)
    if not user.is_office_admin:
        reserved = sorted(set(values) - UNIT_CONTACT_FIELDS)
        if reserved:
            raise forbidden(_("只有编办管理员可以修改这些字段:%(fields)s。") % {"fields": "、".join(reserved)})
    _act(actions.save_unit, _assign(unit, _unit_values(values, user)), user)
    return _unit_detail(unit)


@router.delete("/units/{int:unit_id}", response=NO_CONTENT, summary=gettext_lazy("删除单位"))
def delete_unit(request, unit_id: int, params: Query[DeleteParams]):
    """Refused (409) while the unit still has persons, subordinate units or user accounts."""
    unit = get_visible(Unit.objects, request.user, unit_id)
    _require_admin(request.user, _("只有编办管理员可以删除单位。"))
    _act(actions.delete_unit, unit, request.user, reason=params.reason)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------------------
# Internal bodies


def _body_queryset(user):
    return InternalBody.objects.visible_to(user).select_related("unit")


@router.get("/internal-bodies", response={200: Page[BodyOut], **READ}, summary=gettext_lazy("内设机构列表"))
def list_bodies(request, filters: Query[BodyFilters], page: Query[PageParams]):
    qs = _body_queryset(request.user)
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.is_active is not None:
        qs = qs.filter(is_active=filters.is_active)
    return paginate(qs, page)


@router.get("/internal-bodies/{int:body_id}", response={200: BodyOut, **READ}, summary=gettext_lazy("内设机构详情"))
def get_body(request, body_id: int):
    return get_visible(_body_queryset(request.user), request.user, body_id)


@router.post("/internal-bodies", response={201: BodyOut, **READ}, summary=gettext_lazy("新增内设机构"))
def create_body(request, payload: BodyIn):
    _require_registry_editor(request.user)
    values = payload.model_dump()
    values["unit"] = _editable_unit(request.user, values["unit"])
    return Status(201, _act(actions.save_internal_body, _assign(InternalBody(), values), request.user))


@router.patch("/internal-bodies/{int:body_id}", response={200: BodyOut, **READ}, summary=gettext_lazy("修改内设机构"))
def update_body(request, body_id: int, payload: BodyPatch):
    body = get_visible(_body_queryset(request.user), request.user, body_id)
    require_editable(body, request.user)
    values = changed_fields(payload)
    if "unit" in values:
        values["unit"] = _editable_unit(request.user, values["unit"])
    return _act(actions.save_internal_body, _assign(body, values), request.user)


@router.delete("/internal-bodies/{int:body_id}", response=NO_CONTENT, summary=gettext_lazy("删除内设机构"))
def delete_body(request, body_id: int, params: Query[DeleteParams]):
    """Its posts stay with the unit, no longer under a body."""
    body = get_visible(InternalBody.objects, request.user, body_id)
    require_editable(body, request.user)
    _act(actions.delete_internal_body, body, request.user, reason=params.reason)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------------------
# Posts


def _post_queryset(user):
    return Post.objects.visible_to(user).select_related("unit", "internal_body")


def _post_values(values, user):
    if "unit" in values:
        values["unit"] = _editable_unit(user, values["unit"])
    if "internal_body" in values:
        values["internal_body"] = resolve(
            InternalBody.objects.visible_to(user), values["internal_body"], "internal_body", _("内设机构")
        )
    if "leadership_level" in values and values["leadership_level"] is None:
        values["leadership_level"] = ""
    return values


@router.get("/posts", response={200: Page[PostOut], **READ}, summary=gettext_lazy("岗位列表"))
def list_posts(request, filters: Query[PostFilters], page: Query[PageParams]):
    qs = _post_queryset(request.user)
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.internal_body is not None:
        qs = qs.filter(internal_body_id=filters.internal_body)
    if filters.leadership is True:
        qs = qs.exclude(leadership_level="")
    elif filters.leadership is False:
        qs = qs.filter(leadership_level="")
    return paginate(qs, page)


@router.get("/posts/{int:post_id}", response={200: PostOut, **READ}, summary=gettext_lazy("岗位详情"))
def get_post(request, post_id: int):
    return get_visible(_post_queryset(request.user), request.user, post_id)


@router.post("/posts", response={201: PostOut, **READ}, summary=gettext_lazy("新增岗位"))
def create_post(request, payload: PostIn):
    _require_registry_editor(request.user)
    post = _assign(Post(), _post_values(payload.model_dump(), request.user))
    return Status(201, _act(actions.save_post, post, request.user))


@router.patch("/posts/{int:post_id}", response={200: PostOut, **READ}, summary=gettext_lazy("修改岗位"))
def update_post(request, post_id: int, payload: PostPatch):
    post = get_visible(_post_queryset(request.user), request.user, post_id)
    require_editable(post, request.user)
    return _act(
        actions.save_post, _assign(post, _post_values(changed_fields(payload), request.user)), request.user
    )


@router.delete("/posts/{int:post_id}", response=NO_CONTENT, summary=gettext_lazy("删除岗位"))
def delete_post(request, post_id: int, params: Query[DeleteParams]):
    """The persons on the post stay in the unit without a post."""
    post = get_visible(Post.objects, request.user, post_id)
    require_editable(post, request.user)
    _act(actions.delete_post, post, request.user, reason=params.reason)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------------------
# Persons (实名制)


def _person_queryset(user):
    return Person.objects.visible_to(user).select_related("unit", "post")


def _person_values(values, user):
    if "unit" in values:
        values["unit"] = _editable_unit(user, values["unit"])
    if "post" in values:
        values["post"] = resolve(Post.objects.visible_to(user), values["post"], "post", _("岗位"))
    if "gender" in values and values["gender"] is None:
        values["gender"] = ""
    return values


@router.get("/persons", response={200: Page[PersonOut], **READ}, summary=gettext_lazy("实名制人员列表"))
def list_persons(request, filters: Query[PersonFilters], page: Query[PageParams]):
    qs = _person_queryset(request.user)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(staff_no__icontains=filters.q))
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    qs = _filter_region_param(qs, filters.region, "unit__region__")
    if filters.post is not None:
        qs = qs.filter(post_id=filters.post)
    if filters.staffing_kind:
        qs = qs.filter(staffing_kind=filters.staffing_kind)
    if filters.is_active is not None:
        qs = qs.filter(is_active=filters.is_active)
    return paginate(qs, page)


@router.get("/persons/{int:person_id}", response={200: PersonOut, **READ}, summary=gettext_lazy("实名制人员详情"))
def get_person(request, person_id: int):
    return get_visible(_person_queryset(request.user), request.user, person_id)


@router.post("/persons", response={201: PersonOut, **READ}, summary=gettext_lazy("新增实名制人员"))
def create_person(request, payload: PersonIn):
    _require_registry_editor(request.user)
    person = _assign(Person(), _person_values(payload.model_dump(), request.user))
    return Status(201, _act(actions.save_person, person, request.user))


@router.patch("/persons/{int:person_id}", response={200: PersonOut, **READ}, summary=gettext_lazy("修改实名制人员"))
def update_person(request, person_id: int, payload: PersonPatch):
    person = get_visible(_person_queryset(request.user), request.user, person_id)
    require_editable(person, request.user)
    values = _person_values(changed_fields(payload), request.user)
    return _act(actions.save_person, _assign(person, values), request.user)


@router.delete("/persons/{int:person_id}", response=NO_CONTENT, summary=gettext_lazy("删除实名制人员"))
def delete_person(request, person_id: int, params: Query[DeleteParams]):
    person = get_visible(Person.objects, request.user, person_id)
    require_editable(person, request.user)
    _act(actions.delete_person, person, request.user, reason=params.reason)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------------------
# 三定 versions: duties, staffing quotas, leadership posts. Read like the unit; changed by office
# administrators only (actions.may_edit_sanding), as in the UI.


def _sanding_queryset(user):
    return SanDing.objects.visible_to(user).select_related("unit").prefetch_related(*_SANDING_PREFETCH)


def _require_sanding_editor(user):
    if not actions.may_edit_sanding(user):
        raise forbidden(_("三定规定的内容由编办维护,只有编办管理员可以修改。"))


def _fresh_sanding(user, sanding_id):
    return get_visible(_sanding_queryset(user), user, sanding_id)


class SanDingNewIn(InputSchema):
    document_number: str = Field("", max_length=60, description=gettext_lazy("文号"))
    approved_on: datetime.date | None = Field(None, description=gettext_lazy("印发日期"))
    note: str = Field("", description=gettext_lazy("说明"))
    reason: str = Field("", max_length=200, description=gettext_lazy("调整原因(记入操作日志)"))


class SanDingUpdate(InputSchema):
    document_number: str | None = Field(None, max_length=60, description=gettext_lazy("文号"))
    approved_on: datetime.date | None = Field(None, description=gettext_lazy("印发日期"))
    note: str | None = Field(None, description=gettext_lazy("说明"))


class QuotasIn(InputSchema):
    staffing: dict[StaffingKind, int | None] = Field(
        default_factory=dict, description=gettext_lazy("按编制类型的核定数;0 或 null 表示取消该类编制;未列出的不变")
    )
    leadership: dict[LeadershipLevel, int | None] = Field(
        default_factory=dict, description=gettext_lazy("按领导职数类型的核定职数;0 或 null 表示取消;未列出的不变")
    )
    reason: str = Field("", max_length=200, description=gettext_lazy("调整原因(记入操作日志)"))


class MainDutiesIn(InputSchema):
    duties: list[str] = Field(description=gettext_lazy("主要职责,按顺序;空白条目忽略"))
    reason: str = Field("", max_length=200, description=gettext_lazy("调整原因(记入操作日志)"))


@router.get("/sandings/{int:sanding_id}", response={200: SanDingOut, **READ}, summary=gettext_lazy("三定规定详情"))
def get_sanding(request, sanding_id: int):
    return _fresh_sanding(request.user, sanding_id)


@router.post(
    "/units/{int:unit_id}/sandings", response={201: SanDingOut, **READ}, summary=gettext_lazy("新增三定版本(管理员)")
)
def create_sanding(request, unit_id: int, payload: SanDingNewIn):
    """The new version becomes current, starting as a copy of the current one's duties and quotas."""
    unit = get_visible(Unit.objects, request.user, unit_id)
    _require_sanding_editor(request.user)
    values = payload.model_dump()
    sanding = _act(actions.create_sanding_version, unit, request.user, **values)
    return Status(201, _fresh_sanding(request.user, sanding.pk))


@router.patch(
    "/sandings/{int:sanding_id}", response={200: SanDingOut, **READ}, summary=gettext_lazy("修改三定文号、日期(管理员)")
)
def update_sanding(request, sanding_id: int, payload: SanDingUpdate):
    sanding = get_visible(SanDing.objects, request.user, sanding_id)
    _require_sanding_editor(request.user)
    values = changed_fields(payload)
    for name in ("document_number", "note"):
        if name in values and values[name] is None:
            values[name] = ""
    _act(actions.save_sanding, _assign(sanding, values), request.user)
    return _fresh_sanding(request.user, sanding.pk)


@router.put(
    "/sandings/{int:sanding_id}/quotas",
    response={200: SanDingOut, **READ},
    summary=gettext_lazy("设置编制核定与领导职数(管理员)"),
)
def set_sanding_quotas(request, sanding_id: int, payload: QuotasIn):
    sanding = get_visible(SanDing.objects, request.user, sanding_id)
    _require_sanding_editor(request.user)
    _act(
        actions.set_quotas,
        sanding,
        request.user,
        staffing={str(k.value): v for k, v in payload.staffing.items()},
        leadership={str(k.value): v for k, v in payload.leadership.items()},
        reason=payload.reason,
    )
    return _fresh_sanding(request.user, sanding.pk)


@router.put(
    "/sandings/{int:sanding_id}/main-duties",
    response={200: SanDingOut, **READ},
    summary=gettext_lazy("设置主要职责(管理员)"),
)
def set_sanding_duties(request, sanding_id: int, payload: MainDutiesIn):
    sanding = get_visible(SanDing.objects, request.user, sanding_id)
    _require_sanding_editor(request.user)
    _act(actions.set_main_duties, sanding, request.user, texts=payload.duties, reason=payload.reason)
    return _fresh_sanding(request.user, sanding.pk)


# ---------------------------------------------------------------------------------------------------------
# Staffing figures (lvzhi.registry.staffing): approved vs actual by staffing kind, vacancies, over-quota use,
# leadership posts used vs allowed. Sums count only the units the user may see (`partial_scope` says so).


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
    units = None if user.sees_all_units else Unit.objects.visible_to(user)
    report = staffing.region_report(region, units)
    return {
        "region": region,
        "partial_scope": units is not None,
        "total": _figures(report.total),
        "children": [{"region": child, "staffing": _figures(s)} for child, s in report.children],
        "categories": [{"category": category, "staffing": _figures(s)} for category, s in report.categories],
    }


@router.get("/units/{int:unit_id}/staffing", response={200: StaffingOut, **READ}, summary=gettext_lazy("单位编制使用情况"))
def unit_staffing(request, unit_id: int):
    unit = get_visible(Unit.objects, request.user, unit_id)
    return _figures(staffing.staffing_of_unit(unit))


@router.get(
    "/regions/{int:region_id}/staffing", response={200: StaffingReportOut, **READ}, summary=gettext_lazy("区划编制使用汇总")
)
def region_staffing(request, region_id: int):
    """The region's whole subtree, each child region, and each category within it."""
    return _report(request.user, _get_region(region_id))


@router.get("/staffing", response={200: StaffingReportOut, **READ}, summary=gettext_lazy("编制使用总汇总"))
def all_staffing(request):
    """Everything the user may see, by top-level region and by category."""
    return _report(request.user, None)
