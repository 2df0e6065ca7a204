"""The self-assessment forms the seeds name, as fill-in pages and as Excel (download filled or blank, upload
back): 《机关职能运行评估情况提报表》 (the "三查三看" report) and 《权责清单动态管理统计表》.

A form is a list of fields (`FieldSpec`) or a table (`TableSpec`, rows × numeric columns); the data is stored
as JSON in FormSheet.data. docs/campaigns.md shows both layouts.
"""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .stages import Invalid


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text | long | int
    section: str = ""


@dataclass(frozen=True)
class TableSpec:
    rows: tuple
    columns: tuple  # (key, label)
    notes_label: str = "调整依据(文号)及说明"


@dataclass(frozen=True)
class Sheet:
    code: str
    title: str
    fields: tuple = ()
    table: TableSpec | None = None


PERFORMANCE_REPORT = Sheet(
    "performance_report",
    "机关职能运行评估情况提报表",
    fields=(
        FieldSpec("main_duties", "“三定”规定主要职责(项)", "int", "基本情况"),
        FieldSpec("internal_bodies", "内设机构(个)", "int", "基本情况"),
        FieldSpec("approved_staff", "核定编制(名)", "int", "基本情况"),
        FieldSpec("actual_staff", "实有人员(名)", "int", "基本情况"),
        FieldSpec("approved_leaders", "核定领导职数(名)", "int", "基本情况"),
        FieldSpec("actual_leaders", "实配领导(名)", "int", "基本情况"),
        FieldSpec("goals_total", "年度工作目标(条)", "int", "一查年度工作目标,看中心工作和重点任务完成情况"),
        FieldSpec("goals_done", "已完成(条)", "int", "一查年度工作目标,看中心工作和重点任务完成情况"),
        FieldSpec(
            "goals_note",
            "未完成目标及原因,是否存在履职不到位",
            "long",
            "一查年度工作目标,看中心工作和重点任务完成情况",
        ),
        FieldSpec(
            "sanding_bodies",
            "内设机构挂牌组建、人员设置、职能运转情况",
            "long",
            "二查“三定”规定执行,看是否存在缺位、越位、错位",
        ),
        FieldSpec(
            "sanding_problems",
            "缺位、越位、错位情况",
            "long",
            "二查“三定”规定执行,看是否存在缺位、越位、错位",
        ),
        FieldSpec("list_adjustments", "权责清单动态调整情况", "long", "三查权责清单,看承接落实情况"),
        FieldSpec("list_problems", "承接落实不到位的情况", "long", "三查权责清单,看承接落实情况"),
        FieldSpec("problems", "存在的主要问题", "long", "问题与措施"),
        FieldSpec("measures", "下一步改进措施", "long", "问题与措施"),
        FieldSpec("filled_by", "填报人", "text", "填报"),
        FieldSpec("phone", "联系电话", "text", "填报"),
    ),
)

POWER_TYPES = (
    "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查",
    "行政确认", "行政奖励", "行政裁决", "其他行政权力", "公共服务事项",
)  # fmt: skip

POWER_LIST_STATS = Sheet(
    "power_list_stats",
    "权责清单动态管理统计表",
    table=TableSpec(
        rows=POWER_TYPES,
        columns=(
            ("start", "年初事项数"),
            ("added", "本年新增"),
            ("cancelled", "本年取消"),
            ("changed", "本年变更"),
            ("delegated", "下放"),
            ("end", "年末事项数"),
            ("claimed", "认领上级变更事项"),
        ),
    ),
)

SHEETS = {s.code: s for s in (PERFORMANCE_REPORT, POWER_LIST_STATS)}


def _int(value, where: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise Invalid(f"{where}:「{value}」不是整数。") from exc
    if number != number.to_integral_value() or number < 0:
        raise Invalid(f"{where}:「{value}」应为非负整数。")
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
            raise Invalid("「已完成(条)」不能大于「年度工作目标(条)」。")
        return clean
    table = sheet.table
    rows = {}
    for row in table.rows:
        values = (data.get("rows") or {}).get(row) or {}
        clean_row = {key: _int(values.get(key), f"「{row}」行「{label}」列") for key, label in table.columns}
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
                    f"「{row}」行:年末事项数应为年初事项数+本年新增−本年取消−下放(={expected}),填写的是{end}。"
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
    for key, _ in sheet.table.columns:
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
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.title[:31]
    ws["A1"] = sheet.title
    ws["A1"].font = Font(size=16, bold=True)
    ws["A2"] = f"活动:{campaign_name}"
    ws["A3"] = f"填报单位:{unit_name}"
    if sheet.table is None:
        ws.append([])
        ws.append(["项目", "填报内容", "分类"])
        for cell in ws[5]:
            cell.font = Font(bold=True)
        for f in sheet.fields:
            value = data.get(f.key)
            ws.append([f.label, value if value is not None else "", f.section])
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
        ws.append(["事项类型", *[label for _, label in table.columns]])
        for cell in ws[5]:
            cell.font = Font(bold=True)
        rows = data.get("rows") or {}
        for row in table.rows:
            values = rows.get(row) or {}
            ws.append(
                [row, *[values.get(key) if values.get(key) is not None else "" for key, _ in table.columns]]
            )
        sums = totals(data)
        ws.append(["合计", *[sums.get(key) if sums.get(key) is not None else "" for key, _ in table.columns]])
        ws.append([table.notes_label, data.get("notes") or ""])
        ws.column_dimensions["A"].width = 22
        for row in ws.iter_rows(min_row=5, max_row=ws.max_row):
            for cell in row:
                cell.border = _BOX
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def from_excel(form: str, content: bytes) -> dict:
    """Read a form back from the workbook `to_excel` writes (labels in column A); raises Invalid naming the
    row and column."""
    sheet = SHEETS[form]
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise Invalid("文件不是有效的 Excel 工作簿(.xlsx)。") from exc
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
                    data[f.key] = _int(value, f"第{i}行「{label}」")
                else:
                    data[f.key] = "" if value is None else str(value)
        if not data:
            raise Invalid(f"没有找到《{sheet.title}》的项目(A列应为项目名称)。")
        return clean_sheet(form, data)
    table = sheet.table
    header_index = None
    for i, row in enumerate(rows):
        if row and str(row[0] or "").strip() == "事项类型":
            header_index = i
            break
    if header_index is None:
        raise Invalid(f"没有找到《{sheet.title}》的表头(A列「事项类型」)。")
    header = [str(c or "").strip() for c in rows[header_index]]
    col_of = {}
    for key, label in table.columns:
        if label not in header:
            raise Invalid(f"表头缺少「{label}」列。")
        col_of[key] = header.index(label)
    data_rows = {}
    notes = ""
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        name = str(row[0] or "").strip() if row else ""
        if name in table.rows:
            data_rows[name] = {
                key: _int(
                    row[col] if col < len(row) else None, f"第{offset}行「{dict(table.columns)[key]}」列"
                )
                for key, col in col_of.items()
            }
        elif name == table.notes_label:
            notes = str(row[1] or "") if len(row) > 1 else ""
    return clean_sheet(form, {"rows": data_rows, "notes": notes})
