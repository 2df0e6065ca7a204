"""Excel/CSV import of the ledger and the two result lists: the whole file is read and checked first (every
problem named by row and column, in Chinese) and nothing is stored unless all of it is right; then one
transaction writes it with its audit records (bulk, so that 10,000 findings take seconds)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_bulk, record_event
from lvzhi.duties.sheets import RowReader
from lvzhi.registry.models import Unit

from .formats import FINDINGS, HIGHLIGHTS, INSTITUTIONS
from .models import ExtraCategory, Finding, Highlight, Institution
from .policy import POLICY

BATCH = 2000


def _units(reader: RowReader, rows: list[Any], required: bool = True) -> dict[str, int]:
    codes = {r.values["unit"] for r in rows if r.values.get("unit")}
    found = dict(Unit.objects.filter(code__in=codes).values_list("code", "pk"))
    for row in rows:
        code = row.values.get("unit")
        if code and code not in found:
            reader.error(row.number, "unit", _("单位代码「%(code)s」不存在") % {"code": code})
        elif not code and required:
            reader.error(row.number, "unit", _("必填,不能为空"))
    return found


def import_findings(path: str | Path, name: str = "", *, actor: Any) -> int:
    """Each row a new finding, issued to its unit at once; returns how many."""
    POLICY.require(actor, "import")
    reader = RowReader(FINDINGS)
    rows = reader.read(path, name)
    units = _units(reader, rows)
    labels = {str(label): value for value, label in Finding.Category.choices}
    categories = set(Finding.Category.values) | set(
        ExtraCategory.objects.filter(active=True).values_list("name", flat=True)
    )
    now = timezone.now()
    objects = []
    for row in rows:
        v = row.values
        category = labels.get(v["category"], v["category"])
        if v["category"] and category not in categories:
            reader.error(
                row.number, "category", _("「%(text)s」不是已有的问题类别") % {"text": v["category"]}
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
        if reader.errors:
            continue
        objects.append(Finding(
            unit_id=units[v["unit"]], title=v["title"], source=v["source"], category=category,
            severity=v["severity"] or "medium", description=v["description"], root_cause=v["root_cause"],
            indicator_code=v["indicator_code"], deduction=deduction, immediate=bool(v["immediate"]),
            deadline=v["deadline"] or None, responsible=v["responsible"], raised_by=actor, raised_at=now,
            issued_at=now,
        ))  # fmt: skip
    reader.check()
    with transaction.atomic(), audit_context(actor=actor, reason=_("导入问题台账"), source="import"):
        created = Finding.objects.bulk_create(objects, batch_size=BATCH)
        record_bulk("create", created)
        record_event("findings.imported", None, after={"rows": len(created)})
    return len(created)


def import_list(kind: str, path: str | Path, name: str = "", *, actor: Any) -> dict[str, int]:
    """特色亮点清单 or 制度完善清单: a row updates the item of the same name and unit, or adds one."""
    POLICY.require(actor, "import")
    spec, model = {"highlights": (HIGHLIGHTS, Highlight), "institutions": (INSTITUTIONS, Institution)}[kind]
    reader = RowReader(spec)
    rows = reader.read(path, name)
    units = _units(reader, rows, required=False)
    reader.check()
    fields = [c.key for c in spec.columns if c.key not in ("unit", "unit_name")]
    counts = {"created": 0, "updated": 0}
    with transaction.atomic(), audit_context(actor=actor, reason=_("导入%(kind)s") % {"kind": spec.label},
                                             source="import"):  # fmt: skip
        for row in rows:
            v = row.values
            values = {f: (v[f] if v[f] != "" else None) if f in ("year", "due") else v[f] for f in fields}
            _item, created = model.objects.update_or_create(  # type: ignore[attr-defined]
                title=v["title"], unit_id=units.get(v["unit"]) if v["unit"] else None,
                defaults={**values, "created_by": actor},
            )  # fmt: skip
            counts["created" if created else "updated"] += 1
    return counts
