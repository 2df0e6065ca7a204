"""The one place where the schemes room calls the pure scoring engine (lvzhi.scoring).

Everything here works on definitions in the `lvzhi-scheme/1` format (docs/scheme-format.md). A stored version of
an inheriting scheme (`extends:`) may hold edit lists (remove/add/modify/move) rather than a full tree; its
*effective* definition is the engine's `resolve(child, parent)` against the parent version's effective one.
"""

from __future__ import annotations

import contextlib
import copy
import json
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from lvzhi import scoring
from lvzhi.scoring import vocab, wording
from lvzhi.scoring.errors import InputsError, Issue, SchemeError, ScoringError

__all__ = ["InputsError", "Issue", "SchemeError", "ScoringError"]

FORMAT = "lvzhi-scheme/1"
EXPORT_FORMATS = {
    "yaml": ("application/x-yaml; charset=utf-8", "yaml"),
    "json": ("application/json; charset=utf-8", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
IMPORT_SUFFIXES = {".yaml", ".yml", ".json", ".xlsx"}
EDIT_KEYS = ("remove", "add", "modify", "move")


# --- definitions -----------------------------------------------------------------------------------------------


def empty_definition(*, code: str, name: str, level: str = "local") -> dict:
    return {"format": FORMAT, "code": code, "name": name, "level": level, "total": 100, "indicators": []}


def child_definition(parent_effective: dict, *, code: str, name: str, level: str, parent_code: str) -> dict:
    """A child template's first definition: the parent's full tree and settings, naming the parent."""
    definition = copy.deepcopy(parent_effective)
    for key in EDIT_KEYS:
        definition.pop(key, None)
    definition.update({"format": FORMAT, "code": code, "name": name, "level": level, "extends": parent_code})
    return definition


def has_edit_lists(definition: dict) -> bool:
    return any(key in definition for key in EDIT_KEYS)


def effective(definition: dict, parent_effective: dict | None) -> dict:
    """The full definition the engine scores: resolved against the parent when the scheme inherits."""
    if parent_effective is not None and definition.get("extends"):
        return scoring.resolve(definition, parent_effective)
    return definition


def prepare(definition: dict, parent_effective: dict | None) -> tuple[dict, list[Issue]]:
    """What is stored: a full tree. Edit lists (remove/add/modify/move) of an inheriting scheme are merged into
    the parent's tree here (the `extends` key is kept), so a stored version never depends on another one."""
    if not isinstance(definition, dict) or not has_edit_lists(definition):
        return definition, []
    if parent_effective is None:
        return definition, [Issue("extends", f"找不到上级方案“{definition.get('extends') or ''}”,无法合并继承的修改。")]
    try:
        resolved = scoring.resolve(definition, parent_effective)
    except ScoringError as exc:
        return definition, list(exc.issues)
    return plain(resolved), []


def definition_meta(definition: dict) -> dict:
    return {key: definition.get(key) for key in ("code", "name", "level", "description", "extends")}


# --- validation ------------------------------------------------------------------------------------------------


def validate(definition, parent_effective: dict | None = None) -> list[Issue]:
    """Every problem `load_scheme` finds (each naming its indicator), or [] when the scheme is valid."""
    if not isinstance(definition, dict):
        return [Issue("", "指标定义必须是一个对象(键值对)。")]
    if definition.get("extends") and parent_effective is None and has_edit_lists(definition):
        return [Issue("extends", f"找不到上级方案“{definition.get('extends')}”,无法按继承关系校验。")]
    try:
        scoring.load_scheme(effective(definition, parent_effective))
    except ScoringError as exc:
        return list(exc.issues)
    return []


def load(definition: dict, parent_effective: dict | None = None):
    return scoring.load_scheme(effective(definition, parent_effective))


# --- files -----------------------------------------------------------------------------------------------------


def read_file(data: bytes, filename: str) -> tuple[dict | None, list[Issue], dict[str, int]]:
    """A scheme file's definition, or the problems that keep it from being read (row/column for Excel), and for
    a workbook the row of each indicator code (to point later problems at their rows)."""
    from lvzhi.scoring.files import read_scheme_file_with_rows

    suffix = Path(filename).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        return None, [Issue(filename, "只能导入 .yaml、.yml、.json 或 .xlsx 文件。")], {}
    try:
        with temporary_copy(data, filename) as path:
            definition, rows = read_scheme_file_with_rows(path)
    except ScoringError as exc:
        return None, list(exc.issues), {}
    if not isinstance(definition, dict):
        return None, [Issue(filename, "文件内容不是一个指标体系。")], {}
    return {"format": definition.pop("format", FORMAT), **definition}, [], dict(rows or {})


def locate(issues: list[Issue], rows: dict[str, int], sheet: str = "指标") -> list[Issue]:
    """Issues naming an indicator of a workbook also say its row: “(指标!第5行)…”."""
    if not rows:
        return issues
    located = []
    for issue in issues:
        row = rows.get(issue.where)
        located.append(Issue(issue.where, f"({sheet}!第{row}行){issue.message}") if row else issue)
    return located


def write_file(definition: dict, fmt: str) -> bytes:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(fmt)
    with tempfile.TemporaryDirectory(prefix="lvzhi-export-") as directory:
        path = Path(directory) / f"scheme.{fmt}"
        scoring.write_scheme_file(definition, path)
        return path.read_bytes()


@contextlib.contextmanager
def temporary_copy(data: bytes, filename: str):
    """An uploaded file's bytes as a file on disk with the same suffix (the engine reads files by path)."""
    name = Path(str(filename).replace("\\", "/")).name.strip() or "upload"
    if name.startswith("."):
        name = "upload" + name
    with tempfile.TemporaryDirectory(prefix="lvzhi-upload-") as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        yield path


def dump_yaml(data) -> str:
    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False, width=100)


def plain(value):
    """Engine values (Decimals, Fractions, tuples) as plain JSON types."""
    return json.loads(json.dumps(value, default=_json_default, ensure_ascii=False))


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    try:
        from fractions import Fraction

        if isinstance(value, Fraction):
            return float(value)
    except ImportError:  # pragma: no cover
        pass
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# --- the tree as people read it ---------------------------------------------------------------------------------


@dataclass
class NodeView:
    code: str
    name: str
    level: int
    data: dict
    parent_code: str = ""
    children: list[NodeView] = field(default_factory=list)
    words: dict = field(default_factory=dict)  # the scheme's rating scales and input labels, for rule_detail

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def kind(self) -> str:
        return self.data.get("kind") or "regular"

    @property
    def kind_label(self) -> str:
        return vocab.KINDS.get(vocab.KIND_LOOKUP.get(self.kind, self.kind), self.kind)

    @property
    def nature_label(self) -> str:
        nature = self.data.get("nature")
        return vocab.NATURES.get(vocab.NATURE_LOOKUP.get(nature, nature), nature or "") if nature else ""

    @property
    def points(self):
        return self.data.get("points")

    @property
    def weight(self):
        return self.data.get("weight")

    @property
    def by_category(self) -> dict:
        return self.data.get("by_category") or {}

    @property
    def rule(self):
        rule = self.data.get("rule")
        if rule is None and self.is_leaf:
            return {"type": "entered"}
        return rule

    @property
    def rule_type(self) -> str:
        rule = self.rule
        if isinstance(rule, dict):
            return vocab.RULE_LOOKUP.get(rule.get("type"), rule.get("type") or "")
        if isinstance(rule, str):
            return vocab.RULE_LOOKUP.get(rule, rule)
        return ""

    @property
    def rule_label(self) -> str:
        return vocab.RULE_TYPES.get(self.rule_type, self.rule_type)

    @property
    def rule_detail(self) -> str:
        """What the rule does, in a sentence (每次 3 分,最多 10 分), for reading."""
        rule = self.rule
        if not isinstance(rule, dict) or not {k for k in rule if k != "type"}:
            return ""
        return wording.rule_text(plain(rule), rating_scales=self.words.get("rating_scales") or {},
                                 input_labels=self.words.get("inputs") or {})

    @property
    def source_label(self) -> str:
        source = self.data.get("source")
        if not source:
            return ""
        normalized = vocab.normalize_source(str(source)) or str(source)
        return vocab.source_label(normalized)

    @property
    def evidence(self) -> list[str]:
        evidence = self.data.get("evidence") or []
        if isinstance(evidence, str):
            return [line for line in evidence.splitlines() if line.strip()]
        return [str(item) for item in evidence]

    @property
    def periods(self):
        return self.data.get("periods")

    @property
    def base(self):
        return self.data.get("base")

    @property
    def base_label(self) -> str:
        base = self.base
        if not isinstance(base, dict):
            return ""
        if base.get("share") is not None:
            return f"下级得分按 {base['share']}% 计入,再加减调整项"
        if base.get("points") is not None:
            return f"基础分 {base['points']} 分,下级为加减调整"
        return ""

    @property
    def periods_label(self) -> str:
        periods = self.periods
        if isinstance(periods, dict):
            return "、".join(f"{k} {v}%" for k, v in periods.items())
        return str(periods or "")

    @property
    def indent_em(self) -> float:
        return (self.level - 1) * 1.25

    @property
    def extra(self) -> dict:
        shown = {"code", "name", "points", "weight", "by_category", "kind", "nature", "standard", "rule",
                 "evidence", "source", "children"}
        return {k: v for k, v in self.data.items() if k not in shown}


def tree(definition: dict) -> list[NodeView]:
    words = {
        "rating_scales": definition.get("rating_scales") if isinstance(definition.get("rating_scales"), dict) else {},
        "inputs": {str(i["name"]): str(i.get("label") or i["name"]) for i in definition.get("inputs") or []
                   if isinstance(i, dict) and i.get("name")},
    }

    def build(node: dict, level: int, parent_code: str) -> NodeView:
        data = {k: v for k, v in node.items() if k != "children"}
        view = NodeView(code=str(node.get("code", "")), name=str(node.get("name", "")), level=level, data=data,
                        parent_code=parent_code, words=words)
        view.children = [build(child, level + 1, view.code) for child in node.get("children") or []
                         if isinstance(child, dict)]
        return view

    return [build(node, 1, "") for node in definition.get("indicators") or [] if isinstance(node, dict)]


def flatten(nodes: list[NodeView]) -> list[NodeView]:
    out: list[NodeView] = []

    def walk(items):
        for node in items:
            out.append(node)
            walk(node.children)

    walk(nodes)
    return out


def _decimal_or_none(value):
    from lvzhi.scoring.numbers import parse_percent

    number = parse_percent(value)
    if number is None:
        return None
    return Decimal(number.numerator) / Decimal(number.denominator)


def node_rows(definition: dict) -> list[dict]:
    """Rows for the SchemeNode table, from a (full) definition."""
    rows = []
    for position, node in enumerate(flatten(tree(definition))):
        rows.append(
            {
                "code": node.code[:60],
                "parent_code": node.parent_code[:60],
                "name": node.name[:300],
                "level": node.level,
                "position": position,
                "kind": vocab.KIND_LOOKUP.get(node.kind, node.kind)[:30],
                "points": _decimal_or_none(node.points),
                "weight": _decimal_or_none(node.weight),
                "rule_type": node.rule_type[:40] if node.is_leaf else "",
                "source": str(node.data.get("source") or "")[:60],
                "is_leaf": node.is_leaf,
            }
        )
    return rows


def settings_of(definition: dict) -> dict:
    """Top-level settings other than the tree and the identity keys."""
    skip = {"format", "code", "name", "indicators", *EDIT_KEYS}
    return {k: v for k, v in definition.items() if k not in skip}


# --- diff, scoring -----------------------------------------------------------------------------------------------


def diff(parent_effective: dict, child_effective: dict):
    return scoring.diff(parent_effective, child_effective)


def score(definition_effective: dict, inputs, category: str | None = None) -> dict:
    """One unit's explained result as JSON-ready data."""
    scheme = scoring.load_scheme(definition_effective)
    result = scoring.score_unit(scheme, inputs, category=category)
    return plain(result.to_dict())


def result_total(result: dict):
    total = result.get("total") if isinstance(result, dict) else None
    if total is None:
        return None
    return Decimal(str(total))


def result_grade(result: dict) -> str:
    return str(result.get("grade") or "") if isinstance(result, dict) else ""
