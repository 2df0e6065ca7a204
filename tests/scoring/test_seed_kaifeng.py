"""Seed acceptance case: 开封 (examples/schemes/kaifeng.yaml) — seven indicators with all their listed sub-items,
weights "根据各地各部门实际情况合理确定": here per unit category.

Level-1 weights — 新组建和职能变化较大部门: 15/10/10/20/15/20/10; 其他党政部门: 15/15/15/10/10/25/10. A sub-item's
maximum in points is level-1 weight × its own weight / 100; every sub-item is scored out of 100.
Every expected figure below was worked out by hand from the example inputs; the arithmetic is beside it."""

from decimal import Decimal

import pytest

from tests.scoring.seeds import find_node as _node
from tests.scoring.seeds import seed_batch, seed_scheme


def _scheme():
    return seed_scheme("kaifeng")


def _batch():
    return seed_batch("kaifeng")


def test_kaifeng_has_the_seven_indicators_and_every_listed_sub_item():
    scheme = _scheme()
    assert [n.name for n in scheme.roots] == [
        "职能配置",
        "内设机构",
        "人员编制",
        "工作机制运行",
        "协作机制运行",
        "履职尽责",
        "机构编制日常管理",
    ]
    assert {n.name: [c.name for c in n.children] for n in scheme.roots} == {
        "职能配置": [
            "合法合规",
            "完整清晰",
            "权责统一",
            "便民服务",
            "适应经济社会发展",
            "权责清单落实和动态调整情况",
        ],
        "内设机构": ["科学合理", "边界清晰", "上下一致"],
        "人员编制": ["编制与职责对应", "职数与分工匹配", "人员配备", "结构层次", "岗位设置"],
        "工作机制运行": ["业务流程", "人员分工", "配合协调", "环境氛围"],
        "协作机制运行": ["配合机制", "牵头工作推进", "配合工作落实", "部门评价"],
        "履职尽责": [
            "新增职责",
            "减少职责",
            "上收或下放的职责",
            "强化的职责",
            "配合的责任",
            "责任完成情况",
            "创新发展情况",
            "服务对象满意情况",
            "热点难点问题解决情况",
            "错误失误",
        ],
        "机构编制日常管理": [
            "机构编制集中统一管理",
            "领导职数配备",
            "机构编制违规违纪",
            "条条干预",
            "机构编制督查整改",
            "审计和巡视巡察整改",
        ],
    }


def test_kaifeng_weights_the_indicators_differently_for_each_category():
    batch = _batch()
    newly_formed = batch.result("scjg").to_dict()  # 新组建和职能变化较大部门
    other = batch.result("sfj").to_dict()  # 其他党政部门
    assert [n["max"] for n in newly_formed["indicators"]] == [15, 10, 10, 20, 15, 20, 10]
    assert [n["max"] for n in other["indicators"]] == [15, 15, 15, 10, 10, 25, 10]
    assert newly_formed["max"] == other["max"] == 100


EXPECTED = {
    # 新组建 weights. 职能配置 15: 5 × 100% + 清单 80% × 3 = 2.4 → 15 − 0.6 = 14.4
    # 内设机构 10: 90% × 4 = 3.6 + 80% × 3 = 2.4 + 3 = 9;  人员编制 10: 人员配备 80% × 2 = 1.6 → 9.6
    # 工作机制 20: 90% × 6 = 5.4 + 80% × 5 = 4 + 80% × 5 = 4 + 环境 60% × 4 = 2.4 = 15.8
    # 协作 15: 3 × 3.75 + 部门评价 92% × 3.75 = 3.45 = 14.7
    # 履职尽责 20 (减少、上收下放不适用): 2 + 90%×2 = 1.8 + 2 + 90%×4 = 3.6 + 75%×2 = 1.5 + 90%×2 = 1.8 + 2
    #   + 错误失误 1 起 (100 − 25 = 75%) × 2 = 1.5 = 16.2 of 18 → × 20/18 = 18
    # 日常管理 10: all full = 10
    "scjg": (Decimal("91.50"), 1),  # 14.4 + 9 + 9.6 + 15.8 + 14.7 + 18 + 10 = 91.5
    # 职能配置: 3 + 80%×2.25 = 1.8 + 1.8 + 2.25 + 2.25 + 3 = 14.1;  内设: 4 + 3 + 80%×3 = 2.4 = 9.4
    # 人员编制: 80%×2.5 = 2 + 2 + 70%×2 = 1.4 + 80%×1.5 = 1.2 + 2 = 8.6
    # 工作机制: 80%×6 = 4.8 + 80%×5 = 4 + 90%×5 = 4.5 + 4 = 17.3;  协作: 3.75 + 3.75 + 80%×3.75 = 3 + 80% → 3 = 13.5
    # 履职尽责: 80%×2 = 1.6 + 1 + 1 + 1.6 + 2 + 85%×4 = 3.4 + 1.6 + 85%×2 = 1.7 + 90%×2 = 1.8 + 2 = 17.7
    # 日常管理: 2 + 2 + 2 + 条条干预 1 起 (50%) × 1 = 0.5 + 1.5 + 1.5 = 9.5
    "yjj": (Decimal("90.10"), 2),  # 14.1 + 9.4 + 8.6 + 17.3 + 13.5 + 17.7 + 9.5 = 90.1
    # 其他 weights. 职能配置 15: 3 + 2.25 + 2.25 + 80%×2.25 = 1.8 + 2.25 + 90%×3 = 2.7 = 14.25
    # 内设 15: 90%×6 = 5.4 + 4.5 + 4.5 = 14.4;  人员编制 15: 3.75 + 80%×3 = 2.4 + 3 + 2.25 + 90%×3 = 2.7 = 14.1
    # 工作机制 10: 90%×3 = 2.7 + 2.5 + 80%×2.5 = 2 + 2 = 9.2;  协作 10: 2.5 + 2.5 + 2 + 90%×2.5 = 2.25 = 9.25
    # 履职尽责 25 (新增、减少、上收下放不适用, max 20): 2.5 + 2.5 + 90%×5 = 4.5 + 80%×2.5 = 2 + 88%×2.5 = 2.2
    #   + 90%×2.5 = 2.25 + 错误失误 2 起 (50%) × 2.5 = 1.25 = 17.2 → × 25/20 = 21.5
    # 日常管理 10: 2 + 80%×2 = 1.6 + 2 + 1 + 1.5 + 1.5 = 9.6
    "jyj": (Decimal("92.30"), 1),  # 14.25 + 14.4 + 14.1 + 9.2 + 9.25 + 21.5 + 9.6 = 92.3
    # 职能配置 15;  内设: 80%×6 = 4.8 + 80%×4.5 = 3.6 + 4.5 = 12.9
    # 人员编制: 3.75 + 3 + 80%×3 = 2.4 + 80%×2.25 = 1.8 + 3 = 13.95;  工作机制: 80% of 10 = 8
    # 协作: 80%×2.5 = 2 + 2 + 2.5 + 80% → 2 = 8.5
    # 履职尽责: 2.5 + 1.25 + 1.25 + 80%×2.5 = 2 + 2 + 80%×5 = 4 + 60%×2.5 = 1.5 + 84%×2.5 = 2.1 + 2 + 2.5 = 21.1
    # 日常管理: 2 + 2 + 违规违纪 2 起 × 50 = 100 → 0 + 1 + 80%×1.5 = 1.2 + 1.5 = 7.7
    "sfj": (Decimal("87.15"), 2),  # 15 + 12.9 + 13.95 + 8 + 8.5 + 21.1 + 7.7 = 87.15
}


@pytest.mark.parametrize("unit", sorted(EXPECTED))
def test_kaifeng_totals_and_ranks_within_category_match_the_hand_worked_figures(unit):
    summary = _batch().units[unit]
    assert (summary.total, summary.rank) == EXPECTED[unit]


def test_each_indicator_gives_its_own_conclusion_in_the_result():
    indicators = _batch().result("scjg").to_dict()["indicators"]
    assert [n["points"] for n in indicators] == [14.4, 9, 9.6, 15.8, 14.7, 18, 10]


def test_duties_that_did_not_change_are_not_applicable_and_the_rest_is_rescaled():
    result = _batch().result("jyj").to_dict()
    assert result["not_applicable"] == ["K6.1", "K6.2", "K6.3"]
    assert _node(result["indicators"], "K6")["points"] == 21.5  # 17.2 of 20 → × 25/20


def test_two_staffing_violations_empty_that_item():
    indicators = _batch().result("sfj").to_dict()["indicators"]
    assert _node(indicators, "K7.3")["points"] == 0  # 2 × 50 of 100
