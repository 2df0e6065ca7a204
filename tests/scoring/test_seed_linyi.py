"""Seed acceptance case: 临沂 (examples/schemes/linyi.yaml) — 7 level-1 and 21 level-2 indicators of three kinds
(核心, 印证, 负面). Level-1 points 20/20/15/10/15/10/10 (chosen). Every expected figure below was worked out by
hand from the example inputs; the arithmetic is beside it."""

from decimal import Decimal

import pytest

from tests.scoring.seeds import find_node as _node
from tests.scoring.seeds import seed_batch, seed_scheme


def _scheme():
    return seed_scheme("linyi")


def _batch():
    return seed_batch("linyi")


def test_linyi_has_the_seven_level_one_indicators_of_the_seed():
    assert [n.name for n in _scheme().roots] == [
        "基本履职",
        "年度工作目标落实",
        "内部运行",
        "外部协作",
        "权责清单管理实施",
        "审批服务便民化",
        "工作时效",
    ]


def test_linyi_has_21_level_two_indicators_of_the_three_kinds():
    scheme = _scheme()
    level_two = [child for root in scheme.roots for child in root.children]
    assert len(level_two) == 21
    kinds = [n.kind for n in level_two]
    assert (kinds.count("core"), kinds.count("corroborating"), kinds.count("negative")) == (9, 7, 5)
    assert all(root.children[0].kind == "core" for root in scheme.roots)


EXPECTED = {
    # 基本履职: 8 + 7 × (60/60 + 114/120)/2 = 7 × 1.95/2 = 6.825 → 6.83 + 覆盖率 97% → 5 = 19.83
    # 目标落实: 12 × 18/20 = 10.8 + 5 + 逾期 0 → 3 = 18.8
    # 内部运行: 6 + 4 + 超四级 0 → 4 = 14;  外部协作: 4 + 3 + 推诿 0 → 3 = 10
    # 权责清单: 6 + 5 + 4 × 95/100 = 3.8 = 14.8
    # 便民化: 84.57% ≥ 80% → 4 + 3 + 投诉 2 × 0.5 = 1 → 3 − 1 = 2 = 9
    # 时效: 4 × 990/1000 = 3.96 + 时长 5/4 > 1 → 3 + 超时 1 × 0.5 → 2.5 = 9.46
    "xzsp": (Decimal("95.89"), 2),  # 19.83 + 18.8 + 14 + 10 + 14.8 + 9 + 9.46 = 95.89
    # 6 + 7 × (44/55 + 150/200)/2 = 7 × (0.8 + 0.75)/2 = 5.425 → 5.43 + 覆盖率 88% → 4 = 15.43
    # 12 × 15/20 = 9 + 4 + 逾期 2 → 1 = 14;  4 + 3 + 超四级 5 项 → 扣完 0 = 7;  2 + 2 + 推诿 2 → 1 = 5
    # 5 + 4 + 4 × 0.8 = 3.2 = 12.2
    # 72.82/80 = 0.91025 × 4 = 3.641 → 3.64 + 2 + 投诉 4 × 0.5 = 2 → 1 = 6.64
    # 4 × 0.9 = 3.6 + 3 × 5/8 = 1.875 → 1.88 + 超时 4 × 0.5 → 1 = 6.48
    "zrzy": (Decimal("66.75"), 4),  # 15.43 + 14 + 7 + 5 + 12.2 + 6.64 + 6.48 = 66.75
    # 7 + 7 + 92% → 4 = 18;  12 + 5 + 逾期 1 → 2 = 19;  5 + 4 + 超四级 1 → 3 = 12;  4 + 2 + 3 = 9
    # 6 + 4 + 4 × 0.9 = 3.6 = 13.6;  4 × 76/80 = 3.8 + 3 + 投诉 6 × 0.5 = 3 → 0 = 6.8
    # 4 × 0.97 = 3.88 + 时长 5/5 → 3 + 3 = 9.88
    "scjg": (Decimal("88.28"), 3),  # 18 + 19 + 12 + 9 + 13.6 + 6.8 + 9.88 = 88.28
    # 8 + 7 + 75% → 3 = 18;  12 × 19/20 = 11.4 + 5 + 3 = 19.4;  6 + 5 + 4 = 15
    # 外部协作: 议事协调机构不适用 → (3.3 + 3) × 10/7 = 6.3 × 10/7 = 9;  6 + 5 + 4 = 15
    # 90% → 4 (cap 1) + 3 + 投诉 1 → 2.5 = 9.5;  4 + 时长 5/2.5 → cap → 3 + 3 = 10
    "rsj": (Decimal("95.90"), 1),  # 18 + 19.4 + 15 + 9 + 15 + 9.5 + 10 = 95.9
}


@pytest.mark.parametrize("unit", sorted(EXPECTED))
def test_linyi_totals_and_ranks_match_the_hand_worked_figures(unit):
    summary = _batch().units[unit]
    assert (summary.total, summary.rank) == EXPECTED[unit]


def test_the_sign_off_share_from_the_seed_is_scored_against_its_target():
    batch = _batch()
    after = _node(batch.result("xzsp").to_dict()["indicators"], "L6.1")
    before = _node(batch.result("zrzy").to_dict()["indicators"], "L6.1")
    assert after["points"] == 4  # 84.57% ≥ 80%: full marks
    assert before["points"] == 3.64  # 72.82/80 × 4 = 3.641


def test_the_two_complete_decompositions_are_a_formula_over_four_named_inputs():
    indicators = _batch().result("xzsp").to_dict()["indicators"]
    assert _node(indicators, "L1.2")["points"] == 6.83  # 7 × (1 + 0.95)/2 = 6.825, rounded half-up


def test_a_negative_indicator_loses_its_points_per_occurrence_down_to_zero():
    indicators = _batch().result("zrzy").to_dict()["indicators"]
    assert _node(indicators, "L3.3")["points"] == 0  # 5 items over four sign-off levels, 4 points: 扣完为止
    assert _node(indicators, "L2.3")["points"] == 1  # 2 overdue tasks × 1 of 3


def test_a_shorter_average_duration_is_better():
    batch = _batch()
    assert _node(batch.result("zrzy").to_dict()["indicators"], "L7.2")["points"] == 1.88  # 3 × 5/8 = 1.875
    assert _node(batch.result("rsj").to_dict()["indicators"], "L7.2")["points"] == 3  # 2.5 days: capped at 3


def test_external_cooperation_is_rescaled_for_a_unit_leading_no_coordination_body():
    result = _batch().result("rsj").to_dict()
    assert result["not_applicable"] == ["L4.2"]
    assert _node(result["indicators"], "L4")["points"] == 9  # (3.3 + 3) × 10/7
