"""Accountability in the findings API, mounted at /api/findings/accountability/: the catalogue of situations by
area, the cases (a unit's, a post's or a person's), and recording a case; the same policy table as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES, ErrorOut
from lvzhi.api.schemas import InputSchema
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Person, Post, Unit

from . import actions
from .models import AccountabilityCase, Finding, Situation
from .policy import POLICY

router = Router(tags=[gettext_lazy("问题整改")])
WRITE = {409: ErrorOut, **ERROR_RESPONSES}


class SituationOut(Schema):
    id: int
    area: str
    name: str
    deduction: Decimal
    indicator_code: str
    downgrade: bool
    active: bool

    @staticmethod
    def resolve_area(obj: Situation) -> str:
        return obj.area.name


class CaseOut(Schema):
    id: int
    unit_id: int
    unit: str
    situation_id: int
    situation: str
    area: str
    post_id: int | None
    person_id: int | None
    person: str
    finding_id: int | None
    title: str
    occurred_on: datetime.date
    document_number: str
    deduction: Decimal
    note: str

    @staticmethod
    def resolve_unit(obj: AccountabilityCase) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_situation(obj: AccountabilityCase) -> str:
        return obj.situation.name

    @staticmethod
    def resolve_area(obj: AccountabilityCase) -> str:
        return obj.situation.area.name

    @staticmethod
    def resolve_person(obj: AccountabilityCase) -> str:
        return obj.person.name if obj.person else ""


class CaseIn(InputSchema):
    unit_id: int
    situation_id: int
    title: str
    occurred_on: datetime.date
    post_id: int | None = None
    person_id: int | None = None
    finding_id: int | None = None
    document_number: str = ""
    deduction: Decimal | None = None
    note: str = ""


@router.get("/situations", response={200: list[SituationOut], **ERROR_RESPONSES},
            summary=gettext_lazy("问责情形目录"))  # fmt: skip
@enforces(POLICY, "view")
def situations(request: Any) -> Any:
    POLICY.require(request.auth, "view")
    return Situation.objects.select_related("area")


@router.get("/cases", response={200: list[CaseOut], **ERROR_RESPONSES}, summary=gettext_lazy("问责案件"))
@enforces(POLICY, "view")
def cases(request: Any, unit: int | None = None) -> Any:
    POLICY.require(request.auth, "view")
    qs = AccountabilityCase.objects.visible_to(request.auth).select_related(
        "unit", "situation__area", "person"
    )
    return qs.filter(unit_id=unit)[:1000] if unit else qs[:1000]


@router.post("/cases", response={201: CaseOut, **WRITE}, summary=gettext_lazy("登记问责案件"))
@enforces(POLICY, "manage_accountability")
def create_case(request: Any, payload: CaseIn) -> Any:
    POLICY.require(request.auth, "manage_accountability")
    data = payload.dict()
    values: dict[str, Any] = {
        "unit": get_for(request.auth, Unit, pk=data.pop("unit_id")),
        "situation": Situation.objects.filter(pk=data.pop("situation_id")).first(),
    }
    if values["situation"] is None:
        raise Http404
    for name, model in (("post", Post), ("person", Person), ("finding", Finding)):
        pk = data.pop(f"{name}_id")
        values[name] = get_for(request.auth, model, pk=pk) if pk is not None else None
    return 201, actions.record_case(actor=request.auth, **values, **data)
