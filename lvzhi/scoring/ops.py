"""The one arithmetic of the engine, written once for two backends.

A rule's value for a plain-number input (`Rule.value`) and an inner node's aggregation (`aggregate.combine`) are
written as ordinary Python over numbers of a backend, using only `+ - * /`, comparisons, `&`/`|` on their
results, and the functions of an `Ops` (where, minimum, maximum, round, …). Two backends run them:

- `ExactOps` (here): one unit, exact `Fraction`s; it also records the warnings and the working (detail) of the
  explanation. The explained path uses it.
- `VectorOps` (`lvzhi.scoring.vector`): every unit of a batch at once, exact rationals held in NumPy integer
  arrays. The batch path uses it.

So a new rule or a change to the aggregation is written in one place and both paths compute it the same way.
Comparisons give a `bool` with `ExactOps` and a boolean array with `VectorOps`: combine them with `&` and `|`,
negate them with `ops.negate`, never with `not`, `and`, `or` or `~`, and choose with `ops.where`, never `if`.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any, Protocol

from .numbers import ZERO, plain_number, round_fraction

# A number of a backend: a Fraction (ExactOps) or an exact rational array (VectorOps). A mask is what comparing
# two of them gives: a bool or a boolean array.
Num = Any
Mask = Any


class Ops(Protocol):
    """What the shared arithmetic may call besides the operators."""

    explaining: bool  # True when warnings and detail are recorded (ExactOps)

    def where(self, mask: Mask, then: Num, otherwise: Num) -> Num: ...

    def minimum(self, a: Num, b: Num) -> Num: ...

    def maximum(self, a: Num, b: Num) -> Num: ...

    def negate(self, mask: Mask) -> Mask: ...

    def any(self, masks: list[Mask]) -> Mask: ...

    def divide(self, a: Num, b: Num) -> Num:
        """a / b where b is not 0 (0 elsewhere: choose those cells away with `where`)."""
        ...

    def round(self, value: Num) -> Num:
        """Half-up (away from zero) to the scheme's precision."""
        ...

    def zeros(self) -> Num: ...

    def warn(self, mask: Mask, message: Callable[[], str]) -> None:
        """Record a warning of the explanation when the mask holds (only ExactOps records)."""
        ...

    def note(self, key: str, value: Callable[[], object]) -> None:
        """Record a step of the working under `key` (only ExactOps records)."""
        ...


class ExactOps:
    """One unit, exact Fractions; warnings and detail are recorded for the explanation."""

    explaining = True

    def __init__(self, precision: int):
        self.precision = precision
        self.warnings: list[str] = []
        self.detail: dict[str, Any] = {}

    def where(self, mask: Mask, then: Num, otherwise: Num) -> Num:
        return then if mask else otherwise

    def minimum(self, a: Num, b: Num) -> Num:
        return a if a <= b else b

    def maximum(self, a: Num, b: Num) -> Num:
        return a if a >= b else b

    def negate(self, mask: Mask) -> Mask:
        return not mask

    def any(self, masks: list[Mask]) -> Mask:
        return any(masks)

    def divide(self, a: Num, b: Num) -> Num:
        return a / b if b != 0 else ZERO

    def round(self, value: Num) -> Num:
        return round_fraction(value, self.precision)

    def zeros(self) -> Num:
        return ZERO

    def warn(self, mask: Mask, message: Callable[[], str]) -> None:
        if mask:
            self.warnings.append(message())

    def note(self, key: str, value: Callable[[], object]) -> None:
        self.detail[key] = value()


def clamp(ops: Ops, value: Num, low: Fraction, high: Fraction, what: str = "输入值") -> Num:
    """value limited to [low, high], with the warning the explanation shows when it was limited."""
    below, above = value < low, value > high
    ops.warn(below, lambda: f"{what} {plain_number(value)} 低于 {plain_number(low)}，按 {plain_number(low)} 计")
    ops.warn(above, lambda: f"{what} {plain_number(value)} 超过 {plain_number(high)}，按 {plain_number(high)} 计")
    return ops.where(below, low, ops.where(above, high, value))
