"""Machine rules of leaf indicators, by type (docs/scheme-format.md, "Rules")."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..vocab import RULE_LOOKUP, RULE_TYPES
from .base import Env, LoadContext, Outcome, Rule, shorten
from .computed import FormulaRule, RankRule
from .numeric import BandsRule, EnteredRule, ImportRule, OccurrencesRule, RatioRule
from .opinion import RatingRule, SurveyRule, parse_rating_scale

__all__ = [
    "RULE_CLASSES", "BandsRule", "EnteredRule", "Env", "FormulaRule", "ImportRule", "LoadContext", "OccurrencesRule",
    "Outcome", "RankRule", "RatingRule", "RatioRule", "Rule", "SurveyRule", "build_rule", "parse_rating_scale",
]

RULE_CLASSES: dict[str, type[Rule]] = {
    cls.type: cls
    for cls in (EnteredRule, RatioRule, BandsRule, RatingRule, SurveyRule, OccurrencesRule, RankRule, ImportRule,
                FormulaRule)
}


def build_rule(definition: Any, code: str, ctx: LoadContext, nominal_scale: Fraction | None) -> Rule | None:
    if isinstance(definition, str):
        definition = {"type": definition}
    if not isinstance(definition, dict):
        ctx.add(code, f"规则必须是 {{type: …}} 形式，不是「{shorten(definition)}」")
        return None
    kind = RULE_LOOKUP.get(str(definition.get("type", "")).strip())
    if kind is None:
        names = "、".join(f"{k}（{v}）" for k, v in RULE_TYPES.items())
        ctx.add(code, f"未知的规则类型「{definition.get('type')}」，可用：{names}")
        return None
    return RULE_CLASSES[kind](definition, code, ctx, nominal_scale)
