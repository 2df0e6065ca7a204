"""What a registry import or export job does once it runs, inline during the request or in the background
worker (lvzhi.registry.io.tasks); jobs are created and dispatched by lvzhi.registry.io.services."""

from django.utils.translation import gettext as _

from lvzhi.core import spreadsheets
from lvzhi.core.jobs import JobRejected, Progress, job_file_name, job_path
from lvzhi.core.models import Job

from . import exporters
from .importers import ImportOptions, ImportRejected, import_table
from .reader import FileUnreadable, open_table

IMPORT_JOB = "registry.import"
EXPORT_JOB = "registry.export"


def handle_job(job: Job, progress: Progress) -> dict:
    if job.kind == IMPORT_JOB:
        return _run_import(job, progress)
    if job.kind == EXPORT_JOB:
        return _run_export(job, progress)
    raise ValueError(f"unknown job kind {job.kind}")


def _run_import(job: Job, progress: Progress) -> dict:
    params = job.params
    options = ImportOptions(
        mode=params.get("mode", "upsert"), allow_over_quota=bool(params.get("allow_over_quota"))
    )
    progress.stage(_("读取文件"))
    def reopen():
        return open_table(job_path(job.input_file), job.input_name)

    try:
        table = reopen()
    except FileUnreadable as exc:
        raise JobRejected(str(exc), [{"row": None, "column": "", "header": "", "reason": str(exc)}]) from exc
    try:
        result = import_table(
            params["kind"],
            table,
            actor=job.created_by,
            options=options,
            progress=progress,
            reason=job.title,
            reopen=reopen,
        )
    except ImportRejected as exc:
        job.output_file = _write_errors(job, exc)
        raise JobRejected(exc.message, [e.as_dict() for e in exc.errors], exc.error_count) from exc
    finally:
        table.close()
    progress.stage(_("完成"), total=progress.total, done=result.rows)
    return result.as_dict()


def _write_errors(job: Job, exc: ImportRejected) -> str:
    stored = job_file_name(job, "errors.csv")
    with spreadsheets.open_csv(job_path(stored)) as writer:
        writer.writerow([_("行号"), _("列"), _("列名"), _("错误原因")])
        for e in exc.errors:
            writer.writerow([e.row, e.column, e.header, e.reason])
        if exc.error_count > len(exc.errors):
            more = exc.error_count - len(exc.errors)
            writer.writerow(["", "", "", _("另有 %(count)s 处错误未列出") % {"count": more}])
    return stored


def _run_export(job: Job, progress: Progress) -> dict:
    kind, fmt = job.params["kind"], job.params.get("format", "xlsx")
    stored = job_file_name(job, exporters.export_file_name(kind, fmt))
    rows = exporters.export_to(kind, job.created_by, job_path(stored), fmt=fmt, progress=progress)
    job.output_file = stored
    progress.stage(_("完成"), total=rows, done=rows)
    return {"kind": kind, "format": fmt, "rows": rows, "message": _("已导出 %(rows)s 行。") % {"rows": rows}}
