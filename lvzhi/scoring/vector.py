"""The batch backend of the shared arithmetic (`lvzhi.scoring.ops`): exact rationals for many units at once.

A `Rationals` holds a numerator array and a positive denominator array (NumPy int64; Python integers in an
object array as soon as an int64 could overflow, so results are always exact). Rounding is the explained path's
half-up rounding of the same exact rational, so both backends give the same points."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Union

import numpy as np
import numpy.typing as npt

INT64_SAFE = 2**62

Array = npt.NDArray[Any]
Operand = Union["Rationals", Fraction, int]


def _magnitude(values: Array) -> int:
    if values.ndim == 0:
        return abs(int(values))
    if values.size == 0:
        return 0
    if values.dtype == object:
        return int(max(abs(int(v)) for v in values.flat))
    return int(np.abs(values).max())


def _product(a: Array, b: Array) -> Array:
    """a * b exactly: int64 when the result surely fits, Python integers otherwise."""
    if a.dtype != object and b.dtype != object and _magnitude(a) * _magnitude(b) < INT64_SAFE:
        return a * b
    return np.asarray(a.astype(object) * b.astype(object))


def _sum(a: Array, b: Array) -> Array:
    if a.dtype != object and b.dtype != object and _magnitude(a) + _magnitude(b) < INT64_SAFE:
        return a + b
    return np.asarray(a.astype(object) + b.astype(object))


def _narrow(values: Array) -> Array:
    """Back to int64 when every value fits (keeps later operations fast)."""
    if values.dtype == object and _magnitude(values) < INT64_SAFE:
        return values.astype(np.int64)
    return values


def _integer(value: int) -> Array:
    return np.asarray(value, dtype=np.int64 if abs(value) < INT64_SAFE else object)


class Rationals:
    """Exact rationals, element-wise: num / den with den > 0. Constants broadcast (0-d arrays)."""

    __slots__ = ("den", "num")
    __array_ufunc__ = None  # NumPy defers to these operators instead of treating this as an object

    def __init__(self, num: Array, den: Array):
        self.num = num
        self.den = den

    @classmethod
    def of(cls, value: Operand) -> Rationals:
        if isinstance(value, Rationals):
            return value
        fraction = Fraction(value)
        return cls(_integer(fraction.numerator), _integer(fraction.denominator))

    def over(self, den: int) -> Rationals:
        """The same numbers over a scalar denominator that is a multiple of this one's (scalar) denominator."""
        factor = den // int(self.den)
        return self if factor == 1 else Rationals(_product(self.num, _integer(factor)), _integer(den))

    def reduced(self) -> Rationals:
        num, den = self.num, self.den
        if num.dtype == object or den.dtype == object:
            num, den = num.astype(object), den.astype(object)
        divisor = np.gcd(num, den)
        divisor = np.where(divisor == 0, 1, divisor)
        return Rationals(_narrow(num // divisor), _narrow(den // divisor))

    # -- arithmetic ---------------------------------------------------------------------------------------------
    def __add__(self, other: Operand) -> Rationals:
        a, o = _common(self, Rationals.of(other))
        if a.den.ndim == 0 and o.den.ndim == 0:
            return Rationals(_sum(a.num, o.num), a.den)
        return Rationals(_sum(_product(self.num, o.den), _product(o.num, self.den)),
                         _product(self.den, o.den)).reduced()

    __radd__ = __add__

    def __neg__(self) -> Rationals:
        return Rationals(-self.num, self.den)

    def __sub__(self, other: Operand) -> Rationals:
        return self + -Rationals.of(other)

    def __rsub__(self, other: Operand) -> Rationals:
        return Rationals.of(other) + -self

    def __mul__(self, other: Operand) -> Rationals:
        o = Rationals.of(other)
        return Rationals(_product(self.num, o.num), _product(self.den, o.den)).reduced()

    __rmul__ = __mul__

    def __truediv__(self, other: Operand) -> Rationals:
        """Cells dividing by 0 give 0 (the shared arithmetic chooses them away with `where`)."""
        o = Rationals.of(other)
        sign = np.where(o.num < 0, -1, 1)
        zero = o.num == 0
        divisor = np.where(zero, 1, o.num * sign)
        return Rationals(np.where(zero, 0, _product(_product(self.num, o.den), sign)),
                         _product(self.den, divisor)).reduced()

    def __rtruediv__(self, other: Operand) -> Rationals:
        return Rationals.of(other) / self

    # -- comparisons (denominators are positive, so cross-multiplying keeps the order) ---------------------------
    def _sides(self, other: Operand) -> tuple[Array, Array]:
        o = Rationals.of(other)
        return _product(self.num, o.den), _product(o.num, self.den)

    def __lt__(self, other: Operand) -> Array:
        a, b = self._sides(other)
        return np.asarray(a < b, dtype=bool)

    def __le__(self, other: Operand) -> Array:
        a, b = self._sides(other)
        return np.asarray(a <= b, dtype=bool)

    def __gt__(self, other: Operand) -> Array:
        a, b = self._sides(other)
        return np.asarray(a > b, dtype=bool)

    def __ge__(self, other: Operand) -> Array:
        a, b = self._sides(other)
        return np.asarray(a >= b, dtype=bool)

    def __eq__(self, other: object) -> Array:  # type: ignore[override]
        a, b = self._sides(other)  # type: ignore[arg-type]
        return np.asarray(a == b, dtype=bool)

    def __ne__(self, other: object) -> Array:  # type: ignore[override]
        a, b = self._sides(other)  # type: ignore[arg-type]
        return np.asarray(a != b, dtype=bool)

    __hash__ = None  # type: ignore[assignment]

    def units(self, precision: int) -> Array:
        """Half-up (away from zero) rounding to integer counts of 10**-precision."""
        num = _product(self.num, _integer(2 * 10**precision))
        den = self.den
        twice = _product(den, _integer(2))
        positive = (_sum(num, den)) // twice
        negative = -((_sum(-num, den)) // twice)
        return _narrow(np.asarray(np.where(num >= 0, positive, negative)))


class VectorOps:
    """Every unit of one category layout at once (see `lvzhi.scoring.ops.Ops`)."""

    explaining = False

    def __init__(self, precision: int, size: int):
        self.precision = precision
        self.size = size
        self.quantum = 10**precision

    def points(self, units: Array) -> Rationals:
        """Integer counts of 10**-precision points as rationals."""
        return Rationals(units, _integer(self.quantum))

    def where(self, mask: Any, then: Any, otherwise: Any) -> Rationals:
        a, b = _common(Rationals.of(then), Rationals.of(otherwise))
        mask = np.broadcast_to(np.asarray(mask, dtype=bool), (self.size,))
        if a.den.ndim == 0 and b.den.ndim == 0:
            return Rationals(_where(mask, a.num, b.num), a.den)
        return Rationals(_where(mask, a.num, b.num), _where(mask, a.den, b.den))

    def minimum(self, a: Any, b: Any) -> Rationals:
        ra = Rationals.of(a)
        return self.where(ra <= b, ra, b)

    def maximum(self, a: Any, b: Any) -> Rationals:
        ra = Rationals.of(a)
        return self.where(ra >= b, ra, b)

    def negate(self, mask: Any) -> Array:
        return np.asarray(np.logical_not(mask))

    def any(self, masks: list[Any]) -> Array:
        out = np.zeros(self.size, dtype=bool)
        for mask in masks:
            out = out | mask
        return out

    def divide(self, a: Any, b: Any) -> Rationals:
        return Rationals.of(a) / Rationals.of(b)

    def round(self, value: Any) -> Rationals:
        return self.points(np.broadcast_to(Rationals.of(value).units(self.precision), (self.size,)))

    def zeros(self) -> Rationals:
        return self.points(np.zeros(self.size, dtype=np.int64))

    def warn(self, mask: Any, message: Callable[[], str]) -> None:
        pass

    def note(self, key: str, value: Callable[[], object]) -> None:
        pass


def _common(a: Rationals, b: Rationals) -> tuple[Rationals, Rationals]:
    """Both over one scalar denominator when both have a scalar one (sums and choices then stay cheap)."""
    if a.den.ndim or b.den.ndim:
        return a, b
    da, db = int(a.den), int(b.den)
    if da == db:
        return a, b
    common = math.lcm(da, db)
    if common >= 2**31:
        return a, b
    return a.over(common), b.over(common)


def _where(mask: Array, a: Array, b: Array) -> Array:
    if a.dtype == object or b.dtype == object:
        return np.where(mask, a.astype(object), b.astype(object))
    return np.where(mask, a, b)
