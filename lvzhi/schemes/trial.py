"""Reading for people: a scheme's settings, the 试算 (try it) panel's inputs and results, and the diff.

`run()` takes raw inputs as pasted YAML/JSON text, an uploaded inputs file or the small per-indicator form, scores
them with the engine and returns rows ready for the result tree (each leaf: raw input, rule, points, weight,
contribution, missing inputs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from lvzhi import scoring
from lvzhi.scoring import vocab, wording
from lvzhi.scoring.numbers import input_number

from . import engine
from .engine import Issue, plain

VALUE_HINTS = {
    "entered": "得分",
    "import": "第三方得分",
    "ratio": "实际值,如 45(目标见规则)",
    "bands": "数值",
    "rating": "评价,如 优秀、良好,或评分 92、88",
    "survey": "满意率,如 89.82 或 89.82%",
    "occurrences": "次数,如 2",
    "rank": "名次(1 为第一)",
    "formula": "数值,或 {变量: 值}",
}
MAX_TRY_UNITS = 200


def _yaml_inline(value) -> str:
    return yaml.safe_dump(plain(value), allow_unicode=True, sort_keys=False, default_flow_style=True,
                          width=10_000).strip()


def settings_summary(definition: dict) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if definition.get("total") is not None:
        out.append(("总分", str(definition["total"])))
    if definition.get("precision") is not None:
        out.append(("精度", f"{definition['precision']} 位小数"))
    if definition.get("categories"):
        out.append(("单位类别", "、".join(map(str, definition["categories"]))))
    if definition.get("inputs"):
        out.append(("输入项", "\n".join(
            f"{item.get('name')}({item.get('label') or ''})" for item in definition["inputs"] if isinstance(item, dict)
        )))
    if definition.get("total_by_category"):
        out.append(("分类总分", "、".join(f"{c} {wording.number_text(v)} 分"
                                          for c, v in definition["total_by_category"].items())))
    for key, label in (("rating_scales", "评价等次"), ("period_sets", "分期")):
        if isinstance(definition.get(key), dict):
            unit = "分" if key == "rating_scales" else "%"
            out.append((label, "\n".join(
                f"{name}:" + "、".join(f"{k} {wording.number_text(v)}{unit}" for k, v in value.items())
                if isinstance(value, dict) else f"{name}:{value}"
                for name, value in definition[key].items())))
    grades = definition.get("grades") or {}
    if isinstance(grades, dict):
        bands = grades.get("bands") or []
        if bands:
            out.append(("等次", ";".join(
                f"{b.get('grade')} ≥ {b['min']}" if b.get("min") is not None else f"{b.get('grade')}(其余)"
                for b in bands if isinstance(b, dict)
            )))
        for rule in grades.get("rules") or []:
            if isinstance(rule, dict):
                action = ("降 {} 个等次".format(rule["downgrade"]) if "downgrade" in rule
                          else f"定为{rule['set']}" if "set" in rule
                          else f"最高{rule['at_most']}" if "at_most" in rule else "")
                out.append(("等次规则", f"当 {condition_text(rule.get('when'), definition)} 时{action}"
                            + (f"({rule['reason']})" if rule.get("reason") else "")))
        out.extend(("标记", f"当 {condition_text(flag.get('when'), definition)} 时标记“{flag.get('flag')}”")
                   for flag in grades.get("flags") or [] if isinstance(flag, dict))
    if definition.get("ranking"):
        ranking = definition["ranking"]
        within = "类别内" if (ranking or {}).get("within", "category") == "category" else "全部单位"
        out.append(("排名", f"{within}排名"))
    for quota in definition.get("quotas") or []:
        if isinstance(quota, dict):
            what = quota.get("award") or quota.get("grade")
            out.append(("名额", f"{what}不超过{quota.get('max_share')}%" + (
                f",超出者为{quota['overflow']}" if quota.get("overflow") else "")))
    if definition.get("extends"):
        out.append(("继承自", str(definition["extends"])))
    if definition.get("description"):
        out.append(("说明", str(definition["description"])))
    if definition.get("note"):
        out.append(("备注", str(definition["note"])))
    return out


def condition_text(when, definition: dict) -> str:
    """A grade rule's condition with the inputs' labels and the operators in words:
    `disciplinary_cases > 0` → 违纪违法受查处人次 大于 0."""
    import re

    text = str(when or "")
    labels = {str(i["name"]): str(i.get("label") or i["name"])
              for i in definition.get("inputs") or [] if isinstance(i, dict) and i.get("name")}
    labels |= {"total": "总分", "grade": "等次", "category": "类别"}
    words = {">=": "不低于", "<=": "不高于", "==": "等于", "!=": "不等于", ">": "大于", "<": "小于",
             " and ": " 并且 ", " or ": " 或者 ", "not ": "非 "}
    text = re.sub(r"[A-Za-z_][A-Za-z_0-9]*", lambda m: labels.get(m.group(0), m.group(0)), text)
    for op, word in words.items():
        text = text.replace(op, f" {word.strip()} " if op.strip() == op else word)
    return re.sub(r"\s+", " ", text).replace("'", "").replace('"', "").strip()


# --- the try-it form ---------------------------------------------------------------------------------------------


def input_fields(definition: dict) -> list[dict]:
    """The fields the rules need, one per value a unit gives: a leaf's value, or one per period, per rater or
    respondent group, the actual and the target of a ratio without a target, a formula's variables; then the
    named inputs. Each: key (form name), label, hint."""
    try:
        scheme = scoring.load_scheme(definition)
    except scoring.ScoringError:
        scheme = None
    fields = []
    for node in engine.flatten(engine.tree(definition)):
        if not node.is_leaf:
            continue
        loaded = scheme.nodes.get(node.code) if scheme is not None else None
        for suffix, part_label, hint in _leaf_parts(node, loaded):
            label = f"{node.code} {node.name}" + (f"({part_label})" if part_label else "")
            fields.append({"key": f"v:{node.code}{suffix}", "code": node.code, "label": label, "hint": hint,
                           "value": ""})
    fields.extend(
        {"key": f"v:{item['name']}", "code": str(item["name"]), "label": item.get("label") or item["name"],
         "hint": INPUT_HINTS.get(str(item.get("type") or "number"), "数值"), "value": ""}
        for item in definition.get("inputs") or [] if isinstance(item, dict) and item.get("name")
    )
    return fields


INPUT_HINTS = {"number": "数值", "boolean": "是 或 否", "text": "文字"}


def _leaf_parts(node, loaded) -> list[tuple[str, str, str]]:
    """(key suffix, label, hint) of each value the leaf's rule takes."""
    rule_type = node.rule_type
    hint = VALUE_HINTS.get(rule_type, "数值")
    if rule_type in {"entered", "import"}:
        scale = node.data.get("scale") or node.points or 100
        hint = f"得分(满分 {scale})" if not node.weight else "得分(百分制)"
    rule = loaded.rule if loaded is not None else None
    inner: list[tuple[str, str, str]] = [("", "", hint)]
    groups = getattr(rule, "groups", None) or []
    if groups:
        inner = [(f"#{g['name']}", str(g.get("label") or g["name"]), hint) for g in groups]
    elif rule_type == "ratio" and rule is not None and rule.target is None and rule.target_name is None:
        inner = [("#actual", "实际", "实际值"), ("#target", "目标", "目标值")]
    elif rule_type == "formula" and getattr(rule, "vars", None):
        inner = [(f"#{var}", var, "数值") for var in rule.vars]
    periods = loaded.periods if loaded is not None else None
    if not periods:
        return inner
    return [(f"@{period}{suffix}", f"{period}{'·' + label if label else ''}", hint)
            for period in periods for suffix, label, hint in inner]


def _field_value(text: str):
    """One form field → the raw value the engine takes: a number (or a rate written 89.82%), a list of ratings
    (优秀、良好 or 92、88), 不适用, or the text."""
    text = text.strip()
    if not text:
        return None
    parts = [p.strip() for p in re.split(r"[、,，;；\s]+", text) if p.strip()]
    if len(parts) > 1:
        return [_field_value(p) for p in parts]
    number = input_number(text) if not text.endswith(("%", "％")) else None
    if number is not None:
        return int(number) if number.denominator == 1 else float(number)
    return text


def values_from_fields(fields: dict) -> dict:
    """{"v:A1@Q1#leadership": "优秀、良好", …} → {A1: {Q1: {leadership: [优秀, 良好]}}}."""
    values: dict = {}
    for key, text in fields.items():
        value = _field_value(str(text))
        if value is None:
            continue
        code, rest = key[2:], ""
        for sep in ("@", "#"):
            if sep in code:
                code, rest = code.split(sep, 1)[0], code[len(code.split(sep, 1)[0]):]
                break
        if not rest:
            values[code] = value
            continue
        target = values.setdefault(code, {})
        parts = re.findall(r"[@#]([^@#]+)", rest)
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        if isinstance(target, dict):
            target[parts[-1]] = value
    return values


@dataclass
class Outcome:
    issues: list[Issue] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)

    @property
    def single(self) -> bool:
        return len(self.units) == 1


def _units_from_text(text: str) -> tuple[dict | None, list[Issue]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        return None, [Issue(where, f"不是有效的 YAML/JSON:{getattr(exc, 'problem', '') or exc}")]
    return _units_from_data(data)


def _units_from_data(data) -> tuple[dict | None, list[Issue]]:
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return None, [Issue("", "原始数据应为“编码: 值”的映射,或 lvzhi-inputs/1 文件。")]
    if "units" in data:
        units = data.get("units")
        if not isinstance(units, dict):
            return None, [Issue("units", "units 应为“单位: 数据”的映射。")]
        return {str(k): v for k, v in units.items()}, []
    return {"试算": data}, []


def _units_from_file(upload) -> tuple[dict | None, list[Issue]]:
    try:
        with engine.temporary_copy(upload.read(), upload.name) as path:
            parsed = scoring.read_inputs_file(path)
    except scoring.ScoringError as exc:
        return None, list(exc.issues)
    units = parsed.get("units") if isinstance(parsed, dict) and "units" in parsed else parsed
    if not isinstance(units, dict):
        return None, [Issue(upload.name, "文件中没有单位数据。")]
    return units, []


def run(definition: dict, *, text: str = "", upload=None, fields: dict | None = None, data=None,
        category: str = "") -> Outcome:
    """Score the given inputs; every problem (unreadable inputs, invalid scheme) is listed, nothing stored."""
    outcome = Outcome()
    if data is not None:
        units, issues = _units_from_data(data)
    elif upload is not None:
        units, issues = _units_from_file(upload)
    elif text.strip():
        units, issues = _units_from_text(text)
    else:
        units, issues = {"试算": values_from_fields(fields or {})}, []
    if issues:
        outcome.issues = issues
        return outcome
    if len(units) > MAX_TRY_UNITS:
        outcome.issues = [Issue("", f"试算最多 {MAX_TRY_UNITS} 个单位,文件中有 {len(units)} 个。")]
        return outcome
    try:
        scheme = scoring.load_scheme(definition)
    except scoring.ScoringError as exc:
        outcome.issues = [Issue("", "方案本身还有问题,无法试算。"), *exc.issues]
        return outcome
    try:
        if len(units) == 1:
            key, record = next(iter(units.items()))
            if category and isinstance(record, dict) and "values" not in record:
                record = {"values": record, "category": category}
            elif category and isinstance(record, dict):
                record = {**record, "category": category}
            results = [scoring.score_unit(scheme, record, key=key).to_dict()]
        else:
            batch = scoring.score_units(scheme, units)
            results = [batch.result(summary.key).to_dict() for summary in batch.ordered()]
    except scoring.ScoringError as exc:
        outcome.issues = list(exc.issues)
        return outcome
    outcome.units = [_unit_view(plain(result)) for result in results]
    return outcome


def _unit_view(result: dict) -> dict:
    rows = []

    def walk(nodes, depth):
        for node in nodes or []:
            rows.append(_row(node, depth))
            walk(node.get("children"), depth + 1)

    walk(result.get("indicators"), 1)
    names = {row["code"]: row["name"] for row in rows}
    for row in rows:
        row["missing"] = [wording.missing_text(item, names) for item in row["missing"]]
    result = {**result, "missing_text": [wording.missing_text(item, names) for item in result.get("missing") or []]}
    return {"result": result, "rows": rows}


def _row(node: dict, depth: int) -> dict:
    rule = node.get("rule") or {}
    rule_type = rule.get("type") if isinstance(rule, dict) else rule
    if node.get("weight") is not None:
        weight = f"{node['weight']}%"
    elif node.get("declared_points") is not None:
        weight = f"{node['declared_points']} 分"
    else:
        weight = ""
    raw = node.get("input")
    return {
        "code": node.get("code"),
        "name": node.get("name"),
        "depth": depth,
        "indent_em": (depth - 1) * 1.5,
        "is_leaf": not node.get("children"),
        "kind": node.get("kind"),
        "kind_label": node.get("kind_label") if node.get("kind") not in (None, "regular") else "",
        "input": wording.value_text(raw, wording.group_labels(rule)),
        "rule": vocab.RULE_TYPES.get(rule_type, rule_type or "") if node.get("children") is None else "",
        "weight": weight,
        "max": node.get("max"),
        "score": node.get("score"),
        "points": node.get("points"),
        "contribution": node.get("contribution"),
        "not_applicable": node.get("not_applicable"),
        "missing": node.get("missing") or [],
        "warnings": node.get("warnings") or [],
        "notes": _notes(node),
    }


def _notes(node: dict) -> list[str]:
    notes = []
    if node.get("capped"):
        notes.append(f"超过上限,按上限计(原为 {node.get('uncapped')})")
    if node.get("rescaled"):
        r = node["rescaled"]
        notes.append(f"有不适用指标,按比例折算(适用满分 {r.get('applicable_max')} → {r.get('max')})")
    base = node.get("base")
    if isinstance(base, dict) and base.get("share") is not None:
        notes.append(f"基础分按 {base['share']}% 计")
    if isinstance(base, dict) and base.get("points") is not None:
        notes.append(f"基础分 {base['points']}")
    if node.get("bonus"):
        notes.append(f"加分 {node['bonus']}")
    if node.get("deduction"):
        notes.append(f"减分 {node['deduction']}")
    if node.get("floored") is not None:
        notes.append("不低于 0 分")
    periods = node.get("periods")
    if isinstance(periods, dict):
        parts = []
        for period, entry in periods.items():
            if isinstance(entry, dict):
                score = "缺" if entry.get("missing") else wording.number_text(entry.get("score"), 2)
                parts.append(f"{period}:{score}(权重 {wording.number_text(entry.get('weight'))}%)")
        if parts:
            notes.append("分期 " + ";".join(parts))
    detail = node.get("detail")
    if detail not in (None, {}, []):
        notes.append(wording.detail_text(detail, wording.group_labels(node.get("rule"))))
    return notes


# --- the diff ----------------------------------------------------------------------------------------------------


ACTION_LABELS = {"removed": "删除", "added": "新增", "changed": "修改", "moved": "移动", "setting": "方案设置"}


def _short(value) -> str:
    if value is None:
        return "(无)"
    text = _yaml_inline(value) if isinstance(value, dict | list) else str(value)
    return text if len(text) <= 120 else text[:120] + "…"


def _label(key: str, value):
    if key == "level":
        return vocab.LEVELS.get(value, value)
    if key == "kind":
        return vocab.KINDS.get(value, value)
    if key == "nature":
        return vocab.NATURES.get(value, value)
    if key == "source" and isinstance(value, str):
        return vocab.source_label(vocab.normalize_source(value) or value)
    return value


def diff_view(result) -> list[dict]:
    """The engine's SchemeDiff as rows people read: what happened to which indicator, field by field."""
    from lvzhi.scoring.inherit import FIELD_LABELS, SETTING_LABELS

    rows = []
    for change in result.changes:
        labels = SETTING_LABELS if change.action == "setting" else FIELD_LABELS
        rows.append({
            "action": change.action,
            "action_label": ACTION_LABELS.get(change.action, change.action),
            "code": "" if change.action == "setting" else change.code,
            "name": change.name,
            "line": change.line(),
            "fields": [
                {"label": labels.get(key, key), "old": _short(_label(key, values.get("old"))),
                 "new": _short(_label(key, values.get("new")))}
                for key, values in (change.fields or {}).items()
            ],
            "parent": change.parent,
            "subtree": change.subtree,
        })
    return rows
