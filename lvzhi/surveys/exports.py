"""Excel and CSV files of survey results: the summary (figures below the minimum withheld) and the anonymous
answer sheets, written through the product's one writer (lvzhi/core/spreadsheets.py): text stays text."""

from __future__ import annotations

import io
from typing import Any

from lvzhi.core import spreadsheets

from . import selectors
from .formats import HIDDEN, RAW_SHEET, SUMMARY_HEADER, SUMMARY_SHEET
from .models import RespondentGroup


def summary_rows(groups: list[RespondentGroup]) -> list[list[Any]]:
    table = selectors.satisfaction_table(groups)
    rows: list[list[Any]] = []
    for row in table.rows:
        for g in groups:
            cell = row["cells"].get(g.pk)
            if cell is None:
                continue
            rows.append([row["unit"].code, row["unit"].name, g.name, cell.n,
                         HIDDEN if cell.hidden or cell.rate is None else str(cell.rate)])  # fmt: skip
        if len(groups) > 1:
            rows.append([row["unit"].code, row["unit"].name, "加权", row["n"],
                         HIDDEN if row["overall_hidden"] else str(row["overall"])])  # fmt: skip
    for g in groups:
        total = table.totals[g.pk]
        rows.append(
            ["", "合计", g.name, total.n, HIDDEN if total.hidden or total.rate is None else str(total.rate)]
        )
    return rows


def render(fmt: str, sheet: str, header: list[str], rows: list[list[Any]]) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        writer = spreadsheets.CsvWriter(out)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    workbook = spreadsheets.new_workbook(title=sheet)
    ws = workbook.active
    spreadsheets.append(ws, header)
    for row in rows:
        spreadsheets.append(ws, row)
    return spreadsheets.to_bytes(workbook)


def export(group: RespondentGroup, what: str, fmt: str) -> tuple[bytes, str]:
    """(content, file name) of the group's summary or raw answers."""
    if what == "raw":
        header, rows = selectors.raw_rows(group)
        return render(fmt, RAW_SHEET, header, rows), f"{group.name}-{RAW_SHEET}.{fmt}"
    return render(
        fmt, SUMMARY_SHEET, SUMMARY_HEADER, summary_rows([group])
    ), f"{group.name}-{SUMMARY_SHEET}.{fmt}"
