"""Exact arithmetic. The explained path computes with `Fraction` and rounds half-up to the scheme's precision at
fixed points (once per leaf, after rescaling and after a base share); the fast path reproduces the same integer
results with NumPy. Outputs are `Decimal`s quantized to the precision."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

ZERO = Fraction(0)
HUNDRED = Fraction(100)


def to_fraction(value: object) -> Fraction | None:
    """A number given by a person or a file → exact Fraction; None when it is not a number.

    Floats are read by their shortest decimal representation (0.1 is one tenth), strings by their decimal
    text ("27.5", "40%" is not a number here). Booleans are not numbers."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Fraction(repr(value))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if _NUMBER_RE.match(text):
            return Fraction(text)
        return None
    return None


def input_number(value: object) -> Fraction | None:
    """A number a unit's inputs give: as `to_fraction`, and a rate written with its percent sign ("89.82%",
    "89.82％") is the number of percent (89.82), as rates are everywhere in a scheme."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("%", "％")):
            return to_fraction(text[:-1])
    return to_fraction(value)


def parse_percent(value: object) -> Fraction | None:
    """A weight: 40, 40.0, "40", "40%" → Fraction(40)."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        return to_fraction(value.strip()[:-1])
    return to_fraction(value)


def round_units(value: Fraction, precision: int) -> int:
    """Round half-up (away from zero for negatives) to an integer number of 10**-precision units."""
    scaled = value * 10**precision
    if scaled >= 0:
        return int((scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2))
    return -int((-scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2))


def round_fraction(value: Fraction, precision: int) -> Fraction:
    return Fraction(round_units(value, precision), 10**precision)


def to_decimal(value: Fraction, precision: int) -> Decimal:
    """Fraction → Decimal with exactly `precision` decimals (half-up)."""
    units = round_units(value, precision)
    quantum = Decimal(1).scaleb(-precision)
    return (Decimal(units) * quantum).quantize(quantum, rounding=ROUND_HALF_UP)


def json_number(value: Fraction | Decimal | int | None, precision: int) -> int | float | None:
    """A number for JSON output: an int when whole, else a float of the rounded decimal (stable repr)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = Fraction(value)
    if isinstance(value, int):
        return value
    units = round_units(value, precision)
    if units % 10**precision == 0:
        return int(units // 10**precision)
    return float(Decimal(units).scaleb(-precision))


def plain_number(value: Fraction) -> int | float:
    """A definition number back to YAML/JSON: int when whole, else float (definitions use few decimals)."""
    if value.denominator == 1:
        return int(value)
    return float(Decimal(value.numerator) / Decimal(value.denominator))


def format_number(value: Fraction | Decimal, precision: int) -> str:
    """For tables: 87.5 → "87.50" with the precision."""
    if isinstance(value, Decimal):
        value = Fraction(value)
    return str(to_decimal(value, precision))


def json_safe(value: Any) -> Any:
    """Raw inputs echoed into results: make them JSON-ready and deterministic."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, Decimal | Fraction):
        frac = Fraction(value)
        return int(frac) if frac.denominator == 1 else float(frac)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
