"""From a loaded scheme and the units' stored inputs to the Monte Carlo model's layout (`montecarlo.Layout`).
No Django import.

The level-1 indicators' points come from the scoring engine's batch path (`lvzhi.scoring.fast.score_batch`, the
campaign's own arithmetic, run once over all units — twice when the treatment of missing inputs varies: the second
time with each unit's missing indicators marked not applicable). Nothing is aggregated here that the engine
computes; what this module adds is which level-1 indicators apply to a unit (the engine's rule: excluded for the
category, marked not applicable, or every regular leaf below not applicable), which `check` compares with the
engine's own totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from lvzhi.scoring.engine import UnitInputs
from lvzhi.scoring.fast import score_batch
from lvzhi.scoring.model import Node, Scheme
from lvzhi.scoring.vocab import is_not_applicable

from .montecarlo import Layout

GRADE_ACTIONS = ("downgrade", "set", "at_most")


@dataclass
class Indicator:
    code: str
    name: str
    weight: float  # percent of the full marks in the scheme's default layout


@dataclass
class Built:
    layout: Layout
    indicators: list[Indicator]
    engine_totals: list[Fraction] = field(default_factory=list)


def weighted_roots(scheme: Scheme) -> list[Node]:
    return [root for root in scheme.roots if not root.is_adjustment]


def _not_applicable(scheme: Scheme, node: Node, unit: UnitInputs, category: str | None) -> bool:
    places = scheme.places(category)
    if places[node.code].excluded or node.code in unit.not_applicable:
        return True
    value = unit.values.get(node.code)
    if node.is_leaf:
        own = unit.values.get(node.scoring_rule.input_key())
        return is_not_applicable(value) or is_not_applicable(own)
    if is_not_applicable(value):
        return True
    regular = [c for c in node.children if not c.is_adjustment]
    return (
        bool(regular)
        and not node.base_points
        and all(_not_applicable(scheme, c, unit, category) for c in regular)
    )


def _points(
    scheme: Scheme, units: list[UnitInputs], contexts: list[dict[str, int]] | None, roots: list[Node]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Fraction], list[list[str]]]:
    computed = score_batch(scheme, units, contexts)
    k = len(roots)
    points = np.zeros((len(units), k))
    applicable = np.zeros((len(units), k), dtype=bool)
    adjustments = np.zeros(len(units))
    totals, missing = [], []
    adjustment_roots = [root for root in scheme.roots if root.is_adjustment]
    for u, (unit, (total, unit_missing, accessor)) in enumerate(zip(units, computed, strict=True)):
        category = scheme.known_category(unit.category)
        for i, root in enumerate(roots):
            points[u, i] = float(accessor(root.code))
            applicable[u, i] = not _not_applicable(scheme, root, unit, category)
        adjustments[u] = float(sum((accessor(root.code) for root in adjustment_roots), Fraction(0)))
        totals.append(total)
        missing.append(list(unit_missing))
    return points, applicable, adjustments, totals, missing


def build(
    scheme: Scheme,
    units: list[UnitInputs],
    *,
    contexts: list[dict[str, int]] | None = None,
    adjustments: list[list[dict[str, Any]]] | None = None,
    vary_missing: bool = False,
) -> Built:
    """The layout of `units` (each with its category) under `scheme`; `adjustments` are each unit's grade rule
    changes as its stored result records them (`grade_adjustments`; quota changes are left out)."""
    roots = weighted_roots(scheme)
    if len(roots) < 2:
        raise ValueError("一级指标少于 2 个,没有可变动的权重")
    points, applicable, fixed, totals, missing = _points(scheme, units, contexts, roots)
    maxima = np.zeros(points.shape)
    full = np.zeros(len(units))
    factor = np.ones(len(units))
    groups = np.zeros(len(units), dtype=np.int64)
    group_ids: dict[Any, int] = {}
    within = scheme.ranking.get("within", "category")
    for u, unit in enumerate(units):
        places = scheme.places(unit.category)
        for i, root in enumerate(roots):
            maxima[u, i] = float(places[root.code].max)
        full[u] = float(places["__root__"].max)
        share = scheme.grade_share(unit.category)
        factor[u] = float(share) if share is not None else 1.0
        key = unit.category if within == "category" else None
        groups[u] = group_ids.setdefault(key, len(group_ids))
    order = scheme.grades
    steps: list[list[tuple[str, int]]] = []
    for changes in adjustments or [[] for _ in units]:
        unit_steps = []
        for change in changes:
            action = change.get("action")
            if action == "downgrade":
                unit_steps.append((action, int(change.get("value") or 0)))
            elif action in ("set", "at_most") and change.get("value") in order:
                unit_steps.append((str(action), order.index(str(change.get("value")))))
        steps.append(unit_steps)
    layout = Layout(
        points=points,
        maxima=maxima,
        applicable=applicable,
        full=full,
        adjustments=fixed,
        groups=groups,
        precision=scheme.precision,
        descending=scheme.ranking.get("order", "desc") == "desc",
        band_mins=[None if m is None else float(m) for _, m in scheme.grade_bands],
        band_factor=factor,
        grade_steps=steps,
    )
    if vary_missing and any(missing):
        alternative = [
            UnitInputs(
                unit.values,
                unit.category,
                unit.name,
                sorted(set(unit.not_applicable) | (set(gone) & set(scheme.nodes))),
                unit.key,
                unit.not_evaluated,
            )
            for unit, gone in zip(units, missing, strict=True)
        ]
        alt_points, alt_applicable, _fixed, _totals, _missing = _points(scheme, alternative, contexts, roots)
        layout.alt_points, layout.alt_applicable = alt_points, alt_applicable
    default = scheme.places(None)
    total = float(default["__root__"].max)
    indicators = [
        Indicator(root.code, root.name, float(default[root.code].max) / total * 100 if total else 0.0)
        for root in roots
    ]
    return Built(layout, indicators, totals)
