"""Reports API for the background job of every unit report (start, status, zip, retry), the dashboards' chart
data (and each chart's Excel) and a unit's profile over the years, mounted under /api/reports/ with
lvzhi.reports.api_documents and lvzhi.reports.api_templates (the report templates). The rules are the pages' (lvzhi.reports.policy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status

from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.campaigns.models import Campaign
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.jobs import job_path, reclaim, retry_job
from lvzhi.core.models import Job
from lvzhi.core.policy import enforces, get_for
from lvzhi.core.spreadsheets import XLSX_CONTENT_TYPE
from lvzhi.registry.models import Unit

from . import batch, dashboards
from .api_documents import FILE, WRITE, plain
from .policy import POLICY

router = Router(tags=[gettext_lazy("报告与分析")])


# -- the background job of every unit report ----------------------------------------------------------------


class BatchIn(Schema):
    formats: str = "docx"


class ReportBatchOut(Schema):
    id: int
    campaign_id: int
    title: str
    status: str
    done: int
    total: int | None
    percent: int | None
    result: dict[str, Any] | None
    file_ready: bool
    message: str


def _batch(job: Job, campaign: Campaign) -> dict[str, Any]:
    progress = job.live_progress()
    total = progress.get("total")
    return {
        "id": job.pk,
        "campaign_id": campaign.pk,
        "title": job.title,
        "status": job.status,
        "done": int(progress.get("done") or 0),
        "total": total,
        "percent": min(100, int(100 * progress["done"] / total)) if total else None,
        "result": plain(job.result) if job.result else None,
        "file_ready": job.status == Job.Status.SUCCEEDED and bool(job.output_file),
        "message": job.message,
    }


def _job(request: Any, campaign_id: int, job_id: int) -> tuple[Campaign, Job]:
    campaign: Campaign = get_for(request.auth, Campaign, pk=campaign_id)
    POLICY.require(request.auth, "generate_reports", campaign)
    jobs = Job.objects.select_related("created_by").filter(kind=batch.BATCH_JOB, params__campaign=campaign.pk)
    found: Job = get_for(request.auth, jobs, pk=job_id)
    return campaign, found


@router.post(
    "/campaigns/{campaign_id}/batch",
    response={201: ReportBatchOut, **WRITE},
    summary=gettext_lazy("后台生成全部单位评估报告(formats: docx 或 docx+pdf;进行中时返回该任务)"),
)
@enforces(POLICY, "generate_reports")
def start_batch(request, campaign_id: int, body: BatchIn):
    campaign: Campaign = get_for(request.auth, Campaign, pk=campaign_id)
    job = batch.start_batch(campaign, actor=request.auth, formats=body.formats)
    return Status(201, _batch(job, campaign))


@router.get(
    "/campaigns/{campaign_id}/batch",
    response={200: list[ReportBatchOut], **ERROR_RESPONSES},
    summary=gettext_lazy("活动的报告生成任务(最近的在前)"),
)
@enforces(POLICY, "generate_reports")
def list_batches(request, campaign_id: int):
    campaign: Campaign = get_for(request.auth, Campaign, pk=campaign_id)
    POLICY.require(request.auth, "generate_reports", campaign)
    jobs = Job.objects.visible_to(request.auth).filter(kind=batch.BATCH_JOB, params__campaign=campaign.pk)
    return [_batch(job, campaign) for job in jobs.order_by("-pk")]


@router.get(
    "/campaigns/{campaign_id}/batch/{job_id}",
    response={200: ReportBatchOut, **ERROR_RESPONSES},
    summary=gettext_lazy("报告生成任务的进度和结果(失败的单位及原因)"),
)
@enforces(POLICY, "generate_reports")
def get_batch(request, campaign_id: int, job_id: int):
    campaign, job = _job(request, campaign_id, job_id)
    reclaim(job)
    return _batch(job, campaign)


@router.get(
    "/campaigns/{campaign_id}/batch/{job_id}/file",
    response=FILE,
    summary=gettext_lazy("下载全部单位评估报告压缩包(任务完成后)"),
)
@enforces(POLICY, "generate_reports")
def batch_file(request, campaign_id: int, job_id: int):
    campaign, job = _job(request, campaign_id, job_id)
    if job.status != Job.Status.SUCCEEDED or not job.output_file:
        raise Http404
    try:
        handle = open(job_path(job.output_file), "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError as exc:
        raise Http404 from exc
    name = _("%(name)s单位评估报告.zip") % {"name": campaign.name}
    return FileResponse(handle, as_attachment=True, filename=Path(name).name, content_type="application/zip")


@router.post(
    "/campaigns/{campaign_id}/batch/{job_id}/retry",
    response={201: ReportBatchOut, **WRITE},
    summary=gettext_lazy("重试失败的报告生成任务"),
)
@enforces(POLICY, "generate_reports")
def retry_batch(request, campaign_id: int, job_id: int):
    campaign, job = _job(request, campaign_id, job_id)
    return Status(201, _batch(retry_job(job, actor=request.auth), campaign))


# -- dashboards and a unit's profile -----------------------------------------------------------------------


class SeriesOut(Schema):
    name: str
    data: list[Any]


class ChartOut(Schema):
    id: str
    title: str
    kind: str
    categories: list[str]
    series: list[SeriesOut]
    unit: str


def _chart_file(charts: list[dict[str, Any]], chart: str, name: str) -> HttpResponse:
    item = next((c for c in charts if c["id"] == chart), None)
    if item is None:
        raise Http404
    response = HttpResponse(dashboards.excel(item), content_type=XLSX_CONTENT_TYPE)
    return attach(response, file_name(name, item["title"], suffix="xlsx"))


def _board(request: Any, campaign_id: int, board: str) -> tuple[Campaign, list[dict[str, Any]]]:
    campaign: Campaign = get_for(request.auth, Campaign, pk=campaign_id)
    POLICY.require(request.auth, "view_dashboards", campaign)
    if board == "overview":
        return campaign, dashboards.overview(campaign)
    if board == "findings":
        return campaign, dashboards.findings(campaign)
    if board == "staffing":
        return campaign, dashboards.staffing(campaign, request.auth)
    raise Http404


@router.get(
    "/campaigns/{campaign_id}/dashboards/{board}",
    response={200: list[ChartOut], **ERROR_RESPONSES},
    summary=gettext_lazy(
        "活动看板的图表数据(board: overview 总览、findings 问题整改、staffing 编制与工作量)"
    ),
)
@enforces(POLICY, "view_dashboards")
def dashboard(request, campaign_id: int, board: str):
    return _board(request, campaign_id, board)[1]


@router.get(
    "/campaigns/{campaign_id}/dashboards/{board}/{chart}/xlsx",
    response=FILE,
    summary=gettext_lazy("看板中一个图表的数据(Excel)"),
)
@enforces(POLICY, "view_dashboards")
def dashboard_xlsx(request, campaign_id: int, board: str, chart: str):
    campaign, charts = _board(request, campaign_id, board)
    return _chart_file(charts, chart, campaign.name)


def _profile(request: Any, unit_id: int) -> tuple[Unit, list[dict[str, Any]]]:
    unit: Unit = get_for(request.auth, Unit, pk=unit_id)
    POLICY.require(request.auth, "view_unit_profile", unit)
    return unit, dashboards.profile(unit, request.auth)


@router.get(
    "/profiles/{unit_id}",
    response={200: list[ChartOut], **ERROR_RESPONSES},
    summary=gettext_lazy("单位历年画像的图表数据(只含本人可查看其结果的已公布活动)"),
)
@enforces(POLICY, "view_unit_profile")
def profile(request, unit_id: int):
    return _profile(request, unit_id)[1]


@router.get(
    "/profiles/{unit_id}/{chart}/xlsx",
    response=FILE,
    summary=gettext_lazy("单位历年画像中一个图表的数据(Excel)"),
)
@enforces(POLICY, "view_unit_profile")
def profile_xlsx(request, unit_id: int, chart: str):
    unit, charts = _profile(request, unit_id)
    return _chart_file(charts, chart, unit.name)
