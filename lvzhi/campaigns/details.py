"""Results in detail (评估结果明细): an Excel workbook of every unit's points per indicator with the level-1
subtotals, the total, the grade and the rank, one sheet per category — the layout offices send to the performance
assessment office. Built from the stored explained results as the user may read them
(`scoring.explanation_for`), so a figure withheld on the page is withheld here too."""

from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from lvzhi.core import spreadsheets

from . import scoring
from .selectors import grouped

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _leaves(node: dict[str, Any]) -> list[dict[str, Any]]:
    children = node.get("children") or []
    if not children:
        return [node]
    return [leaf for child in children for leaf in _leaves(child)]


def _points(node: dict[str, Any] | None) -> Any:
    if node is None:
        return None
    if node.get("not_applicable"):
        return _("不适用")
    value = node.get("points")
    return float(value) if value is not None else None


def _index(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for node in nodes:
        out[node["code"]] = node
        out.update(_index(node.get("children") or []))
    return out


def _label(node: dict[str, Any]) -> str:
    return f"{node['code']} {node['name']}({scoring_number(node.get('max'))}分)"


def scoring_number(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:g}"


def workbook(campaign: Any, user: Any, results: list[Any]) -> bytes:
    """The details workbook of the results the user may see."""
    wb = spreadsheets.new_workbook()
    for sheet in list(wb.worksheets):
        wb.remove(sheet)
    show_grade = scoring.has_grades(campaign)
    for group in grouped(results):
        rows = group["rows"]
        category = group["category"].name if group["category"] else _("未分类")
        trees = []
        for r in rows:
            tree, _inputs = scoring.explanation_for(user, r)
            trees.append(tree)
        top = trees[0].get("indicators") or [] if trees else []
        ws = wb.create_sheet(spreadsheets.sheet_title(category))
        columns: list[tuple[str, str, str]] = []  # (level-1 label, column label, code)
        for node in top:
            columns.extend(
                (_label(node), _label(leaf), leaf["code"]) for leaf in _leaves(node) if leaf is not node
            )
            columns.append((_label(node), _("小计"), node["code"]))
        tail = [_("总分"), *([_("等次")] if show_grade else []), _("类别内排名")]
        width = 3 + len(columns) + len(tail)
        spreadsheets.append(
            ws, [_("%(name)s评估结果明细(%(category)s)") % {"name": campaign.name, "category": category}]
        )
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws["A1"].font = Font(size=14, bold=True)
        ws["A1"].alignment = CENTER
        spreadsheets.append(ws, [_("序号"), _("单位代码"), _("单位名称")] + [c[0] for c in columns] + tail)
        spreadsheets.append(ws, ["", "", ""] + [c[1] for c in columns] + [""] * len(tail))
        for col in range(1, 4):
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        for offset in range(len(tail)):
            col = 4 + len(columns) + offset
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        start = 4
        for node in top:
            span = len([leaf for leaf in _leaves(node) if leaf is not node]) + 1
            if span > 1:
                ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + span - 1)
            start += span
        for i, (r, tree) in enumerate(zip(rows, trees, strict=True), start=1):
            nodes = _index(tree.get("indicators") or [])
            spreadsheets.append(
                ws,
                [i, r.unit.code, r.unit.name]
                + [_points(nodes.get(code)) for _top, _col, code in columns]
                + [float(r.total) if r.total is not None else None]
                + ([r.grade or ""] if show_grade else [])
                + [r.rank],
            )
        for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=width):
            for cell in row:
                cell.border = BOX
                if cell.row <= 3:
                    cell.font = Font(bold=True)
                    cell.alignment = CENTER
                elif isinstance(cell.value, float):
                    cell.number_format = "0.00"
        ws.column_dimensions["C"].width = 28
        for col in range(4, width + 1):
            ws.column_dimensions[get_column_letter(col)].width = 12
        ws.freeze_panes = "D4"
    if not wb.worksheets:
        spreadsheets.append(wb.create_sheet(_("评估结果明细")), [_("尚无可查看的评估结果。")])
    return spreadsheets.to_bytes(wb)
