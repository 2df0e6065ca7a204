"""Seed acceptance case: 肥城 (examples/schemes/feicheng.yaml) — seven items, 31 sub-items, 100 points split
职责落实和履行 45 / 机构编制管理 40 / 社会评议 15, five respondent groups ("五位一体").

Every expected figure below was worked out by hand from the example inputs; the arithmetic is beside it.
Survey answers count 满意 100 / 基本满意 60 / 不满意 0; the leader's 优秀 100 / 良好 80 / 一般 60 / 差 40."""

from decimal import Decimal

import pytest

from tests.scoring.seeds import find_node as _node
from tests.scoring.seeds import seed_batch, seed_scheme


def _scheme():
    return seed_scheme("feicheng")


def _batch():
    return seed_batch("feicheng")


def test_feicheng_splits_100_points_into_duties_45_staffing_management_40_and_social_review_15():
    scheme = _scheme()
    assert [(n.name, n.points) for n in scheme.roots] == [
        ("职责落实和履行", 45),
        ("机构编制管理", 40),
        ("社会评议", 15),
    ]
    assert scheme.total == 100


def test_feicheng_has_the_seven_items_of_the_seed_and_31_sub_items():
    scheme = _scheme()
    items = [child.name for root in scheme.roots for child in root.children]
    assert items == [
        "职能精细化管理",
        "内部工作机制运行",
        "对外协作配合机制建立和运行",
        "履行职责及成效评估",
        "机构编制管理规定执行",
        "其他评估指标",
        "履职评议和社会评议",
    ]
    assert len(scheme.leaves) == 31
    assert all(leaf.level == 3 for leaf in scheme.leaves)


def test_social_review_asks_the_five_respondent_groups():
    review = _scheme().nodes["C1"]
    assert [leaf.definition["source"] for leaf in review.children] == [
        "leader_rating",
        "survey:单位干部职工",
        "survey:管理服务对象",
        "survey:相关职能部门",
        "survey:监管部门",
    ]


EXPECTED = {
    # A: 职能精细化 3+3+2+1 = 9; 内部机制 2+2+2+2 = 8; 协作 1+2+1 = 4;
    #    履职成效 (5+5+3+1 = 14, 下属事业单位不适用) × 20/16 = 17.5 → 38.5
    # B: 机构编制规定执行 4+4+4+4+3+4+4+3 = 30; 其他 5+5 = 10 → 40
    # C: 领导 良好 80% × 4 = 3.2; 职工 (20×100 + 5×60)/25 = 92% × 2 = 1.84; 服务对象 (40×100 + 10×60)/50 = 92% × 4
    #    = 3.68; 职能部门 (6×100 + 3×60 + 1×0)/10 = 78% × 3 = 2.34; 监管 (4×100 + 1×60)/5 = 92% × 2 = 1.84 → 12.9
    "mtj": (Decimal("91.40"), "优秀", 2),  # 38.5 + 40 + 12.9 = 91.4; second of 3 政府工作部门
    # A: 3+2+2+1 = 8; 2+1+2+2 = 7; 2+2+1 = 5; (5+5+2+2 = 14) × 20/16 = 17.5 → 37.5
    # B: 4+4+3+4+3+3+4+3 = 28; 4+5 = 9 → 37
    # C: 一般 60% × 4 = 2.4; (15×100 + 10×60)/25 = 84% × 2 = 1.68; (30×100 + 15×60 + 5×0)/50 = 78% × 4 = 3.12;
    #    (5×100 + 4×60 + 1×0)/10 = 74% × 3 = 2.22; (3×100 + 2×60)/5 = 84% × 2 = 1.68 → 11.1
    "ajj": (Decimal("85.60"), "良好", 3),  # 37.5 + 37 + 11.1 = 85.6
    # A: 3+3+2+2 = 10; 2+2+2+2 = 8; 3+2+2 = 7; 5+6+3+3+2 = 19 (下属执法监察大队抽查 3 of 4) → 44
    # B: 30 + 10 = 40
    # C: 优秀 4; (24×100 + 1×60)/25 = 98.4% × 2 = 1.968 → 1.97; (48×100 + 2×60)/50 = 98.4% × 4 = 3.936 → 3.94;
    #    (9×100 + 1×60)/10 = 96% × 3 = 2.88; 100% × 2 = 2 → 14.79
    "gtj": (Decimal("98.79"), "优秀", 1),  # 44 + 40 + 14.79 = 98.79
    # A: 2+2+2+2 = 8; 1+1+2+2 = 6; 3+2+2 = 7; (5+6+3+2 = 16) × 20/16 = 20 → 41
    # B: 挂牌 2 处 × 1 → 4 − 2 = 2; 1 + 4 + 4 + 3 + 4 + 纪律 4 + 3 → 25; 5 + 4 = 9 → 34
    # C: 良好 3.2; (18×100 + 2×60)/20 = 96% × 2 = 1.92; (90×100 + 10×60)/100 = 96% × 4 = 3.84;
    #    (8×100 + 2×60)/10 = 92% × 3 = 2.76; 100% × 2 = 2 → 13.72
    "ggzy": (Decimal("88.72"), "良好", 1),  # 41 + 34 + 13.72 = 88.72
    # A: 2+2+1+2 = 7; 2+1+1+2 = 6; 2+1+2 = 5; (4+5+2+1 = 12) × 20/16 = 15 → 33
    # B: 挂牌 1 处 → 3; 4; 2; 3; 1; 3; 纪律 3 起 × 2 = 6 → 扣完 4 → 0; 2 → 18; 3 + 3 = 6 → 24
    # C: 一般 2.4; (10×100 + 8×60 + 2×0)/20 = 74% × 2 = 1.48; (20×100 + 20×60 + 10×0)/50 = 64% × 4 = 2.56;
    #    (4×100 + 4×60 + 2×0)/10 = 64% × 3 = 1.92; (2×100 + 2×60 + 1×0)/5 = 64% × 2 = 1.28 → 9.64
    "gtjc": (Decimal("66.64"), "一般", 2),  # 33 + 24 + 9.64 = 66.64
}


@pytest.mark.parametrize("unit", sorted(EXPECTED))
def test_feicheng_totals_grades_and_ranks_match_the_hand_worked_figures(unit):
    summary = _batch().units[unit]
    assert (summary.total, summary.grade, summary.rank) == EXPECTED[unit]


def test_feicheng_ranks_government_departments_and_institutions_separately():
    batch = _batch()
    assert {key: u.category for key, u in batch.units.items()} == {
        "mtj": "政府工作部门",
        "ajj": "政府工作部门",
        "gtj": "政府工作部门",
        "ggzy": "直属事业单位",
        "gtjc": "直属事业单位",
    }
    assert {key: u.rank_size for key, u in batch.units.items()} == {
        "mtj": 3,
        "ajj": 3,
        "gtj": 3,
        "ggzy": 2,
        "gtjc": 2,
    }


def test_a_unit_without_subordinate_institutions_is_rescaled_on_the_other_performance_items():
    result = _batch().result("mtj").to_dict()
    assert "A4.4" in result["not_applicable"]
    assert _node(result["indicators"], "A4")["points"] == 17.5  # (5 + 5 + 3 + 1) × 20/16


def test_a_unit_with_a_subordinate_institution_is_scored_on_it_without_rescaling():
    result = _batch().result("gtj").to_dict()
    assert result["not_applicable"] == []
    assert _node(result["indicators"], "A4")["points"] == 19  # 5 + 6 + 3 + 3 + 2


def test_per_case_staffing_discipline_deductions_stop_at_the_items_points():
    indicators = _batch().result("gtjc").to_dict()["indicators"]
    assert _node(indicators, "B1.7")["points"] == 0  # 3 cases × 2 = 6 > 4 points: 扣完为止
    indicators = _batch().result("ggzy").to_dict()["indicators"]
    assert _node(indicators, "B1.1")["points"] == 2  # 挂牌不规范 and 简称不规范: 4 − 2 × 1
