"""Who may read and change the registry (机构编制): the registry room's table; lvzhi.core.policy reads it.

- Regions and categories are reference data: everyone reads them, office administrators change them.
- Units and everything in them (三定, internal bodies, posts, persons, staffing figures) are read by whoever
  sees the unit (`Unit.objects.visible_to`); an unseen unit is a 404.
- Office administrators create, change and delete units and their 三定; a unit contact changes its own unit's
  descriptive fields and maintains its internal bodies, posts and persons.
- Importing is for office administrators; every user exports the units they see.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import EVERYONE, OWN_UNIT_ROLES, Policy, Rule, is_visible, register

ADMIN = frozenset({"admin"})
EDITORS = frozenset({"admin", "unit_contact"})  # the unit contact on its own unit only (scope "unit")
NOT_ALLOWED = _("您没有权限执行此操作。")
ONLY_READS = _("您的角色只能查看机构编制数据,不能修改。")
PAGE_ONLY_READS = _("您只能查看该单位,不能修改。")
REFERENCE_DATA = _("只有编办管理员可以修改该数据。")


def _unit_id(obj: Any) -> Any:
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.model_name == "unit":
        return obj.pk
    return getattr(obj, "unit_id", None)


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    """"unit": a unit contact acts on its own unit only, everyone else on the units they see; "visible": on
    what they see; "any": on anything."""
    if rule.scope == "any":
        return None
    if rule.scope == "unit" and role in OWN_UNIT_ROLES:
        return None if _unit_id(obj) == user.unit_id else gettext("只能办理本单位的事项。")
    return None if is_visible(user, obj) else gettext("未找到该对象,或您无权访问。")


def _contents(label: Any, refusal: Any) -> Rule:
    return Rule(
        label,
        EDITORS,
        scope="unit",
        refusal=refusal,
        page_refusal=PAGE_ONLY_READS,
        note=_("单位联络员:本单位的"),
    )


POLICY = register(
    Policy(
        room="registry",
        label=_("机构编制"),
        rules={
            "view_reference": Rule(_("查看区划、单位类别"), EVERYONE, scope="any"),
            "edit_regions": Rule(_("新增、修改、删除区划"), ADMIN, scope="any", refusal=REFERENCE_DATA),
            "edit_categories": Rule(_("新增、修改、删除单位类别"), ADMIN, scope="any", refusal=REFERENCE_DATA),
            "view_all_units": Rule(
                _("查看全部单位"),
                frozenset({"admin", "committee"}),
                scope="any",
                note=_("其他角色只看到本单位或分配给自己的单位;汇总只计入这些单位"),
            ),
            "view_unit": Rule(
                _("查看单位及其三定、内设机构、岗位、实名制人员、编制使用情况"),
                EVERYONE,
                note=_("看得到的单位(不可见的单位为 404)"),
            ),
            "create_unit": Rule(_("新增单位"), ADMIN, scope="any", refusal=_("只有编办管理员可以新增单位。")),
            "edit_unit": Rule(
                _("修改单位信息"),
                EDITORS,
                scope="unit",
                refusal=NOT_ALLOWED,
                page_refusal=PAGE_ONLY_READS,
                note=_("单位联络员:本单位的简称、备注"),
            ),
            "edit_unit_reserved": Rule(
                _("修改单位代码、名称、性质、区划、类别、主管部门、排序、在用"), ADMIN, refusal=NOT_ALLOWED
            ),
            "delete_unit": Rule(_("删除单位"), ADMIN, refusal=_("只有编办管理员可以删除单位。")),
            "edit_sanding": Rule(
                _("新增三定版本,修改三定文号、主要职责、编制核定、领导职数"),
                ADMIN,
                refusal=_("三定规定的内容由编办维护,只有编办管理员可以修改。"),
                page_refusal=_("三定规定的内容由编办维护。"),
            ),
            "create_body": _contents(_("新增内设机构"), ONLY_READS),
            "edit_body": _contents(_("修改内设机构"), NOT_ALLOWED),
            "delete_body": _contents(_("删除内设机构"), NOT_ALLOWED),
            "create_post": _contents(_("新增岗位"), ONLY_READS),
            "edit_post": _contents(_("修改岗位"), NOT_ALLOWED),
            "delete_post": _contents(_("删除岗位"), NOT_ALLOWED),
            "create_person": _contents(_("新增实名制人员"), ONLY_READS),
            "edit_person": _contents(_("修改实名制人员"), NOT_ALLOWED),
            "delete_person": _contents(_("删除实名制人员"), NOT_ALLOWED),
            "import": Rule(_("导入机构编制数据"), ADMIN, scope="any", refusal=_("只有编办管理员可以导入数据。")),
            "export": Rule(_("导出机构编制数据"), EVERYONE, scope="any", note=_("只含看得到的单位")),
        },
        relation=_relation,
    )
)
