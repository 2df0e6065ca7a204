"""Accountability cases from Excel and the API: the whole file checked first (the unit, the situation in its area,
the unit's post and person, the deduction), each error named by row and column in Chinese, nothing stored when
any row is wrong; a good file records each case with its audit record; the export reads back in."""

import io

import pytest

from lvzhi.core import spreadsheets
from lvzhi.findings import actions
from lvzhi.findings.formats import CASES
from lvzhi.findings.models import AccountabilityCase, Situation

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    book = spreadsheets.new_workbook(title=CASES.sheet)
    spreadsheets.append(book.active, [c.header for c in CASES.columns])
    for row in rows:
        spreadsheets.append(book.active, row)
    return io.BytesIO(spreadsheets.to_bytes(book))


def _upload(client, rows):
    f = _xlsx(rows)
    f.name = "问责案件.xlsx"
    return client.post("/findings/import/cases/", {"file": f})


def test_a_file_with_bad_rows_stores_nothing_and_names_each_problem(world, client):
    actions.seed_catalogue(actor=world.users.admin)
    s = Situation.objects.select_related("area").first()
    client.force_login(world.users.admin)
    page = _upload(client, [
        ["LY001", "", s.area.name, s.name, "项目备案超时限", "2026-06-01", "A-02", "P0002", "莱纪〔2026〕4号", "", ""],
        ["LY999", "", s.area.name, s.name, "案件", "2026-06-01", "", "", "", "", ""],
        ["LY001", "", s.area.name, "没有的情形", "案件", "2026-06-01", "", "P0003", "", "负一", ""],
    ]).content.decode()  # fmt: skip
    assert "单位代码「LY999」不存在" in page
    assert "没有问责情形「没有的情形」" in page
    assert "该单位没有人员编号「P0003」" in page  # P0003 is unit_b's
    assert "「负一」不是数字" in page
    assert "<td>3</td>" in page and "<td>4</td>" in page and "<td>人员编号</td>" in page  # header: row 1
    assert not AccountabilityCase.objects.exists()


def test_a_good_file_records_the_cases_and_the_export_reads_back(world, client):
    actions.seed_catalogue(actor=world.users.admin)
    s = Situation.objects.select_related("area").first()
    client.force_login(world.users.admin)
    _upload(client, [
        ["LY001", "", s.area.name, s.name, "项目备案超时限", "2026-06-01", "A-02", "P0002", "莱纪〔2026〕4号", "", ""],
        ["LY002", "", s.area.name, s.name, "窗口推诿", "2026-07-01", "", "", "", "3", "群众投诉"],
    ])  # fmt: skip
    cases = list(AccountabilityCase.objects.order_by("id").select_related("person", "post"))
    assert [(c.title, c.unit, c.deduction) for c in cases] == [
        ("项目备案超时限", world.unit_a, s.deduction), ("窗口推诿", world.unit_b, 3)]  # fmt: skip
    assert cases[0].person.staff_no == "P0002" and cases[0].post.code == "A-02"
    exported = client.get("/findings/export/cases.xlsx")
    AccountabilityCase.objects.all().delete()
    f = io.BytesIO(exported.content)
    f.name = "back.xlsx"
    client.post("/findings/import/cases/", {"file": f})
    assert sorted(AccountabilityCase.objects.values_list("title", flat=True)) == [
        "窗口推诿",
        "项目备案超时限",
    ]


def test_the_api_lists_the_catalogue_and_records_a_case(world, client):
    actions.seed_catalogue(actor=world.users.admin)
    client.force_login(world.users.admin)
    situations = client.get("/api/findings/accountability/situations").json()
    assert situations and {"area", "name", "deduction"} <= set(situations[0])
    made = client.post("/api/findings/accountability/cases", {
        "unit_id": world.unit_a.pk, "situation_id": situations[0]["id"], "title": "审批超时",
        "occurred_on": "2026-06-01"}, content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["area"] == situations[0]["area"]
    listed = client.get(f"/api/findings/accountability/cases?unit={world.unit_a.pk}").json()
    assert [c["title"] for c in listed] == ["审批超时"]
    client.force_login(world.users.contact_a)
    assert client.post("/api/findings/accountability/cases", {
        "unit_id": world.unit_a.pk, "situation_id": situations[0]["id"], "title": "x",
        "occurred_on": "2026-06-01"}, content_type="application/json").status_code == 403  # fmt: skip
