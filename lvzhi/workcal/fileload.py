"""`lvzhi calendar load FILE` and the import page: a year's (or several years') holidays and make-up working days
from a CSV or Excel file with columns 日期 (ISO, 2026-02-13), 类型 (休 or 班), 说明. Read with the product's one
reader (lvzhi.registry.io.reader); the whole file is checked first and any problem rejects it with the row and
column, nothing stored; each year in the file replaces that year's table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from lvzhi.registry.io.importers.base import ImportRejected, RowError
from lvzhi.registry.io.reader import open_table

from . import actions
from .formats import DATE, HEADERS, KIND, NOTE, REQUIRED
from .models import Source
from .policy import POLICY

MAX_ROWS = 2000


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        return None


def read_file(path: str | Path, name: str = "") -> dict[int, list[actions.Entry]]:
    """{year: [(date, kind, note)]} from the file, or ImportRejected naming every problem."""
    table = open_table(path, name)
    errors: list[RowError] = []
    try:
        headers = [_text(h) for h in table.headers]
        where = {h: i for i, h in enumerate(headers) if h in HEADERS}
        errors.extend(
            RowError(1, -1, "", header, _("缺少这一列(表头应为:日期、类型、说明)"))
            for header in REQUIRED
            if header not in where
        )
        if errors:
            raise ImportRejected(errors, len(errors), 0)

        def error(rowno: int, header: str, reason: str) -> None:
            col = where[header]
            errors.append(RowError(rowno, col, get_column_letter(col + 1), header, reason))

        seen: dict[dt.date, int] = {}
        years: dict[int, list[actions.Entry]] = defaultdict(list)
        rows = 0
        for offset, row in enumerate(table.rows):
            rowno = offset + 2
            cells = {h: (row[i] if i < len(row) else None) for h, i in where.items()}
            if all(_text(v) == "" for v in cells.values()):
                continue
            rows += 1
            if rows > MAX_ROWS:
                error(rowno, DATE, _("一个文件最多 %(n)s 行。") % {"n": MAX_ROWS})
                break
            day = _date(cells[DATE])
            kind = _text(cells[KIND])
            note = _text(cells.get(NOTE))
            if day is None:
                error(
                    rowno, DATE, _("“%(value)s”不是日期,应写作 2026-02-13。") % {"value": _text(cells[DATE])}
                )
                continue
            if day in seen:
                error(
                    rowno,
                    DATE,
                    _("%(date)s 与第%(row)s行重复。") % {"date": day.isoformat(), "row": seen[day]},
                )
                continue
            seen[day] = rowno
            why = actions.check_entry(day, kind, note)
            if why:
                error(rowno, NOTE if kind in ("休", "班") and len(note) > 100 else KIND, why)
                continue
            years[day.year].append((day, kind, note))
        if not errors and not years:
            errors.append(RowError(2, -1, "", "", _("文件中没有数据行。")))
        if errors:
            raise ImportRejected(errors, len(errors), rows)
        return dict(years)
    finally:
        table.close()


def load_file(
    path: str | Path, name: str = "", *, actor: Any, reason: str = "", note: str = "", system: bool = False
) -> dict[int, int]:
    """Load the file: every year in it replaces that year's table, all or nothing. {year: days}."""
    if not system:
        POLICY.require(actor, "edit")
    years = read_file(path, name)
    label = reason or _("导入文件 %(name)s") % {"name": name or Path(path).name}
    with transaction.atomic():
        for year, rows in sorted(years.items()):
            actions.replace_year(
                year, rows, actor=actor, source=Source.FILE, reason=label, note=note, system=True
            )
    return {year: len(rows) for year, rows in sorted(years.items())}


def load_upload(upload: Any, *, actor: Any, reason: str = "", note: str = "") -> dict[int, int]:
    """An uploaded file (Django's UploadedFile) loaded as `load_file` does."""
    import tempfile

    POLICY.require(actor, "edit")
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return load_file(handle.name, upload.name, actor=actor, reason=reason, note=note)
