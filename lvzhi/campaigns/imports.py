"""Imported multi-party data: third-party scores, hotline statistics, NPC/CPPCC and social review ranks,
inspection deductions, survey results (until the surveys room delivers them itself).

A file is Excel (.xlsx) or CSV (UTF-8 or GBK), one of two layouts detected from the header (docs/campaigns.md):

- wide: 单位代码 | 单位名称 | <数据项> | <数据项> …  — one row per unit, one column per indicator code or
  named input the import kind may fill;
- long: 单位代码 | 单位名称 | 数据项 | 子项 | 数值 | 备注 — one row per value; 子项 is a period, a survey or
  rater group, or actual/target.

The whole file is checked first; any problem rejects it with every problem named by row and column, and
nothing is stored.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core import spreadsheets
from lvzhi.core.errors import Invalid, Refused
from lvzhi.registry.models import Unit
from lvzhi.scoring.vocab import NOT_APPLICABLE_WORDS as NOT_APPLICABLE

from . import schemeinfo
from .actions.common import campaign_action, mark_results_stale
from .formats import KEY, NOTE, PART, UNIT_CODE, UNIT_NAME, VALUE
from .models import ImportBatch, ImportedValue
from .policy import require
from .selectors import scheme_info_for

THIRD_PARTY_KINDS = {"third_party", "survey"}


class ImportRejected(Invalid):
    """The file was refused; `errors` lists every problem ("第5行「单位代码」:…")."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = ";".join(errors[:20])
        if len(errors) > 20:
            message = _("文件未导入(共%(count)s处,仅列出前20处):%(errors)s") % {
                "count": len(errors),
                "errors": shown,
            }
        else:
            message = _("文件未导入:%(errors)s") % {"errors": shown}
        super().__init__(message)


@dataclass
class Row:
    line: int
    unit: Unit
    key: str
    part: str
    value: Decimal | None
    note: str
    column: str


def read_table(content: bytes, filename: str) -> list[list]:
    name = filename.lower()
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gbk"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRejected([_("文件编码无法识别,请另存为 UTF-8 编码的 CSV。")])
        return [list(r) for r in csv.reader(io.StringIO(text))]
    if name.endswith(".xlsx"):
        try:
            from python_calamine import CalamineWorkbook

            wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = wb.get_sheet_by_name(wb.sheet_names[0])
            return [list(r) for r in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise ImportRejected([_("文件不是有效的 Excel 工作簿(.xlsx)。")]) from exc
    raise ImportRejected([_("只能导入 .xlsx 或 .csv 文件。")])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _find(header: list[str], names) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").rstrip("%％").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _check_range(info, key: str, value: Decimal, category) -> str | None:
    leaf = info.by_code.get(key)
    if leaf is None:
        return None  # a named input: any number
    return leaf.value_problem(category, value)


def parse(campaign, kind: str, rows: list[list]) -> list[Row]:
    """Validate every row; raise ImportRejected listing every problem."""
    if kind not in schemeinfo.IMPORT_KINDS:
        raise ImportRejected([_("数据类型无效。")])
    kind_label = schemeinfo.IMPORT_KINDS[kind][0]
    if not any(any(_cell(c) for c in r) for r in rows):
        raise ImportRejected([_("文件是空的。")])
    header = [_cell(c) for c in rows[0]]
    errors: list[str] = []
    unit_col = _find(header, UNIT_CODE)
    if unit_col is None:
        raise ImportRejected([_("第1行:缺少「%(column)s」列。") % {"column": UNIT_CODE[0]}])
    name_col = _find(header, UNIT_NAME)
    key_col, value_col = _find(header, KEY), _find(header, VALUE)
    long_layout = key_col is not None and value_col is not None
    part_col, note_col = _find(header, PART), _find(header, NOTE)

    in_scope = {cu.unit.code: cu for cu in campaign.units.select_related("unit", "category")}
    known_units = {
        u.code: u
        for u in Unit.objects.filter(code__in=[_cell(r[unit_col]) for r in rows[1:] if len(r) > unit_col])
    }
    infos: dict = {}

    def info_for(cu):
        if cu.category_id not in infos:
            infos[cu.category_id] = scheme_info_for(campaign, cu.category_id)
        return infos[cu.category_id]

    default_info = scheme_info_for(campaign)
    if default_info is None:
        raise ImportRejected([_("本活动尚未确定指标体系。")])
    allowed_keys = default_info.importable(kind)
    for cs in campaign.category_schemes.all():
        allowed_keys.update(schemeinfo.info_for(cs.scheme_version).importable(kind))

    value_columns: list[tuple[int, str]] = []
    if not long_layout:
        used = {unit_col, name_col, note_col}
        for i, name in enumerate(header):
            if i in used or not name:
                continue
            if name not in allowed_keys:
                errors.append(
                    _(
                        "第1行「%(column)s」列:不是本活动指标体系中可作为「%(kind)s」导入的指标或输入项(可导入:%(allowed)s)"
                    )
                    % {
                        "column": name,
                        "kind": kind_label,
                        "allowed": "、".join(sorted(allowed_keys)) or _("无"),
                    }
                )
            else:
                value_columns.append((i, name))
        if not value_columns and not errors:
            errors.append(
                _("第1行:没有数据列(%(code)s、%(name)s之外,每列应为一个指标代码或输入项)")
                % {"code": UNIT_CODE[0], "name": UNIT_NAME[0]}
            )
    if errors:
        raise ImportRejected(errors)

    parsed: list[Row] = []
    seen: dict = {}
    for line, raw in enumerate(rows[1:], start=2):
        cells = [_cell(c) for c in raw]
        if not any(cells):
            continue
        cells += [""] * (len(header) - len(cells))
        code = cells[unit_col]
        if not code:
            errors.append(_("第%(line)s行「%(column)s」:不能为空") % {"line": line, "column": UNIT_CODE[0]})
            continue
        unit = known_units.get(code)
        if unit is None:
            errors.append(
                _("第%(line)s行「%(column)s」:找不到单位代码「%(code)s」")
                % {"line": line, "column": UNIT_CODE[0], "code": code}
            )
            continue
        cu = in_scope.get(code)
        if cu is None:
            errors.append(
                _("第%(line)s行「%(column)s」:「%(unit)s」不在本活动范围内")
                % {"line": line, "column": UNIT_CODE[0], "unit": unit.name}
            )
            continue
        if name_col is not None and cells[name_col] and cells[name_col] != unit.name:
            errors.append(
                _("第%(line)s行「%(column)s」:「%(name)s」与单位代码「%(code)s」对应的「%(unit)s」不一致")
                % {
                    "line": line,
                    "column": UNIT_NAME[0],
                    "name": cells[name_col],
                    "code": code,
                    "unit": unit.name,
                }
            )
            continue
        note = cells[note_col] if note_col is not None else ""
        info = info_for(cu)
        category = cu.category.name if cu.category_id else None
        if long_layout:
            items = [
                (
                    key_col,
                    cells[key_col],
                    cells[part_col] if part_col is not None else "",
                    cells[value_col],
                    VALUE[0],
                )
            ]
        else:
            items = [(i, key, "", cells[i], key) for i, key in value_columns]
        for _col, key, part, text, column_label in items:
            if long_layout:
                if not key:
                    errors.append(_("第%(line)s行「%(column)s」:不能为空") % {"line": line, "column": KEY[0]})
                    continue
                if key not in allowed_keys:
                    errors.append(
                        _("第%(line)s行「%(column)s」:「%(key)s」不是可作为「%(kind)s」导入的指标或输入项")
                        % {"line": line, "column": KEY[0], "key": key, "kind": kind_label}
                    )
                    continue
            if not text:
                if long_layout:
                    errors.append(
                        _("第%(line)s行「%(column)s」:不能为空") % {"line": line, "column": VALUE[0]}
                    )
                continue
            not_applicable = text.strip().lower() in NOT_APPLICABLE
            if not_applicable:
                if key not in (info.by_code if info is not None else {}) or part:
                    errors.append(
                        _("第%(line)s行「%(column)s」:只有指标(不分子项)可以标为不适用")
                        % {"line": line, "column": column_label}
                    )
                    continue
                value = None
            else:
                value = _number(text)
                if value is None:
                    errors.append(
                        _("第%(line)s行「%(column)s」:「%(text)s」不是数字")
                        % {"line": line, "column": column_label, "text": text}
                    )
                    continue
            if info is not None and key in info.by_code and not info.by_code[key].applies_to(category):
                errors.append(
                    _("第%(line)s行「%(column)s」:指标「%(key)s」不适用于%(category)s类单位")
                    % {"line": line, "column": column_label, "key": key, "category": category}
                )
                continue
            problem = (
                _check_range(info, key, value, category) if info is not None and value is not None else None
            )
            if problem:
                errors.append(
                    _("第%(line)s行「%(column)s」:%(text)s %(problem)s")
                    % {"line": line, "column": column_label, "text": text, "problem": problem}
                )
                continue
            ident = (code, key, part)
            if ident in seen:
                errors.append(
                    _("第%(line)s行「%(column)s」:单位「%(code)s」的「%(item)s」重复(已在第%(first)s行)")
                    % {
                        "line": line,
                        "column": column_label,
                        "code": code,
                        "item": f"{key}/{part}" if part else key,
                        "first": seen[ident],
                    }
                )
                continue
            seen[ident] = line
            parsed.append(Row(line, unit, key, part, value, note, column_label))
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ImportRejected([_("文件中没有可导入的数值。")])
    return parsed


@campaign_action
def import_file(campaign, *, actor, kind: str, content: bytes, filename: str, note: str = "") -> ImportBatch:
    require(actor, "import_data", campaign)
    if actor.role == "third_party" and kind not in THIRD_PARTY_KINDS:
        raise Refused(_("第三方机构只能导入第三方评估得分和问卷结果。"))
    rows = parse(campaign, kind, read_table(content, filename))
    batch = ImportBatch.objects.create(
        campaign=campaign,
        kind=kind,
        file_name=filename[:200],
        rows=len(rows),
        note=note[:300],
        uploaded_by=actor,
    )
    existing = {
        (v.unit_id, v.key, v.part): v
        for v in ImportedValue.objects.filter(campaign=campaign, key__in={r.key for r in rows})
    }
    now = timezone.now()
    for row in rows:
        current = existing.get((row.unit.pk, row.key, row.part))
        na = row.value is None
        if current is None:
            ImportedValue.objects.create(
                campaign=campaign, unit=row.unit, kind=kind, key=row.key, part=row.part, value=row.value,
                not_applicable=na, note=row.note[:300], batch=batch, entered_by=actor, entered_at=now,
            )  # fmt: skip
        elif (current.value, current.not_applicable, current.note, current.kind) != (
            row.value,
            na,
            row.note[:300],
            kind,
        ):
            current.value = row.value
            current.not_applicable = na
            current.note = row.note[:300]
            current.kind = kind
            current.batch = batch
            current.entered_by = actor
            current.entered_at = now
            current.save()
    record_event(
        "campaign.data_imported", campaign, after={"batch": batch.pk, "kind": kind, "rows": len(rows)}
    )
    mark_results_stale(campaign)
    return batch


def template(campaign, kind: str) -> bytes:
    """A wide-layout workbook with the units in scope and one column per item the kind may fill."""
    info = scheme_info_for(campaign)
    keys = info.importable(kind) if info else {}
    wb = spreadsheets.new_workbook(title=_("数据"))
    ws = wb.active
    spreadsheets.append(ws, [UNIT_CODE[0], UNIT_NAME[0], *keys.keys(), NOTE[0]])
    for cu in campaign.units.select_related("unit").order_by("category__order", "unit__order", "unit__code"):
        spreadsheets.append(ws, [cu.unit.code, cu.unit.name])
    notes = wb.create_sheet(_("说明"))
    spreadsheets.append(notes, [KEY[0], _("含义")])
    for key, label in keys.items():
        spreadsheets.append(notes, [key, str(label)])
    notes.append([])
    spreadsheets.append(
        notes,
        [
            _("说明"),
            _("每行一个单位,每列一个数据项;空白表示不导入该项。也可用长表:%(columns)s。")
            % {"columns": "、".join((UNIT_CODE[0], UNIT_NAME[0], KEY[0], PART[0], VALUE[0], NOTE[0]))},
        ],
    )
    return spreadsheets.to_bytes(wb)
