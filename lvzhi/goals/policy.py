"""Who may file, review and report on annual goals: the goals room's table (lvzhi.core.policy).

- Whoever sees a unit (`Unit.objects.visible_to`) reads its goals, their tasks, reviews and progress; an unseen
  unit's goals are a 404. The third party reads none.
- A unit contact files its own unit's goals (and its sections' and people's 目标计划书), breaks them down, corrects
  what the office returned, submits, and reports each approved goal's quarterly progress with evidence.
- The office does all of that for any unit and alone reviews (approve or return with reasons), reminds the units
  whose reports are overdue, and feeds goal completion into a campaign's indicators.

A goal's state is 草稿, 待审核, 已退回 or 已通过; a task, review, report or evidence file is in its goal's state.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import OWN_UNIT_ROLES, Policy, Rule, is_visible, register

OFFICE = frozenset({"admin"})
EDITORS = frozenset({"admin", "unit_contact"})  # a unit contact on its own unit only (scope "unit")
READERS = frozenset({"admin", "evaluator", "unit_contact", "leader", "committee"})
OPEN = frozenset({"draft", "returned"})
STATE_LABELS = {
    "draft": _("草稿"),
    "submitted": _("待审核"),
    "returned": _("已退回"),
    "approved": _("已通过"),
}


def goal_of(obj: Any) -> Any:
    for attribute in ("report", "goal"):
        if hasattr(obj, f"{attribute}_id"):
            obj = getattr(obj, attribute)
    return obj


def state_of(obj: Any) -> str | None:
    meta = getattr(obj, "_meta", None)
    if meta is None or meta.app_label != "goals":
        return None
    return str(goal_of(obj).status)


def unit_id_of(obj: Any) -> Any:
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.model_name == "unit":
        return obj.pk
    return getattr(goal_of(obj), "unit_id", None)


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if rule.scope == "any":
        return None
    if rule.scope == "unit" and role in OWN_UNIT_ROLES:
        return None if unit_id_of(obj) == user.unit_id else gettext("只能办理本单位的目标。")
    return None if is_visible(user, obj) else gettext("未找到该对象,或您无权访问。")


def _unit_rule(label: Any, states: frozenset[str] | None = None, note: Any = "") -> Rule:
    return Rule(label, EDITORS, states=states, scope="unit", note=note or _("单位联络员:本单位的"))


POLICY: Policy = register(
    Policy(
        room="goals",
        label=_("年度工作目标"),
        rules={
            "view": Rule(
                _("查看单位的年度目标、分解任务、审核意见和季度进展"),
                READERS,
                note=_("看得到的单位(不可见的为 404)"),
            ),
            "file": _unit_rule(_("填报年度目标")),
            "edit": _unit_rule(_("修改年度目标及其分解任务"), OPEN, _("单位联络员:本单位草稿或被退回的目标")),
            "submit": _unit_rule(_("报送年度目标"), OPEN),
            "review": Rule(
                _("审核年度目标"),
                OFFICE,
                states=frozenset({"submitted"}),
                refusal=_("只有编办管理员可以审核年度目标。"),
            ),
            "report": _unit_rule(
                _("报告季度进展"), frozenset({"approved"}), _("单位联络员:本单位审核通过的目标")
            ),
            "remind": Rule(
                _("查看逾期未报的季度进展并提醒"),
                OFFICE,
                scope="any",
                refusal=_("只有编办管理员可以提醒逾期单位。"),
            ),
            "import": Rule(
                _("导入年度目标和季度进展"),
                EDITORS,
                scope="any",
                note=_("单位联络员:只能导入本单位的行"),
            ),
            "export": Rule(_("导出年度目标和季度进展"), READERS, scope="any", note=_("只含看得到的单位")),
            "feed_scores": Rule(
                _("计入评估指标"),
                OFFICE,
                scope="any",
                refusal=_("只有编办管理员可以将目标完成情况计入评估指标。"),
                note=_("活动须处于可导入评议数据的阶段"),
            ),
        },
        state_of=state_of,
        state_label=lambda state: str(STATE_LABELS.get(state, state)),
        relation=_relation,
        state_lookups={
            "goals.Goal": "status",
            "goals.GoalTask": "goal__status",
            "goals.ProgressReport": "goal__status",
            "goals.ProgressEvidence": "report__goal__status",
        },
        states=("draft", "submitted", "returned", "approved"),
    )
)


def _attach() -> None:
    from .models import CheckQuerySet, EvidenceQuerySet, GoalQuerySet, ReportQuerySet, TaskQuerySet

    for queryset in (GoalQuerySet, TaskQuerySet, ReportQuerySet, EvidenceQuerySet, CheckQuerySet):
        queryset.policy = POLICY


_attach()
