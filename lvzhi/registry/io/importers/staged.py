"""A large import on SQLite, in two passes, so that other writers are not locked out while it runs.

SQLite has one writer at a time: a 300,000-row import in one transaction holds the lock for a minute and every
other write waits past its busy timeout. Here the first pass reads and checks every row and writes nothing (no
lock held); a file with any error is rejected exactly as in one transaction. The second pass reads the file
again and writes it chunk by chunk, each chunk (rows and their audit records) one short transaction, so that
others' writes get in between. Should the second pass meet an error after all (someone changed the registry
between the passes), what it wrote is undone (created rows and their audit records deleted, updated rows given
their old values back) before the rejection is reported: to its user the import stays all or nothing.

PostgreSQL keeps the single transaction (its writers do not wait for each other unless they touch the same rows).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lvzhi.audit.models import AuditEvent

from .. import bulk
from ..columns import KINDS
from ..reader import Table
from .base import Errors, ImportOptions, ImportRejected, ImportResult, Journal
from .pipeline import IMPORTERS, after_import, feed_rows, find_header, finish_result, header_cells

# Files with at least this many rows take the two passes (settings.REGISTRY_IMPORT_STAGED_ROWS overrides).
DEFAULT_STAGED_ROWS = 20_000


def staged_rows() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_STAGED_ROWS", DEFAULT_STAGED_ROWS))


def applies(kind_key: str, table: Table) -> bool:
    """Whether this file is imported in two passes: SQLite, a kind read in chunks, and a large file."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return False
    importer: Any = IMPORTERS[kind_key]
    if not importer.chunk_size:
        return False  # units and quotas need the whole file at once (a parent may come later in the file)
    return table.total is None or table.total >= staged_rows()


def _check_pass(kind_key, reopen, actor, options, progress) -> None:
    kind = KINDS[kind_key]
    table = reopen()
    try:
        headers, header_row = find_header(kind, table)
        cells = header_cells(kind, headers, header_row)
        errors = Errors()
        importer = IMPORTERS[kind_key](kind, cells, options, actor, errors, bulk.AuditWriter())
        importer.dry = True
        if progress:
            progress.stage(_("校验"), total=table.total)
        rows_seen = feed_rows(importer, table, header_row, progress)
    finally:
        table.close()
    if errors:
        raise ImportRejected(sorted(errors.items), errors.count, rows_seen)


def import_staged(
    kind_key: str,
    reopen: Callable[[], Table],
    *,
    actor,
    options: ImportOptions,
    progress,
    reason: str,
) -> ImportResult:
    started = time.perf_counter()
    _check_pass(kind_key, reopen, actor, options, progress)
    kind = KINDS[kind_key]
    table = reopen()
    audit = bulk.AuditWriter(reason=reason)
    errors = Errors()
    journal = Journal()
    last_event = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    try:
        headers, header_row = find_header(kind, table)
        cells = header_cells(kind, headers, header_row)
        importer = IMPORTERS[kind_key](kind, cells, options, actor, errors, audit)
        importer.journal = journal
        if progress:
            progress.stage(_("写入"), total=table.total)

        def chunk_scope():
            return _ChunkTransaction(audit, errors)

        with bulk.large_cache():
            rows_seen = feed_rows(importer, table, header_row, progress, chunk_scope)
    except BaseException:
        _undo(journal, audit, last_event)
        raise
    finally:
        table.close()
    if errors:
        _undo(journal, audit, last_event)
        after_import(importer.touched_units - {None})
        raise ImportRejected(sorted(errors.items), errors.count, rows_seen)
    with transaction.atomic():
        after_import(importer.touched_units - {None})
    return finish_result(importer, audit, rows_seen, started)


class _ChunkTransaction:
    """One chunk's rows and audit records in one transaction; nothing more is written after the first error."""

    def __init__(self, audit, errors: Errors):
        self.audit = audit
        self.errors = errors
        self.atomic = transaction.atomic()

    def __enter__(self):
        self.atomic.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None and not self.errors:
            self.audit.flush()
        elif exc_type is None:
            transaction.set_rollback(True)
        return self.atomic.__exit__(exc_type, exc, tb)


def _undo(journal: Journal, audit, last_event: int) -> None:
    """Take back what the chunks committed so far: their rows, and the audit records this import wrote.
    Rows are deleted in SQL, not through the models, so that no "deleted" audit records appear for them."""
    audit.rows = []
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model, (columns, rows) in journal.replaced.items():
            bulk.update_rows(model, columns, rows)
        for model, ids in journal.created_ids.items():
            for start in range(0, len(ids), bulk.IN_BATCH):
                part = ids[start : start + bulk.IN_BATCH]
                cursor.execute(
                    f"DELETE FROM {qn(model._meta.db_table)} WHERE {qn('id')} IN ({', '.join(['%s'] * len(part))})",  # noqa: S608
                    part,
                )
        AuditEvent.objects.filter(
            id__gt=last_event, actor_id=audit.actor_id, reason=audit.reason, source=audit.source
        ).delete()
