"""Background jobs with progress (NetBox style): a Job row per piece of work, run by a django-tasks task.

    job = create_job("registry.import", actor=user, title="导入单位 units.xlsx", params={...})
    enqueue(job, run_registry_job)          # after commit; `lvzhi db_worker` picks it up
    ...
    @task()
    def run_registry_job(job_id):
        run_job(job_id, handler)            # handler(job, progress) -> result dict, or raise JobRejected

Progress is reported through `Progress`: outside a transaction it is written to the Job row; inside one (an
atomic import holds its transaction to the end, and on SQLite no other connection may write meanwhile) it goes
to a small JSON file beside the job's files, which `Job.live_progress` prefers while the job runs. A web server on
another machine than the worker, without the shared media directory, sees the row's last figures until the job
ends.
"""

import datetime
import json
import logging
import os
import socket
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.audit.context import audit_context

from .errors import Invalid
from .models import Job, progress_file

logger = logging.getLogger(__name__)

# Errors kept on the Job row for display; every error is also written to the job's error file.
STORED_ERRORS = 1000


class JobRejected(Invalid):
    """The input was refused as a whole (nothing was stored); `errors` lists every reason, as the job keeps them."""

    def __init__(self, message: str, errors: list[dict] | None = None, error_count: int | None = None):
        super().__init__(message)
        self.errors = errors or []
        self.error_count = error_count if error_count is not None else len(self.errors)


def job_dir(job: Job) -> Path:
    path = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


def job_file_name(job: Job, name: str) -> str:
    """The stored name (relative to MEDIA_ROOT) of a file that belongs to the job."""
    job_dir(job)
    return f"jobs/{job.pk}/{name}"


def job_path(stored_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / stored_name


def create_job(kind: str, *, actor, title: str, params: dict | None = None, input_name: str = "") -> Job:
    return Job.objects.create(
        kind=kind,
        title=title[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        params=params or {},
        input_name=input_name[:255],
    )


def enqueue(job: Job, task) -> None:
    """Hand the job to the task queue once the surrounding transaction (if any) has committed."""

    def _send():
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(_send)


class Progress:
    """Rows done of total, and the current stage, reported at most every `interval` seconds."""

    def __init__(self, job: Job, interval: float = 0.5):
        self.job = job
        self.interval = interval
        self.stage_name = job.stage
        self.done = job.done
        self.total = job.total
        self._last = 0.0

    def stage(self, name: str, total: int | None = None, done: int = 0) -> None:
        self.stage_name = name
        self.total = total
        self.done = done
        self._write()

    def advance(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if time.monotonic() - self._last >= self.interval:
            self._write()

    def _write(self) -> None:
        self._last = time.monotonic()
        data = {"stage": self.stage_name, "done": self.done, "total": self.total}
        if connection.in_atomic_block:
            path = progress_file(self.job.pk)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, path)
        else:
            Job.objects.filter(pk=self.job.pk).update(
                stage=self.stage_name[:60], done=self.done, total=self.total
            )
            progress_file(self.job.pk).unlink(missing_ok=True)


# A running job's worker touches the job's heartbeat file this often; a job whose heartbeat is older than the
# lease (or whose worker process on this host is gone) was abandoned: its worker was killed.
HEARTBEAT_SECONDS = 10
LEASE_SECONDS = 120
# What a job knows about running: its kind → the task that runs it (registered by the room that owns the kind).
TASKS: dict = {}


def register_task(kind: str, task) -> None:
    TASKS[kind] = task


def heartbeat_file(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job_id) / "heartbeat"


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


class _Heartbeat(threading.Thread):
    """Touches the heartbeat file (not the database: an atomic import on SQLite holds the write lock)."""

    def __init__(self, job_id: int):
        super().__init__(daemon=True, name=f"job-{job_id}-heartbeat")
        self.path = heartbeat_file(job_id)
        self.stopped = threading.Event()

    def beat(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()

    def run(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            self.beat()


def _worker_gone(worker: str) -> bool:
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def is_abandoned(job: Job, now: datetime.datetime | None = None) -> bool:
    if job.status != Job.Status.RUNNING:
        return False
    if job.worker and _worker_gone(job.worker):
        return True
    now = now or timezone.now()
    beat = heartbeat_file(job.pk)
    try:
        last = datetime.datetime.fromtimestamp(beat.stat().st_mtime, tz=datetime.UTC)
    except FileNotFoundError:
        last = job.started_at or job.created_at
    return (now - last).total_seconds() > LEASE_SECONDS


ABANDONED_MESSAGE = gettext_lazy("后台处理中断(处理它的后台程序已停止),未保存任何数据。可以点击“重试”重新处理。")


def reclaim(job: Job) -> bool:
    """Mark `job` failed if its worker is gone; True when it was."""
    if not is_abandoned(job):
        return False
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, finished_at=timezone.now(), message=str(ABANDONED_MESSAGE)
    )
    if updated:
        logger.warning("后台任务 %s 已中断(执行进程 %s 不在了),标记为出错", job.pk, job.worker)
        job.refresh_from_db()
    return bool(updated)


def reclaim_abandoned() -> int:
    """Every running job whose worker is gone is marked failed (at `make run` and at a worker's start)."""
    return sum(reclaim(job) for job in Job.objects.filter(status=Job.Status.RUNNING))


def retry_job(job: Job, *, actor) -> Job:
    """Queue a failed job again (its user or an administrator; the caller has looked it up with get_for)."""
    if job.status != Job.Status.FAILED or job.kind not in TASKS:
        raise Invalid(_("只有出错的任务可以重试。"))
    Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED, started_at=None, finished_at=None, message="", worker="", stage="", done=0
    )
    heartbeat_file(job.pk).unlink(missing_ok=True)
    job.refresh_from_db()
    enqueue(job, TASKS[job.kind])
    return job


def run_job(job_id: int, handler) -> Job | None:
    """Run `handler(job, progress)` for a queued job once; a job already started or finished is left alone.

    The handler returns a result dict (stored on the job) or raises JobRejected (status 已拒绝, with the errors).
    Any other exception marks the job 出错 with its message. Audit records name the user who started the job.
    """
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), worker=this_worker()
    )
    if not claimed:
        return None
    job = Job.objects.select_related("created_by").get(pk=job_id)
    progress = Progress(job)
    heartbeat = _Heartbeat(job.pk)
    heartbeat.beat()
    heartbeat.start()
    try:
        with audit_context(actor=job.created_by, source=job.params.get("source", "job"), reason=job.title):
            result = handler(job, progress)
    except JobRejected as exc:
        job.status = Job.Status.REJECTED
        job.message = exc.message
        job.errors = exc.errors[:STORED_ERRORS]
        job.error_count = exc.error_count
    except Exception as exc:
        logger.exception("后台任务 %s(%s)出错", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.message = (_("处理时出错:%(error)s") % {"error": exc})[:2000]
    else:
        job.status = Job.Status.SUCCEEDED
        job.result = result or {}
        job.message = (result or {}).get("message", "")
    finally:
        heartbeat.stopped.set()
    job.finished_at = timezone.now()
    job.stage = progress.stage_name[:60]
    job.done = progress.done
    job.total = progress.total
    job.save()
    progress_file(job.pk).unlink(missing_ok=True)
    return job
