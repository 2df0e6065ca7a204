"""The rules that read people's opinions: ratings by rater groups (等次评价) and satisfaction surveys."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..numbers import HUNDRED, ZERO, input_number, plain_number, to_fraction
from ..ops import ExactOps, Num, Ops, clamp
from .base import Env, LoadContext, Outcome, Rule, number_param, shorten
from .numeric import band_definition, band_points, parse_bands

GROUP_KEYS = frozenset({"name", "label", "weight"})


def _parse_groups(groups: Any, ctx: LoadContext, code: str) -> list[dict[str, Any]]:
    if groups is None:
        return []
    if not isinstance(groups, list) or not groups:
        ctx.add(code, "评价群体（groups）必须是非空列表")
        return []
    out, seen = [], set()
    for i, group in enumerate(groups, 1):
        if not isinstance(group, dict) or not isinstance(group.get("name"), str):
            ctx.add(code, f"第{i}个评价群体必须有名称（name）")
            continue
        if group["name"] in seen:
            ctx.add(code, f"评价群体「{group['name']}」重复")
        seen.add(group["name"])
        unknown = set(group) - GROUP_KEYS
        for key in sorted(unknown):
            ctx.add(code, f"评价群体「{group['name']}」不认识字段「{key}」")
        weight = number_param(group.get("weight", 100), ctx, code, f"评价群体「{group['name']}」的权重", positive=True)
        out.append({"name": group["name"], "label": group.get("label"), "weight": weight or Fraction(1)})
    return out


def _groups_definition(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for g in groups:
        item = {"name": g["name"]}
        if g["label"]:
            item["label"] = g["label"]
        item["weight"] = plain_number(g["weight"])
        out.append(item)
    return out


def _combine_groups(groups: list[dict[str, Any]], raw: Any,
                    per_group: Callable[[Any], tuple[Fraction | None, dict[str, Any]]], env_warnings: list[str]) -> tuple[Fraction | None, dict[str, Any]]:
    """Apply `per_group(value) -> (score 0..100 | None, detail)` to each group, weight the groups present."""
    if not isinstance(raw, dict):
        env_warnings.append("有评价群体时，输入应为 {群体: 评价} 形式")
        return None, {}
    known = {g["name"] for g in groups}
    env_warnings.extend(f"输入中的评价群体「{name}」不在本指标中，已忽略" for name in sorted(set(map(str, raw)) - known))
    detail_groups, total_weight, weighted = {}, ZERO, ZERO
    missing_groups = []
    for group in groups:
        score, detail = per_group(raw.get(group["name"]))
        detail["weight"] = group["weight"]
        detail_groups[group["name"]] = detail
        if score is None:
            missing_groups.append(group["name"])
            continue
        total_weight += group["weight"]
        weighted += group["weight"] * score
    detail = {"groups": detail_groups}
    if missing_groups:
        detail["groups_missing"] = missing_groups
    if total_weight == 0:
        return None, detail
    combined = weighted / total_weight
    detail["combined"] = combined
    return combined, detail


class RatingRule(Rule):
    type = "rating"
    keys = frozenset({"scale", "groups"})

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        scale = d.get("scale")
        self.mapping: dict[str, Fraction] = {}
        if isinstance(scale, str):
            if scale not in ctx.rating_scales:
                ctx.add(self.code, f"等次评价规则引用了未定义的评价等次「{scale}」")
            else:
                self.mapping = ctx.rating_scales[scale]
            self.definition["scale"] = scale
        elif isinstance(scale, dict):
            self.mapping = parse_rating_scale(scale, ctx, self.code)
            self.definition["scale"] = {k: plain_number(v) for k, v in self.mapping.items()}
        else:
            ctx.add(self.code, "等次评价规则缺少评价等次（scale），如 {优秀: 100, 良好: 85, 一般: 70, 差: 50}")
        self.top = max(self.mapping.values()) if self.mapping else Fraction(1)
        if self.top <= 0:
            self.top = Fraction(1)
        self.groups = _parse_groups(d.get("groups"), ctx, self.code)
        if self.groups:
            self.definition["groups"] = _groups_definition(self.groups)

    def _average(self, raw: Any, warnings: list[str]) -> tuple[Fraction | None, dict[str, Any]]:
        if raw is None:
            return None, {}
        if isinstance(raw, str | int | float) and not isinstance(raw, bool):
            raw = [raw]
        counts: dict[str, Fraction] = {}
        if isinstance(raw, dict):
            items = [(k, to_fraction(v)) for k, v in raw.items()]
        elif isinstance(raw, list):
            items = [(r, Fraction(1)) for r in raw]
        else:
            warnings.append(f"评价输入「{shorten(raw)}」无法识别")
            return None, {}
        total_n, total = ZERO, ZERO
        for label, n in items:
            if n is None or n < 0:
                warnings.append(f"「{label}」的人数不是非负数，已忽略")
                continue
            score = self.mapping.get(str(label).strip()) if not isinstance(label, int | float) else None
            if score is None:
                number = input_number(label)
                if number is not None and 0 <= number <= self.top:
                    score = number
                else:
                    warnings.append(f"评价「{shorten(label)}」不在评价等次中，已忽略")
                    continue
            key = str(label).strip()
            counts[key] = counts.get(key, ZERO) + n
            total_n += n
            total += score * n
        if total_n == 0:
            return None, {"counts": counts}
        average = total / total_n
        return average * HUNDRED / self.top, {"counts": counts, "ratings": total_n, "average": average}

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        warnings: list[str] = []
        if self.groups:
            combined, detail = _combine_groups(self.groups, raw, lambda v: self._average(v, warnings), warnings)
        else:
            combined, detail = self._average(raw, warnings)
        if combined is None:
            return Outcome(None, detail, warnings)
        detail["percent"] = combined
        return Outcome(env.scale * combined / HUNDRED, detail, warnings)


def parse_rating_scale(scale: Any, ctx: LoadContext, where: str) -> dict[str, Fraction]:
    if not isinstance(scale, dict) or not scale:
        ctx.add(where, "评价等次必须是 {等次: 分数} 的非空映射")
        return {}
    out = {}
    for label, score in scale.items():
        number = to_fraction(score)
        if number is None or number < 0:
            ctx.add(where, f"评价等次「{label}」的分数「{score}」必须是非负数")
            continue
        out[str(label)] = number
    return out


def fraction_rate(raw: Any, number: Fraction) -> bool:
    """A rate given as a fraction (0.8982 for 89.82%): a bare number strictly between 0 and 1. Rates are percents
    in a scheme, so it is refused rather than scored as 0.9%; "0.5%" (with its sign) is half a percent."""
    return ZERO < number < 1 and not (isinstance(raw, str) and raw.strip().endswith(("%", "％")))


def fraction_rate_warning(raw: Any) -> str:
    return f"满意率「{shorten(raw)}」像是小数形式，请按百分数填写（如 89.82 或 89.82%），本项按缺失处理"


class SurveyRule(Rule):
    type = "survey"
    keys = frozenset({"options", "groups", "bands"})
    refuses_fraction_rates = True

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        self.options = parse_rating_scale(d["options"], ctx, self.code) if "options" in d else {}
        if self.options:
            self.definition["options"] = {k: plain_number(v) for k, v in self.options.items()}
            if any(v > 100 for v in self.options.values()):
                ctx.add(self.code, "满意度选项的分数应在 0 到 100 之间")
        self.groups = _parse_groups(d.get("groups"), ctx, self.code)
        if self.groups:
            self.definition["groups"] = _groups_definition(self.groups)
        self.bands = parse_bands(d.get("bands"), ctx, self.code, nominal_scale) if "bands" in d else []
        if self.bands:
            self.definition["bands"] = [band_definition(b) for b in self.bands]

    @property
    def takes_plain_numbers(self) -> bool:
        """Without groups a plain number is the satisfaction rate itself."""
        return not self.groups

    def value(self, number: Num, scale: Fraction, kind: str, ops: Ops) -> Num:
        ops.note("rate", lambda: number)
        return self.from_rate(clamp(ops, number, ZERO, HUNDRED, "满意率"), scale, ops)

    def from_rate(self, rate: Num, scale: Fraction, ops: Ops) -> Num:
        """A satisfaction rate (0–100) → the value on the leaf's scale: by the rule's bands, or in proportion."""
        ops.note("satisfaction", lambda: rate)
        if self.bands:
            points, index = band_points(self.bands, rate, ZERO, ops)
            ops.note("band", lambda: int(index) or None)
            return clamp(ops, points, ZERO, scale, "档次分值")
        return scale * rate / HUNDRED

    def _rate(self, raw: Any, warnings: list[str], precision: int) -> tuple[Fraction | None, dict[str, Any]]:
        if raw is None:
            return None, {}
        number = input_number(raw)
        if number is not None and fraction_rate(raw, number):
            warnings.append(fraction_rate_warning(raw))
            return None, {}
        if number is not None:
            ops = ExactOps(precision)
            rate = clamp(ops, number, ZERO, HUNDRED, "满意率")
            warnings.extend(ops.warnings)
            return rate, {"rate": number}
        if isinstance(raw, dict):
            if set(raw) <= {"satisfied", "total", "满意", "总数"} and ("satisfied" in raw or "total" in raw):
                sat = to_fraction(raw.get("satisfied"))
                tot = to_fraction(raw.get("total"))
                if sat is None or tot is None or tot <= 0 or sat < 0 or sat > tot:
                    warnings.append("满意人数和总人数必须是数字，且 0 ≤ 满意人数 ≤ 总人数")
                    return None, {}
                return sat * HUNDRED / tot, {"satisfied": sat, "total": tot}
            if not self.options:
                warnings.append("按选项统计的满意度需要在规则中给出选项分数（options）")
                return None, {}
            total_n, total = ZERO, ZERO
            counts = {}
            for answer, n in raw.items():
                count = to_fraction(n)
                score = self.options.get(str(answer))
                if score is None or count is None or count < 0:
                    warnings.append(f"满意度选项「{shorten(answer)}」或其人数无法识别，已忽略")
                    continue
                counts[str(answer)] = count
                total_n += count
                total += score * count
            if total_n == 0:
                return None, {"counts": counts}
            return total / total_n, {"counts": counts, "answers": total_n}
        warnings.append(f"满意度输入「{shorten(raw)}」无法识别")
        return None, {}

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        warnings: list[str] = []
        number = input_number(raw)
        if not self.groups and number is not None:
            if fraction_rate(raw, number):
                return Outcome(None, {}, [fraction_rate_warning(raw)])
            value, detail = self.explained_value(number, env, warnings)
            return Outcome(value, detail, warnings)
        if self.groups:
            rate, detail = _combine_groups(self.groups, raw, lambda v: self._rate(v, warnings, env.precision),
                                           warnings)
        else:
            rate, detail = self._rate(raw, warnings, env.precision)
        if rate is None:
            return Outcome(None, detail, warnings)
        ops = ExactOps(env.precision)
        value = self.from_rate(rate, env.scale, ops)
        warnings.extend(ops.warnings)
        return Outcome(value, {**detail, **ops.detail}, warnings)



