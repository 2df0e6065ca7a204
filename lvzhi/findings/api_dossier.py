"""The performance dossier in the findings API: GET /api/findings/dossier/{unit_id} (`?until=`: the year up to
that day), and the staffing requests (机构编制事项请示) at /api/findings/requests/; the same policy table as the
pages ("view_dossier", "record_request")."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES, ErrorOut
from lvzhi.api.schemas import InputSchema
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, dossier
from .models import StaffingRequest
from .policy import POLICY

router = Router(tags=[gettext_lazy("问题整改")])
requests_router = Router(tags=[gettext_lazy("问题整改")])
WRITE = {409: ErrorOut, **ERROR_RESPONSES}


class DossierResultOut(Schema):
    campaign_id: int
    campaign: str
    year: int
    total: Decimal | None
    grade: str
    rank: int | None


class DossierFindingOut(Schema):
    id: int
    title: str
    source_label: str
    category_label: str
    status: str
    status_label: str
    deadline: datetime.date | None
    overdue: bool


class DossierWarningOut(Schema):
    kind_label: str
    summary: str
    status_label: str
    raised_at: datetime.datetime


class DossierOut(Schema):
    unit_id: int
    unit: str
    since: datetime.date
    until: datetime.date
    approved: int
    actual: int
    vacancy: int
    over: int
    workload_per_head: float | None
    workload_ratio: float | None
    open_findings: int
    overdue_findings: int
    cases: int
    measures: int
    results: list[DossierResultOut]
    findings: list[DossierFindingOut]
    warnings: list[DossierWarningOut]


class RequestIn(InputSchema):
    unit_id: int
    title: str
    document_number: str = ""
    received_on: datetime.date | None = None
    note: str = ""


class RequestOut(Schema):
    id: int
    unit_id: int
    title: str
    document_number: str
    received_on: datetime.date
    note: str


def _out(d: dossier.Dossier) -> dict[str, Any]:
    w = d.facts.workload
    return {
        "unit_id": d.unit.pk, "unit": d.unit.name, "since": d.since, "until": d.until,
        "approved": d.facts.approved, "actual": d.facts.actual, "vacancy": d.facts.vacancy, "over": d.facts.over,
        "workload_per_head": round(w.per_head, 2) if w else None, "workload_ratio": w.ratio if w else None,
        "open_findings": d.open_findings, "overdue_findings": d.overdue_findings, "cases": len(d.cases),
        "measures": len(d.measures),
        "results": [{"campaign_id": r.campaign_id, "campaign": r.campaign.name, "year": r.campaign.year,
                     "total": r.total, "grade": r.grade, "rank": r.rank} for r in d.results],
        "findings": [{"id": f.pk, "title": f.title, "source_label": str(f.get_source_display()),
                      "category_label": str(f.get_category_display()), "status": f.status,
                      "status_label": str(f.get_status_display()), "deadline": f.deadline,
                      "overdue": f.is_overdue(d.until)} for f in d.findings],
        "warnings": [{"kind_label": str(x.get_kind_display()), "summary": x.summary,
                      "status_label": str(x.get_status_display()), "raised_at": x.raised_at}
                     for x in d.facts.warnings],
    }  # fmt: skip


@router.get("/{unit_id}", response={200: DossierOut, **ERROR_RESPONSES},
            summary=gettext_lazy("单位履职档案(近一年)"))  # fmt: skip
@enforces(POLICY, "view_dossier")
def get_dossier(request: Any, unit_id: int, until: datetime.date | None = None) -> Any:
    POLICY.require(request.auth, "view_dossier")
    unit = get_for(request.auth, Unit, pk=unit_id)
    return _out(dossier.dossier(request.auth, unit, until))


@requests_router.get("/", response={200: list[RequestOut], **ERROR_RESPONSES},
            summary=gettext_lazy("机构编制事项请示"))  # fmt: skip
@enforces(POLICY, "view_dossier")
def list_requests(request: Any) -> Any:
    POLICY.require(request.auth, "view_dossier")
    return StaffingRequest.objects.visible_to(request.auth, "view_dossier")[:1000]


@requests_router.post("/", response={201: RequestOut, **WRITE}, summary=gettext_lazy("登记机构编制事项请示"))
@enforces(POLICY, "record_request")
def create_request(request: Any, payload: RequestIn) -> Any:
    POLICY.require(request.auth, "record_request")
    data = payload.dict()
    unit = get_for(request.auth, Unit, pk=data.pop("unit_id"))
    return 201, actions.record_request(actor=request.auth, unit=unit, **data)
