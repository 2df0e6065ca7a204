"""The robustness model on cases whose answer is known."""

import numpy as np
import pytest

from lvzhi.reports import layout as layout_module
from lvzhi.reports import montecarlo
from lvzhi.scoring import load_scheme, score_units
from lvzhi.scoring.engine import UnitInputs


def plain_layout(points, maxima=None, groups=None, bands=()):
    points = np.asarray(points, dtype=float)
    units, k = points.shape
    maxima = np.asarray(maxima if maxima is not None else np.full((units, k), 100.0 / k), dtype=float)
    return montecarlo.Layout(
        points=points,
        maxima=maxima,
        applicable=np.ones((units, k), dtype=bool),
        full=np.full(units, 100.0),
        adjustments=np.zeros(units),
        groups=np.asarray(groups if groups is not None else np.zeros(units), dtype=np.int64),
        band_mins=list(bands),
        grade_steps=[[] for _ in range(units)],
    )


def test_a_dominant_unit_ranks_first_in_every_draw():
    # unit 0 has full marks on every indicator; the others less on each
    rng = np.random.default_rng(3)
    points = np.vstack([np.full(4, 25.0), rng.uniform(5, 24, size=(9, 4))])
    out = montecarlo.analyse(plain_layout(points), np.full(4, 0.5), np.full(4, 1.5), draws=1000)
    assert (out.rank_low[0], out.rank_high[0]) == (1, 1)
    assert out.median_rank[0] == 1


def test_units_equal_by_symmetry_rank_anywhere():
    # each unit is best on one indicator and nothing on the others: with the weights equally uncertain, each
    # ranks first, second or third about equally often
    points = np.diag([50.0, 50.0, 50.0])
    out = montecarlo.analyse(plain_layout(points), np.full(3, 0.5), np.full(3, 1.5), draws=3000, seed=7)
    assert list(out.reference_rank) == [1, 1, 1]  # tied at the scheme's weights
    assert list(out.rank_low) == [1, 1, 1]
    assert list(out.rank_high) == [3, 3, 3]
    assert list(out.median_rank) == [2, 2, 2]


def test_ranks_tie_and_stay_within_their_group():
    scores = np.array([[90.0, 80.0, 90.0, 70.0, 75.0]])
    layout = plain_layout(np.zeros((5, 2)), groups=[0, 0, 0, 1, 1])
    assert montecarlo.ranks(layout, scores).tolist() == [[1, 3, 1, 2, 1]]


def test_a_weight_that_cannot_move_has_no_sensitivity_and_grades_follow_the_bands():
    # indicator 0 separates the units, indicator 1 is the same for all: its weight cannot change the ranking
    points = np.array([[50.0, 20.0], [30.0, 20.0], [40.0, 20.0]])
    layout = plain_layout(points, bands=[80, 60, None])
    out = montecarlo.analyse(layout, np.array([0.5, 1.0]), np.array([1.5, 1.0]), draws=1000)
    assert out.total_order[1] == 0 and out.first_order[1] == 0
    assert list(out.reference_total) == [70.0, 50.0, 60.0]
    assert list(out.reference_grade) == [1, 2, 1]
    assert list(out.rank_low) == list(out.rank_high) == [1, 3, 2]  # one separating indicator: the order holds


def test_a_unit_near_a_band_changes_grade_when_weights_move():
    # unit 0: 79.5 at the scheme's weights (good), strong on indicator 0: more weight there lifts it over 80
    points = np.array([[45.0, 34.5], [30.0, 30.0]])
    layout = plain_layout(points, bands=[80, 60, None])
    out = montecarlo.analyse(layout, np.array([0.8, 0.8]), np.array([1.2, 1.2]), draws=2000)
    assert out.reference_total[0] == pytest.approx(79.5)
    assert 0.2 < out.grade_change[0] < 0.8
    assert out.grade_change[1] == 0


SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "mc",
    "name": "稳健性方案",
    "total": 100,
    "categories": ["甲类", "乙类"],
    "indicators": [
        {
            "code": "A",
            "name": "职能履行",
            "weight": 50,
            "children": [
                {"code": "A1", "name": "重点", "weight": 60},
                {"code": "A2", "name": "常规", "weight": 40},
            ],
        },
        {
            "code": "B",
            "name": "编制管理",
            "weight": 30,
            "by_category": {"乙类": 20},
            "children": [{"code": "B1", "name": "使用", "weight": 100}],
        },
        {
            "code": "C",
            "name": "社会评价",
            "weight": 20,
            "by_category": {"乙类": 30},
            "children": [{"code": "C1", "name": "满意度", "weight": 100}],
        },
        {
            "code": "X",
            "name": "扣分",
            "kind": "deduction",
            "points": 10,
            "children": [
                {
                    "code": "X1",
                    "name": "问责",
                    "kind": "deduction",
                    "points": 10,
                    "rule": {"type": "occurrences", "per": 2},
                }
            ],
        },
    ],
    "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 75}, {"grade": "一般"}]},
}


def test_at_the_schemes_weights_the_layout_gives_the_engines_totals():
    units = [
        UnitInputs({"A1": 91, "A2": 80, "B1": 77.5, "C1": 88, "X1": 1}, "甲类", "一局", key="u1"),
        UnitInputs({"A1": 60, "A2": "不适用", "B1": 95, "C1": 70}, "乙类", "二局", key="u2"),
        UnitInputs({"A1": 85, "B1": "不适用", "C1": 99.9}, "甲类", "三局", key="u3"),  # A2 missing
        UnitInputs({"A1": 70, "A2": 75, "C1": 64}, "乙类", "四局", key="u4", not_applicable=["B"]),
    ]
    scheme = load_scheme(SCHEME)
    built = layout_module.build(scheme, units, vary_missing=True)
    reference = montecarlo.totals(built.layout, np.ones((1, 3)))[0]
    batch = score_units(scheme, {u.key: u for u in units})
    assert [float(batch.units[u.key].total) for u in units] == pytest.approx(list(reference), abs=0.011)
    assert [i.code for i in built.indicators] == ["A", "B", "C"]
    assert [i.weight for i in built.indicators] == [50, 30, 20]
    # missing A2 of 三局 as not applicable: A is then A1 alone
    assert built.layout.alt_points is not None
    assert built.layout.alt_points[2, 0] == pytest.approx(85 * 0.5)
    assert not built.layout.applicable[2, 1] and not built.layout.applicable[3, 1]
