"""Seed acceptance case: a bureau's internal scheme for 处室 and 单位 (examples/schemes/bureau-units.yaml).

总得分 = 职能工作×40% + 管理工作×30% + 创新创优×10% + 工作满意度×20%; 职能工作 = 重点 50 / 常规 30 / 其他 20, each
the mean of four quarters (25% each); 管理 20/20/20/40; 创新 60/40; 满意度 局领导班子 40 / 中层以下 60.
Grades 优秀 ≥ 90, 良好 80–90, 达标 70–80, 诫勉 < 70; a disciplinary case lowers the grade by one; 诫勉 →
重点整改单位; 先进单位 at most 30% of all units, from 优秀.

In points of the 100 total a leaf's maximum is 100 × level-1 weight × level-2 weight: 重点 20, 常规 12, 其他 8;
依法/高效/廉洁 6 each, 其他 12; 成果 6, 改进 4; 领导班子 8, 中层以下 12. 测评表: 优秀 100 / 良好 85 / 一般 70 / 差 50.
Every expected figure below was worked out by hand; the arithmetic is beside it."""

from decimal import Decimal

import pytest

from tests.scoring.seeds import find_node as _node
from tests.scoring.seeds import seed_batch, seed_scheme


def _scheme():
    return seed_scheme("bureau-units")


def _batch():
    return seed_batch("bureau-units")


def test_the_bureau_weighs_functional_work_40_management_30_innovation_10_and_satisfaction_20():
    scheme = _scheme()
    assert [(n.name, n.weight) for n in scheme.roots] == [
        ("职能工作目标", 40),
        ("管理工作目标", 30),
        ("创新创优目标", 10),
        ("工作满意度目标", 20),
    ]
    assert [(n.name, n.weight) for n in scheme.nodes["A"].children] == [
        ("重点工作目标", 50),
        ("常规工作目标", 30),
        ("其他工作目标", 20),
    ]
    assert [n.weight for n in scheme.nodes["B"].children] == [20, 20, 20, 40]
    assert [n.weight for n in scheme.nodes["C"].children] == [60, 40]
    assert [(n.name, n.weight) for n in scheme.nodes["D"].children] == [
        ("局领导班子评议", 40),
        ("中层以下人员评议", 60),
    ]


def test_functional_work_is_assessed_in_four_quarters_of_25_percent():
    for code in ("A1", "A2", "A3"):
        assert _scheme().nodes[code].periods == {"Q1": 25, "Q2": 25, "Q3": 25, "Q4": 25}


EXPECTED = {
    # A: 重点 (96+94+98+92)/4 = 95 → 19; 常规 (90+90+95+95)/4 = 92.5 → 11.1; 其他 (100+90+90+100)/4 = 95 → 7.6 = 37.7
    # B: 95% × 6 = 5.7; 90% × 6 = 5.4; 100% × 6 = 6; 90% × 12 = 10.8 = 27.9
    # C: 90% × 6 = 5.4; 100% × 4 = 4 = 9.4
    # D: (5×100 + 1×85)/6 = 97.5% × 8 = 7.8; (14×100 + 6×85)/20 = 95.5% × 12 = 11.46 = 19.26
    "bgs": (Decimal("94.26"), "优秀", 2, ["先进单位"]),  # 37.7 + 27.9 + 9.4 + 19.26 = 94.26
    # A: (98+96+100+98)/4 = 98 → 19.6; 95 → 11.4; (100+100+90+90)/4 = 95 → 7.6 = 38.6
    # B: 6 + 5.7 + 5.4 + 11.4 = 28.5; C: 5.7 + 3.6 = 9.3
    # D: 100% × 8 = 8; (16×100 + 4×85)/20 = 97% × 12 = 11.64 = 19.64
    # 38.6 + 28.5 + 9.3 + 19.64 = 96.04: 优秀 by score, 违纪 1 起 → 降一等 良好
    "rsc": (Decimal("96.04"), "良好", 1, []),
    # A: (92+92+94+94)/4 = 93 → 18.6; (90+92+94+92)/4 = 92 → 11.04; 90 → 7.2 = 36.84
    # B: 5.4 + 5.4 + 5.7 + 10.8 = 27.3
    # C: 85% × 6 = 5.1; 工作适时改进不适用 → 5.1 × 10/6 = 8.5
    # D: (4×100 + 2×85)/6 = 95% × 8 = 7.6; (12×100 + 8×85)/20 = 94% × 12 = 11.28 = 18.88
    # 36.84 + 27.3 + 8.5 + 18.88 = 91.52: 优秀 but third of the 优秀 units, the quota is full
    "cwc": (Decimal("91.52"), "优秀", 3, []),
    # A: 85 → 17; 80 → 9.6; (80+80+90+90)/4 = 85 → 6.8 = 33.4
    # B: 5.4 + 4.8 + 5.4 + 10.2 = 25.8; C: 4.8 + 3.2 = 8
    # D: (2×100 + 4×85)/6 = 90% × 8 = 7.2; (8×100 + 10×85 + 2×70)/20 = 89.5% × 12 = 10.74 = 17.94
    "fgc": (Decimal("85.14"), "良好", 4, []),  # 33.4 + 25.8 + 8 + 17.94 = 85.14
    # A: 95 → 19; (95+95+90+90)/4 = 92.5 → 11.1; (90+90+100+100)/4 = 95 → 7.6 = 37.7
    # B: 5.7 + 5.7 + 5.7 + 11.4 = 28.5; C: 6 + 3.6 = 9.6
    # D: 97.5% × 8 = 7.8; (15×100 + 5×85)/20 = 96.25% × 12 = 11.55 = 19.35
    "xxzx": (Decimal("95.15"), "优秀", 1, ["先进单位"]),  # 37.7 + 28.5 + 9.6 + 19.35 = 95.15
    # A: (80+80+75+75)/4 = 77.5 → 15.5; 75 → 9; (70+70+80+80)/4 = 75 → 6 = 30.5
    # B: 4.8 + 4.2 + 4.8 + 9 = 22.8; C: 4.2 + 2.8 = 7
    # D: (4×85 + 2×70)/6 = 80% × 8 = 6.4; (2×100 + 10×85 + 8×70)/20 = 80.5% × 12 = 9.66 = 16.06
    "gzgs": (Decimal("76.36"), "达标", 2, []),  # 30.5 + 22.8 + 7 + 16.06 = 76.36
    # A: (70+70+65+65)/4 = 67.5 → 13.5; 70 → 8.4; (60+60+60+缺失 0)/4 = 45 → 3.6 = 25.5
    # B: 4.2 + 3.6 + 4.8 + 8.4 = 21; C: 3 + 2.4 = 5.4
    # D: (2×85 + 4×70)/6 = 75% × 8 = 6; (5×85 + 10×70 + 5×50)/20 = 68.75% × 12 = 8.25 = 14.25
    "pxzx": (Decimal("66.15"), "诫勉", 3, []),  # 25.5 + 21 + 5.4 + 14.25 = 66.15
}


@pytest.mark.parametrize("unit", sorted(EXPECTED))
def test_bureau_unit_totals_grades_ranks_and_titles_match_the_hand_worked_figures(unit):
    summary = _batch().units[unit]
    assert (summary.total, summary.grade, summary.rank, summary.titles) == EXPECTED[unit]


def test_a_disciplinary_case_lowers_the_grade_by_one_with_the_reason():
    summary = _batch().units["rsc"]
    assert (summary.band_grade, summary.grade) == ("优秀", "良好")
    assert [(a["from"], a["to"]) for a in summary.adjustments] == [("优秀", "良好")]
    assert "降低一个等次" in summary.adjustments[0]["reason"]


def test_at_most_30_percent_of_the_units_become_advanced_units():
    batch = _batch()
    excellent = sorted(key for key, u in batch.units.items() if u.grade == "优秀")
    assert excellent == ["bgs", "cwc", "xxzx"]  # rsc scored highest but was downgraded
    advanced = sorted(key for key, u in batch.units.items() if "先进单位" in u.titles)
    assert advanced == ["bgs", "xxzx"]  # floor(7 × 30%) = 2: 95.15 and 94.26 before 91.52
    assert batch.quota_report[0]["limit"] == 2


def test_a_unit_graded_jiemian_is_listed_for_key_rectification():
    batch = _batch()
    assert batch.units["pxzx"].flags == ["重点整改单位"]
    assert [key for key, u in batch.units.items() if u.flags] == ["pxzx"]


def test_a_missing_quarter_scores_nothing_and_is_listed():
    batch = _batch()
    assert batch.units["pxzx"].missing == ["A3@Q4"]
    other_work = _node(batch.result("pxzx").to_dict()["indicators"], "A3")
    assert other_work["points"] == 3.6  # (60+60+60+0)/4 = 45% × 8


def test_innovation_is_rescaled_when_nothing_was_left_to_improve():
    result = _batch().result("cwc").to_dict()
    assert result["not_applicable"] == ["C2"]
    assert _node(result["indicators"], "C")["points"] == 8.5  # 85% × 6 = 5.1 → × 10/6


def test_the_functional_work_total_is_the_mean_of_the_four_quarters():
    indicators = _batch().result("bgs").to_dict()["indicators"]
    key_work = _node(indicators, "A1")
    assert [key_work["periods"][q]["score"] for q in ("Q1", "Q2", "Q3", "Q4")] == [96, 94, 98, 92]
    assert key_work["points"] == 19  # (96+94+98+92)/4 = 95 of 100 → 95% × 20
