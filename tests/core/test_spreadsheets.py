"""Exports carry text, never formulas: a name a unit contact typed as ``=HYPERLINK(...)`` comes out of every
export route as the characters typed (a string cell in .xlsx, an apostrophe-guarded cell in CSV), and a control
character left in old data does not break an export."""

import csv
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from lvzhi.core import spreadsheets
from lvzhi.core.models import Job
from lvzhi.registry.models import InternalBody


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


LINK = '=HYPERLINK("http://evil.example/x","点击查看")'


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))


def rename_body_through_the_api(world, name: str) -> InternalBody:
    body = InternalBody.objects.get(unit=world.unit_a, code="01")
    client = Client()
    client.force_login(world.users.contact_a)
    response = client.patch(
        f"/api/registry/internal-bodies/{body.pk}",
        json.dumps({"name": name}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body.refresh_from_db()
    assert body.name == name
    return body


@pytest.mark.django_db
def test_a_formula_typed_as_a_body_name_is_text_in_the_xlsx_export(world, login):
    rename_body_through_the_api(world, LINK)
    admin = login(world.users.admin)
    for content in (
        b"".join(admin.post("/registry/io/export/bodies/", {"format": "xlsx"}).streaming_content),
        b"".join(admin.get("/api/registry/io/exports/bodies?format=xlsx").streaming_content),
    ):
        xml = sheet_xml(content)
        assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the file
        sheet = load_workbook(io.BytesIO(content)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value == LINK]
        assert len(cells) == 1
        assert cells[0].data_type == "s"


@pytest.mark.django_db
def test_a_formula_typed_as_a_body_name_is_guarded_in_the_csv_export_and_imports_back_unchanged(world, login):
    rename_body_through_the_api(world, LINK)
    admin = login(world.users.admin)
    content = b"".join(admin.post("/registry/io/export/bodies/", {"format": "csv"}).streaming_content)
    rows = list(csv.reader(content.decode("utf-8-sig").splitlines()))
    names = [r[2] for r in rows[1:]]
    assert "'" + LINK in names
    assert not any(cell.startswith(spreadsheets.FORMULA_PREFIXES) for row in rows for cell in row)
    admin.post(
        "/registry/io/",
        {"kind": "bodies", "mode": "upsert", "file": SimpleUploadedFile("bodies.csv", content)},
    )
    job = Job.objects.filter(kind="registry.import").first()
    assert job.status == "succeeded", job.errors
    assert (job.result["created"], job.result["updated"]) == (0, 0)
    assert InternalBody.objects.filter(name=LINK).count() == 1


@pytest.mark.django_db
def test_a_control_character_in_stored_data_does_not_break_the_export(world, login):
    InternalBody.objects.filter(unit=world.unit_a, code="01").update(name="办公\x01室")
    response = login(world.users.admin).post("/registry/io/export/bodies/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "办公室" in [c.value for row in sheet.iter_rows() for c in row]


def test_every_writer_goes_through_the_one_writer():
    """No module but lvzhi/core/spreadsheets.py builds a workbook or a CSV writer itself."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "lvzhi"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (
            r"\bWorkbook\(",
            r"csv\.writer\(",
            r"csv\.DictWriter\(",
            r"\b(ws|sheet)\.append\(\[[^\]]",
        ):
            if re.search(needle, text):
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []


def test_the_writer_keeps_numbers_and_dates_typed_and_guards_text():
    import datetime

    wb = spreadsheets.new_workbook(title="a/b[c]:d*e?f")
    ws = wb.active
    spreadsheets.append(ws, ["+86 123", -5, datetime.date(2026, 1, 2), "@SUM(A1)", "a\x0bb"])
    sheet = load_workbook(io.BytesIO(spreadsheets.to_bytes(wb))).active
    assert sheet.title == "a_b_c__d_e_f"
    assert [c.value for c in sheet[1]][:2] == ["+86 123", -5]
    assert [c.data_type for c in sheet[1]] == ["s", "n", "d", "s", "s"]
    assert sheet["E1"].value == "ab"
    out = io.StringIO()
    spreadsheets.CsvWriter(out).writerow(["+86 123", -5, "@x", "\tx", "ok", None])
    assert next(csv.reader([out.getvalue().strip()])) == ["'+86 123", "-5", "'@x", "'\tx", "ok", ""]
    assert spreadsheets.unescape_csv("'=1+1") == "=1+1"
    assert spreadsheets.unescape_csv("'abc") == "'abc"
