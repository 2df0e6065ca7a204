"""The two result lists (特色亮点清单, 制度完善清单): an item added or changed by the office, linked to a unit (or
none: the office's own method), a campaign and a finding where there is one. Each save is audited (the models are
AuditedModel) inside one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid

from ..models import Finding, Highlight, Institution
from ..policy import POLICY
from .common import finding_action, text

LIST_MODELS: dict[str, Any] = {"highlights": Highlight, "institutions": Institution}
FIELDS = {
    "highlights": ("title", "description", "unit", "campaign", "finding", "year", "kind"),
    "institutions": ("title", "description", "unit", "campaign", "finding", "year", "status", "due",
                     "document_number"),
}  # fmt: skip


def _clean(kind: str, values: dict[str, Any], actor: Any) -> dict[str, Any]:
    model = LIST_MODELS[kind]
    out: dict[str, Any] = {}
    for name in FIELDS[kind]:
        if name not in values:
            continue
        value = values[name]
        if name == "title":
            value = text(value, 200)
            if not value:
                raise Invalid(_("请填写名称。"), field="title")
        elif name == "description":
            value = text(value)
        elif name == "document_number":
            value = text(value, 80)
        elif name == "year":
            if value in (None, ""):
                value = None
            elif not isinstance(value, int) or not 2000 <= value <= 2100:
                raise Invalid(_("年度应在2000到2100之间。"), field="year")
        elif name == "due":
            if value is not None and not isinstance(value, datetime.date):
                raise Invalid(_("计划完成时间须为日期。"), field="due")
        elif name == "kind" and value not in model.Kind.values:
            raise Invalid(_("请选择亮点类型。"), field="kind")
        elif name == "status" and value not in model.Status.values:
            raise Invalid(_("请选择进展。"), field="status")
        elif (
            name == "finding"
            and value is not None
            and not Finding.objects.visible_to(actor).filter(pk=value.pk).exists()
        ):
            raise Invalid(_("关联问题不存在。"), field="finding")
        out[name] = value
    finding = out.get("finding")
    if finding is not None and out.get("unit") is None and "unit" not in values:
        out["unit"] = finding.unit
    return out


@finding_action
def save_list_item(which: str, item: Any = None, /, *, actor: Any, **values: Any) -> Any:
    """Add an item to 特色亮点清单 (`which` "highlights") or 制度完善清单 ("institutions"), or change `item`;
    `values` are the list's fields (FIELDS)."""
    POLICY.require(actor, "manage_lists", item)
    if which not in LIST_MODELS:
        raise Invalid(_("清单类型无效。"))
    cleaned = _clean(which, values, actor)
    if item is None:
        if "title" not in cleaned:
            raise Invalid(_("请填写名称。"), field="title")
        return LIST_MODELS[which].objects.create(created_by=actor, **cleaned)
    for name, value in cleaned.items():
        setattr(item, name, value)
    item.save()
    return item
