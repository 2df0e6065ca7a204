"""Who may read the audit log (the audit room's table; lvzhi.core.policy reads it).

Office administrators read every record; a unit contact reads its own unit's history (the records whose
`unit_id` is its unit). Nobody changes the log: it is written by the actions of the other rooms.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import OWN_UNIT_ROLES, Policy, Rule, register


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if rule.scope == "unit" and role in OWN_UNIT_ROLES and getattr(obj, "unit_id", None) != user.unit_id:
        return gettext("只能查看本单位的操作日志。")
    return None


POLICY = register(
    Policy(
        room="audit",
        label=_("操作日志"),
        rules={
            "view": Rule(
                _("查看操作日志"),
                frozenset({"admin", "unit_contact"}),
                scope="unit",
                note=_("编办管理员:全部;单位联络员:本单位的(其他单位的记录不可见)"),
                refusal=_("只有编办管理员和单位联络员可以查看操作日志。"),
                page_refusal=_("操作日志仅向编办管理员和单位联络员开放。"),
            ),
        },
        relation=_relation,
    )
)
