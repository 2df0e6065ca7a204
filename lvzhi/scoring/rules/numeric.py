"""The rules whose input is one number: entered and imported scores, completion ratios, bands, occurrences.
Their arithmetic is `value` (one description for the explained and the batch path, see `rules.base`)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..numbers import ZERO, input_number, plain_number, to_fraction
from ..ops import ExactOps, Num, Ops, clamp
from ..vocab import ADJUSTMENT_KINDS
from .base import Env, LoadContext, Outcome, Rule, clamp_exact, number_param, shorten


class EnteredRule(Rule):
    type = "entered"
    keys = frozenset({"scale"})

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        self.rule_scale = number_param(d.get("scale"), ctx, self.code, "刻度（scale）", positive=True)
        if self.rule_scale is not None:
            self.definition["scale"] = plain_number(self.rule_scale)

    @property
    def takes_plain_numbers(self) -> bool:
        return True

    def value(self, number: Num, scale: Fraction, kind: str, ops: Ops) -> Num:
        rule_scale = self.rule_scale or scale
        return clamp(ops, number, ZERO, rule_scale) * (scale / rule_scale)

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        warnings: list[str] = []
        number = self._number(raw, warnings)
        if number is None:
            return Outcome(None, {}, warnings)
        value, _ = self.explained_value(number, env, warnings)
        rule_scale = self.rule_scale or env.scale
        detail = {"out_of": rule_scale} if rule_scale != env.scale else {}
        return Outcome(value, detail, warnings)


class ImportRule(EnteredRule):
    type = "import"


class RatioRule(Rule):
    type = "ratio"
    keys = frozenset({"target", "cap", "direction"})

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        target = d.get("target")
        self.target_name: str | None = None
        self.target: Fraction | None = None
        if isinstance(target, str) and to_fraction(target) is None:
            if target not in ctx.inputs and target not in ctx.codes:
                ctx.add(self.code, f"完成率规则的目标引用了未定义的输入「{target}」")
            self.target_name = target
            self.definition["target"] = target
        elif target is not None:
            self.target = number_param(target, ctx, self.code, "目标值（target）", positive=True)
            if self.target is not None:
                self.definition["target"] = plain_number(self.target)
        cap = number_param(d.get("cap", 1), ctx, self.code, "封顶比例（cap）", minimum=0)
        self.cap = cap if cap is not None else Fraction(1)
        self.definition["cap"] = plain_number(self.cap)
        self.direction = d.get("direction", "higher")
        if self.direction not in ("higher", "lower"):
            ctx.add(self.code, f"完成率规则的方向（direction）只能是 higher 或 lower，不是「{self.direction}」")
            self.direction = "higher"
        self.definition["direction"] = self.direction

    @property
    def takes_plain_numbers(self) -> bool:
        """With a fixed target the input is the actual figure alone."""
        return self.target is not None and self.target_name is None

    def value(self, number: Num, scale: Fraction, kind: str, ops: Ops) -> Num:
        assert self.target is not None
        return self.completion(number, self.target, scale, ops)

    def completion(self, actual: Num, target: Fraction, scale: Fraction, ops: Ops) -> Num:
        """Completion ratio, capped; a target of 0 (or, lower-is-better, an actual of 0) counts as met."""
        if self.direction == "higher":
            ratio = self.cap if target <= 0 else actual / target
        else:
            ratio = ops.where(actual <= 0, self.cap, ops.divide(target, actual))
        ratio = ops.minimum(ops.maximum(ratio, ZERO), self.cap)
        ops.note("ratio", lambda: ratio)
        return ops.minimum(scale * ratio, scale)

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        warnings: list[str] = []
        if isinstance(raw, dict):
            actual_raw = raw.get("actual", raw.get("实际"))
            target_raw = raw.get("target", raw.get("目标"))
        else:
            actual_raw, target_raw = raw, None
        if target_raw is None:
            target_raw = env.lookup(self.target_name) if self.target_name else self.target
        actual = self._number(actual_raw, warnings) if actual_raw is not None else None
        if actual is None:
            return Outcome(None, {}, warnings)
        target = input_number(target_raw) if target_raw is not None else None
        if target is None:
            warnings.append("缺少目标值，无法计算完成率")
            return Outcome(None, {"actual": actual}, warnings)
        ops = ExactOps(env.precision)
        value = self.completion(actual, target, env.scale, ops)
        return Outcome(value, {"actual": actual, "target": target, **ops.detail, "cap": self.cap}, warnings)



class BandsRule(Rule):
    type = "bands"
    keys = frozenset({"bands", "else"})

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        self.bands = parse_bands(d.get("bands"), ctx, self.code, nominal_scale, required=True)
        self.definition["bands"] = [band_definition(b) for b in self.bands]
        self.otherwise = number_param(d.get("else", 0), ctx, self.code, "其他情况分值（else）", minimum=0) or ZERO
        if "else" in d:
            self.definition["else"] = plain_number(self.otherwise)

    @property
    def takes_plain_numbers(self) -> bool:
        return True

    def value(self, number: Num, scale: Fraction, kind: str, ops: Ops) -> Num:
        points, index = band_points(self.bands, number, self.otherwise, ops)
        ops.note("band", lambda: int(index) or None)
        ops.note("band_points", lambda: points)
        return clamp(ops, points, ZERO, scale, "档次分值")

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        warnings: list[str] = []
        if raw is None:
            return Outcome(None)
        number = input_number(raw)
        if number is not None:
            value, detail = self.explained_value(number, env, warnings)
            return Outcome(value, detail, warnings)
        if not any(b.get("equals") is not None for b in self.bands):
            warnings.append(f"输入「{shorten(raw)}」不是数字，按缺失处理")
            return Outcome(None, {}, warnings)
        points, index = match_band(self.bands, raw, self.otherwise)
        value = clamp_exact(points, ZERO, env.scale, warnings, "档次分值")
        return Outcome(value, {"band": index + 1 if index is not None else None, "band_points": points}, warnings)


def parse_bands(bands: Any, ctx: LoadContext, code: str, nominal_scale: Fraction | None,
                required: bool = False) -> list[dict[str, Any]]:
    if bands is None:
        if required:
            ctx.add(code, "分档规则缺少档次（bands）")
        return []
    if not isinstance(bands, list) or not bands:
        ctx.add(code, "档次（bands）必须是非空列表")
        return []
    out = []
    for i, band in enumerate(bands, 1):
        if not isinstance(band, dict):
            ctx.add(code, f"第{i}档必须是 {{min, max, points}} 形式")
            continue
        unknown = set(band) - BAND_KEYS
        for key in sorted(unknown):
            ctx.add(code, f"第{i}档不认识字段「{key}」")
        parsed: dict[str, Any] = {"label": band.get("label")}
        for key in ("min", "max"):
            parsed[key] = number_param(band.get(key), ctx, code, f"第{i}档的{key}") if band.get(key) is not None else None
        parsed["equals"] = band.get("equals")
        parsed["points"] = number_param(band.get("points"), ctx, code, f"第{i}档的分值（points）", minimum=0,
                                        required=True)
        if parsed["points"] is not None and nominal_scale is not None and parsed["points"] > nominal_scale:
            ctx.add(code, f"第{i}档的分值 {plain_number(parsed['points'])} 超过本指标满分 {plain_number(nominal_scale)}")
        if parsed["min"] is not None and parsed["max"] is not None and parsed["min"] >= parsed["max"]:
            ctx.add(code, f"第{i}档的下限不小于上限")
        if parsed["points"] is None:
            parsed["points"] = ZERO
        out.append(parsed)
    return out


BAND_KEYS = frozenset({"min", "max", "equals", "points", "label"})


def band_definition(band: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in ("label", "min", "max", "equals"):
        if band.get(key) is not None:
            out[key] = plain_number(band[key]) if isinstance(band[key], Fraction) else band[key]
    out["points"] = plain_number(band["points"])
    return out


def band_points(bands: list[dict[str, Any]], number: Num, otherwise: Fraction, ops: Ops) -> tuple[Num, Num]:
    """The points of the first band a number falls in (min inclusive, max exclusive, or equal to `equals`),
    `otherwise` when none, and (when explaining) its 1-based position, 0 for none. Text bands never take a
    number."""
    points: Num = otherwise
    index: Num = ZERO
    for position, band in reversed(list(enumerate(bands, 1))):
        if band["equals"] is not None:
            target = to_fraction(band["equals"])
            if target is None:
                continue
            hit = number == target
        else:
            hit = True
            if band["min"] is not None:
                hit = hit & (number >= band["min"])
            if band["max"] is not None:
                hit = hit & (number < band["max"])
        points = ops.where(hit, band["points"], points)
        if ops.explaining:
            index = ops.where(hit, position, index)
    return points, index


def match_band(bands: list[dict[str, Any]], raw: Any, otherwise: Fraction) -> tuple[Fraction, int | None]:
    """The first band a raw input (number or text) falls in: (points, 0-based index or None)."""
    number = input_number(raw)
    for index, band in enumerate(bands):
        if band["equals"] is not None:
            target = to_fraction(band["equals"])
            if (target is not None and number == target) or (target is None and str(raw).strip() == str(band["equals"])):
                return band["points"], index
            continue
        if number is None:
            continue
        if band["min"] is not None and number < band["min"]:
            continue
        if band["max"] is not None and number >= band["max"]:
            continue
        return band["points"], index
    return otherwise, None


class OccurrencesRule(Rule):
    type = "occurrences"
    keys = frozenset({"per", "cap"})

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        per = number_param(d.get("per", 1), ctx, self.code, "每次分值（per）", minimum=0)
        self.per = per if per is not None else Fraction(1)
        self.definition["per"] = plain_number(self.per)
        self.cap: Fraction | None = None
        if d.get("cap") is not None:
            self.cap = number_param(d.get("cap"), ctx, self.code, "上限（cap）", minimum=0)
            if self.cap is not None:
                self.definition["cap"] = plain_number(self.cap)

    @property
    def takes_plain_numbers(self) -> bool:
        return True

    def value(self, number: Num, scale: Fraction, kind: str, ops: Ops) -> Num:
        negative = number < 0
        ops.warn(negative, lambda: f"次数 {plain_number(number)} 为负，按 0 计")
        count = ops.where(negative, ZERO, number)
        return self.amount(count, count * self.per, scale, kind, ops)

    def amount(self, count: Num, total: Num, scale: Fraction, kind: str, ops: Ops) -> Num:
        """The sum of the occurrences capped; a bonus or deduction is that amount, any other leaf loses it."""
        cap = min(self.cap, scale) if self.cap is not None else scale
        amount = ops.minimum(total, cap)
        ops.note("occurrences", lambda: count)
        ops.note("sum", lambda: total)
        ops.note("cap", lambda: cap)
        ops.note("amount", lambda: amount)
        if ops.explaining and total > cap:
            ops.note("capped", lambda: True)
        return amount if kind in ADJUSTMENT_KINDS else scale - amount

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        warnings: list[str] = []
        if raw is None:
            return Outcome(None)
        if not isinstance(raw, list):
            count = self._number(raw, warnings)
            if count is None:
                return Outcome(None, {}, warnings)
            value, detail = self.explained_value(count, env, warnings)
            return Outcome(value, detail, warnings)
        items = []
        total = ZERO
        for item in raw:
            if isinstance(item, dict):
                pts = to_fraction(item.get("points")) if item.get("points") is not None else self.per
                if pts is None or pts < 0:
                    warnings.append(f"「{shorten(item)}」的分值不是非负数，已忽略")
                    continue
                items.append({"reason": item.get("reason", ""), "points": pts})
            else:
                pts = self.per
                items.append({"reason": str(item), "points": pts})
            total += pts
        ops = ExactOps(env.precision)
        value = self.amount(Fraction(len(items)), total, env.scale, env.kind, ops)
        detail = ops.detail
        if items:
            detail["items"] = items
        return Outcome(value, detail, warnings)
