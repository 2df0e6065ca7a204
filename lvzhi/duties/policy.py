"""Who may read and change duties and the three lists (定责): the duties room's table (lvzhi.core.policy).

- Whoever sees a unit (`Unit.objects.visible_to`) reads its decomposition, lists, adjustments and claims; an
  unseen unit's objects are a 404. The published lists are also on the public page, without login (that page
  reads only published versions, through `selectors.public_items`, and names no post or person).
- A unit contact maintains its own unit's decomposition (internal-body duties, tasks, posts) and its power,
  territorial and delegation items (each change an adjustment), and claims the upper-level notices sent to it.
- Office administrators do all of that for every unit, and alone keep the higher-level catalogue, the boundary
  items between units, publication, upper-level notices, imports and the overlap review.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import EVERYONE, OWN_UNIT_ROLES, Policy, Rule, is_visible, register

OFFICE = frozenset({"admin"})
EDITORS = frozenset({"admin", "unit_contact"})  # a unit contact on its own unit only (scope "unit")
ONLY_OFFICE = _("只有编办管理员可以办理该事项。")
NOT_ALLOWED = _("您没有权限执行此操作。")


def unit_id_of(obj: Any) -> Any:
    """The unit an object of the room belongs to (a unit itself, or an object with `unit_id`)."""
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.model_name == "unit":
        return obj.pk
    return getattr(obj, "unit_id", None)


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    """ "unit": a unit contact acts on its own unit only, everyone else on what they see; "any": anything."""
    if rule.scope == "any":
        return None
    if rule.scope == "unit" and role in OWN_UNIT_ROLES:
        return None if unit_id_of(obj) == user.unit_id else gettext("只能办理本单位的事项。")
    return None if is_visible(user, obj) else gettext("未找到该对象,或您无权访问。")


def _unit_rule(label: Any, note: Any = "") -> Rule:
    return Rule(label, EDITORS, scope="unit", refusal=NOT_ALLOWED, note=note or _("单位联络员:本单位的"))


POLICY = register(
    Policy(
        room="duties",
        label=_("职责与三张清单"),
        rules={
            "view": Rule(
                _("查看单位的职责分解、清单、调整记录和认领"),
                EVERYONE,
                note=_("看得到的单位(不可见的为 404)"),
            ),
            "view_region": Rule(
                _("查看全区的分解核查、统计和职责交叉"),
                frozenset({"admin", "committee", "evaluator"}),
                scope="any",
                note=_("只计入看得到的单位"),
            ),
            "edit_decomposition": _unit_rule(_("编辑职责分解(内设机构职责、工作任务、岗位)")),
            "edit_list": _unit_rule(_("调整权责清单、属地管理清单、下放清单事项")),
            "edit_boundary": Rule(_("调整职责边界清单"), OFFICE, scope="any", refusal=ONLY_OFFICE),
            "edit_catalogue": Rule(_("维护上级标准目录"), OFFICE, scope="any", refusal=ONLY_OFFICE),
            "publish": Rule(_("公示清单"), OFFICE, scope="any", refusal=_("只有编办管理员可以公示清单。")),
            "issue_notice": Rule(_("录入上级变更通知"), OFFICE, scope="any", refusal=ONLY_OFFICE),
            "claim": _unit_rule(_("认领上级变更"), _("单位联络员:发给本单位的")),
            "remind": Rule(_("提醒未认领的单位"), OFFICE, scope="any", refusal=ONLY_OFFICE),
            "import": Rule(
                _("导入清单和分解表"), OFFICE, scope="any", refusal=_("只有编办管理员可以导入数据。")
            ),
            "export": Rule(_("导出清单和分解表"), EVERYONE, scope="any", note=_("只含看得到的单位")),
            "feed_scores": Rule(
                _("将清单管理统计计入评估指标"),
                OFFICE,
                scope="any",
                refusal=_("只有编办管理员可以将清单管理统计计入评估指标。"),
                note=_("活动须处于可导入评议数据的阶段"),
            ),
            "review_overlaps": Rule(
                _("扫描、确认或排除职责交叉"),
                OFFICE,
                scope="any",
                refusal=_("只有编办管理员可以审核职责交叉。"),
            ),
        },
        relation=_relation,
    )
)
