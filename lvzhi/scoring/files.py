"""Scheme files: YAML, JSON and the Excel workbook office staff write (inputs files: `lvzhi.scoring.inputfiles`).
Errors name the sheet, row and column; nothing is returned from a file with an error."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import Issue, SchemeError
from .numbers import to_fraction
from .vocab import KIND_LOOKUP, KINDS, LEVELS, NATURE_LOOKUP, NATURES, SOURCES, normalize_source, source_label

SCHEME_SHEET = "指标"
SETTINGS_SHEET = "方案"
INPUTS_SHEET = "数据"

SCHEME_COLUMNS = {
    "编码": "code", "名称": "name", "层级": "level", "上级编码": "parent", "分值": "points", "权重": "weight",
    "类型": "kind", "性质": "nature", "评分标准": "standard", "规则": "rule", "佐证材料": "evidence",
    "数据来源": "source", "分期": "periods", "分类分值": "by_category", "基础分": "base", "刻度": "scale",
    "说明": "note",
}
SETTINGS_ROWS = {
    "编码": "code", "名称": "name", "层级": "level", "继承自": "extends", "总分": "total", "分类总分": "total_by_category", "精度": "precision",
    "说明": "description", "依据文件": "source_document", "备注": "note", "类别": "categories", "输入项": "inputs",
    "评价等次": "rating_scales", "分期": "period_sets", "等次": "grades", "排名": "ranking", "名额": "quotas",
}
STRUCTURED_SETTINGS = {"total_by_category", "categories", "inputs", "rating_scales", "period_sets", "grades", "ranking", "quotas"}
LEVEL_LOOKUP = {**{k: k for k in LEVELS}, **{v: k for k, v in LEVELS.items()}}


# ---------------------------------------------------------------------------------------------------------------
# YAML / JSON


class _UniqueKeyLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: Any, node: Any, deep: Any=False) -> dict[Any, Any]:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键「{key}」", mark)
        seen.add(key)
    mapping: dict[Any, Any] = yaml.SafeLoader.construct_mapping(loader, node, deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_text(path: Path, error_cls: Any) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise error_cls(Issue(str(path), "文件不存在")) from exc
    except UnicodeDecodeError as exc:
        # The file's name only: an uploaded file sits in a temporary directory whose path means nothing to a user.
        raise error_cls(Issue(path.name, "文件不是 UTF-8 编码的文本")) from exc
    if "\x00" in text:
        raise error_cls(Issue(path.name, "文件不是文本文件（含有二进制内容）"))
    suffix = path.suffix.lower()
    try:
        return _parse_text(text, path, suffix, error_cls)
    except RecursionError as exc:
        raise error_cls(Issue(path.name, "文件的嵌套层次过深，无法读取")) from exc


def _parse_text(text: str, path: Path, suffix: str, error_cls: Any) -> Any:
    if suffix == ".json":
        try:
            return json.loads(text, object_pairs_hook=_unique_pairs)
        except json.JSONDecodeError as exc:
            raise error_cls(Issue(path.name, f"第{exc.lineno}行第{exc.colno}列：JSON 格式错误（{exc.msg}）")) from exc
        except ValueError as exc:
            raise error_cls(Issue(path.name, str(exc))) from exc
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第{mark.line + 1}行第{mark.column + 1}列：" if mark else ""
        raise error_cls(Issue(path.name, f"{where}YAML 格式错误（{exc.problem or exc.context}）")) from exc
    except yaml.YAMLError as exc:
        raise error_cls(Issue(path.name, f"YAML 格式错误（{exc}）")) from exc


def _unique_pairs(pairs: Any) -> dict[Any, Any]:
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"重复的键「{key}」")
        out[key] = value
    return out


def file_suffix(path: Path, error_cls: Any) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json", ".xlsx"):
        raise error_cls(Issue(path.name, "不支持的文件类型，请用 .yaml、.yml、.json 或 .xlsx"))
    return suffix


def dump_text(data: Any, path: Path) -> None:
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def flow_text(value: Any) -> str:
    text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6, sort_keys=False)
    return text.strip()


def parse_cell_yaml(text: str) -> Any:
    """A cell holding a mapping or list: `a: 1, b: 2` (braces optional), `[优秀, 良好]`."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")) and ":" in stripped.replace("：", ":"):
        stripped = "{" + stripped.replace("：", ": ").replace("，", ", ") + "}"
    return yaml.load(stripped, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


def cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _cell_number(value: Any) -> Any:
    """Numbers stay numbers; text numbers and percents stay text for the loader to read exactly."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value


def open_workbook(path: Path, error_cls: Any) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise error_cls(Issue(str(path), "文件不存在")) from exc
    except Exception as exc:
        raise error_cls(Issue(path.name, f"无法读取 Excel 文件（{exc.__class__.__name__}）")) from exc


def sheet_rows(sheet: Any) -> list[list[Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
        rows.pop()
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Schemes


def read_scheme_file(path: Any) -> dict[str, Any]:
    """A scheme definition (dict) from .yaml/.yml/.json/.xlsx. Raises SchemeError for an unreadable file; the
    meaning is checked by `load_scheme`."""
    return read_scheme_file_with_rows(path)[0]


def read_scheme_file_with_rows(path: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """Also returns, for a workbook, the row of each indicator code (to point messages at rows)."""
    path = Path(path)
    if file_suffix(path, SchemeError) == ".xlsx":
        return _read_scheme_workbook(path)
    data = load_text(path, SchemeError)
    if not isinstance(data, dict):
        raise SchemeError(Issue(path.name, "方案文件的内容必须是一个映射（含 code、name、indicators 等）"))
    return data, {}


def write_scheme_file(definition: Any, path: Any) -> None:
    """Write a scheme (dict or Scheme) as YAML, JSON or the Excel workbook, by the file's extension."""
    from .model import Scheme

    if isinstance(definition, Scheme):
        definition = definition.definition
    path = Path(path)
    if file_suffix(path, SchemeError) == ".xlsx":
        _write_scheme_workbook(definition, path)
    else:
        dump_text(definition, path)


def _write_scheme_workbook(definition: dict[str, Any], path: Path) -> None:
    from openpyxl.styles import Alignment, Font

    from lvzhi.core import spreadsheets

    wb = spreadsheets.new_workbook(title=SCHEME_SHEET)
    sheet: Any = wb.active  # a new workbook's one worksheet
    headers = list(SCHEME_COLUMNS)
    spreadsheets.append(sheet, headers, font=Font(bold=True))

    def write(nodes: Any, level: Any, parent: Any) -> None:
        for node in nodes:
            row = {
                "code": node.get("code"), "name": node.get("name"), "level": level, "parent": parent or None,
                "points": node.get("points"), "weight": node.get("weight"),
                "kind": KINDS.get(node.get("kind"), node.get("kind")) if node.get("kind") else None,
                "nature": NATURES.get(node.get("nature"), node.get("nature")) if node.get("nature") else None,
                "standard": node.get("standard"),
                "rule": flow_text(node["rule"]) if node.get("rule") is not None else None,
                "evidence": "\n".join(node["evidence"]) if node.get("evidence") else None,
                "source": source_label(node["source"]) if node.get("source") else None,
                "periods": node["periods"] if isinstance(node.get("periods"), str)
                else (flow_text(node["periods"]) if node.get("periods") else None),
                "by_category": flow_text(node["by_category"]) if node.get("by_category") else None,
                "base": flow_text(node["base"]) if node.get("base") else None,
                "scale": node.get("scale"), "note": node.get("note"),
            }
            spreadsheets.append(sheet, [row[SCHEME_COLUMNS[h]] for h in headers])
            write(node.get("children") or [], level + 1, node.get("code"))

    write(definition.get("indicators") or [], 1, None)
    widths = {"编码": 10, "名称": 28, "评分标准": 40, "规则": 36, "佐证材料": 24, "数据来源": 12}
    for i, header in enumerate(headers, 1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = widths.get(header, 9)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    settings = wb.create_sheet(SETTINGS_SHEET)
    spreadsheets.append(settings, ["项目", "值"], font=Font(bold=True))
    for label, key in SETTINGS_ROWS.items():
        if definition.get(key) is None:
            continue
        value = definition[key]
        if key == "level":
            value = LEVELS.get(value, value)
        elif key in STRUCTURED_SETTINGS:
            value = flow_text(value)
        spreadsheets.append(settings, [label, value])
    settings.column_dimensions["A"].width = 12
    settings.column_dimensions["B"].width = 80
    wb.save(path)


def _read_scheme_workbook(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    wb = open_workbook(path, SchemeError)
    issues: list[Issue] = []
    sheet = wb[SCHEME_SHEET] if SCHEME_SHEET in wb.sheetnames else wb.worksheets[0]
    sname = sheet.title
    rows = sheet_rows(sheet)
    if not rows:
        raise SchemeError(Issue(sname, "工作表是空的，第一行应为表头（编码、名称、分值 …）"))
    header = [cell_text(h) for h in rows[0]]
    columns: dict[str, int] = {}
    for i, title in enumerate(header):
        if title is None:
            continue
        if title not in SCHEME_COLUMNS:
            issues.append(Issue(f"{sname}!第1行", f"不认识的列「{title}」（可用：{'、'.join(SCHEME_COLUMNS)}）"))
            continue
        if SCHEME_COLUMNS[title] in columns:
            issues.append(Issue(f"{sname}!第1行", f"列「{title}」重复"))
        columns[SCHEME_COLUMNS[title]] = i
    issues.extend(Issue(f"{sname}!第1行", f"缺少「{required}」列") for required in ("编码", "名称")
                  if SCHEME_COLUMNS[required] not in columns)
    if issues:
        raise SchemeError(issues)
    label_of = {v: k for k, v in SCHEME_COLUMNS.items()}
    entries = []  # (row number, node dict, level, parent code)
    seen_rows: dict[str, int] = {}
    for number, row in enumerate(rows[1:], 2):
        def cell(key: Any, row: Any=row) -> Any:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else None

        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue

        def where(key: Any, number: Any=number) -> str:
            return f"{sname}!第{number}行「{label_of[key]}」"

        node: dict[str, Any] = {}
        code = cell_text(cell("code"))
        if code is None:
            issues.append(Issue(where("code"), "编码不能为空"))
            continue
        if code in seen_rows:
            issues.append(Issue(where("code"), f"编码「{code}」与第{seen_rows[code]}行重复"))
        seen_rows[code] = number
        node["code"] = code
        name = cell_text(cell("name"))
        if name is None:
            issues.append(Issue(where("name"), "名称不能为空"))
        node["name"] = name or ""
        for key in ("points", "weight", "scale"):
            value = _cell_number(cell(key))
            if value is None:
                continue
            number_value = to_fraction(str(value).rstrip("%％")) if isinstance(value, str) else to_fraction(value)
            if number_value is None:
                issues.append(Issue(where(key), f"「{value}」不是数字"))
                continue
            node[key] = value
        kind = cell_text(cell("kind"))
        if kind is not None:
            if kind not in KIND_LOOKUP:
                issues.append(Issue(where("kind"), f"类型「{kind}」应为 {'、'.join(KINDS.values())} 之一"))
            node["kind"] = KIND_LOOKUP.get(kind, kind)
        nature = cell_text(cell("nature"))
        if nature is not None:
            if nature not in NATURE_LOOKUP:
                issues.append(Issue(where("nature"), f"性质「{nature}」应为 定量 或 定性"))
            node["nature"] = NATURE_LOOKUP.get(nature, nature)
        for key in ("standard", "note"):
            text = cell(key)
            if text is not None and str(text).strip():
                node[key] = str(text).strip()
        rule = cell_text(cell("rule"))
        if rule is not None:
            try:
                parsed = parse_cell_yaml(rule)
            except yaml.YAMLError:
                issues.append(Issue(where("rule"), f"无法解析规则「{rule}」，应为规则名（如 录入）或 type: ratio, target: 100"))
            else:
                node["rule"] = {"type": parsed} if isinstance(parsed, str) else parsed
        evidence = cell("evidence")
        if evidence is not None and str(evidence).strip():
            node["evidence"] = [line.strip() for line in str(evidence).splitlines() if line.strip()]
        source = cell_text(cell("source"))
        if source is not None:
            normalized = normalize_source(source)
            if normalized is None:
                issues.append(Issue(where("source"), f"数据来源「{source}」应为 {'、'.join(SOURCES.values())} 之一"
                                                     f"（问卷写作 问卷:群体）"))
            node["source"] = normalized or source
        for key in ("periods", "by_category", "base"):
            text = cell_text(cell(key))
            if text is None:
                continue
            if key == "periods" and ":" not in text and "：" not in text:
                node[key] = text
                continue
            try:
                parsed = parse_cell_yaml(text)
            except yaml.YAMLError:
                parsed = None
            if not isinstance(parsed, dict):
                issues.append(Issue(where(key), f"无法解析「{text}」，应写作 名称: 数值, 名称: 数值"))
                continue
            node[key] = parsed
        level = None
        raw_level = _cell_number(cell("level"))
        if raw_level is not None:
            if isinstance(raw_level, int) and 1 <= raw_level <= 3:
                level = raw_level
            else:
                issues.append(Issue(where("level"), f"层级「{raw_level}」应为 1、2 或 3"))
        entries.append((number, node, level, cell_text(cell("parent"))))
    if not entries:
        issues.append(Issue(sname, "没有任何指标行"))
    tree = _build_tree(entries, sname, issues)
    definition: dict[str, Any] = {}
    if SETTINGS_SHEET in wb.sheetnames:
        definition.update(_read_settings(wb[SETTINGS_SHEET], issues))
    definition["indicators"] = tree
    if issues:
        raise SchemeError(issues)
    ordered: dict[str, Any] = {k: definition[k] for k in ("code", "name") if k in definition}
    ordered.update({k: v for k, v in definition.items() if k not in ordered})
    return ordered, seen_rows


_DOTTED = re.compile(r"^(.+)[.．](?:[^.．]+)$")
_LETTER_DIGITS = re.compile(r"^([A-Za-z]+)\d+$")


def _build_tree(entries: Any, sname: Any, issues: Any) -> list[Any]:
    tree: list[Any] = []
    by_code: dict[str, dict[str, Any]] = {}
    levels: dict[str, int] = {}
    last_at_level: dict[int, str] = {}
    for number, node, level, parent in entries:
        code = node["code"]
        parent_code = None
        if parent is not None:
            if parent not in by_code:
                issues.append(Issue(f"{sname}!第{number}行「上级编码」", f"上级编码「{parent}」不在它上面的行中"))
                continue
            parent_code = parent
        elif level is not None:
            if level > 1:
                parent_code = last_at_level.get(level - 1)
                if parent_code is None:
                    issues.append(Issue(f"{sname}!第{number}行「层级」", f"第{level}级指标上面没有第{level - 1}级指标"))
                    continue
        else:
            dotted = _DOTTED.match(code)
            letters = _LETTER_DIGITS.match(code)
            if dotted and dotted.group(1) in by_code:
                parent_code = dotted.group(1)
            elif letters and letters.group(1) in by_code:
                parent_code = letters.group(1)
            elif dotted:
                issues.append(Issue(f"{sname}!第{number}行「编码」", f"找不到上级指标「{dotted.group(1)}」（上级须写在下级之前）"))
                continue
        my_level = levels[parent_code] + 1 if parent_code is not None else 1
        if level is not None and level != my_level:
            issues.append(Issue(f"{sname}!第{number}行「层级」", f"层级 {level} 与上级编码推出的层级 {my_level} 不一致"))
        levels[code] = my_level
        last_at_level[my_level] = code
        for deeper in [k for k in last_at_level if k > my_level]:
            del last_at_level[deeper]
        by_code[code] = node
        if parent_code is None:
            tree.append(node)
        else:
            by_code[parent_code].setdefault("children", []).append(node)
    return tree


def _read_settings(sheet: Any, issues: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sname = sheet.title
    for number, row in enumerate(sheet_rows(sheet)[1:], 2):
        label = cell_text(row[0]) if row else None
        value = row[1] if len(row) > 1 else None
        if label is None:
            continue
        key = SETTINGS_ROWS.get(label)
        if key is None:
            issues.append(Issue(f"{sname}!第{number}行「项目」", f"不认识的项目「{label}」（可用：{'、'.join(SETTINGS_ROWS)}）"))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in STRUCTURED_SETTINGS:
            try:
                parsed = yaml.load(str(value), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
            except yaml.YAMLError:
                issues.append(Issue(f"{sname}!第{number}行「值」", f"「{label}」无法解析"))
                continue
            if key == "categories" and isinstance(parsed, str):
                parsed = [c.strip() for c in re.split(r"[、,，]", parsed) if c.strip()]
            out[key] = parsed
        elif key in ("total", "precision"):
            out[key] = _cell_number(value)
        elif key == "level":
            out[key] = LEVEL_LOOKUP.get(str(value).strip(), str(value).strip())
        else:
            out[key] = cell_text(value) if key in ("code", "extends") else str(value)
    return out
