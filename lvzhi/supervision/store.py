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
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from .schema import KINDS, SPECS

ROW_GROUP = 122_880  # DuckDB's own: row groups small enough for both cores to write and read in parallel


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

    def write(self, con: duckdb.DuckDBPyConnection, target: Path, relation_sql: str) -> None:
        """Write the rows of `relation_sql` (the stored columns plus `month`) under `target`, one directory per
        month, as the store keeps them."""
        target.mkdir(parents=True, exist_ok=True)
        quoted = str(target).replace("'", "''")
        con.execute(
            f"COPY ({relation_sql}) TO '{quoted}' (FORMAT parquet, PARTITION_BY (month), APPEND, "
            f"FILENAME_PATTERN 'batch_{{uuid}}', COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE {ROW_GROUP})"
        )

    @contextmanager
    def staging(self, kind: str) -> Iterator[Path]:
        """A directory of its own beside the kind's files (same file system: moving a file in is a rename),
        removed afterwards whatever happened."""
        path = self.root / ".staging" / f"{kind}-{uuid.uuid4().hex}"
        path.mkdir(parents=True)
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def publish(self, con: duckdb.DuckDBPyConnection, kind: str, staged: Path, month: str) -> int:
        """Add one month's staged files to the store (under `locked()`), without the records already stored or
        repeated among the staged ones; the number of records added. Moved as they are when there is nothing to
        drop, which is the usual case: new records in a month."""
        files = [str(p) for p in sorted(staged.glob("*.parquet"))]
        if not files:
            return 0
        ((total, distinct),) = con.execute(
            "SELECT count(*), count(DISTINCT record_id) FROM read_parquet(?)", [files]
        ).fetchall()
        stored = [str(p) for p in sorted((self.kind_dir(kind) / f"month={month}").glob("*.parquet"))]
        fresh = "read_parquet($files)"
        if stored:
            # The stored ids that the staged records repeat: the month's stored ids are scanned once against the
            # batch's (the small side is the one held in memory), not loaded whole for every batch.
            known = (
                "(SELECT DISTINCT record_id FROM read_parquet($stored) "
                "WHERE record_id IN (SELECT record_id FROM read_parquet($files)))"
            )
            ((repeated,),) = con.execute(
                f"SELECT count(*) FROM {known}", {"files": files, "stored": stored}
            ).fetchall()
            distinct -= repeated
            if repeated:
                fresh = f"(SELECT * FROM read_parquet($files) WHERE record_id NOT IN {known})"
        target = self.kind_dir(kind) / f"month={month}"
        target.mkdir(parents=True, exist_ok=True)
        if distinct == total:
            for name in files:
                os.replace(name, target / Path(name).name)
            return int(total)
        if distinct:
            params = {"files": files, **({"stored": stored} if "$stored" in fresh else {})}
            out = str(target / f"batch_{uuid.uuid4().hex}.parquet").replace("'", "''")
            con.execute(
                f"COPY (SELECT * FROM {fresh} QUALIFY row_number() OVER (PARTITION BY record_id) = 1) TO '{out}' "
                f"(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE {ROW_GROUP})",
                params,
            )
        return int(distinct)

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
