"""The ledger: raising on its own and as a common finding, other rooms' entry point, categories, the overdue list
and the office's to-do, counts and time to close, the unit's page with open findings first, Excel import (atomic,
row-level errors) and export, the API."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from lvzhi.core.errors import Invalid, Refused
from lvzhi.core.todo import items_for
from lvzhi.findings import actions, imports, selectors
from lvzhi.findings.formats import FINDINGS
from lvzhi.findings.models import Finding

from .conftest import raise_for, to_state

PAST = datetime.date(2020, 1, 1)


def test_only_the_office_raises_a_finding_on_its_own(world):
    with pytest.raises(Refused):
        actions.raise_finding(
            actor=world.users.evaluator, unit=world.unit_a, source="hotline", category="other", title="x"
        )
    finding = raise_for(world, severity="high", root_cause="窗口不足", responsible="王建国", immediate=True)
    assert (finding.severity, finding.root_cause, finding.responsible, finding.immediate) == (
        "high", "窗口不足", "王建国", True)  # fmt: skip
    assert finding.raised_by == world.users.admin


def test_a_common_finding_goes_to_each_unit_and_each_closes_on_its_own(world):
    common = actions.raise_common_finding(actor=world.users.admin, units=[world.unit_a, world.unit_b],
                                          source="desk_review", category="staffing", title="内设机构调整未报批")  # fmt: skip
    a, b = common.findings.order_by("unit__code")
    assert (a.unit, b.unit) == (world.unit_a, world.unit_b) and a.is_common
    to_state(world, a, "closed")
    assert Finding.objects.get(pk=b.pk).status == "open"
    with pytest.raises(Invalid):
        actions.raise_common_finding(actor=world.users.admin, units=[world.unit_a], source="other",
                                     category="other", title="一个单位")  # fmt: skip


def test_an_extra_category_is_accepted_by_its_name(world):
    with pytest.raises(Invalid):
        raise_for(world, category="窗口服务不规范")
    actions.save_category(actor=world.users.admin, name="窗口服务不规范")
    assert raise_for(world, category="窗口服务不规范").get_category_display() == "窗口服务不规范"
    assert raise_for(world, category="条条干预").category == "interference"


def test_an_overdue_finding_is_listed_on_the_office_to_do_and_reminded(
    world, django_capture_on_commit_callbacks
):
    late = raise_for(world, deadline=PAST, title="逾期未整改")
    done = to_state(world, raise_for(world, deadline=PAST, title="逾期但已核验"), "verified")
    assert list(selectors.overdue(world.users.admin)) == [late]
    assert done not in selectors.overdue(world.users.admin)
    office = [i for i in items_for(world.users.admin) if i.link.endswith("/findings/overdue/")]
    assert office and office[0].title == "1个问题整改逾期,请催办"
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remind_overdue(actor=world.users.admin) == 1
    from lvzhi.campaigns.models import Notification

    assert "逾期未整改" in Notification.objects.get(user=world.users.contact_a).text
    with pytest.raises(Refused):
        actions.remind_overdue(actor=world.users.contact_a)


def test_the_unit_contact_finds_its_findings_to_plan_on_its_to_do(world):
    finding = raise_for(world)
    returned = to_state(world, raise_for(world, title="被退回的问题"), "returned")
    items = [i for i in items_for(world.users.contact_a) if "/findings/" in i.link]
    assert {i.link for i in items} == {f"/findings/{finding.pk}/", f"/findings/{returned.pk}/"}
    assert [i.urgent for i in items if i.link.endswith(f"/{returned.pk}/")] == [True]


def test_counts_and_time_to_close(world):
    closed = to_state(world, raise_for(world), "closed")
    Finding.objects.filter(pk=closed.pk).update(issued_at=closed.closed_at - datetime.timedelta(days=12))
    raise_for(world, category="violation", source="audit")
    counts = selectors.counts(Finding.objects.all())
    assert counts.total == 2 and counts.closed == 1 and counts.average_days_to_close == 12
    assert ("audit", "审计或巡察报告", 1) in counts.by_source
    assert ("violation", "违规违纪", 1) in counts.by_category


def test_a_units_page_lists_its_open_findings_first(world, client):
    closed = to_state(world, raise_for(world, title="已销号的问题"), "closed")
    returned = to_state(world, raise_for(world, title="被退回的问题"), "returned")
    opened = raise_for(world, title="待整改的问题")
    assert list(selectors.unit_findings(world.users.contact_a, world.unit_a)) == [returned, opened, closed]
    client.force_login(world.users.contact_a)
    page = client.get(f"/findings/units/{world.unit_a.pk}/").content.decode()
    assert page.index("被退回的问题") < page.index("待整改的问题") < page.index("已销号的问题")
    assert client.get(f"/findings/units/{world.unit_b.pk}/").status_code == 404


def workbook(rows, headers=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "问题台账"
    sheet.append(headers or ["单位代码", "问题", "来源", "问题类别", "严重程度", "整改期限", "扣分"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(tmp_path, content, name="台账.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_import_stores_every_row_or_none_and_names_each_bad_cell(world, tmp_path):
    bad = workbook([
        ["LY001", "窗口排队时间长", "12345热线", "履职不到位", "一般", "2026-12-31", "2"],
        ["NOPE", "单位不存在", "12345热线", "履职不到位", "一般", "", ""],
        ["LY002", "类别不存在", "审计或巡察报告", "乱写的类别", "一般", "", "两分"],
    ])  # fmt: skip
    with pytest.raises(Invalid) as caught:
        imports.import_findings(write(tmp_path, bad), "台账.xlsx", actor=world.users.admin)
    problems = [str(e) for e in caught.value.errors]
    assert any("第3行" in p and "单位代码" in p and "NOPE" in p for p in problems)
    assert any("第4行" in p and "问题类别" in p for p in problems)
    assert any("第4行" in p and "扣分" in p for p in problems)
    assert Finding.objects.count() == 0
    good = workbook([["LY001", "窗口排队时间长", "12345热线", "履职不到位", "一般", "2026-12-31", "2"],
                     ["LY002", "政协委员反映救助审批慢", "人大代表政协委员意见", "违规违纪", "严重", "", ""]])  # fmt: skip
    assert imports.import_findings(write(tmp_path, good), "台账.xlsx", actor=world.users.admin) == 2
    first = Finding.objects.get(unit=world.unit_a)
    assert (first.source, first.category, str(first.deduction), first.deadline, first.status) == (
        "hotline", "underperformance", "2.00", datetime.date(2026, 12, 31), "open")  # fmt: skip
    assert first.issued_at is not None
    with pytest.raises(Refused):
        imports.import_findings(write(tmp_path, good), "台账.xlsx", actor=world.users.contact_a)


def test_the_export_reimports_as_the_same_findings_and_keeps_text_as_text(world, client, tmp_path):
    raise_for(world, title="=1+1 公式样的标题", deduction="1.5")
    client.force_login(world.users.admin)
    response = client.get("/findings/export/findings.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == FINDINGS.headers
    assert sheet["C2"].value == "=1+1 公式样的标题" and sheet["C2"].data_type == "s"
    Finding.objects.all().delete()
    assert imports.import_findings(write(tmp_path, response.content), "x.xlsx", actor=world.users.admin) == 1
    assert Finding.objects.get().title == "=1+1 公式样的标题"
    client.force_login(world.users.contact_b)
    assert client.get("/findings/export/findings.xlsx").status_code == 403


def test_the_api_walks_a_finding_to_closed_and_refuses_an_edit_after(world):
    from django.test import Client

    admin, contact = Client(), Client()
    admin.force_login(world.users.admin)
    contact.force_login(world.users.contact_a)
    body = {"unit_id": world.unit_a.pk, "source": "supervision", "category": "underperformance",
            "title": "监管预警:办件超时", "deadline": "2026-12-31"}  # fmt: skip
    created = admin.post("/api/findings/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert contact.post(f"/api/findings/{pk}/plan", {"plan": "压缩环节"}, content_type="application/json").json()[
        "status"] == "rectifying"  # fmt: skip
    assert contact.post(f"/api/findings/{pk}/verify", {}, content_type="application/json").status_code == 403
    contact.post(f"/api/findings/{pk}/evidence", {"note": "已压缩"}, content_type="application/json")
    assert admin.post(f"/api/findings/{pk}/return", {"reason": "无数据"},
                      content_type="application/json").json()["returns"] == 1  # fmt: skip
    contact.post(f"/api/findings/{pk}/evidence", {"note": "附数据"}, content_type="application/json")
    admin.post(f"/api/findings/{pk}/verify", {}, content_type="application/json")
    assert (
        admin.post(f"/api/findings/{pk}/close", {}, content_type="application/json").json()["status"]
        == "closed"
    )
    refused = admin.patch(f"/api/findings/{pk}", {"title": "改"}, content_type="application/json")
    assert refused.status_code == 409 and "已销号" in refused.json()["detail"]
    assert admin.get("/api/findings/counts").json()["closed"] == 1
    outsider = Client()
    outsider.force_login(world.users.contact_b)
    assert outsider.get(f"/api/findings/{pk}").status_code == 404
