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

import time
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from .. import bulk
from ..columns import KINDS
from ..reader import Table
from . import staged
from .base import MODES, Errors, ImportOptions, ImportRejected, ImportResult
from .pipeline import IMPORTERS, after_import, column_of, feed_rows, find_header, finish_result, header_cells

__all__ = [
    "IMPORTERS",
    "MODES",
    "ImportOptions",
    "ImportRejected",
    "ImportResult",
    "column_of",
    "import_table",
]


def import_table(
    kind_key: str,
    table: Table,
    *,
    actor=None,
    options: ImportOptions | None = None,
    progress=None,
    reason="",
    reopen: Callable[[], Table] | None = None,
) -> ImportResult:
    """Import a table of the given kind. Raises ImportRejected (nothing stored) when any row is wrong.

    `reopen` gives the same file again from its first row: with it, a large file on SQLite is imported in two
    passes (staged.py), so that other writers get in between its chunks."""
    kind = KINDS[kind_key]
    options = options or ImportOptions()
    if reopen is not None and staged.applies(kind_key, table):
        table.close()
        return staged.import_staged(
            kind_key, reopen, actor=actor, options=options, progress=progress, reason=reason
        )
    started = time.perf_counter()
    headers, header_row = find_header(kind, table)
    cells = header_cells(kind, headers, header_row)
    errors = Errors()
    with bulk.large_cache(), transaction.atomic():
        audit = bulk.AuditWriter(reason=reason)
        importer = IMPORTERS[kind_key](kind, cells, options, actor, errors, audit)
        if progress:
            progress.stage(_("校验并写入"), total=table.total)
        rows_seen = feed_rows(importer, table, header_row, progress)
        if errors:
            transaction.set_rollback(True)
        else:
            audit.flush()
            after_import(importer.touched_units - {None})
    if errors:
        raise ImportRejected(sorted(errors.items), errors.count, rows_seen)
    return finish_result(importer, audit, rows_seen, started)
