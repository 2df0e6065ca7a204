"""A file of records sent for one kind: CSV or Excel through the shared reader (first row the headers, in
Chinese or English), Parquet through DuckDB. The rows are checked and stored as one batch."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.registry.io.reader import SUFFIXES, open_table

from . import actions
from .models import Batch
from .policy import POLICY
from .schema import header_map

MAX_ROWS = 1_000_000


def read_rows(kind: str, path: str | Path, name: str) -> tuple[list[dict[str, Any]], list[int]]:
    """The file's records and the sheet row of each (blank rows skipped, so a refused record is named by the row
    the sender sees in Excel)."""
    table = open_table(path, name)
    try:
        known = header_map(kind)
        headers = [known.get(str(h or "").strip(), "") for h in table.headers]
        if "unit" not in headers:
            raise Invalid(_("文件第1行缺少“单位代码”列。"), field="file")
        rows, numbers = [], []
        for line, row in enumerate(table.rows, start=2):
            if not any(v not in (None, "") for v in row):
                continue
            rows.append({h: v for h, v in zip(headers, row, strict=False) if h})
            numbers.append(line)
            if len(rows) > MAX_ROWS:
                raise Invalid(_("一个文件最多100万行,请分批报送。"), field="file")
        return rows, numbers
    finally:
        table.close()


def submit_file(
    kind: str, upload: Any, *, actor: Any, batch_id: str = "", allow_partial: bool = False
) -> Batch:
    name = str(getattr(upload, "name", "") or "")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES | {".parquet"}:
        raise Invalid(_("不支持的文件类型,请上传 CSV、Excel 或 Parquet 文件。"), field="file")
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        if suffix == ".parquet":
            return actions.submit_batch(
                kind,
                actor=actor,
                parquet=tmp.name,
                batch_id=batch_id,
                allow_partial=allow_partial,
                channel=Batch.Channel.FILE,
            )
        POLICY.require(actor, "submit")
        rows, numbers = read_rows(kind, tmp.name, name)
    return actions.submit_batch(
        kind,
        actor=actor,
        rows=rows,
        batch_id=batch_id,
        allow_partial=allow_partial,
        channel=Batch.Channel.FILE,
        row_numbers=numbers,
    )
