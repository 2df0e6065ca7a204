"""Who may do what in the reports room: weights from judgement (AHP) and ranking robustness.

A weight study is 征集判断 (open: judgements are entered and changed) until it is accepted, when its weights
become a draft version of the scheme (已生成草稿); nothing of it changes after that. A robustness analysis is
about a campaign: it shows every unit's rank under other weightings, which is what the campaign's draft results
say about every unit, so it is open to those who read every unit's draft results (the office and the committee,
as lvzhi.campaigns.policy's `view_all_units` has it) and to no one else.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Refused
from lvzhi.core.policy import EVERYONE, Policy, Rule, is_visible, register

from .models import (
    ROBUSTNESS_ROLES,
    STUDY_ROLES,
    RobustnessRun,
    RunQuerySet,
    StudyQuerySet,
    TemplateQuerySet,
    UnitReport,
    UnitReportQuerySet,
    WeightStudy,
    released_filter,
)

OFFICE = frozenset({"admin"})
STATE_LABELS = {
    "open": _("征集判断"),
    "accepted": _("已生成草稿"),
    "draft": _("待发布"),
    "released": _("已发布"),
}


class StudyRefused(Refused):
    """An accepted study cannot change any more: the API's 409."""

    status_code = 409


RULES: dict[str, Rule] = {
    "view_weights": Rule(
        _("查看权重判断"), STUDY_ROLES, note=_("编办、评估人员和编委会成员(与方案草稿的读者相同)")
    ),
    "start_weights": Rule(_("发起权重判断"), OFFICE, refusal=_("只有编办管理员可以发起权重判断。")),
    "judge": Rule(
        _("录入两两比较判断"),
        OFFICE,
        states=frozenset({"open"}),
        note=_("编办管理员录入本人或专家组各成员的判断;已生成草稿后不可再改"),
    ),
    "accept_weights": Rule(
        _("导出权重并生成方案草稿"),
        OFFICE,
        states=frozenset({"open"}),
        note=_("一致性比率大于 0.1 时拒绝,并指出需要重新判断的指标对"),
    ),
    "view_robustness": Rule(
        _("查看排名稳健性"),
        ROBUSTNESS_ROLES,
        refusal=_("排名稳健性分析涉及全部单位的评估结果,只有编办和编委会可以查看。"),
    ),
    "run_robustness": Rule(
        _("进行排名稳健性分析"), OFFICE, refusal=_("只有编办管理员可以进行排名稳健性分析。")
    ),
    "view_unit_report": Rule(
        _("查看单位评估报告"),
        EVERYONE,
        note=_(
            "编办和编委会看全部报告(含待发布的草稿);其他人只看已发布的、活动已进入反馈阶段的、"
            "本人可查看其结果的单位的报告"
        ),
    ),
    "draft_reports": Rule(
        _("起草单位评估报告"),
        OFFICE,
        refusal=_("只有编办管理员可以起草单位评估报告。"),
        note=_("按得分和问题起草各一级指标的评估意见;已修改的意见不被覆盖"),
    ),
    "edit_report": Rule(
        _("修改评估意见"), OFFICE, states=frozenset({"draft"}), note=_("发布前修改;已发布的报告先撤回")
    ),
    "release_report": Rule(_("发布单位评估报告"), OFFICE, states=frozenset({"draft"})),
    "withdraw_report": Rule(_("撤回单位评估报告"), OFFICE, states=frozenset({"released"})),
    "campaign_report": Rule(
        _("查看活动评估报告"),
        ROBUSTNESS_ROLES,
        refusal=_("活动评估报告含全部单位的得分和排名稳健性,只有编办和编委会可以查看。"),
        note=_("活动评估报告(排名、分布、共性问题、亮点、建议、稳健性提示)及单位评估报告列表"),
    ),
    "generate_reports": Rule(
        _("后台生成全部单位评估报告"),
        OFFICE,
        refusal=_("只有编办管理员可以生成全部单位的评估报告。"),
        note=_("含待发布的草稿,打包下载;任务页和压缩包由编办和编委会查看"),
    ),
    "manage_templates": Rule(
        _("管理报告模板"),
        OFFICE,
        refusal=_("只有编办管理员可以管理报告模板。"),
        note=_("上传 Word 模板(占位符)、预览、启用或停用"),
    ),
    "view_dashboards": Rule(
        _("查看活动看板"),
        ROBUSTNESS_ROLES,
        refusal=_("活动看板含全部单位的得分、问题和编制情况,只有编办和编委会可以查看。"),
        note=_("总览(进度、分布、排名、等次)、问题整改、编制与工作量"),
    ),
    "view_unit_profile": Rule(
        _("查看单位历年画像"),
        EVERYONE,
        note=_("只含已公布活动中本人可查看其结果的得分"),
    ),
    "view_bulletin": Rule(
        _("查看结果通报"),
        EVERYONE,
        scope="bulletin",
        note=_("结果公布后,可查看该活动的人员均可查看和下载;公布前只有编办和编委会可以查看(草稿)"),
    ),
}


def state_of(obj: Any) -> str | None:
    if isinstance(obj, WeightStudy | UnitReport):
        return str(obj.status)
    return None


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if rule.scope == "bulletin" and not getattr(obj, "is_published", True) and role not in ROBUSTNESS_ROLES:
        return gettext("结果公布前,通报只有编办和编委会可以查看。")
    if (
        obj is None
        or getattr(obj, "pk", None) is None
        or not hasattr(type(obj)._default_manager, "visible_to")
    ):
        return None
    return None if is_visible(user, obj) else gettext("您不能查看该内容。")


POLICY: Policy = register(
    Policy(
        room="reports",
        label=_("报告与分析"),
        rules=RULES,
        state_of=state_of,
        state_label=lambda state: str(STATE_LABELS.get(state, state)),
        relation=_relation,
        state_lookups={WeightStudy: "status", UnitReport: "status"},
        state_refusal_class=StudyRefused,
        states=("open", "accepted", "draft", "released"),
    )
)

for _queryset in (StudyQuerySet, RunQuerySet, UnitReportQuerySet, TemplateQuerySet):
    _queryset.policy = POLICY

__all__ = ["POLICY", "RobustnessRun", "StudyRefused", "UnitReport", "WeightStudy", "released_filter"]
