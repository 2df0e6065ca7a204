"""The batch path computes plain-number inputs of every rule that has a `value` for all units at once, with the
rules' own arithmetic; nothing of them goes through the per-cell fallback."""

from lvzhi.scoring import fast, load_scheme, score_units
from lvzhi.scoring.rules import RULE_CLASSES

SCHEME = {
    "code": "v", "name": "向量路径", "categories": ["甲", "乙"],
    "indicators": [
        {"code": "A", "name": "录入", "points": 20, "rule": {"type": "entered", "scale": 100}},
        {"code": "B", "name": "导入", "points": 10, "rule": {"type": "import"}},
        {"code": "C", "name": "完成率", "points": 20, "rule": {"type": "ratio", "target": 80, "cap": 1.2}},
        {"code": "D", "name": "完成率（越低越好）", "points": 10, "rule": {"type": "ratio", "target": 5,
                                                                   "direction": "lower"}},
        {"code": "E", "name": "分档", "points": 10, "by_category": {"乙": 0},
         "rule": {"type": "bands", "bands": [{"min": 90, "points": 10}, {"equals": 42, "points": 4}], "else": 1}},
        {"code": "F", "name": "按次", "points": 10, "rule": {"type": "occurrences", "per": 2.5, "cap": 6}},
        {"code": "G", "name": "满意度", "points": 20, "rule": {"type": "survey", "bands": [{"min": 90, "points": 20},
                                                                                       {"min": 60, "points": 12}]}},
        {"code": "X", "name": "加分", "kind": "bonus", "points": 3, "rule": {"type": "occurrences", "per": 1}},
    ],
    "grades": {"bands": [{"grade": "好", "min": 60}, {"grade": "差"}]},
}


def test_plain_numbers_of_rules_with_a_value_never_fall_back_to_one_cell_at_a_time(monkeypatch):
    scheme = load_scheme(SCHEME)
    plain = {leaf.rule.type for leaf in scheme.leaves if leaf.rule.takes_plain_numbers}
    assert plain == {"entered", "import", "ratio", "bands", "occurrences", "survey"}
    assert plain < set(RULE_CLASSES)
    units = {f"u{i}": {"category": "甲乙"[i % 2], "values": {
        "A": 10 * i - 5, "B": 99.5 - i, "C": 7 * i, "D": i - 1, "E": [95, 42, 3][i % 3], "F": i % 4,
        "G": 55 + 7.25 * i, "X": i % 5}} for i in range(12)}
    expected = score_units(scheme, units, fast=False).to_json()

    def refuse(*args, **kwargs):
        raise AssertionError("a plain number went through the per-cell fallback")

    monkeypatch.setattr(fast, "evaluate_leaf", refuse)
    assert score_units(scheme, units).to_json() == expected


def test_huge_numbers_stay_exact_in_the_batch_path():
    scheme = load_scheme(SCHEME)
    units = {"u": {"values": {"A": 999_999_999, "C": 123_456_789.123456, "D": 0.000001, "F": 987_654_321,
                              "G": 99.999999, "X": 999_999_999}}}
    assert score_units(scheme, units).to_json() == score_units(scheme, units, fast=False).to_json()
