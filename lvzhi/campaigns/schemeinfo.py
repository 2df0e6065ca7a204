"""What a campaign needs to know about a frozen scheme version: its leaf indicators with their data source,
the value they expect, their scale and the evidence they require (docs/scheme-format.md).

Everything here is read from the engine's loaded scheme (lvzhi.scoring), never from a second walk of the raw
definition, so the campaign asks for exactly the leaves the engine scores (a `by_category` 0 on an indicator
leaves out everything under it) and checks entered values with the engine's one check. Read once per version
and cached (a published version never changes).
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi import scoring
from lvzhi.scoring import entry
from lvzhi.scoring.model import Node, Scheme
from lvzhi.scoring.numbers import plain_number
from lvzhi.scoring.rules import EnteredRule, RatingRule, RatioRule, SurveyRule
from lvzhi.scoring.vocab import RULE_LOOKUP, SOURCE_LOOKUP

# Where a leaf's raw value comes from, as the campaign collects it.
ENTERED_SOURCES = {"self_assessment", "desk_review", "on_site"}
SOURCE_LABELS = {
    "self_assessment": _("自评"),
    "desk_review": _("案头审核"),
    "on_site": _("实地评估"),
    "leader_rating": _("领导评价"),
    "hotline": _("热线数据"),
    "external_import": _("第三方导入"),
    "supervision_metric": _("监管指标"),
    "survey": _("问卷"),
    "goals": _("年度目标"),
    "accountability": _("问责扣分"),
    "lists": _("清单管理"),
}

# What a unit enters for a leaf, by the leaf's rule type.
VALUE_HINTS = {
    "entered": _("得分"),
    "ratio": _("实际完成数"),
    "bands": _("数值"),
    "occurrences": _("次数"),
    "rank": _("名次"),
    "import": _("得分"),
    "survey": _("满意率(%)"),
    "formula": _("数值"),
    "rating": _("等次"),
}

# Import kinds (lvzhi.campaigns.imports) and the leaf sources each may fill. Named inputs of the scheme
# (`inputs`) may be imported by any kind.
IMPORT_KINDS = {
    "third_party": (_("第三方评估得分"), {"external_import"}),
    "hotline": (_("热线数据"), {"hotline"}),
    "review_rank": (_("人大政协及社会评议排名"), {"external_import", "supervision_metric"}),
    "inspection": (_("察访核验减分"), {"external_import", "desk_review", "on_site", "supervision_metric"}),
    "survey": (_("问卷结果"), {"survey"}),
    "goals": (_("年度目标完成情况"), {"goals"}),
    "accountability": (_("问责案件"), {"accountability"}),
    "supervision": (_("职能运行监管指标"), {"supervision_metric"}),
    "lists": (_("权责清单动态管理统计"), {"lists"}),
}


@dataclass(frozen=True)
class Leaf:
    code: str
    name: str
    path: tuple  # names of the ancestors, top first
    source: str  # normalised: self_assessment, desk_review, on_site, leader_rating, survey, hotline, …
    source_detail: str  # e.g. the survey group
    rule_type: str
    kind: str
    points: Decimal | None
    weight: Decimal | None
    scale_override: Decimal | None
    by_category: dict
    periods: tuple  # period names, empty if none
    evidence: tuple
    standard: str
    groups: tuple  # rater/survey group names of rating/survey rules
    rating_scale: dict = field(default_factory=dict)  # label -> score (rating rules)
    ratio_target: bool = False  # a ratio rule with its own target (the unit gives the actual figure only)
    scheme: Scheme = field(default_factory=Scheme, compare=False, repr=False)  # the engine's loaded scheme

    @property
    def source_label(self) -> str:
        label = str(SOURCE_LABELS.get(self.source, self.source or gettext("录入")))
        return f"{label}({self.source_detail})" if self.source_detail else label

    @property
    def evidence_required(self) -> bool:
        return bool(self.evidence)

    @property
    def is_entered(self) -> bool:
        """Scored from a number people enter (self-assessment, desk review, on-site)."""
        return self.source in ENTERED_SOURCES

    @property
    def self_assessed(self) -> bool:
        """The unit gives a self score (with evidence) for every entered indicator except bonuses and
        deductions, which the office alone decides. Only for `self_assessment` leaves does the self score count
        until it is reviewed; for desk-review and on-site leaves the evaluators' score is what counts."""
        return self.is_entered and self.kind not in {"bonus", "deduction"}

    @property
    def self_score_counts(self) -> bool:
        return self.source == "self_assessment"

    @property
    def parts(self) -> tuple:
        """The entries one unit gives for this leaf: one per period; actual and target for a completion ratio
        without a fixed target; otherwise one ("")."""
        if self.periods:
            return self.periods
        if self.rule_type == "ratio" and not self.ratio_target:
            return ("actual", "target")
        return ("",)

    def applies_to(self, category: str | None) -> bool:
        """As the engine scores it: False when this leaf or an indicator above it has by_category 0."""
        return entry.applies(self.scheme, self.code, category)

    def scale(self, category: str | None = None) -> Decimal:
        """The scale raw entered scores are on (docs/scheme-format.md "Points and weights")."""
        scale = entry.input_scale(self.scheme, self.scheme.nodes[self.code], category)
        return _decimal(scale if scale is not None else self.scheme.places(category)[self.code].scale)

    def value_problem(self, category: str | None, value: Decimal) -> str | None:
        """The engine's one check of an entered or imported value (None: acceptable), in the interface
        language."""
        problem = entry.value_problem(self.scheme, self.code, category, value)
        if problem is None:
            return None
        text = str(VALUE_PROBLEMS[problem.reason])
        return text % {"limit": plain_number(problem.limit)} if problem.limit is not None else text

    @property
    def value_hint(self) -> str:
        return str(VALUE_HINTS.get(self.rule_type, VALUE_HINTS["bands"]))

    @property
    def is_score(self) -> bool:
        """True when the raw value is itself a score on the scale (so it can be compared with other scores)."""
        return self.rule_type in {"entered", "import"}


@dataclass
class SchemeInfo:
    code: str
    name: str
    leaves: list = field(default_factory=list)
    input_names: dict = field(default_factory=dict)  # name -> label
    rating_periods: tuple = ()
    categories: tuple = ()

    def __post_init__(self):
        self.by_code = {leaf.code: leaf for leaf in self.leaves}

    def leaves_for(self, sources, category=None):
        return [leaf for leaf in self.leaves if leaf.source in sources and leaf.applies_to(category)]

    def importable(self, kind: str) -> dict:
        """code or input name -> label, for the import kind."""
        allowed = IMPORT_KINDS[kind][1]
        keys = {leaf.code: f"{leaf.code} {leaf.name}" for leaf in self.leaves if leaf.source in allowed}
        keys.update(self.input_names)
        return keys


# The engine's value problems (lvzhi.scoring.entry.REASONS), in the interface language.
VALUE_PROBLEMS = {
    "negative": _("不能为负数"),
    "not_integer": _("次数应为整数"),
    "rank": _("名次应为正整数"),
    "rate": _("满意率应在0到100之间"),
    "over_scale": _("超出满分 %(limit)s"),
}

# The Chinese words a scheme definition may use for sources and rule types are the engine's (lvzhi.scoring.vocab).
SOURCE_ALIASES = SOURCE_LOOKUP
RULE_ALIASES = RULE_LOOKUP


def _decimal(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)


def _source(node: Node) -> tuple[str, str]:
    """The engine's normalised source ('survey:群众' → ('survey', '群众')); desk review when none is given."""
    source = node.definition.get("source") or ""
    head, _sep, detail = str(source).partition(":")
    return (head or "desk_review"), detail


def _path(node: Node) -> tuple:
    names = []
    parent = node.parent
    while parent is not None:
        names.append(parent.name)
        parent = parent.parent
    return tuple(reversed(names))


def _leaf(scheme: Scheme, node: Node) -> Leaf:
    rule = node.rule
    source, detail = _source(node)
    groups: tuple = ()
    if isinstance(rule, RatingRule | SurveyRule):
        groups = tuple(g["name"] for g in rule.groups)
    rating_scale: dict[str, Decimal] = {}
    if isinstance(rule, RatingRule):
        rating_scale = {label: _decimal(score) for label, score in rule.mapping.items()}
    own_scale = node.scale_override
    if own_scale is None and isinstance(rule, EnteredRule):
        own_scale = rule.rule_scale
    return Leaf(
        code=node.code,
        name=node.name,
        path=_path(node),
        source=source,
        source_detail=detail,
        rule_type=rule.type if rule is not None else "entered",
        kind=node.kind,
        points=_decimal(node.points),
        weight=_decimal(node.weight),
        scale_override=_decimal(own_scale),
        by_category={cat: plain_number(value) for cat, value in node.by_category.items()},
        periods=tuple(node.periods or ()),
        evidence=tuple(node.definition.get("evidence") or ()),
        standard=node.definition.get("standard", ""),
        groups=groups,
        rating_scale=rating_scale,
        ratio_target=isinstance(rule, RatioRule) and (rule.target is not None or rule.target_name is not None),
        scheme=scheme,
    )


def parse(definition: dict[str, Any]) -> "SchemeInfo":
    """The SchemeInfo of a full definition, read through the engine (raises scoring.SchemeError when the
    definition is not a valid scheme)."""
    scheme = scoring.load_scheme(definition)
    leaves = [_leaf(scheme, node) for node in scheme.leaves]
    rating_periods: list[str] = []
    for leaf in leaves:
        if leaf.source == "leader_rating":
            rating_periods.extend(p for p in leaf.periods if p not in rating_periods)
    return SchemeInfo(
        code=scheme.code,
        name=scheme.name,
        leaves=leaves,
        input_names={decl.name: decl.label or decl.name for decl in scheme.inputs.values()},
        rating_periods=tuple(rating_periods),
        categories=tuple(scheme.categories),
    )


@lru_cache(maxsize=64)
def _info_for_version(version_id: int, definition_key: str) -> SchemeInfo:
    return parse(json.loads(definition_key))


EDIT_KEYS = ("remove", "add", "modify", "move")


def effective_definition(version) -> dict:
    """The full definition the engine scores: an inheriting version that holds edit lists is resolved against
    its parent version (recursively), as the schemes room does."""
    definition = version.definition
    if definition.get("extends") and any(k in definition for k in EDIT_KEYS) and version.parent_version_id:
        return scoring.resolve(definition, effective_definition(version.parent_version))
    return definition


def info_for(version) -> SchemeInfo:
    """The SchemeInfo of a SchemeVersion (cached per version and content)."""
    key = json.dumps(effective_definition(version), sort_keys=True, ensure_ascii=False, default=str)
    return _info_for_version(version.pk, key)
