"""Who may read and change workflows (流程图) and work norms (工作规范): the workflows room's table.

- Whoever sees a unit (`Unit.objects.visible_to`) reads its workflows, their versions and diagrams, and its work
  norms (the uploaded files too, through the protected-file route; they are never public). An unseen unit's
  objects are a 404.
- A unit contact draws its own unit's workflows: a new workflow, a redesigned version (a draft copied from the
  version in force), the steps of a draft; it submits the draft to the office, and uploads its sections' norms.
- Office administrators do all of that for every unit, and alone adopt a version (it comes into force and the
  previous one is superseded), return a submitted one with a reason, and import workflows from Excel.
- The region's checks (sign-off levels, what redesigns cut, the missing parts of 一表一图一规范一机制) are read by
  the office, the committee and evaluators, counting only the units they see.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import EVERYONE, OWN_UNIT_ROLES, Policy, Rule, is_visible, register

OFFICE = frozenset({"admin"})
EDITORS = frozenset({"admin", "unit_contact"})  # a unit contact on its own unit only (scope "unit")
NOT_ALLOWED = _("您没有权限执行此操作。")

DRAFT, SUBMITTED, IN_FORCE, SUPERSEDED = "draft", "submitted", "in_force", "superseded"
STATES = (DRAFT, SUBMITTED, IN_FORCE, SUPERSEDED)
STATE_LABELS = {DRAFT: _("草稿"), SUBMITTED: _("已报送"), IN_FORCE: _("现行"), SUPERSEDED: _("已废止")}


def unit_id_of(obj: Any) -> Any:
    """The unit an object of the room belongs to (a unit itself, or an object with `unit_id`)."""
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.model_name == "unit":
        return obj.pk
    return getattr(obj, "unit_id", None)


def state_of(obj: Any) -> str | None:
    """A version's status (a step's: its version's); other objects have none."""
    meta = getattr(obj, "_meta", None)
    name = meta.model_name if meta is not None else ""
    if name == "workflowversion":
        return str(obj.status)
    if name == "step":
        return str(obj.version.status)
    return None


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    """ "unit": a unit contact acts on its own unit only, everyone else on what they see; "any": anything."""
    if rule.scope == "any":
        return None
    if rule.scope == "unit" and role in OWN_UNIT_ROLES:
        return None if unit_id_of(obj) == user.unit_id else gettext("只能办理本单位的事项。")
    return None if is_visible(user, obj) else gettext("未找到该对象,或您无权访问。")


POLICY = register(
    Policy(
        room="workflows",
        label=_("流程图与工作规范"),
        rules={
            "view": Rule(
                _("查看单位的流程图、版本和工作规范"), EVERYONE, note=_("看得到的单位(不可见的为 404)")
            ),
            "view_region": Rule(
                _("查看全区的签批层级、流程再造和一表一图一规范一机制核查"),
                frozenset({"admin", "committee", "evaluator"}),
                scope="any",
                note=_("只计入看得到的单位"),
            ),
            "create": Rule(
                _("新建流程图或流程再造版本"),
                EDITORS,
                scope="unit",
                refusal=NOT_ALLOWED,
                note=_("单位联络员:本单位的"),
            ),
            "edit": Rule(
                _("编辑流程图草稿"),
                EDITORS,
                states=frozenset({DRAFT}),
                scope="unit",
                refusal=NOT_ALLOWED,
                note=_("单位联络员:本单位的;只有草稿可以编辑"),
            ),
            "submit": Rule(
                _("报送流程图"),
                EDITORS,
                states=frozenset({DRAFT}),
                scope="unit",
                refusal=NOT_ALLOWED,
                note=_("单位联络员:本单位的"),
            ),
            "adopt": Rule(
                _("审定启用流程图"),
                OFFICE,
                states=frozenset({DRAFT, SUBMITTED}),
                scope="any",
                refusal=_("只有编办管理员可以审定启用流程图。"),
            ),
            "return": Rule(
                _("退回流程图"),
                OFFICE,
                states=frozenset({SUBMITTED}),
                scope="any",
                refusal=_("只有编办管理员可以退回流程图。"),
            ),
            "edit_norms": Rule(
                _("上传或删除工作规范"),
                EDITORS,
                scope="unit",
                refusal=NOT_ALLOWED,
                note=_("单位联络员:本单位的"),
            ),
            "import": Rule(_("导入流程图"), OFFICE, scope="any", refusal=_("只有编办管理员可以导入数据。")),
            "export": Rule(_("导出流程图"), EVERYONE, scope="any", note=_("只含看得到的单位")),
        },
        state_of=state_of,
        state_label=lambda state: str(STATE_LABELS.get(state, state)),
        relation=_relation,
        states=STATES,
        state_lookups={"workflows.WorkflowVersion": "status", "workflows.Step": "version__status"},
    )
)
