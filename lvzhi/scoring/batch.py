"""Scoring many units: totals (fast path), grades, ranks within category, quotas, and one-unit re-scores."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import groupby
from typing import Any, TypeVar

from .engine import (
    Points,
    RankContext,
    UnitInputs,
    UnitResult,
    _names_for,
    dumps,
    evaluate_unit,
    grade_unit,
    not_evaluated_reason,
    score_unit,
)
from .errors import InputsError, Issue
from .loader import load_scheme
from .model import Quota, Scheme
from .numbers import HUNDRED, format_number, json_number, round_units, to_decimal, to_fraction
from .rules import RankRule

K = TypeVar("K", str, int)
UNCATEGORISED = "未分类"


@dataclass
class UnitSummary:
    key: str
    name: str | None
    category: str | None
    total: Decimal
    grade: str | None
    band_grade: str | None
    adjustments: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rank: int | None = None
    rank_size: int | None = None
    titles: list[str] = field(default_factory=list)
    not_evaluated: str | None = None  # the reason; such a unit is listed apart: no grade, rank or quota

    def to_dict(self, precision: int) -> dict[str, Any]:
        return {
            "unit": self.key,
            "name": self.name,
            "category": self.category,
            "total": json_number(self.total, precision),
            "grade": self.grade,
            "band_grade": self.band_grade,
            "grade_adjustments": self.adjustments,
            "flags": self.flags,
            "rank": self.rank,
            "rank_size": self.rank_size,
            "titles": self.titles,
            "not_evaluated": self.not_evaluated,
            "missing": self.missing,
        }


def _rank_contexts(scheme: Scheme, units: list[UnitInputs]) -> list[dict[str, Any]] | None:
    """Leaves with `rank: {by: input}` rank the units on that input (within category or all)."""
    rank_leaves = [(leaf, leaf.rule) for leaf in scheme.leaves if isinstance(leaf.rule, RankRule) and leaf.rule.by]
    if not rank_leaves:
        return None
    contexts: list[RankContext] = [{} for _ in units]
    for leaf, rule in rank_leaves:
        assert rule.by is not None
        groups: dict[str | None, dict[int, Fraction]] = {}
        for pos, unit in enumerate(units):
            raw = unit.values.get(rule.by)
            if raw is None and rule.by in scheme.inputs:
                raw = scheme.inputs[rule.by].default
            value = to_fraction(raw)
            if value is None:
                continue
            key = unit.category if rule.among == "category" else None
            groups.setdefault(key, {})[pos] = value
        for members in groups.values():
            for pos, rank in _competition(list(members), members.__getitem__, rule.order):
                contexts[pos][leaf.code] = rank
    return contexts


def _competition(keys: list[K], value_of: Callable[[K], Any], order: str, presorted: bool = False
                 ) -> list[tuple[K, int]]:
    """keys → [(key, rank)] best first, shared ranks for ties (1, 2, 2, 4); ties listed by key."""
    ordered = sorted(keys if presorted else sorted(keys), key=value_of, reverse=order == "desc")  # stable
    out, rank, previous = [], 0, None
    for index, key in enumerate(ordered, 1):
        value = value_of(key)
        if value != previous:
            rank, previous = index, value
        out.append((key, rank))
    return out


def _limit(size: int, share: Fraction, rounding: str) -> int:
    exact = Fraction(size) * share / HUNDRED
    if rounding == "ceil":
        return math.ceil(exact)
    if rounding == "round":
        return int((exact * 2 + 1) // 2)
    return math.floor(exact)


class BatchResult:
    """Totals, grades, ranks and quota titles of many units; full explanations on demand."""

    def __init__(self, scheme: Scheme, units: dict[str, UnitInputs]):
        self.scheme = scheme
        self.inputs = units
        self.units: dict[str, UnitSummary] = {}
        self.totals: dict[str, Fraction] = {}
        self.order_keys: dict[str, int] = {}  # totals in 10**-precision units, for fast ranking
        self.quota_report: list[dict[str, Any]] = []
        self._rank_contexts: dict[str, RankContext] | None = None
        self._touched: set[str] = set()  # units holding quota titles or quota grade changes
        self._group_cache: dict[str, Any] = {}

    # -- building ---------------------------------------------------------------------------------------------
    _cache: dict[Any, bool] | None = None

    def _set_total(self, key: str, total: Fraction) -> None:
        self.totals[key] = total
        self.order_keys[key] = round_units(total, self.scheme.precision)

    def _summary(self, key: str, unit: UnitInputs, total: Fraction, missing: list[str], points: Points
                 ) -> UnitSummary:
        reason = not_evaluated_reason(self.scheme, unit)
        if reason is None:
            grade, band, adjustments, flags = grade_unit(self.scheme, total, unit, points, self._cache)
        else:
            grade, band, adjustments, flags = None, None, [], []
        self._set_total(key, total)
        return UnitSummary(key=key, name=unit.name, category=unit.category,
                           total=to_decimal(total, self.scheme.precision), grade=grade, band_grade=band,
                           adjustments=adjustments, flags=flags, missing=list(missing), not_evaluated=reason)

    def _finish(self, only_group: Any = ...) -> None:
        """Ranks within category, then quotas in order, then flags again if a quota changed a grade.
        `only_group`: after one unit changed, only its ranking group needs ranking again."""
        scheme = self.scheme
        within = scheme.ranking["within"]
        order = scheme.ranking["order"]
        units = self.units
        for key in self._touched:  # quotas act on the grades from bands and rules: undo them first
            summary = units.get(key)
            if summary is None:
                continue
            summary.titles = []
            quota_changes = [a for a in summary.adjustments if a.get("action") == "quota"]
            if quota_changes:
                summary.grade = quota_changes[0]["from"]
                summary.adjustments = [a for a in summary.adjustments if a.get("action") != "quota"]
        self._touched = set()
        value_of = self.order_keys.__getitem__
        groups = self._groups(within)
        if only_group is not ... and only_group in groups:
            groups = {only_group: groups[only_group]}
        for keys in groups.values():
            size = len(keys)
            for key, rank in _competition(keys, value_of, order, presorted=True):
                summary = units[key]
                summary.rank = rank
                summary.rank_size = size
        self.quota_report = []
        changed = False
        for quota in scheme.quotas:
            changed |= self._apply_quota(quota)
        if changed and scheme.flags:
            for key, summary in self.units.items():
                _, _, _, flags = _flags_only(scheme, summary, self.inputs[key], self.totals[key])
                summary.flags = flags

    def _groups(self, scope: str) -> dict[str | None, list[str]]:
        """Unit keys (sorted) by category, or all together, without the units not evaluated (they are not ranked
        nor counted in rank sizes or quotas); cached while no unit changes category or evaluation."""
        signature = (scope, len(self.units))
        cached = self._group_cache.get(scope)
        if cached is None or cached[0] != signature:
            groups: dict[str | None, list[str]] = {}
            for key in sorted(self.units):
                if self.units[key].not_evaluated is not None:
                    self.units[key].rank = self.units[key].rank_size = None
                    continue
                groups.setdefault(self.units[key].category if scope == "category" else None, []).append(key)
            cached = (signature, groups)
            self._group_cache[scope] = cached
        return cached[1]

    def _apply_quota(self, quota: Quota) -> bool:
        scope_groups = self._groups(quota.scope)
        changed = False
        for scope_key, keys in sorted(scope_groups.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
            limit = _limit(len(keys), quota.max_share, quota.rounding)
            units = self.units
            if quota.award:
                eligible = set(quota.eligible_grades)
                candidates = [k for k in keys if not eligible or units[k].grade in eligible]
            else:
                candidates = [k for k in keys if units[k].grade == quota.grade]
            ordered = sorted(candidates, key=self.order_keys.__getitem__, reverse=True)  # keys come sorted
            taken: list[str] = []
            for _, tie_group in groupby(ordered, key=self.order_keys.__getitem__):
                tie = list(tie_group)
                if len(taken) + len(tie) > limit:
                    break
                taken.extend(tie)
            report: dict[str, Any] = {"scope": scope_key if quota.scope == "category" else "全部", "size": len(keys),
                      "limit": limit, "max_share": json_number(quota.max_share, 4)}
            if quota.award:
                report["award"] = quota.award
                report["awarded"] = taken
                for k in taken:
                    self.units[k].titles.append(quota.award)
                self._touched.update(taken)
            else:
                report["grade"] = quota.grade
                report["kept"] = taken
                report["overflow"] = quota.overflow
                kept = set(taken)
                moved = [k for k in ordered if k not in kept]
                report["moved"] = moved
                for k in moved:
                    summary = self.units[k]
                    summary.adjustments.append({
                        "action": "quota", "from": summary.grade, "to": quota.overflow,
                        "reason": f"「{quota.grade}」名额不超过{format_number(quota.max_share, 0)}%（{limit}个），"
                                  f"调整为「{quota.overflow}」",
                    })
                    summary.grade = quota.overflow
                    self._touched.add(k)
                    changed = True
            self.quota_report.append(report)
        return changed

    # -- reading ----------------------------------------------------------------------------------------------
    def ordered(self) -> list[UnitSummary]:
        """Units by category, then rank, then key."""
        return sorted(self.units.values(),
                      key=lambda u: (u.category is None, u.category or "", u.not_evaluated is not None, u.rank or 0,
                                     u.key))

    def result(self, key: str) -> UnitResult:
        """The full explained result of one unit, with its batch rank, titles and final grade."""
        unit = self.inputs[key]
        context = (self._rank_contexts or {}).get(key)
        result = score_unit(self.scheme, unit, rank_context=context, key=key)
        summary = self.units[key]
        result.rank, result.rank_size, result.titles = summary.rank, summary.rank_size, list(summary.titles)
        result.grade, result.adjustments, result.flags = summary.grade, summary.adjustments, summary.flags
        result.not_evaluated = summary.not_evaluated
        return result

    def update(self, key: str, inputs: Any) -> UnitSummary:
        """Re-score one unit after its inputs changed, then re-rank and re-apply quotas."""
        unit = UnitInputs.coerce(inputs, key=key)
        if unit.category is None and key in self.inputs and not isinstance(inputs, UnitInputs) \
                and "values" not in (inputs or {}):
            unit.category, unit.name = self.inputs[key].category, self.inputs[key].name
        regroup = key not in self.units or self.units[key].category != unit.category
        if regroup:
            self._group_cache = {}
        self.inputs[key] = unit
        if self.scheme.has_rank_by:
            fresh = score_units(self.scheme, self.inputs)
            self.__dict__.update(fresh.__dict__)
            return self.units[key]
        ctx, _, total = evaluate_unit(self.scheme, unit)
        was_evaluated = key in self.units and self.units[key].not_evaluated is None
        self.units[key] = self._summary(key, unit, total, ctx.missing, ctx.points)
        if was_evaluated != (self.units[key].not_evaluated is None):
            regroup = True
            self._group_cache = {}
        if regroup:
            self._finish()
        else:
            self._finish(unit.category if self.scheme.ranking["within"] == "category" else None)
        return self.units[key]

    def to_dict(self, detail: bool = False) -> dict[str, Any]:
        precision = self.scheme.precision
        data = {
            "scheme": {"code": self.scheme.code, "name": self.scheme.name},
            "units": [u.to_dict(precision) for u in self.ordered()],
            "quotas": self.quota_report,
        }
        if detail:
            data["results"] = {key: self.result(key).to_dict() for key in sorted(self.units)}
        return data

    def to_json(self, detail: bool = False, indent: int | None = None) -> str:
        return dumps(self.to_dict(detail), indent)


def _flags_only(scheme: Scheme, summary: UnitSummary, unit: UnitInputs, total: Fraction) -> tuple[None, None, None, list[str]]:
    flags = []
    for expr, flag in scheme.flags:
        names = _names_for(scheme, unit, expr.names, total, summary.grade, None)
        try:
            if expr.evaluate(names):
                flags.append(flag)
        except Exception:  # noqa: S112 - a condition that cannot be evaluated does not flag
            continue
    return None, None, None, flags


def score_units(scheme: Scheme | dict[str, Any], units: dict[Any, Any], *, fast: bool = True) -> BatchResult:
    """Score many units {unit_key: UnitInputs or record dict}: totals, grades, ranks within category, quotas.

    `fast=False` computes every unit through the explained path (the results are the same)."""
    if not isinstance(scheme, Scheme):
        scheme = load_scheme(scheme)
    if not isinstance(units, dict):
        raise InputsError(Issue("units", "units 必须是 {单位: 输入} 映射"))
    coerced = {str(k): UnitInputs.coerce(v, key=str(k)) for k, v in units.items()}
    batch = BatchResult(scheme, coerced)
    batch._cache = {}
    keys = sorted(coerced)
    unit_list = [coerced[k] for k in keys]
    contexts = _rank_contexts(scheme, unit_list)
    if contexts is not None:
        batch._rank_contexts = dict(zip(keys, contexts, strict=True))
    computed: list[tuple[Fraction, list[str], Callable[[str], Fraction]]] | None = None
    if fast and unit_list:
        from .fast import score_batch

        computed = score_batch(scheme, unit_list, contexts) or None
    for pos, key in enumerate(keys):
        unit = coerced[key]
        points: Points
        if computed is not None:
            total, missing, points = computed[pos]
        else:
            result = score_unit(scheme, unit, rank_context=contexts[pos] if contexts else None, key=key)
            total, missing = Fraction(result.total), result.missing
            points = _points_from_result(result)
        batch.units[key] = batch._summary(key, unit, total, missing, points)
    batch._finish()
    return batch


def _points_from_result(result: UnitResult) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            out[node["code"]] = to_fraction(node["points"]) or Fraction(0)
            walk(node.get("children", []))

    walk(result.tree)
    return out
