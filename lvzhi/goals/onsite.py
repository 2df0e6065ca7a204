"""逐项核查 on site: a campaign visit's checklist lists the unit's approved goals of the campaign year and their
tasks, one item each, so the evaluators compare each with its evidence (逐项对照查看证明材料) and score it
(逐项量化打分, 0–100). Enforced by the campaign room's table (its rule "on_site": the evaluators in the on-site
stage); the items are the campaign room's own (ticked, noted, with attachments, required before the visit
closes), added through its action; GoalCheck ties each to its goal and keeps the score."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.campaigns.actions import add_checklist_item, tick_item
from lvzhi.campaigns.models import ChecklistItem, Visit
from lvzhi.campaigns.policy import require
from lvzhi.core.errors import Invalid, Refused
from lvzhi.core.templatetags.lvzhi_format import cn_date

from .actions import audited
from .models import Goal, GoalCheck, GoalTask, Level, ProgressReport, Status

GOAL_GROUP = "年度目标逐项核查"
TASK_GROUP = "目标分解任务逐项核查"
MAX_SCORE = Decimal(100)


def open_visit(actor: Any, cu: Any) -> Visit:
    """The campaign unit's visit, open for on-site work by `actor` (the table first, then the visit)."""
    require(actor, "on_site", cu.campaign, cu.unit_id)
    visit: Visit | None = Visit.objects.filter(campaign_unit=cu).select_related("campaign_unit__unit").first()
    if visit is None:
        raise Invalid(_("请先制定实地评估计划。"))
    if visit.status == Visit.Status.CLOSED:
        raise Refused(_("该单位的实地评估已完成,记录已锁定。"))
    visit.campaign_unit.campaign = cu.campaign
    return visit


def goals_for(visit: Visit) -> list[Goal]:
    """The unit's approved goals of the campaign year (unit goals first), with their tasks and reports."""
    cu = visit.campaign_unit
    return list(
        Goal.objects.filter(unit_id=cu.unit_id, year=cu.campaign.year, status=Status.APPROVED)
        .select_related("internal_body", "person")
        .prefetch_related(Prefetch("tasks", GoalTask.objects.select_related("internal_body")), "reports")
        .order_by("level", "seq", "id")
    )


def goal_text(goal: Goal) -> str:
    owner = "" if goal.level == Level.UNIT else f"【{goal.owner_label}】"
    if goal.is_quantitative:
        reports = sorted(goal.reports.all(), key=lambda r: r.quarter)
        latest = reports[-1] if reports else None
        reached = (
            _("第%(q)s季度累计%(n)s") % {"q": latest.quarter, "n": f"{latest.actual.normalize():f}"}
            if latest is not None and latest.actual is not None
            else _("未报进展")
        )
        target = f"{goal.target.normalize():f}" if goal.target is not None else "—"
        measure = _("目标%(target)s%(unit)s,%(reached)s") % {
            "target": target,
            "unit": goal.measure_unit,
            "reached": reached,
        }
    else:
        measure = _("定性,%(n)s个季度已报进展") % {"n": len(goal.reports.all())}
    return f"{goal.seq}. {owner}{goal.title}({measure})"[:300]


def task_text(goal: Goal, task: GoalTask) -> str:
    deadline = _(",时限%(day)s") % {"day": cn_date(task.deadline)} if task.deadline else ""
    return f"{goal.seq}-{task.seq} {task.internal_body.name}:{task.text}{deadline}"[:300]


def add_goal_items(cu: Any, *, actor: Any) -> int:
    """Add to the visit's checklist an item per approved goal of the campaign year and per task of it, those not
    on it yet; returns how many were added."""
    visit = open_visit(actor, cu)
    goals = goals_for(visit)
    if not goals:
        raise Invalid(
            _("%(unit)s没有审核通过的%(year)s年度目标。")
            % {"unit": visit.campaign_unit.unit.name, "year": visit.campaign_unit.campaign.year}
        )
    have = set(GoalCheck.objects.filter(item__visit=visit).values_list("goal_id", "task_id"))
    added = 0
    with audited(actor=actor):
        for goal in goals:
            pairs: list[tuple[GoalTask | None, str, str]] = [(None, GOAL_GROUP, goal_text(goal))]
            pairs += [(task, TASK_GROUP, task_text(goal, task)) for task in goal.tasks.all()]
            for task, group, text in pairs:
                if (goal.pk, task.pk if task else None) in have:
                    continue
                item = add_checklist_item(visit, actor=actor, group=group, text=text, mandatory=True)
                GoalCheck.objects.create(item=item, goal=goal, task=task)
                added += 1
        if added:
            record_event(
                "goals.checklist_added", visit, after={"items": added}, unit_id=visit.campaign_unit.unit_id
            )
    return added


def score_item(
    cu: Any, item_id: int | None, *, actor: Any, score: Decimal | None, note: str = ""
) -> GoalCheck:
    """Score one goal or task of the visit's checklist on site (0–100) with the evaluator's note; a scored item
    is ticked as checked."""
    visit = open_visit(actor, cu)
    check: GoalCheck | None = (
        GoalCheck.objects.filter(item__visit=visit, item_id=item_id).select_related("item").first()
    )
    if check is None:
        raise Invalid(_("该清单事项不是目标核查事项。"), field="item")
    if score is None or not Decimal(0) <= score <= MAX_SCORE:
        raise Invalid(_("核查得分须在0到100之间。"), field="score")
    with audited(actor=actor):
        tick_item(check.item, actor=actor, ticked=True, note=note)
        check.score = score.quantize(Decimal("0.01"))
        check.save(update_fields=["score"])
    return check


@dataclass
class CheckRow:
    check: GoalCheck
    reports: list[ProgressReport]


@dataclass
class Summary:
    rows: dict[int, CheckRow]  # by checklist item id
    goals: int
    scored: int
    mean: Decimal | None  # the mean score of the scored goals (not tasks)


def summary(visit: Visit | None) -> Summary:
    """The goal items of a visit's checklist with each goal's reports and evidence, and the mean goal score."""
    if visit is None:
        return Summary({}, 0, 0, None)
    checks = list(
        GoalCheck.objects.filter(item__visit=visit)
        .select_related("goal", "task", "item")
        .prefetch_related(Prefetch("goal__reports", ProgressReport.objects.prefetch_related("evidence")))
    )
    rows = {c.item_id: CheckRow(c, sorted(c.goal.reports.all(), key=lambda r: r.quarter)) for c in checks}
    scores = [c.score for c in checks if c.task_id is None and c.score is not None]
    goals = sum(1 for c in checks if c.task_id is None)
    mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
    return Summary(rows, goals, len(scores), mean)


def check_for(item: ChecklistItem) -> GoalCheck | None:
    return GoalCheck.objects.filter(item=item).first()
