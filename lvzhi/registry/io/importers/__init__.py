"""Importing a registry table (units, internal bodies, posts, persons, quotas).

The whole file is one transaction. Rows are read, checked and written chunk by chunk, so that memory stays flat
for a province's million persons; after the first error nothing more is written, but every row is still
checked, and at the end the transaction is rolled back: a file with any error stores nothing and the user gets
every error with its row, column (letter and header) and reason.

Identity: a row whose code exists updates that object, otherwise it creates one (mode "upsert"; "create" treats
an existing code as a duplicate, "update" treats an unknown one as an error). Columns absent from the file keep
their values. Every created or changed object gets an audit record naming the importing user and the file.

One module per kind of row (`units`: units and internal bodies, `people`: posts and persons, `quotas`: the
三定's quotas); what they share in `base`. Here: finding the header and running a whole table.
"""

from __future__ import annotations

import itertools
import time

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.registry.models import refresh_staffing_summaries

from .. import bulk
from ..cells import CellError, Column, column_letter
from ..columns import KINDS, Kind
from ..reader import Table
from .base import (
    MODES,
    Cells,
    Errors,
    ImportOptions,
    ImportRejected,
    ImportResult,
    RowError,
    normalize_header,
)
from .people import PersonImporter, PostImporter
from .quotas import QuotaImporter
from .units import BodyImporter, UnitImporter

__all__ = ["MODES", "ImportOptions", "ImportRejected", "ImportResult", "import_table"]

IMPORTERS = {
    "units": UnitImporter,
    "bodies": BodyImporter,
    "posts": PostImporter,
    "persons": PersonImporter,
    "quotas": QuotaImporter,
}


def _is_blank(raw: list) -> bool:
    if not any(raw):
        return True
    first = raw[0]
    if first and (type(first) is not str or not first.isspace()):
        return False  # the common case: a data row whose first cell has something
    for value in raw:
        if value is None:
            continue
        if type(value) is str:
            if value.strip():
                return False
        else:
            return False
    return True


# A title row (e.g. "莱阳市实名制人员名册", merged across the columns) may sit above the header.
HEADER_SEARCH_ROWS = 5


def _known_headers(kind: Kind, row) -> int:
    names = {normalize_header(c.header) for c in kind.columns}
    return sum(1 for value in row if normalize_header(value) in names)


def find_header(kind: Kind, table: Table) -> tuple[list, int]:
    """The header row and its row number: the first row, unless it has no header of this kind and one of the
    next few rows does (title rows above it are skipped)."""
    if _known_headers(kind, table.headers):
        return table.headers, 1
    peeked = []
    for _attempt in range(HEADER_SEARCH_ROWS):
        row = next(table.rows, None)
        if row is None:
            break
        peeked.append(row)
        if _known_headers(kind, row) >= min(2, len(kind.columns)):
            return list(row), 1 + len(peeked)
    # No header found: report the first row's; the rows looked at go back in front of the data.
    table.rows = itertools.chain(peeked, table.rows)
    return table.headers, 1


def import_table(
    kind_key: str, table: Table, *, actor=None, options: ImportOptions | None = None, progress=None, reason=""
) -> ImportResult:
    """Import a table of the given kind. Raises ImportRejected (nothing stored) when any row is wrong."""
    kind = KINDS[kind_key]
    options = options or ImportOptions()
    started = time.perf_counter()
    headers, header_row = find_header(kind, table)
    cells = Cells(kind, headers, header_row)
    if cells.errors:
        errors = sorted(cells.errors)
        raise ImportRejected(errors, len(errors), 0)
    errors = Errors()
    present = cells.present
    rows_seen = 0
    with bulk.large_cache(), transaction.atomic():
        audit = bulk.AuditWriter(reason=reason)
        importer = IMPORTERS[kind_key](kind, cells, options, actor, errors, audit)
        size = importer.chunk_size
        if progress:
            progress.stage(_("校验并写入"), total=table.total)
        chunk: list[tuple[int, dict, bool]] = []
        rowno = header_row
        for raw in table.rows:
            rowno += 1
            if _is_blank(raw):
                continue
            rows_seen += 1
            values = {}
            ok = True
            width = len(raw)
            for index, col in present:
                value = raw[index] if index < width else ""
                try:
                    values[col.key] = col.convert(value)
                except CellError as exc:
                    errors.add(
                        RowError(rowno, index, column_letter(index), cells.positions[col.key][2], str(exc))
                    )
                    ok = False
            chunk.append((rowno, values, ok))
            if size and len(chunk) >= size:
                importer.process(chunk)
                chunk = []
                if progress:
                    progress.advance(rowno - 1)
        if chunk:
            importer.process(chunk)
        importer.finish()
        if progress:
            progress.advance(rowno - 1)
        if errors:
            transaction.set_rollback(True)
        else:
            audit.flush()
            after_import(importer.touched_units - {None})
    if errors:
        raise ImportRejected(sorted(errors.items), errors.count, rows_seen)
    if rows_seen >= bulk.ANALYZE_ROWS:
        bulk.refresh_statistics(importer.written_models())
    result = importer.result
    result.rows = rows_seen
    result.audit_records = audit.count
    result.seconds = time.perf_counter() - started
    return result


def after_import(unit_ids: set[int]) -> None:
    """Keep the derived staffing figures (UnitStaffing, UnitLeadership) in step with the rows just written."""
    if unit_ids:
        refresh_staffing_summaries(unit_ids)


def column_of(kind_key: str, key: str) -> Column:
    return KINDS[kind_key].column(key)
