"""The tree editor's form: a scheme's indicators as an outline of rows (depth 1–3), posted whole.

Each row carries the fields people edit most (code, name, points or weight, kind, nature, source, scoring
standard, rule, evidence, per-category points) and, as YAML, whatever else the node holds (periods, base, scale,
note …), so nothing the form does not show is lost. The scheme's top-level settings other than the tree (grades,
inputs, rating scales, quotas …) are one YAML text.

Structural operations (add a child, move up/down, indent/outdent, remove) act on the rows and the editor is
rendered again; the definition is rebuilt from the rows on every validation and on save.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import yaml

from lvzhi.scoring import vocab

from .engine import Issue, dump_yaml, plain

MAX_DEPTH = 3
MAX_ROWS = 2000
ROW_FIELDS = ("code", "name", "points", "weight", "kind", "nature", "source", "standard", "rule", "evidence",
              "by_category", "extra")
NODE_KEYS_IN_FORM = {"code", "name", "points", "weight", "kind", "nature", "source", "standard", "rule",
                     "evidence", "by_category", "children"}
IDENTITY_KEYS = ("format", "code", "extends")

KIND_CHOICES = [("", "一般"), *((k, v) for k, v in vocab.KINDS.items() if k != "regular")]
NATURE_CHOICES = [("", "—"), *vocab.NATURES.items()]
SOURCE_CHOICES = list(vocab.SOURCES.items())
RULE_CHOICES = list(vocab.RULE_TYPES.items())


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
    standard: str = ""
    rule: str = ""
    evidence: str = ""
    by_category: str = ""
    extra: str = ""
    issues: list = field(default_factory=list)
    open: bool = False  # details shown (a new row, or one with problems)

    @property
    def indent_em(self) -> float:
        return (self.depth - 1) * 1.5


# --- definition → rows ---------------------------------------------------------------------------------------


def _scalar_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _inline_yaml(value) -> str:
    if value in (None, "", {}, []):
        return ""
    return yaml.safe_dump(plain(value), allow_unicode=True, sort_keys=False, default_flow_style=True,
                          width=10_000).strip()


def _block_yaml(value) -> str:
    if value in (None, "", {}, []):
        return ""
    return dump_yaml(value).strip()


def rule_text(rule) -> str:
    """A rule as people type it: `entered`, or a mapping in flow style (`{type: ratio, target: 100}`)."""
    if rule is None:
        return ""
    if isinstance(rule, dict) and set(rule) == {"type"}:
        return str(rule["type"])
    if isinstance(rule, str):
        return rule
    return _inline_yaml(rule)


def rows_from_definition(definition: dict) -> list[Row]:
    rows: list[Row] = []

    def walk(nodes, depth):
        for node in nodes or []:
            if not isinstance(node, dict):
                continue
            extra = {k: v for k, v in node.items() if k not in NODE_KEYS_IN_FORM}
            evidence = node.get("evidence") or []
            if isinstance(evidence, str):
                evidence = [evidence]
            rows.append(
                Row(
                    depth=depth,
                    code=_scalar_text(node.get("code")),
                    name=_scalar_text(node.get("name")),
                    points=_scalar_text(node.get("points")),
                    weight=_scalar_text(node.get("weight")),
                    kind="" if node.get("kind") in (None, "regular") else str(node.get("kind")),
                    nature=_scalar_text(node.get("nature")),
                    source=_scalar_text(node.get("source")),
                    standard=_scalar_text(node.get("standard")),
                    rule=rule_text(node.get("rule")),
                    evidence="\n".join(str(e) for e in evidence),
                    by_category=_inline_yaml(node.get("by_category")),
                    extra=_block_yaml(extra),
                )
            )
            walk(node.get("children"), depth + 1)

    walk(definition.get("indicators"), 1)
    return rows


def settings_text(definition: dict) -> str:
    rest = {k: v for k, v in definition.items() if k not in {*IDENTITY_KEYS, "name", "indicators",
                                                          "remove", "add", "modify", "move"}}
    return _block_yaml(rest)


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
        rows.append(row)
    return rows


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


def _parse_yaml(text: str, where: str, label: str, issues: list, expect=(dict,)):
    if not text.strip():
        return None
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第{mark.line + 1}行" if mark is not None else ""
        issues.append(Issue(where, f"「{label}」{line}不是有效的 YAML:{getattr(exc, 'problem', '') or exc}"))
        return None
    if expect and not isinstance(value, expect):
        if isinstance(value, str) and "{" not in text:
            # `type: ratio, target: 100` without braces, as in the Excel column
            return _parse_yaml("{" + text + "}", where, label, issues, expect)
        issues.append(Issue(where, f"「{label}」应为键值对,例如 `{{…: …}}`。"))
        return None
    return value


def _rule_from_text(text: str, where: str, issues: list):
    text = text.strip()
    if not text:
        return None
    if ":" not in text and "{" not in text:
        return {"type": text}
    return _parse_yaml(text, where, "计分规则", issues)


def node_from_row(row: Row, issues: list) -> dict:
    where = row.code or row.name or "新指标"
    node: dict = {"code": row.code, "name": row.name}
    for key in ("points", "weight"):
        value = _number(getattr(row, key))
        if value is not None:
            node[key] = value
    by_category = _parse_yaml(row.by_category, where, "分类分值", issues)
    if by_category:
        node["by_category"] = by_category
    if row.kind and row.kind != "regular":
        node["kind"] = row.kind
    if row.nature:
        node["nature"] = row.nature
    if row.standard:
        node["standard"] = row.standard
    rule = _rule_from_text(row.rule, where, issues)
    if rule is not None:
        node["rule"] = rule
    evidence = [line.strip() for line in row.evidence.splitlines() if line.strip()]
    if evidence:
        node["evidence"] = evidence
    if row.source:
        node["source"] = row.source
    extra = _parse_yaml(row.extra, where, "其他设置", issues)
    if extra:
        for key, value in extra.items():
            if key in NODE_KEYS_IN_FORM:
                issues.append(Issue(where, f"「其他设置」里不能写 {key},请用对应的输入框。"))
                continue
            node[str(key)] = value
    return node


def definition_from_rows(base: dict, name: str, settings: str, rows: list[Row]) -> tuple[dict, list[Issue]]:
    """The definition the form describes, with the problems of reading the form itself (bad YAML …)."""
    issues: list[Issue] = []
    definition: dict = {k: copy.deepcopy(base[k]) for k in IDENTITY_KEYS if k in base}
    definition.setdefault("format", "lvzhi-scheme/1")
    definition["name"] = name.strip()
    parsed_settings = _parse_yaml(settings, "方案设置", "方案设置", issues)
    if parsed_settings:
        for key, value in parsed_settings.items():
            if key in (*IDENTITY_KEYS, "name", "indicators"):
                issues.append(Issue("方案设置", f"「方案设置」里不能写 {key}。"))
                continue
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
    if op == "add_root":
        rows.append(Row(depth=1, code=_unique_code(rows, "N"), name="新指标", rule="", open=True))
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
