"""Fast writes for imports: rows as tuples straight to the database with executemany, ids allocated up front,
and one audit record per object written the same way.

The ORM's bulk_create builds a model instance per row and record_bulk an AuditEvent instance per object; at a
province's million persons that alone costs more than a minute. These helpers write the same rows (the audit
records have exactly the fields `lvzhi.audit.recorder.record_bulk` gives them: actor, source, reason, object,
unit, before and after snapshots) at a fraction of the cost. Bulk writes send no signals, which is why the
audit records are written here explicitly. SQLite and PostgreSQL are supported.
"""

from __future__ import annotations

import contextlib

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from lvzhi.audit.context import current as current_audit_context
from lvzhi.audit.models import AuditEvent

# Rows per executemany call.
BATCH = 2000
# Parameters per IN (...) lookup.
IN_BATCH = 900


# SQLite page cache for the connection while an import runs (KiB). The default (2 MiB) makes every index
# insertion into a large table read pages back from the operating system.
IMPORT_CACHE_KIB = 131072


@contextlib.contextmanager
def large_cache():
    """A larger SQLite page cache for the duration of an import (other databases: nothing to do)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


# After an import of at least this many rows, the database refreshes its planner statistics of the tables.
ANALYZE_ROWS = 10000


def refresh_statistics(models) -> None:
    """Planner statistics after a large import: without them PostgreSQL plans the next queries as if the tables
    were still empty (until autovacuum gets to them). SQLite: PRAGMA optimize."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


def allocate_ids(model, n: int) -> list[int]:
    """Reserve n primary keys for rows about to be inserted in the current transaction."""
    if n <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The transaction holds SQLite's write lock (BEGIN IMMEDIATE), so nobody else takes ids meanwhile.
            # sqlite_sequence remembers the largest id ever used (AUTOINCREMENT), also of deleted rows.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            seq = row[0] if row else 0
            cursor.execute(f'SELECT MAX(id) FROM "{table}"')  # noqa: S608 - table name from model meta
            top = cursor.fetchone()[0] or 0
            start = max(seq or 0, top) + 1
            return list(range(start, start + n))
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), n],
            )
            return [r[0] for r in cursor.fetchall()]
    raise NotImplementedError(f"imports support SQLite and PostgreSQL, not {connection.vendor}")


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """INSERT rows (tuples in the order of `columns`, database column names, values already adapted)."""
    if not rows:
        return
    table = model._meta.db_table
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from model meta
        qn(table), ", ".join(qn(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than a pipelined executemany on PostgreSQL.
            copy_sql = "COPY {} ({}) FROM STDIN".format(qn(table), ", ".join(qn(c) for c in columns))
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def update_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """UPDATE by id: each row is (value for each column..., id)."""
    if not rows:
        return
    table = model._meta.db_table
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names from model meta
        qn(table), ", ".join(f"{qn(c)} = %s" for c in columns), qn("id")
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def delete_rows(model, ids: list[int]) -> None:
    if not ids:
        return
    for start in range(0, len(ids), IN_BATCH):
        model._base_manager.filter(pk__in=ids[start : start + IN_BATCH])._raw_delete(connection.alias)


def adapt_date(value):
    return connection.ops.adapt_datefield_value(value)


def dates_as_text() -> bool:
    """SQLite stores dates as ISO text (Django's adapt_datefield_value is str()); PostgreSQL takes date objects."""
    return connection.vendor == "sqlite"


class AuditWriter:
    """Audit records for rows written with insert_rows/update_rows, named as the current audit context says
    (the importing user, source "import", the file as the reason). Entries are buffered and written in batches.
    """

    # The fields every entry sets; any other AuditEvent field gets its default.
    GIVEN = (
        "actor_id",
        "actor_name",
        "action",
        "content_type_id",
        "object_id",
        "object_repr",
        "unit_id",
        "before",
        "after",
        "reason",
        "source",
        "ip",
    )

    def __init__(self, reason: str = ""):
        ctx = current_audit_context()
        actor = ctx.actor
        self.actor_id = getattr(actor, "pk", None)
        self.actor_name = (getattr(actor, "full_name", "") or getattr(actor, "username", "")) if actor else ""
        self.reason = reason or ctx.reason
        self.source = ctx.source
        self.ip = ctx.ip
        self.rows: list[tuple] = []
        self.count = 0
        self._content_types: dict = {}
        self._adapt_json = connection.ops.adapt_json_value
        others = [
            f for f in AuditEvent._meta.concrete_fields if not f.primary_key and f.attname not in self.GIVEN
        ]
        self.columns = [f.column for f in others] + [AuditEvent._meta.get_field(a).column for a in self.GIVEN]
        self._other_fields = others

    def _content_type_id(self, model) -> int:
        ct = self._content_types.get(model)
        if ct is None:
            ct = self._content_types[model] = ContentType.objects.get_for_model(
                model, for_concrete_model=False
            ).pk
        return ct

    def add(
        self, action: str, model, pk, repr_: str, unit_id, before: dict | None, after: dict | None
    ) -> None:
        adapt = self._adapt_json
        self.rows.append(
            (
                self.actor_id,
                self.actor_name,
                action,
                self._content_type_id(model),
                str(pk),
                repr_[:255],
                unit_id,
                None if before is None else adapt(before, None),
                None if after is None else adapt(after, None),
                self.reason,
                self.source,
                self.ip,
            )
        )
        if len(self.rows) >= BATCH * 5:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        # Defaults of the other fields (the time `at`, event_type ""), computed once per batch.
        head = tuple(f.get_db_prep_save(f.get_default(), connection) for f in self._other_fields)
        rows = [head + row for row in self.rows]
        insert_rows(AuditEvent, self.columns, rows)
        self.count += len(rows)
        self.rows = []

    def add_created(
        self, model, ids: list[int], *, repr_column: str = "name", unit_column: str | None = "unit_id"
    ) -> None:
        """ "新增" records for rows just inserted with these ids, built by the database from the rows themselves
        (the after-snapshot as a JSON object of every field, as AuditedModel.audit_snapshot() gives it), so a
        million rows cost one INSERT … SELECT per chunk instead of a million JSON encodings in Python."""
        if not ids:
            return
        qn = connection.ops.quote_name
        meta = model._meta
        exclude = set(getattr(model, "audit_exclude", ()))
        pairs = []
        for f in meta.concrete_fields:
            if f.name in exclude:
                continue
            column = qn(f.column)
            if connection.vendor == "sqlite" and f.get_internal_type() == "BooleanField":
                column = f"CASE WHEN {column} THEN json('true') ELSE json('false') END"
            pairs.append(f"'{f.attname}', {column}")
        build = "json_object" if connection.vendor == "sqlite" else "jsonb_build_object"
        expressions = {
            "actor_id": "%s",
            "actor_name": "%s",
            "action": "%s",
            "content_type_id": "%s",
            "object_id": f"CAST({qn('id')} AS TEXT)",
            "object_repr": f"SUBSTR({qn(repr_column)}, 1, 255)",
            "unit_id": qn(unit_column) if unit_column else "NULL",
            "before": "NULL",
            "after": f"{build}({', '.join(pairs)})",
            "reason": "%s",
            "source": "%s",
            "ip": "%s",
        }
        head = [f.get_db_prep_save(f.get_default(), connection) for f in self._other_fields]
        if connection.vendor == "postgresql":
            # Parameters in a SELECT list have no type to take from the target column: say it.
            def typed(field):
                return f"CAST(%s AS {field.cast_db_type(connection)})"

            by_attname = {f.attname: f for f in AuditEvent._meta.concrete_fields}
            for a in self.GIVEN:
                f = by_attname[a]
                if expressions[a] == "%s":
                    expressions[a] = typed(f.target_field if f.is_relation else f)
            select = [typed(f) for f in self._other_fields] + [expressions[a] for a in self.GIVEN]
        else:
            select = ["%s"] * len(head) + [expressions[a] for a in self.GIVEN]
        params = [
            *head,
            self.actor_id,
            self.actor_name,
            "create",
            self._content_type_id(model),
            self.reason,
            self.source,
            self.ip,
        ]
        sql = "INSERT INTO {} ({}) SELECT {} FROM {} WHERE ".format(  # noqa: S608 - names from model meta
            qn(AuditEvent._meta.db_table),
            ", ".join(qn(c) for c in self.columns),
            ", ".join(select),
            qn(meta.db_table),
        )
        ids = sorted(ids)
        with connection.cursor() as cursor:
            if ids[-1] - ids[0] + 1 == len(ids):
                cursor.execute(sql + f"{qn('id')} BETWEEN %s AND %s", [*params, ids[0], ids[-1]])
            else:
                for start in range(0, len(ids), IN_BATCH):
                    part = ids[start : start + IN_BATCH]
                    cursor.execute(sql + f"{qn('id')} IN ({', '.join(['%s'] * len(part))})", [*params, *part])
        self.count += len(ids)
