"""Raising findings: on their own (the office), as a common finding issued to many units at once, or from another
room. `raise_finding` is the entry point other rooms call (a supervision warning confirmed, a hotline case): it
takes this room's "raise" rule. A room that has already applied its own rule (a campaign stage that lets an
evaluator raise a finding for an assigned unit) calls `record_finding`, which checks the fields only."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from ..models import CommonFinding, ExtraCategory, Finding
from ..policy import POLICY
from .common import finding_action, text

EDITABLE = ("title", "description", "category", "severity", "indicator_code", "deduction", "root_cause",
            "immediate", "deadline", "responsible")  # fmt: skip


def categories() -> list[tuple[str, str]]:
    """(value, label) of every category a finding may take: the built-in ones, then the office's active ones."""
    return [(str(v), str(label)) for v, label in Finding.Category.choices] + [
        (c.name, c.name) for c in ExtraCategory.objects.filter(active=True)
    ]


def check_category(category: str) -> str:
    category = text(category)
    if (
        category in Finding.Category.values
        or ExtraCategory.objects.filter(name=category, active=True).exists()
    ):
        return category
    label = {str(lbl): v for v, lbl in Finding.Category.choices}.get(category)
    if label:
        return label
    raise Invalid(_("请选择问题类别。"), field="category")


def _deduction(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise Invalid(_("扣分须为数字。"), field="deduction") from exc
    if number < 0 or number > 1000:
        raise Invalid(_("扣分应在0到1000之间。"), field="deduction")
    return number


def clean_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The checked values of a finding's fields (those given); Invalid names the field."""
    out: dict[str, Any] = {}
    if "title" in values:
        out["title"] = text(values["title"], 300)
        if not out["title"]:
            raise Invalid(_("请填写问题。"), field="title")
    if "category" in values:
        out["category"] = check_category(values["category"])
    if "severity" in values:
        if values["severity"] not in Finding.Severity.values:
            raise Invalid(_("请选择严重程度。"), field="severity")
        out["severity"] = values["severity"]
    if "source" in values:
        if values["source"] not in Finding.Source.values:
            raise Invalid(_("问题来源无效。"), field="source")
        out["source"] = values["source"]
    if "deadline" in values:
        deadline = values["deadline"]
        if deadline is not None and not isinstance(deadline, datetime.date):
            raise Invalid(_("整改期限须为日期。"), field="deadline")
        out["deadline"] = deadline
    if "deduction" in values:
        out["deduction"] = _deduction(values["deduction"])
    for name, limit in (("indicator_code", 60), ("responsible", 100), ("origin", 80)):
        if name in values:
            out[name] = text(values[name], limit)
    for name in ("description", "root_cause"):
        if name in values:
            out[name] = text(values[name])
    if "immediate" in values:
        out["immediate"] = bool(values["immediate"])
    return out


def record_finding(
    *, actor: Any, unit: Any, campaign: Any = None, issued: bool = True, **fields: Any
) -> Finding:
    """A finding whose caller has applied its own room's rule; the fields are checked here. Issued (shown to the
    unit) at once unless `issued=False` (a campaign's finding before the results open to the unit)."""
    values = clean_fields({"severity": "medium", **fields})
    for required in ("title", "category", "source"):
        if required not in values:
            raise Invalid(_("请填写问题、问题类别和来源。"), field=required)
    now = timezone.now()
    finding = Finding.objects.create(
        unit=unit, campaign=campaign, raised_by=actor, raised_at=now, issued_at=now if issued else None,
        common=fields.get("common"), **values,
    )  # fmt: skip
    return finding


@finding_action
def raise_finding(*, actor: Any, unit: Any, source: str, category: str, title: str, campaign: Any = None,
                  **fields: Any) -> Finding:  # fmt: skip
    """登记问题: the office raises a finding about a unit (on its own, from a hotline case, an NPC/CPPCC opinion,
    an audit report, a supervision warning); issued to the unit at once. The entry point for other rooms.

    `fields` are any of description, severity, indicator_code, deduction, root_cause, immediate, deadline,
    responsible, origin ("supervision.Warning:12": the record that raised it)."""
    POLICY.require(actor, "raise")
    return record_finding(
        actor=actor, unit=unit, source=source, category=category, title=title, campaign=campaign, **fields
    )


@finding_action
def raise_common_finding(*, actor: Any, units: list[Any], source: str, category: str, title: str,
                         campaign: Any = None, **fields: Any) -> CommonFinding:  # fmt: skip
    """共性问题: one problem issued to many units at once; each unit gets its own finding to close."""
    POLICY.require(actor, "raise")
    units = list(dict.fromkeys(units))
    if len(units) < 2:
        raise Invalid(_("共性问题至少下发给两个单位。"), field="units")
    common = CommonFinding.objects.create(
        title=text(title, 300),
        description=text(fields.get("description")),
        campaign=campaign,
        raised_by=actor,
    )
    for unit in units:
        record_finding(actor=actor, unit=unit, source=source, category=category, title=title, campaign=campaign,
                       common=common, **fields)  # fmt: skip
    record_event("findings.common_issued", common, after={"units": len(units)})
    return common


@finding_action
def edit_finding(finding: Finding, *, actor: Any, **values: Any) -> Finding:
    POLICY.require(actor, "edit", finding)
    cleaned = clean_fields({k: v for k, v in values.items() if k in EDITABLE})
    for name, value in cleaned.items():
        setattr(finding, name, value)
    finding.save()
    return finding


@finding_action
def issue_finding(finding: Finding, *, actor: Any, deadline: datetime.date | None = None) -> Finding:
    """下发整改: a campaign's finding is shown to its unit before the results open (立行立改, an urgent one)."""
    POLICY.require(actor, "issue", finding)
    if finding.issued_at is not None:
        raise Invalid(_("该问题已下发。"))
    finding.issued_at = timezone.now()
    if deadline is not None:
        finding.deadline = deadline
    finding.save(update_fields=["issued_at", "deadline"])
    record_event(
        "findings.issued",
        finding,
        after={"deadline": finding.deadline.isoformat() if finding.deadline else ""},
    )
    return finding


@finding_action
def save_category(*, actor: Any, name: str, active: bool = True, order: int = 0) -> ExtraCategory:
    POLICY.require(actor, "manage_categories")
    name = text(name, 20)
    if not name:
        raise Invalid(_("请填写类别名称。"), field="name")
    if name in {str(label) for _v, label in Finding.Category.choices}:
        raise Invalid(_("「%(name)s」是内置类别,无需添加。") % {"name": name}, field="name")
    category, _created = ExtraCategory.objects.update_or_create(
        name=name, defaults={"active": active, "order": order}
    )
    return category


@finding_action
def link_adjustment(finding: Finding, *, actor: Any, adjustment: Any) -> Finding:
    """A finding about duties (a 职责交叉, a list not kept up) is settled by an adjustment of the three lists
    (lvzhi.duties: add, cancel, change, delegate…): the link is stored and audited; None removes it. The
    adjustment must be the finding's unit's own or one of the whole region (no unit)."""
    POLICY.require(actor, "link_adjustment", finding)
    if adjustment is not None and adjustment.unit_id not in (None, finding.unit_id):
        raise Invalid(_("只能关联本单位的清单调整(或全区划的调整)。"), field="adjustment")
    before = str(finding.settled_by) if finding.settled_by_id else ""
    finding.settled_by = adjustment
    finding.save(update_fields=["settled_by"])
    record_event("findings.adjustment_linked", finding, before={"adjustment": before}, after={
        "adjustment": str(adjustment) if adjustment else "",
        "document_number": adjustment.document_number if adjustment else ""})  # fmt: skip
    return finding
