"""Seed acceptance case: 莱阳 (examples/schemes/laiyang.yaml) — 主责主业 65 + 清单管理 20 + 满意度 15, 14 level-2
indicators, the 80% base with a semiannual leader rating and 察访核验 deductions, ranks within category.

Every expected figure below was worked out by hand from the example inputs; the arithmetic is beside it."""

from decimal import Decimal

import pytest

from tests.scoring.seeds import find_node as _node
from tests.scoring.seeds import seed_batch, seed_scheme


def _scheme():
    return seed_scheme("laiyang")


def _batch():
    return seed_batch("laiyang")


def test_laiyang_has_three_level_one_indicators_worth_65_20_and_15():
    scheme = _scheme()
    assert [(n.name, n.points) for n in scheme.roots] == [
        ("主责主业完成情况", 65),
        ("清单管理", 20),
        ("满意度", 15),
    ]
    assert scheme.total == 100
    assert scheme.categories == ["党群系统", "政务服务", "城乡建设", "司法监督", "教学科研"]


def test_laiyang_has_fourteen_level_two_indicators_besides_the_two_adjustments():
    scheme = _scheme()
    level_two = [child for root in scheme.roots for child in root.children]
    regular = [n for n in level_two if n.kind not in ("bonus", "deduction")]
    assert len(regular) == 14
    assert [n.name for n in regular[:3]] == ["工作成效度", "重点任务完成情况", "职能运行创新度"]
    adjustments = [(n.name, n.kind, n.points) for n in level_two if n.kind in ("bonus", "deduction")]
    assert adjustments == [("市领导评价", "bonus", 13), ("察访核验减分", "deduction", 10)]
    assert scheme.nodes["A"].base_share == 80


EXPECTED_TOTALS = {
    # 主责主业: (9+11+4+9+7+5+7+5 = 57) × 80% = 45.6; 市领导 优秀/优秀 → 13; 察访核验 2 处 → −2: 56.6
    # 清单管理: 5 + 5 × 12/12 + 5 + 4 = 19
    # 满意度: 问卷 (45×100 + 5×60)/50 = 96% × 8 = 7.68; 热线不适用 → 7.68 × 15/8 = 14.4
    "xcb": Decimal("90.00"),  # 56.6 + 19 + 14.4 = 90.0
    # 主责主业: (8+10+3+8+6+4+6+4 = 49) × 0.8 = 39.2; 良好 H1 10.4 × 50% + H2 缺失 0 = 5.2; 0 deductions: 44.4
    # 清单管理: 4 + 5 × 9/12 (= 3.75) + 4 + 3 = 14.75
    # 满意度: (30×100 + 15×60 + 5×0)/50 = 78% × 8 = 6.24; 热线不适用 → 6.24 × 15/8 = 11.7
    "zgh": Decimal("70.85"),  # 44.4 + 14.75 + 11.7 = 70.85
    # 主责主业: (10+12+5+10+8+6+7+6 = 64) × 0.8 = 51.2; 优秀/良好 (13 + 10.4)/2 = 11.7; −1: 61.9
    # 清单管理: 5 + 5 + 6 + 4 = 20
    # 满意度: (180×100 + 20×60)/200 = 96% × 8 = 7.68; 热线 94.5% × 7 = 6.615 → 6.62 (half-up): 14.30
    "spj": Decimal("96.20"),  # 61.9 + 20 + 14.3 = 96.2
    # 主责主业: 57 × 0.8 = 45.6; 良好/良好 10.4; 12 处问题 × 1 = 12 → capped at 10: 45.6 + 10.4 − 10 = 46
    # 清单管理: 5 + 5 × 40/42 (= 4.7619… → 4.76) + 5 + 3 = 17.76
    # 满意度: (60×100 + 30×60 + 10×0)/100 = 78% × 8 = 6.24; 热线 88% × 7 = 6.16: 12.40
    "fgj": Decimal("76.16"),  # 46 + 17.76 + 12.4 = 76.16
    # 主责主业: (8+9+3+7+5+4+5+4 = 45) × 0.8 = 36; 一般/良好 (7.8 + 10.4)/2 = 9.1; −3: 42.1
    # 清单管理: 4 + 5 × 20/25 (= 4) + 4 + 3 = 15
    # 满意度: (70×100 + 25×60 + 5×0)/100 = 85% × 8 = 6.8; 热线 80% × 7 = 5.6: 12.4
    "zrj": Decimal("69.50"),  # 42.1 + 15 + 12.4 = 69.5
    # 主责主业: (9+10+4+8+6+5+6+5 = 53) × 0.8 = 42.4; 良好/优秀 11.7; −2: 52.1
    # 清单管理: 5 + 5 + 5 + 4 = 19
    # 满意度: (40×100 + 10×60)/50 = 92% × 8 = 7.36; 热线 90% × 7 = 6.3: 13.66
    "zjj": Decimal("84.76"),  # 52.1 + 19 + 13.66 = 84.76
    # 主责主业: (9+11+4+8+7+5+6+5 = 55) × 0.8 = 44; 良好/良好 10.4; 0: 54.4
    # 清单管理: 5 + 5 + 5 + 3 = 18
    # 满意度: (90×100 + 10×60)/100 = 96% × 8 = 7.68; 热线 92% × 7 = 6.44: 14.12
    "jtj": Decimal("86.52"),  # 54.4 + 18 + 14.12 = 86.52
}


@pytest.mark.parametrize("unit", sorted(EXPECTED_TOTALS))
def test_laiyang_unit_totals_match_the_hand_worked_figures(unit):
    assert _batch().units[unit].total == EXPECTED_TOTALS[unit]


def test_laiyang_units_are_ranked_within_their_category():
    ranks = {key: (u.category, u.rank) for key, u in _batch().units.items()}
    assert ranks == {
        "xcb": ("党群系统", 1),
        "zgh": ("党群系统", 2),  # 90.00 > 70.85
        "spj": ("政务服务", 1),
        "fgj": ("政务服务", 2),  # 96.20 > 76.16
        "zjj": ("城乡建设", 1),
        "zrj": ("城乡建设", 2),  # 84.76 > 69.50
        "jtj": ("教学科研", 1),  # alone in its category
    }


def test_the_main_duties_score_is_80_percent_of_its_indicators_plus_the_leader_bonus_minus_deductions():
    result = _batch().result("spj").to_dict()
    main = _node(result["indicators"], "A")
    assert main["points"] == 61.9  # 64 × 0.8 + 11.7 − 1 = 61.9
    assert _node(result["indicators"], "A9")["points"] == 11.7  # 优秀 13 × 50% + 良好 10.4 × 50%
    assert _node(result["indicators"], "A10")["points"] == -1  # one problem found on site


def test_inspection_deductions_above_the_cap_take_only_ten_points():
    result = _batch().result("fgj").to_dict()
    deduction = _node(result["indicators"], "A10")
    assert deduction["points"] == -10  # 12 problems × 1 point, capped at 10
    assert _node(result["indicators"], "A")["points"] == 46  # 45.6 + 10.4 − 10


def test_a_missing_half_year_leader_rating_scores_nothing_and_is_listed():
    batch = _batch()
    assert batch.units["zgh"].missing == ["A9@H2"]
    assert _node(batch.result("zgh").to_dict()["indicators"], "A9")["points"] == 5.2  # 10.4 × 50% + 0 × 50%
    assert batch.units["xcb"].missing == []


def test_hotline_not_applicable_rescales_satisfaction_to_the_questionnaire():
    result = _batch().result("xcb").to_dict()
    assert "C2" in result["not_applicable"]
    assert _node(result["indicators"], "C1")["points"] == 7.68  # 96% × 8
    assert _node(result["indicators"], "C")["points"] == 14.4  # 7.68 × 15/8


def test_hotline_satisfaction_is_rounded_half_up_to_two_decimals():
    result = _batch().result("spj").to_dict()
    assert _node(result["indicators"], "C2")["points"] == 6.62  # 94.5% × 7 = 6.615 → 6.62
