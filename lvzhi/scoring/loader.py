"""Loading a scheme definition: validation of the settings and the indicator tree into a `Scheme`
(docs/scheme-format.md). Grades, ranking and quotas are read by `lvzhi.scoring.loader_results`."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .errors import Issue, SchemeError
from .inherit import resolve
from .loader_results import ResultsLoader
from .model import (
    BASE_KEYS,
    EDIT_KEYS,
    FORMAT,
    INPUT_KEYS,
    INPUT_TYPES,
    MAX_LEVEL,
    NODE_KEYS,
    TOP_KEYS,
    InputDecl,
    Node,
    Scheme,
    code_text,
)
from .numbers import HUNDRED, ZERO, parse_percent, plain_number, to_fraction
from .rules import LoadContext, build_rule, parse_rating_scale
from .vocab import KIND_LOOKUP, KINDS, LEVELS, NATURE_LOOKUP, RESERVED_CODES, normalize_source


class _Loader(ResultsLoader):
    def __init__(self, definition: dict[str, Any]) -> None:
        self.d = definition
        self.issues: list[Issue] = []
        self.scheme = Scheme()

    # -- top level ------------------------------------------------------------------------------------------
    def load(self) -> Scheme:
        d, s = self.d, self.scheme
        if not isinstance(d, dict):
            raise SchemeError("方案定义必须是一个映射（YAML/JSON 对象）")
        out: dict[str, Any] = {"format": FORMAT}
        fmt = d.get("format", FORMAT)
        if fmt != FORMAT:
            self.add("format", f"不支持的格式「{fmt}」，应为 {FORMAT}")
        for key in sorted(set(d) - TOP_KEYS):
            self.add(str(key), f"方案不认识字段「{key}」")
        s.code = code_text(d.get("code")) or ""
        if not s.code:
            self.add("code", "方案缺少编码（code）")
        s.name = str(d["name"]) if isinstance(d.get("name"), str) else ""
        if not s.name.strip():
            self.add("name", "方案缺少名称（name）")
        out["code"], out["name"] = s.code, s.name
        if d.get("level") is not None:
            if d["level"] not in LEVELS:
                self.add("level", f"层级「{d['level']}」不是 {'、'.join(LEVELS)} 之一")
            out["level"] = d["level"]
        for key in ("description", "source_document", "note", "extends"):
            if d.get(key) is not None:
                if not isinstance(d[key], str):
                    self.add(key, f"「{key}」必须是文字")
                out[key] = d[key]
        if any(d.get(k) for k in EDIT_KEYS):
            self.add("extends", "该方案通过增删改继承上级模板，需先与上级模板合并（resolve）后再使用")
        precision = d.get("precision", 2)
        if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 4:
            self.add("precision", "精度（precision）必须是 0 到 4 的整数")
            precision = 2
        s.precision = precision
        if "precision" in d:
            out["precision"] = precision
        if d.get("total") is not None:
            total = to_fraction(d["total"])
            if total is None or total <= 0:
                self.add("total", f"总分（total）必须是正数，不是「{d['total']}」")
            else:
                s.total = total
                out["total"] = plain_number(total)
        self._categories(out)
        self._total_by_category(out)
        self._inputs(out)
        self._rating_scales(out)
        self._period_sets(out)
        self._indicators(out)
        self._grades(out)
        self._ranking(out)
        self._quotas(out)
        s.definition = out
        if self.issues:
            raise SchemeError(self.issues)
        return s

    def _categories(self, out: dict[str, Any]) -> None:
        cats = self.d.get("categories")
        if cats is None:
            return
        if not isinstance(cats, list) or not all(isinstance(c, str) and c.strip() for c in cats):
            self.add("categories", "类别（categories）必须是文字列表")
            return
        if len(set(cats)) != len(cats):
            self.add("categories", "类别（categories）有重复")
        self.scheme.categories = list(cats)
        out["categories"] = list(cats)

    def _total_by_category(self, out: dict[str, Any]) -> None:
        """`total_by_category: {一档: 150, 二档: 100}`: the full marks of each category's units."""
        given = self.d.get("total_by_category")
        if given is None:
            return
        if not isinstance(given, dict) or not given:
            self.add("total_by_category", "分类总分（total_by_category）必须是 {类别: 总分} 的映射")
            return
        totals: dict[str, Fraction] = {}
        for category, value in given.items():
            number = to_fraction(value)
            if number is None or number <= 0:
                self.add("total_by_category", f"类别「{category}」的总分「{value}」必须是正数")
                continue
            if self.scheme.categories and str(category) not in self.scheme.categories:
                self.add("total_by_category", f"分类总分中的「{category}」不在方案的类别（categories）中")
            totals[str(category)] = number
        self.scheme.total_by_category = totals
        out["total_by_category"] = {k: plain_number(v) for k, v in totals.items()}

    def _inputs(self, out: dict[str, Any]) -> None:
        items = self.d.get("inputs")
        if items is None:
            return
        if not isinstance(items, list):
            self.add("inputs", "输入项（inputs）必须是列表")
            return
        normalized = []
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                self.add("inputs", f"第{i}个输入项缺少名称（name）")
                continue
            name = item["name"]
            where = f"输入项 {name}"
            if not name.isidentifier():
                self.add(where, "输入项名称只能由字母、数字、下划线或汉字组成，且不以数字开头")
            if name in self.scheme.inputs:
                self.add(where, "输入项重复")
            if name in RESERVED_CODES:
                self.add(where, f"「{name}」是保留字，不能作为输入项名称")
            for key in sorted(set(item) - INPUT_KEYS):
                self.add(where, f"输入项不认识字段「{key}」")
            kind = item.get("type", "number")
            if kind not in INPUT_TYPES:
                self.add(where, f"输入项类型「{kind}」不是 number、boolean、text 之一")
            default = item.get("default")
            if default is not None and kind == "number" and to_fraction(default) is None:
                self.add(where, f"默认值「{default}」不是数字")
            self.scheme.inputs[name] = InputDecl(name, item.get("label") or "", kind, default)
            entry = {"name": name}
            for key in ("label", "type", "default"):
                if item.get(key) is not None:
                    entry[key] = item[key]
            normalized.append(entry)
        out["inputs"] = normalized

    def _rating_scales(self, out: dict[str, Any]) -> None:
        scales = self.d.get("rating_scales")
        if scales is None:
            return
        if not isinstance(scales, dict):
            self.add("rating_scales", "评价等次（rating_scales）必须是 {名称: {等次: 分数}} 映射")
            return
        ctx = LoadContext(self.issues, {}, set(), {})
        for name, scale in scales.items():
            self.scheme.rating_scales[str(name)] = parse_rating_scale(scale, ctx, f"评价等次 {name}")
        out["rating_scales"] = {k: {lab: plain_number(v) for lab, v in m.items()}
                                for k, m in self.scheme.rating_scales.items()}

    def _period_mapping(self, value: Any, where: str) -> dict[str, Fraction] | None:
        if not isinstance(value, dict) or not value:
            self.add(where, "分期必须是 {期间: 权重} 的非空映射")
            return None
        mapping = {}
        for period, weight in value.items():
            number = parse_percent(weight)
            if number is None or number <= 0:
                self.add(where, f"期间「{period}」的权重「{weight}」必须是正数")
                return None
            mapping[str(period)] = number
        if sum(mapping.values()) != HUNDRED:
            self.add(where, f"各期权重合计 {plain_number(sum(mapping.values(), ZERO))}，应为 100")
        return mapping

    def _period_sets(self, out: dict[str, Any]) -> None:
        sets = self.d.get("period_sets")
        if sets is None:
            return
        if not isinstance(sets, dict):
            self.add("period_sets", "分期（period_sets）必须是 {名称: {期间: 权重}} 映射")
            return
        for name, mapping in sets.items():
            parsed = self._period_mapping(mapping, f"分期 {name}")
            if parsed is not None:
                self.scheme.period_sets[str(name)] = parsed
        out["period_sets"] = {k: {p: plain_number(w) for p, w in m.items()} for k, m in self.scheme.period_sets.items()}

    # -- indicators -----------------------------------------------------------------------------------------
    def _indicators(self, out: dict[str, Any]) -> None:
        items = self.d.get("indicators")
        if not isinstance(items, list) or not items:
            self.add("indicators", "方案没有指标（indicators 必须是非空列表）")
            out["indicators"] = []
            return
        # First pass: every code, so rules may refer to codes anywhere in the tree.
        codes: dict[str, int] = {}

        def collect(nodes: Any, depth: Any) -> None:
            for n in nodes if isinstance(nodes, list) else []:
                if isinstance(n, dict):
                    code = code_text(n.get("code"))
                    if code:
                        codes[code] = codes.get(code, 0) + 1
                    collect(n.get("children"), depth + 1)

        collect(items, 1)
        for code, count in codes.items():
            if count > 1:
                self.add(code, f"指标编码重复（出现 {count} 次）")
        self.ctx = LoadContext(self.issues, self.scheme.inputs, set(codes), self.scheme.rating_scales)
        for name in self.scheme.inputs:
            if name in codes:
                self.add(name, "指标编码与输入项名称相同")
        out["indicators"] = []
        for i, item in enumerate(items, 1):
            node, norm = self._node(item, None, 1, f"第{i}个一级指标", None)
            if node is not None:
                self.scheme.roots.append(node)
                out["indicators"].append(norm)
        for node in self.scheme.roots:
            for n in node.walk():
                if n.code not in self.scheme.nodes:
                    self.scheme.nodes[n.code] = n
                if n.is_leaf:
                    self.scheme.leaves.append(n)
        self._check_sums()

    def _node(self, item: Any, parent: Node | None, level: int, position: str, inherited_periods: Any) -> tuple[Node | None, dict[str, Any] | None]:
        if not isinstance(item, dict):
            self.add(position, "指标必须是映射（含 code、name 等字段）")
            return None, None
        raw_code = item.get("code")
        code = code_text(raw_code)
        if code is None:
            if isinstance(raw_code, float):
                self.add(position, f"编码 {raw_code} 被读成了数字，请给编码加引号（如 \"{raw_code}\"）")
            else:
                self.add(position, "指标缺少编码（code）")
            code = position
        where = code
        if code in RESERVED_CODES:
            self.add(where, f"「{code}」是保留字，不能作为指标编码")
        norm: dict[str, Any] = {"code": code}
        for key in sorted(set(item) - NODE_KEYS):
            self.add(where, f"指标不认识字段「{key}」")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            self.add(where, "指标缺少名称（name）")
            name = ""
        norm["name"] = name
        if level > MAX_LEVEL:
            self.add(where, f"指标层级超过{MAX_LEVEL}级")
        node = Node(code=code, name=name, level=level, parent=parent, definition=norm)
        kind = KIND_LOOKUP.get(str(item.get("kind", "regular")).strip())
        if kind is None:
            self.add(where, f"指标类型「{item.get('kind')}」不是 {'、'.join(f'{k}（{v}）' for k, v in KINDS.items())} 之一")
            kind = "regular"
        node.kind = kind
        if parent is not None and parent.is_adjustment and kind != parent.kind:
            self.add(where, f"{KINDS[parent.kind]}项的下级指标也必须是{KINDS[parent.kind]}项")
        # points / weight
        if item.get("points") is not None and item.get("weight") is not None:
            self.add(where, "不能同时给出分值（points）和权重（weight）")
        if item.get("points") is not None:
            pts = to_fraction(item["points"])
            if pts is None:
                self.add(where, f"分值「{item['points']}」不是数字")
            elif pts < 0:
                self.add(where, f"{'上限' if node.is_adjustment else '分值'}不能为负数（现为 {item['points']}）")
            elif pts == 0 and not node.is_adjustment:
                self.add(where, "分值必须大于零（不适用的类别请用 by_category 设为 0）")
            else:
                node.points = pts
                norm["points"] = plain_number(pts)
        elif item.get("weight") is not None:
            w = parse_percent(item["weight"])
            if node.is_adjustment:
                self.add(where, "加分项和减分项用分值（points）表示上限，不用权重")
            elif w is None or w <= 0 or w > 100:
                self.add(where, f"权重「{item['weight']}」必须是 0 到 100 之间的正数")
            else:
                node.weight = w
                norm["weight"] = plain_number(w)
        else:
            self.add(where, "缺少分值（points）或权重（weight）")
        if item.get("by_category") is not None:
            self._by_category(node, item["by_category"], norm)
        if item.get("scale") is not None:
            scale = to_fraction(item["scale"])
            if scale is None or scale <= 0:
                self.add(where, f"刻度（scale）「{item['scale']}」必须是正数")
            elif item.get("children"):
                self.add(where, "刻度（scale）只能用于末级指标")
            else:
                node.scale_override = scale
                norm["scale"] = plain_number(scale)
        norm["kind"] = kind
        if item.get("nature") is not None:
            nature = NATURE_LOOKUP.get(str(item["nature"]).strip())
            if nature is None:
                self.add(where, f"性质「{item['nature']}」不是 quantitative（定量）或 qualitative（定性）")
            norm["nature"] = nature or item["nature"]
        for key in ("standard", "note"):
            if item.get(key) is not None:
                if not isinstance(item[key], str):
                    self.add(where, f"「{key}」必须是文字")
                norm[key] = item[key]
        if item.get("evidence") is not None:
            ev = item["evidence"]
            if isinstance(ev, str):
                ev = [ev]
            if not isinstance(ev, list) or not all(isinstance(e, str) for e in ev):
                self.add(where, "佐证材料（evidence）必须是文字列表")
            else:
                norm["evidence"] = ev
        if item.get("source") is not None:
            src = normalize_source(item["source"])
            if src is None:
                self.add(where, f"数据来源「{item['source']}」无法识别（可用 self_assessment、desk_review、on_site、"
                                f"survey:<群体>、leader_rating、hotline、external_import、supervision_metric、goals[:<口径>]、accountability[:<问责领域>]、"
                                f"lists:<清单口径>）")
            norm["source"] = src or item["source"]
        periods = inherited_periods
        if item.get("periods") is not None:
            ref = item["periods"]
            if isinstance(ref, str):
                if ref not in self.scheme.period_sets:
                    self.add(where, f"引用了未定义的分期「{ref}」")
                else:
                    periods = self.scheme.period_sets[ref]
                norm["periods"] = ref
            else:
                parsed = self._period_mapping(ref, where)
                if parsed is not None:
                    periods = parsed
                    norm["periods"] = {p: plain_number(w) for p, w in parsed.items()}
        node.periods = periods
        children = item.get("children")
        if item.get("base") is not None:
            self._base(node, item["base"], norm, bool(children))
        if children is not None and not isinstance(children, list):
            self.add(where, "下级指标（children）必须是列表")
            children = None
        if children:
            if item.get("rule") is not None:
                self.add(where, "有下级指标的指标不能有评分规则（rule），规则写在末级指标上")
            norm["children"] = []
            for i, child in enumerate(children, 1):
                child_node, child_norm = self._node(child, node, level + 1, f"{code} 的第{i}个下级指标", periods)
                if child_node is not None:
                    node.children.append(child_node)
                    norm["children"].append(child_norm)
        else:
            nominal_scale = node.scale_override or (HUNDRED if node.weight is not None else node.points)
            rule_def = item.get("rule") if item.get("rule") is not None else {"type": "entered"}
            node.rule = build_rule(rule_def, code, self.ctx, nominal_scale)
            if node.rule is not None:
                norm["rule"] = node.rule.definition
                if node.periods and getattr(node.rule, "by", None):
                    self.add(where, "按输入排名的规则不能分期")
        order = ["code", "name", "points", "weight", "by_category", "scale", "kind", "nature", "standard", "rule",
                 "evidence", "source", "periods", "base", "note", "children"]
        ordered = {k: norm[k] for k in order if k in norm}
        node.definition = ordered
        return node, ordered

    def _by_category(self, node: Node, value: Any, norm: Any) -> None:
        if not isinstance(value, dict) or not value:
            self.add(node.code, "分类分值（by_category）必须是 {类别: 分值} 映射")
            return
        for cat, v in value.items():
            number = parse_percent(v)
            if number is None or number < 0:
                self.add(node.code, f"类别「{cat}」的分值「{v}」必须是非负数")
                continue
            if node.weight is not None and number > 100:
                self.add(node.code, f"类别「{cat}」的权重不能超过 100")
            if self.scheme.categories and cat not in self.scheme.categories:
                self.add(node.code, f"分类分值中的类别「{cat}」不在方案的类别（categories）中")
            node.by_category[str(cat)] = number
        norm["by_category"] = {k: plain_number(v) for k, v in node.by_category.items()}

    def _base(self, node: Node, value: Any, norm: Any, has_children: bool) -> None:
        if not has_children:
            self.add(node.code, "基础分（base）只能用于有下级指标的指标")
            return
        if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in BASE_KEYS:
            self.add(node.code, "基础分（base）应为 {share: 80} 或 {points: 80}")
            return
        key, raw = next(iter(value.items()))
        number = parse_percent(raw)
        if key == "share":
            if number is None or number <= 0 or number > 100:
                self.add(node.code, f"基础分比例（share）必须在 0 到 100 之间，不是「{raw}」")
                return
            node.base_share = number
        else:
            if number is None or number < 0:
                self.add(node.code, f"基础分（points）必须是非负数，不是「{raw}」")
                return
            node.base_points = number
        norm["base"] = {key: plain_number(number)}

    def _check_sums(self) -> None:
        s = self.scheme
        categories = sorted({c for n in s.nodes.values() for c in n.by_category} | set(s.total_by_category))
        roots = [n for n in s.roots if not n.is_adjustment]
        styles = {"weight" if n.weight is not None else "points" for n in roots if n.nominal(None) is not None}
        if len(styles) > 1:
            self.add("indicators", "一级指标不能同时使用分值和权重")
        s.top_style = "weight" if styles == {"weight"} else "points"
        if s.total is None:
            if s.top_style == "weight":
                s.total = HUNDRED
            else:
                s.total = sum((n.points for n in roots if n.points is not None), ZERO) or HUNDRED
        if not roots:
            self.add("indicators", "至少需要一个计分的一级指标（加分项、减分项之外）")
        for category in [None, *categories]:
            self._check_children("indicators", roots, s.total_by_category.get(category or "", s.total), None,
                                 s.top_style, category, is_root=True, always=category in s.total_by_category)
        for node in s.nodes.values():
            if node.is_leaf:
                continue
            regular = [c for c in node.children if not c.is_adjustment]
            if node.is_adjustment:
                continue
            if not regular and node.base_points is None:
                self.add(node.code, "至少需要一个计分的下级指标（加分项、减分项之外），或给出基础分（base.points）")
                continue
            child_styles = {"weight" if c.weight is not None else "points" for c in regular
                            if c.nominal(None) is not None}
            if len(child_styles) > 1:
                self.add(node.code, "下级指标不能同时使用分值和权重")
                continue
            style = child_styles.pop() if child_styles else "points"
            for category in [None, *categories] if regular else []:
                scale = HUNDRED if node.weight is not None else node.nominal(category)
                if scale is None or scale == 0:
                    continue
                self._check_children(node.code, regular, scale, node, style, category)
            if node.base_points is not None:
                scale = HUNDRED if node.weight is not None else node.points
                if scale is not None and node.base_points > scale:
                    self.add(node.code, f"基础分 {plain_number(node.base_points)} 超过本级满分 {plain_number(scale)}")

    def _check_children(self, where: Any, regular: Any, scale: Any, node: Any, style: Any, category: Any, is_root: Any=False, always: bool = False) -> None:
        values = [c.nominal(category) for c in regular]
        if any(v is None for v in values):
            return
        if category is not None and not always and not any(category in c.by_category for c in regular):
            return
        if any(v == 0 for v in values):
            return  # some indicator does not apply to this category: the rest are rescaled
        total = sum(values, ZERO)
        label = f"（类别「{category}」）" if category is not None else ""
        if style == "weight":
            if total != HUNDRED:
                self.add(where, f"下级指标权重合计 {plain_number(total)}{label}，应为 100")
            return
        expected = scale - (node.base_points if node is not None and node.base_points else ZERO)
        if total != expected:
            if is_root:
                self.add(where, f"一级指标分值合计 {plain_number(total)}{label}，与总分 {plain_number(scale)} 不一致")
            else:
                self.add(where, f"下级指标分值合计 {plain_number(total)}{label}，与本级分值 "
                                f"{plain_number(expected)} 不一致")


def load_scheme(definition: Any, parent: Any=None) -> Scheme:
    """Validate a scheme definition (dict in the documented format) and return a Scheme.

    Raises SchemeError listing every problem. An inheriting scheme written as edits needs its `parent`
    (a definition dict or a Scheme); it is resolved first."""
    if isinstance(definition, Scheme):
        return definition
    if parent is not None and isinstance(definition, dict) and definition.get("extends"):
        definition = resolve(definition, parent)
    return _Loader(definition).load()
