"""The supervision store: append-only Parquet under one directory, partitioned by month, read through DuckDB.

    <root>/performance/month=2026-02/batch_<uuid>.parquet
    <root>/events/month=2026-02/…
    <root>/hotline/month=2026-02/…

Nothing is ever rewritten: a batch adds files. The same layout is what Spark reads (docs/supervision.md). No
Django import: the benchmark and the metrics use it alone; the Django side passes `settings.SUPERVISION_DIR`.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from .schema import KINDS, SPECS


class Store:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def kind_dir(self, kind: str) -> Path:
        if kind not in KINDS:
            raise ValueError(kind)
        return self.root / kind

    def files(self, kind: str) -> list[Path]:
        return sorted(self.kind_dir(kind).glob("month=*/*.parquet"))

    def has_data(self, kind: str) -> bool:
        return any(True for _ in self.kind_dir(kind).glob("month=*/*.parquet"))

    def source_sql(self, kind: str) -> str:
        """A DuckDB table expression over every stored record of `kind` (with its `month` column)."""
        if not self.has_data(kind):
            return "(SELECT * EXCLUDE (month) FROM (SELECT NULL AS month) WHERE false)"  # replaced by empty()
        pattern = str(self.kind_dir(kind) / "month=*" / "*.parquet").replace("'", "''")
        return f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"

    def relation(self, con: duckdb.DuckDBPyConnection, kind: str) -> duckdb.DuckDBPyRelation:
        """Every stored record of `kind` as a DuckDB relation (an empty one with the columns when none)."""
        if not self.has_data(kind):
            return con.from_arrow(empty(kind))
        return con.sql(f"SELECT * EXCLUDE (month) FROM {self.source_sql(kind)}")

    def existing_ids(self, con: duckdb.DuckDBPyConnection, kind: str, months: list[str]) -> pa.Table:
        """The record ids already stored in the given months."""
        if not self.has_data(kind) or not months:
            return pa.table({"record_id": pa.array([], pa.string())})
        wanted = [m for m in months if (self.kind_dir(kind) / f"month={m}").is_dir()]
        if not wanted:
            return pa.table({"record_id": pa.array([], pa.string())})
        paths = [
            str(p) for m in wanted for p in sorted((self.kind_dir(kind) / f"month={m}").glob("*.parquet"))
        ]
        if not paths:
            return pa.table({"record_id": pa.array([], pa.string())})
        return con.execute("SELECT record_id FROM read_parquet(?)", [paths]).to_arrow_table()

    def append(self, con: duckdb.DuckDBPyConnection, kind: str, relation_sql: str) -> None:
        """Write the rows of `relation_sql` (the stored columns plus `month`) as new files, one per month."""
        target = str(self.kind_dir(kind)).replace("'", "''")
        self.kind_dir(kind).mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY ({relation_sql}) TO '{target}' (FORMAT parquet, PARTITION_BY (month), APPEND, "
            "FILENAME_PATTERN 'batch_{uuid}', COMPRESSION zstd, ROW_GROUP_SIZE 500000)"
        )

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One writer at a time: checking for duplicates and appending is one step."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for kind in KINDS for p in self.files(kind))


def empty(kind: str) -> pa.Table:
    return SPECS[kind].stored.empty_table()


_DATABASES: dict[int, duckdb.DuckDBPyConnection] = {}
_DATABASES_LOCK = threading.Lock()


def connect(threads: int | None = None, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A connection of its own (temporary tables and registered tables are the connection's) to this process's
    in-memory DuckDB: opening a new database costs about 40 ms, a connection to the open one well under 1 ms."""
    with _DATABASES_LOCK:
        base = _DATABASES.get(os.getpid())
        if base is None:  # one per process: a forked worker does not share its parent's
            base = _DATABASES[os.getpid()] = duckdb.connect(":memory:")
        con = base.cursor()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    return con
