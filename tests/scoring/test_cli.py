"""The installed `lvzhi` command on small files: what an administrator types and reads."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LVZHI = ROOT / ".venv" / "bin" / "lvzhi"
DATA = Path(__file__).parent / "data"


def run(*args, cwd=None):
    command = [str(LVZHI)] if LVZHI.exists() else [sys.executable, "-m", "lvzhi.cli"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          timeout=60, check=False)


def test_validate_reports_a_good_scheme_and_exits_zero():
    done = run("scheme", "validate", DATA / "small.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == (
        "方案「小型测试方案」（small）校验通过：7 个指标（一级 3 个，二级 4 个，三级 0 个；末级 5 个），满分 100。")


def test_validate_prints_each_problem_on_its_own_line_naming_the_indicator_and_exits_one():
    done = run("scheme", "validate", DATA / "broken.yaml")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "A1：指标编码重复（出现 2 次）",
        "B：公式引用了未定义的输入「rate」",
        "X：上限不能为负数（现为 -5）",
        "A：下级指标分值合计 50，与本级分值 60 不一致",
    ]
    assert "共 4 个问题" in done.stderr


def test_validate_points_excel_problems_at_rows(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "指标"
    for row in (["编码", "名称", "分值"], ["A", "主责主业", 60], ["A.1", "成效", 50], ["B", "满意度", 40]):
        sheet.append(row)
    wb.save(tmp_path / "s.xlsx")
    done = run("scheme", "validate", tmp_path / "s.xlsx")
    assert done.returncode == 1
    assert "A（指标!第2行）：下级指标分值合计 50，与本级分值 60 不一致" in done.stdout.splitlines()
    assert "code：方案缺少编码（code）" in done.stdout.splitlines()


def test_validate_of_an_inheriting_scheme_finds_its_parent_beside_it():
    done = run("scheme", "validate", DATA / "child.yaml")
    assert done.returncode == 0, done.stdout
    assert "继承自「parent-template」" in done.stdout


def test_diff_lists_what_the_child_changed():
    done = run("scheme", "diff", DATA / "parent.yaml", DATA / "child.yaml")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [
        "- 方案设置：方案名称 上级模板 → 下级方案",
        "- 删除 A2 内设机构设置合理性",
        "- 修改 A1 职责落实：评分标准 （无） → 对照三定规定逐项核查",
        "- 新增 A3 新增编制配备情况（上级 A）",
    ]


def test_diff_as_json():
    done = run("scheme", "diff", DATA / "parent.yaml", DATA / "child.yaml", "--json")
    data = json.loads(done.stdout)
    assert [c["action"] for c in data["changes"]] == ["setting", "removed", "changed", "added"]


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".yaml"])
def test_export_writes_a_file_that_validates_and_scores_the_same(tmp_path, suffix):
    out = tmp_path / f"small{suffix}"
    done = run("scheme", "export", DATA / "small.yaml", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert run("scheme", "validate", out).returncode == 0
    inputs = DATA / "small.inputs.yaml"
    assert run("score", out, inputs, "--json").stdout == run("score", DATA / "small.yaml", inputs, "--json").stdout


def test_score_prints_a_chinese_table_with_totals_grades_and_ranks():
    done = run("score", DATA / "small.yaml", DATA / "small.inputs.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "小型测试方案（small），满分 100，3 个单位"
    assert lines[1].split() == ["单位", "名称", "类别", "总分", "等次", "类别内排名", "说明"]
    rows = {line.split()[0]: line.split() for line in lines[3:6]}
    # fgj: 28.5 + 28 + 18.5 + 18 − 2 = 91 → 优秀, first of two in 政务服务; no title: 3 × 30% floors to 0
    assert rows["fgj"][:6] == ["fgj", "发改局", "政务服务", "91.00", "优秀", "1/2"]
    # zzb: 30 + 30 + 20 + 19.2 = 99.2 → 优秀, downgraded to 良好 by the case
    assert rows["zzb"][:6] == ["zzb", "组织部", "党群系统", "99.20", "良好", "1/1"]
    assert "发生违纪违法案件，降低一个等次" in rows["zzb"][6]
    # sjj: 24 + 20 + (B2 不适用: B1's 14 × 40/20 = 28) − (8 × 2 = 16, capped at 10) = 62 → 一般
    assert rows["sjj"][:6] == ["sjj", "审计局", "政务服务", "62.00", "一般", "2/2"]
    assert lines[-1] == "先进单位（全部，不超过 30%，3 个单位中至多 0 个）：无"


def test_score_as_json_explains_every_leaf_and_is_byte_identical():
    first = run("score", DATA / "small.yaml", DATA / "small.inputs.yaml", "--json")
    second = run("score", DATA / "small.yaml", DATA / "small.inputs.yaml", "--json")
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    fgj = data["results"]["fgj"]
    a1 = fgj["indicators"][0]["children"][0]
    assert (a1["code"], a1["input"], a1["points"], a1["detail"]["ratio"]) == ("A1", 95, 28.5, 0.95)
    assert [u["unit"] for u in data["units"]] == ["zzb", "fgj", "sjj"]


def test_score_refuses_inputs_meant_for_another_scheme(tmp_path):
    (tmp_path / "in.yaml").write_text("scheme: other\nunits: {a: {values: {A1: 1}}}\n", encoding="utf-8")
    done = run("score", DATA / "small.yaml", tmp_path / "in.yaml")
    assert done.returncode == 1
    assert done.stdout.strip() == "scheme：输入文件对应的方案是「other」，不是「small」"


@pytest.mark.parametrize("args", [
    ("scheme",), ("scheme", "validate"), ("score", "only-one.yaml"), ("scheme", "frobnicate", "x"),
])
def test_usage_errors_exit_two(args):
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("用法错误：")


def test_a_missing_file_is_a_usage_error():
    done = run("scheme", "validate", "no-such-file.yaml")
    assert (done.returncode, done.stderr.strip()) == (2, "用法错误：文件不存在：no-such-file.yaml")
