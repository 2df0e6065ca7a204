"""Seed acceptance case: a bureau's internal scheme for individuals (examples/schemes/bureau-individuals.yaml).

个人绩效总分 = 工作考核目标×60% (four quarters × 25%) + 内部管理目标×20% + 工作满意度×20%, where
工作满意度 = 领导班子评价平均分×40% + 中层以下人员评价平均分×60%. An individual with a disciplinary case is 诫勉.
Raters give 优秀 100 / 良好 85 / 一般 70 / 差 50. Every expected figure below was worked out by hand."""

from decimal import Decimal

import pytest

from tests.scoring.seeds import seed_batch, seed_scheme


def _scheme():
    return seed_scheme("bureau-individuals")


def _batch():
    return seed_batch("bureau-individuals")


def test_individuals_are_weighted_60_20_20():
    scheme = _scheme()
    assert [(n.name, n.weight) for n in scheme.roots] == [
        ("工作考核目标", 60),
        ("内部管理目标", 20),
        ("工作满意度目标", 20),
    ]
    assert scheme.nodes["A"].periods == {"Q1": 25, "Q2": 25, "Q3": 25, "Q4": 25}
    groups = scheme.nodes["C"].rule.groups
    assert [(g["label"], g["weight"]) for g in groups] == [("领导班子", 40), ("中层以下人员", 60)]


EXPECTED = {
    # 工作考核 (95+93+97+95)/4 = 95% × 60 = 57; 内部管理 90% × 20 = 18
    # 满意度: 领导 (100+100+85)/3 = 95; 中层以下 (8×100 + 2×85)/10 = 97; 95×0.4 + 97×0.6 = 96.2 → × 20% = 19.24
    "p01": (Decimal("94.24"), "优秀", 2),  # 57 + 18 + 19.24 = 94.24
    # (90+92+94+96)/4 = 93% × 60 = 55.8; 95% × 20 = 19; 领导 100, 中层以下 (9×100 + 85)/10 = 98.5 → 40 + 59.1 = 99.1
    # → 19.82; total 55.8 + 19 + 19.82 = 94.62 = 优秀 by score, but 违纪受查处 → 诫勉
    "p02": (Decimal("94.62"), "诫勉", 1),
    # (85+85+80+90)/4 = 85% × 60 = 51; 85% × 20 = 17; 领导 85, 中层以下 (2×100 + 6×85 + 2×70)/10 = 85 → 85 → 17
    "p03": (Decimal("85.00"), "良好", 3),  # 51 + 17 + 17 = 85
    # (75+70+80+75)/4 = 75% × 60 = 45; 80% × 20 = 16; 领导 (85+70+70)/3 = 75, 中层以下 (4×85 + 6×70)/10 = 76
    # → 75×0.4 + 76×0.6 = 30 + 45.6 = 75.6 → 15.12
    "p04": (Decimal("76.12"), "达标", 4),  # 45 + 16 + 15.12 = 76.12
    # (60+65+70+65)/4 = 65% × 60 = 39; 70% × 20 = 14; 领导 (70+70+50)/3 = 63.333…, 中层以下 (5×70 + 5×50)/10 = 60
    # → 63.333…×0.4 + 60×0.6 = 25.333… + 36 = 61.333… → × 20% = 12.2666… → 12.27 (half-up)
    "p05": (Decimal("65.27"), "诫勉", 5),  # 39 + 14 + 12.27 = 65.27
}


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_individual_totals_grades_and_ranks_match_the_hand_worked_figures(person):
    summary = _batch().units[person]
    assert (summary.total, summary.grade, summary.rank) == EXPECTED[person]


def test_an_individual_with_a_disciplinary_case_is_graded_jiemian_whatever_the_score():
    summary = _batch().units["p02"]
    assert (summary.band_grade, summary.grade) == ("优秀", "诫勉")
    assert "降为诫勉" in summary.adjustments[0]["reason"]


def test_satisfaction_weighs_the_leadership_average_40_and_the_staff_average_60():
    result = _batch().result("p01").to_dict()
    satisfaction = next(node for node in result["indicators"] if node["code"] == "C")
    assert satisfaction["points"] == 19.24  # (95 × 40 + 97 × 60)/100 = 96.2% of 20
