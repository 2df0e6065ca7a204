"""Every machine rule, one unit at a time: what a person enters and the points it gives."""

from decimal import Decimal

import pytest

from lvzhi.scoring import load_scheme, score_unit

from .helpers import d, leaf, node_of, scheme


def one(rule, value, points=10, **extra):
    s = load_scheme(scheme(leaf("A", points, rule, **extra), total=points))
    return score_unit(s, {"A": value} if value is not None else {})


def test_entered_points_count_as_given():
    assert one({"type": "entered"}, 7.5).total == d("7.50")


def test_entered_points_above_the_maximum_are_held_at_the_maximum_with_a_warning():
    result = one({"type": "entered"}, 12)
    assert result.total == d("10.00")
    assert any("超过 10" in w for w in result.warnings)


def test_entered_points_below_zero_count_as_zero():
    assert one({"type": "entered"}, -3).total == d("0.00")


def test_entered_score_on_another_scale_is_converted_to_the_indicators_points():
    assert one({"type": "entered", "scale": 100}, 85).total == d("8.50")


def test_decimal_text_is_read_exactly():
    assert one({"type": "entered"}, "3.335").total == d("3.34")  # half-up, not banker's rounding


def test_a_missing_input_scores_zero_and_is_listed():
    result = one({"type": "entered"}, None)
    assert result.total == 0
    assert result.missing == ["A"]


def test_a_word_where_a_number_belongs_is_missing_with_a_warning():
    result = one({"type": "entered"}, "很好")
    assert result.missing == ["A"]
    assert "A：输入「很好」不是数字，按缺失处理" in result.warnings


def test_completion_ratio_against_a_target_gives_proportional_points():
    assert one({"type": "ratio", "target": 50}, 45).total == d("9.00")


def test_completion_ratio_is_capped_at_the_target():
    assert one({"type": "ratio", "target": 50}, 80).total == d("10.00")


def test_completion_ratio_cap_below_one_limits_the_points():
    assert one({"type": "ratio", "target": 100, "cap": 0.8}, 95).total == d("8.00")


def test_completion_ratio_takes_actual_and_target_from_the_input():
    result = one({"type": "ratio"}, {"actual": 30, "target": 40})
    assert result.total == d("7.50")
    assert node_of(result, "A")["detail"]["ratio"] == 0.75


def test_completion_ratio_target_may_come_from_a_named_input():
    s = load_scheme(scheme(leaf("A", 10, {"type": "ratio", "target": "goal"}), total=10,
                           inputs=[{"name": "goal", "type": "number"}]))
    assert score_unit(s, {"A": 18, "goal": 24}).total == d("7.50")


def test_lower_is_better_ratio_rewards_shorter_durations():
    # target 5 days, took 8 days: 5/8 of 10 points
    assert one({"type": "ratio", "target": 5, "direction": "lower"}, 8).total == d("6.25")
    assert one({"type": "ratio", "target": 5, "direction": "lower"}, 4).total == d("10.00")


def test_bands_give_the_points_of_the_first_band_reached():
    rule = {"type": "bands", "bands": [{"min": 95, "points": 10}, {"min": 85, "points": 7}, {"min": 60, "points": 4}]}
    assert [one(rule, v).total for v in (99, 95, 94.99, 60, 10)] == [d("10.00"), d("10.00"), d("7.00"), d("4.00"),
                                                                      d("0.00")]


def test_bands_may_match_words_and_have_an_otherwise_value():
    rule = {"type": "bands", "bands": [{"equals": "是", "points": 10}, {"equals": "部分", "points": 5}], "else": 1}
    assert [one(rule, v).total for v in ("是", "部分", "否")] == [d("10.00"), d("5.00"), d("1.00")]


def test_rating_labels_average_to_points():
    rule = {"type": "rating", "scale": {"优秀": 100, "良好": 80, "一般": 60, "差": 0}}
    # (100 + 80 + 80 + 60) / 4 = 80 → 80% of 10
    assert one(rule, ["优秀", "良好", "良好", "一般"]).total == d("8.00")
    assert one(rule, {"优秀": 1, "良好": 2, "一般": 1}).total == d("8.00")


def test_rating_groups_are_averaged_then_weighted_leadership_40_staff_60():
    rule = {"type": "rating", "scale": {"优秀": 100, "良好": 85, "一般": 70, "差": 50},
            "groups": [{"name": "leaders", "weight": 40}, {"name": "staff", "weight": 60}]}
    value = {"leaders": ["优秀", "良好"], "staff": {"优秀": 10, "一般": 2}}
    # leaders 92.5, staff (1000 + 140)/12 = 95 → 0.4 × 92.5 + 0.6 × 95 = 94 → 9.4
    result = one(rule, value)
    assert result.total == d("9.40")
    assert node_of(result, "A")["detail"]["combined"] == 94


def test_a_rater_group_without_ratings_is_left_out_and_noted():
    rule = {"type": "rating", "scale": {"优秀": 100, "良好": 80},
            "groups": [{"name": "leaders", "weight": 40}, {"name": "staff", "weight": 60}]}
    result = one(rule, {"leaders": ["良好"]})
    assert result.total == d("8.00")
    assert node_of(result, "A")["detail"]["groups_missing"] == ["staff"]


def test_unknown_rating_labels_are_ignored_with_a_warning():
    rule = {"type": "rating", "scale": {"优秀": 100, "良好": 80}}
    result = one(rule, ["优秀", "很棒"])
    assert result.total == d("10.00")
    assert any("很棒" in w for w in result.warnings)


def test_named_rating_scales_are_shared_by_indicators():
    s = load_scheme(scheme(leaf("A", 10, {"type": "rating", "scale": "four"}), total=10,
                           rating_scales={"four": {"优秀": 100, "良好": 85, "一般": 70, "差": 50}}))
    assert score_unit(s, {"A": ["差"]}).total == d("5.00")


def test_survey_satisfaction_rate_becomes_points():
    assert one({"type": "survey"}, 92.5, points=8).total == d("7.40")
    assert one({"type": "survey"}, {"satisfied": 45, "total": 50}, points=8).total == d("7.20")


def test_survey_answer_counts_use_the_option_scores():
    rule = {"type": "survey", "options": {"满意": 100, "基本满意": 60, "不满意": 0}}
    # (45×100 + 5×60) / 50 = 96% of 8
    assert one(rule, {"满意": 45, "基本满意": 5}, points=8).total == d("7.68")


def test_survey_groups_are_weighted_like_feichengs_five_respondent_groups():
    rule = {"type": "survey", "groups": [{"name": "服务对象", "weight": 30}, {"name": "干部职工", "weight": 70}]}
    assert one(rule, {"服务对象": 90, "干部职工": 80}, points=10).total == d("8.30")


def test_survey_rate_may_be_banded():
    rule = {"type": "survey", "bands": [{"min": 90, "points": 10}, {"min": 80, "points": 6}]}
    assert one(rule, 85).total == d("6.00")


def test_occurrences_deduct_from_the_indicator_until_nothing_is_left():
    rule = {"type": "occurrences", "per": 2}
    assert one(rule, 3).total == d("4.00")
    assert one(rule, 7).total == d("0.00")


def test_occurrences_may_be_listed_each_with_its_own_points():
    rule = {"type": "occurrences", "per": 1}
    result = one(rule, [{"reason": "巡察发现问题", "points": 1.5}, "通报批评"])
    assert result.total == d("7.50")
    assert node_of(result, "A")["detail"]["items"][0]["reason"] == "巡察发现问题"


def test_a_deduction_indicator_deducts_per_occurrence_up_to_its_cap():
    s = load_scheme(scheme(leaf("A", 100), leaf("X", 20, {"type": "occurrences", "per": 5}, kind="deduction"),
                           total=100))
    assert score_unit(s, {"A": 90, "X": 3}).total == d("75.00")
    assert score_unit(s, {"A": 90, "X": 9}).total == d("70.00")  # 45 capped at 20


def test_a_bonus_indicator_adds_per_occurrence_up_to_its_cap():
    s = load_scheme(scheme(leaf("A", 100), leaf("B", 5, {"type": "occurrences", "per": 2}, kind="bonus"),
                           total=100))
    assert score_unit(s, {"A": 90, "B": 1}).total == d("92.00")
    assert score_unit(s, {"A": 99, "B": 4}).total == d("104.00")


def test_rank_points_from_a_table():
    rule = {"type": "rank", "table": [10, 8, 6], "else": 3}
    assert [one(rule, r).total for r in (1, 3, 4)] == [d("10.00"), d("6.00"), d("3.00")]


def test_rank_points_by_step_do_not_fall_below_the_minimum():
    rule = {"type": "rank", "step": 0.5, "min": 6}
    assert [one(rule, r).total for r in (1, 3, 20)] == [d("10.00"), d("9.00"), d("6.00")]


def test_imported_third_party_scores_are_taken_as_they_are():
    assert one({"type": "import"}, 85.7, points=100).total == d("85.70")


def test_imported_scores_on_100_are_scaled_to_the_indicators_points():
    # Beijing: 公众评价 20 points, the third party's 85.7 out of 100 → 17.14
    assert one({"type": "import", "scale": 100}, 85.7, points=20).total == d("17.14")


def test_formula_over_named_inputs_is_evaluated_exactly():
    rule = {"type": "formula", "expr": "10 * ratio(done, planned)", "vars": ["done", "planned"]}
    result = one(rule, {"done": 2443, "planned": 2443})
    assert result.total == d("10.00")
    assert one(rule, {"done": 1, "planned": 3}).total == d("3.33")


def test_formula_results_outside_the_range_are_held_within_it():
    assert one({"type": "formula", "expr": "value * 2"}, 8).total == d("10.00")


def test_formula_dividing_by_zero_is_a_warning_not_a_crash():
    result = one({"type": "formula", "expr": "10 / value"}, 0)
    assert result.total == 0
    assert any("除以零" in w for w in result.warnings)


def test_formula_never_runs_python():
    from lvzhi.scoring import SchemeError

    with pytest.raises(SchemeError) as exc:
        one({"type": "formula", "expr": "__import__('os').system('true')"}, 1)
    assert "表达式只能调用" in str(exc.value)


def test_quarters_count_25_percent_each():
    s = load_scheme(scheme(leaf("A", 10, {"type": "entered", "scale": 100},
                                periods={"Q1": 25, "Q2": 25, "Q3": 25, "Q4": 25}), total=10))
    # (90 + 80 + 100 + 95) / 4 = 91.25 → 9.125 → 9.13 (half-up)
    result = score_unit(s, {"A": {"Q1": 90, "Q2": 80, "Q3": 100, "Q4": 95}})
    assert result.total == d("9.13")


def test_a_missing_quarter_scores_zero_and_is_listed_by_period():
    s = load_scheme(scheme(leaf("A", 10, {"type": "entered", "scale": 100}, periods="quarters"), total=10,
                           period_sets={"quarters": {"Q1": 25, "Q2": 25, "Q3": 25, "Q4": 25}}))
    result = score_unit(s, {"A": {"Q1": 100, "Q2": 100, "Q3": 100}})
    assert result.total == d("7.50")
    assert result.missing == ["A@Q4"]


def test_semiannual_leader_ratings_are_halves_of_a_rating():
    rule = {"type": "rating", "scale": {"优秀": 100, "良好": 80, "一般": 60, "差": 40}}
    s = load_scheme(scheme(leaf("A", 10, rule, periods={"H1": 50, "H2": 50}), total=10))
    assert score_unit(s, {"A": {"H1": "优秀", "H2": "一般"}}).total == d("8.00")


def test_result_rounding_is_half_up_to_two_decimals():
    assert one({"type": "entered", "scale": 3}, 1, points=10).total == d("3.33")
    assert one({"type": "entered", "scale": 8}, 1, points=0.1).total == Decimal("0.01")  # 0.0125 → 0.01
    assert one({"type": "entered", "scale": 8}, 3, points=0.1).total == Decimal("0.04")  # 0.0375 → 0.04
