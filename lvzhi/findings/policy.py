"""Who may do what in the findings room: the ledger's rectification, the two result lists, accountability and the
use of results. The state of a finding is its rectification status:

    待整改 open → 整改中 rectifying (the unit files its plan) → 已提交整改 submitted (evidence)
      → 已核验 verified (the office) → 已销号 closed;  submitted → 已退回 returned (evidence not enough) → submitted

A closed finding cannot be edited; nothing of this table lets any role change it. Other rooms create findings
through `lvzhi.findings.actions.raise_finding` (with this table's "raise") or, after their own rule, through
`record_finding`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Refused
from lvzhi.core.policy import Policy, Rule, is_visible, register

from .models import Finding, FindingQuerySet
from .models.ledger import UnitItemQuerySet

OFFICE = frozenset({"admin"})
UNIT_AND_OFFICE = frozenset({"admin", "unit_contact"})
READERS = frozenset({"admin", "evaluator", "unit_contact", "committee"})
CONSUMERS = frozenset({"admin", "committee"})
S = Finding.Status
NOT_CLOSED = frozenset({S.OPEN, S.RECTIFYING, S.SUBMITTED, S.RETURNED, S.VERIFIED})
IN_RECTIFICATION = frozenset({S.OPEN, S.RECTIFYING, S.RETURNED})
STATE_LABELS = dict(S.choices)


class FindingRefused(Refused):
    """A refusal because of the finding's state (a closed finding, evidence not yet submitted): the API's 409."""

    status_code = 409


RULES: dict[str, Rule] = {
    "view": Rule(_("查看问题台账"), READERS),
    "raise": Rule(
        _("登记问题"), OFFICE, refusal=_("只有编办管理员可以直接登记问题;评估人员请在评估活动中提出。")
    ),
    "issue": Rule(_("下发整改"), OFFICE, states=frozenset({S.OPEN})),
    "edit": Rule(_("修改问题"), OFFICE, states=NOT_CLOSED, note=_("已销号的问题不能修改")),
    "file_plan": Rule(
        _("提交整改方案"),
        UNIT_AND_OFFICE,
        states=IN_RECTIFICATION,
        scope="unit",
        note=_("单位联络员只能为本单位的问题提交"),
    ),
    "submit_evidence": Rule(
        _("提交整改佐证"),
        UNIT_AND_OFFICE,
        states=frozenset({S.RECTIFYING, S.RETURNED}),
        scope="unit",
        note=_("须先提交整改方案;退回后可重新提交"),
    ),
    "link_adjustment": Rule(
        _("关联清单调整"),
        OFFICE,
        states=NOT_CLOSED,
        note=_("职责类问题由三张清单的调整来整改;已销号的不能再改"),
    ),
    "return": Rule(_("退回整改"), OFFICE, states=frozenset({S.SUBMITTED})),
    "verify": Rule(_("核验整改"), OFFICE, states=frozenset({S.SUBMITTED})),
    "close": Rule(_("销号"), OFFICE, states=frozenset({S.VERIFIED})),
    "remind": Rule(_("催办整改"), OFFICE, states=frozenset({S.OPEN, S.RECTIFYING, S.RETURNED})),
    "record_measure": Rule(_("记录督促措施"), OFFICE),
    "complete_measure": Rule(
        _("办结督促措施"), OFFICE, note=_("书面报告须单位先提交;谈话提醒由编办谈话后办结")
    ),
    "impose_consequences": Rule(
        _("落实诫勉措施"), OFFICE, note=_("已公布的评估活动:诫勉单位书面报告、主要负责人和被问责人员谈话提醒")
    ),
    "submit_report": Rule(
        _("提交书面报告"), UNIT_AND_OFFICE, scope="unit", note=_("单位联络员只能为本单位提交")
    ),
    "manage_categories": Rule(_("设置问题类别"), OFFICE),
    "import": Rule(_("导入问题台账和清单"), OFFICE, refusal=_("只有编办管理员可以导入。")),
    "export": Rule(_("导出问题台账和清单"), CONSUMERS),
    "manage_lists": Rule(_("维护特色亮点和制度完善清单"), OFFICE),
    "manage_accountability": Rule(_("维护问责情形和案件"), OFFICE),
    "feed_deductions": Rule(_("问责扣分计入评估指标"), OFFICE),
    "view_recommendations": Rule(_("查看机构编制调整建议"), CONSUMERS),
    "recommend": Rule(_("生成机构编制调整建议"), OFFICE),
    "decide_recommendation": Rule(
        _("决定机构编制调整建议"),
        OFFICE,
        note=_("采纳时填写文号,形成机构编制事项;不采纳时说明理由;已决定的不能再改"),
    ),
    "view_dossier": Rule(
        _("查看单位履职档案"),
        CONSUMERS,
        note=_("近一年的评估结果(仅已公布的)、问题及整改、监管预警、工作量、空编"),
    ),
    "record_request": Rule(_("登记机构编制事项请示"), OFFICE),
    "export_results": Rule(_("导出评估结果供考核使用"), CONSUMERS),
}


def state_of(obj: Any) -> str | None:
    if isinstance(obj, Finding):
        return str(obj.status)
    return None


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if obj is None or not hasattr(type(obj)._default_manager, "visible_to"):
        return None
    if rule.scope == "unit" and role == "unit_contact" and getattr(obj, "unit_id", None) != user.unit_id:
        return gettext("只能办理本单位的事项。")
    return None if is_visible(user, obj) else gettext("您不能查看该内容。")


POLICY: Policy = register(
    Policy(
        room="findings",
        label=_("问题整改与结果运用"),
        rules=RULES,
        state_of=state_of,
        state_label=lambda state: str(STATE_LABELS.get(state, state)),
        relation=_relation,
        state_lookups={Finding: "status"},
        state_refusal_class=FindingRefused,
        states=tuple(S.values),
    )
)

for _queryset in (FindingQuerySet, UnitItemQuerySet):
    _queryset.policy = POLICY
