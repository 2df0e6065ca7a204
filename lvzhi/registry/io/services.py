"""Entry points for imports and exports: the views, the API and the management commands call these. An upload
becomes a Job; small files run at once, large ones in the background worker (what a job does: .jobs)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.core.jobs import create_job, enqueue, job_file_name, job_path, run_job
from lvzhi.core.models import Job

from . import exporters
from .columns import KINDS
from .importers import ImportOptions, ImportResult, import_table
from .jobs import EXPORT_JOB, IMPORT_JOB, handle_job
from .reader import SUFFIXES, open_table
from .tasks import run_registry_job


class UploadRefused(Invalid):
    """The upload cannot be taken at all (wrong kind of file, empty, too large); the message says why. Names the
    `file` field (422 in the API, the form's file field on the page)."""

    def __init__(self, message: str, field: str = "file"):
        super().__init__(message, field=field)


# Uploads up to this size are imported during the request; larger ones by the background worker.
DEFAULT_INLINE_BYTES = 256 * 1024
# Exports of up to this many rows are written during the request; larger ones by the background worker.
DEFAULT_INLINE_EXPORT_ROWS = 20000


# Larger uploads are refused (a province's million persons is about 35 MB as .xlsx, 80 MB as CSV).
DEFAULT_MAX_BYTES = 300 * 1024 * 1024


def max_import_bytes() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(name: str, size: int) -> None:
    """Refuse, with the reason in Chinese, a file that cannot be an import (raises UploadRefused)."""
    suffix = Path(name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(
            _("不支持的文件类型“%(suffix)s”,请上传 Excel(.xlsx)或 CSV 文件")
            % {"suffix": suffix or _("无扩展名")}
        )
    if not size:
        raise UploadRefused(_("文件是空的"))
    limit = max_import_bytes()
    if size > limit:
        raise UploadRefused(
            _("文件过大(%(size)s MB),单个文件不能超过 %(limit)s MB,请分成几个文件导入")
            % {"size": round(size / 1048576), "limit": limit // 1048576}
        )


def import_reason(kind: str, file_name: str) -> str:
    """The job's title and the reason its audit records give: what was imported from which file."""
    return _("导入%(kind)s:%(file)s") % {"kind": KINDS[kind].label, "file": file_name}


def inline_import_bytes() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_INLINE_BYTES", DEFAULT_INLINE_BYTES))


def inline_export_rows() -> int:
    return int(getattr(settings, "REGISTRY_EXPORT_INLINE_ROWS", DEFAULT_INLINE_EXPORT_ROWS))


def import_file(
    kind: str, path, *, actor=None, options: ImportOptions | None = None, name: str = "", progress=None
) -> ImportResult:
    """Import a file from disk. Raises ImportRejected (with every error) or FileUnreadable; stores nothing then."""
    table = open_table(path, name or str(path))
    try:
        return import_table(
            kind,
            table,
            actor=actor,
            options=options,
            progress=progress,
            reason=import_reason(kind, name or Path(path).name),
            reopen=lambda: open_table(path, name or str(path)),
        )
    finally:
        table.close()


def start_import(kind: str, upload, *, actor, options: ImportOptions, background: bool | None = None) -> Job:
    """Store the upload and create its job; run it now when it is small (or `background` is False), else queue it.

    `upload` is a Django UploadedFile. Returns the job (finished when it ran inline).
    """
    if kind not in KINDS:
        raise UploadRefused(_("未知的导入类型"), field="kind")
    name = Path(upload.name or "").name
    check_upload(name, upload.size)
    suffix = Path(name).suffix.lower()
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    pending = Job.objects.filter(
        kind=IMPORT_JOB,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        params__sha256=sha256,
        params__kind=kind,
        params__mode=options.mode,
    ).first()
    if pending is not None:
        return pending  # the same file sent twice (a double click, a second tab) while the first is pending
    job = create_job(
        IMPORT_JOB,
        actor=actor,
        title=import_reason(kind, name),
        params={
            "kind": kind,
            "mode": options.mode,
            "allow_over_quota": options.allow_over_quota,
            "source": "import",
            "sha256": sha256,
        },
        input_name=name,
    )
    stored = job_file_name(job, f"upload{suffix}")
    with open(job_path(stored), "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    job.input_file = stored
    job.save(update_fields=["input_file"])
    if background is None:
        background = upload.size > inline_import_bytes()
    return _dispatch(job, background)


def start_export(kind: str, *, actor, fmt: str = "xlsx", background: bool | None = None) -> Job:
    if kind not in KINDS:
        raise UploadRefused(_("未知的导出类型"), field="kind")
    job = create_job(
        EXPORT_JOB,
        actor=actor,
        title=_("导出%(kind)s(%(format)s)") % {"kind": KINDS[kind].label, "format": fmt},
        params={"kind": kind, "format": fmt, "source": "export"},
    )
    if background is None:
        background = exporters.count_rows(kind, actor) > inline_export_rows()
    return _dispatch(job, background)


def _dispatch(job: Job, background: bool) -> Job:
    if background:
        enqueue(job, run_registry_job)
        return job
    run_job(job.pk, handle_job)
    job.refresh_from_db()
    return job
