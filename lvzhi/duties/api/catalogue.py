"""The higher-level catalogue (上级标准目录, 三级四同): search it, keep it (the office), and localise an item into a
unit's power list (the item's name, type, code and basis come from the catalogue)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.api.schemas import InputSchema
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Region, Unit

from .. import actions, exports, imports, selectors
from ..models import CatalogueItem
from ..policy import POLICY
from .common import change_of, item_out, resolve_values
from .schemas import ChangeIn, ListItemOut

router = Router()


class CatalogueItemOut(Schema):
    id: int
    region: int
    region_name: str
    code: str
    name: str
    item_type: str
    item_type_label: str
    initiation: str
    legal_basis: str
    responsibilities: str
    accountability: str
    is_active: bool
    localised_units: int


class CatalogueImportedItem(Schema):
    region: str = Field(description=_("发布层级"))
    code: str
    name: str
    columns: list[str] = Field(default_factory=list, description=_("修改了的列(修改的事项)"))


class CatalogueImportOut(Schema):
    rows: int
    created: int
    changed: int
    unchanged: int
    added: list[CatalogueImportedItem] = Field(description=_("新增的事项"))
    updated: list[CatalogueImportedItem] = Field(description=_("修改的事项及修改了的列"))


class CatalogueItemIn(InputSchema):
    region: int = Field(description=_("发布层级(区划编号)"))
    code: str = Field(description=_("事项编码"))
    name: str = Field(description=_("事项名称"))
    item_type: str = Field(description=_("事项类型,如 licensing"))
    initiation: str = Field("", description=_("行使方式:application 依申请,ex_officio 依职权"))
    legal_basis: str = Field("", description=_("设定依据(具体到条款)"))
    responsibilities: str = Field("", description=_("责任事项"))
    accountability: str = Field("", description=_("追责情形"))
    is_active: bool = Field(True, description=_("在用"))


class LocaliseIn(InputSchema):
    unit: int = Field(description=_("承接的单位"))
    values: dict[str, Any] = Field(
        default_factory=dict,
        description=_(
            '本地的字段,如 {"internal_body": 3, "localisation": "由规划科承办"};名称、类型、编码和依据不能改'
        ),
    )
    links: dict[str, list[int]] = Field(default_factory=dict, description=_('多选关联,如 {"posts": [3, 4]}'))
    change: ChangeIn


def catalogue_out(item: CatalogueItem, localised: int = 0) -> dict[str, Any]:
    return {
        **{f: getattr(item, f) for f in ("id", "code", "name", "item_type", "initiation", "legal_basis",
                                         "responsibilities", "accountability", "is_active")},
        "region": item.region_id, "region_name": item.region.name,
        "item_type_label": item.get_item_type_display(), "localised_units": localised,
    }  # fmt: skip


@router.get(
    "/catalogue",
    response={200: list[CatalogueItemOut], **ERROR_RESPONSES},
    summary=_("查询上级标准目录(三级四同)"),
)
@enforces(POLICY, "view")
def list_catalogue(
    request: Any,
    q: str = "",
    item_type: str = "",
    region: int | None = None,
    status: str = "",
    limit: int = 200,
) -> Any:
    items = list(_search(request.auth, q, item_type, region, status)[: max(1, min(limit, 1000))])
    counts = selectors.localised_counts(items)
    return [catalogue_out(i, counts.get(i.pk, 0)) for i in items]


def _search(user: Any, q: str, item_type: str, region: int | None, status: str) -> Any:
    """words in the name, code or basis; the type; the level (a region id); status active / withdrawn."""
    return selectors.catalogue_search(user, q=q, item_type=item_type, region=region, status=status)


@router.get(
    "/catalogue/template",
    response={200: None, **ERROR_RESPONSES},
    summary=_("下载上级标准目录的导入模板(Excel)"),
)
@enforces(POLICY, "view")
def catalogue_import_template(request: Any) -> Any:
    content, name = exports.catalogue_template()
    return FileResponse(content, as_attachment=True, filename=name)


@router.get(
    "/catalogue/export",
    response={200: None, **ERROR_RESPONSES},
    summary=_("导出上级标准目录(Excel 或 CSV,条件同查询)"),
)
@enforces(POLICY, "export")
def export_catalogue(
    request: Any,
    q: str = "",
    item_type: str = "",
    region: int | None = None,
    status: str = "",
    format: str = "xlsx",
) -> Any:
    POLICY.require(request.auth, "export")
    items = _search(request.auth, q, item_type, region, status)
    content, name = exports.export_catalogue(items, format)
    return FileResponse(content, as_attachment=True, filename=name)


@router.post(
    "/catalogue/import",
    response={201: CatalogueImportOut, **ERROR_RESPONSES},
    summary=_("导入上级标准目录(整份文件校验,有错则不导入;按发布层级和事项编码新增或修改)"),
)
@enforces(POLICY, "edit_catalogue")
def import_catalogue(request: Any, file: File[UploadedFile], reason: Form[str] = "") -> Any:
    POLICY.require(request.auth, "edit_catalogue")
    return Status(201, imports.import_catalogue_upload(file, actor=request.auth, reason=reason))


def _region(pk: int) -> Region:
    region = Region.objects.filter(pk=pk).first()
    if region is None:
        raise invalid("region", _t("未找到该区划。"))
    return region


@router.post(
    "/catalogue", response={201: CatalogueItemOut, **ERROR_RESPONSES}, summary=_("新增上级标准目录事项")
)
@enforces(POLICY, "edit_catalogue")
def create_catalogue_item(request: Any, data: CatalogueItemIn) -> Any:
    POLICY.require(request.auth, "edit_catalogue")
    values = data.model_dump(exclude={"region"})
    item = actions.save_catalogue_item(values, region=_region(data.region), actor=request.auth)
    return Status(201, catalogue_out(item))


@router.put(
    "/catalogue/{int:catalogue_id}",
    response={200: CatalogueItemOut, **ERROR_RESPONSES},
    summary=_("修改上级标准目录事项"),
)
@enforces(POLICY, "edit_catalogue")
def update_catalogue_item(request: Any, catalogue_id: int, data: CatalogueItemIn) -> Any:
    POLICY.require(request.auth, "edit_catalogue")
    item = get_for(request.auth, CatalogueItem.objects.select_related("region"), "view", pk=catalogue_id)
    values = data.model_dump(exclude={"region"})
    return catalogue_out(
        actions.save_catalogue_item(values, region=_region(data.region), item=item, actor=request.auth)
    )


@router.post(
    "/catalogue/{int:catalogue_id}/localise",
    response={201: ListItemOut, **ERROR_RESPONSES},
    summary=_("承接标准目录事项到单位的权责清单(一次“新增”调整)"),
)
@enforces(POLICY, "edit_list")
def localise(request: Any, catalogue_id: int, data: LocaliseIn) -> Any:
    user = request.auth
    POLICY.require(user, "edit_list")
    item = get_for(user, CatalogueItem.objects.select_related("region"), "view", pk=catalogue_id)
    unit = Unit.objects.visible_to(user).filter(pk=data.unit).select_related("region").first()
    if unit is None:
        raise invalid("unit", _t("未找到该单位,或您无权访问。"))
    new = actions.localise(
        item, unit, values=resolve_values("power", data.values), m2m=data.links,
        change=change_of(user, data.change), actor=user,
    )  # fmt: skip
    return Status(201, item_out(new, "power"))
