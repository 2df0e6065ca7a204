"""Scoring many units: totals (fast path), grades, ranks within category, quotas, and one-unit re-scores."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .engine import UnitInputs, UnitResult, dumps, grade_unit, score_unit
from .errors import InputsError, Issue
from .model import Scheme, load_scheme
from .numbers import HUNDRED, format_number, json_number, to_decimal, to_fraction

UNCATEGORISED = "未分类"


@dataclass
class UnitSummary:
    key: str
    name: str | None
    category: str | None
    total: Decimal
    grade: str | None
    band_grade: str | None
    adjustments: list[dict] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rank: int | None = None
    rank_size: int | None = None
    titles: list[str] = field(default_factory=list)

    def to_dict(self, precision: int) -> dict:
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
            "missing": self.missing,
        }


def _rank_contexts(scheme: Scheme, units: list[UnitInputs]) -> list[dict] | None:
    """Leaves with `rank: {by: input}` rank the units on that input (within category or all)."""
    rank_leaves = [leaf for leaf in scheme.leaves if getattr(leaf.rule, "by", None)]
    if not rank_leaves:
        return None
    contexts: list[dict] = [{} for _ in units]
    for leaf in rank_leaves:
        rule = leaf.rule
        groups: dict = {}
        for pos, unit in enumerate(units):
            raw = unit.values.get(rule.by)
            if raw is None and rule.by in scheme.inputs:
                raw = scheme.inputs[rule.by].default
            value = to_fraction(raw)
            if value is None:
                continue
            key = unit.category if rule.among == "category" else None
            groups.setdefault(key, []).append((value, pos))
        for members in groups.values():
            for pos, rank in _competition(members, rule.order):
                contexts[pos][leaf.code] = rank
    return contexts


def _competition(members: list[tuple], order: str) -> list[tuple[int, int]]:
    """[(value, id)] → [(id, rank)] with shared ranks for ties (1, 2, 2, 4)."""
    ordered = sorted(members, key=lambda m: (-m[0] if order == "desc" else m[0], m[1]))
    out, rank, previous = [], 0, None
    for index, (value, ident) in enumerate(ordered, 1):
        if value != previous:
            rank, previous = index, value
        out.append((ident, rank))
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
        self.quota_report: list[dict] = []
        self._rank_contexts: dict[str, dict] | None = None

    # -- building ---------------------------------------------------------------------------------------------
    def _summary(self, key: str, unit: UnitInputs, total: Fraction, missing: list[str], points) -> UnitSummary:
        grade, band, adjustments, flags = grade_unit(self.scheme, total, unit, points)
        self.totals[key] = total
        return UnitSummary(key=key, name=unit.name, category=unit.category,
                           total=to_decimal(total, self.scheme.precision), grade=grade, band_grade=band,
                           adjustments=adjustments, flags=flags, missing=list(missing))

    def _finish(self):
        """Ranks within category, then quotas in order, then flags again if a quota changed a grade."""
        scheme = self.scheme
        within = scheme.ranking["within"]
        order = scheme.ranking["order"]
        groups: dict = {}
        for key, summary in self.units.items():
            groups.setdefault(summary.category if within == "category" else None, []).append(key)
            summary.titles = []
            quota_changes = [a for a in summary.adjustments if a.get("action") == "quota"]
            if quota_changes:  # quotas act on the grades from bands and rules: undo them before reapplying
                summary.grade = quota_changes[0]["from"]
                summary.adjustments = [a for a in summary.adjustments if a.get("action") != "quota"]
        for keys in groups.values():
            members = [(self.totals[k], k) for k in keys]
            for key, rank in _competition(members, order):
                self.units[key].rank = rank
                self.units[key].rank_size = len(keys)
        self.quota_report = []
        changed = False
        for quota in scheme.quotas:
            changed |= self._apply_quota(quota)
        if changed and scheme.flags:
            for key, summary in self.units.items():
                _, _, _, flags = _flags_only(scheme, summary, self.inputs[key], self.totals[key])
                summary.flags = flags

    def _apply_quota(self, quota) -> bool:
        scope_groups: dict = {}
        for key, summary in self.units.items():
            scope_groups.setdefault(summary.category if quota.scope == "category" else None, []).append(key)
        changed = False
        for scope_key, keys in sorted(scope_groups.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
            limit = _limit(len(keys), quota.max_share, quota.rounding)
            if quota.award:
                candidates = [k for k in keys if not quota.eligible_grades or self.units[k].grade in quota.eligible_grades]
            else:
                candidates = [k for k in keys if self.units[k].grade == quota.grade]
            ordered = sorted(candidates, key=lambda k: (-self.totals[k], k))
            taken: list[str] = []
            index = 0
            while index < len(ordered):
                tie = [k for k in ordered[index:] if self.totals[k] == self.totals[ordered[index]]]
                if len(taken) + len(tie) > limit:
                    break
                taken.extend(tie)
                index += len(tie)
            report = {"scope": scope_key if quota.scope == "category" else "全部", "size": len(keys),
                      "limit": limit, "max_share": json_number(quota.max_share, 4)}
            if quota.award:
                report["award"] = quota.award
                report["awarded"] = taken
                for k in taken:
                    self.units[k].titles.append(quota.award)
            else:
                report["grade"] = quota.grade
                report["kept"] = taken
                report["overflow"] = quota.overflow
                moved = [k for k in ordered if k not in set(taken)]
                report["moved"] = moved
                for k in moved:
                    summary = self.units[k]
                    summary.adjustments.append({
                        "action": "quota", "from": summary.grade, "to": quota.overflow,
                        "reason": f"「{quota.grade}」名额不超过{format_number(quota.max_share, 0)}%（{limit}个），"
                                  f"调整为「{quota.overflow}」",
                    })
                    summary.grade = quota.overflow
                    changed = True
            self.quota_report.append(report)
        return changed

    # -- reading ----------------------------------------------------------------------------------------------
    def ordered(self) -> list[UnitSummary]:
        """Units by category, then rank, then key."""
        return sorted(self.units.values(),
                      key=lambda u: (u.category is None, u.category or "", u.rank or 0, u.key))

    def result(self, key: str) -> UnitResult:
        """The full explained result of one unit, with its batch rank, titles and final grade."""
        unit = self.inputs[key]
        context = (self._rank_contexts or {}).get(key)
        result = score_unit(self.scheme, unit, rank_context=context, key=key)
        summary = self.units[key]
        result.rank, result.rank_size, result.titles = summary.rank, summary.rank_size, list(summary.titles)
        result.grade, result.adjustments, result.flags = summary.grade, summary.adjustments, summary.flags
        return result

    def update(self, key: str, inputs) -> UnitSummary:
        """Re-score one unit after its inputs changed, then re-rank and re-apply quotas."""
        unit = UnitInputs.coerce(inputs, key=key)
        if unit.category is None and key in self.inputs and not isinstance(inputs, UnitInputs) \
                and "values" not in (inputs or {}):
            unit.category, unit.name = self.inputs[key].category, self.inputs[key].name
        self.inputs[key] = unit
        if self.scheme.has_rank_by:
            fresh = score_units(self.scheme, self.inputs)
            self.__dict__.update(fresh.__dict__)
            return self.units[key]
        result = score_unit(self.scheme, unit, key=key)
        total = Fraction(result.total)
        self.totals[key] = total
        self.units[key] = UnitSummary(key=key, name=unit.name, category=unit.category, total=result.total,
                                      grade=result.grade, band_grade=result.band_grade,
                                      adjustments=result.adjustments, flags=result.flags, missing=result.missing)
        self._finish()
        return self.units[key]

    def to_dict(self, detail: bool = False) -> dict:
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


def _flags_only(scheme, summary: UnitSummary, unit: UnitInputs, total: Fraction):
    from .engine import _names_for

    flags = []
    for expr, flag in scheme.flags:
        names = _names_for(scheme, unit, expr.names, total, summary.grade, None)
        try:
            if expr.evaluate(names):
                flags.append(flag)
        except Exception:  # noqa: S112 - a condition that cannot be evaluated does not flag
            continue
    return None, None, None, flags


def score_units(scheme: Scheme | dict, units: dict, *, fast: bool = True) -> BatchResult:
    """Score many units {unit_key: UnitInputs or record dict}: totals, grades, ranks within category, quotas.

    `fast=False` computes every unit through the explained path (the results are the same)."""
    if not isinstance(scheme, Scheme):
        scheme = load_scheme(scheme)
    if not isinstance(units, dict):
        raise InputsError(Issue("units", "units 必须是 {单位: 输入} 映射"))
    coerced = {str(k): UnitInputs.coerce(v, key=str(k)) for k, v in units.items()}
    batch = BatchResult(scheme, coerced)
    keys = sorted(coerced)
    unit_list = [coerced[k] for k in keys]
    contexts = _rank_contexts(scheme, unit_list)
    if contexts is not None:
        batch._rank_contexts = dict(zip(keys, contexts, strict=True))
    computed = None
    if fast and unit_list:
        from .fast import score_batch

        computed = score_batch(scheme, unit_list, contexts) or None
    for pos, key in enumerate(keys):
        unit = coerced[key]
        if computed is not None:
            total, missing, points = computed[pos]
        else:
            result = score_unit(scheme, unit, rank_context=contexts[pos] if contexts else None, key=key)
            total, missing = Fraction(result.total), result.missing
            points = _points_from_result(result)
        batch.units[key] = batch._summary(key, unit, total, missing, points)
    batch._finish()
    return batch


def _points_from_result(result: UnitResult) -> dict:
    out: dict = {}

    def walk(nodes):
        for node in nodes:
            out[node["code"]] = to_fraction(node["points"])
            walk(node.get("children", []))

    walk(result.tree)
    return out
