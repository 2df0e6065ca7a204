"""The checks, 一表一图一规范一机制, work norms, import and export."""

from __future__ import annotations

import tempfile
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, ApiError, invalid
from lvzhi.api.schemas import InputSchema
from lvzhi.core.errors import Refused
from lvzhi.core.jobs import job_path, reclaim
from lvzhi.core.models import Job
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import InternalBody, Region, Unit

from .. import checks, exportjob, exports, imports, norms, sections, selectors
from ..models import WorkNorm
from ..policy import POLICY
from .schemas import (
    WorkflowChecksOut,
    WorkflowImportOut,
    WorkflowMissingOut,
    WorkflowNormOut,
    WorkflowSectionOut,
)
from .serialise import checks_out, missing_out, norm_out, section_out

router = Router()
NO_CONTENT = {204: None, **ERROR_RESPONSES}


def _region(pk: int | None) -> Region | None:
    return Region.objects.filter(pk=pk).first() if pk else None


@router.get(
    "/checks",
    response={200: WorkflowChecksOut, **ERROR_RESPONSES},
    summary=_("签批层级与流程再造核查(按单位、区划)"),
)
@enforces(POLICY, "view_region")
def region_checks(request: Any, region: int | None = None) -> Any:
    POLICY.require(request.auth, "view_region")
    figures = checks.unit_checks(request.auth, selectors.region_units(request.auth, _region(region)))
    return {
        "units": [checks_out(row) for row in figures.units],
        "total": checks_out(figures.total),
        "flagged_workflows": [c.workflow.pk for c in figures.total.flagged_workflows],
    }


@router.get(
    "/units/{int:unit_id}/sections",
    response={200: list[WorkflowSectionOut], **ERROR_RESPONSES},
    summary=_("单位各科室的一表一图一规范一机制"),
)
@enforces(POLICY, "view")
def unit_sections(request: Any, unit_id: int) -> Any:
    unit = get_for(request.auth, Unit.objects.all(), "view", policy=POLICY, pk=unit_id)
    return [section_out(p) for p in sections.sections_of(Unit.objects.filter(pk=unit.pk))]


@router.get(
    "/sections/missing",
    response={200: WorkflowMissingOut, **ERROR_RESPONSES},
    summary=_("各单位科室缺少的部分"),
)
@enforces(POLICY, "view_region")
def missing(request: Any, region: int | None = None) -> Any:
    POLICY.require(request.auth, "view_region")
    rows, total = sections.missing_by_unit(selectors.region_units(request.auth, _region(region)))
    return {"units": [missing_out(r) for r in rows], "total": {**missing_out(total), "unit": None}}


def _body(user: Any, pk: int, action: str = "view") -> InternalBody:
    body: InternalBody = get_for(user, InternalBody.objects.all(), action, policy=POLICY, pk=pk)
    return body


@router.post(
    "/sections/{int:body_id}/norms",
    response={201: WorkflowNormOut, **ERROR_RESPONSES},
    summary=_("上传科室的工作规范"),
)
@enforces(POLICY, "edit_norms")
def add_norm(
    request: Any,
    body_id: int,
    title: Form[str],
    document_number: Form[str] = "",
    file: File[UploadedFile] | None = None,
) -> Any:
    body = _body(request.auth, body_id)
    norm = norms.add_norm(body, title=title, document_number=document_number, upload=file, actor=request.auth)
    return Status(201, norm_out(norm))


@router.delete("/norms/{int:norm_id}", response=NO_CONTENT, summary=_("删除工作规范"))
@enforces(POLICY, "edit_norms")
def delete_norm(request: Any, norm_id: int) -> Any:
    norm = get_for(request.auth, WorkNorm.objects.all(), "view", pk=norm_id)
    norms.delete_norm(norm, actor=request.auth)
    return Status(204, None)


@router.post(
    "/imports",
    response={201: WorkflowImportOut, **ERROR_RESPONSES},
    summary=_("导入流程图(整份文件校验,有错则不导入)"),
)
@enforces(POLICY, "import")
def import_file(request: Any, file: File[UploadedFile], reason: Form[str] = "") -> Any:
    POLICY.require(request.auth, "import")
    with tempfile.NamedTemporaryFile(suffix="." + (file.name or "x.xlsx").rsplit(".", 1)[-1]) as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        result = imports.import_workflows(tmp.name, file.name or "", actor=request.auth, reason=reason)
    return Status(201, {"result": result})


def _scope(user: Any, unit: int | None, region: int | None) -> tuple[Unit | None, Region | None]:
    found_unit = get_for(user, Unit.objects.all(), "view", policy=POLICY, pk=unit) if unit is not None else None
    found_region = Region.objects.filter(pk=region).first() if region is not None else None
    if region is not None and found_region is None:
        raise invalid("region", _t("未找到该区划。"))
    return found_unit, found_region


@router.get(
    "/exports",
    response={200: None, **ERROR_RESPONSES},
    summary=_("导出流程图(Excel,导入的列)"),
    description=_("张数超过即时导出的上限时为 409,请用 POST /exports/jobs 在后台导出。"),
)
@enforces(POLICY, "export")
def export_file(
    request: Any, unit: int | None = None, region: int | None = None, latest: bool = False
) -> Any:
    found_unit, found_region = _scope(request.auth, unit, region)
    workflows = exportjob.chosen(request.auth, found_unit, found_region)
    count = workflows.count()
    if count > exportjob.inline_limit():
        raise ExportTooLarge(
            _t("共有 %(n)s 张流程图,超过即时导出的上限 %(limit)s 张,请用 POST /api/workflows/exports/jobs 在后台导出。")
            % {"n": count, "limit": exportjob.inline_limit()}
        )
    handle, name = exports.export(workflows, latest=latest)
    return FileResponse(handle, as_attachment=True, filename=name)


class ExportTooLarge(Refused):
    status_code = 409


class ExportJobIn(InputSchema):
    unit: int | None = Field(None, description=_("单位(不填:全部可见单位)"))
    region: int | None = Field(None, description=_("区划(含下级区划的单位)"))
    latest: bool = Field(False, description=_("导出正在修改的草稿(默认现行版本)"))
    background: bool | None = Field(None, description=_("true 总在后台;默认张数超过上限时在后台"))


class ExportJobOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    done: int
    total: int | None
    message: str
    file_url: str | None


def _job_out(job: Job) -> dict[str, Any]:
    progress = job.live_progress()
    ready = job.status == Job.Status.SUCCEEDED and bool(job.output_file)
    return {
        "id": job.pk, "title": job.title, "status": job.status, "status_label": job.get_status_display(),
        "done": progress.get("done") or 0, "total": progress.get("total"), "message": job.message,
        "file_url": f"/api/workflows/exports/jobs/{job.pk}/file" if ready else None,
    }  # fmt: skip


@router.post(
    "/exports/jobs",
    response={201: ExportJobOut, 202: ExportJobOut, **ERROR_RESPONSES},
    summary=_("在后台导出流程图(整个单位或区划)"),
    description=_("立即完成的为 201,进入后台的为 202;之后用 GET /exports/jobs/{id} 查询进度,完成后下载文件。"),
)
@enforces(POLICY, "export")
def start_export_job(request: Any, data: ExportJobIn) -> Any:
    POLICY.require(request.auth, "export")
    found_unit, found_region = _scope(request.auth, data.unit, data.region)
    job = exportjob.start_export(
        actor=request.auth, unit=found_unit, region=found_region, latest=data.latest, background=data.background
    )
    return Status(201 if job.is_finished else 202, _job_out(job))


def _visible_job(user: Any, job_id: int) -> Job:
    found: Job = get_for(user, Job.objects.filter(kind=exportjob.EXPORT_JOB), pk=job_id)
    reclaim(found)
    return found


@router.get("/exports/jobs/{int:job_id}", response={200: ExportJobOut, **ERROR_RESPONSES}, summary=_("导出任务的进度"))
def export_job(request: Any, job_id: int) -> Any:
    return _job_out(_visible_job(request.auth, job_id))


@router.get("/exports/jobs/{int:job_id}/file", response={200: None, **ERROR_RESPONSES}, summary=_("下载导出的文件"))
def export_job_file(request: Any, job_id: int) -> Any:
    job = _visible_job(request.auth, job_id)
    if job.status != Job.Status.SUCCEEDED or not job.output_file:
        raise ApiError(404, _t("该任务还没有可下载的文件。"))
    try:
        handle = open(job_path(job.output_file), "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError as exc:
        raise ApiError(404, _t("文件已不存在。")) from exc
    return FileResponse(handle, as_attachment=True, filename=job.output_file.rsplit("/", 1)[-1])
