"""A bad scheme is refused with every problem listed, each naming the indicator, in Chinese."""

import pytest

from lvzhi.scoring import SchemeError, load_scheme

from .helpers import group, leaf, scheme


def problems(definition) -> list[str]:
    with pytest.raises(SchemeError) as exc:
        load_scheme(definition)
    return [str(issue) for issue in exc.value.issues]


def test_children_points_that_do_not_add_up_name_the_parent():
    assert problems(scheme(group("A", 20, leaf("A1", 10), leaf("A2", 5)), leaf("B", 80))) == [
        "A：下级指标分值合计 15，与本级分值 20 不一致"]


def test_weights_that_do_not_add_up_to_100_are_refused():
    assert problems(scheme(leaf("A", None, weight=60), leaf("B", None, weight=30))) == [
        "indicators：下级指标权重合计 90，应为 100"]


def test_top_level_points_must_match_the_declared_total():
    assert problems(scheme(leaf("A", 60), leaf("B", 30), total=100)) == [
        "indicators：一级指标分值合计 90，与总分 100 不一致"]


def test_weights_per_category_must_add_up_too():
    found = problems(scheme(leaf("A", None, weight=60, by_category={"教学科研": 50}), leaf("B", None, weight=40)))
    assert found == ["indicators：下级指标权重合计 90（类别「教学科研」），应为 100"]


def test_duplicate_codes_are_refused():
    assert "A1：指标编码重复（出现 2 次）" in problems(scheme(group("A", 20, leaf("A1", 10), leaf("A1", 10)),
                                                           leaf("B", 80)))


def test_rules_naming_unknown_inputs_are_refused():
    found = problems(scheme(leaf("A", 100, {"type": "formula", "expr": "done / planned * 100", "vars": ["done"]})))
    assert found == ["A：公式引用了未定义的输入「planned」"]


def test_ratio_targets_and_rank_inputs_must_be_declared():
    found = problems(scheme(leaf("A", 50, {"type": "ratio", "target": "goal"}),
                            leaf("B", 50, {"type": "rank", "by": "votes", "step": 1})))
    assert found == ["A：完成率规则的目标引用了未定义的输入「goal」", "B：排名规则引用了未定义的输入「votes」"]


def test_grade_conditions_naming_unknown_inputs_are_refused():
    found = problems(scheme(leaf("A", 100), grades={"bands": [{"grade": "优秀", "min": 90}, {"grade": "一般"}],
                                                    "rules": [{"when": "cases > 0", "downgrade": 1}]}))
    assert found == ["等次规则第1条：条件引用了未定义的输入「cases」"]


def test_caps_below_zero_are_refused():
    found = problems(scheme(leaf("A", 100), leaf("X", -20, kind="deduction"),
                            leaf("Y", 5, {"type": "occurrences", "per": 1, "cap": -1}, kind="deduction")))
    assert found == ["X：上限不能为负数（现为 -20）", "Y：规则的上限（cap）不能小于 0（现为 -1）"]


def test_negative_points_per_occurrence_are_refused():
    assert problems(scheme(leaf("A", 100, {"type": "occurrences", "per": -2}))) == [
        "A：规则的每次分值（per）不能小于 0（现为 -2）"]


def test_more_than_three_levels_are_refused():
    tree = group("A", 100, group("A1", 100, group("A11", 100, leaf("A111", 100))))
    assert "A111：指标层级超过3级" in problems(scheme(tree))


def test_unknown_rule_types_list_the_known_ones():
    found = problems(scheme(leaf("A", 100, {"type": "magic"})))
    assert found[0].startswith("A：未知的规则类型「magic」，可用：entered（录入）")


def test_siblings_cannot_mix_points_and_weights():
    assert "indicators：一级指标不能同时使用分值和权重" in problems(scheme(leaf("A", 50), leaf("B", None, weight=50)))


def test_a_code_read_as_a_number_asks_for_quotes():
    found = problems(scheme(leaf(1.1, 100)))
    assert found[0] == "第1个一级指标：编码 1.1 被读成了数字，请给编码加引号（如 \"1.1\"）"


def test_misspelled_fields_are_refused_rather_than_ignored():
    assert problems(scheme(leaf("A", 100, pionts=5))) == ["A：指标不认识字段「pionts」"]


def test_rating_rules_need_a_known_scale():
    assert problems(scheme(leaf("A", 100, {"type": "rating", "scale": "five"}))) == [
        "A：等次评价规则引用了未定义的评价等次「five」"]


def test_bands_cannot_give_more_than_the_indicator_is_worth():
    found = problems(scheme(leaf("A", 10, {"type": "bands", "bands": [{"min": 90, "points": 12}]}), total=10))
    assert found == ["A：第1档的分值 12 超过本指标满分 10"]


def test_period_weights_must_add_up_to_100():
    found = problems(scheme(leaf("A", 100), period_sets={"quarters": {"Q1": 25, "Q2": 25, "Q3": 25}}))
    assert found == ["分期 quarters：各期权重合计 75，应为 100"]


def test_grade_bands_must_run_from_high_to_low():
    found = problems(scheme(leaf("A", 100), grades={"bands": [{"grade": "良好", "min": 80},
                                                              {"grade": "优秀", "min": 90}, {"grade": "差"}]}))
    assert found == ["等次第2档：等次「优秀」的最低分应低于上一档（从高到低排列）"]


def test_quotas_must_name_known_grades():
    found = problems(scheme(leaf("A", 100), grades={"bands": [{"grade": "优秀", "min": 90}, {"grade": "一般"}]},
                            quotas=[{"award": "先进单位", "eligible_grades": ["卓越"], "max_share": 30}]))
    assert found == ["名额第1条：等次「卓越」不在等次分档中"]


def test_every_problem_is_reported_at_once():
    found = problems(scheme(group("A", 20, leaf("A1", 10), leaf("A1", 5)), leaf("B", None, weight=80),
                            leaf("C", 10, {"type": "nope"})))
    assert len(found) >= 4


def test_a_scheme_written_as_edits_needs_its_parent():
    found = problems({"code": "child", "name": "子方案", "extends": "parent", "remove": ["A1"]})
    assert found[0] == "extends：该方案通过增删改继承上级模板，需先与上级模板合并（resolve）后再使用"


def test_a_valid_scheme_normalizes_chinese_words_to_the_stored_form():
    s = load_scheme(scheme(leaf("A", 100, {"type": "录入"}, kind="核心", nature="定量", source="问卷:服务对象")))
    node = s.definition["indicators"][0]
    assert (node["rule"], node["kind"], node["nature"], node["source"]) == (
        {"type": "entered"}, "core", "quantitative", "survey:服务对象")
