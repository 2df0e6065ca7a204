"""The goals room's files in: the 年度目标 sheet (goals with their tasks) and the 季度进展 sheet (quarterly
progress). Atomic: a file with any error (row, column, reason in Chinese) stores nothing; read with the one reader
(lvzhi.duties.sheets over lvzhi.registry.io.reader); each goal and report is written by the room's own actions, so
the checks, the table and the audit are those of the pages. Layout: formats.GOALS, formats.PROGRESS."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.duties.sheets import Row, RowReader
from lvzhi.registry.io.columns import Kind
from lvzhi.registry.models import InternalBody, MainDuty, Person, Unit

from . import progress as progress_actions
from .actions import GoalFields, audited, check_fields, save_goal, save_task
from .formats import GOALS, PROGRESS, split_codes
from .models import Goal, GoalTask, Level, ProgressReport
from .policy import POLICY

# A goal field as the file names its column (the rest have the same name).
FIELD_COLUMNS = {"internal_body": "body", "person": "person", "main_duty": "duty", "year": "year"}
REPORT_COLUMNS = {
    "quarter": "quarter",
    "actual": "actual",
    "completion": "completion",
    "progress": "progress",
}


class _Reader(RowReader):
    """The one reader, plus: a number or date cell that could not be read becomes None, rows whose key cells
    could not be read are left out, and the room's own checks do not judge a refused cell a second time."""

    def __init__(self, kind: Kind):
        super().__init__(kind)
        self.failed: set[tuple[int, str]] = set()

    def read(self, path: str | Path, name: str = "") -> list[Row]:
        rows = super().read(path, name)
        self.failed = {(e.row, e.header) for e in self.errors.items}
        typed = [c.key for c in self.kind.columns if c.type in {"int", "decimal", "date"}]
        kept = []
        for row in rows:
            for key in typed:
                if row.values[key] == "":
                    row.values[key] = None
            if all(row.values[key] not in (None, "") for key in self.kind.key_columns):
                kept.append(row)
        return kept

    def again(self, row: int, key: str, message: str) -> None:
        """An error of the room's checks, unless the cell was already refused."""
        if (row, self.kind.column(key).header) not in self.failed:
            self.error(row, key, message)


class _Lookups:
    """The units, bodies, people, 三定 duties and goals the rows name, read once."""

    def __init__(self, rows: list[Row], actor: Any, codes: set[str] | None = None):
        wanted = {str(r.values.get("unit") or "") for r in rows}
        for row in rows:
            wanted.update(split_codes(str(row.values.get("co_units") or "")))
        wanted |= codes or set()
        visible = Unit.objects.visible_to(actor)
        self.units = {u.code: u for u in visible.filter(code__in=wanted)}
        # Cooperating units are named, not acted on: any unit of the registry may cooperate.
        self.any_units = {u.code: u for u in Unit.objects.filter(code__in=wanted)}
        ids = [u.pk for u in self.units.values()]
        self.bodies = {(b.unit_id, b.code): b for b in InternalBody.objects.filter(unit_id__in=ids)}
        self.people = {(p.unit_id, p.staff_no): p for p in Person.objects.filter(unit_id__in=ids)}
        self.duties = {
            (d.sanding.unit_id, d.seq): d
            for d in MainDuty.objects.filter(
                sanding__unit_id__in=ids, sanding__is_current=True
            ).select_related("sanding")
        }
        self.goals = {(g.unit_id, g.year, g.seq): g for g in Goal.objects.filter(unit_id__in=ids)}


def _unit(reader: _Reader, row: Row, look: _Lookups, actor: Any, action: str) -> Unit | None:
    code = row.values["unit"]
    unit: Unit | None = look.units.get(code)
    if unit is None:
        reader.error(row.number, "unit", _("系统中没有代码为“%(code)s”的单位") % {"code": code})
        return None
    reason = POLICY.check(actor, action, unit)
    if reason:
        reader.error(row.number, "unit", reason)
        return None
    return unit


@dataclass
class GoalPlan:
    unit: Unit
    first: Row
    rows: list[Row] = field(default_factory=list)
    goal: Goal | None = None
    fields: GoalFields | None = None
    tasks: list[dict[str, Any]] = field(default_factory=list)


def _goal_fields(reader: _Reader, plan: GoalPlan, look: _Lookups) -> GoalFields:
    v, number, unit = plan.first.values, plan.first.number, plan.unit
    body = person = duty = None
    if v["level"] == Level.BODY and v["body"]:
        body = look.bodies.get((unit.pk, v["body"]))
        if body is None:
            reader.error(
                number,
                "body",
                _("%(unit)s没有代码为“%(code)s”的内设机构") % {"unit": unit.name, "code": v["body"]},
            )
    if v["level"] == Level.PERSON and v["person"]:
        person = look.people.get((unit.pk, v["person"]))
        if person is None:
            reader.error(
                number,
                "person",
                _("%(unit)s没有人员编号为“%(code)s”的人员") % {"unit": unit.name, "code": v["person"]},
            )
    if v["source"] == "sanding" and v["duty"]:
        duty = look.duties.get((unit.pk, v["duty"]))
        if duty is None:
            reader.error(
                number,
                "duty",
                _("%(unit)s的现行三定中没有第%(n)s项主要职责") % {"unit": unit.name, "n": v["duty"]},
            )
    values = {
        k: v[k] for k in ("title", "source", "source_note", "category", "nature", "metric", "measure_unit")
    }
    quarters = {f"target_q{q}": v[f"target_q{q}"] for q in (1, 2, 3)}
    measures = {f"measure_q{q}": v[f"measure_q{q}"] for q in (1, 2, 3, 4)}
    data = GoalFields(
        year=v["year"], level=v["level"] or Level.UNIT, internal_body=body, person=person, main_duty=duty,
        target=v["target"], **values, **quarters, **measures,
    )  # fmt: skip
    for problem in check_fields(unit, data):
        key = FIELD_COLUMNS.get(problem.field or "", problem.field or "title")
        already = (
            (key == "body" and v["body"])
            or (key == "person" and v["person"])
            or (key == "duty" and v["duty"])
        )
        if not already:  # a code not found is reported once, above
            reader.again(number, key, problem.message)
    return data


def _task(reader: _Reader, row: Row, plan: GoalPlan, look: _Lookups) -> dict[str, Any] | None:
    v, unit = row.values, plan.unit
    if not v["task"] and not v["task_body"]:
        if plan.rows[0] is not row:
            reader.error(row.number, "task", _("同一目标的后续行须填写分解任务"))
        return None
    if not v["task"]:
        reader.error(row.number, "task", _("请填写工作任务"))
    body = look.bodies.get((unit.pk, v["task_body"])) if v["task_body"] else None
    if body is None:
        reason = _("%(unit)s没有代码为“%(code)s”的内设机构") % {"unit": unit.name, "code": v["task_body"]}
        reader.error(row.number, "task_body", reason if v["task_body"] else _("请填写责任科室代码"))
    deadline: dt.date | None = v["deadline"] or None
    if deadline is not None and deadline.year != v["year"]:
        reader.error(row.number, "deadline", _("完成时限须在%(year)s年内") % {"year": v["year"]})
    units = []
    for code in split_codes(v["co_units"]):
        other = look.any_units.get(code)
        if other is None:
            reader.error(row.number, "co_units", _("系统中没有代码为“%(code)s”的单位") % {"code": code})
        elif other.pk == unit.pk:
            reader.error(row.number, "co_units", _("配合单位不能是本单位"))
        else:
            units.append(other)
    bodies = []
    for code in split_codes(v["co_bodies"]):
        found = look.bodies.get((unit.pk, code))
        if found is None:
            reader.error(
                row.number,
                "co_bodies",
                _("%(unit)s没有代码为“%(code)s”的内设机构") % {"unit": unit.name, "code": code},
            )
        else:
            bodies.append(found)
    return {"internal_body": body, "text": v["task"], "deadline": deadline, "cooperating_units": units,
            "cooperating_bodies": bodies}  # fmt: skip


def _plan_goals(reader: _Reader, rows: list[Row], look: _Lookups, actor: Any) -> list[GoalPlan]:
    plans: dict[tuple[int, int, int], GoalPlan] = {}
    for row in rows:
        unit = _unit(reader, row, look, actor, "file")
        if unit is None:
            continue
        key = (unit.pk, row.values["year"], row.values["seq"])
        if key not in plans:
            plans[key] = GoalPlan(unit, row)
        plans[key].rows.append(row)
    for key, plan in plans.items():
        plan.goal = look.goals.get(key)
        if plan.goal is not None:
            reason = POLICY.check(actor, "edit", plan.goal)
            if reason:
                reader.error(
                    plan.first.number,
                    "seq",
                    _("第%(seq)s项目标:%(reason)s") % {"seq": key[2], "reason": reason},
                )
        plan.fields = _goal_fields(reader, plan, look)
        title = plan.fields.title.strip()
        for row in plan.rows[1:]:
            if row.values["title"] and row.values["title"].strip() != title:
                reader.error(
                    row.number, "title", _("同一目标(目标序号%(seq)s)的目标内容须一致") % {"seq": key[2]}
                )
        for row in plan.rows:
            task = _task(reader, row, plan, look)
            if task is not None:
                plan.tasks.append(task)
    return list(plans.values())


def import_goals(path: str | Path, name: str = "", *, actor: Any, reason: str = "") -> dict[str, int]:
    """Goals and their tasks from a 年度目标 file: new goals are drafts; a draft or returned goal takes the file's
    fields and tasks (its tasks replaced). All or nothing."""
    POLICY.require(actor, "import")
    reader = _Reader(GOALS)
    rows = reader.read(path, name)
    look = _Lookups(rows, actor)
    plans = _plan_goals(reader, rows, look, actor)
    reader.check()
    created = updated = tasks = 0
    with audited(actor=actor, reason=reason or _("导入年度目标")):
        for plan in sorted(plans, key=lambda p: (p.unit.code, p.first.values["year"], p.first.values["seq"])):
            assert plan.fields is not None
            goal = save_goal(plan.unit, plan.fields, goal=plan.goal, actor=actor)
            if plan.goal is None:
                created += 1
                if goal.seq != plan.first.values["seq"]:
                    goal.seq = plan.first.values["seq"]
                    goal.save(update_fields=["seq"])
            else:
                updated += 1
                for task in GoalTask.objects.filter(goal=goal):
                    task.delete()
            for task_values in plan.tasks:
                save_task(goal, actor=actor, **task_values)
                tasks += 1
        result = {
            "rows": len(rows),
            "goals": len(plans),
            "created": created,
            "updated": updated,
            "tasks": tasks,
        }
        record_event("goals.imported", None, after=result)
    return result


@dataclass
class ReportPlan:
    goal: Goal
    row: Row


def _plan_reports(
    reader: _Reader, rows: list[Row], look: _Lookups, actor: Any, today: dt.date
) -> list[ReportPlan]:
    plans: list[ReportPlan] = []
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        v = row.values
        unit = _unit(reader, row, look, actor, "view")
        if unit is None:
            continue
        goal = look.goals.get((unit.pk, v["year"], v["seq"]))
        if goal is None:
            reader.error(
                row.number,
                "seq",
                _("%(unit)s没有%(year)s年序号为%(seq)s的目标")
                % {"unit": unit.name, "year": v["year"], "seq": v["seq"]},
            )
            continue
        if v["title"] and v["title"].strip() != goal.title.strip():
            reader.error(
                row.number,
                "title",
                _("与系统中第%(seq)s项目标的内容“%(title)s”不一致")
                % {"seq": goal.seq, "title": goal.title[:40]},
            )
        refusal = POLICY.check(actor, "report", goal)
        if refusal:
            reader.error(row.number, "seq", refusal)
            continue
        key = (goal.pk, v["quarter"])
        if key in seen:
            reader.error(row.number, "quarter", _("与第%(row)s行重复(同一目标同一季度)") % {"row": seen[key]})
            continue
        seen[key] = row.number
        completion = v["completion"] or ""
        for problem in progress_actions.check_report(
            goal, v["quarter"], actual=v["actual"], completion=completion, progress=v["progress"], today=today
        ):
            reader.again(row.number, REPORT_COLUMNS.get(problem.field or "", "progress"), problem.message)
        plans.append(ReportPlan(goal, row))
    return plans


def import_progress(
    path: str | Path, name: str = "", *, actor: Any, reason: str = "", today: dt.date | None = None
) -> dict[str, int]:
    """Quarterly progress from a 季度进展 file: each row reports (or corrects) one approved goal's quarter."""
    POLICY.require(actor, "import")
    today = today or timezone.localdate()
    reader = _Reader(PROGRESS)
    rows = reader.read(path, name)
    look = _Lookups(rows, actor)
    plans = _plan_reports(reader, rows, look, actor, today)
    reader.check()
    before = set(
        ProgressReport.objects.filter(goal__in=[p.goal for p in plans]).values_list("goal_id", "quarter")
    )
    with audited(actor=actor, reason=reason or _("导入季度进展")):
        for plan in plans:
            v = plan.row.values
            progress_actions.report_progress(
                plan.goal, v["quarter"], progress=v["progress"], actual=v["actual"],
                completion=v["completion"] or "", problems=v["problems"], actor=actor, today=today,
            )  # fmt: skip
        corrected = sum((p.goal.pk, p.row.values["quarter"]) in before for p in plans)
        result = {
            "rows": len(rows),
            "reports": len(plans),
            "new_reports": len(plans) - corrected,
            "corrected": corrected,
        }
        record_event("goals.progress_imported", None, after=result)
    return result
