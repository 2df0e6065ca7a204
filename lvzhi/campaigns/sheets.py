"""The self-assessment forms the seeds name, as fill-in pages and as Excel (download filled or blank, upload
back): 《机关职能运行评估情况提报表》 (the "三查三看" report) and 《权责清单动态管理统计表》.

A form is a list of fields (`FieldSpec`) or a table (`TableSpec`, rows × numeric columns); the data is stored
as JSON in FormSheet.data. docs/campaigns.md shows both layouts.
"""

import io
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from lvzhi.core import spreadsheets
from lvzhi.core.errors import Invalid

from .formats import (
    ITEM_HEADER,
    PERFORMANCE_REPORT,
    POWER_LIST_STATS,
    SHEETS,
    TABLE_HEAD,
    TABLE_TOTAL,
    WORKBOOK_CAMPAIGN,
    WORKBOOK_UNIT,
)

__all__ = [
    "PERFORMANCE_REPORT",
    "POWER_LIST_STATS",
    "SHEETS",
    "clean_sheet",
    "from_excel",
    "prefill",
    "to_excel",
]


def _int(value, where: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise Invalid(_("%(where)s:「%(value)s」不是整数。") % {"where": where, "value": value}) from exc
    if number != number.to_integral_value() or number < 0:
        raise Invalid(_("%(where)s:「%(value)s」应为非负整数。") % {"where": where, "value": value})
    return int(number)


def clean_sheet(form: str, data: dict) -> dict:
    """Validated form data; raises Invalid naming the field (or row and column)."""
    sheet = SHEETS[form]
    if sheet.table is None:
        clean = {}
        for f in sheet.fields:
            raw = data.get(f.key)
            if f.kind == "int":
                clean[f.key] = _int(raw, f"「{f.label}」")
            else:
                clean[f.key] = (str(raw).strip() if raw is not None else "")[:5000]
        if (
            clean.get("goals_total") is not None
            and clean.get("goals_done") is not None
            and (clean["goals_done"] > clean["goals_total"])
        ):
            labels = {f.key: f.label for f in sheet.fields}
            raise Invalid(
                _("「%(done)s」不能大于「%(total)s」。")
                % {"done": labels["goals_done"], "total": labels["goals_total"]}
            )
        return clean
    table = sheet.table
    rows = {}
    for row in table.rows:
        values = (data.get("rows") or {}).get(row) or {}
        clean_row = {
            key: _int(values.get(key), _("「%(row)s」行「%(label)s」列") % {"row": row, "label": label})
            for key, label in table.columns
        }
        start, end = clean_row.get("start"), clean_row.get("end")
        if start is not None and end is not None:
            expected = (
                start
                + (clean_row.get("added") or 0)
                - (clean_row.get("cancelled") or 0)
                - (clean_row.get("delegated") or 0)
            )
            if expected != end:
                raise Invalid(
                    _(
                        "「%(row)s」行:年末事项数应为年初事项数+本年新增−本年取消−下放(=%(expected)s),填写的是%(end)s。"
                    )
                    % {"row": row, "expected": expected, "end": end}
                )
        rows[row] = clean_row
    return {"rows": rows, "notes": (str(data.get("notes") or "").strip())[:5000]}


def prefill(form: str, unit) -> dict:
    """Figures the registry already knows, so that the contact only checks them."""
    if form != PERFORMANCE_REPORT.code:
        return {}
    data = {}
    sanding = unit.current_sanding
    if sanding is not None:
        data["main_duties"] = sanding.main_duties.count()
        data["approved_staff"] = sum(q.approved for q in sanding.quotas.all())
        data["approved_leaders"] = sum(q.approved for q in sanding.leadership_quotas.all())
    data["internal_bodies"] = unit.internal_bodies.filter(is_active=True).count()
    data["actual_staff"] = unit.persons.filter(is_active=True).count()
    return data


def totals(data: dict) -> dict:
    """Column sums of the table form."""
    sheet = POWER_LIST_STATS
    out = {}
    for key, _label in sheet.table.columns:
        values = [((data.get("rows") or {}).get(r) or {}).get(key) for r in sheet.table.rows]
        numbers = [v for v in values if v is not None]
        out[key] = sum(numbers) if numbers else None
    return out


# ---------------------------------------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------------------------------------

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def to_excel(form: str, unit_name: str, campaign_name: str, data: dict) -> bytes:
    sheet = SHEETS[form]
    wb = spreadsheets.new_workbook(title=sheet.title)
    ws = wb.active
    spreadsheets.put(ws, "A1", sheet.title).font = Font(size=16, bold=True)
    spreadsheets.put(ws, "A2", WORKBOOK_CAMPAIGN.format(campaign_name))
    spreadsheets.put(ws, "A3", WORKBOOK_UNIT.format(unit_name))
    if sheet.table is None:
        ws.append([])
        spreadsheets.append(ws, list(ITEM_HEADER))
        for cell in ws[5]:
            cell.font = Font(bold=True)
        for f in sheet.fields:
            value = data.get(f.key)
            spreadsheets.append(ws, [f.label, value if value is not None else "", f.section])
        ws.column_dimensions["A"].width = 40
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 40
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row):
            for cell in row:
                cell.border = _BOX
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    else:
        table = sheet.table
        ws.append([])
        spreadsheets.append(ws, [TABLE_HEAD, *[label for _key, label in table.columns]])
        for cell in ws[5]:
            cell.font = Font(bold=True)
        rows = data.get("rows") or {}
        for row in table.rows:
            values = rows.get(row) or {}
            spreadsheets.append(
                ws,
                [
                    row,
                    *[
                        values.get(key) if values.get(key) is not None else ""
                        for key, _label in table.columns
                    ],
                ],
            )
        sums = totals(data)
        spreadsheets.append(
            ws,
            [
                TABLE_TOTAL,
                *[sums.get(key) if sums.get(key) is not None else "" for key, _label in table.columns],
            ],
        )
        spreadsheets.append(ws, [table.notes_label, data.get("notes") or ""])
        ws.column_dimensions["A"].width = 22
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row):
            for cell in row:
                cell.border = _BOX
    return spreadsheets.to_bytes(wb)


def from_excel(form: str, content: bytes) -> dict:
    """Read a form back from the workbook `to_excel` writes (labels in column A); raises Invalid naming the
    row and column."""
    sheet = SHEETS[form]
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise Invalid(_("文件不是有效的 Excel 工作簿(.xlsx)。")) from exc
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    if sheet.table is None:
        by_label = {f.label: f for f in sheet.fields}
        data = {}
        for i, row in enumerate(rows, start=1):
            if not row or row[0] is None:
                continue
            label = str(row[0]).strip()
            if label in by_label:
                f = by_label[label]
                value = row[1] if len(row) > 1 else None
                if f.kind == "int":
                    data[f.key] = _int(value, _("第%(line)s行「%(label)s」") % {"line": i, "label": label})
                else:
                    data[f.key] = "" if value is None else str(value)
        if not data:
            raise Invalid(_("没有找到《%(title)s》的项目(A列应为项目名称)。") % {"title": sheet.title})
        return clean_sheet(form, data)
    table = sheet.table
    header_index = None
    for i, row in enumerate(rows):
        if row and str(row[0] or "").strip() == TABLE_HEAD:
            header_index = i
            break
    if header_index is None:
        raise Invalid(
            _("没有找到《%(title)s》的表头(A列「%(head)s」)。") % {"title": sheet.title, "head": TABLE_HEAD}
        )
    header = [str(c or "").strip() for c in rows[header_index]]
    col_of = {}
    for key, label in table.columns:
        if label not in header:
            raise Invalid(_("表头缺少「%(label)s」列。") % {"label": label})
        col_of[key] = header.index(label)
    data_rows = {}
    notes = ""
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        name = str(row[0] or "").strip() if row else ""
        if name in table.rows:
            data_rows[name] = {
                key: _int(
                    row[col] if col < len(row) else None,
                    _("第%(line)s行「%(column)s」列") % {"line": offset, "column": dict(table.columns)[key]},
                )
                for key, col in col_of.items()
            }
        elif name == table.notes_label:
            notes = str(row[1] or "") if len(row) > 1 else ""
    return clean_sheet(form, {"rows": data_rows, "notes": notes})
