"""Working calendar API, mounted at /api/calendar/: the years, a year's days, the arithmetic (working days
between two dates, the date N working days after a start), and for office administrators loading a file and
setting a day. Figures that touch a year with no published table carry `provisional: true`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.core.policy import enforces

from . import actions, fileload, selectors, service
from .models import CalendarYear, DayKind
from .policy import POLICY

router = Router(tags=[gettext_lazy("工作日历")])


class YearOut(Schema):
    year: int
    published: bool
    source: str
    version: int
    holidays: int
    workdays: int
    note: str


class DayOut(Schema):
    date: dt.date
    kind: str
    note: str


class YearDetailOut(Schema):
    year: int
    published: bool
    version: int
    days: list[DayOut]


class FigureOut(Schema):
    value: int | dt.date
    provisional: bool
    provisional_years: list[int]


class Between(Schema):
    start: dt.date
    end: dt.date


class After(Schema):
    start: dt.date
    n: int
    unit: str = "days"


class DayIn(Schema):
    date: dt.date
    kind: DayKind
    note: str = ""
    reason: str


class LoadedOut(Schema):
    years: dict[int, int]


def _figure(answer: Any) -> dict[str, Any]:
    return {
        "value": answer.value,
        "provisional": answer.provisional,
        "provisional_years": list(answer.provisional_years),
    }


@router.get("/years", response={200: list[YearOut], **ERROR_RESPONSES}, summary=gettext_lazy("年度安排列表"))
@enforces(POLICY, "view")
def list_years(request):
    POLICY.require(request.auth, "view")
    return [r.__dict__ for r in selectors.years(request.auth)]


@router.get(
    "/years/{year}",
    response={200: YearDetailOut, **ERROR_RESPONSES},
    summary=gettext_lazy("一年的节假日和调休上班日"),
)
@enforces(POLICY, "view")
def get_year(request, year: int):
    POLICY.require(request.auth, "view")
    record = CalendarYear.objects.visible_to(request.auth).filter(year=year).first()
    days = list(record.days.order_by("date").values("date", "kind", "note")) if record else []
    return {
        "year": year,
        "published": record is not None,
        "version": record.version if record else 0,
        "days": days,
    }


@router.get(
    "/workdays",
    response={200: FigureOut, **ERROR_RESPONSES},
    summary=gettext_lazy("两日之间(含两端)的工作日数"),
)
@enforces(POLICY, "view")
def workdays(request, q: Query[Between]):
    POLICY.require(request.auth, "view")
    return _figure(service.workdays(q.start, q.end))


@router.get(
    "/add",
    response={200: FigureOut, **ERROR_RESPONSES},
    summary=gettext_lazy("起始日之后第 N 个工作日(起算日不计入;unit=hours 为工作小时)"),
)
@enforces(POLICY, "view")
def add(request, q: Query[After]):
    POLICY.require(request.auth, "view")
    if q.unit not in ("days", "hours"):
        raise invalid("unit", "时限单位只能是 days(工作日)或 hours(工作小时)。")
    return _figure(service.deadline(q.start, q.n, q.unit))


@router.put("/days", response={200: DayOut, **ERROR_RESPONSES}, summary=gettext_lazy("设置一天为休或班"))
@enforces(POLICY, "edit")
def put_day(request, body: DayIn):
    POLICY.require(request.auth, "edit")
    actions.set_day(body.date, body.kind, body.note, actor=request.auth, reason=body.reason)
    return {"date": body.date, "kind": body.kind, "note": body.note}


@router.post(
    "/load", response={200: LoadedOut, **ERROR_RESPONSES}, summary=gettext_lazy("导入年度节假日安排")
)
@enforces(POLICY, "edit")
def load(request, file: File[UploadedFile], note: Form[str] = ""):
    POLICY.require(request.auth, "edit")
    return {"years": fileload.load_upload(file, actor=request.auth, note=note)}
