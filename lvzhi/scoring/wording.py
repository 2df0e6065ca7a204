"""The engine's data in the words office staff read: raw inputs, rules, missing items and a rule's working, as
Chinese text with formatted numbers (never a raw structure, a YAML mapping or an engine code such as `A9@H2`).
Pages (the 试算 panel, a campaign unit's explained result, the scheme tree) show these texts; files and the API
keep the structures."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from .vocab import RULE_LOOKUP, RULE_TYPES, SOURCES

# Keys of structured inputs and of a rule's working, in words.
KEY_LABELS = {
    "actual": "实际", "target": "目标", "satisfied": "满意人数", "total": "总人数", "reason": "原因",
    "points": "分值", "occurrences": "次数", "sum": "合计", "cap": "上限", "amount": "计分", "capped": "已封顶",
    "ratio": "完成率", "rate": "比率", "percent": "折合百分制", "counts": "各项人数", "answers": "答卷数",
    "satisfaction": "满意度", "ratings": "评价人数", "average": "平均分", "groups": "分组",
    "groups_missing": "缺少分组", "combined": "加权合计", "weight": "权重", "band": "档次", "band_points": "档次分",
    "rank": "名次", "out_of": "满分", "formula": "公式", "result": "结果", "items": "明细", "name": "名称",
    "label": "名称", "score": "得分", "missing": "缺少",
}  # fmt: skip


def number_text(value: Any, decimals: int = 4) -> str:
    """92 → "92", 89.8200 → "89.82", 2/3 → "0.6667" (at most `decimals` decimals, no trailing zeros)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Fraction | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(Fraction(value).numerator) / Decimal(
            Fraction(value).denominator)
        text = f"{number.quantize(Decimal(1).scaleb(-decimals)):f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return "0" if text in ("-0", "") else text
    return str(value)


def _key(key: Any, labels: dict[str, str]) -> str:
    text = str(key)
    return labels.get(text) or KEY_LABELS.get(text) or text


def value_text(raw: Any, labels: dict[str, str] | None = None) -> str:
    """A raw input as people write it: 36 → "36"; [优秀, 良好] → "优秀、良好"; {actual: 8, target: 10} → "实际 8，
    目标 10"; {H1: [一般]} → "H1：一般"; {leadership: [优秀]} with the group's label → "局领导班子：优秀";
    [{reason: 巡察发现问题, points: 1.5}] → "巡察发现问题（1.5 分）". `labels` names groups (and other keys)."""
    labels = labels or {}
    if raw is None:
        return ""
    if isinstance(raw, list | tuple):
        return "、".join(value_text(item, labels) for item in raw)
    if isinstance(raw, dict):
        if set(raw) <= {"reason", "points"} and "reason" in raw:
            points = raw.get("points")
            return f"{raw['reason']}（{number_text(points)} 分）" if points is not None else str(raw["reason"])
        if set(raw) <= {"actual", "target", "实际", "目标", "satisfied", "total", "满意", "总数"}:
            return "，".join(f"{_key(k, labels)} {value_text(v, labels)}" for k, v in raw.items())
        parts = []
        for key, value in raw.items():
            inner = value_text(value, labels)
            parts.append(f"{_key(key, labels)}：{inner}" if not isinstance(value, int | float) else
                         f"{_key(key, labels)} {inner}")
        return "；".join(parts)
    return number_text(raw)


def group_labels(rule: Any) -> dict[str, str]:
    """The labels of a rule's rater or respondent groups, by name (leadership → 局领导班子)."""
    if not isinstance(rule, dict):
        return {}
    return {str(g["name"]): str(g.get("label") or g["name"]) for g in rule.get("groups") or []
            if isinstance(g, dict) and g.get("name")}


def missing_text(item: str, names: dict[str, str] | None = None) -> str:
    """An engine's missing item in words: "A9@H2" → "A9 领导评价（H2）"; "A1" → "A1 重点工作"."""
    code, _sep, period = str(item).partition("@")
    name = (names or {}).get(code)
    text = f"{code} {name}" if name else code
    return f"{text}（{period}）" if period else text


def _scale_text(scale: Any, rating_scales: dict[str, Any]) -> str:
    mapping = rating_scales.get(scale) if isinstance(scale, str) else scale
    if isinstance(mapping, dict):
        return "、".join(f"{label} {number_text(score)}" for label, score in mapping.items())
    return str(scale or "")


def _bands_text(bands: Any) -> str:
    parts = []
    for band in bands or []:
        if not isinstance(band, dict):
            continue
        points = number_text(band.get("points"))
        if band.get("equals") is not None:
            parts.append(f"为「{band['equals']}」得 {points} 分")
        elif band.get("min") is not None and band.get("max") is not None:
            parts.append(f"{number_text(band['min'])} 至 {number_text(band['max'])}（不含）得 {points} 分")
        elif band.get("min") is not None:
            parts.append(f"不低于 {number_text(band['min'])} 得 {points} 分")
        elif band.get("max") is not None:
            parts.append(f"低于 {number_text(band['max'])} 得 {points} 分")
    return "；".join(parts)


def rule_text(rule: Any, *, rating_scales: dict[str, Any] | None = None,
              input_labels: dict[str, str] | None = None) -> str:
    """What a rule does, in a sentence: 按次 {per: 3} → "每次 3 分"; ratio → "实际值 ÷ 目标 100，最高按 100% 计"."""
    if rule is None:
        return ""
    if isinstance(rule, str):
        rule = {"type": rule}
    if not isinstance(rule, dict):
        return str(rule)
    kind = RULE_LOOKUP.get(str(rule.get("type") or "entered"), str(rule.get("type") or "entered"))
    scales = rating_scales or {}
    inputs = input_labels or {}

    def named(value: Any) -> str:
        return inputs.get(str(value), str(value)) if isinstance(value, str) else number_text(value)

    parts: list[str] = []
    if kind in ("entered", "import"):
        parts.append("录入得分" if kind == "entered" else "第三方得分原样计入")
        if rule.get("scale") is not None:
            parts.append(f"按 {number_text(rule['scale'])} 分制填写，折算为本项分值")
    elif kind == "ratio":
        target = rule.get("target")
        if rule.get("direction") == "lower":
            parts.append(f"越低越好：目标{' ' + named(target) if target is not None else ''} ÷ 实际值")
        else:
            parts.append(f"实际值 ÷ 目标{' ' + named(target) if target is not None else ''}")
        parts.append(f"最高按 {number_text(Fraction(str(rule.get('cap', 1))) * 100)}% 计")
    elif kind == "bands":
        parts.append(_bands_text(rule.get("bands")))
        parts.append(f"其余得 {number_text(rule.get('else', 0))} 分")
    elif kind == "rating":
        parts.append(f"按评价等次（{_scale_text(rule.get('scale'), scales)}）取平均，折算为本项分值")
        parts.append("也可直接填写评分（不超过最高等次的分数）")
    elif kind == "survey":
        if rule.get("options"):
            parts.append("按选项计分（" + "、".join(f"{k} {number_text(v)}" for k, v in rule["options"].items()) + "）")
        if rule.get("bands"):
            parts.append("按满意率分档：" + _bands_text(rule["bands"]))
        else:
            parts.append("满意率（百分数）× 本项分值")
    elif kind == "occurrences":
        parts.append(f"每次 {number_text(rule.get('per', 1))} 分")
        if rule.get("cap") is not None:
            parts.append(f"最多 {number_text(rule['cap'])} 分")
    elif kind == "rank":
        if rule.get("table"):
            table = "、".join(f"第{i}名 {number_text(p)} 分" for i, p in enumerate(rule["table"], 1))
            parts.append(f"{table}，其余 {number_text(rule.get('else', 0))} 分")
        if rule.get("step") is not None:
            parts.append(f"第1名得满分，每低一名减 {number_text(rule['step'])} 分，最低 {number_text(rule.get('min', 0))} 分")
        if rule.get("by"):
            among = "全部单位" if rule.get("among") == "all" else "同类别单位"
            order = "由低到高" if rule.get("order") == "asc" else "由高到低"
            parts.append(f"按「{named(rule['by'])}」在{among}中{order}排名")
    elif kind == "formula":
        parts.append(f"按公式计算：{rule.get('expr', '')}")
    if rule.get("groups"):
        parts.append("分组加权：" + "、".join(
            f"{g.get('label') or g.get('name')} {number_text(g.get('weight', 100))}%"
            for g in rule["groups"] if isinstance(g, dict)))
    if rule.get("input"):
        parts.append(f"取「{named(rule['input'])}」的数值")
    return "，".join(p for p in parts if p)


def rule_label(rule: Any) -> str:
    kind = rule.get("type") if isinstance(rule, dict) else rule
    kind = RULE_LOOKUP.get(str(kind or "entered"), str(kind or "entered"))
    return RULE_TYPES.get(kind, kind)


def detail_text(detail: Any, labels: dict[str, str] | None = None) -> str:
    """A rule's working (the engine's `detail`) in words: 次数 2，合计 2，上限 10 …"""
    labels = labels or {}
    if not isinstance(detail, dict):
        return value_text(detail, labels)
    parts = []
    for key, value in detail.items():
        label = _key(key, labels)
        if value is True:
            parts.append(label)
        elif value is None or value is False:
            continue
        elif key == "groups" and isinstance(value, dict):
            parts.append("；".join(f"{_key(g, labels)}：{detail_text(v, labels)}" for g, v in value.items()))
        elif key in ("percent", "ratio") and isinstance(value, int | float):
            parts.append(f"{label} {number_text(value * 100 if key == 'ratio' else value, 2)}"
                         f"{'%' if key == 'ratio' else ''}")
        elif isinstance(value, list) and key == "groups_missing":
            parts.append(f"{label} " + "、".join(_key(g, labels) for g in value))
        else:
            parts.append(f"{label} {value_text(value, labels)}")
    return "，".join(parts)


def source_text(source: Any) -> str:
    head, sep, tail = str(source or "").partition(":")
    return SOURCES.get(head, head) + (f"（{tail}）" if sep else "")
