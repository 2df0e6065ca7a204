"""What a campaign needs to know about a frozen scheme version: its leaf indicators with their data source,
the value they expect, their scale and the evidence they require (docs/scheme-format.md).

The numbers themselves are computed by the engine (lvzhi.scoring); this module only reads the definition to
decide who enters what. Read once per version and cached (a published version never changes).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
        if category and category in self.by_category:
            return Decimal(str(self.by_category[category])) != 0
        return True

    def scale(self, category: str | None = None) -> Decimal:
        """The scale raw entered scores are on (docs/scheme-format.md "Points and weights")."""
        if self.scale_override is not None:
            return self.scale_override
        if self.points is not None:
            if category and category in self.by_category:
                return Decimal(str(self.by_category[category]))
            return self.points
        return Decimal(100)

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


def _dec(value):
    if value is None or value == "":
        return None
    text = str(value).strip().rstrip("%")
    return Decimal(text)


def _periods(value, period_sets) -> tuple:
    if not value:
        return ()
    if isinstance(value, str):
        value = period_sets.get(value, {})
    return tuple(value.keys()) if isinstance(value, dict) else ()


def _rating_scale(rule, definition) -> dict:
    scale = rule.get("scale")
    if isinstance(scale, str):
        scale = (definition.get("rating_scales") or {}).get(scale)
    if not isinstance(scale, dict):
        return {}
    out = {}
    for label, value in scale.items():
        try:
            out[str(label)] = Decimal(str(value))
        except ArithmeticError:
            continue
    return out


def _scale(node, rule):
    if node.get("scale") is not None:
        return _dec(node["scale"])
    if RULE_ALIASES.get(str(rule.get("type", "entered")), str(rule.get("type", "entered"))) in {
        "entered",
        "import",
    } and isinstance(rule.get("scale"), int | float | str):
        return _dec(rule["scale"])
    return None


# The Chinese words a scheme definition may use for sources and rule types are the engine's (lvzhi.scoring.vocab).
SOURCE_ALIASES = SOURCE_LOOKUP
RULE_ALIASES = RULE_LOOKUP


def _normalise_source(raw: str) -> tuple[str, str]:
    raw = (raw or "").strip().replace("：", ":")
    if not raw:
        return "desk_review", ""
    head, _sep, detail = raw.partition(":")
    head = head.strip()
    return SOURCE_ALIASES.get(head, head), detail.strip()


def parse(definition: dict) -> SchemeInfo:
    period_sets = definition.get("period_sets") or {}
    leaves: list[Leaf] = []
    rating_periods: list[str] = []

    def walk(nodes, path, inherited_periods):
        for node in nodes or []:
            periods = _periods(node.get("periods"), period_sets) or inherited_periods
            children = node.get("children") or []
            if children:
                walk(children, (*path, node.get("name", "")), periods)
                continue
            rule = node.get("rule") or {"type": "entered"}
            source, detail = _normalise_source(node.get("source", ""))
            groups = tuple(g.get("name", "") for g in rule.get("groups") or [] if isinstance(g, dict))
            leaf = Leaf(
                code=str(node["code"]),
                name=node.get("name", ""),
                path=path,
                source=source,
                source_detail=detail,
                rule_type=RULE_ALIASES.get(
                    str(rule.get("type", "entered")), str(rule.get("type", "entered"))
                ),
                kind=node.get("kind", "regular"),
                points=_dec(node.get("points")),
                weight=_dec(node.get("weight")),
                scale_override=_scale(node, rule),
                by_category=dict(node.get("by_category") or {}),
                periods=periods,
                evidence=tuple(node.get("evidence") or ()),
                standard=node.get("standard", ""),
                groups=groups,
                rating_scale=_rating_scale(rule, definition),
                ratio_target=rule.get("target") is not None,
            )
            if source == "leader_rating":
                for p in periods:
                    if p not in rating_periods:
                        rating_periods.append(p)
            leaves.append(leaf)

    walk(definition.get("indicators") or [], (), ())
    inputs = {
        item["name"]: item.get("label") or item["name"]
        for item in definition.get("inputs") or []
        if isinstance(item, dict) and item.get("name")
    }
    return SchemeInfo(
        code=definition.get("code", ""),
        name=definition.get("name", ""),
        leaves=leaves,
        input_names=inputs,
        rating_periods=tuple(rating_periods),
        categories=tuple(definition.get("categories") or ()),
    )


@lru_cache(maxsize=64)
def _info_for_version(version_id: int, definition_key: str) -> SchemeInfo:
    import json

    return parse(json.loads(definition_key))


EDIT_KEYS = ("remove", "add", "modify", "move")


def effective_definition(version) -> dict:
    """The full definition the engine scores: an inheriting version that holds edit lists is resolved against
    its parent version (recursively), as the schemes room does."""
    definition = version.definition
    if definition.get("extends") and any(k in definition for k in EDIT_KEYS) and version.parent_version_id:
        from lvzhi import scoring

        return scoring.resolve(definition, effective_definition(version.parent_version))
    return definition


def info_for(version) -> SchemeInfo:
    """The SchemeInfo of a SchemeVersion (cached per version and content)."""
    import json

    key = json.dumps(effective_definition(version), sort_keys=True, ensure_ascii=False, default=str)
    return _info_for_version(version.pk, key)
