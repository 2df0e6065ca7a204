"""A loaded scheme: its indicator tree and the per-category layout (maximum and scale of every node). The
loader that builds one from a definition is `lvzhi.scoring.loader`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .expr import Expression
from .numbers import HUNDRED, ZERO
from .rules import Rule
from .vocab import ADJUSTMENT_KINDS

FORMAT = "lvzhi-scheme/1"
EDIT_KEYS = ("remove", "add", "modify", "move")
TOP_KEYS = {
    "format", "code", "name", "level", "description", "source_document", "note", "extends", "total", "precision",
    "total_by_category", "categories", "inputs", "rating_scales", "period_sets", "indicators", "grades", "ranking", "quotas",
    *EDIT_KEYS,
}
NODE_KEYS = {
    "code", "name", "points", "weight", "by_category", "kind", "nature", "standard", "rule", "evidence", "source",
    "periods", "base", "note", "children", "scale",
}
INPUT_TYPES = {"number", "boolean", "text"}
# The keys each part of the format may have (docs/scheme-format.md; the JSON Schema lists the same keys, which
# tests/scoring/test_format_keys.py checks).
INPUT_KEYS = {"name", "label", "type", "default"}
BASE_KEYS = {"share", "points"}
GRADES_KEYS = {"bands", "rules", "flags"}
GRADE_BAND_KEYS = {"grade", "min"}
GRADE_ACTIONS = ("downgrade", "set", "at_most")
GRADE_RULE_KEYS = {"when", *GRADE_ACTIONS, "reason"}
FLAG_KEYS = {"when", "flag"}
RANKING_KEYS = {"within", "order"}
QUOTA_KEYS = {"award", "grade", "eligible_grades", "max_share", "scope", "rounding", "overflow"}
MAX_LEVEL = 3


@dataclass
class InputDecl:
    name: str
    label: str = ""
    type: str = "number"
    default: object = None


@dataclass
class Node:
    code: str
    name: str
    level: int
    kind: str = "regular"
    points: Fraction | None = None
    weight: Fraction | None = None
    by_category: dict[str, Fraction] = field(default_factory=dict)
    scale_override: Fraction | None = None
    base_share: Fraction | None = None
    base_points: Fraction | None = None
    periods: dict[str, Fraction] | None = None
    rule: Rule | None = None
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    definition: dict[str, Any] = field(default_factory=dict)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def scoring_rule(self) -> Rule:
        """The rule of a leaf (every leaf of a loaded scheme has one)."""
        if self.rule is None:
            raise ValueError(f"{self.code} has no rule")
        return self.rule

    @property
    def is_adjustment(self) -> bool:
        return self.kind in ADJUSTMENT_KINDS

    def nominal(self, category: str | None) -> Fraction | None:
        """points or weight as they apply to a category (None when not given)."""
        if category is not None and category in self.by_category:
            return self.by_category[category]
        return self.points if self.points is not None else self.weight

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Place:
    """Where a node sits for one category: its maximum in points of the total and its own scale."""

    max: Fraction
    scale: Fraction
    excluded: bool  # by_category 0, or under an excluded node


@dataclass
class GradeRule:
    when: Expression
    action: str  # downgrade | set | at_most
    value: int | str  # grades to go down by, or the grade
    reason: str


@dataclass
class Quota:
    award: str | None
    grade: str | None
    eligible_grades: list[str]
    max_share: Fraction
    scope: str
    rounding: str
    overflow: str | None


class Scheme:
    """A validated scheme. `definition` is its normalized dict (what files and the database store)."""

    def __init__(self) -> None:
        self.definition: dict[str, Any] = {}
        self.code = ""
        self.name = ""
        self.precision = 2
        self.total: Fraction | None = None
        self.total_by_category: dict[str, Fraction] = {}  # full marks of the units of a category (150 / 100)
        self.inputs: dict[str, InputDecl] = {}
        self.rating_scales: dict[str, dict[str, Fraction]] = {}
        self.period_sets: dict[str, dict[str, Fraction]] = {}
        self.categories: list[str] = []
        self.roots: list[Node] = []
        self.nodes: dict[str, Node] = {}
        self.leaves: list[Node] = []
        self.grade_bands: list[tuple[str, Fraction | None]] = []
        self.grade_rules: list[GradeRule] = []
        self.flags: list[tuple[Expression, str]] = []
        self.ranking = {"within": "category", "order": "desc"}
        self.quotas: list[Quota] = []
        self.top_style = "points"
        self._places: dict[str | None, dict[str, Place]] = {}

    def __repr__(self) -> str:
        return f"<Scheme {self.code} {len(self.nodes)} indicators>"

    @property
    def grades(self) -> list[str]:
        return [g for g, _ in self.grade_bands]

    @property
    def has_rank_by(self) -> bool:
        return any(getattr(leaf.rule, "by", None) for leaf in self.leaves)

    def known_category(self, category: str | None) -> str | None:
        """by_category overrides apply only to categories they name; anything else uses the defaults."""
        if category is None:
            return None
        overridden = self.__dict__.get("_overridden")
        if overridden is None:
            overridden = frozenset(c for node in self.nodes.values() for c in node.by_category) | frozenset(
                self.total_by_category)
            self.__dict__["_overridden"] = overridden
        return category if category in overridden else None

    def total_for(self, category: str | None) -> Fraction:
        return self.places(category)["__root__"].max

    def grade_share(self, category: str | None) -> Fraction | None:
        """With full marks by category, grade bands are written on the scheme's `total` and read on each
        category's full marks in proportion (优秀 ≥ 90 of 100 is ≥ 135 of 150): the factor, None when 1."""
        if category is None or category not in self.total_by_category or self.total is None:
            return None
        factor = self.total / self.total_by_category[category]
        return None if factor == 1 else factor

    def places(self, category: str | None) -> dict[str, Place]:
        key = self.known_category(category)
        cached = self._places.get(key)
        if cached is None:
            cached = self._compute_places(key)
            self._places[key] = cached
        return cached

    def _compute_places(self, category: str | None) -> dict[str, Place]:
        total = self.total if self.total is not None else Fraction(100)
        if category is not None and category in self.total_by_category:
            total = self.total_by_category[category]
        places = {"__root__": Place(total, total, False)}

        def visit(node: Node, parent_max: Fraction, parent_scale: Fraction, parent_excluded: bool) -> None:
            nominal = node.nominal(category)
            nominal = nominal if nominal is not None else ZERO
            if node.weight is not None and not node.is_adjustment:
                node_max = parent_max * nominal / HUNDRED
                scale = node.scale_override or HUNDRED
            else:
                node_max = parent_max * nominal / parent_scale if parent_scale else ZERO
                scale = node.scale_override or nominal
            excluded = parent_excluded or (nominal == 0 and not node.is_adjustment)
            places[node.code] = Place(node_max, scale, excluded)
            for child in node.children:
                visit(child, node_max, scale, excluded)

        for root in self.roots:
            visit(root, total, total, False)
        return places


def code_text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
