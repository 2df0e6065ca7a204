"""The steps every registry import takes: finding the header, reading and converting the rows chunk by
chunk, and the result."""

from __future__ import annotations

import itertools
import time
from contextlib import nullcontext

from lvzhi.registry.models import refresh_staffing_summaries

from .. import bulk
from ..cells import CellError, Column, column_letter
from ..columns import KINDS, Kind
from ..reader import Table
from .base import (
    Cells,
    ImportRejected,
    ImportResult,
    RowError,
    normalize_header,
)
from .people import PersonImporter, PostImporter
from .quotas import QuotaImporter
from .units import BodyImporter, UnitImporter

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


def header_cells(kind: Kind, headers: list, header_row: int) -> Cells:
    """The header's columns; a header that cannot be read rejects the file before any row is looked at."""
    cells = Cells(kind, headers, header_row)
    if cells.errors:
        errors = sorted(cells.errors)
        raise ImportRejected(errors, len(errors), 0)
    return cells


def feed_rows(importer, table: Table, header_row: int, progress, chunk_scope=nullcontext) -> int:
    """Read and convert every row and hand them to the importer chunk by chunk, each chunk inside
    `chunk_scope()`; returns the number of rows that were not blank."""
    cells, errors = importer.cells, importer.errors
    present = cells.present
    size = importer.chunk_size
    rows_seen = 0
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
            with chunk_scope():
                importer.process(chunk)
            chunk = []
            if progress:
                progress.advance(rowno - 1)
    with chunk_scope():
        if chunk:
            importer.process(chunk)
        importer.finish()
    if progress:
        progress.advance(rowno - 1)
    return rows_seen


def finish_result(importer, audit, rows_seen: int, started: float) -> ImportResult:
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
