"""Every unit report of a campaign at once, in the background: one job (lvzhi.core.jobs, kind "reports.batch") that
renders each unit's report — Word, and PDF when asked — into one zip, with a progress bar on its page. A unit
whose report fails is listed (unit and reason, in the job's result and in the zip's 生成失败清单.txt) and the
others go on; the job fails only when nothing could be rendered at all.

The zip holds the office's drafts as well as released reports, so starting the job is the office's
(`generate_reports`) and its page and file are read by those who read every report (`campaign_report`), among
the jobs lvzhi.core.models.Job shows them (an administrator's, or their own)."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.campaigns.models import Campaign, UnitResult
from lvzhi.core.errors import Invalid
from lvzhi.core.jobs import Progress, create_job, enqueue, job_file_name, job_path, register_task, run_job

__all__ = ["BATCH_JOB", "FAILURES_NAME", "handle_job", "job_path", "run_reports_job", "start_batch"]
from lvzhi.core.models import Job

from . import renderpool, unitreport
from .models import UnitReport
from .policy import POLICY

BATCH_JOB = "reports.batch"
FORMATS = {"docx": gettext_lazy("Word"), "docx+pdf": gettext_lazy("Word 和 PDF")}
FAILURES_NAME = "生成失败清单.txt"


def start_batch(campaign: Campaign, *, actor: Any, formats: str = "docx", background: bool = True) -> Job:
    """Queue the job of every unit report of the campaign (after commit); `background=False` runs it now."""
    POLICY.require(actor, "generate_reports", campaign)
    if formats not in FORMATS:
        raise Invalid(_("请选择报告格式。"), field="formats")
    if not UnitResult.objects.filter(campaign=campaign).exists():
        raise Invalid(_("该活动还没有评估结果,请先计算结果。"))
    pending: Job | None = Job.objects.filter(
        kind=BATCH_JOB, params__campaign=campaign.pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).first()
    if pending is not None:
        return pending  # a second click while the first is pending
    with transaction.atomic(), audit_context(actor=actor):
        job: Job = create_job(
            BATCH_JOB,
            actor=actor,
            title=_("生成%(name)s全部单位评估报告(%(formats)s)")
            % {"name": campaign.name, "formats": FORMATS[formats]},
            params={"campaign": campaign.pk, "formats": formats, "source": "reports"},
        )
        record_event("reports.batch_started", campaign, after={"formats": formats, "job": job.pk})
        if background:
            enqueue(job, run_reports_job)
    if not background:
        run_job(job.pk, handle_job)
        job.refresh_from_db()
    return job


def _unit_data(
    campaign: Campaign, results: list[UnitResult], figures: Any, reports: dict[int, UnitReport]
) -> Iterator[Any]:
    """Each unit's read model, read here (the render processes do not use the database)."""
    for result in results:
        try:
            yield (
                result,
                unitreport.build(campaign, result, figures, report=reports.get(result.unit_id)),
                None,
            )
        except Exception as exc:  # one unit's failure is reported and the others go on
            yield result, None, str(exc)[:300]


def handle_job(job: Job, progress: Progress) -> dict[str, Any]:
    campaign = Campaign.objects.select_related("region").get(pk=job.params["campaign"])
    with_pdf = job.params.get("formats") == "docx+pdf"
    results = list(
        UnitResult.objects.filter(campaign=campaign)
        .select_related("unit", "category", "scheme_version")
        .order_by("category__order", "rank", "unit__code")
    )
    reports = {r.unit_id: r for r in UnitReport.objects.filter(campaign=campaign)}
    processes = settings.REPORTS_RENDER_PROCESSES
    if len(results) < settings.REPORTS_RENDER_PARALLEL_FROM:
        processes = 1
    progress.stage(_("汇总本类别平均分"), total=len(results))
    figures = unitreport.campaign_figures(campaign)
    progress.stage(_("生成报告"), total=len(results))
    stored = job_file_name(job, "reports.zip")
    failed: list[dict[str, str]] = []
    done = 0
    started = time.perf_counter()
    rendered = renderpool.render(_unit_data(campaign, results, figures, reports), with_pdf, processes)
    with zipfile.ZipFile(job_path(stored), "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (result, files, reason) in enumerate(rendered, start=1):
            if files is None:
                failed.append({"unit": result.unit.name, "code": result.unit.code, "reason": reason or ""})
            else:
                for name, content in files:
                    archive.writestr(name, content)
                done += 1
            progress.advance(i)
        if failed:
            lines = [_("以下单位的报告未能生成:")] + [
                f"{f['code']} {f['unit']}:{f['reason']}" for f in failed
            ]
            archive.writestr(FAILURES_NAME, "\n".join(lines) + "\n")
    if not done:
        raise RuntimeError(
            _("没有生成任何报告:%(reason)s") % {"reason": failed[0]["reason"] if failed else ""}
        )
    job.output_file = stored
    progress.stage(_("完成"), total=len(results), done=len(results))
    message = _("已生成%(done)s个单位的评估报告。") % {"done": done}
    if failed:
        message += _("%(n)s个单位未能生成,见失败清单。") % {"n": len(failed)}
    return {
        "message": message,
        "units": len(results),
        "done": done,
        "failed": failed,
        "seconds": round(time.perf_counter() - started, 1),
    }


@task()
def run_reports_job(job_id: int) -> str:
    job = run_job(job_id, handle_job)
    return job.status if job is not None else "skipped"


register_task(BATCH_JOB, run_reports_job)


def campaign_of(job: Job) -> int | None:
    value = job.params.get("campaign") if job.kind == BATCH_JOB else None
    return int(value) if value is not None else None
