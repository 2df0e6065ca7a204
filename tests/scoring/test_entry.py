"""What may be entered for a leaf: whether it applies to a category (an indicator above it may rule it out), the
scale an entered score is on, and the one value check that entry pages, the API and imports share."""

from decimal import Decimal

from lvzhi.scoring import load_scheme, score_unit
from lvzhi.scoring.entry import applies, input_scale, value_problem

SCHEME = load_scheme({
    "code": "e", "name": "录入", "categories": ["甲", "乙"],
    "indicators": [
        {"code": "P", "name": "党建", "points": 30, "by_category": {"乙": 0}, "children": [
            {"code": "P1", "name": "责任制", "points": 30}]},
        {"code": "W", "name": "业务", "points": 70, "by_category": {"乙": 100}, "children": [
            {"code": "W1", "name": "目标", "points": 40, "by_category": {"乙": 70}},
            {"code": "W2", "name": "第三方", "points": 10, "rule": {"type": "import", "scale": 100}},
            {"code": "W3", "name": "满意度", "points": 10, "rule": {"type": "survey"}},
            {"code": "W4", "name": "问题", "points": 5, "rule": {"type": "occurrences", "per": 1}},
            {"code": "W5", "name": "排名", "points": 5, "rule": {"type": "rank", "step": 1}},
        ]},
    ],
})  # fmt: skip


def test_a_leaf_under_an_indicator_a_category_does_not_have_does_not_apply_and_is_not_scored():
    assert applies(SCHEME, "P1", "甲") and not applies(SCHEME, "P1", "乙")
    assert score_unit(SCHEME, {"W1": 60}, category="乙").not_applicable == ["P"]  # and nothing under it


def test_an_entered_score_is_on_the_leafs_scale_for_the_category_or_the_rules_own_scale():
    assert input_scale(SCHEME, SCHEME.nodes["W1"], "甲") == 40
    assert input_scale(SCHEME, SCHEME.nodes["W1"], "乙") == 70
    assert input_scale(SCHEME, SCHEME.nodes["W2"], "乙") == 100
    assert input_scale(SCHEME, SCHEME.nodes["W3"], None) is None  # a rate, not a score


def test_the_one_value_check():
    def problem(code, value, category="甲"):
        found = value_problem(SCHEME, code, category, Decimal(value))
        return found.message if found else None

    assert problem("W1", "40") is None
    assert problem("W1", "41") == "超出满分 40"
    assert problem("W1", "55", "乙") is None
    assert problem("W2", "100.5") == "超出满分 100"
    assert problem("W3", "101") == "满意率应在0到100之间"
    assert problem("W4", "1.5") == "次数应为整数"
    assert problem("W5", "0") == "名次应为正整数"
    assert problem("W1", "-1") == "不能为负数"
    assert problem("named_input", "-1") is None  # not a leaf: any number
