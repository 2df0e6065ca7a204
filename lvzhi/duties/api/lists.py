"""The lists: a unit's list as of a date, an item's history, the difference between two dates, adjustments,
changes, publication, statistics, imports and exports."""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from django.db.models import Q
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Region, Unit

from .. import actions, exports, history, imports
from ..models import PowerItem
from ..policy import POLICY
from .common import change_of, item_out, model_of, resolve_values
from .schemas import (
    AdjustmentOut,
    CancelIn,
    DelegateIn,
    DifferenceOut,
    ItemIn,
    ListImportOut,
    ListItemOut,
    StatisticsRowOut,
)

router = Router()
KINDS = "power|boundary|territorial|delegation"


def _unit(user: Any, pk: int) -> Unit:
    unit: Unit = get_for(user, Unit.objects.all(), "view", policy=POLICY, pk=pk)
    return unit


def _for_unit(kind: str, user: Any, unit: Unit) -> Any:
    queryset = model_of(kind).objects.visible_to(user)
    if kind == "boundary":
        return queryset.filter(Q(unit=unit) | Q(cooperating_units=unit)).distinct()
    return queryset.filter(unit=unit)


@router.get(
    "/units/{int:unit_id}/lists/{kind}",
    response={200: list[ListItemOut], **ERROR_RESPONSES},
    summary=_("单位的清单(某日现行,默认今天)"),
)
@enforces(POLICY, "view")
def unit_list(request: Any, unit_id: int, kind: str, on: datetime.date | None = None) -> Any:
    unit = _unit(request.auth, unit_id)
    items = _for_unit(kind, request.auth, unit).as_of(on or timezone.localdate())
    return [item_out(v, kind) for v in items.select_related("unit")]


@router.get(
    "/units/{int:unit_id}/lists/{kind}/difference",
    response={200: DifferenceOut, **ERROR_RESPONSES},
    summary=_("单位清单在两个日期之间的变化"),
)
@enforces(POLICY, "view")
def unit_difference(
    request: Any,
    unit_id: int,
    kind: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Any:
    unit = _unit(request.auth, unit_id)
    end = end or timezone.localdate()
    start = start or end.replace(month=1, day=1)
    diff = history.difference(_for_unit(kind, request.auth, unit), kind, start, end)
    return {
        "start": start,
        "end": end,
        "added": [item_out(v, kind) for v in diff.added],
        "removed": [item_out(v, kind) for v in diff.removed],
        "changed": [
            {
                "key": c.key,
                "fields": c.fields,
                "before": item_out(c.before, kind),
                "after": item_out(c.after, kind),
            }
            for c in diff.changed
        ],
    }


@router.get(
    "/lists/{kind}/{key}/history",
    response={200: list[ListItemOut], **ERROR_RESPONSES},
    summary=_("事项的各版本"),
)
@enforces(POLICY, "view")
def item_history(request: Any, kind: str, key: str) -> Any:
    versions = model_of(kind).objects.visible_to(request.auth).filter(key=key).order_by("valid_from", "id")
    return [item_out(v, kind) for v in versions.select_related("unit")]


@router.get(
    "/units/{int:unit_id}/adjustments",
    response={200: list[AdjustmentOut], **ERROR_RESPONSES},
    summary=_("单位的清单调整记录"),
)
@enforces(POLICY, "view")
def unit_adjustments(request: Any, unit_id: int) -> Any:
    from ..models import Adjustment

    unit = _unit(request.auth, unit_id)
    rows = Adjustment.objects.visible_to(request.auth).filter(unit=unit)
    return [
        {
            **{
                f: getattr(a, f)
                for f in (
                    "id",
                    "list_kind",
                    "item_key",
                    "item_label",
                    "adjustment_type",
                    "reason",
                    "document_number",
                    "effective_date",
                    "unit_id",
                    "claim_id",
                )
            },
            "adjustment_type_label": a.get_adjustment_type_display(),
        }
        for a in rows
    ]


@router.post(
    "/lists/{kind}", response={201: ListItemOut, **ERROR_RESPONSES}, summary=_("新增清单事项(一次“新增”调整)")
)
@enforces(POLICY, "edit_list", "edit_boundary")
def add_item(request: Any, kind: str, data: ItemIn) -> Any:
    user = request.auth
    model_of(kind)
    item = actions.add_item(
        kind,
        resolve_values(kind, data.values),
        m2m=data.links,
        change=change_of(user, data.change),
        actor=user,
    )
    return Status(201, item_out(item, kind))


def _item(user: Any, kind: str, item_id: int) -> Any:
    return get_for(user, model_of(kind).objects.select_related("unit"), "view", policy=POLICY, pk=item_id)


@router.post(
    "/lists/{kind}/{int:item_id}/change",
    response={201: ListItemOut, **ERROR_RESPONSES},
    summary=_("变更清单事项(新版本自生效日期起施行)"),
)
@enforces(POLICY, "edit_list", "edit_boundary")
def change_item(request: Any, kind: str, item_id: int, data: ItemIn) -> Any:
    user = request.auth
    item = _item(user, kind, item_id)
    new = actions.change_item(
        item,
        resolve_values(kind, data.values),
        m2m=data.links,
        change=change_of(user, data.change),
        actor=user,
    )
    return Status(201, item_out(new, kind))


@router.post(
    "/lists/{kind}/{int:item_id}/cancel",
    response={201: AdjustmentOut, **ERROR_RESPONSES},
    summary=_("取消清单事项"),
)
@enforces(POLICY, "edit_list", "edit_boundary")
def cancel_item(request: Any, kind: str, item_id: int, data: CancelIn) -> Any:
    user = request.auth
    item = _item(user, kind, item_id)
    done = (actions.take_back if kind == "delegation" else actions.cancel_item)(
        item, change=change_of(user, data.change), actor=user
    )
    return Status(
        201,
        {
            **{f: getattr(done, f) for f in AdjustmentOut.model_fields if hasattr(done, f)},
            "unit_id": done.unit_id,
            "claim_id": done.claim_id,
            "adjustment_type_label": done.get_adjustment_type_display(),
        },
    )


@router.post(
    "/lists/power/{int:item_id}/delegate",
    response={201: ListItemOut, **ERROR_RESPONSES},
    summary=_("下放权责事项到乡镇(街道)或园区"),
)
@enforces(POLICY, "edit_list")
def delegate(request: Any, item_id: int, data: DelegateIn) -> Any:
    user = request.auth
    item = get_for(user, PowerItem.objects.select_related("unit"), "view", policy=POLICY, pk=item_id)
    region = Region.objects.filter(pk=data.receiving_region).first() if data.receiving_region else None
    if data.receiving_region and region is None:
        raise invalid("receiving_region", str(_("未找到该区划。")))
    new = actions.delegate_power(
        item,
        receiving_body=data.receiving_body,
        receiving_region=region,
        manner=data.manner,
        change=change_of(user, data.change),
        actor=user,
    )
    return Status(201, item_out(new, "delegation"))


@router.post(
    "/units/{int:unit_id}/lists/{kind}/publish",
    response={200: dict[str, int], **ERROR_RESPONSES},
    summary=_("公示单位的清单(今日现行的事项)"),
)
@enforces(POLICY, "publish")
def publish(request: Any, unit_id: int, kind: str) -> Any:
    unit = _unit(request.auth, unit_id)
    model_of(kind)
    return {"published": actions.publish(kind, unit=unit, actor=request.auth)}


@router.get(
    "/statistics",
    response={200: list[StatisticsRowOut], **ERROR_RESPONSES},
    summary=_("权责清单动态管理统计表"),
)
@enforces(POLICY, "view_region")
def statistics(
    request: Any,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    region: int | None = None,
) -> Any:
    from .. import selectors

    POLICY.require(request.auth, "view_region")
    end = end or timezone.localdate()
    start = start or end.replace(month=1, day=1)
    where = Region.objects.filter(pk=region).first() if region else None
    return [
        {**row.__dict__}
        for row in history.statistics(selectors.region_units(request.auth, where), start, end)
    ]


@router.post(
    "/imports/{kind}",
    response={201: ListImportOut, **ERROR_RESPONSES},
    summary=_("导入清单或科室职责任务分解表(整份文件校验,有错则不导入)"),
)
@enforces(POLICY, "import")
def import_file(
    request: Any,
    kind: str,
    file: File[UploadedFile],
    reason: Form[str] = "",
    effective_date: Form[datetime.date | None] = None,
    document_number: Form[str] = "",
    region: Form[int | None] = None,
) -> Any:
    user = request.auth
    POLICY.require(user, "import")
    with tempfile.NamedTemporaryFile(suffix="." + (file.name or "x.xlsx").rsplit(".", 1)[-1]) as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        if kind == "decomposition":
            return Status(
                201,
                {
                    "result": imports.import_decomposition(
                        tmp.name, file.name or "", actor=user, reason=reason
                    )
                },
            )
        model_of(kind)
        change = actions.Change(
            reason=reason,
            effective_date=effective_date or timezone.localdate(),
            document_number=document_number,
        )
        where = Region.objects.filter(pk=region).first() if region else None
        return Status(
            201,
            {
                "result": imports.import_list(
                    kind, tmp.name, file.name or "", change=change, actor=user, region=where
                )
            },
        )


@router.get(
    "/exports/{kind}",
    summary=_("导出清单或分解表(Excel;on=某日现行)"),
    response={200: None, **ERROR_RESPONSES},
)
@enforces(POLICY, "export")
def export_file(request: Any, kind: str, on: datetime.date | None = None, unit: int | None = None) -> Any:
    units = Unit.objects.visible_to(request.auth)
    if unit is not None:
        units = units.filter(pk=_unit(request.auth, unit).pk)
    content, name = exports.export(kind, request.auth, units, on or timezone.localdate())
    return FileResponse(content, as_attachment=True, filename=name)
