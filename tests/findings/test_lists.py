"""The two result lists (特色亮点清单, 制度完善清单): added and changed by the office only, linked to units, campaigns
and findings, seen by a unit contact for their own unit; Excel import atomic with row and column errors, export in
the same layout; the pages and the API."""

import io

import openpyxl
import pytest

from lvzhi.core.errors import Invalid, Refused
from lvzhi.findings import actions, exports, imports
from lvzhi.findings.models import Highlight, Institution

from .conftest import raise_for

pytestmark = pytest.mark.django_db


def _book(tmp_path, sheet, rows):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path = tmp_path / "list.xlsx"
    book.save(path)
    return path


def test_the_office_keeps_highlights_and_institutions_linked_to_a_unit_and_a_finding(world):
    admin = world.users.admin
    finding = raise_for(world)
    office = actions.save_list_item("highlights", actor=admin, title="“三查三看”评估法", kind="office_method")
    assert office.unit is None and office.created_by == admin
    item = actions.save_list_item("institutions", actor=admin, title="窗口设置动态调整制度", finding=finding)
    assert item.unit == world.unit_a  # taken from the finding it settles
    item = actions.save_list_item(
        "institutions", item, actor=admin, status="issued", document_number="莱发〔2026〕1号"
    )
    assert item.get_status_display() == "已出台"
    with pytest.raises(Invalid, match="请填写名称"):
        actions.save_list_item("highlights", actor=admin, title=" ")
    with pytest.raises(Invalid, match="年度"):
        actions.save_list_item("highlights", actor=admin, title="x", year=1990)
    with pytest.raises(Refused):
        actions.save_list_item(
            "highlights", actor=world.users.contact_a, title="自己的亮点", unit=world.unit_a
        )


def test_a_unit_contact_sees_their_own_units_items_only(world, client):
    admin = world.users.admin
    mine = actions.save_list_item("highlights", actor=admin, title="本单位做法", unit=world.unit_a)
    other = actions.save_list_item("highlights", actor=admin, title="他单位做法", unit=world.unit_b)
    client.force_login(world.users.contact_a)
    page = client.get("/findings/lists/highlights/").content.decode()
    assert "本单位做法" in page and "他单位做法" not in page
    assert client.get(f"/findings/lists/highlights/{other.pk}/").status_code == 404
    assert client.get(f"/findings/lists/highlights/{mine.pk}/").status_code == 200
    assert client.get("/findings/lists/highlights/new/").status_code == 403


def test_the_pages_add_change_and_show_an_item_with_its_trail(world, client):
    client.force_login(world.users.admin)
    finding = raise_for(world)
    response = client.post("/findings/lists/institutions/new/", {
        "title": "领导职数动态管理办法", "status": "planned", "unit": world.unit_a.pk, "finding": finding.pk,
        "year": 2026,
    })  # fmt: skip
    item = Institution.objects.get()
    assert response.status_code == 302 and item.finding == finding
    client.post(
        f"/findings/lists/institutions/{item.pk}/edit/",
        {"title": item.title, "status": "drafting", "finding": finding.pk, "unit": world.unit_a.pk},
    )
    page = client.get(f"/findings/lists/institutions/{item.pk}/").content.decode()
    assert "起草中" in page and finding.title in page
    assert "变更记录" in page
    bad = client.post(
        "/findings/lists/institutions/new/", {"title": "x", "status": "planned", "finding": 99999}
    )
    assert "没有该编号的问题" in bad.content.decode()


def test_import_is_atomic_with_row_and_column_errors_and_export_reads_back(world, tmp_path):
    admin = world.users.admin
    header = ["名称", "单位代码", "单位名称", "年度", "具体内容", "类型"]
    bad = _book(tmp_path, "特色亮点清单", [header, ["一窗受理", world.unit_a.code, "", 2026, "", "单位经验做法"],
                                          ["", "NOPE", "", 1900, "", "随便"]])  # fmt: skip
    with pytest.raises(Invalid) as caught:
        imports.import_list("highlights", bad, "list.xlsx", actor=admin)
    text = " ".join(str(e) for e in caught.value.errors)
    assert "第3行" in text and "名称" in text and "单位代码" in text and "类型" in text
    assert not Highlight.objects.exists()
    good = _book(tmp_path, "特色亮点清单", [header, ["一窗受理", world.unit_a.code, "", 2026, "集成服务", "单位经验做法"],
                                           ["三查三看", "", "", 2026, "", "编办工作方法"]])  # fmt: skip
    assert imports.import_list("highlights", good, "list.xlsx", actor=admin) == {"created": 2, "updated": 0}
    assert imports.import_list("highlights", good, "list.xlsx", actor=admin) == {"created": 0, "updated": 2}
    data = exports.workbook("highlights", Highlight.objects.all())
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][:6] == tuple(header)
    assert {r[0] for r in rows[1:]} == {"一窗受理", "三查三看"}
    path = tmp_path / "back.xlsx"
    path.write_bytes(data)
    assert imports.import_list("highlights", path, "back.xlsx", actor=admin) == {"created": 0, "updated": 2}


def test_the_api_lists_adds_and_changes_items(world, client):
    client.force_login(world.users.admin)
    created = client.post("/api/findings/lists/highlights/", {"title": "“三查三看”评估法", "kind": "office_method"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client.patch(f"/api/findings/lists/highlights/{pk}", {"unit_id": world.unit_a.pk},
                           content_type="application/json")  # fmt: skip
    assert changed.json()["unit"] == world.unit_a.name
    listed = client.get("/api/findings/lists/highlights/").json()
    assert [i["kind_label"] for i in listed] == ["编办工作方法"]
    assert client.get("/api/findings/lists/nothing/").status_code == 404


def test_the_units_page_shows_its_lists_and_the_counts_link_to_the_ledger_per_category(world, client):
    from lvzhi.findings import selectors

    raise_for(world)
    actions.save_list_item("highlights", actor=world.users.admin, title="一窗受理", unit=world.unit_a)
    client.force_login(world.users.contact_a)
    page = client.get(f"/findings/units/{world.unit_a.pk}/").content.decode()
    assert "一窗受理" in page and "问责案件" in page
    assert f"?unit={world.unit_a.pk}&amp;category=underperformance" in page
    counts = selectors.counts(selectors.ledger(world.users.admin))
    assert counts.by_campaign == []  # raised on its own, outside any campaign
