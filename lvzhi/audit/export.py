"""The audit log as an Excel workbook: the records a user's filters select, one row each, in the words of the
pages (event names, field labels, values formatted), with the filters written above the table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.styles import Alignment, Font

from lvzhi.core import spreadsheets

XLSX_CONTENT_TYPE = spreadsheets.XLSX_CONTENT_TYPE
COLUMNS = tuple(
    gettext_noop(c) for c in ("时间", "操作人", "来源", "操作", "对象类型", "对象", "所属单位", "变更内容", "原因")
)
WIDTHS = (18, 12, 8, 10, 24, 30, 24, 60, 30)


def headers() -> list[str]:
    return [_(c) for c in COLUMNS]


def workbook(rows: Iterable[list[Any]], *, filters: list[tuple[str, str]]) -> bytes:
    """`rows`: lists of cell values in the order of COLUMNS (texts as people read them). Written through the one
    writer (lvzhi.core.spreadsheets): text stays text."""
    wb = spreadsheets.new_workbook(title=_("操作日志"))
    ws = wb.active
    spreadsheets.append(ws, [_("操作日志")], font=Font(size=14, bold=True))
    exported = timezone.localtime().strftime("%Y年%m月%d日 %H:%M")
    spreadsheets.append(ws, [_("导出时间"), exported])
    spreadsheets.append(
        ws, [_("筛选条件"), ";".join(f"{label}:{value}" for label, value in filters) or _("全部记录")]
    )
    spreadsheets.append(ws, [])
    spreadsheets.append(ws, headers(), font=Font(bold=True))
    header_row = ws.max_row
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        spreadsheets.append(ws, row, alignment=wrap)
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return spreadsheets.to_bytes(wb)
