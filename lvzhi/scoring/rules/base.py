"""What every machine rule of a leaf indicator shares: the outcome, the load-time context, what a rule sees
while it scores, and the base class. A rule turns one raw input into a value on the leaf's scale (an exact
Fraction) with the steps it took, or None when the input is missing.

A rule whose input is a plain number may also give `value(number, scale, kind, ops)`: its arithmetic written
once over the numbers of a backend (`lvzhi.scoring.ops`). Its `evaluate` calls it with the exact backend and the
batch path calls it with the vector backend for every unit at once, so both compute the same points."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import Issue
from ..numbers import input_number, plain_number, to_fraction
from ..ops import ExactOps, Num, Ops
from ..vocab import RULE_TYPES


@dataclass
class Outcome:
    value: Fraction | None  # on the leaf's scale; None = missing
    detail: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class LoadContext:
    """What a rule needs to validate itself while a scheme loads."""

    def __init__(self, issues: list[Issue], inputs: dict[str, Any], codes: set[str],
                 rating_scales: dict[str, dict[str, Fraction]]):
        self.issues = issues
        self.inputs = inputs  # name -> InputDecl
        self.codes = codes
        self.rating_scales = rating_scales  # name -> {label: Fraction}

    def add(self, where: str, message: str) -> None:
        self.issues.append(Issue(where, message))


class Env:
    """What a rule sees while it scores one unit."""

    __slots__ = ("code", "inputs", "kind", "precision", "rank_context", "scale", "values")

    def __init__(self, code: str, scale: Fraction, kind: str, values: dict[str, Any], inputs: dict[str, Any],
                 rank_context: dict[str, int] | None = None, precision: int = 2):
        self.code = code
        self.scale = scale
        self.kind = kind
        self.values = values
        self.inputs = inputs
        self.rank_context = rank_context
        self.precision = precision

    def lookup(self, name: str) -> Any:
        if name in self.values and self.values[name] is not None:
            return self.values[name]
        decl = self.inputs.get(name)
        return decl.default if decl is not None else None


def number_param(value: Any, ctx: LoadContext, code: str, what: str, *, minimum: Fraction | int | None = None,
                 positive: bool = False, required: bool = False) -> Fraction | None:
    """A number given in a rule's definition, checked; None (with the problem recorded) when it is not one."""
    if value is None:
        if required:
            ctx.add(code, f"规则缺少{what}")
        return None
    number = to_fraction(value)
    if number is None:
        ctx.add(code, f"规则的{what}「{value}」不是数字")
        return None
    if positive and number <= 0:
        ctx.add(code, f"规则的{what}必须大于零（现为 {value}）")
        return None
    if minimum is not None and number < minimum:
        ctx.add(code, f"规则的{what}不能小于 {plain_number(Fraction(minimum))}（现为 {value}）")
        return None
    return number


def clamp_exact(value: Fraction, low: Fraction, high: Fraction, warnings: list[str], what: str = "输入值") -> Fraction:
    if value < low:
        warnings.append(f"{what} {plain_number(value)} 低于 {plain_number(low)}，按 {plain_number(low)} 计")
        return low
    if value > high:
        warnings.append(f"{what} {plain_number(value)} 超过 {plain_number(high)}，按 {plain_number(high)} 计")
        return high
    return value


def shorten(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


class Rule:
    type = ""
    keys: frozenset[str] = frozenset()

    def __init__(self, definition: dict[str, Any], code: str, ctx: LoadContext, nominal_scale: Fraction | None):
        self.code = code
        self.definition: dict[str, Any] = {"type": self.type}
        unknown = sorted(set(definition) - self.keys - {"type", "input"})
        for key in unknown:
            ctx.add(code, f"{RULE_TYPES[self.type]}规则不认识字段「{key}」")
        self.input = definition.get("input")
        if self.input is not None:
            if not isinstance(self.input, str) or (self.input not in ctx.inputs and self.input not in ctx.codes):
                ctx.add(code, f"规则引用了未定义的输入「{self.input}」")
            self.definition["input"] = self.input
        self.parse(definition, ctx, nominal_scale)

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        pass

    def input_key(self) -> str:
        return self.input or self.code

    @property
    def takes_plain_numbers(self) -> bool:
        """True when `value` computes this rule for any plain-number input (the batch path then runs it for
        all units at once)."""
        return False

    def value(self, number: Num, scale: Fraction, kind: str, ops: Ops) -> Num:
        """The value on the leaf's scale of a plain-number input (see the module docstring)."""
        raise NotImplementedError

    def explained_value(self, number: Fraction, env: Env, warnings: list[str]) -> tuple[Fraction, dict[str, Any]]:
        """`value` on the exact backend, its warnings added to `warnings`, and its working."""
        ops = ExactOps(env.precision)
        value = self.value(number, env.scale, env.kind, ops)
        warnings.extend(ops.warnings)
        return value, ops.detail

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        raise NotImplementedError

    def _number(self, raw: Any, outcome_warnings: list[str]) -> Fraction | None:
        if raw is None:
            return None
        number = input_number(raw)
        if number is None:
            outcome_warnings.append(f"输入「{shorten(raw)}」不是数字，按缺失处理")
        return number
