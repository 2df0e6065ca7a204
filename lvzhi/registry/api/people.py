"""Inside a unit: internal bodies, posts and persons (实名制), changed by office administrators and the unit's contact."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status

from lvzhi.api.crud import get_visible, resolve
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.api.schemas import changed_fields
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry import actions
from lvzhi.registry.models import InternalBody, Person, Post
from lvzhi.registry.policy import POLICY

from .common import (
    NO_CONTENT,
    READ,
    DeleteParams,
    _assign,
    _editable_unit,
    _filter_region_param,
)
from .schemas import (
    BodyFilters,
    BodyIn,
    BodyOut,
    BodyPatch,
    PersonFilters,
    PersonIn,
    PersonOut,
    PersonPatch,
    PostFilters,
    PostIn,
    PostOut,
    PostPatch,
)

router = Router()

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


@router.get(
    "/internal-bodies/{int:body_id}", response={200: BodyOut, **READ}, summary=gettext_lazy("内设机构详情")
)
def get_body(request, body_id: int):
    return get_visible(_body_queryset(request.user), request.user, body_id)


@router.post("/internal-bodies", response={201: BodyOut, **READ}, summary=gettext_lazy("新增内设机构"))
@enforces(POLICY, "create_body")
def create_body(request, payload: BodyIn):
    POLICY.require(request.user, "create_body")
    values = payload.model_dump()
    values["unit"] = _editable_unit(request.user, values["unit"])
    return Status(201, actions.save_internal_body(_assign(InternalBody(), values), actor=request.user))


@router.patch(
    "/internal-bodies/{int:body_id}", response={200: BodyOut, **READ}, summary=gettext_lazy("修改内设机构")
)
@enforces(POLICY, "edit_body")
def update_body(request, body_id: int, payload: BodyPatch):
    body = get_for(request.user, _body_queryset(request.user), "edit_body", policy=POLICY, pk=body_id)
    values = changed_fields(payload)
    if "unit" in values:
        values["unit"] = _editable_unit(request.user, values["unit"])
    return actions.save_internal_body(_assign(body, values), actor=request.user)


@router.delete("/internal-bodies/{int:body_id}", response=NO_CONTENT, summary=gettext_lazy("删除内设机构"))
@enforces(POLICY, "delete_body")
def delete_body(request, body_id: int, params: Query[DeleteParams]):
    """Its posts stay with the unit, no longer under a body."""
    body = get_for(request.user, InternalBody.objects, "delete_body", policy=POLICY, pk=body_id)
    actions.delete_internal_body(body, actor=request.user, reason=params.reason)
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
@enforces(POLICY, "create_post")
def create_post(request, payload: PostIn):
    POLICY.require(request.user, "create_post")
    post = _assign(Post(), _post_values(payload.model_dump(), request.user))
    return Status(201, actions.save_post(post, actor=request.user))


@router.patch("/posts/{int:post_id}", response={200: PostOut, **READ}, summary=gettext_lazy("修改岗位"))
@enforces(POLICY, "edit_post")
def update_post(request, post_id: int, payload: PostPatch):
    post = get_for(request.user, _post_queryset(request.user), "edit_post", policy=POLICY, pk=post_id)
    return actions.save_post(
        _assign(post, _post_values(changed_fields(payload), request.user)), actor=request.user
    )


@router.delete("/posts/{int:post_id}", response=NO_CONTENT, summary=gettext_lazy("删除岗位"))
@enforces(POLICY, "delete_post")
def delete_post(request, post_id: int, params: Query[DeleteParams]):
    """The persons on the post stay in the unit without a post."""
    post = get_for(request.user, Post.objects, "delete_post", policy=POLICY, pk=post_id)
    actions.delete_post(post, actor=request.user, reason=params.reason)
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


@router.get(
    "/persons/{int:person_id}", response={200: PersonOut, **READ}, summary=gettext_lazy("实名制人员详情")
)
def get_person(request, person_id: int):
    return get_visible(_person_queryset(request.user), request.user, person_id)


@router.post("/persons", response={201: PersonOut, **READ}, summary=gettext_lazy("新增实名制人员"))
@enforces(POLICY, "create_person")
def create_person(request, payload: PersonIn):
    POLICY.require(request.user, "create_person")
    person = _assign(Person(), _person_values(payload.model_dump(), request.user))
    return Status(201, actions.save_person(person, actor=request.user))


@router.patch(
    "/persons/{int:person_id}", response={200: PersonOut, **READ}, summary=gettext_lazy("修改实名制人员")
)
@enforces(POLICY, "edit_person")
def update_person(request, person_id: int, payload: PersonPatch):
    person = get_for(request.user, _person_queryset(request.user), "edit_person", policy=POLICY, pk=person_id)
    values = _person_values(changed_fields(payload), request.user)
    return actions.save_person(_assign(person, values), actor=request.user)


@router.delete("/persons/{int:person_id}", response=NO_CONTENT, summary=gettext_lazy("删除实名制人员"))
@enforces(POLICY, "delete_person")
def delete_person(request, person_id: int, params: Query[DeleteParams]):
    person = get_for(request.user, Person.objects, "delete_person", policy=POLICY, pk=person_id)
    actions.delete_person(person, actor=request.user, reason=params.reason)
    return Status(204, None)
