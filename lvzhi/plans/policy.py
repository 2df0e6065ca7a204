"""Who may read and change the evaluation plans (the plans room's table; lvzhi.core.policy reads it).

The office plans which unit is evaluated in which year of a term; the committee reads the plan it approves."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import Policy, Rule, register

POLICY = register(
    Policy(
        room="plans",
        label=_("评估规划"),
        rules={
            "view": Rule(
                _("查看评估规划"),
                frozenset({"admin", "committee"}),
                note=_("编办管理员和编委会成员:规划期内各年度评估哪些单位、哪些单位尚未安排"),
                refusal=_("只有编办和编委会成员可以查看评估规划。"),
            ),
            "edit": Rule(
                _("制定和修改评估规划"),
                frozenset({"admin"}),
                note=_("编办管理员:制定规划、安排或取消单位的评估年度、把未安排的单位分配到各年度"),
                refusal=_("只有编办管理员可以制定和修改评估规划。"),
            ),
        },
    )
)
