"""The audit log exported to Excel: the records the filters select, worded as on the pages."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.audit.context import audit_context
from lvzhi.registry.models import Person

EXPORT = reverse("audit:event_export")


@pytest.fixture
def edits(world):
    with audit_context(actor=world.users.admin, reason="更名", source="web"):
        world.unit_c.name = "海阳市委宣传部(新)"
        world.unit_c.save()
    with audit_context(actor=world.users.contact_a, source="web"):
        person = Person.objects.get(staff_no="P0002")
        person.name = "李秀瑛"
        person.save()


def rows_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(["时间", "操作人", "来源", "操作", "对象类型", "对象", "所属单位", "变更内容", "原因"])
    return rows[:header], rows[header + 1 :]


def test_the_export_holds_the_filtered_records_in_chinese(world, login, edits):
    response = login(world.users.admin).get(EXPORT, {"actor": "孙联络", "action": "update"})
    assert "filename*=utf-8''%E6%93%8D%E4%BD%9C%E6%97%A5%E5%BF%97_" in response["Content-Disposition"]
    head, rows = rows_of(response)
    assert ["筛选条件", "操作人:孙联络;操作:修改"] in [r[:2] for r in head]
    assert len(rows) == 1
    at, actor, source, action, kind, obj, unit, changes, reason = rows[0]
    assert (actor, source, action, obj, unit) == ("孙联络", "网页", "修改", "李秀瑛", world.unit_a.name)
    assert kind == "实名制人员"
    assert changes.endswith("→ 李秀瑛") and changes.startswith("姓名:")
    assert at[:2] == "20" and reason in ("", None)  # 2026-12-02 14:05:00; no reason was given


def test_a_unit_contact_exports_only_its_own_units_records(world, login, edits):
    _head, rows = rows_of(login(world.users.contact_a).get(EXPORT))
    assert rows and {r[6] for r in rows} == {world.unit_a.name}
    assert "海阳市委宣传部(新)" not in {r[5] for r in rows}


def test_text_typed_by_a_user_stays_text_in_the_export(world, login):
    with audit_context(actor=world.users.admin, reason='=HYPERLINK("http://x","点击")', source="web"):
        world.unit_c.name = "=1+1"
        world.unit_c.save()
    response = login(world.users.admin).get(EXPORT, {"unit": "HY001"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value and str(c.value).startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)  # written as the characters, never a formula
