"""Every unit report of a campaign in the background: a job with progress, a zip of Word (and PDF) reports opened
and checked, a unit whose report fails listed while the others are made, and the office's alone."""

import io
import zipfile

import docx
import pytest

from lvzhi.core.jobs import run_job
from lvzhi.core.models import Job
from lvzhi.reports import batch
from lvzhi.reports.models import UnitReport
from tests.campaigns.conftest import advance, camp, mini_version  # noqa: F401 - fixtures
from tests.campaigns.test_bulletin import run_to


@pytest.fixture
def computed(camp, world):  # noqa: F811
    return run_to(camp, world, publish=False)


def test_the_job_zips_every_units_word_report(computed, world):
    job = batch.start_batch(computed, actor=world.users.admin, background=False)
    assert job.status == Job.Status.SUCCEEDED and job.result["done"] == 2 and job.result["failed"] == []
    assert job.done == 2 and job.total == 2
    with zipfile.ZipFile(batch.job_path(job.output_file)) as archive:
        names = sorted(archive.namelist())
        assert names == [f"政务服务/{world.unit_a.name}2026年度履职评估报告.docx",
                         f"政务服务/{world.unit_b.name}2026年度履职评估报告.docx"]  # fmt: skip
        document = docx.Document(io.BytesIO(archive.read(names[0])))
    assert document.core_properties.title == f"{world.unit_a.name}2026年度履职评估报告"
    assert "总分54.40分" in "\n".join(p.text for p in document.paragraphs)


def test_a_failed_unit_is_reported_and_the_others_are_made(computed, world):
    """unit_b's stored report is corrupt (its opinions are a list, not one text per indicator): it cannot be
    rendered, unit_a's can."""
    UnitReport.objects.create(campaign=computed, unit=world.unit_b, opinions=["损坏的记录"])
    job = batch.start_batch(computed, actor=world.users.admin, formats="docx+pdf", background=False)
    assert job.status == Job.Status.SUCCEEDED
    assert [f["unit"] for f in job.result["failed"]] == [world.unit_b.name]
    assert "1个单位未能生成" in job.message
    with zipfile.ZipFile(batch.job_path(job.output_file)) as archive:
        names = archive.namelist()
        assert sorted(n.rsplit(".", 1)[1] for n in names if "/" in n) == ["docx", "pdf"]
        assert all(world.unit_a.name in n for n in names if "/" in n)
        assert world.unit_b.name in archive.read(batch.FAILURES_NAME).decode()


def test_the_office_starts_it_follows_the_progress_and_downloads_the_zip(computed, world, login):
    admin = login(world.users.admin)
    response = admin.post(f"/reports/campaigns/{computed.pk}/batch/", {"formats": "docx"})
    job = Job.objects.get(kind=batch.BATCH_JOB)
    assert (
        response.status_code == 302
        and response["Location"] == f"/reports/campaigns/{computed.pk}/batch/{job.pk}/"
    )
    page = admin.get(response["Location"]).content.decode()
    assert "排队中" in page and "hx-get" in page
    # a second click while it waits is the same job
    admin.post(f"/reports/campaigns/{computed.pk}/batch/", {"formats": "docx"})
    assert Job.objects.filter(kind=batch.BATCH_JOB).count() == 1
    run_job(job.pk, batch.handle_job)  # what the worker does
    panel = admin.get(f"/reports/campaigns/{computed.pk}/batch/{job.pk}/progress/").content.decode()
    assert "已生成2个单位的评估报告。" in panel and "hx-get" not in panel
    download = admin.get(f"/reports/campaigns/{computed.pk}/batch/{job.pk}/file/")
    assert download["Content-Type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()) == 2
    listing = admin.get(f"/reports/campaigns/{computed.pk}/units/").content.decode()
    assert "上次生成:已完成" in listing


def test_only_the_office_generates_and_downloads(computed, world, login):
    job = batch.start_batch(computed, actor=world.users.admin, background=False)
    u = world.users
    for user in (u.committee, u.contact_a, u.evaluator):
        client = login(user)
        assert client.post(f"/reports/campaigns/{computed.pk}/batch/").status_code in (403, 404)
        assert client.get(f"/reports/campaigns/{computed.pk}/batch/{job.pk}/file/").status_code in (403, 404)
    assert Job.objects.filter(kind=batch.BATCH_JOB).count() == 1


def _texts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each file of the zip as what a reader sees: the Word document's paragraphs, the PDF's text, the list."""
    from pypdf import PdfReader

    out = {}
    for name in sorted(archive.namelist()):
        content = archive.read(name)
        if name.endswith(".docx"):
            out[name] = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
        elif name.endswith(".pdf"):
            out[name] = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        else:
            out[name] = content.decode()
    return out


def test_rendered_in_two_processes_the_zip_is_the_one_process_zip(computed, world, settings):
    """The render processes get each unit's data from the job (they use no database: a query there would fail
    the unit) and the zip, the failures list and the progress are those of the job rendering alone."""
    UnitReport.objects.create(campaign=computed, unit=world.unit_b, opinions=["损坏的记录"])
    settings.REPORTS_RENDER_PROCESSES = 1
    alone = batch.start_batch(computed, actor=world.users.admin, formats="docx+pdf", background=False)
    settings.REPORTS_RENDER_PROCESSES, settings.REPORTS_RENDER_PARALLEL_FROM = 2, 1
    parallel = batch.start_batch(computed, actor=world.users.admin, formats="docx+pdf", background=False)
    assert parallel.pk != alone.pk and parallel.status == Job.Status.SUCCEEDED
    assert parallel.result["failed"] == alone.result["failed"] and parallel.result["done"] == 1
    assert (parallel.done, parallel.total) == (2, 2)
    with (
        zipfile.ZipFile(batch.job_path(alone.output_file)) as one,
        zipfile.ZipFile(batch.job_path(parallel.output_file)) as two,
    ):
        expected, got = _texts(one), _texts(two)
    assert got == expected and any(n.endswith(".pdf") for n in got)
    assert f"{world.unit_a.name}2026年度履职评估报告" in got[next(n for n in got if n.endswith(".pdf"))]
