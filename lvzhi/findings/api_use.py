"""The use of results in the findings API, mounted at /api/findings/recommendations/: the staffing
recommendations with their reasons (the office and the committee), drafting them for a campaign, and the
office's decision on one; the same policy table as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from ninja import Query, Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES, ErrorOut
from lvzhi.api.schemas import InputSchema
from lvzhi.campaigns.models import Campaign
from lvzhi.core.policy import enforces, get_for

from . import actions, results_export, selectors_use
from .models import Measure, Recommendation
from .policy import POLICY

router = Router(tags=[gettext_lazy("问题整改")])
WRITE = {409: ErrorOut, **ERROR_RESPONSES}


class RecommendationOut(Schema):
    id: int
    unit_id: int
    unit: str
    campaign_id: int | None
    campaign: str
    kind: str
    kind_label: str
    reasons: list[str]
    status: str
    status_label: str
    matter: str
    document_number: str
    decision_note: str
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_unit(obj: Recommendation) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_campaign(obj: Recommendation) -> str:
        return obj.campaign.name if obj.campaign_id else ""

    @staticmethod
    def resolve_kind_label(obj: Recommendation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj: Recommendation) -> str:
        return str(obj.get_status_display())


class RecommendationFilter(Schema):
    campaign: int | None = None
    unit: int | None = None
    status: str | None = None
    kind: str | None = None


class DraftIn(InputSchema):
    campaign_id: int


class AcceptIn(InputSchema):
    document_number: str
    matter: str = ""
    kind: str = ""
    note: str = ""


class RejectIn(InputSchema):
    note: str


def _rec(request: Any, pk: int, action: str) -> Recommendation:
    return get_for(request.auth, Recommendation.objects.select_related("unit", "campaign"), action, pk=pk)


@router.get("/", response={200: list[RecommendationOut], **ERROR_RESPONSES},
            summary=gettext_lazy("机构编制调整建议"))  # fmt: skip
@enforces(POLICY, "view_recommendations")
def list_recommendations(request: Any, filters: Query[RecommendationFilter]) -> Any:
    POLICY.require(request.auth, "view_recommendations")
    return selectors_use.recommendations(request.auth, filters.dict(exclude_none=True))[:1000]


@router.post("/draft", response={200: list[RecommendationOut], **WRITE},
             summary=gettext_lazy("根据评估结果生成调整建议"))  # fmt: skip
@enforces(POLICY, "recommend")
def draft(request: Any, payload: DraftIn) -> Any:
    POLICY.require(request.auth, "recommend")
    campaign = get_for(request.auth, Campaign, pk=payload.campaign_id)
    return actions.recommend(campaign, actor=request.auth)


@router.get(
    "/{pk}", response={200: RecommendationOut, **ERROR_RESPONSES}, summary=gettext_lazy("调整建议详情")
)
@enforces(POLICY, "view_recommendations")
def get_recommendation(request: Any, pk: int) -> Any:
    return _rec(request, pk, "view_recommendations")


@router.post("/{pk}/accept", response={200: RecommendationOut, **WRITE},
             summary=gettext_lazy("采纳调整建议(形成机构编制事项)"))  # fmt: skip
@enforces(POLICY, "decide_recommendation")
def accept(request: Any, pk: int, payload: AcceptIn) -> Any:
    rec = _rec(request, pk, "decide_recommendation")
    return actions.decide_recommendation(rec, actor=request.auth, accept=True, **payload.dict())


@router.post(
    "/{pk}/reject", response={200: RecommendationOut, **WRITE}, summary=gettext_lazy("不采纳调整建议")
)
@enforces(POLICY, "decide_recommendation")
def reject(request: Any, pk: int, payload: RejectIn) -> Any:
    rec = _rec(request, pk, "decide_recommendation")
    return actions.decide_recommendation(rec, actor=request.auth, accept=False, note=payload.note)


class SheetOut(Schema):
    title: str
    headers: list[str]
    rows: list[list[str | int]]


class ResultsExportOut(Schema):
    campaign_id: int
    layout: str
    layout_label: str
    sheets: list[SheetOut]


results_router = Router(tags=[gettext_lazy("问题整改")])


@results_router.get("/{campaign_id}", response={200: ResultsExportOut, **WRITE},
                    summary=gettext_lazy("已公布评估结果(绩效考核、组织、纪检格式)"))  # fmt: skip
@enforces(POLICY, "export_results")
def export_results(
    request: Any, campaign_id: int, layout: str = "performance", points: Decimal | None = None
) -> Any:
    campaign = get_for(request.auth, Campaign, pk=campaign_id)
    parts = actions.export_results(campaign, actor=request.auth, layout=layout, points=points)
    return {"campaign_id": campaign.pk, "layout": layout, "layout_label": str(results_export.LAYOUTS[layout]),
            "sheets": [{"title": p.title, "headers": p.headers,
                        "rows": [[c if isinstance(c, int) else str(c) for c in row] for row in p.rows]}
                       for p in parts]}  # fmt: skip


class ConsequenceOut(Schema):
    id: int
    unit_id: int
    unit: str
    kind: str
    kind_label: str
    person: str
    note: str
    due: datetime.date | None
    report: str
    reported_at: datetime.datetime | None
    done_at: datetime.datetime | None
    overdue: bool

    @staticmethod
    def resolve_unit(obj: Measure) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_kind_label(obj: Measure) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_overdue(obj: Measure) -> bool:
        return obj.is_overdue()


class ReportIn(InputSchema):
    report: str


class DoneIn(InputSchema):
    note: str = ""


consequences_router = Router(tags=[gettext_lazy("问题整改")])


@consequences_router.get("/", response={200: list[ConsequenceOut], **ERROR_RESPONSES},
                         summary=gettext_lazy("诫勉措施(书面报告、谈话提醒)"))  # fmt: skip
@enforces(POLICY, "view")
def list_consequences(request: Any) -> Any:
    POLICY.require(request.auth, "view")
    return (
        Measure.objects.visible_to(request.auth)
        .filter(kind__in=Measure.CONSEQUENCES)
        .select_related("unit")[:1000]
    )


@consequences_router.post("/impose", response={200: list[ConsequenceOut], **WRITE},
                          summary=gettext_lazy("落实诫勉措施"))  # fmt: skip
@enforces(POLICY, "impose_consequences")
def impose(request: Any, payload: DraftIn) -> Any:
    POLICY.require(request.auth, "impose_consequences")
    campaign = get_for(request.auth, Campaign, pk=payload.campaign_id)
    return actions.impose_consequences(campaign, actor=request.auth)


@consequences_router.post(
    "/{pk}/report", response={200: ConsequenceOut, **WRITE}, summary=gettext_lazy("提交书面报告")
)
@enforces(POLICY, "submit_report")
def report(request: Any, pk: int, payload: ReportIn) -> Any:
    item = get_for(request.auth, Measure.objects.select_related("unit"), "submit_report", pk=pk)
    return actions.submit_report(item, actor=request.auth, report=payload.report)


@consequences_router.post(
    "/{pk}/done", response={200: ConsequenceOut, **WRITE}, summary=gettext_lazy("办结措施")
)
@enforces(POLICY, "complete_measure")
def done(request: Any, pk: int, payload: DoneIn) -> Any:
    item = get_for(request.auth, Measure.objects.select_related("unit"), "complete_measure", pk=pk)
    return actions.complete_measure(item, actor=request.auth, note=payload.note)
