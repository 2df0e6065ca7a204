"""Who may do what with questionnaires and respondent groups: the surveys room's policy table.

The state of a questionnaire version is 草稿 or 已冻结 (a version a group uses is frozen); the state of a
respondent group is 未开始, 进行中 or 已结束. Respondents answer without an account: the answering pages take no
rule of this table — the invitation itself is the permission, checked by `lvzhi.surveys.answering`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Refused
from lvzhi.core.policy import Policy, Rule, is_visible, register

from .models import (
    GroupQuerySet,
    QuestionnaireQuerySet,
    QuestionnaireVersion,
    RespondentGroup,
    VersionQuerySet,
)

OFFICE = frozenset({"admin"})
READERS = frozenset({"admin", "committee", "third_party"})
STATE_LABELS = {
    "draft": _("草稿/未开始"),
    "frozen": _("已冻结"),
    "open": _("进行中"),
    "closed": _("已结束"),
}


class SurveyRefused(Refused):
    """A refusal because of the object's state (a frozen questionnaire, a closed group): the API's 409."""

    status_code = 409


RULES: dict[str, Rule] = {
    "view": Rule(_("查看问卷调查"), READERS),
    "create_questionnaire": Rule(_("新建问卷"), OFFICE, refusal=_("只有编办管理员可以新建问卷。")),
    "edit_questionnaire": Rule(
        _("修改问卷"),
        OFFICE,
        states=frozenset({"draft"}),
        note=_("问卷被评价群体使用后冻结,修改须另建新版本"),
    ),
    "new_version": Rule(_("新建问卷版本"), OFFICE),
    "manage_groups": Rule(_("设置评价群体"), OFFICE, refusal=_("只有编办管理员可以设置评价群体。")),
    "edit_group": Rule(_("修改评价群体"), OFFICE, states=frozenset({"draft"})),
    "open_group": Rule(_("开始调查"), OFFICE, states=frozenset({"draft", "closed"})),
    "close_group": Rule(_("结束调查"), OFFICE, states=frozenset({"open"})),
    "issue_invitations": Rule(_("发放邀请"), OFFICE, states=frozenset({"draft", "open"})),
    "view_rates": Rule(_("查看回收情况"), OFFICE),
    "view_results": Rule(_("查看调查结果"), READERS),
    "export_results": Rule(_("导出调查结果"), READERS),
    "export_raw": Rule(_("导出原始答卷"), OFFICE, refusal=_("只有编办管理员可以导出原始答卷。")),
    "view_open_answers": Rule(_("查看开放题答案"), OFFICE, refusal=_("只有编办管理员可以查看开放题答案。")),
    "make_finding": Rule(_("将意见转为问题"), OFFICE),
    "feed_scores": Rule(
        _("计入评估指标"),
        OFFICE,
        states=frozenset({"open", "closed"}),
        note=_("活动须处于可导入评议数据的阶段"),
    ),
    "import_results": Rule(_("导入第三方调查结果"), frozenset({"admin", "third_party"})),
}


def state_of(obj: Any) -> str | None:
    if isinstance(obj, QuestionnaireVersion):
        return str(obj.status)
    if isinstance(obj, RespondentGroup):
        return str(obj.status)
    return None


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if obj is None or not hasattr(type(obj)._default_manager, "visible_to"):
        return None
    return None if is_visible(user, obj) else gettext("您不能查看该内容。")


POLICY: Policy = register(
    Policy(
        room="surveys",
        label=_("问卷调查"),
        rules=RULES,
        state_of=state_of,
        state_label=lambda state: str(STATE_LABELS.get(state, state)),
        relation=_relation,
        state_lookups={QuestionnaireVersion: "status", RespondentGroup: "status"},
        state_refusal_class=SurveyRefused,
        states=("draft", "frozen", "open", "closed"),
    )
)

# The room's querysets read this table for `visible_to(user, action)` and `get_for`.
for _queryset in (QuestionnaireQuerySet, VersionQuerySet, GroupQuerySet):
    _queryset.policy = POLICY
