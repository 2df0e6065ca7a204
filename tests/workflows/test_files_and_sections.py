"""The 流程图 file (import atomic with row and column errors; export imports back), the pages and API at work,
work norms behind the unit's access check, and 一表一图一规范一机制 with its missing parts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from lvzhi.core.errors import Invalid
from lvzhi.duties.models import BodyDuty, BoundaryItem, Task
from lvzhi.registry.models import Unit
from lvzhi.workflows import actions, exports, imports, norms, sections, selectors
from lvzhi.workflows.formats import WORKFLOWS
from lvzhi.workflows.models import Status, Workflow

from .conftest import AFTER, BEFORE

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in WORKFLOWS.columns]


def xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = WORKFLOWS.sheet
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADERS])
    book.save(path)
    return path


def row(step_no, step, sub=None, **more):
    base = {"单位代码": "LY001", "流程编码": "LC-7", "流程名称": "企业投资项目核准流程", "事项类别": "权责事项",
            "权责事项编码": "XK-001", "承办科室代码": "02", "环节序号": step_no, "子环节序号": sub, "环节名称": step,
            "责任岗位代码": "A-11"}  # fmt: skip
    return {**base, **more}


def test_a_file_makes_a_workflow_with_sub_steps_and_imports_back_unchanged(flow, tmp_path):
    path = xlsx(tmp_path / "f.xlsx", [
        row(1, "受理", 时限=4, 时限单位="工作小时", 签批层级="经办岗位", 材料="项目申请报告;营业执照"),
        row(2, "审查"),
        row(2, "材料审查", sub=1, 时限=2, 时限单位="工作日", 时限依据="《企业投资项目核准和备案管理条例》第十一条"),
        row(2, "征求意见", sub=2, 责任岗位代码="", 责任主体="相关部门", 时限=5),
        row(3, "科室审批", 责任岗位代码="A-10", 签批层级="科室负责人"),
    ])  # fmt: skip
    result = imports.import_workflows(path, actor=flow.admin)
    assert result == {"rows": 5, "workflows": 1, "created": 1, "new_versions": 1, "steps": 5}
    workflow = Workflow.objects.get(code="LC-7")
    version = workflow.versions.get()
    specs = selectors.steps_of(version)
    assert [(s.number, s.name, s.post_name) for s in specs] == [
        ("1", "受理", "规划科科员"), ("2", "审查", "规划科科员"), ("2.1", "材料审查", "规划科科员"),
        ("2.2", "征求意见", "相关部门"), ("3", "科室审批", "规划科科长"),
    ]  # fmt: skip
    assert version.steps.get(name="受理").material_list == ["项目申请报告", "营业执照"]
    actions.adopt(version, valid_from=datetime.date(2026, 1, 5), actor=flow.admin)
    handle, name = exports.export(Workflow.objects.all())
    assert name.endswith(".xlsx")
    out = tmp_path / "out.xlsx"
    out.write_bytes(handle.read())
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 6
    # imported back: a new draft version with the same steps
    result = imports.import_workflows(out, actor=flow.admin)
    assert result["new_versions"] == 1
    draft = workflow.versions.get(number=2)
    assert draft.status == Status.DRAFT
    assert selectors.compare(version, draft).kinds == []
    assert [s.name for s in selectors.steps_of(draft)] == [s.name for s in specs]


def test_a_file_with_errors_names_row_and_column_and_stores_nothing(flow, tmp_path):
    path = xlsx(tmp_path / "bad.xlsx", [
        row(1, "受理"),
        row(2, "审查", 责任岗位代码="NO-SUCH"),
        row(3, "材料审查", sub=1),
        row(4, "送达", 责任岗位代码="", 时限单位="天"),
        row(5, "归档", 单位代码="XX999"),
    ])  # fmt: skip
    with pytest.raises(Invalid) as caught:
        imports.import_workflows(path, actor=flow.admin)
    errors = {(e.row, e.header): e.reason for e in caught.value.errors}
    assert "没有代码为“NO-SUCH”的岗位" in errors[(3, "责任岗位代码")]
    assert "第3个环节不在文件中" in errors[(4, "环节序号")]
    assert (5, "时限单位") in errors and (5, "责任岗位代码") in errors
    assert "XX999" in errors[(6, "单位代码")]
    assert all(e.column for e in caught.value.errors)
    assert not Workflow.objects.exists()


def test_the_pages_show_the_diagram_the_comparison_and_the_checks(flow, login):
    workflow = flow.new()
    v1 = flow.draw(workflow.versions.get(), BEFORE)
    actions.adopt(v1, valid_from=datetime.date(2025, 7, 1), actor=flow.admin)
    v2 = actions.new_version(workflow, reason="流程再造", actor=flow.admin)
    for step in v2.steps.filter(parent=None):
        actions.delete_step(step, actor=flow.admin)
    flow.draw(v2, AFTER)
    client = login(flow.admin)
    page = client.get(f"/workflows/{workflow.pk}/?v=1").content.decode()
    assert "<svg" in page and "超过四级" in page and "局长签发" in page
    compare = client.get(f"/workflows/{workflow.pk}/compare/").content.decode()
    assert "减环节、减程序、减材料、减时限、减层级" in compare
    assert "环节:7 → 4(减少 3 个)" in compare
    svg = client.get(f"/workflows/versions/{v1.pk}/image.svg")
    assert svg["Content-Type"].startswith("image/svg+xml") and "attachment" in svg["Content-Disposition"]
    assert "党组会研究" in svg.content.decode()
    checks = client.get("/workflows/checks/").content.decode()
    assert "签批超过四级 1 个" in checks


def test_the_api_draws_a_workflow_and_a_contact_of_another_unit_sees_nothing(flow, login):
    contact = flow.world.users.contact_a
    client = login(contact)
    created = client.post(
        "/api/workflows/",
        {"unit": flow.world.unit_a.pk, "code": "LC-8", "name": "备案流程", "subject_kind": "power",
         "power_item_key": flow.item.key},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    version_id = created.json()["versions"][0]["id"]
    top = client.post(
        f"/api/workflows/versions/{version_id}/steps",
        {"name": "审查", "post": flow.posts.clerk.pk, "time_limit": 3, "materials": ["申请书"]},
        content_type="application/json",
    )
    assert top.status_code == 201 and top.json()["number"] == "1"
    sub = client.post(
        f"/api/workflows/versions/{version_id}/steps",
        {"name": "初审", "parent": top.json()["id"], "responsible": "窗口"},
        content_type="application/json",
    )
    assert sub.json()["number"] == "1.1"
    assert client.post(f"/api/workflows/versions/{version_id}/submit").status_code == 200
    spec = client.get(f"/api/workflows/versions/{version_id}/spec").json()
    assert [(s["number"], s["parent"]) for s in spec] == [("1", ""), ("1.1", "1")]
    other = login(flow.world.users.contact_b)
    assert other.get(f"/api/workflows/versions/{version_id}").status_code == 404
    assert other.get(f"/workflows/{created.json()['id']}/").status_code == 404
    adopted = login(flow.admin).post(
        f"/api/workflows/versions/{version_id}/adopt", {}, content_type="application/json"
    )
    assert adopted.json()["status"] == "in_force"


def test_a_norm_file_is_read_only_by_who_sees_the_unit(flow, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contact = flow.world.users.contact_a
    upload = SimpleUploadedFile("规程.pdf", b"%PDF-1.4 norm", content_type="application/pdf")
    norm = norms.add_norm(flow.world.planning, title="规划科工作规程", upload=upload, actor=contact)
    url = f"/files/{norm.file.name}"
    assert login(contact).get(url).status_code == 200
    assert login(flow.world.users.contact_b).get(url).status_code == 404
    assert login(flow.world.users.third_party).get(url).status_code == 404
    with pytest.raises(Invalid, match="类型不允许"):
        norms.add_norm(
            flow.world.planning, title="x", upload=SimpleUploadedFile("x.exe", b"MZ"), actor=contact
        )


def test_each_section_shows_its_four_parts_and_what_is_missing(flow, login):
    world = flow.world
    duty = BodyDuty.objects.create(unit=world.unit_a, internal_body=world.planning, seq=1, text="负责规划。")
    Task.objects.create(unit=world.unit_a, body_duty=duty, seq=1, text="起草规划")
    parts = {p.body.name: p for p in sections.sections_of(Unit.objects.filter(pk=world.unit_a.pk))}
    assert parts["规划科"].missing == ["workflows", "norms", "boundaries"]
    assert parts["办公室"].missing == ["tasks", "workflows", "norms", "boundaries"]
    workflow = flow.new()
    actions.adopt(
        flow.draw(workflow.versions.get(), AFTER), valid_from=datetime.date(2025, 7, 1), actor=flow.admin
    )
    norms.add_norm(world.planning, title="规划科工作规程", actor=flow.admin)
    item = BoundaryItem.objects.create(
        region=world.laiyang,
        code="BJ-9",
        matter="规划衔接",
        unit=world.unit_a,
        valid_from=datetime.date(2025, 1, 1),
    )
    item.power_items.add(flow.item)  # handled by 规划科 (the power item's internal body)
    parts = {p.body.name: p for p in sections.sections_of(Unit.objects.filter(pk=world.unit_a.pk))}
    assert parts["规划科"].complete
    assert parts["办公室"].missing == ["tasks", "workflows", "norms", "boundaries"]
    rows, total = sections.missing_by_unit(Unit.objects.filter(pk=world.unit_a.pk))
    assert (rows[0].sections, rows[0].complete, total.missing["norms"]) == (2, 1, 1)
    page = login(flow.admin).get(f"/workflows/sections/{world.planning.pk}/").content.decode()
    assert (
        "起草规划" in page
        and "企业投资项目核准流程" in page
        and "规划科工作规程" in page
        and "规划衔接" in page
    )
    missing = login(flow.admin).get("/workflows/sections/missing/").content.decode()
    assert "办公室" in missing
    assert login(world.users.contact_a).get("/workflows/sections/missing/").status_code == 403


def test_the_to_do_lists_a_returned_draft_for_the_contact_and_a_submission_for_the_office(flow):
    from lvzhi.workflows.todo import workflows_todo

    contact = flow.world.users.contact_a
    workflow = flow.new(actor=contact)
    version = flow.draw(workflow.versions.get(), AFTER, actor=contact)
    actions.submit(version, actor=contact)
    office = [i.title for i in workflows_todo(flow.admin)]
    assert office == ["审定莱阳市发展和改革局报送的流程图「企业投资项目核准流程」"]
    actions.return_version(version, reason="请补充时限依据", actor=flow.admin)
    items = workflows_todo(contact)
    assert items[0].title == "修改退回的流程图「企业投资项目核准流程」" and items[0].urgent
    assert items[0].detail == "请补充时限依据"
    assert workflows_todo(flow.world.users.contact_b) == []
