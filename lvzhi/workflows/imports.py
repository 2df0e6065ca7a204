"""The 流程图 file: each row a step or sub-step, the rows of one "单位代码+流程编码" one workflow. Atomic: a
file with any error (row, column, reason in Chinese) stores nothing; read with the one reader (lvzhi.duties.sheets
over lvzhi.registry.io.reader). What a workflow gets: see formats.WORKFLOWS.identity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.duties.actions.common import audited
from lvzhi.duties.models import PowerItem, Task
from lvzhi.duties.sheets import Row, RowReader
from lvzhi.registry.models import InternalBody, Post, Unit

from .formats import WORKFLOWS, split_materials
from .models import Status, Step, Workflow, WorkflowVersion
from .policy import POLICY


@dataclass
class Plan:
    unit: Unit
    code: str
    first: Row
    rows: list[Row] = field(default_factory=list)
    workflow: Workflow | None = None
    target: WorkflowVersion | None = None  # the draft whose steps are replaced; None: a new version
    values: dict[str, Any] = field(default_factory=dict)


class _Lookups:
    def __init__(self, rows: list[Row]):
        codes = {str(r.values.get("unit") or "") for r in rows}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        ids = [u.pk for u in self.units.values()]
        self.bodies = {(b.unit_id, b.code): b for b in InternalBody.objects.filter(unit_id__in=ids)}
        self.posts = {(p.unit_id, p.code): p for p in Post.objects.filter(unit_id__in=ids)}
        self.powers = {(p.unit_id, p.code): p for p in PowerItem.objects.current().filter(unit_id__in=ids)}
        self.tasks: dict[tuple[int, str], Task] = {}
        for task in Task.objects.filter(unit_id__in=ids):
            self.tasks.setdefault((task.unit_id, task.text.strip()), task)
        self.workflows = {(w.unit_id, w.code): w for w in Workflow.objects.filter(unit_id__in=ids)}


def _subject(reader: RowReader, row: Row, look: _Lookups, unit: Unit) -> dict[str, Any]:
    v = row.values
    if v["subject"] == "power":
        item = look.powers.get((unit.pk, v["power"]))
        if item is None:
            reader.error(
                row.number,
                "power",
                _("%(unit)s的现行权责清单中没有编码为“%(code)s”的事项")
                % {"unit": unit.name, "code": v["power"] or ""},
            )
            return {}
        return {"subject_kind": "power", "power_item_key": item.key, "task": None, "subject_name": item.name}
    task = look.tasks.get((unit.pk, (v["task"] or "").strip()))
    if task is None:
        reader.error(row.number, "task", _("%(unit)s的职责分解中没有这项工作任务") % {"unit": unit.name})
        return {}
    return {"subject_kind": "task", "power_item_key": "", "task": task, "subject_name": task.text[:300]}


def _plan(reader: RowReader, rows: list[Row], look: _Lookups) -> list[Plan]:
    plans: dict[tuple[int, str], Plan] = {}
    for row in rows:
        unit = look.units.get(row.values["unit"])
        if unit is None:
            reader.error(
                row.number, "unit", _("系统中没有代码为“%(code)s”的单位") % {"code": row.values["unit"]}
            )
            continue
        key = (unit.pk, row.values["code"])
        if key not in plans:
            plans[key] = Plan(unit, row.values["code"], row)
        plans[key].rows.append(row)
    for plan in plans.values():
        first = plan.first
        plan.values = _subject(reader, first, look, plan.unit)
        body = None
        if first.values["body"]:
            body = look.bodies.get((plan.unit.pk, first.values["body"]))
            if body is None:
                reader.error(
                    first.number,
                    "body",
                    _("%(unit)s没有代码为“%(code)s”的内设机构")
                    % {"unit": plan.unit.name, "code": first.values["body"]},
                )
        plan.values["internal_body"] = body
        plan.values["name"] = first.values["name"]
        plan.workflow = look.workflows.get((plan.unit.pk, plan.code))
        if plan.workflow is not None:
            open_ = plan.workflow.versions.filter(status__in=[Status.DRAFT, Status.SUBMITTED]).first()
            if open_ is not None and open_.status == Status.SUBMITTED:
                reader.error(
                    first.number,
                    "code",
                    _("流程图“%(code)s”已报送编办,审定或退回前不能导入") % {"code": plan.code},
                )
            plan.target = open_
        _check_steps(reader, plan, look)
    return list(plans.values())


def _check_steps(reader: RowReader, plan: Plan, look: _Lookups) -> None:
    seen: set[tuple[int, int | None]] = set()
    tops = {r.values["step_no"] for r in plan.rows if not r.values["sub_no"]}
    for row in plan.rows:
        v = row.values
        number = (v["step_no"], v["sub_no"] or None)
        if number in seen:
            reader.error(row.number, "step_no", _("同一流程图中环节序号重复"))
        seen.add(number)
        if v["sub_no"] and v["step_no"] not in tops:
            reader.error(
                row.number, "step_no", _("子环节所属的第%(n)s个环节不在文件中") % {"n": v["step_no"]}
            )
        if v["post"]:
            if (plan.unit.pk, v["post"]) not in look.posts:
                reader.error(
                    row.number,
                    "post",
                    _("%(unit)s没有代码为“%(code)s”的岗位") % {"unit": plan.unit.name, "code": v["post"]},
                )
        elif not v["responsible"]:
            reader.error(row.number, "post", _("请填写责任岗位代码或责任主体"))
        if v["name"] != plan.first.values["name"]:
            reader.error(row.number, "name", _("同一流程图的流程名称须一致"))


def import_workflows(path: str | Path, name: str = "", *, actor: Any, reason: str = "") -> dict[str, int]:
    POLICY.require(actor, "import")
    reader = RowReader(WORKFLOWS)
    rows = reader.read(path, name)
    look = _Lookups(rows)
    plans = _plan(reader, rows, look)
    reader.check()
    created = versions = steps = 0
    with audited(actor=actor, reason=reason or _("导入流程图")):
        for plan in plans:
            created += plan.workflow is None
            version, is_new = _version(plan, actor, reason)
            versions += is_new
            steps += _write_steps(plan, version, look)
        result = {
            "rows": len(rows), "workflows": len(plans), "created": created, "new_versions": versions, "steps": steps,
        }  # fmt: skip
        record_event("workflows.imported", None, after=result)
    return result


def _version(plan: Plan, actor: Any, reason: str) -> tuple[WorkflowVersion, bool]:
    user = actor if getattr(actor, "pk", None) else None
    note = plan.first.values["reason"] or reason or _("导入流程图")
    if plan.workflow is None:
        plan.workflow = Workflow.objects.create(unit=plan.unit, code=plan.code, **plan.values)
    else:
        for field_name, value in plan.values.items():
            setattr(plan.workflow, field_name, value)
        plan.workflow.save()
    if plan.target is not None:
        plan.target.steps.exclude(parent=None).delete()
        plan.target.steps.all().delete()
        if plan.first.values["reason"]:
            plan.target.reason = note
            plan.target.save(update_fields=["reason"])
        return plan.target, False
    number = (plan.workflow.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = WorkflowVersion.objects.create(
        unit=plan.unit, workflow=plan.workflow, number=number, reason=note, created_by=user
    )
    return version, True


def _write_steps(plan: Plan, version: WorkflowVersion, look: _Lookups) -> int:
    rows = sorted(plan.rows, key=lambda r: (r.values["step_no"], r.values["sub_no"] or 0))
    parents: dict[int, Step] = {}
    seqs: dict[int | None, int] = defaultdict(int)
    for row in rows:
        v = row.values
        parent = parents.get(v["step_no"]) if v["sub_no"] else None
        seqs[parent.pk if parent else None] += 1
        step = Step.objects.create(
            unit=plan.unit,
            version=version,
            parent=parent,
            seq=seqs[parent.pk if parent else None],
            name=v["step"],
            post=look.posts.get((plan.unit.pk, v["post"])) if v["post"] else None,
            responsible=v["responsible"] or "",
            time_limit=v["limit"] or None,
            time_unit=v["limit_unit"] or "days",
            limit_basis=v["basis"] or "",
            materials="\n".join(split_materials(v["materials"] or "")),
            sign_off=v["sign_off"] or "",
            description=v["description"] or "",
        )
        if not v["sub_no"]:
            parents[v["step_no"]] = step
    return len(rows)
