"""Excel and CSV files of survey results: the summary (figures below the minimum withheld, totals over the units
shown) and the anonymous answer sheets (none about a unit below the minimum, with a note row saying how many are
left out), written through the product's one writer (lvzhi/core/spreadsheets.py): text stays text."""

from __future__ import annotations

import io
from typing import Any

from lvzhi.core import spreadsheets

from . import selectors
from .formats import CAMPAIGN_RAW_HEADER, HIDDEN, NOTE, RAW_SHEET, SUMMARY_HEADER, SUMMARY_SHEET
from .models import RespondentGroup

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


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
        rows.append([
            "", table.total_label(g), g.name, total.n, HIDDEN if total.hidden or total.rate is None else str(total.rate)
        ])  # fmt: skip
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
        sheets = selectors.raw_rows(group)
        rows = sheets.rows + ([[NOTE, sheets.note]] if sheets.note else [])
        return render(fmt, RAW_SHEET, sheets.header, rows), f"{group.name}-{RAW_SHEET}.{fmt}"
    return render(
        fmt, SUMMARY_SHEET, SUMMARY_HEADER, summary_rows([group])
    ), f"{group.name}-{SUMMARY_SHEET}.{fmt}"


def campaign_raw_rows(groups: list[RespondentGroup]) -> list[list[Any]]:
    """The anonymous answers of every group, one row per answer (群体, 答卷编号, 日期, 评价单位, 题目, 答案): each
    group's sheets exactly as its own raw export gives them (none about a unit below the minimum), each group's
    note last (题目 "说明")."""
    out: list[list[Any]] = []
    for group in groups:
        sheets = selectors.raw_rows(group)
        for row in sheets.rows:
            for title, value in zip(sheets.header[3:], row[3:], strict=True):
                if value != "":
                    out.append([group.name, row[0], row[1], row[2], title, value])
        if sheets.note:
            out.append([group.name, "", "", "", NOTE, sheets.note])
    return out


def campaign_export(campaign: Any, groups: list[RespondentGroup], what: str, fmt: str) -> tuple[bytes, str]:
    """(content, file name) of a whole campaign: the summary of every group (per unit and group, and weighted) or
    the raw anonymous answers, with the same suppression as each group's."""
    if what == "raw":
        return render(fmt, RAW_SHEET, CAMPAIGN_RAW_HEADER, campaign_raw_rows(groups)), (
            f"{campaign.name}-{RAW_SHEET}.{fmt}"
        )
    return render(
        fmt, SUMMARY_SHEET, SUMMARY_HEADER, summary_rows(groups)
    ), f"{campaign.name}-{SUMMARY_SHEET}.{fmt}"
