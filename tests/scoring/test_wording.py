"""The engine's data in words for office staff: the four raw readings the issue found on pages
(`{'H1': ['一般']}`, `actual:/target:`, `缺少:A9@H2`, `按次 {per: 3}`) and the other shapes inputs take."""

from lvzhi.scoring import wording


def test_inputs_read_as_words_not_structures():
    assert wording.value_text({"H1": ["一般"]}) == "H1：一般"
    assert wording.value_text({"actual": 8, "target": 10}) == "实际 8，目标 10"
    assert wording.value_text({"satisfied": 180, "total": 200}) == "满意人数 180，总人数 200"
    assert wording.value_text(["优秀", "良好"]) == "优秀、良好"
    assert wording.value_text([92, 88.5]) == "92、88.5"
    assert wording.value_text({"leadership": ["优秀"], "staff": {"良好": 3}}, {"leadership": "局领导班子",
                                                                            "staff": "干部职工"}) == (
        "局领导班子：优秀；干部职工：良好 3")
    assert wording.value_text([{"reason": "巡察发现问题", "points": 1.5}, "通报批评"]) == "巡察发现问题（1.5 分）、通报批评"
    assert wording.value_text(89.8200) == "89.82" and wording.value_text(None) == ""


def test_a_missing_period_names_the_indicator_and_the_period():
    assert wording.missing_text("A9@H2", {"A9": "领导评价"}) == "A9 领导评价（H2）"
    assert wording.missing_text("A1", {"A1": "重点工作"}) == "A1 重点工作"


def test_rules_read_as_sentences():
    assert wording.rule_text({"type": "occurrences", "per": 3}) == "每次 3 分"
    assert wording.rule_text({"type": "occurrences", "per": 5, "cap": 20}) == "每次 5 分，最多 20 分"
    assert wording.rule_text({"type": "ratio", "target": 100, "cap": 1.2}) == "实际值 ÷ 目标 100，最高按 120% 计"
    assert wording.rule_text({"type": "ratio", "target": "tasks"}, input_labels={"tasks": "任务数"}) == (
        "实际值 ÷ 目标 任务数，最高按 100% 计")
    assert wording.rule_text({"type": "rating", "scale": "four"},
                             rating_scales={"four": {"优秀": 100, "良好": 85}}).startswith(
        "按评价等次（优秀 100、良好 85）取平均")
    assert wording.rule_text({"type": "bands", "bands": [{"min": 90, "points": 10}, {"min": 80, "max": 90,
                                                                                     "points": 6}]}) == (
        "不低于 90 得 10 分；80 至 90（不含）得 6 分，其余得 0 分")
    assert wording.rule_text({"type": "rank", "table": [10, 8, 6]}) == "第1名 10 分、第2名 8 分、第3名 6 分，其余 0 分"
    assert wording.rule_label({"type": "按次"}) == "按次"


def test_a_rules_working_reads_in_words():
    assert wording.detail_text({"occurrences": 2, "sum": 2, "cap": 10}) == "次数 2，合计 2，上限 10"
    assert wording.detail_text({"counts": {"优秀": 1, "良好": 1}, "ratings": 2, "average": 92.5}) == (
        "各项人数 优秀 1；良好 1，评价人数 2，平均分 92.5")
