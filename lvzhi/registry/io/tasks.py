"""The background task that runs registry import and export jobs (`lvzhi db_worker` executes it)."""

from django_tasks import task

from lvzhi.core.jobs import run_job

from .jobs import handle_job


@task()
def run_registry_job(job_id: int) -> str:
    job = run_job(job_id, handle_job)
    return job.status if job is not None else "skipped"
