"""The workflows file: import (atomic; row and column errors listed) and export (Excel, the import's columns).
Thin: form in, import or export, template or file out."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from lvzhi.core.errors import Invalid
from lvzhi.core.jobs import job_path, reclaim
from lvzhi.core.models import Job
from lvzhi.core.policy import enforces, get_for, requires
from lvzhi.registry.models import Region, Unit

from . import exportjob, exports, imports
from .forms import ImportForm
from .policy import POLICY

RESULT_LABELS = {
    "rows": _("行"), "workflows": _("流程图"), "created": _("新建流程图"), "new_versions": _("新建版本"),
    "steps": _("环节"),
}  # fmt: skip


@login_required
@requires(POLICY, "import")
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result: list[tuple[str, int]] = []
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = "." + (upload.name or "x.xlsx").rsplit(".", 1)[-1]
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                counts = imports.import_workflows(
                    tmp.name, upload.name, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except Invalid as exc:
                errors = list(getattr(exc, "errors", []))
                form.add_error(None, exc.message)
            else:
                result = [(str(RESULT_LABELS.get(k, k)), v) for k, v in counts.items()]
    return render(request, "workflows/import.html", {"form": form, "result": result, "errors": errors[:200]})


def _scope(request: HttpRequest) -> tuple[Unit | None, Region | None, bool]:
    """?unit= or ?region= (GET, or the POST that starts the job) and ?latest=1."""
    data = request.POST if request.method == "POST" else request.GET
    unit = region = None
    try:
        if data.get("unit"):
            unit = get_for(request.user, Unit.objects.all(), "view", policy=POLICY, pk=int(data["unit"]))
        if data.get("region"):
            region = Region.objects.filter(pk=int(data["region"])).first()
            if region is None:
                raise Invalid(str(_("单位或区划无法识别。")), field="region")
    except ValueError as exc:
        raise Invalid(str(_("单位或区划无法识别。")), field="unit") from exc
    return unit, region, data.get("latest") == "1"


@enforces(POLICY, "export")
@login_required
@require_http_methods(["GET", "POST"])
def export_page(request: HttpRequest) -> HttpResponse:
    """The workflows the user sees (or one unit's, ?unit=, or a region's, ?region=): the version in force, or the
    draft with ?latest=1. A small set downloads at once; a large one is written by the background worker (POST
    starts the job, its page follows the progress and offers the file)."""
    POLICY.require(request.user, "export")
    unit, region, latest = _scope(request)
    if request.method == "POST":
        job = exportjob.start_export(actor=request.user, unit=unit, region=region, latest=latest, background=True)
        return redirect("workflows:export_job", pk=job.pk)
    count = exportjob.chosen(request.user, unit, region).count()
    if count <= exportjob.inline_limit():
        handle, name = exports.export(exportjob.chosen(request.user, unit, region), latest=latest)
        return FileResponse(handle, as_attachment=True, filename=name)
    where = unit.name if unit else region.name if region else _("全部可见单位")
    context = {"count": count, "where": where, "unit": unit, "region": region, "latest": latest, "limit": exportjob.inline_limit(),
               "jobs": _recent(request)}  # fmt: skip
    return render(request, "workflows/export.html", context)


def _recent(request: HttpRequest) -> Any:
    return Job.objects.visible_to(request.user).filter(kind=exportjob.EXPORT_JOB, created_by=request.user)[:5]


def _job(request: HttpRequest, pk: int) -> Job:
    found: Job = get_for(request.user, Job.objects.filter(kind=exportjob.EXPORT_JOB).select_related("created_by"), pk=pk)
    return found


def _job_context(job: Job) -> dict[str, Any]:
    progress = job.live_progress()
    total = progress.get("total")
    percent = min(100, int(100 * progress["done"] / total)) if total else None
    return {"job": job, "progress": progress, "percent": percent, "params": job.params}


@login_required
@require_safe
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "workflows/export_job.html", _job_context(_job(request, pk)))


@login_required
@require_safe
def export_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status panel alone, for htmx polling; a job whose worker is gone is marked failed here."""
    job = _job(request, pk)
    reclaim(job)
    return render(request, "workflows/_export_status.html", _job_context(job))


@login_required
@require_safe
def export_job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != Job.Status.SUCCEEDED or not job.output_file:
        raise Http404
    try:
        handle = open(job_path(job.output_file), "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=Path(job.output_file).name)
