"""Jobs recover: a job whose worker was killed is marked failed (nothing stored) instead of "running" for ever,
its user retries it with one click, `lvzhi worker` reclaims abandoned jobs at start, and the same file sent twice
while the first is pending runs once."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from lvzhi.core import jobs
from lvzhi.core.models import Job
from lvzhi.registry.io.importers import ImportOptions
from lvzhi.registry.io.services import start_import
from lvzhi.registry.models import InternalBody
from tests.registry_io.conftest import upload
from tests.registry_io.helpers import BODY_HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def dead_pid() -> int:
    """The pid of a process that has ended (a worker killed mid-job)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def abandoned_import(world):
    rows = [BODY_HEADER, ["LY001", "05", "督查科", "", 5, "是"]]
    job = start_import("bodies", upload(rows), actor=world.users.admin, options=ImportOptions(), background=True)
    # The worker claimed it and was killed before it finished: what the row looks like then.
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker=f"{os.uname().nodename}:{dead_pid()}", stage="校验并写入", done=1
    )
    return Job.objects.get(pk=job.pk)


def test_a_job_whose_worker_was_killed_is_shown_failed_and_retried_with_one_click(world, django_capture_on_commit_callbacks):
    job = abandoned_import(world)
    client = Client()
    client.force_login(world.users.admin)
    panel = client.get(f"/registry/io/jobs/{job.pk}/progress/").content.decode()
    assert "后台处理中断" in panel and "重试" in panel
    assert "hx-trigger" not in panel  # the page stops polling
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert not InternalBody.objects.filter(code="05").exists()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(f"/registry/io/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and len(queued) == 1
    jobs.run_job(job.pk, __import__("lvzhi.registry.io.jobs", fromlist=["handle_job"]).handle_job)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert InternalBody.objects.filter(code="05").exists()


def test_another_users_job_cannot_be_retried(world):
    job = abandoned_import(world)
    jobs.reclaim(job)
    client = Client()
    client.force_login(world.users.contact_a)
    assert client.post(f"/registry/io/jobs/{job.pk}/retry/").status_code == 404


def test_the_worker_reclaims_abandoned_jobs_when_it_starts(world):
    job = abandoned_import(world)
    call_command("worker", "--reclaim-only")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "未保存任何数据" in job.message


def test_a_running_job_with_a_live_heartbeat_is_left_alone(world):
    job = abandoned_import(world)
    Job.objects.filter(pk=job.pk).update(worker=jobs.this_worker())
    jobs.heartbeat_file(job.pk).parent.mkdir(parents=True, exist_ok=True)
    jobs.heartbeat_file(job.pk).touch()
    assert jobs.reclaim_abandoned() == 0
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_the_same_file_sent_twice_while_pending_runs_once(world):
    rows = [BODY_HEADER, ["LY001", "05", "督查科", "", 5, "是"]]
    first = start_import("bodies", upload(rows, "bodies.csv"), actor=world.users.admin, options=ImportOptions(), background=True)
    second = start_import("bodies", upload(rows, "bodies.csv"), actor=world.users.admin, options=ImportOptions(), background=True)
    assert second.pk == first.pk
    assert Job.objects.filter(kind="registry.import").count() == 1
