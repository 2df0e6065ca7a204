"""Exporting many workflows (a whole unit's or a region's, Linyi has 42,530) as a background job
(lvzhi.core.jobs): the file is written by the worker with its progress (workflows done / to do) and downloaded
from the job's page; a small set is still written during the request. The rows are exports.rows, the file the
import's columns, for whoever asked (their `visible_to` at the time the job runs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lvzhi.core.jobs import Progress, create_job, enqueue, job_file_name, job_path, register_task, run_job
from lvzhi.core.models import Job
from lvzhi.registry.io.exporters import write_xlsx
from lvzhi.registry.models import Region, Unit

from . import exports, selectors
from .formats import WORKFLOWS
from .models import Workflow
from .policy import POLICY

EXPORT_JOB = "workflows.export"


def inline_limit() -> int:
    """Up to this many workflows the file is written in the request; more go to the worker."""
    return int(settings.WORKFLOWS_INLINE_EXPORT)


def chosen(user: Any, unit: Unit | None = None, region: Region | None = None) -> QuerySet[Workflow]:
    """The workflows a user sees, of one unit or of the units of a region and the regions below it."""
    workflows = selectors.workflows_of(user, unit)
    if region is not None:
        workflows = workflows.filter(
            Q(unit__region__path=region.path) | Q(unit__region__path__startswith=region.path + "/")
        )
    return workflows


def file_name() -> str:
    return f"{_('流程图')}_{timezone.localdate().isoformat()}.xlsx"


def start_export(
    *, actor: Any, unit: Unit | None = None, region: Region | None = None, latest: bool = False,
    background: bool | None = None,
) -> Job:  # fmt: skip
    """A job that writes the file: run now for a small set, queued (after commit) for a large one."""
    POLICY.require(actor, "export")
    count = chosen(actor, unit, region).count()
    where = unit.name if unit else region.name if region else _("全部可见单位")
    job = create_job(
        EXPORT_JOB,
        actor=actor,
        title=_("导出流程图:%(where)s(%(n)s张)") % {"where": where, "n": count},
        params={"unit": unit.pk if unit else None, "region": region.pk if region else None, "latest": latest,
                "count": count, "source": "workflows"},
    )  # fmt: skip
    if background is None:
        background = count > inline_limit()
    if background:
        enqueue(job, run_workflows_job)
    else:
        run_job(job.pk, handle_job)
        job.refresh_from_db()
    return job


def _counting(workflows: QuerySet[Workflow], latest: bool, progress: Progress) -> Iterator[list[Any]]:
    """exports.rows, advancing the progress once per workflow (its code is the second column)."""
    done, last = 0, None
    for row in exports.rows(workflows, latest):
        key = (row[0], row[1])
        if key != last:
            done += 1
            last = key
            progress.advance(done)
        yield row


def handle_job(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    user = job.created_by
    unit = Unit.objects.filter(pk=params.get("unit")).first() if params.get("unit") else None
    region = Region.objects.filter(pk=params.get("region")).first() if params.get("region") else None
    workflows = chosen(user, unit, region)
    total = workflows.count()
    progress.stage(_("写出流程图"), total=total)
    stored = job_file_name(job, file_name())
    rows = write_xlsx(WORKFLOWS, _counting(workflows, bool(params.get("latest")), progress), job_path(stored))
    job.output_file = stored
    progress.stage(_("完成"), total=total, done=total)
    return {"workflows": total, "rows": rows, "message": _("已导出 %(n)s 张流程图。") % {"n": total}}


@task()
def run_workflows_job(job_id: int) -> str:
    job = run_job(job_id, handle_job)
    return job.status if job is not None else "skipped"


register_task(EXPORT_JOB, run_workflows_job)
