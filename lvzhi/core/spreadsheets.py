"""The one writer of Excel (.xlsx) and CSV files in the product.

Every workbook and CSV file the product hands out goes through here, so that text a user typed stays text:

- In a workbook a string is always written as a string cell (openpyxl ``data_type`` ``"s"``), even when it
  starts with ``=``: ``=HYPERLINK("http://…","点击查看")`` as a body's name is shown as those characters and
  never becomes a live formula. Nothing is added to the value, so an exported file imports back unchanged.
- In a CSV file (which has no cell types) a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is prefixed with an apostrophe, as OWASP recommends against CSV injection; the shared reader
  (``registry/io/reader.py``) takes that apostrophe off again, so such a file imports back unchanged.
- Characters that an .xlsx file cannot carry (the C0 control characters other than tab, newline and carriage
  return) are dropped, so one stray ``\\x01`` in the data cannot make an export fail.
- A sheet title is cut to Excel's 31 characters and loses the characters Excel refuses in one (``[]:*?/\\``).

No Django import here: the scoring engine writes its scheme and inputs workbooks through this module too.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = [
    "CSV_CONTENT_TYPE",
    "FORMULA_PREFIXES",
    "XLSX_CONTENT_TYPE",
    "CsvWriter",
    "Workbook",
    "append",
    "cell_text",
    "csv_text",
    "load_workbook",
    "new_workbook",
    "open_csv",
    "put",
    "sheet_title",
    "to_bytes",
    "unescape_csv",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# A cell starting with one of these is taken as a formula (or a DDE call) by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What an .xlsx (XML 1.0) cannot hold: C0 controls other than tab, newline, carriage return.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
TITLE_LENGTH = 31


def cell_text(value: str) -> str:
    """`value` with the characters a workbook cannot carry dropped."""
    return _ILLEGAL.sub("", value)


def csv_text(value: str) -> str:
    """`value` as a CSV cell that no spreadsheet reads as a formula."""
    value = cell_text(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_csv(value: str) -> str:
    """The reader's half of `csv_text`: the apostrophe this writer puts before a formula-like text goes."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def sheet_title(text: object) -> str:
    """A title Excel accepts for a worksheet."""
    title = _BAD_TITLE.sub("_", cell_text(str(text))).strip("'").strip()
    return title[:TITLE_LENGTH] or "Sheet"


def _plain(value: Any) -> Any:
    """A cell value openpyxl writes as it is: text stays text, numbers and dates stay typed."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date | datetime.time):
        return value
    if isinstance(value, Fraction):
        return float(value)
    return cell_text(str(value))


def _as_text(cell: Any) -> Any:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl guessed "f" for a leading "="; this writes the characters instead
    return cell


def new_workbook(*, write_only: bool = False, title: object = None) -> Workbook:
    """A workbook; a normal one's first sheet gets `title`. A write-only one (flat memory for large exports)
    has no sheet until `create_sheet`."""
    workbook = Workbook(write_only=write_only)
    if not write_only and title is not None:
        workbook.active.title = sheet_title(title)  # type: ignore[union-attr]
    return workbook


def append(
    sheet: Any, values: Iterable[Any], *, font: Any = None, fill: Any = None, alignment: Any = None
) -> None:
    """Append one row to `sheet` (normal or write-only), every string as a string cell; `font`, `fill` and
    `alignment`, when given, style each cell of the row (`font` may be a list: one font per cell)."""
    values = [_plain(v) for v in values]
    fonts = list(font) if isinstance(font, list | tuple) else [font] * len(values)
    if isinstance(sheet, WriteOnlyWorksheet):
        cells = []
        for value, cell_font in zip(values, fonts, strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            _as_text(cell)
            if cell_font is not None:
                cell.font = cell_font
            if fill is not None:
                cell.fill = fill
            if alignment is not None:
                cell.alignment = alignment
            cells.append(cell)
        sheet.append(cells)
        return
    sheet.append(values)
    if not values:
        return
    row = sheet._current_row  # the row just appended; `max_row` scans every cell, which made long exports quadratic
    for column, cell_font in enumerate(fonts, start=1):
        cell = _as_text(sheet.cell(row=row, column=column))
        if cell_font is not None:
            cell.font = cell_font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment


def put(
    sheet: Any, coordinate: str | None = None, value: Any = None, *, row: int = 0, column: int = 0
) -> Any:
    """Set one cell (by ``"A1"`` or by row and column) of a normal sheet; a string is written as a string."""
    cell = sheet[coordinate] if coordinate else sheet.cell(row=row, column=column)
    cell.value = _plain(value)
    return _as_text(cell)


def to_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class CsvWriter:
    """``csv.writer`` whose rows go through `csv_text`: dates as ISO text, None as an empty cell."""

    def __init__(self, stream: IO[str]):
        self._writer = csv.writer(stream)

    @staticmethod
    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool | int | float | Decimal):
            return value
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        return csv_text(str(value))

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow([self.cell(v) for v in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


@contextmanager
def open_csv(path: str | Path) -> Iterator[CsvWriter]:
    """A CSV file in UTF-8 with the byte-order mark Excel needs to read Chinese."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        yield CsvWriter(fh)
