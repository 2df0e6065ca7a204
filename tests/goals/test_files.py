"""The goals files: 年度目标 (goals with their tasks) and 季度进展 (quarterly progress), imported atomically with
errors naming row and column, exported with the import's columns so an export imports back; pages and API."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from lvzhi.audit.models import AuditEvent
from lvzhi.goals import exports, imports
from lvzhi.goals.formats import GOALS, PROGRESS
from lvzhi.goals.models import Goal, GoalTask, ProgressReport, Status
from lvzhi.registry.io.importers.base import ImportRejected

from .conftest import file_goal, qualitative, quantitative

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


def xlsx(path, kind, rows):
    headers = [c.header for c in kind.columns]
    book = Workbook()
    sheet = book.active
    sheet.title = kind.sheet
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    book.save(path)
    return path


def goal_row(seq=1, **more):
    base = {"单位代码": "LY001", "年度": 2026, "目标序号": seq, "目标层级": "单位", "目标内容": "新增市场主体400户",
            "目标来源": "中心工作", "来源说明": "2026年政府工作报告", "目标类别": "重点工作", "目标性质": "定量",
            "指标名称": "新增市场主体", "计量单位": "户", "年度目标值": 400, "一季度末目标值": 80,
            "责任科室代码": "02", "工作任务": "牵头推进市场主体培育", "完成时限": "2026-12-31", "配合单位代码": "LY002"}  # fmt: skip
    return {**base, **more}


def qualitative_row(seq=2, **more):
    base = {"单位代码": "LY001", "年度": 2026, "目标序号": seq, "目标层级": "科室", "科室代码": "02",
            "目标内容": "完善规划编制机制", "目标来源": "上级交办", "来源说明": "烟发改〔2026〕2号", "目标类别": "常规工作",
            "目标性质": "定性", "一季度措施": "调研", "二季度措施": "起草", "三季度措施": "征求意见", "四季度措施": "印发"}  # fmt: skip
    return {**base, **more}


def errors_of(caught):
    return {(e.row, e.header): e.reason for e in caught.value.errors}


def test_a_goals_file_files_goals_with_their_tasks_and_imports_back_unchanged(world, tmp_path):
    contact = world.users.contact_a
    path = xlsx(tmp_path / "g.xlsx", GOALS, [
        goal_row(1),
        goal_row(1, 目标内容="", 责任科室代码="01", 工作任务="统计与通报", 完成时限="2026年6月30日", 配合单位代码="",
                 配合科室代码="02"),
        qualitative_row(3),
        {**qualitative_row(4), "目标层级": "个人", "科室代码": "", "人员编号": "P0002", "目标内容": "完成公文500件"},
    ])  # fmt: skip
    result = imports.import_goals(path, actor=contact)
    assert result == {"rows": 4, "goals": 3, "created": 3, "updated": 0, "tasks": 2}
    goals = {g.seq: g for g in Goal.objects.filter(unit=world.unit_a)}
    assert sorted(goals) == [1, 3, 4]
    first = goals[1]
    assert (first.status, first.target, first.target_q1, first.category) == (
        "draft",
        Decimal(400),
        Decimal(80),
        "key",
    )
    tasks = list(first.tasks.order_by("seq"))
    assert [(t.internal_body.code, t.deadline) for t in tasks] == [
        ("02", datetime.date(2026, 12, 31)), ("01", datetime.date(2026, 6, 30)),
    ]  # fmt: skip
    assert list(tasks[0].cooperating_units.all()) == [world.unit_b]
    assert list(tasks[1].cooperating_bodies.all()) == [world.planning]
    assert goals[3].level == "body" and goals[3].internal_body == world.planning
    assert goals[4].level == "person" and goals[4].person.name == "李秀英"
    assert AuditEvent.objects.filter(event_type="goals.imported", actor=contact).exists()

    handle, name = exports.export("goals", Goal.objects.all())
    assert name.endswith(".xlsx")
    out = tmp_path / "out.xlsx"
    out.write_bytes(handle.read())
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == [c.header for c in GOALS.columns]
    assert sheet.max_row == 5  # goal 1 has two task rows
    assert sheet.cell(row=2, column=len(GOALS.columns)).value == "草稿"
    result = imports.import_goals(out, out.name, actor=contact)
    assert result == {"rows": 4, "goals": 3, "created": 0, "updated": 3, "tasks": 2}
    first.refresh_from_db()
    assert first.target == Decimal(400)
    assert sorted(GoalTask.objects.filter(goal=first).values_list("text", flat=True)) == [
        "牵头推进市场主体培育",
        "统计与通报",
    ]


def test_a_goals_file_with_errors_names_row_and_column_and_stores_nothing(world, tmp_path):
    submitted = file_goal(world, quantitative(), submit=True)
    path = xlsx(tmp_path / "g.xlsx", GOALS, [
        goal_row(5, 年度目标值="四百"),
        qualitative_row(6, 二季度措施=""),
        goal_row(7, 单位代码="XX999"),
        goal_row(8, 责任科室代码="99"),
        goal_row(submitted.seq),
        goal_row(9, 单位代码="LY002", 责任科室代码=""),
        goal_row(10, 目标来源="三定职责", 三定职责序号=99),
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        imports.import_goals(path, actor=world.users.contact_a)
    errors = errors_of(caught)
    assert errors[(2, "年度目标值")] == "「四百」不是数值"
    assert errors[(3, "二季度措施")] == "定性目标须填写每个季度的措施。"
    assert "XX999" in errors[(4, "单位代码")]
    assert "没有代码为“99”的内设机构" in errors[(5, "责任科室代码")]
    assert "当前为「待审核」" in errors[(6, "目标序号")]
    assert errors[(7, "单位代码")] == "系统中没有代码为“LY002”的单位"  # another unit is not even named
    assert "现行三定中没有第99项主要职责" in errors[(8, "三定职责序号")]
    assert all(e.column for e in caught.value.errors)
    assert Goal.objects.count() == 1 and GoalTask.objects.count() == 1


def test_quarterly_progress_comes_in_by_file_for_approved_goals_only(world, tmp_path):
    quantitative_goal = file_goal(world, quantitative(), approve=True)
    qualitative_goal = file_goal(world, qualitative(), approve=True)
    draft = file_goal(world, quantitative(title="草稿目标"))
    base = {"单位代码": "LY001", "年度": 2026}
    rows = [
        {**base, "目标序号": quantitative_goal.seq, "季度": 1, "累计完成值": 60, "进展情况": "新增60户"},
        {**base, "目标序号": quantitative_goal.seq, "季度": 2, "累计完成值": "200.5", "进展情况": "新增140户"},
        {**base, "目标序号": qualitative_goal.seq, "季度": 1, "完成情况": "部分完成", "进展情况": "调研过半",
         "存在问题及下步打算": "加快进度"},
    ]  # fmt: skip
    result = imports.import_progress(
        xlsx(tmp_path / "p.xlsx", PROGRESS, rows), actor=world.users.contact_a, today=TODAY
    )
    assert result == {"rows": 3, "reports": 3, "new_reports": 3, "corrected": 0}
    q1 = ProgressReport.objects.get(goal=quantitative_goal, quarter=1)
    assert (q1.actual, q1.completion) == (
        Decimal(60),
        "partial",
    )  # 60 of the Q1 target 100 (400 at an even pace)
    assert ProgressReport.objects.get(goal=quantitative_goal, quarter=2).actual == Decimal("200.50")
    assert ProgressReport.objects.get(goal=qualitative_goal, quarter=1).problems == "加快进度"

    bad = [
        {**base, "目标序号": quantitative_goal.seq, "季度": 1, "进展情况": "没写数"},
        {**base, "目标序号": draft.seq, "季度": 1, "累计完成值": 10, "进展情况": "x"},
        {**base, "目标序号": qualitative_goal.seq, "季度": 2, "进展情况": "x"},
        {**base, "目标序号": 99, "季度": 1, "进展情况": "x"},
        {**base, "目标序号": quantitative_goal.seq, "目标内容": "别的目标", "季度": 3, "累计完成值": 1, "进展情况": "x"},
        {**base, "目标序号": quantitative_goal.seq, "季度": 5, "累计完成值": 1, "进展情况": "x"},
    ]  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        imports.import_progress(
            xlsx(tmp_path / "bad.xlsx", PROGRESS, bad), actor=world.users.contact_a, today=TODAY
        )
    errors = errors_of(caught)
    assert errors[(2, "累计完成值")] == "定量目标须填写累计完成值(户)。"
    assert "当前为「草稿」" in errors[(3, "目标序号")]
    assert errors[(4, "完成情况")] == "请选择本季度措施的完成情况。"
    assert "没有2026年序号为99的目标" in errors[(5, "目标序号")]
    assert "不一致" in errors[(6, "目标内容")]
    assert "大于最大值" in errors[(7, "季度")]
    assert ProgressReport.objects.count() == 3
    assert ProgressReport.objects.get(goal=quantitative_goal, quarter=1).progress == "新增60户"

    handle, _name = exports.export("progress", Goal.objects.all(), "csv")
    out = tmp_path / "p.csv"
    out.write_bytes(handle.read())
    text = out.read_text("utf-8-sig")
    assert text.splitlines()[0] == ",".join(c.header for c in PROGRESS.columns)
    assert "新增市场主体,2,200.50,已完成" in text
    result = imports.import_progress(out, out.name, actor=world.users.contact_a, today=TODAY)
    assert result == {"rows": 3, "reports": 3, "new_reports": 0, "corrected": 3}


def test_exported_text_is_never_a_formula(world, tmp_path):
    file_goal(world, quantitative(title='=HYPERLINK("http://x","点击")'))
    handle, _name = exports.export("goals", Goal.objects.all())
    out = tmp_path / "f.xlsx"
    out.write_bytes(handle.read())
    cell = load_workbook(out).active["G2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_the_pages_import_and_export_only_what_the_user_sees(world, login, tmp_path):
    file_goal(world, quantitative(), approve=True)
    other = world.unit_b
    Goal.objects.create(unit=other, year=2026, seq=1, title="民政目标", source="assigned", source_note="x",
                        nature="qualitative", status=Status.DRAFT)  # fmt: skip
    contact = login(world.users.contact_a)
    page = contact.get("/goals/import/")
    assert page.status_code == 200 and "导入年度目标和季度进展" in page.content.decode()
    path = xlsx(tmp_path / "g.xlsx", GOALS, [qualitative_row(3, 三季度措施="")])
    with path.open("rb") as handle:
        response = contact.post(
            "/goals/import/", {"kind": "goals", "file": SimpleUploadedFile("g.xlsx", handle.read())}
        )
    body = response.content.decode()
    assert response.status_code == 200 and "定性目标须填写每个季度的措施。" in body and "三季度措施" in body
    assert not Goal.objects.filter(seq=3).exists()

    response = contact.get("/goals/export/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "新增市场主体" in text and "民政目标" not in text
    assert login(world.users.admin).get("/goals/export/?kind=progress&year=2026").status_code == 200
    assert login(world.users.third_party).get("/goals/import/").status_code == 403


def test_the_api_imports_atomically_and_exports_by_kind(world, login, tmp_path):
    client = login(world.users.contact_a)
    path = xlsx(tmp_path / "g.xlsx", GOALS, [goal_row(1), goal_row(2, 年度目标值=-1)])
    with path.open("rb") as handle:
        response = client.post(
            "/api/goals/imports/goals", {"file": SimpleUploadedFile("g.xlsx", handle.read())}
        )
    assert response.status_code == 422, response.content
    assert "第3行" in response.content.decode()
    assert not Goal.objects.exists()
    path = xlsx(tmp_path / "g2.xlsx", GOALS, [goal_row(1)])
    with path.open("rb") as handle:
        response = client.post(
            "/api/goals/imports/goals", {"file": SimpleUploadedFile("g.xlsx", handle.read())}
        )
    assert response.status_code == 201 and response.json()["result"]["created"] == 1
    response = client.get("/api/goals/exports/goals?format=csv")
    assert response.status_code == 200
    assert "新增市场主体400户" in b"".join(response.streaming_content).decode("utf-8-sig")
    assert client.get("/api/goals/exports/other").status_code == 422


def test_the_docs_describe_every_column_of_both_files():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "goals.md").read_text(encoding="utf-8")
    for kind in (GOALS, PROGRESS):
        for col in kind.columns:
            assert f"| {col.header} |" in doc, col.header
            for _code, label in col.choices:
                assert label in doc
