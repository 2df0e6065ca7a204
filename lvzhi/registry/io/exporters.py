"""Export of registry data (what the user may see) and the downloadable import templates.

An export has the columns of the import template, so an exported file can be edited and imported again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lvzhi.core import spreadsheets
from lvzhi.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from lvzhi.registry.models import (
    Category,
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
)

from .columns import COMMON_RULES, KINDS, Kind
from .formats import CODES_SHEET, GENDERS, INSTRUCTIONS_SHEET, LEADERSHIP_LEVELS, NO, STAFFING_KINDS, YES

ITER_CHUNK = 5000
FORMATS = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}

HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
REQUIRED_FONT = Font(bold=True, color="A4161A")
HEADER_FONT = Font(bold=True)
VALIDATION_ROWS = 50000


def _yes_no(value: bool) -> str:
    return YES if value else NO


def visible_units(user):
    return Unit.objects.all() if user is None else Unit.objects.visible_to(user)


def _scoped(model, user):
    return model.objects.all() if user is None else model.objects.visible_to(user)


def count_rows(kind_key: str, user) -> int:
    if kind_key in ("units", "quotas"):
        return visible_units(user).count()
    model = {"bodies": InternalBody, "posts": Post, "persons": Person}[kind_key]
    return _scoped(model, user).count()


def export_rows(kind_key: str, user) -> Iterator[list]:
    """Rows (lists of cell values in the kind's column order) of the objects the user may see."""
    return {
        "units": _unit_rows,
        "bodies": _body_rows,
        "posts": _post_rows,
        "persons": _person_rows,
        "quotas": _quota_rows,
    }[kind_key](user)


def _unit_rows(user):
    kinds = dict(KINDS["units"].column("kind").choices)
    qs = (
        visible_units(user)
        .order_by("code")
        .values_list(
            "code",
            "name",
            "short_name",
            "kind",
            "region__code",
            "category__name",
            "parent__code",
            "order",
            "is_active",
            "note",
        )
    )
    for code, name, short, kind, region, category, parent, order, active, note in qs.iterator(ITER_CHUNK):
        yield [
            code,
            name,
            short,
            kinds.get(kind, kind),
            region,
            category or "",
            parent or "",
            order,
            _yes_no(active),
            note,
        ]


def _body_rows(user):
    qs = (
        _scoped(InternalBody, user)
        .order_by("unit__code", "order", "code")
        .values_list("unit__code", "code", "name", "duties", "order", "is_active")
    )
    for unit, code, name, duties, order, active in qs.iterator(ITER_CHUNK):
        yield [unit, code, name, duties, order, _yes_no(active)]


def _post_rows(user):
    levels = dict(LEADERSHIP_LEVELS)
    qs = (
        _scoped(Post, user)
        .order_by("unit__code", "code")
        .values_list("unit__code", "code", "name", "internal_body__code", "leadership_level", "duties")
    )
    for unit, code, name, body, level, duties in qs.iterator(ITER_CHUNK):
        yield [unit, code, name, body or "", levels.get(level, level), duties]


def _person_rows(user):
    kinds = dict(STAFFING_KINDS)
    genders = dict(GENDERS)
    qs = (
        _scoped(Person, user)
        .order_by("unit__code", "staff_no")
        .values_list(
            "staff_no",
            "name",
            "unit__code",
            "post__code",
            "gender",
            "birth_year",
            "staffing_kind",
            "joined_on",
            "is_active",
        )
    )
    for staff_no, name, unit, post, gender, birth, kind, joined, active in qs.iterator(ITER_CHUNK):
        yield [
            staff_no,
            name,
            unit,
            post or "",
            genders.get(gender, ""),
            birth,
            kinds.get(kind, kind),
            joined,
            _yes_no(active),
        ]


def _quota_rows(user):
    units = visible_units(user)
    staffing: dict[int, dict] = defaultdict(dict)
    leadership: dict[int, dict] = defaultdict(dict)
    for unit, kind, n in (
        StaffingQuota.objects.filter(sanding__is_current=True, sanding__unit__in=units)
        .values_list("sanding__unit_id", "kind", "approved")
        .iterator(ITER_CHUNK)
    ):
        staffing[unit][kind] = n
    for unit, level, n in (
        LeadershipQuota.objects.filter(sanding__is_current=True, sanding__unit__in=units)
        .values_list("sanding__unit_id", "level", "approved")
        .iterator(ITER_CHUNK)
    ):
        leadership[unit][level] = n
    sandings = {
        unit: (doc, date)
        for unit, doc, date in SanDing.objects.filter(is_current=True, unit__in=units).values_list(
            "unit_id", "document_number", "approved_on"
        )
    }
    for pk, code in units.order_by("code").values_list("pk", "code").iterator(ITER_CHUNK):
        doc, date = sandings.get(pk, ("", None))
        yield [
            code,
            doc,
            date,
            *(staffing[pk].get(k, "") for k in StaffingKind.values),
            *(leadership[pk].get(lv, "") for lv in LeadershipLevel.values),
        ]


# ---------------------------------------------------------------------------------------------------------
# Writing files.


def write_csv(kind: Kind, rows, path: Path, progress=None, total=None) -> int:
    n = 0
    with spreadsheets.open_csv(path) as writer:
        writer.writerow(kind.headers)
        for row in rows:
            writer.writerow(row)
            n += 1
            if progress and n % 1000 == 0:
                progress.advance(n, total)
    return n


def write_xlsx(kind: Kind, rows, path: Path, progress=None, total=None) -> int:
    """A write-only workbook (flat memory for large exports) with the template's header row."""
    workbook = spreadsheets.new_workbook(write_only=True)
    sheet = workbook.create_sheet(kind.sheet)
    for index, col in enumerate(kind.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = col.width
    sheet.freeze_panes = "A2"
    spreadsheets.append(
        sheet,
        [col.header for col in kind.columns],
        font=[REQUIRED_FONT if col.required else HEADER_FONT for col in kind.columns],
        fill=HEADER_FILL,
    )
    n = 0
    for row in rows:
        spreadsheets.append(sheet, row)
        n += 1
        if progress and n % 1000 == 0:
            progress.advance(n, total)
    workbook.save(path)
    return n


def export_to(kind_key: str, user, path: Path, fmt: str = "xlsx", progress=None) -> int:
    kind = KINDS[kind_key]
    total = None
    if progress:
        total = count_rows(kind_key, user)
        progress.stage(_("导出"), total=total)
    writer = write_csv if fmt == "csv" else write_xlsx
    return writer(kind, export_rows(kind_key, user), path, progress=progress, total=total)


def export_file_name(kind_key: str, fmt: str = "xlsx") -> str:
    return f"{KINDS[kind_key].label}_{datetime.date.today():%Y%m%d}.{fmt}"  # noqa: DTZ011 - a file name


# ---------------------------------------------------------------------------------------------------------
# Templates.


def template_file_name(kind_key: str) -> str:
    return _("%(kind)s导入模板.xlsx") % {"kind": KINDS[kind_key].label}


def write_template(kind_key: str | Kind, path_or_stream, rules=COMMON_RULES) -> None:
    """The import template: the data sheet with the headers (required ones in red), drop-down lists for
    enumerations, code columns formatted as text; an instructions sheet; for units, the region and category
    codes. Another room's file passes its `Kind` (and the rules its import follows)."""
    kind = kind_key if isinstance(kind_key, Kind) else KINDS[kind_key]
    workbook = spreadsheets.new_workbook(title=kind.sheet)
    sheet = workbook.active
    sheet.freeze_panes = "A2"
    for index, col in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = spreadsheets.put(sheet, row=1, column=index, value=col.header)
        cell.font = REQUIRED_FONT if col.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[letter].width = col.width
        if col.type == "code":
            sheet.column_dimensions[letter].number_format = "@"
        choices = None
        if col.type == "enum":
            choices = col.choice_labels
        elif col.type == "bool":
            choices = [YES, NO]
        if choices and len(",".join(choices)) < 250:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=not col.required,
                showErrorMessage=True,
                errorTitle=_("取值无效"),
                error=_("请从下拉列表中选择%(header)s") % {"header": col.header},
                promptTitle=col.header,
                prompt=_("请从下拉列表中选择"),
            )
            validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
            sheet.add_data_validation(validation)
        elif col.type == "int":
            validation = DataValidation(
                type="whole",
                operator="between",
                formula1=str(col.min_value if col.min_value is not None else -(2**31)),
                formula2=str(col.max_value if col.max_value is not None else 2**31 - 1),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("取值无效"),
                error=_("%(header)s应为整数(%(values)s)")
                % {"header": col.header, "values": col.describe_values()},
            )
            validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
            sheet.add_data_validation(validation)
    _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), kind, rules)
    if kind is KINDS.get("units"):
        _unit_codes(workbook.create_sheet(CODES_SHEET))
    workbook.save(path_or_stream)


def _instructions(sheet, kind: Kind, rules=COMMON_RULES) -> None:
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 6
    sheet.column_dimensions["D"].width = 12
    sheet.column_dimensions["E"].width = 48
    sheet.column_dimensions["F"].width = 48
    sheet.column_dimensions["G"].width = 18
    wrap = Alignment(wrap_text=True, vertical="top")
    spreadsheets.append(sheet, [_("%(kind)s导入说明") % {"kind": kind.label}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    lines = [kind.identity, *kind.notes, *rules, _("表头为红色的列必填。")]
    for i, line in enumerate(lines, start=1):
        spreadsheets.append(sheet, [f"{i}.", str(line)])
    sheet.append([])
    header_row = sheet.max_row + 1
    spreadsheets.append(sheet, [_("列"), _("列名"), _("必填"), _("类型"), _("可填写的值"), _("说明"), _("示例")])
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for index, col in enumerate(kind.columns, start=1):
        example = col.example
        spreadsheets.append(
            sheet,
            [
                get_column_letter(index),
                col.header,
                _("是") if col.required else "",
                col.type_label,
                col.describe_values(),
                str(col.help),
                "" if example is None else example,
            ],
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap


def _unit_codes(sheet) -> None:
    spreadsheets.append(
        sheet,
        [_("区划代码"), _("区划名称"), _("层级"), _("上级区划代码"), "", _("评估类别代码"), _("评估类别名称")],
    )
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for letter, width in zip("ABCDEFG", (14, 20, 10, 14, 3, 14, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    levels = dict(Region.Level.choices)
    regions = list(Region.objects.order_by("path").values_list("code", "name", "level", "parent__code"))
    categories = list(Category.objects.values_list("code", "name"))
    for i in range(max(len(regions), len(categories))):
        row = ["", "", "", "", ""]
        if i < len(regions):
            code, name, level, parent = regions[i]
            row[:4] = [code, name, str(levels.get(level, level)), parent or ""]
        if i < len(categories):
            row += list(categories[i])
        spreadsheets.append(sheet, row)
