"""Registry import and export API, mounted at /api/registry/io/ (docs/import-formats.md).

    GET  /api/registry/io/kinds                  the five file kinds and their columns
    GET  /api/registry/io/templates/{kind}       the Excel import template
    POST /api/registry/io/imports                upload (multipart: kind, file, mode, allow_over_quota, background)
                                                 → 201 with the job (finished when it ran at once) or 202 (queued)
    GET  /api/registry/io/jobs                   the caller's jobs (office administrators: everybody's)
    GET  /api/registry/io/jobs/{id}              status, progress (done/total), errors, result
    GET  /api/registry/io/jobs/{id}/file         the export file, or an import's full error list (CSV)
    POST /api/registry/io/exports                {kind, format, background} → the job (file at …/file)
    GET  /api/registry/io/exports/{kind}         the export file itself, written during the request

Importing is for office administrators (403 for everybody else); exports cover the units the caller may see.
A job the caller may not see is a 404, as if it did not exist.
"""

from __future__ import annotations

import datetime
import tempfile
from typing import Literal

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, ApiError, invalid
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.core.jobs import job_path
from lvzhi.core.models import Job
from lvzhi.core.policy import enforces
from lvzhi.registry.policy import POLICY

from . import exporters, services
from .columns import KINDS
from .importers import MODES, ImportOptions

router = Router(tags=[gettext_lazy("机构编制导入导出")])

KindName = Literal["units", "bodies", "posts", "persons", "quotas"]
FormatName = Literal["xlsx", "csv"]
ModeName = Literal["upsert", "create", "update"]


class ColumnOut(Schema):
    header: str = Field(description=gettext_lazy("表头(中文)"))
    key: str
    type: str = Field(description="text、code、int、date、bool、enum")
    required: bool
    values: str = Field(description=gettext_lazy("可填写的值"))
    choices: list[dict] = Field(description=gettext_lazy("选项:code 与中文 label"))
    help: str


class KindOut(Schema):
    kind: str
    label: str
    identity: str
    notes: list[str]
    columns: list[ColumnOut]


class ErrorRow(Schema):
    row: int | None = Field(description=gettext_lazy("Excel 行号(表头为第 1 行)"))
    column: str = Field(description=gettext_lazy("Excel 列字母,缺少的列为空"))
    header: str = Field(description=gettext_lazy("列名"))
    reason: str


class JobOut(Schema):
    id: int
    kind: str = Field(description=gettext_lazy("registry.import 或 registry.export"))
    title: str
    status: str = Field(
        description=gettext_lazy(
            "queued 排队中、running 进行中、succeeded 已完成、rejected 已拒绝(未导入任何数据)、failed 出错"
        )
    )
    status_label: str
    stage: str
    done: int = Field(description=gettext_lazy("已处理行数"))
    total: int | None = Field(description=gettext_lazy("总行数(未知时为 null)"))
    params: dict
    input_name: str
    created_by: str | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    message: str
    result: dict = Field(
        description=gettext_lazy("导入:rows、created、updated、unchanged、audit_records、seconds;导出:rows")
    )
    error_count: int
    errors: list[ErrorRow] = Field(description=gettext_lazy("前 1000 处错误;完整清单见 file_url"))
    file_url: str | None = Field(description=gettext_lazy("导出文件或错误清单的下载地址"))


class ExportIn(Schema):
    kind: KindName
    format: FormatName = "xlsx"
    background: bool | None = Field(
        None, description=gettext_lazy("true 总在后台生成;false 总在请求中生成;默认按行数决定")
    )


def _job_out(job: Job) -> dict:
    progress = job.live_progress()
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "status_label": job.get_status_display(),
        "stage": progress.get("stage") or "",
        "done": progress.get("done") or 0,
        "total": progress.get("total"),
        "params": {k: v for k, v in job.params.items() if k != "source"},
        "input_name": job.input_name,
        "created_by": str(job.created_by) if job.created_by else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "message": job.message,
        "result": {k: v for k, v in job.result.items() if k != "message"},
        "error_count": job.error_count,
        "errors": job.errors,
        "file_url": f"/api/registry/io/jobs/{job.pk}/file" if job.output_file else None,
    }


def _visible_job(user, pk) -> Job:
    job = (
        Job.objects.visible_to(user)
        .select_related("created_by")
        .filter(pk=pk, kind__startswith="registry.")
        .first()
    )
    if job is None:
        raise ApiError(404, _("未找到该任务,或您无权访问。"))
    return job


def _attachment(response, filename: str):
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.get(
    "/kinds", response={200: list[KindOut], **ERROR_RESPONSES}, summary=gettext_lazy("可导入导出的内容及其列")
)
def kinds(request):
    return [
        {
            "kind": kind.key,
            "label": str(kind.label),
            "identity": str(kind.identity),
            "notes": [str(note) for note in kind.notes],
            "columns": [
                {
                    "header": c.header,
                    "key": c.key,
                    "type": c.type,
                    "required": c.required,
                    "values": c.describe_values(),
                    "choices": [{"code": code, "label": label} for code, label in c.choices],
                    "help": str(c.help),
                }
                for c in kind.columns
            ],
        }
        for kind in KINDS.values()
    ]


@router.get(
    "/templates/{kind}", response={200: None, **ERROR_RESPONSES}, summary=gettext_lazy("下载导入模板(Excel)")
)
def template(request, kind: KindName):
    response = HttpResponse(content_type=exporters.XLSX_CONTENT_TYPE)
    exporters.write_template(kind, response)
    return _attachment(response, exporters.template_file_name(kind))


@router.post(
    "/imports",
    response={201: JobOut, 202: JobOut, **ERROR_RESPONSES},
    summary=gettext_lazy("上传文件导入(整体校验,有错则不导入)"),
    description=gettext_lazy(
        "multipart/form-data:kind(units、bodies、posts、persons、quotas)、file(.xlsx 或 .csv)、"
        "mode(upsert 新增或更新,默认;create 仅新增;update 仅更新)、allow_over_quota(允许超编,默认 false)、"
        "background(true 总在后台处理;默认小文件立即处理)。"
        "返回任务:立即处理完的为 201(status 为 succeeded 或 rejected,rejected 时 errors 列出每处错误),"
        "进入后台的为 202,之后用 GET /jobs/{id} 查询进度。"
    ),
)
@enforces(POLICY, "import")
def create_import(
    request,
    kind: Form[KindName],
    file: File[UploadedFile],
    mode: Form[ModeName] = "upsert",
    allow_over_quota: Form[bool] = False,
    background: Form[bool | None] = None,
):
    user = request.auth
    POLICY.require(user, "import")
    if mode not in MODES:
        raise invalid("mode", _("导入方式无效。"))
    job = services.start_import(
        kind,
        file,
        actor=user,
        options=ImportOptions(mode=mode, allow_over_quota=allow_over_quota),
        background=background,
    )
    return Status(202 if not job.is_finished else 201, _job_out(job))


@router.get(
    "/jobs", response={200: Page[JobOut], **ERROR_RESPONSES}, summary=gettext_lazy("导入导出任务列表")
)
def jobs(request, page: Query[PageParams]):
    qs = (
        Job.objects.visible_to(request.auth).filter(kind__startswith="registry.").select_related("created_by")
    )
    data = paginate(qs, page)
    data["items"] = [_job_out(job) for job in data["items"]]
    return data


@router.get(
    "/jobs/{job_id}", response={200: JobOut, **ERROR_RESPONSES}, summary=gettext_lazy("任务状态、进度和错误")
)
def job(request, job_id: int):
    return _job_out(_visible_job(request.auth, job_id))


@router.get(
    "/jobs/{job_id}/file", response={200: None, **ERROR_RESPONSES}, summary=gettext_lazy("下载任务的文件")
)
def job_file(request, job_id: int):
    job = _visible_job(request.auth, job_id)
    if not job.output_file:
        raise ApiError(404, _("该任务没有可下载的文件。"))
    try:
        handle = open(job_path(job.output_file), "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError as exc:
        raise ApiError(404, _("文件已不存在。")) from exc
    name = job.output_file.rsplit("/", 1)[-1]
    content_type = exporters.CSV_CONTENT_TYPE if name.endswith(".csv") else exporters.XLSX_CONTENT_TYPE
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


@router.post(
    "/exports",
    response={201: JobOut, 202: JobOut, **ERROR_RESPONSES},
    summary=gettext_lazy("导出(生成文件的任务)"),
)
@enforces(POLICY, "export")
def create_export(request, payload: ExportIn):
    job = services.start_export(
        payload.kind, actor=request.auth, fmt=payload.format, background=payload.background
    )
    return Status(202 if not job.is_finished else 201, _job_out(job))


@router.get(
    "/exports/{kind}", response={200: None, **ERROR_RESPONSES}, summary=gettext_lazy("直接下载导出文件")
)
def export_now(request, kind: KindName, format: Query[FormatName] = "xlsx"):
    # Written to a temporary file that is removed once the response has been sent.
    tmp = tempfile.NamedTemporaryFile(suffix=f".{format}")  # noqa: SIM115 - FileResponse closes it
    exporters.export_to(kind, request.auth, tmp.name, fmt=format)
    tmp.seek(0)
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=exporters.export_file_name(kind, format),
        content_type=exporters.FORMATS[format],
    )
