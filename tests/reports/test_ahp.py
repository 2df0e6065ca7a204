"""The AHP arithmetic against Saaty's published worked example, and the panel's geometric mean.

Source of every expected figure: T. L. Saaty, "How to make a decision: the analytic hierarchy process",
European Journal of Operational Research 48 (1990) 9–26 — the example of choosing a house (Table 1 gives the
criteria's pairwise comparison matrix, with priority vector .173 .054 .188 .018 .031 .036 .167 .333, λmax = 9.669,
C.I. = .238, C.R. = .169; Table 2 the houses' matrices under each criterion, e.g. yard space: .674 .101 .226,
λmax = 3.086, C.I. = .043, C.R. = .074; size of house: .754 .181 .065, λmax = 3.136, C.I. = .068, C.R. = .117).
The same example is in Saaty, The Analytic Hierarchy Process (McGraw-Hill, 1980), chapter 2.
"""

from fractions import Fraction as F

import numpy as np
import pytest

from lvzhi.reports import ahp

# Criteria: size of house, transportation, neighbourhood, age, yard space, modern facilities, general condition,
# financing.
HOUSE_CRITERIA = [
    [1, 5, 3, 7, 6, 6, F(1, 3), F(1, 4)],
    [F(1, 5), 1, F(1, 3), 5, 3, 3, F(1, 5), F(1, 7)],
    [F(1, 3), 3, 1, 6, 3, 4, 6, F(1, 5)],
    [F(1, 7), F(1, 5), F(1, 6), 1, F(1, 3), F(1, 4), F(1, 7), F(1, 8)],
    [F(1, 6), F(1, 3), F(1, 3), 3, 1, F(1, 2), F(1, 5), F(1, 6)],
    [F(1, 6), F(1, 3), F(1, 4), 4, 2, 1, F(1, 5), F(1, 6)],
    [3, 5, F(1, 6), 7, 5, 5, 1, F(1, 2)],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
YARD_SPACE = [[1, 5, 4], [F(1, 5), 1, F(1, 3)], [F(1, 4), 3, 1]]
SIZE_OF_HOUSE = [[1, 6, 8], [F(1, 6), 1, 4], [F(1, 8), F(1, 4), 1]]


def matrix(rows):
    return np.array([[float(x) for x in row] for row in rows])


def upper(rows):
    n = len(rows)
    return {(i, j): rows[i][j] for i in range(n) for j in range(i + 1, n)}


def rounded(values, places=3):
    return [round(v, places) for v in values]


def test_saaty_house_criteria_weights_and_consistency_to_three_decimals():
    p = ahp.priorities(matrix(HOUSE_CRITERIA))
    assert rounded(p.weights) == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert round(p.lambda_max, 3) == 9.669
    assert round(p.consistency_index, 3) == 0.238
    assert p.random_index == 1.41
    assert round(p.consistency_ratio, 3) == 0.169
    assert not p.acceptable


def test_the_inconsistent_house_matrix_names_neighbourhood_against_general_condition_first():
    # Neighbourhood (3rd) was judged 6 times as important as general condition (7th), while the weights make
    # them almost equal (.188 / .167): that judgement departs most, and 1 is the scale value the weights imply.
    p = ahp.priorities(matrix(HOUSE_CRITERIA))
    first = p.pairs_to_revisit[0]
    assert (first.i, first.j) == (2, 6)
    assert first.judged == 6
    assert first.suggested == 1
    assert len(p.pairs_to_revisit) == 3


def test_saaty_yard_space_is_consistent_enough():
    p = ahp.priorities(ahp.matrix_from_upper(3, upper(YARD_SPACE)))
    assert rounded(p.weights) == [0.674, 0.101, 0.226]
    assert round(p.lambda_max, 3) == 3.086
    assert round(p.consistency_index, 3) == 0.043
    assert round(p.consistency_ratio, 3) == 0.074
    assert p.acceptable
    assert p.pairs_to_revisit == []


def test_saaty_size_of_house_is_just_above_the_limit():
    p = ahp.priorities(matrix(SIZE_OF_HOUSE))
    assert rounded(p.weights) == [0.754, 0.181, 0.065]
    assert round(p.lambda_max, 3) == 3.136
    assert round(p.consistency_ratio, 3) == 0.117
    assert not p.acceptable


def test_a_perfectly_consistent_matrix_gives_its_ratios_and_cr_zero():
    w = np.array([0.5, 0.3, 0.2])
    p = ahp.priorities(w[:, None] / w[None, :])
    assert rounded(p.weights) == [0.5, 0.3, 0.2]
    assert round(p.consistency_ratio, 6) == 0


def test_the_panel_geometric_mean_of_two_judges_is_the_reciprocal_matrix_of_their_means():
    one = ahp.matrix_from_upper(3, {(0, 1): 9, (0, 2): 3, (1, 2): F(1, 3)})
    other = ahp.matrix_from_upper(3, {(0, 1): 1, (0, 2): 3, (1, 2): 3})
    combined = ahp.combine([one, other])
    assert combined[0, 1] == pytest.approx(3.0)  # √(9·1)
    assert combined[0, 2] == pytest.approx(3.0)  # √(3·3)
    assert combined[1, 2] == pytest.approx(1.0)  # √(1/3·3)
    assert combined[1, 0] == pytest.approx(1 / 3)
    assert np.allclose(combined * combined.T, 1)


def test_judgements_off_the_scale_or_missing_are_refused_with_the_pair_named():
    with pytest.raises(ahp.JudgementError, match="第 1 与第 2 个指标的判断值 10"):
        ahp.matrix_from_upper(3, {(0, 1): 10, (0, 2): 1, (1, 2): 1})
    with pytest.raises(ahp.JudgementError, match="缺少第 2 与第 3 个指标的比较"):
        ahp.matrix_from_upper(3, {(0, 1): 1, (0, 2): 1})
    with pytest.raises(ahp.JudgementError, match="互为倒数"):
        ahp.check_matrix(np.array([[1.0, 3.0], [3.0, 1.0]]))


def test_shares_add_up_exactly_by_largest_remainder():
    assert ahp.shares([1, 1, 1], F(100), F(1, 10)) == [F(334, 10), F(333, 10), F(333, 10)]
    assert sum(ahp.shares([0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], F(65), F(1, 10))) == 65
