"""Scheme capabilities offices asked for (issue 8, item 11), each with figures worked by hand beside the
expected value: full marks by category, units not evaluated, rater scores as numbers, rates written with a
percent sign (and fractions refused), and formula errors in Chinese naming the indicator."""

from decimal import Decimal

import pytest

from lvzhi.scoring import SchemeError, load_scheme, score_unit, score_units
from lvzhi.scoring.entry import value_problem

from .helpers import d, leaf, node_of, scheme

# --- full marks that differ by category --------------------------------------------------------------------------

TIERS = load_scheme({
    "code": "tiers", "name": "分档满分", "categories": ["一档", "二档"],
    "total": 100, "total_by_category": {"一档": 150},
    "indicators": [
        {"code": "A", "name": "职能履行", "weight": 60, "children": [
            {"code": "A1", "name": "重点工作", "weight": 100}]},
        {"code": "B", "name": "满意度", "weight": 40, "children": [
            {"code": "B1", "name": "测评", "weight": 100}]},
    ],
    "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "一般"}]},
    "ranking": {"within": "category"},
    "quotas": [{"award": "先进单位", "max_share": 50, "scope": "category", "rounding": "floor"}],
})  # fmt: skip


def test_a_unit_of_the_150_point_tier_is_scored_out_of_150_and_one_of_the_other_out_of_100():
    first = score_unit(TIERS, {"A1": 90, "B1": 80}, category="一档")
    # A: 150 × 60% = 90 points max; 90/100 of it = 81.  B: 150 × 40% = 60; 80/100 of it = 48.  81 + 48 = 129
    assert (first.total, first.max) == (d("129.00"), d("150.00"))
    assert node_of(first, "A")["max"] == 90 and node_of(first, "B")["max"] == 60
    second = score_unit(TIERS, {"A1": 90, "B1": 80}, category="二档")
    # A: 100 × 60% = 60; 90% of it = 54.  B: 40; 80% of it = 32.  54 + 32 = 86
    assert (second.total, second.max) == (d("86.00"), d("100.00"))


def test_grade_bands_written_on_100_are_read_in_proportion_on_150():
    # 129 of 150 is 129 × 100/150 = 86 of 100: 良好 (80 ≤ 86 < 90), as 86 of 100 is in the other tier
    assert score_unit(TIERS, {"A1": 90, "B1": 80}, category="一档").grade == "良好"
    # 136.5 of 150 = 91 of 100: 优秀.  A: 90 × 95% = 85.5; B: 60 × 85% = 51; 85.5 + 51 = 136.5
    top = score_unit(TIERS, {"A1": 95, "B1": 85}, category="一档")
    assert (top.total, top.grade) == (d("136.50"), "优秀")


def test_each_tier_is_ranked_within_itself_with_its_own_quota():
    batch = score_units(TIERS, {
        "u1": {"category": "一档", "values": {"A1": 90, "B1": 80}},   # 129.00 of 150
        "u2": {"category": "一档", "values": {"A1": 60, "B1": 60}},   # 90 × 60% + 60 × 60% = 54 + 36 = 90.00
        "u3": {"category": "二档", "values": {"A1": 100, "B1": 100}},  # 60 + 40 = 100.00 of 100
        "u4": {"category": "二档", "values": {"A1": 90, "B1": 80}},   # 54 + 32 = 86.00
    })  # fmt: skip
    units = batch.units
    assert [(k, str(units[k].total), units[k].rank, units[k].rank_size) for k in ("u1", "u2", "u3", "u4")] == [
        ("u1", "129.00", 1, 2), ("u2", "90.00", 2, 2), ("u3", "100.00", 1, 2), ("u4", "86.00", 2, 2)]
    # u2's 90 of 150 is 60 of 100: 一般, though 90 of 100 would be 优秀
    assert units["u2"].grade == "一般"
    # 50% of 2 units per category, floor: 1 先进单位 in each tier
    assert units["u1"].titles == ["先进单位"] and units["u3"].titles == ["先进单位"]


def test_a_tier_whose_indicator_points_do_not_add_up_to_its_full_marks_is_refused():
    with pytest.raises(SchemeError) as caught:
        load_scheme(scheme(leaf("A", 60), leaf("B", 40), total=100, categories=["一档"],
                           total_by_category={"一档": 150}))
    assert "一级指标分值合计 100（类别「一档」），与总分 150 不一致" in str(caught.value)


def test_a_tier_total_for_an_unknown_category_is_refused():
    with pytest.raises(SchemeError) as caught:
        load_scheme(scheme(leaf("A", weight=100), categories=["一档"], total_by_category={"三档": 150}))
    assert "分类总分中的「三档」不在方案的类别（categories）中" in str(caught.value)


# --- a unit not evaluated ----------------------------------------------------------------------------------------

CASES = load_scheme({
    "code": "cases", "name": "办案评估",
    "indicators": [
        {"code": "C1", "name": "结案率", "points": 60, "rule": {"type": "entered"}},
        {"code": "C2", "name": "群众满意度", "points": 40, "rule": {"type": "survey"}},
        {"code": "X", "name": "问责扣分", "kind": "deduction", "points": 10,
         "rule": {"type": "occurrences", "per": 2}},
    ],
    "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "合格"}]},
    "quotas": [{"award": "先进单位", "max_share": 50, "scope": "all", "rounding": "floor"}],
})  # fmt: skip


def test_a_unit_with_nothing_due_is_not_evaluated_with_its_reason():
    result = score_unit(CASES, {"values": {}, "not_evaluated": "本年度无办案任务"})
    assert result.not_evaluated == "本年度无办案任务"
    assert result.grade is None and result.to_dict()["not_evaluated"] == "本年度无办案任务"


def test_a_unit_to_which_no_indicator_applies_is_not_evaluated():
    result = score_unit(CASES, {"C1": "不适用", "C2": "不适用"})
    assert result.not_evaluated == "所有指标均不适用（本期无应评事项）"
    assert result.grade is None


def test_units_not_evaluated_are_listed_apart_and_not_counted_in_rank_sizes_or_quotas():
    batch = score_units(CASES, {
        "a": {"C1": 60, "C2": 95},        # 60 + 40 × 95% = 60 + 38 = 98.00
        "b": {"C1": 50, "C2": 90},        # 50 + 36 = 86.00
        "c": {"values": {}, "not_evaluated": "本期无应办事项"},
        "d": {"C1": "不适用", "C2": "不适用"},
    })  # fmt: skip
    units = batch.units
    assert [(k, str(units[k].total), units[k].rank, units[k].rank_size) for k in ("a", "b")] == [
        ("a", "98.00", 1, 2), ("b", "86.00", 2, 2)]  # rank size 2, not 4
    assert (units["c"].rank, units["c"].rank_size, units["c"].grade) == (None, None, None)
    assert units["c"].not_evaluated == "本期无应办事项" and units["d"].not_evaluated.startswith("所有指标均不适用")
    # the quota: 50% of the 2 evaluated units, floor = 1 (of 4 units it would have been 2)
    assert batch.quota_report[0]["size"] == 2 and batch.quota_report[0]["awarded"] == ["a"]
    assert [u.key for u in batch.ordered()] == ["a", "b", "c", "d"]  # the units not evaluated come last
    assert batch.result("c").to_dict()["not_evaluated"] == "本期无应办事项"


def test_a_unit_that_gets_data_later_is_ranked_again():
    batch = score_units(CASES, {"a": {"C1": 60, "C2": 95}, "c": {"values": {}, "not_evaluated": "暂无"}})
    assert batch.units["a"].rank_size == 1
    batch.update("c", {"C1": 40, "C2": 50})  # 40 + 20 = 60.00
    assert (batch.units["c"].rank, batch.units["c"].rank_size, batch.units["a"].rank_size) == (2, 2, 2)


# --- rater scores as numbers -------------------------------------------------------------------------------------

RATED = load_scheme({
    "code": "rated", "name": "领导评价",
    "rating_scales": {"four": {"优秀": 100, "良好": 85, "一般": 70, "差": 50}},
    "indicators": [{"code": "R", "name": "领导评价", "points": 20, "rule": {"type": "rating", "scale": "four"}}],
})  # fmt: skip


def test_raters_may_give_scores_out_of_100_as_well_as_labels():
    # (92 + 88) / 2 = 90 of 100 → 20 × 90% = 18.00
    assert score_unit(RATED, {"R": [92, 88]}).total == d("18.00")
    # 优秀 = 100, 88, "92" → (100 + 88 + 92) / 3 = 93.333… → 20 × 93.333…% = 18.666… → 18.67
    assert score_unit(RATED, {"R": ["优秀", 88, "92"]}).total == d("18.67")


def test_a_rater_score_above_the_scales_top_is_ignored_with_a_warning():
    result = score_unit(RATED, {"R": [92, 120]})  # only 92 counts: 20 × 92% = 18.40
    assert result.total == d("18.40")
    assert any("评价「120」不在评价等次中" in w for w in result.warnings)


# --- rates written with a percent sign; fractions refused -------------------------------------------------------


def test_a_rate_written_89_82_percent_is_the_number_89_82():
    s = load_scheme(scheme(leaf("S", 10, {"type": "survey"}), total=10))
    # 10 × 89.82% = 8.982 → 8.98 (half-up at 2 decimals)
    assert score_unit(s, {"S": "89.82%"}).total == d("8.98")
    assert score_unit(s, {"S": "89.82％"}).total == d("8.98")  # the full-width sign too
    assert score_units(s, {"u": {"S": "89.82%"}}).units["u"].total == d("8.98")


def test_a_percent_is_accepted_wherever_a_number_is():
    ratio = load_scheme(scheme(leaf("R", 10, {"type": "ratio", "target": 95}), total=10))
    # 89.82 / 95 = 0.94547… → 10 × 0.94547 = 9.4547 → 9.45
    assert score_unit(ratio, {"R": "89.82%"}).total == d("9.45")
    bands = load_scheme(scheme(leaf("B", 10, {"type": "bands", "bands": [
        {"min": 90, "points": 10}, {"min": 80, "points": 6}]}), total=10))
    assert score_unit(bands, {"B": "89.82%"}).total == d("6.00")  # 80 ≤ 89.82 < 90


def test_a_rate_given_as_a_fraction_is_refused_with_a_message_not_scored():
    s = load_scheme(scheme(leaf("S", 10, {"type": "survey"}), total=10))
    result = score_unit(s, {"S": 0.8982})
    assert result.total == d("0.00") and result.missing == ["S"]
    assert "S：满意率「0.8982」像是小数形式，请按百分数填写（如 89.82 或 89.82%），本项按缺失处理" in result.warnings
    batch = score_units(s, {"u": {"S": 0.8982}, "v": {"S": 89.82}})
    assert (batch.units["u"].total, batch.units["u"].missing) == (d("0.00"), ["S"])  # the batch path agrees
    assert batch.units["v"].total == d("8.98")
    assert score_unit(s, {"S": "0.5%"}).total == d("0.05")  # half a percent, written as such: 10 × 0.5% = 0.05
    problem = value_problem(s, "S", None, Decimal("0.8982"))
    assert problem is not None and problem.message == "满意率应按百分数填写(如 89.82 或 89.82%),不能写成 0 到 1 之间的小数"
    assert value_problem(s, "S", None, Decimal("89.82")) is None


# --- formula errors ----------------------------------------------------------------------------------------------


def formula(expr, value, **extra):
    s = load_scheme(scheme(leaf("F", 10, {"type": "formula", "expr": expr, **extra}), total=10))
    return score_unit(s, {"F": value})


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("value * (2", "F：表达式语法错误：value * (2（第9个字符附近括号不成对）"),
        ("value ＞ 3", "F：表达式语法错误：value ＞ 3（第7个字符附近请使用半角符号（, ( ) : > < =））"),
        ("value = 3", "F：表达式语法错误：value = 3（第7个字符附近比较相等请写 ==，不能写 =）"),
        ("value.real", "F：表达式中不允许使用此写法：value.real"),
        ("open(value)", "F：表达式只能调用 abs, clamp, max, min, ratio, round：open(value)"),
        ("cases / 2", "F：公式引用了未定义的输入「cases」"),
    ],
)
def test_a_formula_that_cannot_be_read_is_refused_in_chinese_naming_the_indicator(expr, message):
    with pytest.raises(SchemeError) as caught:
        load_scheme(scheme(leaf("F", 10, {"type": "formula", "expr": expr}), total=10))
    assert message in [str(issue) for issue in caught.value.issues]


@pytest.mark.parametrize(
    ("expr", "value", "message"),
    [
        ("value / 0", 5, "F：表达式除以零：value / 0"),
        ("value + 1", "很多", "F：表达式中有不能这样计算的值（例如文字与数字相加、比较）：value + 1"),
        ("value ** 9999999", 10, "F：表达式的计算结果过大：value ** 9999999"),
        ("value ** 999999", 10, "F：公式结果过大（超过 10 的 15 次方），按缺失处理"),
    ],
)
def test_a_formula_that_cannot_be_computed_is_missing_with_a_chinese_warning_naming_the_indicator(expr, value, message):
    result = formula(expr, value)
    assert result.missing == ["F"] and result.total == d("0.00")
    assert message in result.warnings
    assert not any(word in w for w in result.warnings for word in ("unsupported", "Traceback", "invalid syntax"))
