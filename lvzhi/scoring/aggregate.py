"""How points add up, written once for both paths (see `lvzhi.scoring.ops`): a leaf's value on its scale → its
points; an inner node's children → its points (docs/scoring.md, "How a total is computed", steps 2 and 3)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .numbers import HUNDRED, ZERO
from .ops import Mask, Num, Ops
from .vocab import ADJUSTMENT_KINDS


def leaf_points(ops: Ops, value: Num, maximum: Fraction, scale: Fraction) -> Num:
    """A value on the leaf's scale → its points of the total, rounded once."""
    if scale == 0:
        return ops.zeros()
    return ops.round(value * (maximum / scale))


@dataclass
class Child:
    kind: str
    points: Num  # unsigned: a deduction's amount is positive
    applicable: Mask
    max: Fraction


@dataclass
class Combined:
    """An inner node's points and the steps the explanation shows."""

    points: Num
    applicable: Mask
    summed: Num = ZERO
    applicable_max: Num = ZERO
    rescaled: Mask = False
    before_share: Num = ZERO
    bonus: Num = ZERO
    deduction: Num = ZERO
    before_floor: Num = ZERO
    floored: Mask = False
    capped: Mask = False


def combine_adjustment(ops: Ops, children: list[Child], maximum: Fraction) -> Combined:
    """A bonus or deduction group: the sum of its applicable children, capped at its points."""
    amounts = ops.zeros()
    for child in children:
        amounts = amounts + ops.where(child.applicable, child.points, ZERO)
    cap = ops.round(maximum)
    capped = amounts > cap
    applicable = ops.any([c.applicable for c in children]) if children else True
    return Combined(ops.where(capped, cap, amounts), applicable, summed=amounts, capped=capped)


def combine(ops: Ops, children: list[Child], maximum: Fraction, scale: Fraction, base_points: Fraction | None,
            base_share: Fraction | None) -> Combined:
    """A regular inner node (or the root): applicable regular children summed and rescaled to the node's
    maximum when some do not apply, times a base share, plus base points, bonuses and minus deductions, never
    below 0. Not applicable when none of its regular children applies and it has no base points."""
    regular = [c for c in children if c.kind not in ADJUSTMENT_KINDS]
    base_value = ops.round(base_points * maximum / scale) if base_points and scale else ZERO
    capacity = maximum - (base_points * maximum / scale if base_points and scale else ZERO)
    any_applicable = ops.any([c.applicable for c in regular])
    applicable = any_applicable if regular and not base_points else True
    summed = ops.zeros()
    applicable_max = ops.zeros()
    for child in regular:
        summed = summed + ops.where(child.applicable, child.points, ZERO)
        applicable_max = applicable_max + ops.where(child.applicable, child.max, ZERO)
    rescaled = any_applicable & (applicable_max != capacity) & (applicable_max > 0)
    regular_part = ops.where(rescaled, ops.round(ops.divide(summed * capacity, applicable_max)), summed)
    before_share = regular_part
    if base_share is not None:
        regular_part = ops.round(regular_part * (base_share / HUNDRED))
    bonus, deduction = ops.zeros(), ops.zeros()
    for child in children:
        if child.kind == "bonus":
            bonus = bonus + ops.where(child.applicable, child.points, ZERO)
        elif child.kind == "deduction":
            deduction = deduction + ops.where(child.applicable, child.points, ZERO)
    before_floor = regular_part + base_value + bonus - deduction
    floored = before_floor < 0
    points = ops.where(applicable, ops.where(floored, ZERO, before_floor), ZERO)
    return Combined(points, applicable, summed, applicable_max, rescaled, before_share, bonus, deduction,
                    before_floor, floored)
