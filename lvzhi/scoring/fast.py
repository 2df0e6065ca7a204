"""The batch path: every unit of a category layout at once, with the engine's own arithmetic.

The rules' `value` and the aggregation (`lvzhi.scoring.aggregate`) run here on the vector backend
(`lvzhi.scoring.vector`: exact rationals in NumPy integer arrays), so the numbers are the explained path's by
construction, not by a second implementation. Only the bookkeeping is this module's: which cells are plain
numbers (int or float with at most six decimals), which are missing or not applicable. Every other cell (rules
without `value`, periods, structured or text inputs) goes through `engine.evaluate_leaf`, the explained path's
own function."""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from itertools import repeat
from typing import Any

import numpy as np

from .aggregate import Child, combine, combine_adjustment, leaf_points
from .engine import UnitInputs, evaluate_leaf
from .model import Node, Scheme
from .numbers import round_units
from .vector import Array, Rationals, VectorOps
from .vocab import is_not_applicable

MICRO = 10**6
_PLAIN_SET = frozenset((int, float))


class GroupResult:
    """Per-node integer arrays for the units of one category layout."""

    def __init__(self, positions: list[int], precision: int):
        self.positions = positions
        self.precision = precision
        self.points: dict[str, Array] = {}  # signed, in 10**-precision units
        self.total: Array | None = None
        self.missing: list[list[str]] = [[] for _ in positions]

    def totals(self) -> Array:
        assert self.total is not None, "scored"
        return self.total

    def node_points(self, code: str, i: int) -> Fraction:
        return Fraction(int(self.points[code][i]), 10**self.precision)


_NONE = type(None)


def _micro(values: list[Any]) -> tuple[Array, Array, Array]:
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


def _units(points: Rationals, precision: int) -> Array:
    """Points that are whole multiples of 10**-precision → those counts."""
    if points.den.ndim == 0 and int(points.den) == 10**precision:
        return points.num
    return points.units(precision)


def score_group(scheme: Scheme, units: list[UnitInputs], positions: list[int], category: str | None,
                rank_contexts: list[dict[str, int]] | None) -> GroupResult:
    precision = scheme.precision
    n = len(positions)
    group = GroupResult(positions, precision)
    places = scheme.places(category)
    members = [units[p] for p in positions]
    value_maps = [u.values for u in members]
    # not-applicable: explicit lists, and N/A words given for an inner node or under a leaf's own code when its
    # rule reads another input (a leaf's own N/A word is seen when its input is read)
    na_codes: dict[str, list[int]] = {}
    for i, unit in enumerate(members):
        for code in unit.not_applicable:
            na_codes.setdefault(code, []).append(i)
    for node in scheme.nodes.values():
        if node.is_leaf and node.scoring_rule.input_key() == node.code:
            continue
        for i, value in enumerate(map(dict.get, value_maps, repeat(node.code))):
            if type(value) is str and is_not_applicable(value):
                na_codes.setdefault(node.code, []).append(i)

    def na_mask(node: Node, parent: Array | None) -> Array:
        mask = np.zeros(n, dtype=bool) if parent is None else parent.copy()
        if places[node.code].excluded:
            mask[:] = True
        if node.code in na_codes:
            mask[na_codes[node.code]] = True
        return mask

    applicable: dict[str, Array] = {}
    unsigned: dict[str, Array] = {}

    def leaf(node: Node, na: Array) -> None:
        rule = node.rule
        assert rule is not None
        raw = list(map(dict.get, value_maps, repeat(rule.input_key())))
        place = places[node.code]
        app = ~na
        pts = np.zeros(n, dtype=np.int64)
        done = np.zeros(n, dtype=bool)
        miss = np.zeros(n, dtype=bool)
        if not node.periods and rule.takes_plain_numbers:
            micro, exact, none = _micro(raw)
            if getattr(rule, "refuses_fraction_rates", False):  # 0.8982 for a rate: the per-cell path refuses it
                exact &= ~((micro > 0) & (micro < MICRO))
            cells = np.flatnonzero(exact & app)
            if cells.size:
                ops = VectorOps(precision, cells.size)
                number = Rationals(micro[cells], np.asarray(MICRO)).reduced()
                value = rule.value(number, place.scale, node.kind, ops)
                pts[cells] = leaf_points(ops, value, place.max, place.scale).num
                done[cells] = True
            miss_none = none & app
            if not node.is_adjustment:  # no bonus or deduction entered: none, not missing
                miss |= miss_none
            done |= miss_none
        for i in np.flatnonzero(app & ~done):
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
        for i in np.flatnonzero(miss & app):
            group.missing[i].append(node.code)
        applicable[node.code] = app
        unsigned[node.code] = np.where(app, pts, 0)

    def inner(node: Node | None, children: list[Node], na: Array, m: Fraction, s: Fraction) -> None:
        for child in children:
            visit(child, na)
        code = node.code if node is not None else "__root__"
        ops = VectorOps(precision, n)
        parts = [Child(c.kind, ops.points(unsigned[c.code]), applicable[c.code], places[c.code].max)
                 for c in children]
        if node is not None and node.is_adjustment:
            result = combine_adjustment(ops, parts, m)
        else:
            result = combine(ops, parts, m, s, node.base_points if node is not None else None,
                             node.base_share if node is not None else None)
        app = ~na & np.broadcast_to(np.asarray(result.applicable, dtype=bool), (n,))
        applicable[code] = app
        unsigned[code] = np.where(app, _units(result.points, precision), 0)

    def visit(node: Node, parent_na: Array | None) -> None:
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


def score_batch(scheme: Scheme, units: list[UnitInputs], rank_contexts: list[dict[str, int]] | None = None
                ) -> list[tuple[Fraction, list[str], Callable[[str], Fraction]]]:
    """→ per unit (total Fraction, missing list, node-points accessor), in the order of `units`."""
    groups: dict[str | None, list[int]] = {}
    for pos, unit in enumerate(units):
        groups.setdefault(scheme.known_category(unit.category), []).append(pos)
    out: list[Any] = [None] * len(units)
    for category, positions in groups.items():
        group = score_group(scheme, units, positions, category, rank_contexts)
        q = 10**scheme.precision
        for i, pos in enumerate(positions):
            total = Fraction(int(group.totals()[i]), q)
            out[pos] = (total, group.missing[i], _Accessor(group, i))
    return out


class _Accessor:
    __slots__ = ("group", "i")

    def __init__(self, group: GroupResult, i: int):
        self.group = group
        self.i = i

    def __call__(self, code: str) -> Fraction:
        return self.group.node_points(code, self.i)
