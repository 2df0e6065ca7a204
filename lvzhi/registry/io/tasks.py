"""The background task that runs registry import and export jobs (`lvzhi db_worker` executes it)."""

from django_tasks import task

from lvzhi.core.jobs import register_task, run_job

from .jobs import EXPORT_JOB, IMPORT_JOB, handle_job


@task()
def run_registry_job(job_id: int) -> str:
    job = run_job(job_id, handle_job)
    return job.status if job is not None else "skipped"


register_task(IMPORT_JOB, run_registry_job)
register_task(EXPORT_JOB, run_registry_job)
