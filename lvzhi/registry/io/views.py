"""Pages for registry import and export: the upload page with templates and exports, a job's progress page
(polled with htmx while it runs) and its downloads. Importing is for office administrators; exporting is for
every signed-in user and covers the units they may see."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.jobs import job_path, reclaim, retry_job
from lvzhi.core.models import Job
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.policy import POLICY

from . import exporters, services
from .columns import KINDS
from .forms import ExportForm, ImportForm
from .importers import ImportOptions

RECENT_JOBS = 20


@enforces(POLICY, "import")
@login_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    """导入导出: templates, the upload form, exports and the user's recent jobs. Everyone exports; only the
    roles of the "import" rule see the upload form and may post it."""
    user = request.user
    form = None
    may_import = POLICY.allowed(user, "import")
    if may_import:
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                job = services.start_import(
                    data["kind"],
                    data["file"],
                    actor=user,
                    options=ImportOptions(mode=data["mode"], allow_over_quota=data["allow_over_quota"]),
                )
                return redirect("registry_io:job_detail", pk=job.pk)
        else:
            form = ImportForm(initial={"kind": request.GET.get("kind", "units")})
    elif request.method == "POST":
        POLICY.require(user, "import")
    kinds = [{"kind": kind, "count": exporters.count_rows(kind.key, user)} for kind in KINDS.values()]
    jobs = Job.objects.visible_to(user).filter(kind__startswith="registry.").select_related("created_by")
    return render(
        request,
        "registry_io/import_list.html",
        {
            "form": form,
            "kinds": kinds,
            "jobs": jobs[:RECENT_JOBS],
            "inline_rows": services.inline_export_rows(),
            "may_import": may_import,
        },
    )


@login_required
@require_GET
def template_download(request, kind):
    if kind not in KINDS:
        raise Http404
    response = HttpResponse(content_type=exporters.XLSX_CONTENT_TYPE)
    exporters.write_template(kind, response)
    _attachment(response, exporters.template_file_name(kind))
    return response


@enforces(POLICY, "export")
@login_required
@require_POST
def export(request, kind):
    """Small exports download at once; large ones become a job and the user is taken to its page."""
    if kind not in KINDS:
        raise Http404
    form = ExportForm(request.POST)
    fmt = form.cleaned_data["format"] if form.is_valid() else "xlsx"
    job = services.start_export(kind, actor=request.user, fmt=fmt)
    if job.status == Job.Status.SUCCEEDED and job.output_file:
        return _file_response(job)
    return redirect("registry_io:job_detail", pk=job.pk)


@login_required
@require_GET
def job_detail(request, pk):
    job = get_for(request.user, Job.objects.select_related("created_by"), pk=pk)
    if not job.kind.startswith("registry."):
        raise Http404
    return render(request, "registry_io/job_detail.html", _job_context(job))


@login_required
@require_GET
def job_progress(request, pk):
    """The status panel alone, for htmx polling; it stops polling once the job has finished (or its worker is
    found gone: then the job is marked failed and offers a retry)."""
    job = get_for(request.user, Job.objects.select_related("created_by"), pk=pk)
    if not job.kind.startswith("registry."):
        raise Http404
    reclaim(job)
    return render(request, "registry_io/_job_status.html", _job_context(job))


@enforces(POLICY, "export")
@login_required
@require_POST
def job_retry(request, pk):
    """One click: a failed job (its worker was killed, or the database refused) is queued again."""
    job = get_for(request.user, Job.objects.select_related("created_by"), pk=pk)
    if not job.kind.startswith("registry."):
        raise Http404
    if job.kind == "registry.import":
        POLICY.require(request.user, "import")
    retry_job(job, actor=request.user)
    return redirect("registry_io:job_detail", pk=job.pk)


@login_required
@require_GET
def job_file(request, pk):
    job = get_for(request.user, Job.objects.all(), pk=pk)
    if not job.kind.startswith("registry.") or not job.output_file:
        raise Http404
    return _file_response(job)


def _job_context(job: Job) -> dict:
    progress = job.live_progress()
    total = progress.get("total")
    percent = min(100, int(100 * progress["done"] / total)) if total else None
    kind = KINDS.get(job.params.get("kind", ""))
    return {
        "job": job,
        "progress": progress,
        "percent": percent,
        "kind": kind,
        "is_import": job.kind == services.IMPORT_JOB,
        "result": job.result,
        "errors": job.errors,
        "more_errors": max(job.error_count - len(job.errors), 0),
    }


def _file_response(job: Job):
    path = job_path(job.output_file)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError as exc:
        raise Http404 from exc
    name = Path(job.output_file).name
    if job.kind == services.IMPORT_JOB:
        stem = Path(job.input_name).stem or _("导入")
        name = _("%(file)s_错误清单.csv") % {"file": stem}
    content_type = exporters.CSV_CONTENT_TYPE if name.endswith(".csv") else exporters.XLSX_CONTENT_TYPE
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


def _attachment(response, filename: str) -> None:
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
