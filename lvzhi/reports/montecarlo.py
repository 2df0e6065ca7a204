"""How much a ranking depends on its weights: Monte Carlo over the weights (and optionally over the treatment of
missing inputs), in the composite-indicator practice of the OECD/JRC Handbook on Constructing Composite
Indicators (2008, §6–7) and Saisana, Saltelli and Tarantola (J. R. Statist. Soc. A 168 (2005) 307–323).
Pure NumPy: no Django import.

The model. Unit u has, for each weighted indicator i (the scheme's level-1 regular indicators), its points p[u,i]
out of a maximum m[u,i] (the maxima differ by category where the scheme says so), an applicability mask, fixed
adjustments b[u] (level-1 bonus minus deduction) and full marks T[u]. A draw multiplies each indicator's weight by a
factor f[i] (uniform within the range the office sets); the unit's total is then

    total[u] = max(0, T[u] · Σ_applicable p[u,i]·f[i] / Σ_applicable m[u,i]·f[i] + b[u])

— at f = 1 exactly the engine's total (the level-1 indicators' points add up, not-applicable ones rescaled the
way the engine does). Totals are rounded to the scheme's precision, ranked within their groups (competition
ranks: ties share the best rank) and graded by the bands, with each unit's own grade rules laid over as they acted
on its result.

Sensitivity. The output is the average shift in ranks against the reference ranking (the JRC's R̄_S). With the
radial design of Saltelli et al. (Comput. Phys. Commun. 181 (2010) 259–270): matrices A and B of N draws each and
A_B^(i) (A with column i from B), the first-order index S_i = mean(f(B)·(f(A_B^(i)) − f(A))) / V (Saltelli 2010)
and the total index S_Ti = mean((f(A) − f(A_B^(i)))²) / (2V) (Jansen 1999), V the variance of f over A and B.
The units' rank statistics come from the N draws of A.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

MIN_DRAWS = 1000
MAX_DRAWS = 10000  # memory: a few (draws × units) arrays


@dataclass
class Layout:
    """The inputs of the model, one row per unit and one column per weighted indicator."""

    points: Floats  # (units, k) points of each indicator
    maxima: Floats  # (units, k) their maxima for the unit's category
    applicable: Bools  # (units, k)
    full: Floats  # (units,) full marks T
    adjustments: Floats  # (units,) fixed bonus − deduction at level 1
    groups: Ints  # (units,) ranking group of each unit
    precision: int = 2
    descending: bool = True
    band_mins: list[float | None] = field(
        default_factory=list
    )  # grade bands, best first; None: everything below
    band_factor: Floats | None = (
        None  # (units,) total × factor is compared with the bands (full marks by category)
    )
    grade_steps: list[list[tuple[str, int]]] = field(
        default_factory=list
    )  # per unit: (downgrade|set|at_most, n)
    # the alternative treatment of missing inputs (as not applicable): same shapes, or None
    alt_points: Floats | None = None
    alt_applicable: Bools | None = None


@dataclass
class Outcome:
    reference_total: Floats
    reference_rank: Ints
    reference_grade: Ints  # band index (-1: no bands)
    median_rank: Floats
    rank_low: Ints  # 5th percentile of the ranks
    rank_high: Ints  # 95th percentile
    grade_change: Floats  # share of draws with another grade
    grade_shares: Floats  # (units, grades): share of draws in each grade
    first_order: Floats  # (factors,)
    total_order: Floats  # (factors,)
    draws: int
    runs: int


def _parts(points: Floats, maxima: Floats, applicable: Bools) -> tuple[Floats, Floats]:
    return np.where(applicable, points, 0.0), np.where(applicable, maxima, 0.0)


def _finish(layout: Layout, numerator: Floats, denominator: Floats) -> Floats:
    """(runs, units) sums → totals rounded half up to the scheme's precision."""
    with np.errstate(invalid="ignore", divide="ignore"):
        regular = np.where(denominator > 0, layout.full[None, :] * numerator / denominator, 0.0)
    out = np.maximum(regular + layout.adjustments[None, :], 0.0)
    q = 10.0**layout.precision
    return np.asarray(np.floor(out * q + 0.5 + 1e-9) / q)


def totals(layout: Layout, factors: Floats, use_alt: Bools | None = None) -> Floats:
    """(runs, units) totals for the weight factors (runs, k); `use_alt` (runs,) picks the alternative treatment
    of missing inputs in those runs."""
    p, m = _parts(layout.points, layout.maxima, layout.applicable)
    numerator, denominator = factors @ p.T, factors @ m.T
    if use_alt is not None and layout.alt_points is not None and layout.alt_applicable is not None:
        pa, ma = _parts(layout.alt_points, layout.maxima, layout.alt_applicable)
        numerator = np.where(use_alt[:, None], factors @ pa.T, numerator)
        denominator = np.where(use_alt[:, None], factors @ ma.T, denominator)
    return _finish(layout, numerator, denominator)


def ranks(layout: Layout, scores: Floats) -> Ints:
    """(runs, units) competition ranks (1 = best; ties share the best rank) within each group."""
    runs, units = scores.shape
    keyed = -scores if layout.descending else scores
    # one sort for all groups: by group, then by score
    spread = float(np.abs(keyed).max(initial=0.0)) * 2 + 1
    order = np.argsort(layout.groups[None, :] * spread + keyed, axis=1, kind="stable")
    ordered = np.take_along_axis(keyed, order, axis=1)
    groups = layout.groups[order]
    position = np.broadcast_to(np.arange(units, dtype=np.int64), (runs, units))
    new = np.ones((runs, units), dtype=bool)
    new[:, 1:] = (ordered[:, 1:] != ordered[:, :-1]) | (groups[:, 1:] != groups[:, :-1])
    start_of_group = np.ones((runs, units), dtype=bool)
    start_of_group[:, 1:] = groups[:, 1:] != groups[:, :-1]
    group_start = np.maximum.accumulate(np.where(start_of_group, position, 0), axis=1)
    tie_start = np.maximum.accumulate(np.where(new, position, 0), axis=1)
    ranked = tie_start - group_start + 1
    placed = np.empty_like(ranked)
    np.put_along_axis(placed, order, ranked, axis=1)
    return placed


def grades(layout: Layout, scores: Floats) -> Ints:
    """(runs, units) band index (0 = best band), each unit's grade rules laid over; -1 without bands."""
    if not layout.band_mins:
        return np.full(scores.shape, -1, dtype=np.int64)
    factor = layout.band_factor if layout.band_factor is not None else np.ones(scores.shape[1])
    shown = scores * factor[None, :]
    index = np.full(scores.shape, len(layout.band_mins) - 1, dtype=np.int64)
    for position in range(len(layout.band_mins) - 1, -1, -1):
        minimum = layout.band_mins[position]
        if minimum is None:
            continue
        index = np.where(shown >= minimum - 1e-9, position, index)
    last = len(layout.band_mins) - 1
    for unit, steps in enumerate(layout.grade_steps):
        for action, value in steps:
            if action == "downgrade":
                index[:, unit] = np.minimum(index[:, unit] + value, last)
            elif action == "set":
                index[:, unit] = value
            elif action == "at_most":
                index[:, unit] = np.maximum(index[:, unit], value)
    return index


def _quantile(values: Ints, q: float) -> Ints:
    return np.asarray(np.quantile(values, q, axis=0, method="inverted_cdf"), dtype=np.int64)


@dataclass
class _Sums:
    """Numerators and denominators of a sample under both treatments of missing inputs, (runs, units) each."""

    num: Floats
    den: Floats
    num_alt: Floats
    den_alt: Floats


def analyse(
    layout: Layout,
    low: Floats,
    high: Floats,
    draws: int = MIN_DRAWS,
    vary_missing: bool = False,
    seed: int = 0,
) -> Outcome:
    """The Monte Carlo analysis: `low`/`high` (k,) are the weight factors' ranges (1 = the scheme's weight).

    A_B^(i) differs from A in one column only, so its sums are A's plus a rank-one change (its points times the
    change of that factor): the N·(k+2) model runs cost about as much as 2N full ones."""
    if draws < MIN_DRAWS:
        raise ValueError(f"至少抽样 {MIN_DRAWS} 次")
    k = layout.points.shape[1]
    vary_missing = vary_missing and layout.alt_points is not None and layout.alt_applicable is not None
    factors_count = k + (1 if vary_missing else 0)
    rng = np.random.default_rng(seed)
    a = rng.random((draws, factors_count))
    b = rng.random((draws, factors_count))
    p, m = _parts(layout.points, layout.maxima, layout.applicable)
    if vary_missing:
        assert layout.alt_points is not None and layout.alt_applicable is not None
        pa, ma = _parts(layout.alt_points, layout.maxima, layout.alt_applicable)
    else:
        pa, ma = p, m
    fa = low + a[:, :k] * (high - low)
    fb = low + b[:, :k] * (high - low)
    alt_a = a[:, k] < 0.5 if vary_missing else np.zeros(draws, dtype=bool)
    alt_b = b[:, k] < 0.5 if vary_missing else np.zeros(draws, dtype=bool)

    def sums(f: Floats) -> _Sums:
        return _Sums(
            f @ p.T, f @ m.T, f @ pa.T if vary_missing else f @ p.T, f @ ma.T if vary_missing else f @ m.T
        )

    def scores(s: _Sums, alt: Bools) -> Floats:
        return _finish(
            layout, np.where(alt[:, None], s.num_alt, s.num), np.where(alt[:, None], s.den_alt, s.den)
        )

    reference = totals(layout, np.ones((1, k)))
    ref_rank = ranks(layout, reference)[0]
    ref_grade = grades(layout, reference)[0]

    def shift(score_block: Floats) -> Floats:
        return np.asarray(
            np.abs(ranks(layout, score_block) - ref_rank[None, :]).mean(axis=1), dtype=np.float64
        )

    sums_a, sums_b = sums(fa), sums(fb)
    scores_a = scores(sums_a, alt_a)
    a_ranks = ranks(layout, scores_a)
    a_grades = grades(layout, scores_a)
    f_a = np.asarray(np.abs(a_ranks - ref_rank[None, :]).mean(axis=1), dtype=np.float64)
    f_b = shift(scores(sums_b, alt_b))
    variance = float(np.var(np.concatenate([f_a, f_b])))
    first = np.zeros(factors_count)
    total = np.zeros(factors_count)
    for i in range(factors_count):
        if i < k:
            change = (fb[:, i] - fa[:, i])[:, None]
            mixed = _Sums(
                sums_a.num + change * p[:, i][None, :],
                sums_a.den + change * m[:, i][None, :],
                sums_a.num_alt + change * pa[:, i][None, :],
                sums_a.den_alt + change * ma[:, i][None, :],
            )
            f_ab = shift(scores(mixed, alt_a))
        else:
            f_ab = shift(scores(sums_a, alt_b))
        if variance > 0:
            first[i] = float(np.mean(f_b * (f_ab - f_a))) / variance
            total[i] = float(np.mean((f_a - f_ab) ** 2)) / (2 * variance)
    band_count = max(len(layout.band_mins), 1)
    shares = np.stack([(a_grades == g).mean(axis=0) for g in range(band_count)], axis=1)
    units = layout.points.shape[0]
    return Outcome(
        reference_total=reference[0],
        reference_rank=ref_rank,
        reference_grade=ref_grade,
        median_rank=np.median(a_ranks, axis=0),
        rank_low=_quantile(a_ranks, 0.05),
        rank_high=_quantile(a_ranks, 0.95),
        grade_change=(a_grades != ref_grade[None, :]).mean(axis=0) if layout.band_mins else np.zeros(units),
        grade_shares=shares,
        first_order=first,
        total_order=total,
        draws=draws,
        runs=draws * (factors_count + 2),
    )


def as_dict(outcome: Outcome) -> dict[str, Any]:
    return {
        key: value.tolist() if isinstance(value, np.ndarray) else value
        for key, value in outcome.__dict__.items()
    }
