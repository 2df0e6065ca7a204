"""Raw inputs files: YAML, JSON and the Excel workbook of unit values (docs/inputs-format.md). Errors name the
sheet, row and column; nothing is returned from a file with an error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import InputsError, Issue
from .files import (
    INPUTS_SHEET,
    cell_text,
    dump_text,
    file_suffix,
    flow_text,
    load_text,
    open_workbook,
    parse_cell_yaml,
    sheet_rows,
)

INPUT_HEADERS = {"单位": "key", "名称": "name", "类别": "category", "不适用": "not_applicable"}
LONG_HEADERS = {"单位": "key", "名称": "name", "类别": "category", "编码": "code", "子项": "sub", "值": "value"}
UNIT_KEYS = {"name", "category", "values", "not_applicable"}


def read_inputs_file(path: Any) -> dict[str, Any]:
    """Raw inputs {format, scheme, units: {key: {name, category, values, not_applicable}}} from a file."""
    path = Path(path)
    if file_suffix(path, InputsError) == ".xlsx":
        return _read_inputs_workbook(path)
    data = load_text(path, InputsError)
    return check_inputs(data, path.name)


def check_inputs(data: Any, where: str = "") -> dict[str, Any]:
    issues: list[Issue] = []
    if not isinstance(data, dict) or not isinstance(data.get("units"), dict):
        raise InputsError(Issue(where, "输入文件应有 units: {单位: {category, values}} 映射"))
    issues.extend(Issue(where, f"输入文件不认识字段「{key}」") for key in sorted(set(data) - {"format", "scheme", "units"}))
    if data.get("format", "lvzhi-inputs/1") != "lvzhi-inputs/1":
        issues.append(Issue(where, f"不支持的格式「{data.get('format')}」，应为 lvzhi-inputs/1"))
    units = {}
    for key, record in data["units"].items():
        label = f"units.{key}"
        if not isinstance(record, dict):
            issues.append(Issue(label, "单位记录必须是映射（name、category、values、not_applicable）"))
            continue
        issues.extend(Issue(label, f"单位记录不认识字段「{extra}」") for extra in sorted(set(record) - UNIT_KEYS))
        values = record.get("values") or {}
        if not isinstance(values, dict):
            issues.append(Issue(label, "values 必须是 {编码: 值} 映射"))
            continue
        na = record.get("not_applicable") or []
        if isinstance(na, str):
            na = [c.strip() for c in re.split(r"[、,，\s]+", na) if c.strip()]
        if not isinstance(na, list):
            issues.append(Issue(label, "not_applicable 必须是编码列表"))
            continue
        category = record.get("category")
        if category is not None and not isinstance(category, str):
            issues.append(Issue(label, "category 必须是文字"))
        unit: dict[str, Any] = {"values": {str(k): v for k, v in values.items()}}
        if record.get("name") is not None:
            unit["name"] = str(record["name"])
        if category is not None:
            unit["category"] = str(category)
        if na:
            unit["not_applicable"] = [str(c) for c in na]
        units[str(key)] = unit
    if issues:
        raise InputsError(issues)
    out: dict[str, Any] = {"format": "lvzhi-inputs/1"}
    if data.get("scheme") is not None:
        out["scheme"] = str(data["scheme"])
    out["units"] = units
    return out


def _input_cell(value: Any, where: str, issues: list[Issue]) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = str(value).strip()
    if not text:
        return None
    if text.startswith(("{", "[")) or ":" in text or "：" in text:
        try:
            return parse_cell_yaml(text)
        except yaml.YAMLError:
            issues.append(Issue(where, f"无法解析「{text}」，结构化的值应写作 Q1: 90, Q2: 85 或 [优秀, 良好]"))
            return None
    return text


def _read_inputs_workbook(path: Path) -> dict[str, Any]:
    wb = open_workbook(path, InputsError)
    sheet = wb[INPUTS_SHEET] if INPUTS_SHEET in wb.sheetnames else wb.worksheets[0]
    sname = sheet.title
    rows = sheet_rows(sheet)
    if not rows:
        raise InputsError(Issue(sname, "工作表是空的，第一行应为表头（单位、类别、指标编码 …）"))
    header = [cell_text(h) for h in rows[0]]
    if "单位" not in header:
        raise InputsError(Issue(f"{sname}!第1行", "缺少「单位」列"))
    issues: list[Issue] = []
    dupes = {h for h in header if h is not None and header.count(h) > 1}
    issues.extend(Issue(f"{sname}!第1行", f"列「{h}」重复") for h in sorted(dupes))
    units: dict[str, dict[str, Any]] = {}
    is_long = "编码" in header and "值" in header
    if is_long:
        issues.extend(Issue(f"{sname}!第1行", f"不认识的列「{h}」（按行填写时可用：{'、'.join(LONG_HEADERS)}）")
                      for h in header if h is not None and h not in LONG_HEADERS)
    col = {h: i for i, h in enumerate(header) if h is not None}
    for number, row in enumerate(rows[1:], 2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue

        def get(h: Any, row: Any=row) -> Any:
            i = col.get(h)
            return row[i] if i is not None and i < len(row) else None

        key = cell_text(get("单位"))
        if key is None:
            issues.append(Issue(f"{sname}!第{number}行「单位」", "单位不能为空"))
            continue
        unit = units.setdefault(key, {"values": {}})
        for h, field_name in (("名称", "name"), ("类别", "category")):
            text = cell_text(get(h))
            if text is None:
                continue
            if field_name in unit and unit[field_name] != text:
                issues.append(Issue(f"{sname}!第{number}行「{h}」", f"单位「{key}」的{h}前后不一致（{unit[field_name]} / {text}）"))
            unit[field_name] = text
        if is_long:
            code = cell_text(get("编码"))
            if code is None:
                issues.append(Issue(f"{sname}!第{number}行「编码」", "编码不能为空"))
                continue
            value = _input_cell(get("值"), f"{sname}!第{number}行「值」", issues)
            sub = cell_text(get("子项"))
            values = unit["values"]
            if sub is None:
                _accumulate(values, code, value)
            else:
                target = values.setdefault(code, {})
                if not isinstance(target, dict):
                    issues.append(Issue(f"{sname}!第{number}行「子项」", f"「{code}」前面已有不分子项的值"))
                    continue
                _accumulate(target, sub, value)
            continue
        unit.setdefault("sheet_rows", 0)
        unit["sheet_rows"] += 1
        if unit["sheet_rows"] > 1:
            issues.append(Issue(f"{sname}!第{number}行「单位」", f"单位「{key}」出现了不止一行"))
        na = cell_text(get("不适用"))
        if na:
            unit["not_applicable"] = [c.strip() for c in re.split(r"[、,，\s]+", na) if c.strip()]
        for h, i in col.items():
            if h in INPUT_HEADERS:
                continue
            value = _input_cell(row[i] if i < len(row) else None, f"{sname}!第{number}行「{h}」", issues)
            if value is not None:
                unit["values"][h] = value
    for unit in units.values():
        unit.pop("sheet_rows", None)
    if issues:
        raise InputsError(issues)
    return check_inputs({"units": units}, path.name)


def _accumulate(target: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        return
    if key in target:
        existing = target[key]
        target[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
    else:
        target[key] = value


def write_inputs_file(data: dict[str, Any], path: Any) -> None:
    """Write raw inputs as YAML, JSON, or an Excel sheet (one row per unit)."""
    path = Path(path)
    if file_suffix(path, InputsError) != ".xlsx":
        dump_text(data, path)
        return
    from openpyxl.styles import Font

    from lvzhi.core import spreadsheets

    units = data.get("units") or {}
    codes: list[str] = []
    for record in units.values():
        for code in (record.get("values") or {}):
            if code not in codes:
                codes.append(code)
    wb = spreadsheets.new_workbook(title=INPUTS_SHEET)
    sheet: Any = wb.active  # a new workbook's one worksheet
    spreadsheets.append(sheet, ["单位", "名称", "类别", "不适用", *codes], font=Font(bold=True))
    for key, record in units.items():
        values = record.get("values") or {}
        row = [key, record.get("name"), record.get("category"), "、".join(record.get("not_applicable") or []) or None]
        for code in codes:
            value = values.get(code)
            row.append(flow_text(value) if isinstance(value, dict | list) else value)
        spreadsheets.append(sheet, row)
    wb.save(path)
