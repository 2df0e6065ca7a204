"""Scoring one unit (the explained path) and a batch of units (totals, grades, ranks, quotas)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .aggregate import Child, combine, combine_adjustment, leaf_points
from .errors import InputsError, Issue
from .expr import Expression, ExpressionError
from .loader import load_scheme
from .model import Node, Place, Scheme
from .numbers import (
    HUNDRED,
    ZERO,
    input_number,
    json_number,
    json_safe,
    round_fraction,
    to_decimal,
)
from .ops import ExactOps
from .rules import Env
from .vocab import KINDS, is_not_applicable

DETAIL_PRECISION = 4
RankContext = dict[str, int]  # leaf code -> the unit's rank on the rule's `by` input
Points = Callable[[str], Fraction] | dict[str, Fraction]  # a node's signed points by code


@dataclass
class UnitInputs:
    """The raw inputs of one unit: values keyed by indicator code or input name."""

    values: dict[str, Any] = field(default_factory=dict)
    category: str | None = None
    name: str | None = None
    not_applicable: list[str] = field(default_factory=list)
    key: str | None = None
    not_evaluated: str | None = None  # the reason the unit is not evaluated this period (nothing due, no cases)

    @classmethod
    def coerce(cls, inputs: Any, category: str | None = None, key: str | None = None) -> UnitInputs:
        if isinstance(inputs, UnitInputs):
            unit = inputs
            if category is not None or key is not None:
                unit = UnitInputs(unit.values, category if category is not None else unit.category, unit.name,
                                  list(unit.not_applicable), key if key is not None else unit.key,
                                  unit.not_evaluated)
            return unit
        if inputs is None:
            inputs = {}
        if not isinstance(inputs, dict):
            raise InputsError(Issue(key or "", "单位的输入必须是映射"))
        if "values" in inputs:
            extra = set(inputs) - {"values", "category", "name", "not_applicable", "key", "not_evaluated"}
            if extra:
                raise InputsError(Issue(key or "", f"单位记录不认识字段：{'、'.join(sorted(map(str, extra)))}"))
            values = inputs.get("values") or {}
            if not isinstance(values, dict):
                raise InputsError(Issue(key or "", "values 必须是 {编码: 值} 映射"))
            na = inputs.get("not_applicable") or []
            if isinstance(na, str):
                na = [na]
            if not isinstance(na, list):
                raise InputsError(Issue(key or "", "not_applicable 必须是编码列表"))
            return cls(dict(values), category if category is not None else inputs.get("category"),
                       inputs.get("name"), [str(c) for c in na], key, _not_evaluated(inputs.get("not_evaluated"), key))
        return cls(dict(inputs), category, None, [], key)


NOT_EVALUATED_DEFAULT = "本期无评估数据"
NOTHING_APPLIES = "所有指标均不适用（本期无应评事项）"


def _not_evaluated(value: Any, key: str | None) -> str | None:
    """A unit record's `not_evaluated`: the reason (text), or true for the default reason."""
    if value is None or value is False or value == "":
        return None
    if value is True:
        return NOT_EVALUATED_DEFAULT
    if isinstance(value, str):
        return value.strip() or NOT_EVALUATED_DEFAULT
    raise InputsError(Issue(key or "", "not_evaluated 应为不参评的原因（文字）或 true"))


def nothing_applies(scheme: Scheme, unit: UnitInputs) -> bool:
    """True when every regular leaf is not applicable to the unit (by category, by its not-applicable list or
    by a 不适用 value): the unit has nothing to be evaluated on. Stops at the first leaf that applies."""
    places = scheme.places(unit.category)
    na = unit.not_applicable
    for leaf in scheme.leaves:
        if leaf.is_adjustment or places[leaf.code].excluded:
            continue
        if na:
            node: Node | None = leaf
            while node is not None and node.code not in na:
                node = node.parent
            if node is not None:
                continue
        if is_not_applicable(unit.values.get(leaf.scoring_rule.input_key())):
            continue
        return False
    return True


def not_evaluated_reason(scheme: Scheme, unit: UnitInputs) -> str | None:
    """Why the unit is listed apart instead of graded and ranked: the reason its record gives, or that nothing
    applies to it. None for a unit that is evaluated."""
    if unit.not_evaluated:
        return unit.not_evaluated
    return NOTHING_APPLIES if nothing_applies(scheme, unit) else None


# ---------------------------------------------------------------------------------------------------------------
# The explained path


class _Ctx:
    def __init__(self, scheme: Scheme, unit: UnitInputs, rank_context: RankContext | None):
        self.scheme = scheme
        self.unit = unit
        self.values = unit.values
        self.places = scheme.places(unit.category)
        self.precision = scheme.precision
        self.rank_context = rank_context
        self.na = set(unit.not_applicable)
        self.na |= {k for k, v in unit.values.items() if is_not_applicable(v)}
        self.missing: list[str] = []
        self.warnings: list[str] = []
        self.not_applicable: list[str] = []
        self.points: dict[str, Fraction] = {}

    def round(self, value: Fraction) -> Fraction:
        return round_fraction(value, self.precision)


@dataclass
class _NodeOut:
    node: Node
    points: Fraction  # unsigned amount for adjustments, score for regular nodes (total units)
    applicable: bool
    max: Fraction
    scale: Fraction
    info: dict[str, Any]
    children: list[_NodeOut]
    factor_children: Fraction = Fraction(1)  # rescale x share applied to regular children (display)

    @property
    def signed(self) -> Fraction:
        return -self.points if self.node.kind == "deduction" else self.points


def evaluate_leaf(node: Node, place: Place, raw: Any, values: dict[str, Any], scheme: Scheme,
                  rank_context: RankContext | None, precision: int
                  ) -> tuple[Fraction, dict[str, Any], list[str], list[str]]:
    """One applicable leaf for one unit → (points in total units, rounded; info; missing codes; warnings).
    Shared by the explained path and the fast path's per-cell fallback, so both give the same points."""
    rule = node.scoring_rule
    info: dict[str, Any] = {"input": json_safe(raw), "rule": rule.definition}
    if raw is None and node.is_adjustment:
        return ZERO, info, [], []  # no bonus or deduction entered: none
    env = Env(node.code, place.scale, node.kind, values, scheme.inputs, rank_context, precision)
    warnings: list[str] = []
    missing: list[str] = []
    value = None
    if node.periods:
        if raw is None:
            missing.append(node.code)
        elif not isinstance(raw, dict):
            warnings.append("分期指标的输入应为 {期间: 值} 形式，按缺失处理")
            missing.append(node.code)
        else:
            warnings.extend(f"期间「{period}」不在本指标的分期中，已忽略"
                            for period in sorted(set(map(str, raw)) - set(node.periods)))
            total = ZERO
            per_period = {}
            got_any = False
            for period, weight in node.periods.items():
                outcome = rule.evaluate(raw.get(period), env)
                warnings.extend(f"{period}：{w}" for w in outcome.warnings)
                entry: dict[str, Any] = {"weight": weight}
                if outcome.value is None:
                    missing.append(f"{node.code}@{period}")
                    entry["missing"] = True
                else:
                    got_any = True
                    total += weight * outcome.value
                    entry["score"] = outcome.value
                if outcome.detail:
                    entry["detail"] = outcome.detail
                per_period[period] = entry
            info["periods"] = per_period
            if got_any:
                value = total / HUNDRED
            else:
                missing = [node.code]
    else:
        outcome = rule.evaluate(raw, env)
        warnings.extend(outcome.warnings)
        value = outcome.value
        if outcome.detail:
            info["detail"] = outcome.detail
        if value is None:
            missing.append(node.code)
    if missing:
        info["missing"] = missing
    if warnings:
        info["warnings"] = warnings
    points = ZERO if value is None else leaf_points(ExactOps(precision), value, place.max, place.scale)
    return points, info, missing, warnings


def _leaf(node: Node, ctx: _Ctx) -> _NodeOut:
    place = ctx.places[node.code]
    if place.excluded or node.code in ctx.na:
        ctx.not_applicable.append(node.code)
        return _NodeOut(node, ZERO, False, place.max, place.scale, {"not_applicable": True}, [])
    raw = ctx.values.get(node.scoring_rule.input_key())
    if is_not_applicable(raw):
        ctx.not_applicable.append(node.code)
        return _NodeOut(node, ZERO, False, place.max, place.scale, {"not_applicable": True}, [])
    points, info, missing, warnings = evaluate_leaf(node, place, raw, ctx.values, ctx.scheme, ctx.rank_context,
                                                    ctx.precision)
    ctx.missing.extend(missing)
    ctx.warnings.extend(f"{node.code}：{w}" for w in warnings)
    return _NodeOut(node, points, True, place.max, place.scale, info, [])


def _inner(node: Node | None, children_nodes: list[Node], ctx: _Ctx, place_max: Fraction, place_scale: Fraction,
           code: str) -> _NodeOut:
    outs = [_node(child, ctx) for child in children_nodes]
    children = [Child(o.node.kind, o.points, o.applicable, o.max) for o in outs]
    ops = ExactOps(ctx.precision)
    info: dict[str, Any] = {}
    if node is not None and node.is_adjustment:
        group = combine_adjustment(ops, children, place_max)
        if group.capped:
            info["capped"] = True
            info["uncapped"] = group.summed
        return _NodeOut(node, group.points, group.applicable, place_max, place_scale, info, outs)
    base_points = node.base_points if node is not None else None
    base_share = node.base_share if node is not None else None
    result = combine(ops, children, place_max, place_scale, base_points, base_share)
    if not result.applicable:
        return _NodeOut(node, ZERO, False, place_max, place_scale, {"not_applicable": True}, outs)  # type: ignore[arg-type]
    factor = Fraction(1)
    if result.rescaled:
        capacity = place_max - (base_points * place_max / place_scale if base_points and place_scale else ZERO)
        factor = capacity / result.applicable_max
        info["rescaled"] = {"applicable_max": result.applicable_max, "max": capacity, "before": result.summed}
    if base_share is not None:
        info["base"] = {"share": base_share, "before": result.before_share}
        factor = factor * base_share / HUNDRED
    if base_points:
        info["base"] = {"points": ops.round(base_points * place_max / place_scale) if place_scale else ZERO}
    if result.bonus:
        info["bonus"] = result.bonus
    if result.deduction:
        info["deduction"] = result.deduction
    if result.floored:
        info["floored"] = result.before_floor
    out = _NodeOut(node, result.points, True, place_max, place_scale, info, outs)  # type: ignore[arg-type]
    out.factor_children = factor
    return out


def _node(node: Node, ctx: _Ctx) -> _NodeOut:
    if node.is_leaf:
        out = _leaf(node, ctx)
    else:
        place = ctx.places[node.code]
        if place.excluded or node.code in ctx.na:
            ctx.not_applicable.append(node.code)
            out = _NodeOut(node, ZERO, False, place.max, place.scale, {"not_applicable": True}, [])
        else:
            out = _inner(node, node.children, ctx, place.max, place.scale, node.code)
    ctx.points[node.code] = out.signed if out.applicable else ZERO
    return out


def _explain(out: _NodeOut, factor: Fraction, precision: int) -> dict[str, Any]:
    node = out.node
    d: dict[str, Any] = {
        "code": node.code,
        "name": node.name,
        "level": node.level,
        "kind": node.kind,
        "kind_label": KINDS[node.kind],
        "max": json_number(out.max, precision),
        "scale": json_number(out.scale, precision),
        "points": json_number(out.signed if out.applicable else ZERO, precision),
        "contribution": json_number((out.signed if out.applicable else ZERO) * factor, precision),
        "not_applicable": not out.applicable,
    }
    if node.weight is not None:
        d["weight"] = json_number(node.weight, DETAIL_PRECISION)
    elif node.points is not None:
        d["declared_points"] = json_number(node.points, DETAIL_PRECISION)
    if out.applicable and out.max:
        d["score"] = json_number(out.points * out.scale / out.max, precision)
    source = node.definition.get("source")
    if source:
        d["source"] = source
    for key, value in out.info.items():
        if key == "not_applicable":
            continue
        d[key] = _detail_json(value)
    if out.children or not node.is_leaf:
        child_factor = factor * out.factor_children
        d["children"] = [
            _explain(c, child_factor if not c.node.is_adjustment or node.is_adjustment else factor, precision)
            for c in out.children
        ]
    return d


def _detail_json(value: Any) -> Any:
    if isinstance(value, Fraction):
        return json_number(value, DETAIL_PRECISION)
    if isinstance(value, dict):
        return {str(k): _detail_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_detail_json(v) for v in value]
    return json_safe(value)


@dataclass
class UnitResult:
    scheme_code: str
    scheme_name: str
    unit: str | None
    name: str | None
    category: str | None
    total: Decimal
    max: Decimal
    grade: str | None
    band_grade: str | None
    adjustments: list[dict[str, Any]]
    flags: list[str]
    missing: list[str]
    not_applicable: list[str]
    warnings: list[str]
    tree: list[dict[str, Any]]
    root: dict[str, Any]
    precision: int = 2
    rank: int | None = None
    rank_size: int | None = None
    titles: list[str] = field(default_factory=list)
    not_evaluated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": {"code": self.scheme_code, "name": self.scheme_name},
            "unit": self.unit,
            "name": self.name,
            "category": self.category,
            "total": json_number(self.total, self.precision),
            "max": json_number(self.max, self.precision),
            "grade": self.grade,
            "band_grade": self.band_grade,
            "grade_adjustments": self.adjustments,
            "flags": self.flags,
            "rank": self.rank,
            "rank_size": self.rank_size,
            "titles": self.titles,
            "not_evaluated": self.not_evaluated,
            "missing": self.missing,
            "not_applicable": self.not_applicable,
            "warnings": self.warnings,
            "summary": self.root,
            "indicators": self.tree,
        }

    def to_json(self, indent: int | None = None) -> str:
        return dumps(self.to_dict(), indent)


def dumps(data: Any, indent: int | None = None) -> str:
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators)


def _unknown_keys(scheme: Scheme, unit: UnitInputs) -> list[str]:
    known = set(scheme.nodes) | set(scheme.inputs)
    known |= {leaf.rule.input for leaf in scheme.leaves if leaf.rule is not None and leaf.rule.input}
    out = [f"输入中的「{k}」不是本方案的指标编码或输入项，已忽略" for k in sorted(map(str, unit.values)) if k not in known]
    out += [f"不适用清单中的「{c}」不是本方案的指标编码" for c in sorted(unit.not_applicable) if c not in scheme.nodes]
    return out


def evaluate_unit(scheme: Scheme, unit: UnitInputs, rank_context: RankContext | None = None
                  ) -> tuple[_Ctx, _NodeOut, Fraction]:
    """The explained path without building the explanation: (context with missing/points, root, total)."""
    ctx = _Ctx(scheme, unit, rank_context)
    total_max = scheme.total_for(unit.category)
    root = _inner(None, scheme.roots, ctx, total_max, total_max, "")
    total = root.points if root.applicable else ZERO
    if not root.applicable:
        ctx.warnings.append("所有指标均不适用，总分按 0 计")
    return ctx, root, total


def score_unit(scheme: Scheme | dict[str, Any], inputs: Any, category: str | None = None, *,
               rank_context: RankContext | None = None,
               key: str | None = None) -> UnitResult:
    """Score one unit, explained down to every leaf. `inputs` is the values mapping {code or input name: raw
    value}, or a unit record {category, values, not_applicable} (see docs/inputs-format.md)."""
    if not isinstance(scheme, Scheme):
        scheme = load_scheme(scheme)
    unit = UnitInputs.coerce(inputs, category, key)
    ctx, root, total = evaluate_unit(scheme, unit, rank_context)
    total_max = scheme.total_for(unit.category)
    precision = scheme.precision
    tree = [_explain(o, root.factor_children if not o.node.is_adjustment else Fraction(1), precision)
            for o in root.children]
    root_info = {k: _detail_json(v) for k, v in root.info.items()}
    reason = not_evaluated_reason(scheme, unit)
    if reason is None:
        grade, band, adjustments, flags = grade_unit(scheme, total, unit, ctx.points)
    else:
        grade, band, adjustments, flags = None, None, [], []
    warnings = _unknown_keys(scheme, unit) + ctx.warnings
    return UnitResult(
        scheme_code=scheme.code, scheme_name=scheme.name, unit=unit.key, name=unit.name, category=unit.category,
        total=to_decimal(total, precision), max=to_decimal(total_max, precision), grade=grade, band_grade=band,
        adjustments=adjustments, flags=flags, missing=ctx.missing, not_applicable=ctx.not_applicable,
        warnings=warnings, tree=tree, root=root_info, precision=precision, not_evaluated=reason,
    )


# ---------------------------------------------------------------------------------------------------------------
# Grades


def _names_for(scheme: Scheme, unit: UnitInputs, expr_names: frozenset[str], total: Fraction, grade: str | None,
               points: Points | None) -> dict[str, Any]:
    names: dict[str, Any] = {"total": total, "grade": grade, "category": unit.category}
    for name in expr_names:
        decl = scheme.inputs.get(name)
        if decl is not None:
            value = unit.values.get(name)
            if value is None:
                value = decl.default
            if decl.type == "boolean":
                value = value in (True, 1, "1", "是", "true", "True", "有") if value is not None else False
            elif decl.type == "number":
                number = input_number(value) if value is not None else ZERO
                value = number if number is not None else ZERO
            else:
                value = "" if value is None else str(value)
            names[name] = value
        elif name in scheme.nodes and points is not None:
            names[name] = points(name) if callable(points) else points.get(name, ZERO)
    return names


def band_for(scheme: Scheme, total: Fraction) -> str | None:
    limits: list[tuple[str, int | None]] | None = scheme.__dict__.get("_band_limits")
    if limits is None:  # integer thresholds in 10**-precision units: total >= min  <=>  units >= ceil(min units)
        scale = 10**scheme.precision
        limits = [(g, None if m is None else -((-m * scale).numerator // (m * scale).denominator))
                  for g, m in scheme.grade_bands]
        scheme.__dict__["_band_limits"] = limits
    scaled = total * 10**scheme.precision
    if scaled.denominator != 1:
        for grade, minimum in scheme.grade_bands:
            if minimum is None or total >= minimum:
                return grade
        return scheme.grade_bands[-1][0] if scheme.grade_bands else None
    units = scaled.numerator
    for grade, limit in limits:
        if limit is None or units >= limit:
            return grade
    return limits[-1][0] if limits else None


def _holds(expr: Expression, names: dict[str, Any], cache: dict[Any, bool] | None) -> bool:
    """Evaluate a condition; with a cache, units with the same values of the names it uses share the answer."""
    if cache is not None:
        try:
            key = (expr.text, tuple(names.get(n) for n in sorted(expr.names | {"grade"})))
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in cache:
            return cache[key]
    try:
        hit = bool(expr.evaluate(names))
    except ExpressionError:
        hit = False
    if cache is not None and key is not None:
        cache[key] = hit
    return hit


def grade_unit(scheme: Scheme, total: Fraction, unit: UnitInputs, points: Points | None,
               cache: dict[Any, bool] | None = None) -> tuple[str | None, str | None, list[dict[str, Any]], list[str]]:
    """Band, then grade rules in order, then flags. Missing named inputs count as 0 / false / empty."""
    share = scheme.grade_share(unit.category)
    band = band_for(scheme, total if share is None else total * share)
    grade = band
    adjustments: list[dict[str, Any]] = []
    order = scheme.grades
    for rule in scheme.grade_rules:
        names = _names_for(scheme, unit, rule.when.names, total, grade, points)
        hit = _holds(rule.when, names, cache)
        if not hit or grade is None:
            continue
        before = grade
        index = order.index(grade)
        if rule.action == "downgrade":
            grade = order[min(index + int(rule.value), len(order) - 1)]
        elif rule.action == "set" or (rule.action == "at_most" and index < order.index(str(rule.value))):
            grade = str(rule.value)
        adjustments.append({"when": rule.when.text, "action": rule.action, "value": rule.value,
                            "from": before, "to": grade, "reason": rule.reason})
    flags = []
    for expr, flag in scheme.flags:
        names = _names_for(scheme, unit, expr.names, total, grade, points)
        if _holds(expr, names, cache):
            flags.append(flag)
    return grade, band, adjustments, flags
