"""The two result lists in the findings API, mounted at /api/findings/lists/{kind}/ (kind: highlights 特色亮点清单,
institutions 制度完善清单): list, one item, add, change; the same policy table as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES, ErrorOut
from lvzhi.api.schemas import InputSchema, omit_to_keep
from lvzhi.campaigns.models import Campaign
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, selectors
from .actions.lists import FIELDS as LIST_FIELDS
from .models import Finding
from .policy import POLICY

router = Router(tags=[gettext_lazy("问题整改")])
WRITE = {409: ErrorOut, **ERROR_RESPONSES}


class ResultListItemOut(Schema):
    id: int
    title: str
    description: str
    unit_id: int | None
    unit: str
    campaign_id: int | None
    finding_id: int | None
    year: int | None
    kind: str | None = None
    kind_label: str | None = None
    status: str | None = None
    status_label: str | None = None
    due: datetime.date | None = None
    document_number: str | None = None

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.unit.name if obj.unit_id else ""

    @staticmethod
    def resolve_kind_label(obj: Any) -> str | None:
        return str(obj.get_kind_display()) if hasattr(obj, "kind") else None

    @staticmethod
    def resolve_status_label(obj: Any) -> str | None:
        return str(obj.get_status_display()) if hasattr(obj, "status") else None


class ListItemIn(InputSchema):
    title: str = omit_to_keep()
    description: str | None = None
    unit_id: int | None = None
    campaign_id: int | None = None
    finding_id: int | None = None
    year: int | None = None
    kind: str = omit_to_keep()
    status: str = omit_to_keep()
    due: datetime.date | None = None
    document_number: str | None = None


def _model(kind: str) -> Any:
    if kind not in actions.LIST_MODELS:
        raise Http404
    return actions.LIST_MODELS[kind]


def _values(request: Any, kind: str, payload: ListItemIn) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    values: dict[str, Any] = {}
    for name, model in (("unit", Unit), ("campaign", Campaign), ("finding", Finding)):
        if f"{name}_id" in data:
            pk = data.pop(f"{name}_id")
            values[name] = get_for(request.auth, model, pk=pk) if pk is not None else None
    fields = LIST_FIELDS[kind]
    values.update({k: v for k, v in data.items() if k in fields})
    return values


@router.get("/{kind}/", response={200: list[ResultListItemOut], **ERROR_RESPONSES},
            summary=gettext_lazy("特色亮点清单或制度完善清单"))  # fmt: skip
@enforces(POLICY, "view")
def list_items(request: Any, kind: str) -> Any:
    _model(kind)
    POLICY.require(request.auth, "view")
    return selectors.list_items(request.auth, kind, request.GET)[:1000]


@router.get(
    "/{kind}/{pk}", response={200: ResultListItemOut, **ERROR_RESPONSES}, summary=gettext_lazy("清单条目")
)
@enforces(POLICY, "view")
def get_item(request: Any, kind: str, pk: int) -> Any:
    return get_for(request.auth, _model(kind).objects.select_related("unit"), "view", pk=pk)


@router.post("/{kind}/", response={201: ResultListItemOut, **WRITE}, summary=gettext_lazy("登记清单条目"))
@enforces(POLICY, "manage_lists")
def create_item(request: Any, kind: str, payload: ListItemIn) -> Any:
    _model(kind)
    POLICY.require(request.auth, "manage_lists")
    return 201, actions.save_list_item(kind, actor=request.auth, **_values(request, kind, payload))


@router.patch(
    "/{kind}/{pk}", response={200: ResultListItemOut, **WRITE}, summary=gettext_lazy("修改清单条目")
)
@enforces(POLICY, "manage_lists")
def edit_item(request: Any, kind: str, pk: int, payload: ListItemIn) -> Any:
    item = get_for(request.auth, _model(kind).objects.all(), "manage_lists", pk=pk)
    return actions.save_list_item(kind, item, actor=request.auth, **_values(request, kind, payload))
