"""Who may do what in the supervision room (职能运行监管): send records, read the metrics, and judge warnings.

A warning is 待研判 open until the office confirms it (it becomes a finding in the ledger, source 监管预警) or
dismisses it; the unit stays on the key-supervision list while it has an open or confirmed warning.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Refused
from lvzhi.core.policy import Policy, Rule, is_visible, register

from .models import BatchQuerySet, UnitScopedQuerySet, Warning

OFFICE = frozenset({"admin"})
SENDERS = frozenset({"admin", "unit_contact"})
READERS = frozenset({"admin", "evaluator", "unit_contact", "leader", "committee"})
OVERSEERS = frozenset({"admin", "committee"})
S = Warning.Status
STATE_LABELS = dict(S.choices)


class WarningRefused(Refused):
    status_code = 409


RULES: dict[str, Rule] = {
    "view": Rule(_("查看履职监管数据"), READERS, note=_("单位联络员只看本单位,评估人员和领导看分配的单位")),
    "submit": Rule(_("报送履职数据"), SENDERS, scope="unit", note=_("单位联络员只能报送本单位的数据")),
    "view_warnings": Rule(_("查看监管预警和重点监管名单"), OVERSEERS),
    "evaluate": Rule(_("生成监管预警"), OFFICE),
    "confirm": Rule(_("确认预警"), OFFICE, states=frozenset({S.OPEN}), note=_("确认后转入问题台账")),
    "dismiss": Rule(_("排除预警"), OFFICE, states=frozenset({S.OPEN})),
    "feed_scores": Rule(
        _("将监管指标计入评估指标"),
        OFFICE,
        refusal=_("只有编办管理员可以将监管指标计入评估指标。"),
        note=_("活动须处于可导入评议数据的阶段"),
    ),
}


def state_of(obj: Any) -> str | None:
    return str(obj.status) if isinstance(obj, Warning) else None


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if obj is None or not hasattr(type(obj)._default_manager, "visible_to"):
        return None
    return None if is_visible(user, obj) else gettext("您不能查看该内容。")


POLICY: Policy = register(
    Policy(
        room="supervision",
        label=_("职能运行监管"),
        rules=RULES,
        state_of=state_of,
        state_label=lambda state: str(STATE_LABELS.get(state, state)),
        relation=_relation,
        state_lookups={Warning: "status"},
        state_refusal_class=WarningRefused,
        states=tuple(S.values),
    )
)

for _queryset in (UnitScopedQuerySet, BatchQuerySet):
    _queryset.policy = POLICY
