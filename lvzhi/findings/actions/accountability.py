"""Accountability (问责): the office's catalogue of situations (areas, each situation with its deduction per case,
the scheme's deduction indicator it counts for, whether it lowers the grade) and the cases against a unit, a post
or a person. One transaction each, audited (AuditedModel)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid

from ..catalogue import CATALOGUE
from ..models import AccountabilityArea, AccountabilityCase, Situation
from ..policy import POLICY
from .common import finding_action, text


def _points(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation as exc:
        raise Invalid(_("扣分须为数字。"), field=field) from exc
    if not number.is_finite() or number < 0 or number > 100:
        raise Invalid(_("扣分应在0到100之间。"), field=field)
    return number


@finding_action
def save_situation(situation: Situation | None = None, *, actor: Any, **values: Any) -> Situation:
    """Add a situation to the catalogue or change one: area, name, deduction, indicator_code, downgrade, active."""
    POLICY.require(actor, "manage_accountability")
    situation = situation or Situation()
    if "area" in values:
        situation.area = values["area"]
    if "name" in values:
        situation.name = text(values["name"], 200)
    if not situation.name:
        raise Invalid(_("请填写问责情形。"), field="name")
    if getattr(situation, "area_id", None) is None:
        raise Invalid(_("请选择问责领域。"), field="area")
    if "deduction" in values:
        situation.deduction = _points(values["deduction"], "deduction")
    if "indicator_code" in values:
        situation.indicator_code = text(values["indicator_code"], 60)
    for name in ("downgrade", "active"):
        if name in values:
            setattr(situation, name, bool(values[name]))
    duplicate = Situation.objects.filter(area_id=situation.area_id, name=situation.name).exclude(
        pk=situation.pk
    )
    if duplicate.exists():
        raise Invalid(_("该领域已有同名问责情形。"), field="name")
    situation.save()
    return situation


@finding_action
def seed_catalogue(*, actor: Any, indicator_code: str = "") -> int:
    """Load the model catalogue (CATALOGUE); situations already there are kept. Returns how many were added."""
    POLICY.require(actor, "manage_accountability")
    added = 0
    for order, (area_name, name, points, downgrade) in enumerate(CATALOGUE, start=1):
        area, _created = AccountabilityArea.objects.get_or_create(name=area_name)
        _situation, created = Situation.objects.get_or_create(
            area=area, name=name, defaults={"deduction": Decimal(points), "downgrade": downgrade, "order": order,
                                            "indicator_code": indicator_code},
        )  # fmt: skip
        added += int(created)
    return added


CASE_FIELDS = ("situation", "unit", "post", "person", "finding", "title", "occurred_on", "document_number",
               "deduction", "note")  # fmt: skip


@finding_action
def record_case(case: AccountabilityCase | None = None, *, actor: Any, **values: Any) -> AccountabilityCase:
    """A case (问责案件) against a unit, and a post or a person in it; the deduction defaults to its situation's."""
    POLICY.require(actor, "manage_accountability", case)
    case = case or AccountabilityCase(recorded_by=actor)
    for name in CASE_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name in ("title", "document_number", "note"):
            value = text(value, {"title": 200, "document_number": 80}.get(name))
        elif name == "deduction":
            if value in (None, ""):
                continue
            value = _points(value, "deduction")
        elif name == "occurred_on" and not isinstance(value, datetime.date):
            raise Invalid(_("问责日期须为日期。"), field="occurred_on")
        setattr(case, name, value)
    if getattr(case, "situation_id", None) is None:
        raise Invalid(_("请选择问责情形。"), field="situation")
    if getattr(case, "unit_id", None) is None:
        raise Invalid(_("请选择单位。"), field="unit")
    for name in ("post", "person"):
        related = getattr(case, name)
        if related is not None and related.unit_id != case.unit_id:
            raise Invalid(_("岗位和人员须属于该单位。"), field=name)
    if case.pk is None and values.get("deduction") in (None, ""):
        case.deduction = case.situation.deduction
    if not case.title:
        case.title = case.situation.name
    case.save()
    return case
