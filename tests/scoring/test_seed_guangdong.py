"""Seed acceptance case: Guangdong's template inheritance (广东省委编办) — a central reference → the provincial
template, which "删除二级指标部门管理权限内的二级内设机构设置合理性，增加三级指标新增编制配备情况" → a pilot city's
scheme. examples/schemes/central-reference.yaml, guangdong-provincial.yaml, guangdong-local.yaml.

The central reference is constructed for the example (the seed does not print it). Every expected figure below
was worked out by hand from the example inputs; the arithmetic is beside it."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lvzhi.scoring import diff, load_scheme, read_inputs_file, read_scheme_file, resolve, score_units

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "schemes"


def _definition(name: str) -> dict:
    """The full tree of a scheme file, its parents' edits applied."""
    definition = read_scheme_file(EXAMPLES / f"{name}.yaml")
    if definition.get("extends"):
        return resolve(definition, _definition(definition["extends"]))
    return definition


def _batch(name: str):
    return score_units(
        load_scheme(_definition(name)), read_inputs_file(EXAMPLES / f"{name}.inputs.yaml")["units"]
    )


def _node_changes(result) -> dict:
    """{action: [codes]} for the indicator changes (scheme settings such as the name left out)."""
    return {
        action: [c.code for c in result.of(action)]
        for action in ("removed", "added", "moved", "changed")
        if result.of(action)
    }


def test_the_provincial_template_inherits_the_central_reference():
    provincial = read_scheme_file(EXAMPLES / "guangdong-provincial.yaml")
    local = read_scheme_file(EXAMPLES / "guangdong-local.yaml")
    assert provincial["extends"] == "central-reference"
    assert local["extends"] == "guangdong-provincial"
    assert "indicators" not in provincial  # written as edits of the parent, not as a copy


def test_the_provincial_template_removes_the_level_two_indicator_and_adds_the_level_three_one():
    central = load_scheme(_definition("central-reference"))
    provincial = load_scheme(_definition("guangdong-provincial"))
    removed = central.nodes["B2"]
    assert (removed.name, removed.level) == ("部门管理权限内的二级内设机构设置合理性", 2)
    assert "B2" not in provincial.nodes
    added = provincial.nodes["C1.3"]
    assert (added.name, added.level, added.parent.code) == ("新增编制配备情况", 3, "C1")
    assert "C1.3" not in central.nodes
    assert central.total == provincial.total == 100


def test_the_diff_against_the_central_reference_shows_exactly_the_removed_and_the_added_indicator():
    result = diff(_definition("central-reference"), read_scheme_file(EXAMPLES / "guangdong-provincial.yaml"))
    assert [(c.code, c.name) for c in result.of("removed")] == [
        ("B2", "部门管理权限内的二级内设机构设置合理性")
    ]
    assert [(c.code, c.name, c.parent["code"]) for c in result.of("added")] == [
        ("C1.3", "新增编制配备情况", "C1")
    ]
    assert result.of("moved") == []
    # the removed indicator's 4 points go to the added one: only the ancestors' points change with them
    assert {c.code: c.fields for c in result.of("changed")} == {
        "B": {"points": {"old": 20, "new": 16}},  # 机构设置 20 − 4
        "C": {"points": {"old": 30, "new": 34}},  # 编制使用 30 + 4
        "C1": {"points": {"old": 12, "new": 16}},  # 编制配备使用 12 + 4
    }


def test_the_local_scheme_differs_from_the_provincial_template_by_one_reweighting_and_one_addition():
    result = diff(_definition("guangdong-provincial"), read_scheme_file(EXAMPLES / "guangdong-local.yaml"))
    assert _node_changes(result) == {"added": ["A2.4"], "changed": ["A2.1"]}
    assert result.of("changed")[0].fields == {"points": {"old": 6, "new": 4}}


def test_lvzhi_scheme_diff_prints_the_removed_and_the_added_indicator():
    command = Path(sys.executable).parent / "lvzhi"
    completed = subprocess.run(
        [
            str(command),
            "scheme",
            "diff",
            str(EXAMPLES / "central-reference.yaml"),
            str(EXAMPLES / "guangdong-provincial.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    node_lines = [
        line for line in completed.stdout.splitlines() if line.startswith("- ") and "方案设置" not in line
    ]
    assert node_lines == [
        "- 删除 B2 部门管理权限内的二级内设机构设置合理性",
        "- 修改 B 机构设置：分值 20 → 16",
        "- 修改 C 编制使用：分值 30 → 34",
        "- 修改 C1 编制配备使用：分值 12 → 16",
        "- 新增 C1.3 新增编制配备情况（上级 C1）",
    ]


CENTRAL = {
    # 职能履行: 6 + 3 + 5 + 90% × 3 = 2.7 + 80% × 3 = 2.4 + 3 + 4 = 26.1
    # 机构设置: 4 + 3 + B2 3 + 4 + 4 = 18
    # 编制使用: 6 × 190/200 = 5.7 + 5 + 8 + 4 + 4 = 26.7
    # 管理规范: 4 + 4 + 纪律 0 起 → 6 + 6 = 20
    "zrt": (Decimal("90.80"), 1),  # 26.1 + 18 + 26.7 + 20 = 90.8
    # 5 + 4 + 6 + 95% × 3 = 2.85 + 90% × 3 = 2.7 + 4 + 3 = 27.55;  4 + 4 + 4 + 3 + 4 = 19
    # 6 × 300/300 = 6 + 6 + 6 + 5 + 4 = 27;  4 + 3 + 纪律 1 起 × 3 → 3 + 6 = 16
    "wjw": (Decimal("89.55"), 2),  # 27.55 + 19 + 27 + 16 = 89.55
    # 6 + 4 + 5 + 85% × 3 = 2.55 + 2.55 + 4 + 4 = 28.1;  3 + 3 + 2 + 4 + 3 = 15
    # 6 × 152/160 = 5.7 + 5.4 + 7 + 3 + 4 = 25.1;  3 + 4 + 6 + 5 = 18
    "nyt": (Decimal("86.20"), 3),  # 28.1 + 15 + 25.1 + 18 = 86.2
}

PROVINCIAL = {
    # same values, B2 gone and C1.3 added
    # zrt: 机构设置 18 − 3 = 15; 编制使用 26.7 + C1.3 4 × 8/10 = 3.2 → 29.9
    "zrt": (Decimal("91.00"), 1),  # 26.1 + 15 + 29.9 + 20 = 91.0
    # wjw: 机构设置 19 − 4 = 15; 编制使用 27 + 4 × 5/20 = 1 → 28
    "wjw": (Decimal("86.55"), 3),  # 27.55 + 15 + 28 + 16 = 86.55
    # nyt: 机构设置 15 − 2 = 13; C1.3 不适用 → C1 = (5.7 + 5.4) × 16/12 = 11.1 × 4/3 = 14.8; 编制使用 14.8 + 7 + 7 = 28.8
    "nyt": (Decimal("87.90"), 2),  # 28.1 + 13 + 28.8 + 18 = 87.9
}

LOCAL = {
    # 职能履行: 6 + 4 + 重点 4 + 90% × 3 = 2.7 + 2.7 + 政务服务 2 × 980/1000 = 1.96 + 4 + 3 = 28.36
    # 机构设置: 4 + 4 + 4 + 3 = 15;  编制使用: 5.7 + 6 + 4 × 3/3 = 4 → 15.7 + 8 + 4 + 5 = 32.7
    # 管理规范: 4 + 4 + 6 + 6 = 20
    "scj": (Decimal("96.06"), 1),  # 28.36 + 15 + 32.7 + 20 = 96.06
    # 5 + 4 + 3 + 80% × 3 = 2.4 + 2.4 + 2 × 1000/1000 = 2 + 3 + 3 = 24.8;  3 + 4 + 3 + 4 = 14
    # 6 × 80/100 = 4.8 + 5 + 4 × 2/4 = 2 → 11.8 + 7 + 4 + 4 = 26.8;  3 + 3 + 纪律 2 起 × 3 = 6 → 扣完 0 + 5 = 11
    "rsj": (Decimal("76.60"), 3),  # 24.8 + 14 + 26.8 + 11 = 76.6
    # 6 + 3 + 4 + 85% × 3 = 2.55 + 90% × 3 = 2.7 + 2 × 450/500 = 1.8 + 4 + 4 = 28.05;  4 + 3 + 4 + 4 = 15
    # 6 + 5 + 4 × 1/2 = 2 → 13 + 8 + 5 + 4 = 30;  4 + 4 + 纪律 1 起 → 3 + 6 = 17
    "jtj": (Decimal("90.05"), 2),  # 28.05 + 15 + 30 + 17 = 90.05
}


@pytest.mark.parametrize(
    ("scheme", "unit", "expected"),
    [
        *[("central-reference", unit, value) for unit, value in CENTRAL.items()],
        *[("guangdong-provincial", unit, value) for unit, value in PROVINCIAL.items()],
        *[("guangdong-local", unit, value) for unit, value in LOCAL.items()],
    ],
)
def test_guangdong_totals_and_ranks_match_the_hand_worked_figures(scheme, unit, expected):
    summary = _batch(scheme).units[unit]
    assert (summary.total, summary.rank) == expected


def test_the_provincial_template_changes_the_ranking_of_the_same_units():
    central = _batch("central-reference")
    provincial = _batch("guangdong-provincial")
    assert [u.key for u in sorted(central.units.values(), key=lambda u: u.rank)] == ["zrt", "wjw", "nyt"]
    assert [u.key for u in sorted(provincial.units.values(), key=lambda u: u.rank)] == ["zrt", "nyt", "wjw"]


def test_the_new_staffing_indicator_is_not_applicable_where_no_posts_were_added():
    result = _batch("guangdong-provincial").result("nyt").to_dict()
    assert result["not_applicable"] == ["C1.3"]
    staffing_use = next(n for n in result["indicators"] if n["code"] == "C")
    assert next(n for n in staffing_use["children"] if n["code"] == "C1")["points"] == 14.8  # 11.1 × 16/12
