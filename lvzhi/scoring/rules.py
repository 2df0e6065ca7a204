"""Machine rules of leaf indicators (the explained path). Each rule turns one raw input into a value on the
leaf's scale (exact Fraction), with the steps it took, or None when the input is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .expr import Expression, ExpressionError
from .numbers import HUNDRED, ZERO, plain_number, to_fraction
from .vocab import RULE_LOOKUP, RULE_TYPES


@dataclass
class Outcome:
    value: Fraction | None  # on the leaf's scale; None = missing
    detail: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class LoadContext:
    """What a rule needs to validate itself while a scheme loads."""

    def __init__(self, issues, inputs: dict, codes: set, rating_scales: dict):
        self.issues = issues
        self.inputs = inputs  # name -> InputDecl
        self.codes = codes
        self.rating_scales = rating_scales  # name -> {label: Fraction}

    def add(self, where: str, message: str):
        from .errors import Issue

        self.issues.append(Issue(where, message))


class Env:
    """What a rule sees while it scores one unit."""

    __slots__ = ("code", "inputs", "kind", "rank_context", "scale", "values")

    def __init__(self, code, scale, kind, values, inputs, rank_context=None):
        self.code = code
        self.scale = scale
        self.kind = kind
        self.values = values
        self.inputs = inputs
        self.rank_context = rank_context

    def lookup(self, name: str):
        if name in self.values and self.values[name] is not None:
            return self.values[name]
        decl = self.inputs.get(name)
        return decl.default if decl is not None else None


def _num(value, ctx: LoadContext, code: str, what: str, *, minimum=None, positive=False, required=False):
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


def _clamp(value: Fraction, low: Fraction, high: Fraction, warnings: list, what="输入值"):
    if value < low:
        warnings.append(f"{what} {plain_number(value)} 低于 {plain_number(low)}，按 {plain_number(low)} 计")
        return low
    if value > high:
        warnings.append(f"{what} {plain_number(value)} 超过 {plain_number(high)}，按 {plain_number(high)} 计")
        return high
    return value


def _bad(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


class Rule:
    type = ""
    keys: frozenset = frozenset()
    vectorisable = False  # the fast path computes it with NumPy for plain-number inputs

    def __init__(self, definition: dict, code: str, ctx: LoadContext, nominal_scale: Fraction | None):
        self.code = code
        self.definition = {"type": self.type}
        unknown = sorted(set(definition) - self.keys - {"type", "input"})
        for key in unknown:
            ctx.add(code, f"{RULE_TYPES[self.type]}规则不认识字段「{key}」")
        self.input = definition.get("input")
        if self.input is not None:
            if not isinstance(self.input, str) or (self.input not in ctx.inputs and self.input not in ctx.codes):
                ctx.add(code, f"规则引用了未定义的输入「{self.input}」")
            self.definition["input"] = self.input
        self.parse(definition, ctx, nominal_scale)

    def parse(self, d: dict, ctx: LoadContext, nominal_scale):
        pass

    def input_key(self) -> str:
        return self.input or self.code

    def evaluate(self, raw, env: Env) -> Outcome:
        raise NotImplementedError

    def _number(self, raw, outcome_warnings: list) -> Fraction | None:
        if raw is None:
            return None
        number = to_fraction(raw)
        if number is None:
            outcome_warnings.append(f"输入「{_bad(raw)}」不是数字，按缺失处理")
        return number


class EnteredRule(Rule):
    type = "entered"
    keys = frozenset({"scale"})
    vectorisable = True

    def parse(self, d, ctx, nominal_scale):
        self.rule_scale = _num(d.get("scale"), ctx, self.code, "刻度（scale）", positive=True)
        if self.rule_scale is not None:
            self.definition["scale"] = plain_number(self.rule_scale)

    def evaluate(self, raw, env):
        warnings: list[str] = []
        number = self._number(raw, warnings)
        if number is None:
            return Outcome(None, {}, warnings)
        rule_scale = self.rule_scale or env.scale
        clamped = _clamp(number, ZERO, rule_scale, warnings)
        detail = {"out_of": rule_scale} if rule_scale != env.scale else {}
        return Outcome(clamped * env.scale / rule_scale, detail, warnings)


class ImportRule(EnteredRule):
    type = "import"

    def evaluate(self, raw, env):
        return super().evaluate(raw, env)


class RatioRule(Rule):
    type = "ratio"
    keys = frozenset({"target", "cap", "direction"})
    vectorisable = True

    def parse(self, d, ctx, nominal_scale):
        target = d.get("target")
        self.target_name = None
        self.target = None
        if isinstance(target, str) and to_fraction(target) is None:
            if target not in ctx.inputs and target not in ctx.codes:
                ctx.add(self.code, f"完成率规则的目标引用了未定义的输入「{target}」")
            self.target_name = target
            self.definition["target"] = target
        elif target is not None:
            self.target = _num(target, ctx, self.code, "目标值（target）", positive=True)
            if self.target is not None:
                self.definition["target"] = plain_number(self.target)
        cap = d.get("cap", 1)
        self.cap = _num(cap, ctx, self.code, "封顶比例（cap）", minimum=0)
        if self.cap is None:
            self.cap = Fraction(1)
        self.definition["cap"] = plain_number(self.cap)
        self.direction = d.get("direction", "higher")
        if self.direction not in ("higher", "lower"):
            ctx.add(self.code, f"完成率规则的方向（direction）只能是 higher 或 lower，不是「{self.direction}」")
            self.direction = "higher"
        self.definition["direction"] = self.direction

    def evaluate(self, raw, env):
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
        target = to_fraction(target_raw) if target_raw is not None else None
        if target is None:
            warnings.append("缺少目标值，无法计算完成率")
            return Outcome(None, {"actual": actual}, warnings)
        ratio = ratio_value(actual, target, self.cap, self.direction)
        value = min(env.scale * ratio, env.scale)
        return Outcome(value, {"actual": actual, "target": target, "ratio": ratio, "cap": self.cap}, warnings)


def ratio_value(actual: Fraction, target: Fraction, cap: Fraction, direction: str) -> Fraction:
    """Completion ratio, capped; a target of 0 (or, lower-is-better, an actual of 0) counts as met."""
    if direction == "higher":
        ratio = cap if target <= 0 else actual / target
    else:
        ratio = cap if actual <= 0 else target / actual
    return min(max(ratio, ZERO), cap)


class BandsRule(Rule):
    type = "bands"
    keys = frozenset({"bands", "else"})
    vectorisable = True

    def parse(self, d, ctx, nominal_scale):
        self.bands = parse_bands(d.get("bands"), ctx, self.code, nominal_scale, required=True)
        self.definition["bands"] = [band_definition(b) for b in self.bands]
        self.otherwise = _num(d.get("else", 0), ctx, self.code, "其他情况分值（else）", minimum=0) or ZERO
        if "else" in d:
            self.definition["else"] = plain_number(self.otherwise)

    def evaluate(self, raw, env):
        warnings: list[str] = []
        if raw is None:
            return Outcome(None)
        points, index = match_band(self.bands, raw, self.otherwise)
        if index is None and to_fraction(raw) is None and not any(b.get("equals") is not None for b in self.bands):
            warnings.append(f"输入「{_bad(raw)}」不是数字，按缺失处理")
            return Outcome(None, {}, warnings)
        value = _clamp(points, ZERO, env.scale, warnings, "档次分值")
        return Outcome(value, {"band": index + 1 if index is not None else None, "band_points": points}, warnings)


def parse_bands(bands, ctx: LoadContext, code: str, nominal_scale, required=False) -> list[dict]:
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
        unknown = set(band) - {"min", "max", "equals", "points", "label"}
        for key in sorted(unknown):
            ctx.add(code, f"第{i}档不认识字段「{key}」")
        parsed = {"label": band.get("label")}
        for key in ("min", "max"):
            parsed[key] = _num(band.get(key), ctx, code, f"第{i}档的{key}") if band.get(key) is not None else None
        parsed["equals"] = band.get("equals")
        parsed["points"] = _num(band.get("points"), ctx, code, f"第{i}档的分值（points）", minimum=0, required=True)
        if parsed["points"] is not None and nominal_scale is not None and parsed["points"] > nominal_scale:
            ctx.add(code, f"第{i}档的分值 {plain_number(parsed['points'])} 超过本指标满分 {plain_number(nominal_scale)}")
        if parsed["min"] is not None and parsed["max"] is not None and parsed["min"] >= parsed["max"]:
            ctx.add(code, f"第{i}档的下限不小于上限")
        if parsed["points"] is None:
            parsed["points"] = ZERO
        out.append(parsed)
    return out


def band_definition(band: dict) -> dict:
    out = {}
    for key in ("label", "min", "max", "equals"):
        if band.get(key) is not None:
            out[key] = plain_number(band[key]) if isinstance(band[key], Fraction) else band[key]
    out["points"] = plain_number(band["points"])
    return out


def match_band(bands: list[dict], raw, otherwise: Fraction) -> tuple[Fraction, int | None]:
    number = to_fraction(raw)
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


def _parse_groups(groups, ctx: LoadContext, code: str) -> list[dict]:
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
        unknown = set(group) - {"name", "label", "weight"}
        for key in sorted(unknown):
            ctx.add(code, f"评价群体「{group['name']}」不认识字段「{key}」")
        weight = _num(group.get("weight", 100), ctx, code, f"评价群体「{group['name']}」的权重", positive=True)
        out.append({"name": group["name"], "label": group.get("label"), "weight": weight or Fraction(1)})
    return out


def _groups_definition(groups: list[dict]) -> list[dict]:
    out = []
    for g in groups:
        item = {"name": g["name"]}
        if g["label"]:
            item["label"] = g["label"]
        item["weight"] = plain_number(g["weight"])
        out.append(item)
    return out


def _combine_groups(groups: list[dict], raw, per_group, env_warnings: list) -> tuple[Fraction | None, dict]:
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

    def parse(self, d, ctx, nominal_scale):
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

    def _average(self, raw, warnings) -> tuple[Fraction | None, dict]:
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
            warnings.append(f"评价输入「{_bad(raw)}」无法识别")
            return None, {}
        total_n, total = ZERO, ZERO
        for label, n in items:
            if n is None or n < 0:
                warnings.append(f"「{label}」的人数不是非负数，已忽略")
                continue
            score = self.mapping.get(str(label).strip()) if not isinstance(label, int | float) else None
            if score is None:
                number = to_fraction(label)
                if number is not None and 0 <= number <= self.top:
                    score = number
                else:
                    warnings.append(f"评价「{_bad(label)}」不在评价等次中，已忽略")
                    continue
            key = str(label).strip()
            counts[key] = counts.get(key, ZERO) + n
            total_n += n
            total += score * n
        if total_n == 0:
            return None, {"counts": counts}
        average = total / total_n
        return average * HUNDRED / self.top, {"counts": counts, "ratings": total_n, "average": average}

    def evaluate(self, raw, env):
        warnings: list[str] = []
        if self.groups:
            combined, detail = _combine_groups(self.groups, raw, lambda v: self._average(v, warnings), warnings)
        else:
            combined, detail = self._average(raw, warnings)
        if combined is None:
            return Outcome(None, detail, warnings)
        detail["percent"] = combined
        return Outcome(env.scale * combined / HUNDRED, detail, warnings)


def parse_rating_scale(scale, ctx: LoadContext, where: str) -> dict[str, Fraction]:
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


class SurveyRule(Rule):
    type = "survey"
    keys = frozenset({"options", "groups", "bands"})

    def parse(self, d, ctx, nominal_scale):
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

    def _rate(self, raw, warnings) -> tuple[Fraction | None, dict]:
        if raw is None:
            return None, {}
        number = to_fraction(raw)
        if number is not None:
            return _clamp(number, ZERO, HUNDRED, warnings, "满意率"), {"rate": number}
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
                    warnings.append(f"满意度选项「{_bad(answer)}」或其人数无法识别，已忽略")
                    continue
                counts[str(answer)] = count
                total_n += count
                total += score * count
            if total_n == 0:
                return None, {"counts": counts}
            return total / total_n, {"counts": counts, "answers": total_n}
        warnings.append(f"满意度输入「{_bad(raw)}」无法识别")
        return None, {}

    def evaluate(self, raw, env):
        warnings: list[str] = []
        if self.groups:
            rate, detail = _combine_groups(self.groups, raw, lambda v: self._rate(v, warnings), warnings)
        else:
            rate, detail = self._rate(raw, warnings)
        if rate is None:
            return Outcome(None, detail, warnings)
        detail["satisfaction"] = rate
        if self.bands:
            points, index = match_band(self.bands, rate, ZERO)
            detail["band"] = index + 1 if index is not None else None
            return Outcome(_clamp(points, ZERO, env.scale, warnings, "档次分值"), detail, warnings)
        return Outcome(env.scale * rate / HUNDRED, detail, warnings)


class OccurrencesRule(Rule):
    type = "occurrences"
    keys = frozenset({"per", "cap"})
    vectorisable = True

    def parse(self, d, ctx, nominal_scale):
        self.per = _num(d.get("per", 1), ctx, self.code, "每次分值（per）", minimum=0)
        if self.per is None:
            self.per = Fraction(1)
        self.definition["per"] = plain_number(self.per)
        self.cap = None
        if d.get("cap") is not None:
            self.cap = _num(d.get("cap"), ctx, self.code, "上限（cap）", minimum=0)
            if self.cap is None and to_fraction(d.get("cap")) is not None:
                pass
            if self.cap is not None:
                self.definition["cap"] = plain_number(self.cap)

    def evaluate(self, raw, env):
        warnings: list[str] = []
        if raw is None:
            return Outcome(None)
        items = []
        if isinstance(raw, list):
            total = ZERO
            for item in raw:
                if isinstance(item, dict):
                    pts = to_fraction(item.get("points")) if item.get("points") is not None else self.per
                    if pts is None or pts < 0:
                        warnings.append(f"「{_bad(item)}」的分值不是非负数，已忽略")
                        continue
                    items.append({"reason": item.get("reason", ""), "points": pts})
                else:
                    pts = self.per
                    items.append({"reason": str(item), "points": pts})
                total += pts
            count = Fraction(len(items))
        else:
            count = self._number(raw, warnings)
            if count is None:
                return Outcome(None, {}, warnings)
            if count < 0:
                warnings.append(f"次数 {plain_number(count)} 为负，按 0 计")
                count = ZERO
            total = count * self.per
        cap = min(self.cap, env.scale) if self.cap is not None else env.scale
        amount = min(total, cap)
        detail = {"occurrences": count, "sum": total, "cap": cap, "amount": amount}
        if items:
            detail["items"] = items
        if total > cap:
            detail["capped"] = True
        if env.kind in ("bonus", "deduction"):
            return Outcome(amount, detail, warnings)
        return Outcome(env.scale - amount, detail, warnings)


class RankRule(Rule):
    type = "rank"
    keys = frozenset({"table", "else", "step", "min", "by", "among", "order"})

    def parse(self, d, ctx, nominal_scale):
        self.table = None
        self.step = None
        if d.get("table") is not None:
            table = d["table"]
            if not isinstance(table, list) or not table:
                ctx.add(self.code, "排名规则的分值表（table）必须是非空列表")
            else:
                self.table = [_num(v, ctx, self.code, f"第{i}名的分值", minimum=0) or ZERO for i, v in enumerate(table, 1)]
                self.definition["table"] = [plain_number(v) for v in self.table]
        if d.get("step") is not None:
            self.step = _num(d["step"], ctx, self.code, "每名次减分（step）", minimum=0)
            if self.step is not None:
                self.definition["step"] = plain_number(self.step)
        if self.table is None and self.step is None:
            ctx.add(self.code, "排名规则需要分值表（table）或每名次减分（step）")
        self.otherwise = _num(d.get("else", 0), ctx, self.code, "其他名次分值（else）", minimum=0) or ZERO
        if "else" in d:
            self.definition["else"] = plain_number(self.otherwise)
        self.minimum = _num(d.get("min", 0), ctx, self.code, "最低分（min）", minimum=0) or ZERO
        if "min" in d:
            self.definition["min"] = plain_number(self.minimum)
        self.by = d.get("by")
        if self.by is not None:
            if not isinstance(self.by, str) or (self.by not in ctx.inputs and self.by not in ctx.codes):
                ctx.add(self.code, f"排名规则引用了未定义的输入「{self.by}」")
            self.definition["by"] = self.by
        self.among = d.get("among", "category")
        if self.among not in ("category", "all"):
            ctx.add(self.code, "排名范围（among）只能是 category 或 all")
        self.order = d.get("order", "desc")
        if self.order not in ("desc", "asc"):
            ctx.add(self.code, "排名顺序（order）只能是 desc 或 asc")
        if self.by is not None:
            self.definition["among"] = self.among
            self.definition["order"] = self.order

    def evaluate(self, raw, env):
        warnings: list[str] = []
        if self.by is not None:
            rank = (env.rank_context or {}).get(self.code)
            if rank is None:
                if env.lookup(self.by) is None:
                    return Outcome(None)
                warnings.append("按输入排名需要批量计分（score_units），单独计分时按第1名计")
                rank = 1
        else:
            if raw is None:
                return Outcome(None)
            number = self._number(raw, warnings)
            if number is None:
                return Outcome(None, {}, warnings)
            if number < 1 or number.denominator != 1:
                warnings.append(f"名次「{_bad(raw)}」必须是不小于1的整数，按缺失处理")
                return Outcome(None, {}, warnings)
            rank = int(number)
        if self.table is not None:
            value = self.table[rank - 1] if rank <= len(self.table) else self.otherwise
        else:
            value = max(env.scale - (rank - 1) * self.step, self.minimum)
        value = _clamp(value, ZERO, env.scale, warnings, "名次分值")
        return Outcome(value, {"rank": rank}, warnings)


class FormulaRule(Rule):
    type = "formula"
    keys = frozenset({"expr", "vars"})

    def parse(self, d, ctx, nominal_scale):
        self.vars = d.get("vars") or []
        if not isinstance(self.vars, list) or not all(isinstance(v, str) and v.isidentifier() for v in self.vars):
            ctx.add(self.code, "公式的变量（vars）必须是名称列表")
            self.vars = []
        self.expression = None
        try:
            self.expression = Expression(d.get("expr"))
        except ExpressionError as exc:
            ctx.add(self.code, str(exc))
        self.definition["expr"] = d.get("expr")
        if self.vars:
            self.definition["vars"] = list(self.vars)
        if self.expression is not None:
            allowed = set(self.vars) | set(ctx.inputs) | {"value", "scale", "max"}
            for name in sorted(self.expression.names - allowed):
                ctx.add(self.code, f"公式引用了未定义的输入「{name}」")

    def evaluate(self, raw, env):
        warnings: list[str] = []
        if self.expression is None:
            return Outcome(None)
        names: dict[str, Any] = {}
        for name in self.expression.names:
            decl = env.inputs.get(name)
            if decl is not None:
                value = env.lookup(name)
                names[name] = to_fraction(value) if to_fraction(value) is not None else value
        names["scale"] = env.scale
        names["max"] = env.scale
        missing = []
        if isinstance(raw, dict):
            for var in self.vars:
                value = raw.get(var)
                number = to_fraction(value)
                if value is None:
                    missing.append(var)
                names[var] = number if number is not None else value
        elif raw is not None:
            number = to_fraction(raw)
            names["value"] = number if number is not None else raw
        for name in self.expression.names:
            if (name not in names or names[name] is None) and name not in missing:
                missing.append(name)
        if missing:
            if raw is None and all(n in self.vars or n == "value" for n in missing):
                return Outcome(None)
            warnings.append(f"公式缺少输入：{'、'.join(sorted(missing))}")
            return Outcome(None, {}, warnings)
        try:
            result = self.expression.evaluate(names)
        except ExpressionError as exc:
            warnings.append(str(exc))
            return Outcome(None, {}, warnings)
        number = to_fraction(result) if not isinstance(result, Fraction) else result
        if number is None:
            warnings.append(f"公式结果「{_bad(result)}」不是数字")
            return Outcome(None, {}, warnings)
        value = _clamp(number, ZERO, env.scale, warnings, "公式结果")
        return Outcome(value, {"formula": self.expression.text, "result": number}, warnings)


RULE_CLASSES: dict[str, type[Rule]] = {
    cls.type: cls
    for cls in (EnteredRule, RatioRule, BandsRule, RatingRule, SurveyRule, OccurrencesRule, RankRule, ImportRule,
                FormulaRule)
}


def build_rule(definition, code: str, ctx: LoadContext, nominal_scale: Fraction | None) -> Rule | None:
    if isinstance(definition, str):
        definition = {"type": definition}
    if not isinstance(definition, dict):
        ctx.add(code, f"规则必须是 {{type: …}} 形式，不是「{_bad(definition)}」")
        return None
    kind = RULE_LOOKUP.get(str(definition.get("type", "")).strip())
    if kind is None:
        names = "、".join(f"{k}（{v}）" for k, v in RULE_TYPES.items())
        ctx.add(code, f"未知的规则类型「{definition.get('type')}」，可用：{names}")
        return None
    return RULE_CLASSES[kind](definition, code, ctx, nominal_scale)
