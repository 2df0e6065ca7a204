"""The tree editor's form: a scheme's indicators as an outline of rows (depth 1–3), posted whole.

Each row carries every field of an indicator as a form field in Chinese (code, name, points or weight, kind,
nature, data source picked from a list, scoring standard, evidence, per-category points, the rule type picked from
a list with the values that type takes, periods, base, scale, note; lvzhi.schemes.wordforms reads and writes
them); a key the form has no field for is kept in a hidden field, so nothing is lost. The scheme's settings
(full marks, categories, inputs, rating scales, period sets, grades, ranking, quotas) are a form of their own
(wordforms.settings_fields). No YAML is shown: YAML and Excel stay for import and export.

Structural operations (add a child, move up/down, indent/outdent, remove) act on the rows and the editor is
rendered again; the definition is rebuilt from the rows on every validation and on save.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from lvzhi.scoring import vocab

from . import wordforms
from .engine import Issue, plain

MAX_DEPTH = 3
MAX_ROWS = 2000
ROW_FIELDS = ("code", "name", "points", "weight", "kind", "nature", "source", "source_detail", "standard",
              "rule_type", "evidence", "by_category", "periods", "periods_custom", "base_kind", "base_value",
              "scale", "note", "keep")
PARAM_FIELDS = (*wordforms.PARAM_NAMES, "scale_inline", "groups_names", "input")
NODE_KEYS_IN_FORM = {"code", "name", "points", "weight", "kind", "nature", "source", "standard", "rule",
                     "evidence", "by_category", "children", "periods", "base", "scale", "note"}
SOURCE_DETAIL = {"survey": "问卷群体", "supervision_metric": "监管指标", "goals": "目标口径", "accountability": "问责领域",
                 "lists": "清单口径"}
BASE_CHOICES = [("", "无"), ("share", "下级得分按比例计入(%)"), ("points", "基础分(分)")]
IDENTITY_KEYS = ("format", "code", "extends")

KIND_CHOICES = [("", "一般"), *((k, v) for k, v in vocab.KINDS.items() if k != "regular")]
NATURE_CHOICES = [("", "—"), *vocab.NATURES.items()]
SOURCE_CHOICES = [("", "—"), *vocab.SOURCES.items()]
RULE_CHOICES = list(vocab.RULE_TYPES.items())
LEVEL_CHOICES = [("", "—"), *vocab.LEVELS.items()]


def editor_choices(settings: dict) -> dict:
    """The pickers of the editor: fixed lists in Chinese, and the scheme's own rating scales, period sets and
    inputs (named by what they hold, e.g. 优秀 100、良好 85……), from the settings form's current values."""
    scales = [(r["name"], f"{r['value']}") for r in settings.get("rating_scales") or [] if r.get("name")]
    periods = [(r["name"], f"{r['value']}") for r in settings.get("period_sets") or [] if r.get("name")]
    inputs = [(r["name"], r.get("label") or r["name"]) for r in settings.get("inputs") or [] if r.get("name")]
    return {
        "kind": KIND_CHOICES, "nature": NATURE_CHOICES, "source": SOURCE_CHOICES, "rule": RULE_CHOICES,
        "base": BASE_CHOICES, "level": LEVEL_CHOICES, "scales": scales, "periods": periods, "inputs": inputs,
        "input_types": wordforms.INPUT_TYPES, "grade_actions": wordforms.GRADE_ACTIONS,
        "quota_kinds": wordforms.QUOTA_KINDS, "scopes": wordforms.SCOPES, "roundings": wordforms.ROUNDINGS,
        "rank_within": wordforms.RANK_WITHIN, "rank_order": wordforms.RANK_ORDER,
        "source_detail": SOURCE_DETAIL, "rule_help": wordforms.RULE_HELP,
    }


@dataclass
class Row:
    depth: int = 1
    code: str = ""
    name: str = ""
    points: str = ""
    weight: str = ""
    kind: str = ""
    nature: str = ""
    source: str = ""
    source_detail: str = ""
    standard: str = ""
    rule_type: str = ""
    params: dict = field(default_factory=dict)
    evidence: str = ""
    by_category: str = ""
    periods: str = ""
    periods_custom: str = ""
    base_kind: str = ""
    base_value: str = ""
    scale: str = ""
    note: str = ""
    keep: str = ""  # JSON of the node's keys the form has no field for (hidden)
    issues: list = field(default_factory=list)
    open: bool = False  # details shown (a new row, or one with problems)

    @property
    def indent_em(self) -> float:
        return (self.depth - 1) * 1.5

    @property
    def rule_help(self) -> str:
        return wordforms.rule_help(self.rule_type or "entered")

    @property
    def param_fields(self) -> list[dict]:
        """The fields of the picked rule type: name, label, widget, help, value (and choices)."""
        out = []
        for name, label, widget, help_text in wordforms.RULE_PARAMS.get(self.rule_type or "entered", []):
            item = {"name": name, "label": label, "widget": widget.split(":")[0], "help": help_text,
                    "value": self.params.get(name, "")}
            if widget.startswith("choice:"):
                item["choices"] = wordforms.choices(widget)
            if widget == "groups":
                item["names"] = self.params.get(f"{name}_names", "")
            if widget == "scale":
                item["inline"] = self.params.get("scale_inline", "")
            out.append(item)
        return out


# --- definition → rows ---------------------------------------------------------------------------------------


def _scalar_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _source_fields(value) -> tuple[str, str]:
    if not value:
        return "", ""
    normalized = vocab.normalize_source(str(value)) or str(value)
    head, _sep, tail = normalized.partition(":")
    return head, tail


def rows_from_definition(definition: dict) -> list[Row]:
    rows: list[Row] = []

    def walk(nodes, depth):
        for node in nodes or []:
            if not isinstance(node, dict):
                continue
            keep = {k: v for k, v in node.items() if k not in NODE_KEYS_IN_FORM}
            evidence = node.get("evidence") or []
            if isinstance(evidence, str):
                evidence = [evidence]
            source, source_detail = _source_fields(node.get("source"))
            rule_type, params = wordforms.rule_fields(node.get("rule"))
            periods = node.get("periods")
            base = node.get("base") if isinstance(node.get("base"), dict) else {}
            base_kind = "share" if "share" in base else "points" if "points" in base else ""
            rows.append(
                Row(
                    depth=depth,
                    code=_scalar_text(node.get("code")),
                    name=_scalar_text(node.get("name")),
                    points=_scalar_text(node.get("points")),
                    weight=_scalar_text(node.get("weight")),
                    kind="" if node.get("kind") in (None, "regular") else str(node.get("kind")),
                    nature=_scalar_text(node.get("nature")),
                    source=source,
                    source_detail=source_detail,
                    standard=_scalar_text(node.get("standard")),
                    rule_type=rule_type,
                    params=params,
                    evidence="\n".join(str(e) for e in evidence),
                    by_category=wordforms.pairs_text(node.get("by_category")),
                    periods=periods if isinstance(periods, str) else "",
                    periods_custom=wordforms.pairs_text(periods) if isinstance(periods, dict) else "",
                    base_kind=base_kind,
                    base_value=wordforms.number_text(base.get(base_kind)) if base_kind else "",
                    scale=_scalar_text(node.get("scale")),
                    note=_scalar_text(node.get("note")),
                    keep=json.dumps(plain(keep), ensure_ascii=False) if keep else "",
                )
            )
            walk(node.get("children"), depth + 1)

    walk(definition.get("indicators"), 1)
    return rows


def settings_fields(definition: dict) -> dict:
    return wordforms.settings_fields(definition)


# --- posted form → rows --------------------------------------------------------------------------------------


def rows_from_post(data) -> list[Row]:
    count = min(int(data.get("row-count") or 0), MAX_ROWS) if str(data.get("row-count", "")).isdigit() else 0
    rows = []
    previous_depth = 0
    for i in range(count):
        prefix = f"row-{i}-"
        if f"{prefix}code" not in data:
            continue
        try:
            depth = int(data.get(f"{prefix}depth") or 1)
        except ValueError:
            depth = 1
        depth = max(1, min(depth, previous_depth + 1, MAX_DEPTH))
        previous_depth = depth
        row = Row(depth=depth, open=data.get(f"{prefix}open") == "1")
        for name in ROW_FIELDS:
            setattr(row, name, str(data.get(f"{prefix}{name}", "")).replace("\r\n", "\n").strip())
        row.params = {
            name: str(data.get(f"{prefix}p_{name}", "")).replace("\r\n", "\n").strip()
            for name in PARAM_FIELDS
            if str(data.get(f"{prefix}p_{name}", "")).strip()
        }
        rows.append(row)
    return rows


def row_post_data(row: Row, index: int) -> dict[str, str]:
    """One row as the browser posts it (for tests and the round trip)."""
    data = {f"row-{index}-depth": str(row.depth)}
    for name in ROW_FIELDS:
        data[f"row-{index}-{name}"] = getattr(row, name)
    for name, value in row.params.items():
        data[f"row-{index}-p_{name}"] = value
    return data


def post_data(definition: dict) -> dict[str, str]:
    """The whole editor form as the browser posts it, built from a definition."""
    rows = rows_from_definition(definition)
    data = {"def_name": str(definition.get("name") or ""), "row-count": str(len(rows))}
    data.update(wordforms.settings_post_data(definition))
    for i, row in enumerate(rows):
        data.update(row_post_data(row, i))
    return data


def _number(text: str):
    """"40" → 40, "2.5" → 2.5, "40%" stays a text (the engine reads percentages)."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def node_from_row(row: Row, issues: list) -> dict:
    where = row.code or row.name or "新指标"
    node: dict = {"code": row.code, "name": row.name}
    for key in ("points", "weight"):
        value = _number(getattr(row, key))
        if value is not None:
            node[key] = value
    if row.by_category:
        node["by_category"] = wordforms.parse_pairs(row.by_category, where, "分类分值", issues)
    if row.kind and row.kind != "regular":
        node["kind"] = row.kind
    if row.nature:
        node["nature"] = row.nature
    if row.standard:
        node["standard"] = row.standard
    rule = wordforms.rule_from_fields(row.rule_type, row.params, where, issues)
    if rule is not None:
        node["rule"] = rule
    evidence = [line.strip() for line in row.evidence.splitlines() if line.strip()]
    if evidence:
        node["evidence"] = evidence
    if row.source:
        node["source"] = f"{row.source}:{row.source_detail}" if row.source_detail and row.source in SOURCE_DETAIL \
            else row.source
    if row.periods_custom:
        node["periods"] = wordforms.parse_pairs(row.periods_custom, where, "分期", issues)
    elif row.periods:
        node["periods"] = row.periods
    if row.base_kind in ("share", "points") and row.base_value:
        number = wordforms.read_number(row.base_value, where, "基础分", issues)
        if number is not None:
            node["base"] = {row.base_kind: number}
    if row.scale:
        number = wordforms.read_number(row.scale, where, "刻度", issues)
        if number is not None:
            node["scale"] = number
    if row.note:
        node["note"] = row.note
    if row.keep:
        try:
            kept = json.loads(row.keep)
        except ValueError:
            kept = {}
        for key, value in (kept.items() if isinstance(kept, dict) else []):
            if key not in NODE_KEYS_IN_FORM:
                node[str(key)] = value
    return node


def definition_from_rows(base: dict, name: str, settings, rows: list[Row]) -> tuple[dict, list[Issue]]:
    """The definition the form describes, with the problems of reading the form itself. `settings` is the posted
    form (its s_* fields: wordforms.settings_post_data gives them for a definition)."""
    issues: list[Issue] = []
    definition: dict = {k: copy.deepcopy(base[k]) for k in IDENTITY_KEYS if k in base}
    definition.setdefault("format", "lvzhi-scheme/1")
    definition["name"] = name.strip()
    parsed_settings, setting_issues = wordforms.settings_from_post(settings or {})
    issues.extend(setting_issues)
    for key, value in parsed_settings.items():
        if key in wordforms.SETTING_KEYS:
            definition[str(key)] = value
    roots: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for row in rows:
        node = node_from_row(row, issues)
        while stack and stack[-1][0] >= row.depth:
            stack.pop()
        if stack:
            stack[-1][1].setdefault("children", []).append(node)
        else:
            roots.append(node)
        stack.append((row.depth, node))
    definition["indicators"] = roots
    return definition, issues


# --- structural operations --------------------------------------------------------------------------------------


def _subtree_end(rows: list[Row], index: int) -> int:
    """Index just past the row's subtree."""
    depth = rows[index].depth
    end = index + 1
    while end < len(rows) and rows[end].depth > depth:
        end += 1
    return end


def _unique_code(rows: list[Row], stem: str) -> str:
    taken = {row.code for row in rows}
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def move_under(rows: list[Row], index: int, target_code: str) -> tuple[list[Row], str]:
    """Move a row with its subtree to the end of another indicator's children ("" or "顶层": the top level)."""
    row = rows[index]
    end = _subtree_end(rows, index)
    block = rows[index:end]
    target_code = target_code.strip()
    if target_code in ("", "顶层", "-"):
        new_depth = 1
        rest = rows[:index] + rows[end:]
        insert_at = len(rest)
    else:
        targets = [i for i, r in enumerate(rows) if r.code == target_code]
        if not targets:
            return rows, f"没有编码为“{target_code}”的指标。"
        target = targets[0]
        if index <= target < end:
            return rows, f"不能把“{row.code}”移到它自己或它的下级之下。"
        new_depth = rows[target].depth + 1
        rest = rows[:index] + rows[end:]
        target_in_rest = next(i for i, r in enumerate(rest) if r is rows[target])
        insert_at = _subtree_end(rest, target_in_rest)
    shift = new_depth - row.depth
    if max(r.depth for r in block) + shift > MAX_DEPTH:
        return rows, f"“{row.code}”移到“{target_code}”之下会超过三级。"
    for r in block:
        r.depth += shift
    return rest[:insert_at] + block + rest[insert_at:], ""


def apply_op(rows: list[Row], op: str, index: int | None, target: str = "") -> tuple[list[Row], str]:
    """Apply one editing step; returns the rows and a message when the step is not possible."""
    rows = list(rows)
    if op == "refresh":  # a picker changed (the rule type): show the fields that go with it
        return rows, ""
    if op == "add_root":
        rows.append(Row(depth=1, code=_unique_code(rows, "N"), name="新指标", open=True))
        return rows, ""
    if index is None or not 0 <= index < len(rows):
        return rows, "请选择一个指标。"
    row = rows[index]
    end = _subtree_end(rows, index)
    if op == "add_child":
        if row.depth >= MAX_DEPTH:
            return rows, f"“{row.code}”已是第三级指标,不能再添加下级。"
        stem = f"{row.code}." if row.code else "N"
        child = Row(depth=row.depth + 1, code=_unique_code(rows, stem), name="新指标", open=True)
        rows.insert(end, child)
        return rows, ""
    if op == "remove":
        del rows[index:end]
        return rows, ""
    if op == "move_to":
        return move_under(rows, index, target)
    if op in {"up", "down"}:
        siblings = _sibling_starts(rows, index)
        position = siblings.index(index)
        target = position - 1 if op == "up" else position + 1
        if not 0 <= target < len(siblings):
            return rows, "已经到头了。"
        block = rows[index:end]
        if op == "up":
            other = siblings[target]
            return rows[:other] + block + rows[other:index] + rows[end:], ""
        other_end = _subtree_end(rows, siblings[target])
        return rows[:index] + rows[end:other_end] + block + rows[other_end:], ""
    if op == "indent":
        siblings = _sibling_starts(rows, index)
        position = siblings.index(index)
        if position == 0:
            return rows, f"“{row.code}”前面没有同级指标,不能降为下级。"
        if max(r.depth for r in rows[index:end]) >= MAX_DEPTH:
            return rows, f"“{row.code}”降级后会超过三级。"
        for r in rows[index:end]:
            r.depth += 1
        return rows, ""
    if op == "outdent":
        if row.depth == 1:
            return rows, f"“{row.code}”已是一级指标。"
        # It becomes the next sibling of its parent: move its block after the parent's subtree.
        parent_index = max(i for i in range(index) if rows[i].depth == row.depth - 1)
        parent_end = _subtree_end(rows, parent_index)
        block = rows[index:end]
        for r in block:
            r.depth -= 1
        rest = rows[:index] + rows[end:]
        insert_at = parent_end - len(block)
        return rest[:insert_at] + block + rest[insert_at:], ""
    return rows, "不支持的操作。"


def _sibling_starts(rows: list[Row], index: int) -> list[int]:
    """Indexes of the rows that are siblings of rows[index] (same parent), including itself."""
    depth = rows[index].depth
    first = index
    while first > 0 and rows[first - 1].depth >= depth:
        first -= 1
    out = []
    j = first
    while j < len(rows) and rows[j].depth >= depth:
        if rows[j].depth == depth:
            out.append(j)
        j += 1
    return out


def attach_issues(rows: list[Row], issues: list[Issue]) -> list[Issue]:
    """Put each issue on the row of the indicator it names; returns the ones naming no row."""
    by_code: dict[str, Row] = {}
    for row in rows:
        by_code.setdefault(row.code, row)
        row.issues = []
    general = []
    for issue in issues:
        row = by_code.get(issue.where) or _row_for_where(by_code, issue.where)
        if row is not None:
            row.issues.append(issue.message)
            row.open = True
        else:
            general.append(issue)
    return general


def _row_for_where(by_code: dict, where: str):
    """`A1@Q3`, `A1.rule`, `A1/by_category` and the like name indicator A1."""
    for sep in ("@", ".rule", "/", " "):
        head = where.split(sep)[0]
        if head in by_code:
            return by_code[head]
    return None
