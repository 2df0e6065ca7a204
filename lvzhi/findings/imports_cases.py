"""Excel/CSV import of accountability cases (问责案件): the whole file is read and checked first — the unit, the
situation (area + situation), the post and the person of that unit, the deduction — every problem named by row
and column in Chinese, and nothing is stored unless all of it is right; then one transaction records each case
through the room's action (its rule and audit record, as on the page)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.duties.sheets import RowReader
from lvzhi.registry.models import Person, Post

from . import actions
from .formats import CASES
from .imports import _units
from .models import Situation
from .policy import POLICY


def import_cases(path: str | Path, name: str = "", *, actor: Any) -> int:
    """Each row a new case; returns how many."""
    POLICY.require(actor, "import")
    POLICY.require(actor, "manage_accountability")
    reader = RowReader(CASES)
    rows = reader.read(path, name)
    units = _units(reader, rows)
    situations = {(s.area.name, s.name): s for s in Situation.objects.select_related("area")}
    posts = {(p.unit_id, p.code): p for p in Post.objects.filter(unit_id__in=units.values())}
    persons = {(p.unit_id, p.staff_no): p for p in Person.objects.filter(unit_id__in=units.values())}
    cases = []
    for row in rows:
        v = row.values
        unit_id = units.get(v["unit"])
        situation = situations.get((v["area"], v["situation"]))
        if v["area"] and v["situation"] and situation is None:
            reader.error(row.number, "situation", _("问责领域「%(area)s」下没有问责情形「%(name)s」")
                         % {"area": v["area"], "name": v["situation"]})  # fmt: skip
        post = person = None
        if v["post"] and unit_id:
            post = posts.get((unit_id, v["post"]))
            if post is None:
                reader.error(row.number, "post", _("该单位没有岗位代码「%(code)s」") % {"code": v["post"]})
        if v["person"] and unit_id:
            person = persons.get((unit_id, v["person"]))
            if person is None:
                reader.error(
                    row.number, "person", _("该单位没有人员编号「%(code)s」") % {"code": v["person"]}
                )
        deduction = None
        if v["deduction"]:
            try:
                deduction = Decimal(str(v["deduction"]))
            except InvalidOperation:
                reader.error(row.number, "deduction", _("「%(text)s」不是数字") % {"text": v["deduction"]})
            else:
                if deduction < 0:
                    reader.error(row.number, "deduction", _("不能为负数"))
        cases.append((unit_id, situation, post, person, deduction, v))
    reader.check()
    from lvzhi.registry.models import Unit

    by_pk = Unit.objects.in_bulk(list(units.values()))
    with transaction.atomic(), audit_context(actor=actor, reason=_("导入问责案件"), source="import"):
        for unit_id, situation, post, person, deduction, v in cases:
            actions.record_case(
                actor=actor, situation=situation, unit=by_pk[unit_id], post=post, person=person,
                title=v["title"], occurred_on=v["occurred_on"], document_number=v["document_number"],
                deduction=deduction, note=v["note"],
            )  # fmt: skip
        record_event("findings.cases_imported", None, after={"rows": len(cases)})
    return len(cases)
