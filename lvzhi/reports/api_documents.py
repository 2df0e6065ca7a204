"""Reports API for the documents, mounted under /api/reports/: a campaign's report and bulletin (as data and as
Word, PDF or Excel), the unit evaluation reports (list, one report with its opinions, its files; drafting, the
office's wording, release and withdrawal); lvzhi.reports.api_jobs has the background job, the dashboards and the
templates. Every call asks the same
rule as the page it mirrors (lvzhi.reports.policy); refusals are the pages' sentences."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.campaigns.models import Campaign
from lvzhi.core.downloads import attach
from lvzhi.core.policy import enforces, get_for

from . import campaigndocs, campaignreport, documents, downloads, unitactions
from .models import UnitReport
from .policy import POLICY

router = Router(tags=[gettext_lazy("报告与分析")])
WRITE = {**ERROR_RESPONSES, 409: ERROR_RESPONSES[403]}
FILE = ERROR_RESPONSES


def plain(value: Any) -> Any:
    """JSON-ready: decimals as strings (exact), sets as counts, nested lists and dicts likewise."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return len(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _campaign(request: Any, campaign_id: int, action: str) -> Campaign:
    campaign: Campaign = get_for(request.auth, Campaign, pk=campaign_id)
    POLICY.require(request.auth, action, campaign)
    if not campaign.results.exists():
        raise Http404
    return campaign


# -- campaign report and bulletin ---------------------------------------------------------------------------


class RankedUnitOut(Schema):
    unit_id: int
    code: str
    name: str
    total: str | None
    grade: str
    rank: int | None


class RankingGroupOut(Schema):
    name: str
    average: str | None
    best: str | None
    lowest: str | None
    grades: dict[str, int]
    units: list[RankedUnitOut]
    apart: list[dict[str, Any]]


class CampaignReportOut(Schema):
    campaign_id: int
    title: str
    published: bool
    office: str
    date: str
    document_number: str
    decision: str
    max_total: str | None
    evaluated: int
    average: str | None
    best: str | None
    lowest: str | None
    grades: list[str]
    groups: list[RankingGroupOut]
    distribution: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    common: list[dict[str, Any]]
    finding_count: int
    finding_units: int
    finding_done: int
    highlights: list[dict[str, Any]]
    flagged: list[dict[str, Any]] | None
    summary: str
    recommendations: list[str]


class BulletinOut(Schema):
    campaign_id: int
    title: str
    published: bool
    document_number: str
    paragraphs: list[str]


def _report(data: campaignreport.CampaignReportData) -> dict[str, Any]:
    groups = [
        {
            "name": g.name,
            "average": plain(g.average),
            "best": plain(g.best),
            "lowest": plain(g.lowest),
            "grades": g.grades,
            "units": [
                {
                    "unit_id": r.unit_id,
                    "code": r.unit.code,
                    "name": r.unit.name,
                    "total": plain(r.total),
                    "grade": r.grade,
                    "rank": r.rank,
                }
                for r in g.rows
            ],
            "apart": plain(g.apart),
        }
        for g in data.groups
    ]
    return {
        "campaign_id": data.campaign.pk,
        "title": data.title,
        "published": data.published,
        "office": data.office,
        "date": data.date,
        "document_number": data.document_number,
        "decision": data.decision,
        "max_total": plain(data.max_total),
        "evaluated": data.evaluated,
        "average": plain(data.average),
        "best": plain(data.best),
        "lowest": plain(data.lowest),
        "grades": data.grades,
        "groups": groups,
        "distribution": [{"band": band, "count": count} for band, count in data.distribution],
        "indicators": [plain(i.__dict__) for i in data.indicators],
        "findings": plain(data.findings),
        "common": plain(data.common),
        "finding_count": data.finding_count,
        "finding_units": data.finding_units,
        "finding_done": data.finding_done,
        "highlights": plain(data.highlights),
        "flagged": plain(data.flagged),
        "summary": data.summary,
        "recommendations": data.recommendations,
    }


@router.get(
    "/campaigns/{campaign_id}/report",
    response={200: CampaignReportOut, **ERROR_RESPONSES},
    summary=gettext_lazy("活动评估报告(排名、分布、共性问题、亮点、建议、稳健性提示;编办和编委会)"),
)
@enforces(POLICY, "campaign_report")
def campaign_report(request, campaign_id: int):
    campaign = _campaign(request, campaign_id, "campaign_report")
    return _report(campaignreport.build(campaign, request.auth))


@router.get(
    "/campaigns/{campaign_id}/report/{fmt}",
    response=FILE,
    summary=gettext_lazy("活动评估报告文件(fmt: docx、pdf 或 xlsx)"),
)
@enforces(POLICY, "campaign_report")
def campaign_report_file(request, campaign_id: int, fmt: str):
    campaign = _campaign(request, campaign_id, "campaign_report")
    data = campaignreport.build(campaign, request.auth)
    return downloads.campaign_report_file(data, fmt)


@router.get(
    "/campaigns/{campaign_id}/bulletin",
    response={200: BulletinOut, **ERROR_RESPONSES},
    summary=gettext_lazy("结果通报的段落(公布后可查看该活动的人员;公布前编办和编委会)"),
)
@enforces(POLICY, "view_bulletin")
def bulletin(request, campaign_id: int):
    campaign = _campaign(request, campaign_id, "view_bulletin")
    data = campaignreport.build(campaign, request.auth, flags=False)
    return {
        "campaign_id": campaign.pk,
        "title": data.bulletin_title,
        "published": data.published,
        "document_number": data.document_number,
        "paragraphs": campaigndocs.bulletin_paragraphs(data),
    }


@router.get(
    "/campaigns/{campaign_id}/bulletin/{fmt}",
    response=FILE,
    summary=gettext_lazy("结果通报文件(fmt: docx 或 pdf,一页)"),
)
@enforces(POLICY, "view_bulletin")
def bulletin_file(request, campaign_id: int, fmt: str):
    campaign = _campaign(request, campaign_id, "view_bulletin")
    data = campaignreport.build(campaign, request.auth, flags=False)
    return downloads.bulletin_file(data, fmt)


# -- unit evaluation reports --------------------------------------------------------------------------------


class UnitReportItemOut(Schema):
    id: int
    campaign_id: int
    unit_id: int
    unit: str
    status: str
    edited: bool
    released_at: str | None


class OpinionOut(Schema):
    code: str
    name: str
    text: str


class UnitReportOut(UnitReportItemOut):
    title: str
    category: str
    total: str | None
    max_total: str | None
    average_total: str | None
    grade: str
    rank: int | None
    rank_size: int | None
    summary: str
    rows: list[dict[str, Any]]
    opinions: list[OpinionOut]
    findings: list[dict[str, Any]]
    highlights: list[dict[str, Any]]
    rechecks: list[dict[str, Any]]
    trend: list[dict[str, Any]]


class OpinionsIn(Schema):
    texts: dict[str, str]


class WithdrawIn(Schema):
    reason: str = ""


class DraftedOut(Schema):
    drafted: int


def _item(report: UnitReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "campaign_id": report.campaign_id,
        "unit_id": report.unit_id,
        "unit": report.unit.name,
        "status": report.status,
        "edited": report.edited,
        "released_at": report.released_at.isoformat() if report.released_at else None,
    }


def _full(report: UnitReport) -> dict[str, Any]:
    data = downloads.unit_report_data(report)
    return {
        **_item(report),
        "title": data.title,
        "category": data.category_name,
        "total": plain(data.total),
        "max_total": plain(data.max_total),
        "average_total": plain(data.average_total),
        "grade": data.grade,
        "rank": data.rank,
        "rank_size": data.rank_size,
        "summary": data.summary,
        "rows": [plain(r.__dict__) for r in data.rows],
        "opinions": [
            {"code": str(o.get("code", "")), "name": str(o.get("name", "")), "text": str(o.get("text", ""))}
            for o in data.opinions
        ],
        "findings": plain(data.findings),
        "highlights": plain(data.highlights),
        "rechecks": plain(data.rechecks),
        "trend": [{"campaign": name, "total": plain(total)} for name, total in data.trend],
    }


def _unit_report(request: Any, report_id: int, action: str) -> UnitReport:
    report: UnitReport = get_for(
        request.auth, UnitReport.objects.select_related("campaign", "unit"), action, pk=report_id
    )
    return report


@router.get(
    "/campaigns/{campaign_id}/unit-reports",
    response={200: list[UnitReportItemOut], **ERROR_RESPONSES},
    summary=gettext_lazy("活动的单位评估报告列表(编办和编委会)"),
)
@enforces(POLICY, "campaign_report")
def unit_reports(request, campaign_id: int):
    campaign: Campaign = get_for(request.auth, Campaign, pk=campaign_id)
    POLICY.require(request.auth, "campaign_report", campaign)
    reports = UnitReport.objects.visible_to(request.auth).filter(campaign=campaign).select_related("unit")
    return [_item(r) for r in reports.order_by("unit__code")]


@router.post(
    "/campaigns/{campaign_id}/unit-reports/draft",
    response={200: DraftedOut, **WRITE},
    summary=gettext_lazy("起草全部单位的评估意见(已人工修改的不被覆盖)"),
)
@enforces(POLICY, "draft_reports")
def draft_unit_reports(request, campaign_id: int):
    campaign: Campaign = get_for(request.auth, Campaign, pk=campaign_id)
    return {"drafted": unitactions.draft_reports(campaign, actor=request.auth)}


@router.get(
    "/unit-reports/{report_id}",
    response={200: UnitReportOut, **ERROR_RESPONSES},
    summary=gettext_lazy("单位评估报告(得分树、评估意见、问题整改、亮点、复核、历年总分)"),
)
@enforces(POLICY, "view_unit_report")
def unit_report(request, report_id: int):
    return _full(_unit_report(request, report_id, "view_unit_report"))


@router.get(
    "/unit-reports/{report_id}/file/{fmt}",
    response=FILE,
    summary=gettext_lazy("单位评估报告文件(fmt: docx、pdf 或 xlsx)"),
)
@enforces(POLICY, "view_unit_report")
def unit_report_file(request, report_id: int, fmt: str):
    data = downloads.unit_report_data(_unit_report(request, report_id, "view_unit_report"))
    if fmt == "docx":
        body, content_type = documents.word(data), documents.WORD_TYPE
    elif fmt == "pdf":
        body, content_type = documents.pdf(data), documents.PDF_TYPE
    elif fmt == "xlsx":
        body, content_type = documents.excel(data), documents.XLSX_TYPE
    else:
        raise Http404
    return attach(HttpResponse(body, content_type=content_type), documents.filename(data, fmt))


@router.put(
    "/unit-reports/{report_id}/opinions",
    response={200: UnitReportOut, **WRITE},
    summary=gettext_lazy('修改评估意见(texts: {"__summary__": 总体评价, 一级指标代码: 意见};发布前)'),
)
@enforces(POLICY, "edit_report")
def put_opinions(request, report_id: int, body: OpinionsIn):
    report = _unit_report(request, report_id, "edit_report")
    unitactions.save_opinions(report, actor=request.auth, texts=body.texts)
    return _full(report)


@router.post(
    "/unit-reports/{report_id}/release",
    response={200: UnitReportItemOut, **WRITE},
    summary=gettext_lazy("发布单位评估报告"),
)
@enforces(POLICY, "release_report")
def release(request, report_id: int):
    report = _unit_report(request, report_id, "release_report")
    return _item(unitactions.release_report(report, actor=request.auth))


@router.post(
    "/unit-reports/{report_id}/withdraw",
    response={200: UnitReportItemOut, **WRITE},
    summary=gettext_lazy("撤回单位评估报告(改为待发布)"),
)
@enforces(POLICY, "withdraw_report")
def withdraw(request, report_id: int, body: WithdrawIn):
    report = _unit_report(request, report_id, "withdraw_report")
    return _item(unitactions.withdraw_report(report, actor=request.auth, reason=body.reason))
