"""Text is clean at the door: control characters are refused naming the field (pages, API, imports), codes
typed in full-width characters are stored half-width, and a formula cell without a computed value in an imported
workbook is reported by row and column instead of being read as blank."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from lvzhi.registry.models import InternalBody, Person, Unit
from tests.registry_io.helpers import BODY_HEADER, PERSON_HEADER, errors_of, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def api(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_api_refuses_a_control_character_naming_the_field(world):
    body = InternalBody.objects.get(unit=world.unit_a, code="01")
    response = api(world.users.contact_a).patch(
        f"/api/registry/internal-bodies/{body.pk}",
        json.dumps({"name": "办公\x01室"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "name"
    assert "「机构名称」含有不可见的控制字符" in errors[0]["message"]
    body.refresh_from_db()
    assert body.name == "办公室"


def test_the_page_refuses_a_control_character_on_the_form(world):
    url = reverse("registry:child_create", args=[world.unit_a.pk, "bodies"])
    response = api(world.users.admin).post(url, {"code": "07", "name": "法规\x1b科", "order": 3})
    assert response.status_code == 200
    assert "「机构名称」含有不可见的控制字符,请删除后重新输入。" in response.content.decode()
    assert not InternalBody.objects.filter(code="07").exists()


def test_an_import_refuses_a_control_character_by_row_and_column(world, media_root):
    rows = [BODY_HEADER, ["LY001", "05", "督查\x07科", "", 5, "是"]]
    job = run_import("bodies", rows, world.users.admin, name="bodies.csv")
    assert job.status == "rejected"
    assert errors_of(job) == [(2, "C", "机构名称", "含有不可见的控制字符,请删除后重新输入")]


def test_a_full_width_code_is_stored_half_width_through_the_api(world):
    response = api(world.users.admin).post(
        "/api/registry/internal-bodies",
        json.dumps({"unit": world.unit_a.pk, "code": "０９", "name": "信息科"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "09"
    response = api(world.users.admin).patch(
        f"/api/registry/units/{world.unit_a.pk}",
        json.dumps({"code": "ＬＹ０２１"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Unit.objects.filter(code="LY021").exists()


def test_an_import_reads_full_width_codes_and_numbers(world, media_root):
    rows = [PERSON_HEADER, ["Ｐ５００１", "赵六", "ＬＹ００１", "", "男", "１９８０", "行政编制", "", "是"]]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    person = Person.objects.get(staff_no="P5001")
    assert (person.unit_id, person.birth_year) == (world.unit_a.pk, 1980)


def test_a_formula_cell_without_a_computed_value_is_reported_not_read_as_blank(world, media_root, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lvzhi.registry.io.importers import ImportOptions
    from lvzhi.registry.io.services import start_import

    wb = Workbook()  # openpyxl writes formulas without computing them, as many generating programs do
    ws = wb.active
    ws.append(BODY_HEADER)
    ws.append(["LY001", "05", "督查科", "", "=2+3", "是"])
    ws.append(["LY001", "06", '=CONCAT("法规","科")', "", 6, "是"])
    path = tmp_path / "bodies.xlsx"
    wb.save(path)
    upload = SimpleUploadedFile("bodies.xlsx", path.read_bytes())
    job = start_import("bodies", upload, actor=world.users.admin, options=ImportOptions(), background=False)
    job.refresh_from_db()
    assert job.status == "rejected"
    found = errors_of(job)
    assert [(r, c, h) for r, c, h, _reason in found] == [(2, "E", "排序"), (3, "C", "机构名称")]
    assert "是公式「=2+3」但没有计算结果" in found[0][3]
    assert not InternalBody.objects.filter(code__in=["05", "06"]).exists()
