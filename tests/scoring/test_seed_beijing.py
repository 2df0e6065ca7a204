"""Seed acceptance case: 北京 三效一创 (examples/schemes/beijing-sanxiao-yichuang.yaml) — 履职效率 35, 管理效能 20,
服务效果 40, 创新创优 5; eight indicators; 公众评价 20 points from a third party; accountability deductions capped
at 20 in all.

Every expected figure below was worked out by hand from the example inputs; the arithmetic is beside it.
Deductions per case: 勤政廉政 5, 安全生产 5, 绩效审计 2, 预算支出 2."""

from decimal import Decimal

import pytest

from tests.scoring.seeds import find_node as _node
from tests.scoring.seeds import seed_batch, seed_scheme


def _scheme():
    return seed_scheme("beijing-sanxiao-yichuang")


def _batch():
    return seed_batch("beijing-sanxiao-yichuang")


def test_beijing_weighs_efficiency_35_management_20_service_40_and_innovation_5():
    scheme = _scheme()
    regular = [(n.name, n.points) for n in scheme.roots if n.kind == "regular"]
    assert regular == [("履职效率", 35), ("管理效能", 20), ("服务效果", 40), ("创新创优", 5)]
    assert scheme.total == 100


def test_beijing_has_eight_indicators_and_a_public_evaluation_of_20_points():
    scheme = _scheme()
    indicators = [leaf.name for leaf in scheme.leaves if leaf.kind == "regular"]
    assert indicators == [
        "职责任务",
        "领导考评",
        "依法行政",
        "能力建设",
        "服务中央",
        "服务基层",
        "公众评价",
        "创新创优",
    ]
    public = scheme.nodes["C3"]
    assert (public.points, public.definition["source"], public.rule.type) == (20, "external_import", "import")


def test_accountability_deductions_are_one_group_capped_at_20():
    group = _scheme().nodes["X"]
    assert (group.kind, group.points) == ("deduction", 20)
    assert [c.name for c in group.children] == ["勤政廉政", "安全生产", "绩效审计", "预算支出"]


EXPECTED = {
    # 23 + 9 + 9 + 8.5 + 9 + 8 + 公众评价 85.7 × 20/100 = 17.14 + 4 = 87.64; 绩效审计 1 × 2 = −2
    "jxw": (Decimal("85.64"), 2),  # 87.64 − 2 = 85.64
    # 24 + 9.5 + 9.5 + 9 + 9 + 9 + 88 × 0.2 = 17.6 + 5 = 92.6; no deductions
    "kw": (Decimal("92.60"), 1),
    # 24.5 + 9 + 9 + 9 + 10 + 8.5 + 82.5 × 0.2 = 16.5 + 3 = 89.5; 预算支出 2 × 2 = −4
    "fgw": (Decimal("85.50"), 3),  # 89.5 − 4 = 85.5
    # 22 + 8 + 8 + 8 + 8 + 8 + 80 × 0.2 = 16 + 2 = 80; 勤政廉政 2×5 + 安全生产 2×5 + 绩效审计 1×2 = 22 → cap 20
    "ajj": (Decimal("60.00"), 5),  # 80 − 20 = 60
    # 23.5 + 8.5 + 9 + 9 + 9 + 9.5 + 公众评价缺失 0 + 3 = 71.5; no deductions
    "ghw": (Decimal("71.50"), 4),
}


@pytest.mark.parametrize("unit", sorted(EXPECTED))
def test_beijing_totals_and_ranks_match_the_hand_worked_figures(unit):
    summary = _batch().units[unit]
    assert (summary.total, summary.rank) == EXPECTED[unit]


def test_the_third_party_public_evaluation_is_imported_and_counts_on_20_points():
    indicators = _batch().result("jxw").to_dict()["indicators"]
    assert _node(indicators, "C3")["points"] == 17.14  # 85.7 of 100 → 85.7 × 20/100


def test_deductions_of_22_points_take_only_20():
    indicators = _batch().result("ajj").to_dict()["indicators"]
    group = _node(indicators, "X")
    assert group["points"] == -20
    assert group["capped"] is True
    assert [c["points"] for c in group["children"]] == [-10, -10, -2, 0]  # 2×5, 2×5, 1×2, 0


def test_a_missing_third_party_score_scores_nothing_and_is_listed():
    assert _batch().units["ghw"].missing == ["C3"]
