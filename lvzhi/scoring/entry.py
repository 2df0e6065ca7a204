"""What people enter for a leaf indicator: whether the leaf applies to a unit's category, the scale an entered
score is on, and the one check "is this value acceptable for this leaf" that entry pages, the API and imports
share (docs/scheme-format.md, "Rules")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .model import Node, Scheme
from .numbers import HUNDRED, plain_number
from .rules import EnteredRule

SCORE_RULES = frozenset({"entered", "import"})  # the raw value is itself a score on the input scale


def applies(scheme: Scheme, code: str, category: str | None) -> bool:
    """False when the leaf, or an indicator above it, has `by_category` 0 for the category (the engine then
    leaves it out of the total)."""
    return not scheme.places(category)[code].excluded


def input_scale(scheme: Scheme, node: Node, category: str | None) -> Fraction | None:
    """The scale an entered or imported score is on: the rule's own `scale`, else the leaf's scale for the
    category (its points, or 100 for a weight, or its `scale`). None for rules whose input is not a score."""
    if not isinstance(node.rule, EnteredRule):
        return None
    return node.rule.rule_scale or scheme.places(category)[node.code].scale


@dataclass(frozen=True)
class ValueProblem:
    """Why a value is not acceptable: `reason` is one of REASONS, `limit` the bound it crossed."""

    reason: str
    limit: Fraction | None = None

    @property
    def message(self) -> str:
        text = REASONS[self.reason]
        return text.format(limit=plain_number(self.limit)) if self.limit is not None else text


REASONS = {
    "negative": "不能为负数",
    "not_integer": "次数应为整数",
    "rank": "名次应为正整数",
    "rate": "满意率应在0到100之间",
    "rate_fraction": "满意率应按百分数填写(如 89.82 或 89.82%),不能写成 0 到 1 之间的小数",
    "over_scale": "超出满分 {limit}",
}


def value_problem(scheme: Scheme, code: str, category: str | None, value: Decimal | Fraction | int
                  ) -> ValueProblem | None:
    """None when `value` may be entered for the leaf `code` of a unit of `category`; else the problem.
    A code that is not a leaf (a named input of the scheme) takes any number."""
    node = scheme.nodes.get(code)
    if node is None or not node.is_leaf or node.rule is None:
        return None
    number = Fraction(value)
    rule_type = node.rule.type
    if number < 0:
        return ValueProblem("negative")
    if rule_type == "occurrences" and number.denominator != 1:
        return ValueProblem("not_integer")
    if rule_type == "rank" and (number < 1 or number.denominator != 1):
        return ValueProblem("rank")
    if rule_type == "survey" and 0 < number < 1:
        return ValueProblem("rate_fraction")
    if rule_type == "survey" and number > HUNDRED:
        return ValueProblem("rate", HUNDRED)
    scale = input_scale(scheme, node, category)
    if scale is not None and number > scale:
        return ValueProblem("over_scale", scale)
    return None
