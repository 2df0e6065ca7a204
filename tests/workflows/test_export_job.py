"""Exporting a whole unit's or region's workflows runs as a background job (lvzhi.core.jobs): the page and the API
start it, the worker writes the file with its progress, its page and the API offer the file; a small set still
downloads at once."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from lvzhi.core.models import Job
from lvzhi.workflows import actions, exportjob

from .conftest import BEFORE

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def three(flow):
    """Three workflows of unit_a in force, each with the 6 steps and 3 sub-steps of BEFORE (9 rows each)."""
    for n in range(1, 4):
        version = flow.draw(flow.new(code=f"LC-{n}", name=f"流程{n}").versions.get(), BEFORE)
        actions.adopt(version, valid_from=datetime.date(2026, 1, 5), actor=flow.admin)
    return flow


def rows_of(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]


def test_a_large_set_goes_to_the_worker_and_its_page_offers_the_file(
    three, login, settings, django_capture_on_commit_callbacks
):
    settings.WORKFLOWS_INLINE_EXPORT = 2
    settings.TASKS = IMMEDIATE
    client = login(three.admin)
    page = client.get("/workflows/export/", {"unit": three.world.unit_a.pk})
    assert page.status_code == 200 and "共有 3 张流程图" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/workflows/export/", {"unit": three.world.unit_a.pk})
    job = Job.objects.get(kind=exportjob.EXPORT_JOB)
    assert started.status_code == 302 and started["Location"] == f"/workflows/export/jobs/{job.pk}/"
    assert job.status == "succeeded", job.message
    assert (job.done, job.total, job.result["workflows"]) == (3, 3, 3)
    detail = client.get(started["Location"]).content.decode()
    assert "已导出 3 张流程图" in detail and f"/workflows/export/jobs/{job.pk}/file/" in detail
    rows = rows_of(b"".join(client.get(f"/workflows/export/jobs/{job.pk}/file/").streaming_content))
    assert len(rows) == 30 and {r[1] for r in rows} == {"LC-1", "LC-2", "LC-3"}
    # another user does not see the job
    assert login(three.world.users.contact_b).get(started["Location"]).status_code == 404


def test_a_small_set_downloads_at_once(three, login, settings):
    settings.WORKFLOWS_INLINE_EXPORT = 5
    answer = login(three.admin).get("/workflows/export/", {"unit": three.world.unit_a.pk})
    assert answer.status_code == 200 and answer["Content-Disposition"].startswith("attachment")
    assert len(rows_of(b"".join(answer.streaming_content))) == 30
    assert not Job.objects.filter(kind=exportjob.EXPORT_JOB).exists()


def test_the_api_starts_the_job_and_refuses_a_large_set_in_the_request(
    three, login, settings, django_capture_on_commit_callbacks
):
    settings.WORKFLOWS_INLINE_EXPORT = 2
    settings.TASKS = IMMEDIATE
    client = login(three.admin)
    refused = client.get("/api/workflows/exports", {"region": three.world.laiyang.pk})
    assert refused.status_code == 409 and "POST /api/workflows/exports/jobs" in refused.json()["detail"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = client.post("/api/workflows/exports/jobs", {"region": three.world.laiyang.pk},
                             content_type="application/json")  # fmt: skip
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    job_id = queued.json()["id"]
    assert client.get(f"/api/workflows/exports/jobs/{job_id}/file").status_code == 404
    for callback in callbacks:  # the commit hands the job to the queue; the immediate backend runs it
        callback()
    status = client.get(f"/api/workflows/exports/jobs/{job_id}").json()
    assert status["status"] == "succeeded", status["message"]
    assert (status["done"], status["total"]) == (3, 3)
    file = client.get(status["file_url"])
    assert len(rows_of(b"".join(file.streaming_content))) == 30
    # another city's region: nothing of 莱阳 in it
    other = client.post("/api/workflows/exports/jobs", {"region": three.world.haiyang.pk, "background": False},
                        content_type="application/json")  # fmt: skip
    assert other.status_code == 201 and other.json()["total"] == 0
