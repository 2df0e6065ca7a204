"""Goals API (年度工作目标), mounted at /api/goals/: the pages' actions with the same table
(lvzhi/goals/policy.py): goals and their tasks, submission and review, quarterly progress with evidence, the
overdue list and reminders, the feed into a campaign, imports and exports. Thin: schema in, action or selector,
schema out."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.api.schemas import InputSchema
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import InternalBody, MainDuty, Person, Unit

from . import actions, deadlines, exports, feed, imports, owners, progress, selectors
from .actions import GoalFields
from .models import Goal, GoalTask, ProgressReport
from .policy import POLICY

router = Router(tags=[_("年度工作目标")])
NO_CONTENT = {204: None, **ERROR_RESPONSES}


class GoalIn(InputSchema):
    year: int
    title: str
    source: str
    nature: str
    category: str = "regular"
    level: str = "unit"
    internal_body: int | None = None
    person: int | None = None
    main_duty: int | None = None
    source_note: str = ""
    metric: str = ""
    measure_unit: str = ""
    target: Decimal | None = None
    target_q1: Decimal | None = None
    target_q2: Decimal | None = None
    target_q3: Decimal | None = None
    measure_q1: str = ""
    measure_q2: str = ""
    measure_q3: str = ""
    measure_q4: str = ""


class GoalTaskIn(InputSchema):
    internal_body: int
    text: str
    deadline: dt.date | None = None
    cooperating_units: list[int] = []
    cooperating_bodies: list[int] = []


class GoalReviewIn(InputSchema):
    decision: str
    reason: str = ""


class ProgressReportIn(InputSchema):
    progress: str
    actual: Decimal | None = None
    completion: str = ""
    problems: str = ""


class GoalTaskOut(Schema):
    id: int
    seq: int
    internal_body: int
    internal_body_name: str
    text: str
    deadline: dt.date | None
    cooperating_units: list[int]
    cooperating_bodies: list[int]


class GoalEvidenceOut(Schema):
    id: int
    name: str
    url: str


class ProgressReportOut(Schema):
    quarter: int
    actual: Decimal | None
    completion: str
    completion_label: str
    progress: str
    problems: str
    reported_at: dt.datetime
    due: dt.date
    late: bool
    evidence: list[GoalEvidenceOut]


class GoalReviewOut(Schema):
    decision: str
    reason: str
    reviewed_at: dt.datetime


class GoalOut(Schema):
    id: int
    unit: int
    unit_name: str
    year: int
    seq: int
    level: str
    internal_body: int | None
    person: int | None
    title: str
    source: str
    source_label: str
    main_duty: int | None
    source_note: str
    category: str
    nature: str
    metric: str
    measure_unit: str
    target: Decimal | None
    quarter_targets: list[Decimal | None]
    measures: list[str]
    status: str
    status_label: str
    return_reason: str
    tasks: list[GoalTaskOut]
    reports: list[ProgressReportOut]
    reviews: list[GoalReviewOut]


class OverdueReportOut(Schema):
    goal: int
    unit: int
    unit_name: str
    title: str
    year: int
    quarter: int
    due: dt.date


class RemindedOut(Schema):
    count: int


class GoalFeedOut(Schema):
    rows: int


def _report_out(report: ProgressReport, goal: Goal) -> dict[str, Any]:
    due = deadlines.period(goal.year, report.quarter).due
    return {
        "quarter": report.quarter, "actual": report.actual, "completion": report.completion,
        "completion_label": str(report.get_completion_display()), "progress": report.progress,
        "problems": report.problems, "reported_at": report.reported_at, "due": due,
        "late": report.reported_at.date() > due,
        "evidence": [{"id": e.pk, "name": e.file_name, "url": f"/files/{e.file.name}"} for e in report.evidence.all()],
    }  # fmt: skip


def goal_out(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk, "unit": goal.unit_id, "unit_name": goal.unit.name, "year": goal.year, "seq": goal.seq,
        "level": goal.level, "internal_body": goal.internal_body_id, "person": goal.person_id, "title": goal.title,
        "source": goal.source, "source_label": str(goal.get_source_display()), "main_duty": goal.main_duty_id,
        "source_note": goal.source_note, "category": goal.category, "nature": goal.nature, "metric": goal.metric,
        "measure_unit": goal.measure_unit, "target": goal.target,
        "quarter_targets": [goal.quarter_target(q) for q in (1, 2, 3, 4)],
        "measures": [goal.measure(q) for q in (1, 2, 3, 4)], "status": goal.status,
        "status_label": str(goal.get_status_display()), "return_reason": goal.return_reason,
        "tasks": [
            {"id": t.pk, "seq": t.seq, "internal_body": t.internal_body_id, "internal_body_name": t.internal_body.name,
             "text": t.text, "deadline": t.deadline, "cooperating_units": [u.pk for u in t.cooperating_units.all()],
             "cooperating_bodies": [b.pk for b in t.cooperating_bodies.all()]}
            for t in goal.tasks.all()
        ],
        "reports": [_report_out(r, goal) for r in goal.reports.all()],
        "reviews": [{"decision": r.decision, "reason": r.reason, "reviewed_at": r.reviewed_at} for r in goal.reviews.all()],
    }  # fmt: skip


def _goal(user: Any, pk: int, action: str = "view") -> Goal:
    goal: Goal = get_for(user, selectors.with_detail(selectors.goals_of(user)), action, pk=pk)
    return goal


def _one(queryset: QuerySet[Any], pk: int | None, field: str, unit: Unit) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise invalid(field, _("找不到该对象,或不属于本单位。"))
    return found


def _fields(payload: GoalIn, unit: Unit) -> GoalFields:
    data = payload.model_dump()
    data["internal_body"] = _one(
        InternalBody.objects.filter(unit=unit), payload.internal_body, "internal_body", unit
    )
    data["person"] = _one(Person.objects.filter(unit=unit), payload.person, "person", unit)
    data["main_duty"] = _one(
        MainDuty.objects.filter(sanding__unit=unit), payload.main_duty, "main_duty", unit
    )
    return GoalFields(**data)


@router.get("/", response={200: list[GoalOut], **ERROR_RESPONSES}, summary=_("年度目标(看得到的单位)"))
@enforces(POLICY, "view")
def list_goals(
    request: Any, year: int | None = None, unit: int | None = None, status: str | None = None
) -> Any:
    POLICY.require(request.auth, "view")
    goals = selectors.with_detail(selectors.goals_of(request.auth))
    if year is not None:
        goals = goals.filter(year=year)
    if unit is not None:
        goals = goals.filter(unit_id=unit)
    if status:
        goals = goals.filter(status=status)
    return [goal_out(g) for g in goals.order_by("unit__code", "year", "level", "seq")[:2000]]


@router.get(
    "/overdue", response={200: list[OverdueReportOut], **ERROR_RESPONSES}, summary=_("逾期未报的季度进展")
)
@enforces(POLICY, "remind")
def list_overdue(request: Any) -> Any:
    POLICY.require(request.auth, "remind")
    return [
        {"goal": o.goal.pk, "unit": o.goal.unit_id, "unit_name": o.goal.unit.name, "title": o.goal.title,
         "year": o.goal.year, "quarter": o.quarter, "due": o.due}
        for o in selectors.overdue(request.auth, timezone.localdate())
    ]  # fmt: skip


@router.post("/overdue/remind", response={200: RemindedOut, **ERROR_RESPONSES}, summary=_("提醒逾期单位"))
@enforces(POLICY, "remind")
def remind(request: Any) -> Any:
    return {"count": progress.remind_overdue(actor=request.auth)}


@router.post(
    "/feed/{campaign_id}",
    response={200: GoalFeedOut, **ERROR_RESPONSES},
    summary=_("目标完成情况计入评估指标"),
)
@enforces(POLICY, "feed_scores")
def feed_scores(request: Any, campaign_id: int) -> Any:
    from lvzhi.campaigns.models import Campaign

    POLICY.require(request.auth, "feed_scores")
    campaign = get_for(request.auth, Campaign.objects.all(), "view", pk=campaign_id)
    return {"rows": feed.feed_scores(campaign, actor=request.auth).rows}


class GoalImportOut(Schema):
    result: dict[str, int]


@router.post(
    "/imports/{kind}",
    response={201: GoalImportOut, **ERROR_RESPONSES},
    summary=_("导入年度目标(kind=goals)或季度进展(kind=progress):整份文件校验,有错则不导入"),
)
@enforces(POLICY, "import")
def import_file(request: Any, kind: str, file: File[UploadedFile], reason: Form[str] = "") -> Any:
    POLICY.require(request.auth, "import")
    importer = {"goals": imports.import_goals, "progress": imports.import_progress}.get(kind)
    if importer is None:
        raise Invalid(str(_("文件内容只能是 goals(年度目标)或 progress(季度进展)。")), field="kind")
    with tempfile.NamedTemporaryFile(suffix="." + (file.name or "x.xlsx").rsplit(".", 1)[-1]) as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        result = importer(tmp.name, file.name or "", actor=request.auth, reason=reason)
    return Status(201, {"result": result})


@router.get(
    "/exports/{kind}",
    response={200: None, **ERROR_RESPONSES},
    summary=_("导出年度目标(kind=goals)或季度进展(kind=progress):Excel 或 CSV,导入的列"),
)
@enforces(POLICY, "export")
def export_file(
    request: Any, kind: str, unit: int | None = None, year: int | None = None, format: str = "xlsx"
) -> Any:
    POLICY.require(request.auth, "export")
    if kind not in exports.KINDS:
        raise Invalid(str(_("文件内容只能是 goals(年度目标)或 progress(季度进展)。")), field="kind")
    if format not in {"xlsx", "csv"}:
        raise Invalid(str(_("格式只能是 xlsx 或 csv。")), field="format")
    goals = selectors.goals_of(request.auth, "export")
    if unit is not None:
        goals = goals.filter(unit=get_for(request.auth, Unit.objects.all(), "view", policy=POLICY, pk=unit))
    if year is not None:
        goals = goals.filter(year=year)
    handle, name = exports.export(kind, goals, format)
    return FileResponse(handle, as_attachment=True, filename=name)


class PlanFigureOut(Schema):
    period: str
    value: Decimal | None
    note: str


class PlanCellOut(Schema):
    leaf: str
    name: str
    figures: list[PlanFigureOut]
    mean: Decimal | None


class PlanRowOut(Schema):
    level: str
    name: str
    goals: int
    cells: list[PlanCellOut]


@router.get(
    "/units/{unit_id}/plans/{year}",
    response={200: list[PlanRowOut], **ERROR_RESPONSES},
    summary=_("科室、个人目标计划书按部门内部方案的目标指标考评(scheme:方案版本,缺省为最新的)"),
)
@enforces(POLICY, "view")
def plan_rows(request: Any, unit_id: int, year: int, scheme: int | None = None) -> Any:
    unit: Unit = get_for(request.auth, Unit.objects.all(), "view", policy=POLICY, pk=unit_id)
    versions = owners.internal_versions(request.auth)
    version = versions.filter(pk=scheme).first() if scheme is not None else versions.first()
    if version is None:
        raise Invalid(str(_("没有这个已发布的部门内部方案。")), field="scheme")
    _leaves, rows = owners.owner_rows(request.auth, version, unit, year)
    return [
        {"level": row.level, "name": row.name, "goals": row.goals, "cells": [
            {"leaf": cell.leaf.code, "name": cell.leaf.name, "mean": owners.mean(cell), "figures": [
                {"period": part, "value": fig.value if fig else None, "note": fig.note if fig else ""}
                for part, fig in cell.figures
            ]} for cell in row.cells
        ]} for row in rows
    ]  # fmt: skip


@router.post("/units/{unit_id}/goals", response={201: GoalOut, **ERROR_RESPONSES}, summary=_("填报年度目标"))
@enforces(POLICY, "file")
def create_goal(request: Any, unit_id: int, payload: GoalIn) -> Any:
    unit: Unit = get_for(request.auth, Unit.objects.all(), "view", policy=POLICY, pk=unit_id)
    goal = actions.save_goal(unit, _fields(payload, unit), actor=request.auth)
    return Status(201, goal_out(_goal(request.auth, goal.pk)))


@router.get("/{pk}", response={200: GoalOut, **ERROR_RESPONSES}, summary=_("一项年度目标"))
@enforces(POLICY, "view")
def get_goal(request: Any, pk: int) -> Any:
    return goal_out(_goal(request.auth, pk))


@router.put("/{pk}", response={200: GoalOut, **ERROR_RESPONSES}, summary=_("修改年度目标(草稿或被退回的)"))
@enforces(POLICY, "edit")
def update_goal(request: Any, pk: int, payload: GoalIn) -> Any:
    goal = _goal(request.auth, pk, "edit")
    actions.save_goal(goal.unit, _fields(payload, goal.unit), goal=goal, actor=request.auth)
    return goal_out(_goal(request.auth, pk))


@router.delete("/{pk}", response=NO_CONTENT, summary=_("删除年度目标(草稿或被退回的)"))
@enforces(POLICY, "edit")
def delete_goal(request: Any, pk: int) -> Any:
    actions.delete_goal(_goal(request.auth, pk, "edit"), actor=request.auth)
    return Status(204, None)


@router.post("/{pk}/submit", response={200: GoalOut, **ERROR_RESPONSES}, summary=_("报送审核"))
@enforces(POLICY, "submit")
def submit_goal(request: Any, pk: int) -> Any:
    actions.submit_goal(_goal(request.auth, pk, "submit"), actor=request.auth)
    return goal_out(_goal(request.auth, pk))


@router.post(
    "/{pk}/review", response={200: GoalOut, **ERROR_RESPONSES}, summary=_("审核:通过,或写明理由退回")
)
@enforces(POLICY, "review")
def review_goal(request: Any, pk: int, payload: GoalReviewIn) -> Any:
    goal = _goal(request.auth, pk, "review")
    actions.review_goal(goal, decision=payload.decision, reason=payload.reason, actor=request.auth)
    return goal_out(_goal(request.auth, pk))


@router.post("/{pk}/tasks", response={201: GoalTaskOut, **ERROR_RESPONSES}, summary=_("添加分解任务"))
@enforces(POLICY, "edit")
def add_task(request: Any, pk: int, payload: GoalTaskIn) -> Any:
    goal = _goal(request.auth, pk, "edit")
    body = _one(
        InternalBody.objects.filter(unit=goal.unit), payload.internal_body, "internal_body", goal.unit
    )
    units = list(Unit.objects.filter(pk__in=payload.cooperating_units))
    if len(units) != len(set(payload.cooperating_units)):
        raise invalid("cooperating_units", _("找不到配合单位。"))
    bodies = list(InternalBody.objects.filter(pk__in=payload.cooperating_bodies, unit=goal.unit))
    if len(bodies) != len(set(payload.cooperating_bodies)):
        raise invalid("cooperating_bodies", _("配合科室须是本单位的内设机构。"))
    task = actions.save_task(
        goal, internal_body=body, text=payload.text, deadline=payload.deadline, cooperating_units=units,
        cooperating_bodies=bodies, actor=request.auth,
    )  # fmt: skip
    out = goal_out(_goal(request.auth, pk))
    return Status(201, next(t for t in out["tasks"] if t["id"] == task.pk))


@router.delete("/tasks/{task_id}", response=NO_CONTENT, summary=_("删除分解任务"))
@enforces(POLICY, "edit")
def delete_task(request: Any, task_id: int) -> Any:
    task: GoalTask = get_for(request.auth, GoalTask.objects.select_related("goal"), "edit", pk=task_id)
    actions.delete_task(task, actor=request.auth)
    return Status(204, None)


@router.put(
    "/{pk}/progress/{quarter}",
    response={200: ProgressReportOut, **ERROR_RESPONSES},
    summary=_("报告季度进展"),
)
@enforces(POLICY, "report")
def report_progress(request: Any, pk: int, quarter: int, payload: ProgressReportIn) -> Any:
    goal = _goal(request.auth, pk, "report")
    report = progress.report_progress(
        goal, quarter, progress=payload.progress, actual=payload.actual, completion=payload.completion,
        problems=payload.problems, actor=request.auth,
    )  # fmt: skip
    return _report_out(report, goal)


@router.post(
    "/{pk}/progress/{quarter}/evidence",
    response={201: ProgressReportOut, **ERROR_RESPONSES},
    summary=_("上传进展佐证材料"),
)
@enforces(POLICY, "report")
def upload_evidence(request: Any, pk: int, quarter: int, file: File[UploadedFile]) -> Any:
    goal = _goal(request.auth, pk, "report")
    report = goal.reports.filter(quarter=quarter).first()
    if report is None:
        raise Invalid(_("请先报告该季度的进展,再上传佐证材料。"), field="quarter")
    report = progress.report_progress(
        goal, quarter, progress=report.progress, actual=report.actual, completion=report.completion,
        problems=report.problems, files=[file], actor=request.auth,
    )  # fmt: skip
    return Status(201, _report_out(report, goal))
