"""The catalogue's files (上级标准目录): the template, the import (Excel or CSV; all or nothing, row + column
messages in Chinese, updates by level + code and says what it added and changed, audited) and the export of a
search as Excel or CSV, which imports back unchanged (text stays text, never a formula)."""

import io
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.audit.models import AuditEvent
from lvzhi.duties.formats import CATALOGUE
from lvzhi.duties.models import CatalogueItem

HEADER = "发布层级代码,事项编码,事项名称,事项类型,行使方式,设定依据,责任事项,追责情形,在用\n"


@pytest.fixture
def land(world):
    return CatalogueItem.objects.create(
        region=world.province, code="370000-XK-0012", name="建设项目用地预审", item_type="licensing",
        initiation="application", legal_basis="《中华人民共和国土地管理法》第五十二条", responsibilities="受理、审查、决定",
    )  # fmt: skip


def upload(name, content):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "上级标准目录"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_file(client, name, content, reason="依据省政府办公厅文件更新标准目录"):
    return client.post("/duties/catalogue/import/", {"file": upload(name, content), "reason": reason})


@pytest.mark.django_db
def test_the_template_has_the_columns_drop_downs_and_instructions(world, login):
    response = login(world.users.admin).get("/duties/catalogue/template/")
    assert response.status_code == 200 and "上级标准目录导入模板.xlsx" in unquote(
        response["Content-Disposition"]
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["上级标准目录"]
    assert [c.value for c in sheet[1]] == CATALOGUE.headers
    assert any("行政许可" in str(v.formula1) for v in sheet.data_validations.dataValidation)
    notes = "\n".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value)
    assert "按“发布层级代码+事项编码”识别" in notes and "事项类型" in notes


@pytest.mark.django_db
def test_a_good_file_adds_and_updates_by_code_and_says_what_it_changed(world, login, land):
    client = login(world.users.admin)
    content = HEADER + (
        "370000,370000-XK-0012,建设项目用地预审与选址意见书核发,行政许可,依申请,"
        "《中华人民共和国土地管理法》第五十二条,受理、审查、决定,,是\n"
        "370000,370000-CF-0003,价格违法行为处罚,行政处罚,依职权,《中华人民共和国价格法》第三十九条,,,是\n"
        "370600,370600-JC-0001,燃气经营安全监督检查,行政检查,依职权,《城镇燃气管理条例》第四十一条,,,\n"
    )
    page = post_file(client, "标准目录.csv", content).content.decode()
    assert "已导入 3 行:新增 2 个事项,修改 1 个,未变 0 个。" in page
    assert "370000-CF-0003 价格违法行为处罚" in page and "370600-JC-0001 燃气经营安全监督检查" in page
    assert "建设项目用地预审与选址意见书核发(修改了事项名称)" in page
    land.refresh_from_db()
    assert land.name == "建设项目用地预审与选址意见书核发" and land.responsibilities == "受理、审查、决定"
    city = CatalogueItem.objects.get(code="370600-JC-0001")
    assert (city.region, city.item_type, city.initiation, city.is_active) == (
        world.city,
        "inspection",
        "ex_officio",
        True,
    )
    imported = AuditEvent.objects.get(event_type="duties.catalogue_imported")
    assert imported.after == {"文件": "标准目录.csv", "行数": 3, "新增": 2, "修改": 1, "未变": 0}
    assert imported.reason == "依据省政府办公厅文件更新标准目录"
    change = AuditEvent.objects.get(
        content_type__model="catalogueitem", object_id=str(land.pk), action="update"
    )
    assert change.before["name"] == "建设项目用地预审" and change.reason == "依据省政府办公厅文件更新标准目录"

    # Only the columns in the file are written; the same file again changes nothing.
    short = "发布层级代码,事项编码,在用\n370000,370000-CF-0003,否\n370000,370000-XK-0012,是\n"
    again = post_file(client, "停用.csv", short).content.decode()
    assert "新增 0 个事项,修改 1 个,未变 1 个" in again and "价格违法行为处罚(修改了在用)" in again
    price = CatalogueItem.objects.get(code="370000-CF-0003")
    assert price.is_active is False and price.legal_basis == "《中华人民共和国价格法》第三十九条"


@pytest.mark.django_db
def test_a_bad_file_names_each_row_and_column_and_stores_nothing(world, login, land):
    client = login(world.users.admin)
    content = xlsx([
        CATALOGUE.headers,
        ["370000", "370000-XK-0012", "改了名字的用地预审", "行政许可", "依申请", "", "", "", "是"],  # a valid change
        ["999999", "999999-XK-1", "某事项", "行政许可", "", "", "", "", ""],
        ["370000", "370000-XX-1", "某事项", "行政审批", "", "", "", "", ""],
        ["370000", "370000-XK-0012", "重复的行", "行政许可", "", "", "", "", ""],
        ["370682", "370682-QT-1", "县级事项", "其他行政权力", "", "", "", "", "也许"],
        ["370000", "370000-QT-2", "", "其他行政权力", "", "", "", "", ""],
    ])  # fmt: skip
    response = post_file(client, "标准目录.xlsx", content)
    page = response.content.decode()
    assert "文件有" in page and "未导入任何数据" in page
    errors = [(e.row, e.column, e.header) for e in response.context["errors"]]
    assert (3, "A", "发布层级代码") in errors  # no region 999999
    assert (4, "D", "事项类型") in errors and "「行政审批」" in page
    assert (5, "B", "事项编码") in errors and "与第2行的事项重复" in page
    assert (6, "I", "在用") in errors and (6, "A", "发布层级代码") in errors and "不是省、市" in page
    assert (7, "C", "事项名称") in errors
    land.refresh_from_db()
    assert (
        land.name == "建设项目用地预审" and CatalogueItem.objects.count() == 1
    )  # the valid row too: nothing stored
    assert not AuditEvent.objects.filter(event_type="duties.catalogue_imported").exists()


@pytest.mark.django_db
def test_a_formula_cell_without_a_value_is_refused_with_its_row_and_column(world, login, land):
    content = xlsx([CATALOGUE.headers, ["370000", "370000-QT-9", '="其他"&"事项"', "其他行政权力"]])
    response = post_file(login(world.users.admin), "公式.xlsx", content)
    errors = [(e.row, e.column, e.header, e.reason) for e in response.context["errors"]]
    assert len(errors) == 1 and errors[0][:3] == (2, "C", "事项名称") and "是公式" in errors[0][3]
    assert not CatalogueItem.objects.filter(code="370000-QT-9").exists()


@pytest.mark.django_db
def test_the_export_follows_the_search_and_imports_back_unchanged_with_text_kept_as_text(
    world, login, land, tmp_path
):
    CatalogueItem.objects.create(region=world.province, code="370000-CF-0003", name="=HYPERLINK(\"http://x\")处罚",
                                 item_type="penalty", legal_basis="+《价格法》第三十九条", is_active=False)  # fmt: skip
    client = login(world.users.contact_a)  # everyone exports what they read
    filtered = client.get("/duties/catalogue/export/", {"item_type": "penalty"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(filtered.streaming_content)))
    sheet = book["上级标准目录"]
    assert [c.value for c in sheet[1]] == CATALOGUE.headers and sheet.max_row == 2
    assert sheet["C2"].value == '=HYPERLINK("http://x")处罚' and sheet["C2"].data_type == "s"
    assert (sheet["D2"].value, sheet["I2"].value) == ("行政处罚", "否")

    admin = login(world.users.admin)
    for fmt in ("xlsx", "csv"):
        response = admin.get("/duties/catalogue/export/", {"format": fmt} if fmt == "csv" else {})
        content = b"".join(response.streaming_content)
        if fmt == "csv":
            text = content.decode("utf-8-sig")
            assert "'=HYPERLINK" in text and "'+《价格法》" in text  # a spreadsheet will not run it
        path = Path(tmp_path) / f"标准目录.{fmt}"
        path.write_bytes(content)
        page = post_file(admin, path.name, content).content.decode()
        assert "已导入 2 行:新增 0 个事项,修改 0 个,未变 2 个。" in page, fmt
    assert CatalogueItem.objects.get(code="370000-CF-0003").name == '=HYPERLINK("http://x")处罚'


@pytest.mark.django_db
def test_the_api_imports_and_exports_the_catalogue(world, login, land):
    admin = login(world.users.admin)
    good = HEADER + "370000,370000-XK-0012,建设项目用地预审,行政许可,依职权,,,,\n"
    answer = admin.post("/api/duties/catalogue/import", {"file": upload("a.csv", good)})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["created"], body["changed"], body["updated"][0]["columns"]) == (
        0,
        1,
        ["行使方式", "设定依据", "责任事项"],
    )
    bad = HEADER + "370000,370000-QT-1,,其他行政权力,,,,,\n"
    refused = admin.post("/api/duties/catalogue/import", {"file": upload("b.csv", bad)})
    assert refused.status_code == 422 and "第2行 C列「事项名称」" in refused.content.decode()
    assert login(world.users.contact_a).post("/api/duties/catalogue/import",
                                             {"file": upload("a.csv", good)}).status_code == 403  # fmt: skip
    exported = admin.get("/api/duties/catalogue/export", {"format": "csv", "q": "用地"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER.strip() and "370000-XK-0012" in text
    listed = admin.get("/api/duties/catalogue", {"status": "withdrawn"}).json()
    assert listed == []


def test_the_import_formats_document_describes_the_catalogue_file():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import-formats.md").read_text(encoding="utf-8")
    assert "`catalogue`" in doc
    for column in CATALOGUE.columns:
        assert f"| {column.header} |" in doc, column.header
        for code, label in column.choices:
            assert f"{label}({code})" in doc, (column.header, label)
