"""How leaves add up: points and weights, 不适用 rescaling, categories, bonuses and deductions, the 80% base,
grades, ranks within category and quotas."""

from lvzhi.scoring import load_scheme, score_unit, score_units

from .helpers import d, group, leaf, node_of, scheme

E100 = {"type": "entered", "scale": 100}


def bureau_like():
    return load_scheme(scheme(
        group("A", None, leaf("A1", None, weight=50), leaf("A2", None, weight=30), leaf("A3", None, weight=20),
              weight=40),
        group("B", None, leaf("B1", None, weight=100), weight=30),
        group("C", None, leaf("C1", None, weight=60), leaf("C2", None, weight=40), weight=10),
        group("D", None, leaf("D1", None, weight=100), weight=20),
    ))


def test_weighted_sums_follow_the_percentages():
    s = bureau_like()
    values = {"A1": 90, "A2": 80, "A3": 70, "B1": 85, "C1": 100, "C2": 50, "D1": 95}
    # A: 0.5×90 + 0.3×80 + 0.2×70 = 83 → ×40% = 33.2; B 25.5; C (60 + 20) × 10% = 8; D 19 → 85.7
    result = score_unit(s, values)
    assert result.total == d("85.70")
    assert node_of(result, "A")["score"] == 83
    assert node_of(result, "A")["points"] == 33.2
    assert node_of(result, "A1")["max"] == 20


def test_points_schemes_add_up_the_entered_points():
    s = load_scheme(scheme(group("A", 65, leaf("A1", 40), leaf("A2", 25)), group("B", 35, leaf("B1", 35))))
    assert s.total == 100
    assert score_unit(s, {"A1": 30, "A2": 20.5, "B1": 35}).total == d("85.50")


def test_a_not_applicable_indicator_is_left_out_and_its_siblings_rescaled():
    s = load_scheme(scheme(group("A", 20, leaf("A1", 10), leaf("A2", 6), leaf("A3", 4)), leaf("B", 80)))
    # A3 不适用: (8 + 6) of 16 → × 20/16 = 17.5
    result = score_unit(s, {"A1": 8, "A2": 6, "A3": "不适用", "B": 80})
    assert result.total == d("97.50")
    assert result.not_applicable == ["A3"]
    a = node_of(result, "A")
    assert a["rescaled"] == {"applicable_max": 16, "before": 14, "max": 20}
    assert node_of(result, "A1")["contribution"] == 10  # 8 × 20/16


def test_rescaling_keeps_the_maximum_when_everything_applicable_is_full():
    s = load_scheme(scheme(group("A", 30, leaf("A1", 10), leaf("A2", 10), leaf("A3", 10)), leaf("B", 70)))
    result = score_unit(s, {"values": {"A1": 10, "A2": 10, "B": 70}, "not_applicable": ["A3"]})
    assert result.total == d("100.00")


def test_a_whole_level_one_indicator_may_not_apply():
    s = load_scheme(scheme(leaf("A", 40), leaf("B", 60)))
    assert score_unit(s, {"A": "N/A", "B": 45}).total == d("75.00")


def test_weights_may_differ_by_unit_category():
    s = load_scheme(scheme(leaf("A", None, weight=60, by_category={"教学科研": 40}),
                           leaf("B", None, weight=40, by_category={"教学科研": 60}),
                           categories=["政务服务", "教学科研"]))
    values = {"A": 100, "B": 50}
    assert score_unit(s, values, category="政务服务").total == d("80.00")
    assert score_unit(s, values, category="教学科研").total == d("70.00")


def test_an_indicator_weighted_zero_for_a_category_does_not_apply_to_it():
    s = load_scheme(scheme(leaf("A", 50, by_category={"党群系统": 0}), leaf("B", 50)))
    result = score_unit(s, {"A": 10, "B": 40}, category="党群系统")
    assert result.total == d("80.00")  # B alone, 40 of 50 → × 100/50
    assert result.not_applicable == ["A"]


def test_accountability_deductions_are_capped_together_at_20_like_beijing():
    s = load_scheme(scheme(
        leaf("A", 100),
        group("X", 20,
              leaf("X1", 20, {"type": "occurrences", "per": 5}, kind="deduction"),
              leaf("X2", 20, {"type": "occurrences", "per": 3}, kind="deduction"),
              kind="deduction"),
    ))
    result = score_unit(s, {"A": 95, "X1": 3, "X2": 4})  # 15 + 12 = 27 → 20
    assert result.total == d("75.00")
    x = node_of(result, "X")
    assert x["points"] == -20
    assert x["capped"] is True


def test_bonuses_are_capped_and_may_take_the_total_above_100():
    s = load_scheme(scheme(
        leaf("A", 100),
        group("P", 5, leaf("P1", 5, kind="bonus"), leaf("P2", 5, kind="bonus"), kind="bonus"),
    ))
    assert score_unit(s, {"A": 98, "P1": 4, "P2": 3}).total == d("103.00")


def test_the_total_never_falls_below_zero():
    s = load_scheme(scheme(leaf("A", 100), leaf("X", 20, {"type": "occurrences", "per": 10}, kind="deduction")))
    assert score_unit(s, {"A": 5, "X": 2}).total == d("0.00")


def test_laiyang_style_80_percent_base_plus_adjustments():
    s = load_scheme(scheme(
        group("ALL", 100, leaf("A", 65), leaf("B", 20), leaf("C", 15),
              leaf("L", 13, {"type": "rating", "scale": {"优秀": 100, "良好": 80, "一般": 60, "差": 0}}, kind="bonus"),
              leaf("X", 10, {"type": "occurrences", "per": 1}, kind="deduction"),
              base={"share": 80}),
    ))
    # (60 + 18 + 12 = 90) × 80% = 72; 良好 → 80% of 13 = 10.4; 2 problems → −2: 80.4
    result = score_unit(s, {"A": 60, "B": 18, "C": 12, "L": ["良好"], "X": 2})
    assert result.total == d("80.40")
    assert node_of(result, "ALL")["base"] == {"before": 90, "share": 80}


def test_a_fixed_base_score_with_adjustments_only():
    s = load_scheme(scheme(group("ALL", 100,
                                 leaf("P", 20, kind="bonus"), leaf("X", 30, kind="deduction"),
                                 base={"points": 80})))
    assert score_unit(s, {"P": 12, "X": 5}).total == d("87.00")


GRADES = {
    "bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "达标", "min": 70},
              {"grade": "诫勉"}],
    "rules": [{"when": "cases > 0", "downgrade": 1, "reason": "发生违纪违法案件，降低一个等次"},
              {"when": "personal_case", "set": "诫勉", "reason": "个人受到查处，定为诫勉"}],
    "flags": [{"when": "grade == '诫勉'", "flag": "重点整改单位"}],
}
INPUTS = [{"name": "cases", "type": "number", "default": 0}, {"name": "personal_case", "type": "boolean"}]


def graded():
    return load_scheme(scheme(leaf("A", 100), grades=GRADES, inputs=INPUTS))


def test_grade_bands_include_their_lower_bound():
    s = graded()
    assert [score_unit(s, {"A": v}).grade for v in (90, 89.99, 80, 70, 69.99)] == ["优秀", "良好", "良好", "达标",
                                                                                    "诫勉"]


def test_a_disciplinary_case_lowers_the_grade_by_one():
    result = score_unit(graded(), {"A": 95, "cases": 1})
    assert (result.band_grade, result.grade) == ("优秀", "良好")
    assert result.adjustments[0]["reason"] == "发生违纪违法案件，降低一个等次"


def test_a_downgrade_stops_at_the_lowest_grade():
    assert score_unit(graded(), {"A": 60, "cases": 2}).grade == "诫勉"


def test_an_individual_with_a_case_is_graded_jiemian_whatever_the_score():
    result = score_unit(graded(), {"A": 99, "personal_case": True})
    assert result.grade == "诫勉"
    assert result.flags == ["重点整改单位"]


def test_at_most_caps_the_grade():
    s = load_scheme(scheme(leaf("A", 100), grades={**GRADES, "rules": [{"when": "A < 95", "at_most": "良好"}]},
                           inputs=INPUTS))
    assert score_unit(s, {"A": 92}).grade == "良好"
    assert score_unit(s, {"A": 96}).grade == "优秀"


def units(values_by_unit, category_of=None):
    return {k: {"category": (category_of or {}).get(k), "values": {"A": v}} for k, v in values_by_unit.items()}


def test_ranks_are_within_category_and_ties_share_a_rank():
    s = graded()
    batch = score_units(s, units({"a": 90, "b": 85, "c": 85, "d": 70, "e": 99},
                                 {"a": "甲", "b": "甲", "c": "甲", "d": "甲", "e": "乙"}))
    assert {k: (u.rank, u.rank_size) for k, u in batch.units.items()} == {
        "a": (1, 4), "b": (2, 4), "c": (2, 4), "d": (4, 4), "e": (1, 1)}


def test_ranking_may_be_over_all_units():
    s = load_scheme(scheme(leaf("A", 100), ranking={"within": "all"}))
    batch = score_units(s, units({"a": 90, "b": 95}, {"a": "甲", "b": "乙"}))
    assert batch.units["b"].rank == 1 and batch.units["a"].rank == 2


def quota_scheme(**quota):
    return load_scheme(scheme(leaf("A", 100), grades=GRADES, inputs=INPUTS, quotas=[quota]))


def test_advanced_units_are_at_most_30_percent_of_all_units():
    s = quota_scheme(award="先进单位", eligible_grades=["优秀"], max_share=30)
    batch = score_units(s, units({"a": 99, "b": 97, "c": 95, "d": 93, "e": 80, "f": 70, "g": 60, "h": 85,
                                  "i": 75, "j": 65}))
    # 10 units × 30% = 3 titles among the four 优秀
    assert sorted(k for k, u in batch.units.items() if u.titles) == ["a", "b", "c"]
    assert batch.quota_report[0]["limit"] == 3


def test_only_eligible_grades_get_the_title():
    s = quota_scheme(award="先进单位", eligible_grades=["优秀"], max_share=30)
    batch = score_units(s, {"a": {"values": {"A": 99, "cases": 1}}, **units({"b": 85, "c": 80, "d": 95})})
    assert [k for k, u in batch.units.items() if u.titles] == ["d"]  # a was downgraded to 良好


def test_units_tied_at_the_quota_boundary_are_all_left_out():
    s = quota_scheme(award="先进单位", eligible_grades=["优秀"], max_share=30)
    batch = score_units(s, units({"a": 99, "b": 95, "c": 95, "d": 50, "e": 50, "f": 50, "g": 50}))
    # 7 × 30% = 2.1 → 2; a, then b and c tie for the second place: taking both would make 3
    assert [k for k, u in batch.units.items() if u.titles] == ["a"]


def test_a_grade_quota_moves_the_overflow_to_the_next_grade():
    s = quota_scheme(grade="优秀", max_share=20, overflow="良好")
    batch = score_units(s, units({"a": 99, "b": 97, "c": 95, "d": 85, "e": 75}))
    assert {k: u.grade for k, u in batch.units.items()} == {"a": "优秀", "b": "良好", "c": "良好", "d": "良好",
                                                            "e": "达标"}
    assert batch.units["b"].adjustments[-1]["action"] == "quota"


def test_quotas_per_category():
    s = quota_scheme(award="先进单位", eligible_grades=["优秀"], max_share=50, scope="category")
    batch = score_units(s, units({"a": 99, "b": 97, "c": 95, "d": 93}, {"a": "甲", "b": "甲", "c": "乙", "d": "乙"}))
    assert sorted(k for k, u in batch.units.items() if u.titles) == ["a", "c"]


def test_re_scoring_one_unit_updates_its_total_rank_and_the_quota():
    s = quota_scheme(award="先进单位", eligible_grades=["优秀"], max_share=30)
    batch = score_units(s, units({"a": 99, "b": 97, "c": 95, "d": 50, "e": 50, "f": 50, "g": 50}))
    assert [k for k, u in batch.units.items() if u.titles] == ["a", "b"]
    batch.update("d", {"A": 100})
    assert batch.units["d"].total == d("100.00")
    assert batch.units["d"].rank == 1
    assert sorted(k for k, u in batch.units.items() if u.titles) == ["a", "d"]
    assert batch.to_json() == score_units(s, dict(batch.inputs)).to_json()


def test_batch_results_explain_each_unit_with_its_rank_and_titles():
    s = quota_scheme(award="先进单位", eligible_grades=["优秀"], max_share=50)
    batch = score_units(s, units({"a": 99, "b": 80}))
    result = batch.result("a")
    assert (result.total, result.rank, result.titles) == (d("99.00"), 1, ["先进单位"])


def test_rank_based_points_rank_the_units_on_a_named_input_within_category():
    s = load_scheme(scheme(leaf("A", 10, {"type": "rank", "by": "votes", "table": [10, 8, 6], "else": 4}),
                           inputs=[{"name": "votes", "type": "number"}]))
    batch = score_units(s, {
        "a": {"category": "甲", "values": {"votes": 30}}, "b": {"category": "甲", "values": {"votes": 50}},
        "c": {"category": "甲", "values": {"votes": 10}}, "d": {"category": "甲", "values": {"votes": 5}},
        "e": {"category": "乙", "values": {"votes": 1}},
    })
    assert {k: u.total for k, u in batch.units.items()} == {
        "a": d("8.00"), "b": d("10.00"), "c": d("6.00"), "d": d("4.00"), "e": d("10.00")}
    assert node_of(batch.result("c"), "A")["detail"] == {"rank": 3}


def test_unknown_input_codes_are_reported_not_silently_dropped():
    result = score_unit(graded(), {"A": 90, "A9": 5})
    assert "输入中的「A9」不是本方案的指标编码或输入项，已忽略" in result.warnings


def test_the_explanation_reaches_every_leaf_with_input_rule_points_and_contribution():
    s = bureau_like()
    result = score_unit(s, {"A1": 90, "A2": 80, "B1": 85, "C1": 100, "C2": 50, "D1": 95})
    a3 = node_of(result, "A3")
    assert a3["missing"] == ["A3"] and a3["points"] == 0 and a3["input"] is None
    a1 = node_of(result, "A1")
    assert {k: a1[k] for k in ("input", "rule", "points", "weight", "contribution", "max", "score")} == {
        "input": 90, "rule": {"type": "entered"}, "points": 18, "weight": 50, "contribution": 18, "max": 20,
        "score": 90}
    assert result.missing == ["A3"]


def test_re_scoring_a_unit_that_changed_category_re_ranks_both_categories():
    s = quota_scheme(award="先进单位", eligible_grades=["优秀"], max_share=50, scope="category")
    batch = score_units(s, units({"a": 99, "b": 97, "c": 95, "d": 93}, {"a": "甲", "b": "甲", "c": "乙", "d": "乙"}))
    batch.update("a", {"category": "乙", "values": {"A": 99}})
    assert {k: (u.rank, u.rank_size) for k, u in batch.units.items()} == {
        "a": (1, 3), "b": (1, 1), "c": (2, 3), "d": (3, 3)}
    assert batch.to_json() == score_units(s, dict(batch.inputs)).to_json()
