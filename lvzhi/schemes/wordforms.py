"""The parts of a scheme office staff set in the editor, as form fields in Chinese instead of YAML: a leaf's rule
(type picked from a list, then the few values that type takes, each explained), its periods and base, per-category
points, and the scheme's settings (full marks, categories, named inputs, rating scales, period sets, grade bands
and rules, flags, ranking, quotas).

Lists are written as people write them: `优秀 100、良好 85` (pairs separated by 、, a comma or new lines), grade
bands one per line (`优秀 90`), rule bands one per line (`90 10` = 90 以上得 10 分, `80-90 6`, `=优秀 10`).
Each `*_fields` function turns a definition into the texts the form shows; each `*_from_fields` reads them back
and lists what it cannot read, naming the indicator or setting."""

from __future__ import annotations

import json
import re
from typing import Any

from lvzhi.scoring import vocab, wording

from .engine import Issue

SPLIT = re.compile(r"[、,,;；\n]+")

RULE_HELP = {
    "entered": "评估人员直接填写本项得分(默认按本项分值填写,也可规定按百分制等刻度填写后折算)。",
    "import": "第三方机构或其他部门给出的得分,原样导入计分。",
    "ratio": "按完成率计分:实际值 ÷ 目标值 × 本项分值,可设最高完成率;越低越好的指标用目标值 ÷ 实际值。",
    "bands": "按数值落在哪一档给分,例如 90 以上得 10 分、80 至 90 得 6 分。",
    "rating": "按领导或评议人员给出的等次(优秀、良好……)或评分取平均,折算为本项分值;可按群体加权。",
    "survey": "按满意率(百分数)或各选项人数计分,可分群体加权,也可按满意率分档。",
    "occurrences": "按发生次数计分:每次若干分,可设上限;加分项为加分,减分项为扣分,其他指标从满分中扣除。",
    "rank": "按名次给分:各名次的分值,或第1名得满分、每低一名减若干分;也可按某个输入项自动排名。",
    "formula": "按公式计算得分(可用输入项和变量)。",
}

# Per rule type: (parameter, label, widget, help). Widgets: number, percent, text, list, pairs, bands, groups,
# scale, input, and choice:<value>=<label>,...
RULE_PARAMS: dict[str, list[tuple[str, str, str, str]]] = {
    "entered": [("scale", "填写刻度(分制)", "number", "留空则按本项分值填写;填 100 即按百分制填写后折算")],
    "import": [("scale", "导入刻度(分制)", "number", "留空则按本项分值原样计入")],
    "ratio": [
        ("target", "目标值", "target", "数字,或选择一个输入项作为各单位的目标"),
        ("cap", "最高完成率(%)", "percent", "留空为 100%"),
        ("direction", "方向", "choice:higher=越高越好,lower=越低越好", ""),
    ],
    "bands": [
        ("bands", "档次(每行一档)", "bands", "如:90 10(90 以上得 10 分);80-90 6;=优秀 10"),
        ("else", "其余得分", "number", "不在任何一档时的得分,留空为 0"),
    ],
    "rating": [
        ("scale", "评价等次", "scale", "在「方案设置」中定义评价等次"),
        ("groups", "评价群体及权重", "groups", "如:局领导班子 40、中层以下人员 60;留空为不分群体"),
    ],
    "survey": [
        ("options", "选项分数", "pairs", "按各选项人数计时填写,如:满意 100、基本满意 60、不满意 0"),
        ("groups", "调查群体及权重", "groups", "如:服务对象 50、干部职工 50;留空为不分群体"),
        ("bands", "按满意率分档", "bands", "如:95 20;90-95 16;留空为满意率 × 本项分值"),
    ],
    "occurrences": [
        ("per", "每次分值", "number", "留空为每次 1 分"),
        ("cap", "最多(分)", "number", "留空为本项分值"),
    ],
    "rank": [
        ("table", "各名次分值", "list", "依次为第1名、第2名……的分值,如:10、8、6"),
        ("else", "其余名次得分", "number", ""),
        ("step", "每低一名减(分)", "number", "不填各名次分值时使用"),
        ("min", "最低得分", "number", ""),
        ("by", "按输入项自动排名", "input", "选择后不必填写名次"),
        ("among", "排名范围", "choice:category=同类别单位,all=全部单位", ""),
        ("order", "排名顺序", "choice:desc=数值大者在前,asc=数值小者在前", ""),
    ],
    "formula": [
        ("expr", "公式", "text", "如:ratio(完成数, 任务数) * 100;可用 min、max、round、clamp、ratio"),
        ("vars", "变量", "list", "单位填写的各个数,如:完成数、任务数"),
    ],
}
PARAM_NAMES = sorted({name for params in RULE_PARAMS.values() for name, *_ in params})


def choices(widget: str) -> list[tuple[str, str]]:
    return [tuple(item.split("=", 1)) for item in widget.split(":", 1)[1].split(",")]  # type: ignore[misc]


# --- small texts ----------------------------------------------------------------------------------------------------


def number_text(value: Any) -> str:
    return "" if value is None or value == "" else wording.number_text(value)


def _number(text: str) -> int | float | str | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    percent = text.endswith(("%", "％"))
    body = text[:-1].strip() if percent else text
    try:
        value: int | float = int(body)
    except ValueError:
        try:
            value = float(body)
        except ValueError:
            return text
    return value


def read_number(text: str, where: str, label: str, issues: list[Issue]) -> int | float | None:
    value = _number(text)
    if isinstance(value, str):
        issues.append(Issue(where, f"「{label}」应为数字,不是「{value}」。"))
        return None
    return value


def pairs_text(mapping: Any, suffix: str = "") -> str:
    """{优秀: 100, 良好: 85} → 优秀 100、良好 85."""
    if not isinstance(mapping, dict):
        return "" if mapping in (None, "") else str(mapping)
    return "、".join(f"{k} {number_text(v)}{suffix}" for k, v in mapping.items())


def parse_pairs(text: str, where: str, label: str, issues: list[Issue]) -> dict[str, int | float]:
    """优秀 100、良好 85 (or one pair a line, a colon between) → {优秀: 100, 良好: 85}."""
    out: dict[str, int | float] = {}
    for part in SPLIT.split(text or ""):
        part = part.strip()
        if not part:
            continue
        match = re.match(r"^(.+?)[\s:：=]+([-+]?[\d.]+)\s*[%％分]?$", part)
        if not match:
            issues.append(Issue(where, f"「{label}」中的「{part}」应写成“名称 数字”,如 优秀 100。"))
            continue
        number = _number(match.group(2))
        if isinstance(number, str) or number is None:
            issues.append(Issue(where, f"「{label}」中的「{part}」的数字无法识别。"))
            continue
        out[match.group(1).strip()] = number
    return out


def list_text(items: Any) -> str:
    return "、".join(number_text(i) if isinstance(i, int | float) else str(i) for i in items or [])


def parse_list(text: str) -> list[str]:
    return [p.strip() for p in SPLIT.split(text or "") if p.strip()]


def bands_text(bands: Any) -> str:
    lines = []
    for band in bands or []:
        if not isinstance(band, dict):
            continue
        points = number_text(band.get("points"))
        if band.get("equals") is not None:
            head = f"={band['equals']}"
        elif band.get("min") is not None and band.get("max") is not None:
            head = f"{number_text(band['min'])}-{number_text(band['max'])}"
        elif band.get("max") is not None:
            head = f"<{number_text(band['max'])}"
        else:
            head = number_text(band.get("min"))
        lines.append(f"{head} {points}")
    return "\n".join(lines)


def parse_bands(text: str, where: str, label: str, issues: list[Issue]) -> list[dict[str, Any]]:
    out = []
    for line in re.split(r"[\n;；]+", text or ""):
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^(\S+)\s+([\d.]+)\s*分?$", line)
        if not match:
            issues.append(Issue(where, f"「{label}」的「{line}」应写成“下限 分值”,如 90 10 或 80-90 6。"))
            continue
        head, points = match.group(1), _number(match.group(2))
        band: dict[str, Any] = {}
        if head.startswith(("=", "＝")):
            band["equals"] = head[1:]
        elif head.startswith("<"):
            band["max"] = _number(head[1:])
        elif "-" in head.lstrip("-"):
            low, high = head.split("-", 1)
            band["min"], band["max"] = _number(low), _number(high)
        else:
            band["min"] = _number(head.lstrip("≥>="))
        if any(isinstance(v, str) for k, v in band.items() if k != "equals") or isinstance(points, str):
            issues.append(Issue(where, f"「{label}」的「{line}」中的数字无法识别。"))
            continue
        band["points"] = points
        out.append(band)
    return out


def groups_text(groups: Any) -> tuple[str, str]:
    """(局领导班子 40、中层以下人员 60, the hidden {label: name} of groups whose name differs from their label)."""
    shown, names = [], {}
    for group in groups or []:
        if not isinstance(group, dict):
            continue
        label = str(group.get("label") or group.get("name"))
        if group.get("name") and str(group["name"]) != label:
            names[label] = str(group["name"])
        shown.append(f"{label} {number_text(group.get('weight', 100))}")
    return "、".join(shown), json.dumps(names, ensure_ascii=False) if names else ""


def parse_groups(text: str, names_json: str, where: str, label: str, issues: list[Issue]) -> list[dict[str, Any]]:
    try:
        names = json.loads(names_json) if names_json else {}
    except ValueError:
        names = {}
    out = []
    for group_label, weight in parse_pairs(text, where, label, issues).items():
        name = names.get(group_label, group_label)
        group: dict[str, Any] = {"name": name}
        if name != group_label:
            group["label"] = group_label
        group["weight"] = weight
        out.append(group)
    return out


# --- a leaf's rule --------------------------------------------------------------------------------------------------


def rule_fields(rule: Any) -> tuple[str, dict[str, str]]:
    """A rule → (its type, the texts of its parameters)."""
    if rule is None:
        return "", {}
    if isinstance(rule, str):
        rule = {"type": rule}
    if not isinstance(rule, dict):
        return "", {}
    kind = vocab.RULE_LOOKUP.get(str(rule.get("type") or "entered"), str(rule.get("type") or "entered"))
    params: dict[str, str] = {}
    for name, _label, widget, _help in RULE_PARAMS.get(kind, []):
        value = rule.get(name)
        if value is None:
            continue
        if widget == "bands":
            params[name] = bands_text(value)
        elif widget == "groups":
            params[name], params[f"{name}_names"] = groups_text(value)
        elif widget == "pairs":
            params[name] = pairs_text(value)
        elif widget == "list":
            params[name] = list_text(value)
        elif widget == "percent":
            params[name] = number_text(float(value) * 100 if isinstance(value, int | float) else value)
        elif widget == "scale" and isinstance(value, dict):
            params["scale_inline"] = pairs_text(value)
        else:
            params[name] = number_text(value) if isinstance(value, int | float) else str(value)
    if rule.get("input"):
        params["input"] = str(rule["input"])
    return kind, params


def rule_from_fields(kind: str, params: dict[str, str], where: str, issues: list[Issue]) -> dict[str, Any] | None:
    """The rule the picked type and its fields describe (None: no rule given, the leaf is entered)."""
    kind = kind.strip()
    if not kind:
        return None
    if kind not in RULE_PARAMS:
        issues.append(Issue(where, f"不认识的计分规则「{kind}」。"))
        return None
    rule: dict[str, Any] = {"type": kind}
    for name, label, widget, _help in RULE_PARAMS[kind]:
        text = (params.get(name) or "").strip()
        if widget == "scale":
            inline = (params.get("scale_inline") or "").strip()
            if text:
                rule["scale"] = text
            elif inline:
                rule["scale"] = parse_pairs(inline, where, label, issues)
            continue
        if not text:
            continue
        if widget in ("number",):
            number = read_number(text, where, label, issues)
            if number is not None:
                rule[name] = number
        elif widget == "percent":
            number = read_number(text, where, label, issues)
            if number is not None:
                rule[name] = number / 100
        elif widget == "target":
            value = _number(text)
            rule[name] = value
        elif widget == "bands":
            rule[name] = parse_bands(text, where, label, issues)
        elif widget == "groups":
            rule[name] = parse_groups(text, params.get(f"{name}_names", ""), where, label, issues)
        elif widget == "pairs":
            rule[name] = parse_pairs(text, where, label, issues)
        elif widget == "list":
            items = parse_list(text)
            if name == "table":
                numbers = [read_number(i, where, label, issues) for i in items]
                rule[name] = [n for n in numbers if n is not None]
            else:
                rule[name] = items
        else:
            rule[name] = text
    if (params.get("input") or "").strip():
        rule["input"] = params["input"].strip()
    return rule


def rule_help(kind: str) -> str:
    return RULE_HELP.get(kind, "")


# --- the scheme's settings ------------------------------------------------------------------------------------------

INPUT_TYPES = [("number", "数值"), ("boolean", "是/否"), ("text", "文字")]
GRADE_ACTIONS = [("downgrade", "降低等次(个)"), ("set", "定为等次"), ("at_most", "最高为等次")]
QUOTA_KINDS = [("award", "评选称号"), ("grade", "等次名额")]
SCOPES = [("all", "全部单位"), ("category", "各类别分别计")]
ROUNDINGS = [("floor", "向下取整"), ("round", "四舍五入"), ("ceil", "向上取整")]
RANK_WITHIN = [("category", "类别内排名"), ("all", "全部单位一起排名")]
RANK_ORDER = [("desc", "总分高者在前"), ("asc", "总分低者在前")]
SETTING_KEYS = {"total", "total_by_category", "precision", "categories", "inputs", "rating_scales", "period_sets",
                "grades", "ranking", "quotas", "level", "description", "source_document", "note"}
EXTRA_ROWS = 2  # blank rows offered at the end of each table


def _rows(items: list[dict[str, str]], blank: dict[str, str]) -> list[dict[str, str]]:
    return items + [dict(blank) for _ in range(EXTRA_ROWS)]


def settings_fields(definition: dict) -> dict[str, Any]:
    """The settings form's values (texts and table rows) for a definition."""
    grades = definition.get("grades") if isinstance(definition.get("grades"), dict) else {}
    ranking = definition.get("ranking") if isinstance(definition.get("ranking"), dict) else {}
    bands = [
        f"{band.get('grade')} {number_text(band['min'])}" if band.get("min") is not None else str(band.get("grade"))
        for band in grades.get("bands") or []
        if isinstance(band, dict)
    ]
    return {
        "total": number_text(definition.get("total")),
        "precision": number_text(definition.get("precision")),
        "level": str(definition.get("level") or ""),
        "description": str(definition.get("description") or ""),
        "source_document": str(definition.get("source_document") or ""),
        "note": str(definition.get("note") or ""),
        "categories": "、".join(map(str, definition.get("categories") or [])),
        "total_by_category": pairs_text(definition.get("total_by_category")),
        "inputs": _rows([{"name": str(i.get("name") or ""), "label": str(i.get("label") or ""),
                          "type": str(i.get("type") or "number"), "default": number_text(i.get("default"))
                          if not isinstance(i.get("default"), bool) else ("是" if i["default"] else "否")}
                         for i in definition.get("inputs") or [] if isinstance(i, dict)],
                        {"name": "", "label": "", "type": "number", "default": ""}),
        "rating_scales": _rows([{"name": str(k), "value": pairs_text(v)}
                                for k, v in (definition.get("rating_scales") or {}).items()],
                               {"name": "", "value": ""}),
        "period_sets": _rows([{"name": str(k), "value": pairs_text(v)}
                              for k, v in (definition.get("period_sets") or {}).items()],
                             {"name": "", "value": ""}),
        "bands": "\n".join(bands),
        "rules": _rows([{"when": str(r.get("when") or ""),
                         "action": next((a for a, _l in GRADE_ACTIONS if a in r), "downgrade"),
                         "value": number_text(next((r[a] for a, _l in GRADE_ACTIONS if a in r), "")),
                         "reason": str(r.get("reason") or "")}
                        for r in grades.get("rules") or [] if isinstance(r, dict)],
                       {"when": "", "action": "downgrade", "value": "", "reason": ""}),
        "flags": _rows([{"when": str(f.get("when") or ""), "flag": str(f.get("flag") or "")}
                        for f in grades.get("flags") or [] if isinstance(f, dict)], {"when": "", "flag": ""}),
        "ranking_within": str(ranking.get("within") or "category"),
        "ranking_order": str(ranking.get("order") or "desc"),
        "ranking_on": "1" if definition.get("ranking") is not None else "",
        "quotas": _rows([{"kind": "award" if q.get("award") else "grade",
                          "name": str(q.get("award") or q.get("grade") or ""),
                          "eligible": "、".join(q.get("eligible_grades") or []),
                          "share": number_text(q.get("max_share")), "scope": str(q.get("scope") or "all"),
                          "rounding": str(q.get("rounding") or "floor"), "overflow": str(q.get("overflow") or "")}
                         for q in definition.get("quotas") or [] if isinstance(q, dict)],
                        {"kind": "award", "name": "", "eligible": "", "share": "", "scope": "all",
                         "rounding": "floor", "overflow": ""}),
    }


def _table(post: Any, prefix: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    count = str(post.get(f"{prefix}-count") or "0")
    rows = []
    for i in range(min(int(count) if count.isdigit() else 0, 500)):
        row = {c: str(post.get(f"{prefix}-{i}-{c}", "")).strip() for c in columns}
        rows.append(row)
    return rows


def settings_from_post(post: Any) -> tuple[dict[str, Any], list[Issue]]:
    """The settings the posted form describes, and what it could not read (each naming the setting)."""
    issues: list[Issue] = []
    out: dict[str, Any] = {}

    def text(name: str) -> str:
        return str(post.get(f"s_{name}", "")).replace("\r\n", "\n").strip()

    for name, label in (("total", "总分"), ("precision", "精度")):
        if text(name):
            number = read_number(text(name), "方案设置", label, issues)
            if number is not None:
                out[name] = number
    for name in ("level", "description", "source_document", "note"):
        if text(name):
            out[name] = text(name)
    if text("categories"):
        out["categories"] = parse_list(text("categories"))
    if text("total_by_category"):
        out["total_by_category"] = parse_pairs(text("total_by_category"), "方案设置", "分类总分", issues)
    inputs = []
    for row in _table(post, "s_inputs", ("name", "label", "type", "default")):
        if not row["name"]:
            continue
        item: dict[str, Any] = {"name": row["name"]}
        if row["label"]:
            item["label"] = row["label"]
        item["type"] = row["type"] or "number"
        if row["default"]:
            if item["type"] == "boolean":
                item["default"] = row["default"] in ("是", "有", "true", "1")
            elif item["type"] == "number":
                item["default"] = read_number(row["default"], "输入项", f"{row['name']}的默认值", issues)
            else:
                item["default"] = row["default"]
        inputs.append(item)
    if inputs:
        out["inputs"] = inputs
    for key, label in (("rating_scales", "评价等次"), ("period_sets", "分期")):
        named = {row["name"]: parse_pairs(row["value"], label, f"{label}「{row['name']}」", issues)
                 for row in _table(post, f"s_{key}", ("name", "value")) if row["name"]}
        if named:
            out[key] = named
    grades: dict[str, Any] = {}
    bands = []
    for line in text("bands").splitlines():
        parts = line.split()
        if not parts:
            continue
        band: dict[str, Any] = {"grade": parts[0]}
        if len(parts) > 1:
            minimum = read_number(parts[1], "等次", f"「{parts[0]}」的分数线", issues)
            if minimum is not None:
                band["min"] = minimum
        bands.append(band)
    if bands:
        grades["bands"] = bands
    rules = []
    for row in _table(post, "s_rules", ("when", "action", "value", "reason")):
        if not row["when"]:
            continue
        rule: dict[str, Any] = {"when": row["when"]}
        action = row["action"] or "downgrade"
        if action == "downgrade":
            rule["downgrade"] = read_number(row["value"] or "1", "等次规则", "降低等次数", issues) or 1
        else:
            rule[action] = row["value"]
        if row["reason"]:
            rule["reason"] = row["reason"]
        rules.append(rule)
    if rules:
        grades["rules"] = rules
    flags = [{"when": r["when"], "flag": r["flag"]} for r in _table(post, "s_flags", ("when", "flag"))
             if r["when"] or r["flag"]]
    if flags:
        grades["flags"] = flags
    if grades:
        out["grades"] = grades
    if text("ranking_on"):
        out["ranking"] = {"within": text("ranking_within") or "category", "order": text("ranking_order") or "desc"}
    quotas = []
    for row in _table(post, "s_quotas", ("kind", "name", "eligible", "share", "scope", "rounding", "overflow")):
        if not row["name"]:
            continue
        quota: dict[str, Any] = {row["kind"] or "award": row["name"]}
        if row["kind"] != "grade" and row["eligible"]:
            quota["eligible_grades"] = parse_list(row["eligible"])
        share = read_number(row["share"] or "", "名额", f"「{row['name']}」的比例", issues) if row["share"] else None
        if share is None and not row["share"]:
            issues.append(Issue("名额", f"「{row['name']}」需要填写比例(%)。"))
        quota["max_share"] = share
        quota["scope"] = row["scope"] or "all"
        quota["rounding"] = row["rounding"] or "floor"
        if row["kind"] == "grade" and row["overflow"]:
            quota["overflow"] = row["overflow"]
        quotas.append(quota)
    if quotas:
        out["quotas"] = quotas
    return out, issues


def fields_from_post(post: Any) -> dict[str, Any]:
    """The settings form's values as posted (shown again as typed when the form has problems)."""
    blank = settings_fields({})
    out: dict[str, Any] = {}
    for key, value in blank.items():
        if isinstance(value, list):
            columns = tuple(value[0])
            rows = [r for r in _table(post, f"s_{key}", columns) if any(r.values())]
            out[key] = _rows(rows, value[0])
        else:
            out[key] = str(post.get(f"s_{key}", "")).replace("\r\n", "\n")
    return out


def settings_post_data(definition: dict) -> dict[str, str]:
    """The settings part of the editor form as a browser posts it (for tests and the round trip)."""
    fields = settings_fields(definition)
    data: dict[str, str] = {}
    for key, value in fields.items():
        if isinstance(value, list):
            data[f"s_{key}-count"] = str(len(value))
            for i, row in enumerate(value):
                for column, cell in row.items():
                    data[f"s_{key}-{i}-{column}"] = cell
        else:
            data[f"s_{key}"] = value
    return data
