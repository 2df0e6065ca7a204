"""Templates inherit: a child removes, adds, re-weights and moves nodes; the difference is listed exactly."""

import pytest

from lvzhi.scoring import SchemeError, diff, load_scheme, resolve, score_unit

from .helpers import d, group, leaf, scheme

CENTRAL = scheme(
    group("A", 40, leaf("A1", 20), leaf("A2", 20)),
    group("B", 30, leaf("B1", 10), leaf("B2", 10), leaf("B3", 10)),
    group("C", 30, group("C1", 30, leaf("C1.1", 15), leaf("C1.2", 15))),
    code="central", name="中央参考样式", level="central",
)

PROVINCE = {
    "code": "province", "name": "省级模板", "level": "provincial", "extends": "central",
    "remove": ["B3"],
    "add": [{"parent": "C1", "after": "C1.1", "indicator": leaf("C1.3", 10, {"type": "entered"})}],
    "modify": {"B": {"points": 20}, "C": {"points": 40}, "C1": {"points": 40}},
}


def test_resolve_applies_removals_additions_and_changes():
    full = resolve(PROVINCE, CENTRAL)
    s = load_scheme(full)
    assert "B3" not in s.nodes
    assert [c.code for c in s.nodes["C1"].children] == ["C1.1", "C1.3", "C1.2"]
    assert (s.nodes["B"].points, s.nodes["C"].points) == (20, 40)
    assert full["extends"] == "central" and full["level"] == "provincial"


def test_load_scheme_resolves_against_a_given_parent():
    s = load_scheme(PROVINCE, parent=CENTRAL)
    assert s.code == "province"
    assert score_unit(s, {"A1": 20, "A2": 20, "B1": 10, "B2": 10, "C1.1": 15, "C1.2": 15, "C1.3": 10}).total == d(
        "100.00")


def test_diff_lists_exactly_what_the_child_changed():
    changes = diff(CENTRAL, PROVINCE)
    assert changes.lines() == [
        "方案设置：方案名称 中央参考样式 → 省级模板",
        "方案设置：层级 central → provincial",
        "删除 B3 指标B3",
        "修改 B 指标B：分值 30 → 20",
        "修改 C 指标C：分值 30 → 40",
        "修改 C1 指标C1：分值 30 → 40",
        "新增 C1.3 指标C1.3（上级 C1）",
    ]
    assert [c.to_dict()["action"] for c in changes.changes].count("changed") == 3


def test_diff_of_a_full_child_tree_is_the_same_as_of_its_edits():
    assert diff(CENTRAL, resolve(PROVINCE, CENTRAL)).to_dict() == diff(CENTRAL, PROVINCE).to_dict()


def test_diff_reports_moves_and_removed_subtrees():
    child = {"code": "x", "name": "中央参考样式", "level": "central", "extends": "central",
             "remove": ["C"], "move": [{"code": "B1", "to": "A"}],
             "add": [{"indicator": leaf("D", 30)}],
             "modify": {"A": {"points": 50}, "B": {"points": 20}}}
    lines = diff(CENTRAL, child).lines()
    assert "删除 C 指标C（连同下级 C1、C1.1、C1.2）" in lines
    assert "移动 B1 指标B1：上级 B → A" in lines
    assert "新增 D 指标D（一级指标）" in lines


def test_a_scheme_identical_to_its_parent_has_no_differences():
    same = dict(CENTRAL, extends="central")
    assert not diff(CENTRAL, same)


def test_a_child_cannot_edit_nodes_its_parent_does_not_have():
    child = {"code": "x", "name": "x", "extends": "central", "remove": ["Z9"], "modify": {"Q": {"points": 1}},
             "add": [{"parent": "NOPE", "indicator": leaf("N", 1)}]}
    with pytest.raises(SchemeError) as exc:
        resolve(child, CENTRAL)
    assert [str(i) for i in exc.value.issues] == [
        "Z9：要删除的指标在上级模板中不存在", "N：上级指标「NOPE」在上级模板中不存在", "Q：要修改的指标在上级模板中不存在"]


def test_a_child_must_name_the_parent_it_is_resolved_against():
    with pytest.raises(SchemeError) as exc:
        resolve(dict(PROVINCE, extends="other"), CENTRAL)
    assert "本方案继承自「other」，但给出的上级模板是「central」" in str(exc.value)


def test_three_generations_resolve_in_turn():
    local = {"code": "local", "name": "本地方案", "extends": "province", "modify": {"A1": {"points": 15}},
             "add": [{"parent": "A", "indicator": leaf("A3", 5)}]}
    province = resolve(PROVINCE, CENTRAL)
    s = load_scheme(local, parent=province)
    assert (s.nodes["A1"].points, s.nodes["A3"].points, "B3" in s.nodes) == (15, 5, False)
    assert diff(province, local).lines()[-2:] == ["修改 A1 指标A1：分值 20 → 15", "新增 A3 指标A3（上级 A）"]
