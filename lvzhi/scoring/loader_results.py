"""Loading the result settings of a scheme: grades (bands, rules, flags), ranking and quotas."""

from __future__ import annotations

from typing import Any

from .errors import Issue
from .expr import Expression, ExpressionError
from .model import (
    FLAG_KEYS,
    GRADE_ACTIONS,
    GRADE_BAND_KEYS,
    GRADE_RULE_KEYS,
    GRADES_KEYS,
    QUOTA_KEYS,
    RANKING_KEYS,
    GradeRule,
    Quota,
    Scheme,
)
from .numbers import parse_percent, plain_number, to_fraction


class ResultsLoader:
    """The part of the scheme loader that reads what happens after the totals."""

    d: dict[str, Any]
    scheme: Scheme
    issues: list[Issue]

    def add(self, where: str, message: str) -> None:
        self.issues.append(Issue(where, message))

    def _when(self, text: Any, where: str) -> Expression | None:
        try:
            expr = Expression(text)
        except ExpressionError as exc:
            self.add(where, str(exc))
            return None
        allowed = set(self.scheme.inputs) | {"total", "grade", "category"} | {
            c for c in self.scheme.nodes if c.isidentifier()}
        for name in sorted(expr.names - allowed):
            self.add(where, f"条件引用了未定义的输入「{name}」")
        return expr

    def _grades(self, out: dict[str, Any]) -> None:
        grades = self.d.get("grades")
        if grades is None:
            return
        if not isinstance(grades, dict):
            self.add("grades", "等次（grades）必须是映射（bands、rules、flags）")
            return
        for key in sorted(set(grades) - GRADES_KEYS):
            self.add("grades", f"等次不认识字段「{key}」")
        norm: dict[str, Any] = {}
        bands = grades.get("bands")
        if not isinstance(bands, list) or not bands:
            self.add("grades", "等次分档（grades.bands）必须是非空列表")
            bands = []
        previous = None
        seen = set()
        for i, band in enumerate(bands, 1):
            where = f"等次第{i}档"
            if not isinstance(band, dict) or not isinstance(band.get("grade"), str):
                self.add(where, "每档需要等次名称（grade）")
                continue
            grade = band["grade"]
            if grade in seen:
                self.add(where, f"等次「{grade}」重复")
            seen.add(grade)
            for key in sorted(set(band) - GRADE_BAND_KEYS):
                self.add(where, f"不认识字段「{key}」")
            minimum = None
            if band.get("min") is not None:
                minimum = to_fraction(band["min"])
                if minimum is None:
                    self.add(where, f"最低分「{band['min']}」不是数字")
                elif previous is not None and minimum >= previous:
                    self.add(where, f"等次「{grade}」的最低分应低于上一档（从高到低排列）")
                previous = minimum if minimum is not None else previous
            elif i != len(bands):
                self.add(where, f"只有最后一档可以不写最低分（min），「{grade}」缺少")
            self.scheme.grade_bands.append((grade, minimum))
        norm["bands"] = [{"grade": g, **({"min": plain_number(m)} if m is not None else {})}
                         for g, m in self.scheme.grade_bands]
        grade_names = set(self.scheme.grades)
        rules = grades.get("rules") or []
        if not isinstance(rules, list):
            self.add("grades.rules", "等次规则必须是列表")
            rules = []
        norm_rules = []
        for i, rule in enumerate(rules, 1):
            where = f"等次规则第{i}条"
            if not isinstance(rule, dict):
                self.add(where, "等次规则必须是映射")
                continue
            for key in sorted(set(rule) - GRADE_RULE_KEYS):
                self.add(where, f"不认识字段「{key}」")
            expr = self._when(rule.get("when"), where)
            actions = [k for k in GRADE_ACTIONS if k in rule]
            if len(actions) != 1:
                self.add(where, "每条等次规则要有且只有一个动作：downgrade（降等）、set（定为）、at_most（最高）")
                continue
            action = actions[0]
            value = rule[action]
            if action == "downgrade":
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    self.add(where, "降等数（downgrade）必须是正整数")
                    continue
            elif value not in grade_names:
                self.add(where, f"等次「{value}」不在等次分档中")
                continue
            if expr is not None:
                self.scheme.grade_rules.append(GradeRule(expr, action, value, rule.get("reason") or ""))
            entry = {"when": rule.get("when"), action: value}
            if rule.get("reason"):
                entry["reason"] = rule["reason"]
            norm_rules.append(entry)
        if norm_rules:
            norm["rules"] = norm_rules
        flags = grades.get("flags") or []
        norm_flags = []
        for i, flag in enumerate(flags if isinstance(flags, list) else [], 1):
            where = f"标记第{i}条"
            if not isinstance(flag, dict) or not isinstance(flag.get("flag"), str):
                self.add(where, "标记需要 when 和 flag")
                continue
            for key in sorted(set(flag) - FLAG_KEYS):
                self.add(where, f"不认识字段「{key}」")
            expr = self._when(flag.get("when"), where)
            if expr is not None:
                self.scheme.flags.append((expr, flag["flag"]))
            norm_flags.append({"when": flag.get("when"), "flag": flag["flag"]})
        if norm_flags:
            norm["flags"] = norm_flags
        out["grades"] = norm

    def _ranking(self, out: dict[str, Any]) -> None:
        ranking = self.d.get("ranking")
        if ranking is None:
            return
        if not isinstance(ranking, dict):
            self.add("ranking", "排名（ranking）必须是映射")
            return
        for key in sorted(set(ranking) - RANKING_KEYS):
            self.add("ranking", f"排名不认识字段「{key}」")
        within = ranking.get("within", "category")
        order = ranking.get("order", "desc")
        if within not in ("category", "all"):
            self.add("ranking", "排名范围（within）只能是 category 或 all")
        if order not in ("desc", "asc"):
            self.add("ranking", "排名顺序（order）只能是 desc 或 asc")
        self.scheme.ranking = {"within": within, "order": order}
        out["ranking"] = dict(self.scheme.ranking)

    def _quotas(self, out: dict[str, Any]) -> None:
        quotas = self.d.get("quotas")
        if quotas is None:
            return
        if not isinstance(quotas, list):
            self.add("quotas", "名额（quotas）必须是列表")
            return
        grade_names = set(self.scheme.grades)
        norm = []
        for i, q in enumerate(quotas, 1):
            where = f"名额第{i}条"
            if not isinstance(q, dict):
                self.add(where, "名额必须是映射")
                continue
            for key in sorted(set(q) - QUOTA_KEYS):
                self.add(where, f"不认识字段「{key}」")
            award, grade = q.get("award"), q.get("grade")
            if (award is None) == (grade is None):
                self.add(where, "名额要么评选称号（award），要么限制等次（grade），二者选一")
                continue
            share = parse_percent(q.get("max_share"))
            if share is None or share < 0 or share > 100:
                self.add(where, f"比例（max_share）必须在 0 到 100 之间，不是「{q.get('max_share')}」")
                continue
            scope = q.get("scope", "all")
            rounding = q.get("rounding", "floor")
            if scope not in ("all", "category"):
                self.add(where, "范围（scope）只能是 all 或 category")
            if rounding not in ("floor", "round", "ceil"):
                self.add(where, "取整（rounding）只能是 floor、round 或 ceil")
            eligible = q.get("eligible_grades") or []
            if not isinstance(eligible, list):
                self.add(where, "可评等次（eligible_grades）必须是列表")
                eligible = []
            for g in [*eligible, *( [grade] if grade else []), *([q["overflow"]] if q.get("overflow") else [])]:
                if g not in grade_names:
                    self.add(where, f"等次「{g}」不在等次分档中")
            if grade is not None and not q.get("overflow"):
                self.add(where, "限制等次名额时需给出超出名额后的等次（overflow）")
            self.scheme.quotas.append(Quota(award, grade, list(eligible), share, scope, rounding, q.get("overflow")))
            entry = {"award": award} if award else {"grade": grade}
            if eligible:
                entry["eligible_grades"] = list(eligible)
            entry.update({"max_share": plain_number(share), "scope": scope, "rounding": rounding})
            if q.get("overflow"):
                entry["overflow"] = q["overflow"]
            norm.append(entry)
        out["quotas"] = norm
