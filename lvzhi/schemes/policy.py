"""Who may read and change indicator schemes (the schemes room's table; lvzhi.core.policy reads it).

A scheme version is a draft until it is published; publishing freezes it. Office administrators, evaluators
and committee members read drafts; every other signed-in role reads published versions only (a draft is a 404
to them). Only office administrators change anything, and a published version never changes: changing it is
refused (the API's 409) and a new draft is the way to change a scheme. Validating, comparing, exporting and the
试算 (try it) panel are reads.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Refused
from lvzhi.core.policy import EVERYONE, Policy, Rule, is_visible, register

DRAFT, PUBLISHED = "draft", "published"
STATE_LABELS = {DRAFT: _("草稿"), PUBLISHED: _("已发布")}
ADMIN = frozenset({"admin"})
CHANGES = _("只有编办管理员可以修改指标体系。")


class SchemeRefused(Refused, PermissionDenied):
    """A change to a scheme the user's role may not make (a PermissionDenied too, as it always was)."""


class FrozenVersionError(Refused):
    """A published version was about to change. Its message is for the user (Chinese). Refused because of the
    version's state, not the user's role: 409 in the API."""

    status_code = 409


def _state_of(obj: Any) -> str | None:
    return getattr(obj, "status", None)


def _locked(obj: Any, action: str, rule: Rule) -> str | None:
    """A published version refuses every draft-only action, each in the words it has always used."""
    if _state_of(obj) != PUBLISHED or rule.states is None or PUBLISHED in rule.states:
        return None
    if action == "discard":
        return gettext("%(version)s 已发布,不可删除。") % {"version": obj}
    if action == "publish":
        return gettext("%(version)s 已经发布。") % {"version": obj}
    return gettext("%(version)s 已发布,内容不可修改;如需调整,请基于它新建草稿版本。") % {"version": obj}


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if rule.scope == "visible" and not is_visible(user, obj):
        return gettext("未找到该对象,或您无权访问。")
    return None


def _admin(label: Any, states: frozenset[str] | None = None, note: Any = "") -> Rule:
    return Rule(label, ADMIN, states=states, refusal=CHANGES, note=note)


POLICY = register(
    Policy(
        room="schemes",
        label=_("指标体系"),
        rules={
            "view": Rule(
                _("查看指标体系、版本、指标,导出,对比差异"),
                EVERYONE,
                note=_("草稿版本只对编办管理员、评估人员和编委会成员可见(其他角色为 404)"),
            ),
            "view_drafts": Rule(
                _("查看草稿版本"), frozenset({"admin", "evaluator", "committee"}), scope="any"
            ),
            "validate": Rule(_("校验指标定义"), EVERYONE, note=_("只读,不保存")),
            "try": Rule(_("试算"), EVERYONE, note=_("按看得到的版本计算给定数据的得分,不保存")),
            "create": _admin(_("新建指标体系")),
            "import": _admin(_("导入指标体系文件为新方案")),
            "derive": _admin(_("派生下级方案")),
            "start_draft": _admin(_("新建草稿版本"), note=_("已有草稿时返回该草稿")),
            "import_draft": _admin(_("导入文件为草稿")),
            "edit_draft": _admin(_("修改草稿"), frozenset({DRAFT})),
            "publish": _admin(_("发布版本"), frozenset({DRAFT}), _("校验通过后才能发布;发布后冻结")),
            "discard": _admin(_("删除草稿"), frozenset({DRAFT}), _("被其他方案或评分结果引用的不能删除")),
        },
        state_of=_state_of,
        state_label=lambda state: str(STATE_LABELS.get(state, state)),
        relation=_relation,
        locked=_locked,
        refusal_class=SchemeRefused,
        state_refusal_class=FrozenVersionError,
        states=(DRAFT, PUBLISHED),
        state_lookups={"schemes.SchemeVersion": "status"},
    )
)
