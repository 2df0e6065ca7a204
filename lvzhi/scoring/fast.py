"""The vectorised path for batches: the same numbers as the explained path, computed with NumPy integers.

Every figure is an integer count of 10**-precision points, and every rounding is the explained path's half-up
rounding of an exact rational, done in integer arithmetic (no floats after reading the inputs). Plain-number
inputs of the simple rules (entered, import, ratio, bands, occurrences) are computed per indicator for all units
at once; every other cell (ratings, surveys, periods, formulas, ranks, dict or text inputs, numbers with more
than six decimals) goes through `engine.evaluate_leaf`, the explained path's own function. Tests check that
both paths agree on random schemes and inputs."""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from itertools import repeat

import numpy as np

from .engine import UnitInputs, evaluate_leaf
from .model import Node, Scheme
from .numbers import HUNDRED, ZERO, round_units
from .rules import BandsRule, EnteredRule, OccurrencesRule, RatioRule
from .vocab import is_not_applicable

MICRO = 10**6
LIMIT = 2**62
_PLAIN_SET = frozenset((int, float))


class GroupResult:
    """Per-node integer arrays for the units of one category layout."""

    def __init__(self, positions: list[int], precision: int):
        self.positions = positions
        self.precision = precision
        self.points: dict[str, np.ndarray] = {}  # signed, in 10**-precision units
        self.total: np.ndarray | None = None
        self.missing: list[list[str]] = [[] for _ in positions]

    def node_points(self, code: str, i: int) -> Fraction:
        return Fraction(int(self.points[code][i]), 10**self.precision)


def _round_div(num: np.ndarray, den) -> np.ndarray:
    """Half-up rounding of num/den for num >= 0, den > 0 (arrays or ints)."""
    return (2 * num + den) // (2 * den)


def _fits(*bounds: int) -> bool:
    return all(abs(b) < LIMIT for b in bounds)


class _Plan:
    def __init__(self, scheme: Scheme, category):
        self.scheme = scheme
        self.places = scheme.places(category)
        self.q = 10**scheme.precision


_NONE = type(None)


def _micro(values: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plain numbers → (micro-unit int64 array, mask of exactly representable plain numbers, mask of None).

    Only int and float count as plain (not bool, not text); |x| < 1e9 keeps ints exact in a float64, and a value
    is exact when its micro-unit rounding converts back to the same float."""
    n = len(values)
    types = list(map(type, values))
    kinds = set(types)
    if kinds <= {int, float, _NONE}:
        floats = np.array(values, dtype=np.float64)  # None → nan
        if _NONE in kinds:
            none = np.isnan(floats)
            if float in kinds:  # a float nan given as input is not missing, only not a number
                for i in np.flatnonzero(none):
                    none[i] = values[i] is None
        else:
            none = np.zeros(n, dtype=bool)
        plain = ~none
    else:
        plain = np.fromiter(map(_PLAIN_SET.__contains__, types), dtype=bool, count=n)
        none = np.fromiter(map(operator.is_, values, repeat(None)), dtype=bool, count=n)
        objects = np.fromiter(values, dtype=object, count=n)
        floats = np.where(plain, objects, 0.0).astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        ok = plain & np.isfinite(floats) & (np.abs(floats) < 1e9)
        scaled = np.where(ok, np.rint(floats * MICRO), 0)
        ok &= (scaled / MICRO) == floats
    return scaled.astype(np.int64), ok, none


def _affine(v: np.ndarray, a: Fraction, b: Fraction, q: int) -> np.ndarray | None:
    """round((a + b*v) * q) for each v, with a + b*v >= 0 on the given cells; None on overflow risk."""
    a, b = a * q, b * q
    d = math.lcm(a.denominator, b.denominator)
    an, bn = a.numerator * (d // a.denominator), b.numerator * (d // b.denominator)
    vmax = int(np.abs(v).max()) if v.size else 0
    if not _fits(2 * (abs(an) + abs(bn) * vmax) + d, 2 * d):
        return None
    return _round_div(an + bn * v, d)


def _leaf_vector(node: Node, plan: _Plan, v: np.ndarray) -> np.ndarray | None:
    """Points (unsigned units) of a simple rule for exact plain-number cells v (micro units); None = not here."""
    rule = node.rule
    place = plan.places[node.code]
    m, s, q = place.max, place.scale, plan.q
    if s == 0:
        return np.zeros_like(v)
    out = np.empty_like(v)

    def const(x: Fraction) -> int:
        return round_units(x, plan.scheme.precision)

    def piecewise(lo_thr: Fraction, lo_pts: int, hi_thr: Fraction | None, hi_pts: int | None, a, b):
        lo = v * lo_thr.denominator <= lo_thr.numerator
        hi = np.zeros_like(lo) if hi_thr is None else v * hi_thr.denominator >= hi_thr.numerator
        if hi_thr is not None and not _fits(int(np.abs(v).max(initial=0)) * hi_thr.denominator, hi_thr.numerator):
            return None
        mid = ~lo & ~hi
        out[lo] = lo_pts
        if hi_thr is not None:
            out[hi & ~lo] = hi_pts
        if mid.any():
            got = _affine(v[mid], a, b, q)
            if got is None:
                return None
            out[mid] = got
        return out

    if type(rule) is EnteredRule or rule.type == "import":
        r = rule.rule_scale or s
        return piecewise(ZERO, 0, r * MICRO, const(m), ZERO, m / (r * MICRO))
    if type(rule) is RatioRule:
        if rule.target_name is not None or rule.target is None:
            return None
        t, cap = rule.target, min(rule.cap, Fraction(1))
        if rule.direction == "higher":
            return piecewise(ZERO, 0, cap * t * MICRO, const(cap * m), ZERO, m / (t * MICRO))
        # lower is better: ratio = t / actual
        full = const(cap * m)
        if cap == 0:
            out[:] = 0
            return out
        thr = t * MICRO / cap  # actual <= thr -> capped
        capped = v * thr.denominator <= thr.numerator
        out[capped] = full
        rest = ~capped
        if rest.any():
            c = m * t * MICRO * q  # points units = c / v
            vr = v[rest]
            if not _fits(2 * c.numerator + int(vr.max()) * c.denominator, 2 * int(vr.max()) * c.denominator):
                return None
            out[rest] = _round_div(np.full(vr.shape, c.numerator, dtype=np.int64), vr * c.denominator)
        return out
    if type(rule) is BandsRule:
        bounds = []
        for band in rule.bands:
            if band["equals"] is not None:
                target = _band_number(band["equals"])
                if target is None:
                    bounds.append(None)  # text band: never matches a number
                    continue
                bounds.append(("eq", target * MICRO))
            else:
                lo = band["min"] * MICRO if band["min"] is not None else None
                hi = band["max"] * MICRO if band["max"] is not None else None
                bounds.append(("range", lo, hi))
        vmax = int(np.abs(v).max(initial=0))
        out[:] = const(min(max(rule.otherwise, ZERO), s) * m / s)
        for band, bound in zip(reversed(rule.bands), reversed(bounds), strict=True):
            if bound is None:
                continue
            pts = const(min(max(band["points"], ZERO), s) * m / s)
            if bound[0] == "eq":
                t = bound[1]
                if not _fits(vmax * t.denominator, t.numerator):
                    return None
                hit = v * t.denominator == t.numerator
            else:
                hit = np.ones(v.shape, dtype=bool)
                for edge, is_min in ((bound[1], True), (bound[2], False)):
                    if edge is None:
                        continue
                    if not _fits(vmax * edge.denominator, edge.numerator):
                        return None
                    scaled = v * edge.denominator
                    hit &= (scaled >= edge.numerator) if is_min else (scaled < edge.numerator)
            out[hit] = pts
        return out
    if type(rule) is OccurrencesRule:
        per = rule.per
        cap = min(rule.cap, s) if rule.cap is not None else s
        adjustment = node.is_adjustment
        if per == 0:
            out[:] = 0 if adjustment else const(m)
            return out
        thr = cap / per * MICRO
        if adjustment:
            return piecewise(ZERO, 0, thr, const(cap * m / s), ZERO, per * m / (s * MICRO))
        return piecewise(ZERO, const(m), thr, const((s - cap) * m / s), m, -per * m / (s * MICRO))
    return None


def _band_number(value) -> Fraction | None:
    from .numbers import to_fraction

    return to_fraction(value)


def score_group(scheme: Scheme, units: list[UnitInputs], positions: list[int], category,
                rank_contexts: list | None) -> GroupResult:
    plan = _Plan(scheme, category)
    precision = scheme.precision
    n = len(positions)
    group = GroupResult(positions, precision)
    places = plan.places
    members = [units[p] for p in positions]
    value_maps = [u.values for u in members]
    # not-applicable: explicit lists, and N/A words given for an inner node or under a leaf's own code when its
    # rule reads another input (a leaf's own N/A word is seen when its input is read)
    na_codes: dict[str, list[int]] = {}
    for i, unit in enumerate(members):
        for code in unit.not_applicable:
            na_codes.setdefault(code, []).append(i)
    for node in scheme.nodes.values():
        if node.is_leaf and node.rule.input_key() == node.code:
            continue
        for i, value in enumerate(map(dict.get, value_maps, repeat(node.code))):
            if type(value) is str and is_not_applicable(value):
                na_codes.setdefault(node.code, []).append(i)

    def na_mask(node: Node, parent: np.ndarray | None) -> np.ndarray:
        mask = np.zeros(n, dtype=bool) if parent is None else parent.copy()
        if places[node.code].excluded:
            mask[:] = True
        if node.code in na_codes:
            mask[na_codes[node.code]] = True
        return mask

    applicable: dict[str, np.ndarray] = {}
    unsigned: dict[str, np.ndarray] = {}

    def leaf(node: Node, na: np.ndarray):
        key = node.rule.input_key()
        raw = list(map(dict.get, value_maps, repeat(key)))
        app = ~na
        pts = np.zeros(n, dtype=np.int64)
        done = np.zeros(n, dtype=bool)
        miss = np.zeros(n, dtype=bool)
        if not node.periods and node.rule.vectorisable:
            v, exact, none = _micro(raw)
            sel = exact & app
            if sel.any():
                got = _leaf_vector(node, plan, v[sel])
                if got is not None:
                    pts[sel] = got
                    done |= sel
            miss_none = none & app
            if not node.is_adjustment:  # no bonus or deduction entered: none, not missing
                miss |= miss_none
            done |= miss_none
        todo = np.nonzero(app & ~done)[0]
        place = places[node.code]
        for i in todo:
            value = raw[i]
            if type(value) is str and is_not_applicable(value):
                app[i] = False
                continue
            ctx_rank = rank_contexts[positions[i]] if rank_contexts is not None else None
            points, _info, missing, _w = evaluate_leaf(node, place, value, members[i].values, scheme, ctx_rank,
                                                       precision)
            pts[i] = round_units(points, precision)
            if missing:
                if missing == [node.code]:
                    miss[i] = True
                else:
                    group.missing[i].extend(missing)
        for i in np.nonzero(miss & app)[0]:
            group.missing[i].append(node.code)
        applicable[node.code] = app
        unsigned[node.code] = np.where(app, pts, 0)

    def inner(node: Node | None, children: list[Node], na: np.ndarray, m: Fraction, s: Fraction):
        for child in children:
            visit(child, na)
        code = node.code if node is not None else "__root__"
        if node is not None and node.is_adjustment:
            amounts = sum((unsigned[c.code] for c in children), np.zeros(n, dtype=np.int64))
            cap = round_units(m, precision)
            any_app = np.zeros(n, dtype=bool)
            for c in children:
                any_app |= applicable[c.code]
            app = (~na) & (any_app if children else True)
            applicable[code] = app
            unsigned[code] = np.where(app, np.minimum(amounts, cap), 0)
            return
        regular = [c for c in children if not c.is_adjustment]
        base_points = node.base_points if node is not None else None
        base_share = node.base_share if node is not None else None
        base_value = round_units(base_points * m / s, precision) if base_points and s else 0
        capacity = m - (base_points * m / s if base_points and s else ZERO)
        any_app = np.zeros(n, dtype=bool)
        for c in regular:
            any_app |= applicable[c.code]
        app = ~na
        if regular and not base_points:
            app &= any_app
        summed = np.zeros(n, dtype=np.int64)
        for c in regular:
            summed += unsigned[c.code]
        regpart = summed
        if regular:
            lcm = 1
            for c in regular:
                lcm = math.lcm(lcm, places[c.code].max.denominator)
            weights = [int(places[c.code].max * lcm) for c in regular]
            amax = np.zeros(n, dtype=np.int64)
            for c, w in zip(regular, weights, strict=True):
                amax += np.where(applicable[c.code], w, 0)
            cap_l = capacity * lcm
            rescale = app & any_app & (amax > 0) & (amax * cap_l.denominator != cap_l.numerator)
            if rescale.any():
                sm, am = summed[rescale], amax[rescale]
                bound = 2 * int(sm.max()) * cap_l.numerator + int(am.max()) * cap_l.denominator
                if not _fits(bound, 2 * int(am.max()) * cap_l.denominator):
                    raise OverflowError
                regpart = summed.copy()
                regpart[rescale] = _round_div(sm * cap_l.numerator, am * cap_l.denominator)
        if base_share is not None:
            sh = base_share / HUNDRED
            regpart = _round_div(regpart * sh.numerator, sh.denominator)
        bonus = np.zeros(n, dtype=np.int64)
        deduction = np.zeros(n, dtype=np.int64)
        for c in children:
            if c.kind == "bonus":
                bonus += unsigned[c.code]
            elif c.kind == "deduction":
                deduction += unsigned[c.code]
        pts = np.maximum(base_value + regpart + bonus - deduction, 0)
        applicable[code] = app
        unsigned[code] = np.where(app, pts, 0)

    def visit(node: Node, parent_na: np.ndarray | None):
        na = na_mask(node, parent_na)
        if node.is_leaf:
            leaf(node, na)
        else:
            place = places[node.code]
            inner(node, node.children, na, place.max, place.scale)
        sign = -1 if node.kind == "deduction" else 1
        group.points[node.code] = sign * unsigned[node.code]

    root = places["__root__"]
    inner(None, scheme.roots, np.zeros(n, dtype=bool), root.max, root.scale)
    group.total = unsigned["__root__"]
    return group


def score_batch(scheme: Scheme, units: list[UnitInputs], rank_contexts: list | None = None) -> list[tuple]:
    """→ per unit (total Fraction, missing list, node-points accessor), in the order of `units`."""
    groups: dict = {}
    for pos, unit in enumerate(units):
        groups.setdefault(scheme.known_category(unit.category), []).append(pos)
    out: list = [None] * len(units)
    for category, positions in groups.items():
        try:
            group = score_group(scheme, units, positions, category, rank_contexts)
        except OverflowError:
            return []
        q = 10**scheme.precision
        for i, pos in enumerate(positions):
            total = Fraction(int(group.total[i]), q)
            out[pos] = (total, group.missing[i], _Accessor(group, i))
    return out


class _Accessor:
    __slots__ = ("group", "i")

    def __init__(self, group: GroupResult, i: int):
        self.group = group
        self.i = i

    def __call__(self, code: str) -> Fraction:
        return self.group.node_points(code, self.i)
