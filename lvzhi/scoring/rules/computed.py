"""Rules computed from more than one figure: a rank among the units, and a formula over named inputs."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..expr import Expression, ExpressionError
from ..numbers import ZERO, input_number, plain_number, to_fraction
from .base import Env, LoadContext, Outcome, Rule, clamp_exact, number_param, shorten


class RankRule(Rule):
    type = "rank"
    keys = frozenset({"table", "else", "step", "min", "by", "among", "order"})

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        self.table = None
        self.step = None
        if d.get("table") is not None:
            table = d["table"]
            if not isinstance(table, list) or not table:
                ctx.add(self.code, "排名规则的分值表（table）必须是非空列表")
            else:
                self.table = [number_param(v, ctx, self.code, f"第{i}名的分值", minimum=0) or ZERO for i, v in enumerate(table, 1)]
                self.definition["table"] = [plain_number(v) for v in self.table]
        if d.get("step") is not None:
            self.step = number_param(d["step"], ctx, self.code, "每名次减分（step）", minimum=0)
            if self.step is not None:
                self.definition["step"] = plain_number(self.step)
        if self.table is None and self.step is None:
            ctx.add(self.code, "排名规则需要分值表（table）或每名次减分（step）")
        self.otherwise = number_param(d.get("else", 0), ctx, self.code, "其他名次分值（else）", minimum=0) or ZERO
        if "else" in d:
            self.definition["else"] = plain_number(self.otherwise)
        self.minimum = number_param(d.get("min", 0), ctx, self.code, "最低分（min）", minimum=0) or ZERO
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

    def evaluate(self, raw: Any, env: Env) -> Outcome:
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
                warnings.append(f"名次「{shorten(raw)}」必须是不小于1的整数，按缺失处理")
                return Outcome(None, {}, warnings)
            rank = int(number)
        if self.table is not None:
            value = self.table[rank - 1] if rank <= len(self.table) else self.otherwise
        else:
            value = max(env.scale - (rank - 1) * (self.step or ZERO), self.minimum)
        value = clamp_exact(value, ZERO, env.scale, warnings, "名次分值")
        return Outcome(value, {"rank": rank}, warnings)




class FormulaRule(Rule):
    type = "formula"
    keys = frozenset({"expr", "vars"})

    def parse(self, d: dict[str, Any], ctx: LoadContext, nominal_scale: Fraction | None) -> None:
        self.vars = d.get("vars") or []
        if not isinstance(self.vars, list) or not all(isinstance(v, str) and v.isidentifier() for v in self.vars):
            ctx.add(self.code, "公式的变量（vars）必须是名称列表")
            self.vars = []
        self.expression = None
        try:
            self.expression = Expression(d.get("expr"))  # type: ignore[arg-type]  # a non-text expr is refused
        except ExpressionError as exc:
            ctx.add(self.code, str(exc))
        self.definition["expr"] = d.get("expr")
        if self.vars:
            self.definition["vars"] = list(self.vars)
        if self.expression is not None:
            allowed = set(self.vars) | set(ctx.inputs) | {"value", "scale", "max"}
            for name in sorted(self.expression.names - allowed):
                ctx.add(self.code, f"公式引用了未定义的输入「{name}」")

    def evaluate(self, raw: Any, env: Env) -> Outcome:
        warnings: list[str] = []
        if self.expression is None:
            return Outcome(None)
        names: dict[str, Any] = {}
        for name in self.expression.names:
            decl = env.inputs.get(name)
            if decl is not None:
                value = env.lookup(name)
                number = input_number(value)
                names[name] = number if number is not None else value
        names["scale"] = env.scale
        names["max"] = env.scale
        missing = []
        if isinstance(raw, dict):
            for var in self.vars:
                value = raw.get(var)
                number = input_number(value)
                if value is None:
                    missing.append(var)
                names[var] = number if number is not None else value
        elif raw is not None:
            number = input_number(raw)
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
            warnings.append(f"公式结果「{shorten(result)}」不是数字")
            return Outcome(None, {}, warnings)
        if abs(number) > 10**15:
            warnings.append("公式结果过大（超过 10 的 15 次方），按缺失处理")
            return Outcome(None, {}, warnings)
        value = clamp_exact(number, ZERO, env.scale, warnings, "公式结果")
        return Outcome(value, {"formula": self.expression.text, "result": number}, warnings)



