"""The background job of every unit report of a campaign: start it, follow its progress (htmx polls the panel),
download the zip, retry a failed job. All of it is the office's (`generate_reports`): the zip holds drafts."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.campaigns.models import Campaign
from lvzhi.core.jobs import job_path, reclaim, retry_job
from lvzhi.core.models import Job
from lvzhi.core.policy import enforces, get_for

from . import batch
from .policy import POLICY


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign: Campaign = get_for(request.user, Campaign, pk=pk)
    POLICY.require(request.user, "generate_reports", campaign)
    return campaign


def _job(request: HttpRequest, campaign: Campaign, job: int) -> Job:
    jobs = Job.objects.select_related("created_by").filter(kind=batch.BATCH_JOB, params__campaign=campaign.pk)
    found: Job = get_for(request.user, jobs, pk=job)
    return found


def _context(campaign: Campaign, job: Job) -> dict[str, object]:
    progress = job.live_progress()
    total = progress.get("total")
    return {
        "campaign": campaign,
        "job": job,
        "progress": progress,
        "percent": min(100, int(100 * progress["done"] / total)) if total else None,
        "result": job.result,
    }


@enforces(POLICY, "generate_reports")
@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    job = batch.start_batch(campaign, actor=request.user, formats=request.POST.get("formats", "docx"))
    return redirect("reports:batch", pk=campaign.pk, job=job.pk)


@enforces(POLICY, "generate_reports")
@login_required
@require_GET
def page(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render(request, "reports/batch.html", _context(campaign, _job(request, campaign, job)))


@enforces(POLICY, "generate_reports")
@login_required
@require_GET
def progress(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    """The status panel alone, for htmx polling; a job whose worker is gone is marked failed here."""
    campaign = _campaign(request, pk)
    found = _job(request, campaign, job)
    reclaim(found)
    return render(request, "reports/_batch_status.html", _context(campaign, found))


@enforces(POLICY, "generate_reports")
@login_required
@require_GET
def download(request: HttpRequest, pk: int, job: int) -> FileResponse:
    campaign = _campaign(request, pk)
    found = _job(request, campaign, job)
    if found.status != Job.Status.SUCCEEDED or not found.output_file:
        raise Http404
    try:
        handle = open(job_path(found.output_file), "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError as exc:
        raise Http404 from exc
    name = _("%(name)s单位评估报告.zip") % {"name": campaign.name}
    return FileResponse(handle, as_attachment=True, filename=Path(name).name, content_type="application/zip")


@enforces(POLICY, "generate_reports")
@login_required
@require_POST
def retry(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    found = retry_job(_job(request, campaign, job), actor=request.user)
    return redirect("reports:batch", pk=campaign.pk, job=found.pk)
