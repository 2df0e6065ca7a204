"""The 导入导出 page, a job's progress page, templates and exports in the browser's terms."""

import csv
import io

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from lvzhi.core.jobs import create_job
from lvzhi.core.models import Job
from lvzhi.registry.models import Person

from .conftest import upload
from .helpers import PERSON_HEADER


def rows_of(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_an_office_admin_sees_the_upload_form_templates_and_exports(world, login):
    response = login(world.users.admin).get("/registry/io/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "上传并导入" in page
    assert "/registry/io/templates/persons.xlsx" in page
    assert "实名制人员" in page


def test_other_roles_may_export_but_not_import(world, login):
    client = login(world.users.evaluator)
    page = client.get("/registry/io/").content.decode()
    assert "上传并导入" not in page
    assert "模板与导出" in page
    response = client.post("/registry/io/", {"kind": "persons", "file": upload([PERSON_HEADER])})
    assert response.status_code == 403


def test_a_bad_upload_shows_every_error_with_row_column_and_reason(world, login):
    client = login(world.users.admin)
    rows = [PERSON_HEADER, ["P5001", "", "LY001", "", "男", 1980, "行政编制", "", "是"]]
    response = client.post(
        "/registry/io/", {"kind": "persons", "mode": "upsert", "file": upload(rows, "人员.xlsx")}
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/registry/io/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已拒绝" in page
    assert "文件有 1 处错误,未导入任何数据" in page
    assert "<td>B</td><td>姓名</td><td>必填,不能为空</td>" in page
    errors = client.get(f"/registry/io/jobs/{job.pk}/file/")
    assert errors["Content-Disposition"].startswith("attachment")
    text = b"".join(errors.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(text.splitlines())) == [
        ["行号", "列", "列名", "错误原因"],
        ["2", "B", "姓名", "必填,不能为空"],
    ]


def test_a_good_upload_reports_what_was_created(world, login):
    client = login(world.users.admin)
    rows = [PERSON_HEADER, ["P5001", "孙丽", "LY002", "", "女", 1988, "行政编制", "", "是"]]
    response = client.post(
        "/registry/io/", {"kind": "persons", "mode": "upsert", "file": upload(rows)}, follow=True
    )
    page = response.content.decode()
    assert "已完成" in page
    assert "共 1 行:新增 1,更新 0,未变 0。" in page
    assert Person.objects.filter(staff_no="P5001", unit=world.unit_b).exists()


def test_a_file_that_is_not_a_table_is_refused_on_the_form(world, login):
    client = login(world.users.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/registry/io/", {"kind": "units", "mode": "upsert", "file": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert response.status_code == 200
    assert "不支持的文件类型“.pdf”" in response.content.decode()
    assert not Job.objects.exists()


def test_the_progress_panel_polls_while_the_job_runs_and_stops_when_it_ends(world, login):
    client = login(world.users.admin)
    job = create_job("registry.import", actor=world.users.admin, title="导入单位:units.xlsx")
    Job.objects.filter(pk=job.pk).update(status="running", stage="校验并写入", done=250, total=1000)
    panel = client.get(f"/registry/io/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in panel
    assert "已处理 250 / 1,000 行" in panel
    assert "25%" in panel
    Job.objects.filter(pk=job.pk).update(status="succeeded", message="共 1000 行:新增 1000,更新 0,未变 0。")
    panel = client.get(f"/registry/io/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in panel
    assert "共 1000 行" in panel


def test_another_users_job_is_not_found(world, login):
    job = create_job("registry.export", actor=world.users.contact_a, title="导出")
    assert login(world.users.contact_b).get(f"/registry/io/jobs/{job.pk}/").status_code == 404
    assert login(world.users.contact_a).get(f"/registry/io/jobs/{job.pk}/").status_code == 200


def test_the_template_has_the_headers_instructions_and_drop_down_lists(world, login):
    response = login(world.users.admin).get("/registry/io/templates/persons.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["实名制人员", "填写说明"]
    sheet = workbook["实名制人员"]
    assert [c.value for c in sheet[1]] == PERSON_HEADER
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"行政编制,政法专项编制,事业编制,工勤编制"' in formulas
    assert '"男,女"' in formulas
    instructions = " ".join(str(c.value) for row in workbook["填写说明"].iter_rows() for c in row if c.value)
    assert "按“人员编号”识别" in instructions
    assert "允许超编" in instructions


def test_the_units_template_lists_the_region_and_category_codes(world, login):
    content = login(world.users.admin).get("/registry/io/templates/units.xlsx").content
    workbook = load_workbook(io.BytesIO(content))
    codes = [row[0] for row in workbook["代码参考"].iter_rows(min_row=2, values_only=True)]
    assert "370682" in codes


def test_an_empty_template_imports_as_nothing(world, login):
    client = login(world.users.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    template = client.get("/registry/io/templates/bodies.xlsx").content
    client.post(
        "/registry/io/", {"kind": "bodies", "mode": "upsert", "file": SimpleUploadedFile("t.xlsx", template)}
    )
    job = Job.objects.get()
    assert job.status == "succeeded", job.errors
    assert job.result["rows"] == 0


def test_a_unit_contact_exports_only_its_own_units_persons(world, login):
    response = login(world.users.contact_a).post("/registry/io/export/persons/", {"format": "xlsx"})
    assert response.status_code == 200
    rows = rows_of(b"".join(response.streaming_content))
    assert rows[0] == PERSON_HEADER
    assert sorted(r[0] for r in rows[1:]) == ["P0001", "P0002"]
    assert rows[1][2] == "LY001"


def test_an_export_reimports_without_changes(world, login):
    client = login(world.users.admin)
    for kind in ("units", "bodies", "posts", "persons", "quotas"):
        content = b"".join(client.post(f"/registry/io/export/{kind}/", {"format": "xlsx"}).streaming_content)
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.post(
            "/registry/io/",
            {"kind": kind, "mode": "upsert", "file": SimpleUploadedFile(f"{kind}.xlsx", content)},
        )
        job = Job.objects.filter(kind="registry.import").first()
        assert job.status == "succeeded", (kind, job.errors)
        assert (job.result["created"], job.result["updated"]) == (0, 0), kind
        assert job.result["unchanged"] == job.result["rows"] > 0


def test_a_large_export_becomes_a_job_with_a_download(world, login, settings):
    settings.REGISTRY_EXPORT_INLINE_ROWS = 0
    client = login(world.users.admin)
    response = client.post("/registry/io/export/units/", {"format": "csv"})
    job = Job.objects.get(kind="registry.export")
    assert response["Location"] == f"/registry/io/jobs/{job.pk}/"
    assert job.status == "queued"  # handed to the worker after commit


def test_a_finished_export_job_offers_its_file(world, login):
    from lvzhi.registry.io.services import start_export

    job = start_export("units", actor=world.users.admin, fmt="csv", background=False)
    client = login(world.users.admin)
    page = client.get(f"/registry/io/jobs/{job.pk}/").content.decode()
    assert "已导出 3 行。" in page
    text = b"".join(client.get(f"/registry/io/jobs/{job.pk}/file/").streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("单位代码,单位名称")
    assert len(text.splitlines()) == 4
