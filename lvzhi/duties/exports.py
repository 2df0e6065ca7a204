"""Excel exports of the duties room with the registry's writer (lvzhi.registry.io.exporters.write_xlsx): the
same columns as the imports (lvzhi.duties.formats), so an export can be edited and imported back; a list as of
any day."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lvzhi.registry.io.exporters import write_csv, write_template, write_xlsx
from lvzhi.registry.io.formats import NO, YES
from lvzhi.registry.models import Unit

from .formats import (
    BOUNDARY,
    CATALOGUE,
    CATALOGUE_RULES,
    DECOMPOSITION,
    DELEGATION,
    INITIATIONS,
    KINDS,
    POWER,
    POWER_TYPES,
    TERRITORIAL,
)
from .models import BodyDuty, BoundaryItem, DelegationItem, PowerItem, Task, TerritorialItem

TYPE_LABEL, WAY_LABEL = dict(POWER_TYPES), dict(INITIATIONS)
SCOPE_LABEL = {"units": "部门间", "bodies": "部门内设机构间"}


def _codes(objs: Any) -> str:
    return "、".join(o.code for o in objs)


def _decomposition(user: Any, units: QuerySet[Unit], day: datetime.date) -> Iterator[list[Any]]:
    tasks = (
        Task.objects.visible_to(user)
        .filter(unit__in=units)
        .select_related("unit", "body_duty__internal_body", "body_duty__main_duty")
        .prefetch_related("posts")
    )
    for t in tasks.order_by("unit__code", "body_duty__internal_body__code", "body_duty__seq", "seq"):
        d = t.body_duty
        yield [
            t.unit.code,
            d.internal_body.code,
            d.main_duty.seq if d.main_duty else None,
            d.text,
            t.text,
            _codes(t.posts.all()),
        ]
    # Internal-body duties with no task yet are rows with an empty task (the import asks for one).
    for d in BodyDuty.objects.filter(unit__in=units, tasks__isnull=True).select_related(
        "unit", "internal_body"
    ):
        yield [d.unit.code, d.internal_body.code, d.main_duty.seq if d.main_duty else None, d.text, "", ""]


def _power(user: Any, units: QuerySet[Unit], day: datetime.date) -> Iterator[list[Any]]:
    items = (
        PowerItem.objects.visible_to(user)
        .as_of(day)
        .filter(unit__in=units)
        .select_related("unit", "internal_body", "sanding_clause", "catalogue_item")
        .prefetch_related("posts")
    )
    for i in items.order_by("unit__code", "code"):
        yield [
            i.unit.code,
            i.code,
            i.name,
            TYPE_LABEL.get(i.item_type, ""),
            WAY_LABEL.get(i.initiation, ""),
            i.legal_basis,
            i.responsibilities,
            i.accountability,
            i.internal_body.code if i.internal_body else "",
            _codes(i.posts.all()),
            i.sanding_clause.seq if i.sanding_clause else None,
            i.catalogue_item.code if i.catalogue_item else "",
        ]


def _boundary(user: Any, units: QuerySet[Unit], day: datetime.date) -> Iterator[list[Any]]:
    items = (
        BoundaryItem.objects.visible_to(user)
        .as_of(day)
        .filter(Q(unit__in=units) | Q(cooperating_units__in=units))
        .distinct()
        .select_related("unit")
    )
    for i in items.prefetch_related("cooperating_units").order_by("code"):
        yield [
            i.code,
            i.matter,
            SCOPE_LABEL.get(i.scope, ""),
            i.unit.code if i.unit else "",
            _codes(i.cooperating_units.all()),
            i.division,
            i.trigger,
            i.mechanism,
            i.dispute,
            i.decided_by,
        ]


def _territorial(user: Any, units: QuerySet[Unit], day: datetime.date) -> Iterator[list[Any]]:
    items = TerritorialItem.objects.visible_to(user).as_of(day).filter(unit__in=units).select_related("unit")
    for i in items.prefetch_related("supporting_units").order_by("code"):
        yield [
            i.code,
            i.matter,
            i.unit.code,
            _codes(i.supporting_units.all()),
            i.county_duties,
            i.township_duties,
            i.support,
            i.legal_basis,
        ]


def _delegation(user: Any, units: QuerySet[Unit], day: datetime.date) -> Iterator[list[Any]]:
    items = DelegationItem.objects.visible_to(user).as_of(day).filter(unit__in=units)
    for i in items.select_related("unit", "receiving_region").order_by("unit__code", "code"):
        yield [
            i.unit.code,
            i.code,
            i.receiving_body,
            i.receiving_region.code if i.receiving_region else "",
            i.manner,
        ]


ROWS = {
    "decomposition": _decomposition,
    "power": _power,
    "boundary": _boundary,
    "territorial": _territorial,
    "delegation": _delegation,
}
_KINDS = {
    "decomposition": DECOMPOSITION,
    "power": POWER,
    "boundary": BOUNDARY,
    "territorial": TERRITORIAL,
    "delegation": DELEGATION,
}


def export(kind: str, user: Any, units: QuerySet[Unit], day: datetime.date) -> tuple[IO[bytes], str]:
    """An open .xlsx file of the list (as of `day`) for the units the user sees, and its file name."""
    if kind not in ROWS:
        raise Http404
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        write_xlsx(_KINDS[kind], ROWS[kind](user, units, day), path)
        handle.write(path.read_bytes())
    handle.seek(0)
    return handle, f"{KINDS[kind].sheet}_{day.isoformat()}.xlsx"


# -- the higher-level catalogue (三级四同) ------------------------------------------------------------------


def _catalogue_rows(items: Any) -> Iterator[list[Any]]:
    for i in items:
        yield [
            i.region.code,
            i.code,
            i.name,
            TYPE_LABEL.get(i.item_type, ""),
            WAY_LABEL.get(i.initiation, ""),
            i.legal_basis,
            i.responsibilities,
            i.accountability,
            YES if i.is_active else NO,
        ]


def export_catalogue(items: Any, fmt: str = "xlsx") -> tuple[IO[bytes], str]:
    """An open .xlsx or .csv file of catalogue items (a search's result, `selectors.catalogue_search`) with the
    import's columns, and its file name."""
    fmt = "csv" if fmt == "csv" else "xlsx"
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{fmt}"
        (write_csv if fmt == "csv" else write_xlsx)(CATALOGUE, _catalogue_rows(items), path)
        handle.write(path.read_bytes())
    handle.seek(0)
    return handle, f"{CATALOGUE.sheet}_{datetime.date.today():%Y%m%d}.{fmt}"  # noqa: DTZ011 - a file name


def catalogue_template() -> tuple[IO[bytes], str]:
    """The catalogue's import template (the registry's template writer: headers, drop-downs, instructions)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    write_template(CATALOGUE, handle, rules=CATALOGUE_RULES)
    handle.seek(0)
    return handle, f"{CATALOGUE.sheet}导入模板.xlsx"
