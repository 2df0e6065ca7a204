"""Regions and categories: reference data every signed-in user reads; office administrators change it."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status

from lvzhi.api.errors import invalid, not_found
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.api.schemas import changed_fields
from lvzhi.core.policy import enforces
from lvzhi.registry import actions
from lvzhi.registry.models import Category, Region
from lvzhi.registry.policy import POLICY

from .common import (
    NO_CONTENT,
    READ,
    DeleteParams,
    _assign,
    _region_or_422,
    _region_subtree,
)
from .schemas import (
    CategoryFilters,
    CategoryIn,
    CategoryOut,
    CategoryPatch,
    RegionFilters,
    RegionIn,
    RegionNode,
    RegionOut,
    RegionPatch,
)

# ---------------------------------------------------------------------------------------------------------
# Regions


def _region_queryset():
    return Region.objects.select_related("parent")


router = Router()


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
    return region_or_404(region_id)


def region_or_404(region_id):
    region = _region_queryset().filter(pk=region_id).first()
    if region is None:
        raise not_found()
    return region


def _save_region(region, values, user):
    if "parent" in values:
        values["parent"] = _region_or_422(values["parent"], "parent")
    return actions.save_region(_assign(region, values), actor=user)


@router.post("/regions", response={201: RegionOut, **READ}, summary=gettext_lazy("新增区划"))
@enforces(POLICY, "edit_regions")
def create_region(request, payload: RegionIn):
    POLICY.require(request.user, "edit_regions")
    region = _save_region(Region(), payload.model_dump(), request.user)
    return Status(201, region)


@router.patch("/regions/{int:region_id}", response={200: RegionOut, **READ}, summary=gettext_lazy("修改区划"))
@enforces(POLICY, "edit_regions")
def update_region(request, region_id: int, payload: RegionPatch):
    region = region_or_404(region_id)
    POLICY.require(request.user, "edit_regions")
    return _save_region(region, changed_fields(payload), request.user)


@router.delete("/regions/{int:region_id}", response=NO_CONTENT, summary=gettext_lazy("删除区划"))
@enforces(POLICY, "edit_regions")
def delete_region(request, region_id: int, params: Query[DeleteParams]):
    """Refused (409) while units or lower regions still belong to it."""
    region = region_or_404(region_id)
    POLICY.require(request.user, "edit_regions")
    actions.delete_region(region, actor=request.user, reason=params.reason)
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


@router.get(
    "/categories/{int:category_id}", response={200: CategoryOut, **READ}, summary=gettext_lazy("单位类别详情")
)
def get_category(request, category_id: int):
    return _get_category(category_id)


@router.post("/categories", response={201: CategoryOut, **READ}, summary=gettext_lazy("新增单位类别"))
@enforces(POLICY, "edit_categories")
def create_category(request, payload: CategoryIn):
    POLICY.require(request.user, "edit_categories")
    return Status(201, actions.save_category(_assign(Category(), payload.model_dump()), actor=request.user))


@router.patch(
    "/categories/{int:category_id}", response={200: CategoryOut, **READ}, summary=gettext_lazy("修改单位类别")
)
@enforces(POLICY, "edit_categories")
def update_category(request, category_id: int, payload: CategoryPatch):
    category = _get_category(category_id)
    POLICY.require(request.user, "edit_categories")
    return actions.save_category(_assign(category, changed_fields(payload)), actor=request.user)


@router.delete("/categories/{int:category_id}", response=NO_CONTENT, summary=gettext_lazy("删除单位类别"))
@enforces(POLICY, "edit_categories")
def delete_category(request, category_id: int, params: Query[DeleteParams]):
    """Refused (409) while units still belong to it."""
    category = _get_category(category_id)
    POLICY.require(request.user, "edit_categories")
    actions.delete_category(category, actor=request.user, reason=params.reason)
    return Status(204, None)
