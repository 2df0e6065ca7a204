"""Reading an uploaded table: Excel (.xlsx, .xlsm, .xls, .ods through python-calamine) or CSV (UTF-8, with or
without the BOM Excel writes; GB18030 as Excel's "CSV" on a Chinese Windows saves is accepted too)."""

from __future__ import annotations

import codecs
import csv
import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from lvzhi.core.errors import Invalid
from lvzhi.core.spreadsheets import unescape_csv

from .cells import UncachedFormula
from .formats import CODES_SHEET, INSTRUCTIONS_SHEET

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
CSV_SUFFIXES = {".csv"}
SUFFIXES = EXCEL_SUFFIXES | CSV_SUFFIXES
# Sheets of our templates that never hold data (their names are part of the file format).
NON_DATA_SHEETS = {INSTRUCTIONS_SHEET, CODES_SHEET}


class FileUnreadable(Invalid):
    """The file as a whole cannot be read; the message says why, in Chinese. Names the `file` field."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


@dataclass
class Table:
    headers: list
    rows: Iterator[list]  # data rows in order, from the second row of the sheet
    total: int | None  # number of data rows (may count trailing blank rows)
    sheet: str = ""

    def close(self) -> None:
        closer = getattr(self, "_close", None)
        if closer:
            closer()


def open_table(path: str | Path, name: str = "", sheet_name: str = "") -> Table:
    """Open `path` (its original file name `name` decides the format when given)."""
    suffix = Path(name or str(path)).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _open_csv(Path(path))
    if suffix in EXCEL_SUFFIXES:
        return _open_excel(Path(path), sheet_name)
    raise FileUnreadable(
        _("不支持的文件类型“%(suffix)s”,请上传 Excel(.xlsx)或 CSV 文件") % {"suffix": suffix or _("无扩展名")}
    )


def _open_excel(path: Path, sheet_name: str) -> Table:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise FileUnreadable(_("无法读取该 Excel 文件,请确认文件未损坏并已保存为 .xlsx 格式")) from exc
    names = workbook.sheet_names
    if sheet_name and sheet_name in names:
        chosen = sheet_name
    else:
        candidates = [n for n in names if n not in NON_DATA_SHEETS]
        if not candidates:
            raise FileUnreadable(_("文件中没有数据工作表"))
        chosen = candidates[0]
    try:
        sheet = workbook.get_sheet_by_name(chosen)
        rows = sheet.iter_rows()
        headers = next(rows, None)
    except Exception as exc:
        raise FileUnreadable(_("无法读取工作表“%(sheet)s”") % {"sheet": chosen}) from exc
    if headers is None:
        raise FileUnreadable(_("工作表“%(sheet)s”是空的,第一行应是表头") % {"sheet": chosen})
    formulas = uncached_formulas(path, chosen, sheet.start) if path.suffix.lower() in {".xlsx", ".xlsm"} else {}
    if formulas:
        rows = _with_formulas(rows, formulas)
    table = Table(headers=list(headers), rows=rows, total=max(sheet.height - 1, 0), sheet=chosen)
    table._close = workbook.close
    return table


_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb"<Relationship\b[^>]*>")
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_CACHED = re.compile(rb"<v>[^<]+</v>|<is>")


def uncached_formulas(path: Path, sheet_name: str, start: tuple[int, int] = (0, 0)) -> dict:
    """{(row, column) as the reader's rows count them: formula text} of the formula cells of `sheet_name` that
    carry no computed value (the reader would otherwise see them as blank)."""
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml")
            rels = z.read("xl/_rels/workbook.xml.rels")
            target = None
            for name, rid in _SHEET.findall(book):
                if html.unescape(name.decode()) == sheet_name:
                    for rel in _REL.findall(rels):
                        if f'Id="{rid.decode()}"'.encode() in rel:
                            target = re.search(rb'Target="([^"]*)"', rel)
            if target is None:
                return {}
            member = target.group(1).decode()
            member = member.lstrip("/") if member.startswith("/") else posixpath.normpath("xl/" + member)
            xml = z.read(member)
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    if b"<f" not in xml:
        return {}
    found = {}
    for letters, number, body in _CELL.findall(xml):
        if not body or b"<f" not in body or _CACHED.search(body):
            continue
        formula = _FORMULA.search(body)
        column = 0
        for ch in letters.decode():
            column = column * 26 + ord(ch) - 64
        text = html.unescape((formula.group(1) or b"").decode()) if formula else ""
        found[(int(number) - 1 - start[0], column - 1 - start[1])] = "=" + text
    return found


def _with_formulas(rows: Iterator[list], formulas: dict) -> Iterator[list]:
    """The data rows with each uncached formula cell as an `UncachedFormula` (rows that hold only such cells,
    which the Excel reader leaves out, included)."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (r, c), text in formulas.items():
        by_row.setdefault(r, []).append((c, text))
    last = max(by_row)
    index = 0
    for index, row in enumerate(rows, start=1):
        yield _put_formulas(row, by_row.get(index))
    for extra in range(index + 1, last + 1):
        yield _put_formulas([], by_row.get(extra))


def _put_formulas(row: list, cells: list[tuple[int, str]] | None) -> list:
    if not cells:
        return row
    row = list(row)
    for c, text in cells:
        row.extend([""] * (c + 1 - len(row)))
        row[c] = UncachedFormula(text)
    return row


def _detect_csv(path: Path) -> tuple[str, int, bool]:
    """(encoding, number of newlines, whether the file ends without one), in one pass that keeps nothing."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        newlines = 0
        last = b""
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    decoder.decode(chunk)
                    newlines += chunk.count(b"\n")
                    last = chunk[-1:]
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, newlines, bool(last) and last != b"\n"
    raise FileUnreadable(_("无法识别 CSV 文件的编码,请用 Excel“另存为 CSV UTF-8(逗号分隔)”"))


def _open_csv(path: Path) -> Table:
    encoding, newlines, unterminated = _detect_csv(path)
    handle = path.open(encoding=encoding, newline="")
    first_line = handle.readline()
    handle.seek(0)
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(handle, delimiter=delimiter)
    headers = next(reader, None)
    if headers is None:
        handle.close()
        raise FileUnreadable(_("CSV 文件是空的,第一行应是表头"))
    total = newlines + (1 if unterminated else 0) - 1
    # The product's CSV writer puts an apostrophe before text that a spreadsheet would take as a formula.
    rows = ([unescape_csv(value) for value in row] for row in reader)
    table = Table(headers=headers, rows=rows, total=max(total, 0), sheet="")
    table._close = handle.close
    return table
