"""Large files run as background jobs with progress; the job row says how far it got and how it ended."""

import pytest
from django.core.management import call_command
from django.db import transaction

from lvzhi.core.jobs import Progress, create_job, run_job
from lvzhi.core.models import Job
from lvzhi.registry.models import InternalBody

from .helpers import BODY_HEADER, run_import

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def body_rows(n):
    return [BODY_HEADER, *[["LY002", f"{i:03d}", f"科室{i}", "", i, "是"] for i in range(n)]]


def test_a_file_above_the_inline_size_waits_in_the_queue(world, settings):
    settings.REGISTRY_IMPORT_INLINE_BYTES = 100
    job = run_import("bodies", body_rows(20), world.users.admin, background=None)
    assert job.status == "queued"
    assert not InternalBody.objects.filter(unit=world.unit_b).exists()


def test_a_queued_import_is_run_by_the_task_once_the_upload_is_committed(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.REGISTRY_IMPORT_INLINE_BYTES = 100
    with django_capture_on_commit_callbacks(execute=True):
        job = run_import("bodies", body_rows(20), world.users.admin, background=None)
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert (job.stage, job.done, job.total) == ("完成", 20, 20)
    assert job.result["created"] == 20
    assert job.task_id
    assert InternalBody.objects.filter(unit=world.unit_b).count() == 20


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_import():
    from tests.factories import make_registry_world

    world = make_registry_world()
    job = run_import("bodies", body_rows(30), world.users.admin, background=True)
    assert Job.objects.get(pk=job.pk).status == "queued"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert job.result["created"] == 30
    assert InternalBody.objects.filter(unit=world.unit_b).count() == 30


def test_progress_reported_inside_the_import_transaction_is_visible_while_the_job_runs(world):
    job = create_job("registry.import", actor=world.users.admin, title="导入")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job.refresh_from_db()
    progress = Progress(job, interval=0)
    with transaction.atomic():
        progress.stage("校验并写入", total=1000)
        progress.advance(400)
        assert Job.objects.get(pk=job.pk).live_progress() == {
            "status": "running",
            "stage": "校验并写入",
            "done": 400,
            "total": 1000,
        }


def test_a_job_runs_once_however_often_its_task_is_delivered(world):
    calls = []

    def handler(job, progress):
        calls.append(job.pk)
        return {"message": "好了"}

    job = create_job("registry.import", actor=world.users.admin, title="导入")
    assert run_job(job.pk, handler).status == "succeeded"
    assert run_job(job.pk, handler) is None
    assert calls == [job.pk]


def test_a_job_that_breaks_is_marked_failed_with_the_reason(world):
    def handler(job, progress):
        raise RuntimeError("磁盘已满")

    job = create_job("registry.import", actor=world.users.admin, title="导入")
    finished = run_job(job.pk, handler)
    assert finished.status == "failed"
    assert finished.message == "处理时出错:磁盘已满"
    assert finished.finished_at is not None


def test_a_user_sees_only_the_jobs_they_started_and_an_office_admin_sees_all(world):
    mine = create_job("registry.export", actor=world.users.contact_a, title="导出")
    other = create_job("registry.export", actor=world.users.evaluator, title="导出")
    assert list(Job.objects.visible_to(world.users.contact_a)) == [mine]
    assert set(Job.objects.visible_to(world.users.admin)) == {mine, other}
