"""Every write of the goals room on goals: filing and correcting a goal and its tasks, submitting, the office's
review. One transaction each, the acting user as `actor`, the table enforced first, the audit inside (the models
are audited by signals; business steps call record_event). Progress reports: lvzhi.goals.progress."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.campaigns.notify import notify
from lvzhi.core.errors import FieldProblem, Invalid
from lvzhi.registry.models import InternalBody, MainDuty, Person, Unit

from .models import QUARTERS, Goal, GoalTask, Level, Nature, Review, Source, Status
from .policy import POLICY

TITLE_MAX = 300


@contextlib.contextmanager
def audited(*, actor: Any, reason: str = "") -> Iterator[None]:
    try:
        with transaction.atomic(), audit_context(actor=actor, reason=reason):
            yield
    except IntegrityError as exc:
        raise Invalid(_("与已有数据冲突,请刷新后重试。")) from exc


@dataclass
class GoalFields:
    """What a unit files for one goal (the form's and the API schema's fields)."""

    year: int
    title: str
    source: str
    nature: str
    category: str = "regular"
    level: str = Level.UNIT
    internal_body: InternalBody | None = None
    person: Person | None = None
    main_duty: MainDuty | None = None
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


def _text(value: Any) -> str:
    return str(value or "").strip()


def check_fields(unit: Unit, data: GoalFields) -> list[FieldProblem]:
    """Every problem of a goal's fields, each naming its field (used by the forms, the API and the import)."""
    problems: list[FieldProblem] = []

    def problem(field: str, message: str) -> None:
        problems.append(FieldProblem(field, message))

    if not _text(data.title):
        problem("title", _("请填写目标内容。"))
    elif len(_text(data.title)) > TITLE_MAX:
        problem("title", _("目标内容不能超过%(n)s字。") % {"n": TITLE_MAX})
    if data.source not in Source.values:
        problem("source", _("目标来源只能是中心工作、三定职责或上级交办。"))
    if data.nature not in Nature.values:
        problem("nature", _("目标性质只能是定量或定性。"))
    if not 2000 <= int(data.year or 0) <= 2100:
        problem("year", _("年度无效。"))
    if data.level == Level.BODY:
        if data.internal_body is None:
            problem("internal_body", _("科室目标须选择科室。"))
        elif data.internal_body.unit_id != unit.pk:
            problem("internal_body", _("科室须是本单位的内设机构。"))
    elif data.level == Level.PERSON:
        if data.person is None:
            problem("person", _("个人目标须选择人员。"))
        elif data.person.unit_id != unit.pk:
            problem("person", _("人员须是本单位的在编人员。"))
    elif data.level != Level.UNIT:
        problem("level", _("目标层级无效。"))
    if data.source == Source.SANDING:
        if data.main_duty is None:
            problem("main_duty", _("来源为三定职责的目标须选择对应的三定主要职责。"))
        elif data.main_duty.sanding.unit_id != unit.pk:
            problem("main_duty", _("三定主要职责须是本单位的。"))
    elif data.source in {Source.CENTRAL_TASK, Source.ASSIGNED} and not _text(data.source_note):
        problem("source_note", _("请在来源说明中写明中心工作或交办事项的出处。"))
    if data.nature == Nature.QUANTITATIVE:
        if not _text(data.metric):
            problem("metric", _("定量目标须填写指标名称。"))
        if not _text(data.measure_unit):
            problem("measure_unit", _("定量目标须填写计量单位。"))
        if data.target is None or data.target <= 0:
            problem("target", _("定量目标须填写大于0的年度目标值。"))
        else:
            previous = Decimal(0)
            for quarter in (1, 2, 3):
                value = getattr(data, f"target_q{quarter}")
                if value is None:
                    continue
                if value < previous or value > data.target:
                    problem(
                        f"target_q{quarter}",
                        _("季度末目标值是累计值,应逐季不减且不超过年度目标值。"),
                    )
                previous = value
    elif data.nature == Nature.QUALITATIVE:
        missing = [q for q in QUARTERS if not _text(getattr(data, f"measure_q{q}"))]
        for quarter in missing:
            problem(f"measure_q{quarter}", _("定性目标须填写每个季度的措施。"))
    return problems


def _apply(goal: Goal, data: GoalFields) -> None:
    for item in fields(GoalFields):
        value = getattr(data, item.name)
        setattr(goal, item.name, value.strip() if isinstance(value, str) else value)
    if goal.level != Level.BODY:
        goal.internal_body = None
    if goal.level != Level.PERSON:
        goal.person = None
    if goal.source != Source.SANDING:
        goal.main_duty = None
    if goal.nature == Nature.QUALITATIVE:
        goal.metric, goal.measure_unit = "", ""
        goal.target = goal.target_q1 = goal.target_q2 = goal.target_q3 = None


def save_goal(unit: Unit, data: GoalFields, *, goal: Goal | None = None, actor: Any) -> Goal:
    """File a new goal (a draft) or change one that is a draft or was returned."""
    if goal is None:
        POLICY.require(actor, "file", unit)
    else:
        POLICY.require(actor, "edit", goal)
        if goal.year != data.year:
            raise Invalid(_("已填报目标的年度不能修改。"), field="year")
    problems = check_fields(unit, data)
    if problems:
        raise Invalid.many(problems)
    with audited(actor=actor):
        if goal is None:
            last = Goal.objects.filter(unit=unit, year=data.year).aggregate(n=Max("seq"))["n"] or 0
            goal = Goal(unit=unit, seq=last + 1, created_by=actor if actor.is_authenticated else None)
        _apply(goal, data)
        goal.save()
    return goal


def delete_goal(goal: Goal, *, actor: Any) -> None:
    POLICY.require(actor, "edit", goal)
    with audited(actor=actor):
        goal.delete()


def submit_goal(goal: Goal, *, actor: Any) -> Goal:
    """Send a draft or a corrected goal to the office. A unit's goal must be broken down into tasks first."""
    POLICY.require(actor, "submit", goal)
    if goal.level == Level.UNIT and not goal.tasks.exists():
        raise Invalid(_("目标「%(title)s」尚未分解到内设机构,请先添加分解任务。") % {"title": goal.title})
    with audited(actor=actor):
        before = goal.status
        goal.status = Status.SUBMITTED
        goal.submitted_at = timezone.now()
        goal.save(update_fields=["status", "submitted_at"])
        record_event("goals.submitted", goal, before={"status": before}, after={"status": goal.status})
    return goal


def submit_all(unit: Unit, year: int, *, actor: Any) -> int:
    """Submit every draft or returned goal of the unit's year the actor may submit; all or nothing."""
    goals = list(
        Goal.objects.visible_to(actor, "submit").filter(unit=unit, year=year).order_by("level", "seq")
    )
    if not goals:
        raise Invalid(_("没有可报送的目标(草稿或已退回的)。"))
    with transaction.atomic():
        for goal in goals:
            submit_goal(goal, actor=actor)
    return len(goals)


def review_goal(goal: Goal, *, decision: str, reason: str = "", actor: Any) -> Review:
    """The office's decision: approve, or return with the reasons (the unit's contacts are told)."""
    POLICY.require(actor, "review", goal)
    reason = _text(reason)
    if decision not in Review.Decision.values:
        raise Invalid(_("审核意见只能是通过或退回。"), field="decision")
    if decision == Review.Decision.RETURN and not reason:
        raise Invalid(_("退回须写明理由。"), field="reason")
    with audited(actor=actor, reason=reason):
        approved = decision == Review.Decision.APPROVE
        goal.status = Status.APPROVED if approved else Status.RETURNED
        goal.reviewed_at = timezone.now()
        goal.return_reason = "" if approved else reason
        goal.save(update_fields=["status", "reviewed_at", "return_reason"])
        review = Review.objects.create(goal=goal, decision=decision, reason=reason, reviewer=actor)
        record_event(
            "goals.approved" if approved else "goals.returned",
            goal,
            before={"status": Status.SUBMITTED},
            after={"status": goal.status},
            reason=reason,
        )
        if not approved:
            contacts = get_user_model().objects.filter(
                role="unit_contact", is_active=True, unit_id=goal.unit_id
            )
            notify(
                list(contacts),
                None,
                _("年度目标「%(title)s」被退回:%(reason)s")
                % {"title": goal.title[:60], "reason": reason[:150]},
                url=reverse("goals:goal", args=[goal.pk]),
                key=f"goals-returned-{review.pk}",
            )
    return review


def _bodies(unit_id: int, bodies: Iterable[InternalBody]) -> list[InternalBody]:
    found = list(bodies)
    if any(b.unit_id != unit_id for b in found):
        raise Invalid(_("配合科室须是本单位的内设机构。"), field="cooperating_bodies")
    return found


def save_task(
    goal: Goal,
    *,
    internal_body: InternalBody,
    text: str,
    deadline: dt.date | None = None,
    cooperating_units: Iterable[Unit] = (),
    cooperating_bodies: Iterable[InternalBody] = (),
    task: GoalTask | None = None,
    actor: Any,
) -> GoalTask:
    """Break a goal down: a task of one internal body, its deadline, the units and bodies cooperating."""
    POLICY.require(actor, "edit", goal)
    problems: list[FieldProblem] = []
    if not _text(text):
        problems.append(FieldProblem("text", _("请填写工作任务。")))
    if internal_body is None or internal_body.unit_id != goal.unit_id:
        problems.append(FieldProblem("internal_body", _("责任科室须是本单位的内设机构。")))
    if deadline is not None and deadline.year != goal.year:
        problems.append(FieldProblem("deadline", _("完成时限须在%(year)s年内。") % {"year": goal.year}))
    units = list(cooperating_units)
    if any(u.pk == goal.unit_id for u in units):
        problems.append(FieldProblem("cooperating_units", _("配合单位不能是本单位。")))
    if problems:
        raise Invalid.many(problems)
    bodies = _bodies(goal.unit_id, cooperating_bodies)
    with audited(actor=actor):
        if task is None:
            last = goal.tasks.aggregate(n=Max("seq"))["n"] or 0
            task = GoalTask(goal=goal, seq=last + 1)
        task.internal_body = internal_body
        task.text = _text(text)
        task.deadline = deadline
        task.save()
        task.cooperating_units.set(units)
        task.cooperating_bodies.set([b for b in bodies if b.pk != internal_body.pk])
    return task


def delete_task(task: GoalTask, *, actor: Any) -> None:
    POLICY.require(actor, "edit", task)
    with audited(actor=actor):
        task.delete()
