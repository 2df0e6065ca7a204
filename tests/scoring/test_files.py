"""Scheme and inputs files: YAML, JSON and the Excel sheets office staff write. Export round-trips; errors name
the row and column."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from lvzhi.scoring import (
    InputsError,
    SchemeError,
    load_scheme,
    read_inputs_file,
    read_scheme_file,
    score_units,
    write_inputs_file,
    write_scheme_file,
)

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "schemes"


def workbook(path, rows, title="指标", extra=None):
    wb = Workbook()
    sheet = wb.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, extra_rows in (extra or {}).items():
        other = wb.create_sheet(name)
        for row in extra_rows:
            other.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_every_seed_scheme_round_trips_through_each_format(tmp_path, suffix):
    for source in sorted(EXAMPLES.glob("*.yaml")):
        if ".inputs." in source.name:
            continue
        definition = read_scheme_file(source)
        if definition.get("remove") or definition.get("add") or definition.get("modify"):
            continue
        scheme = load_scheme(definition)
        target = tmp_path / (source.stem + suffix)
        write_scheme_file(scheme, target)
        assert load_scheme(read_scheme_file(target)).definition == scheme.definition, source.name


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_inputs_round_trip_and_score_the_same(tmp_path, suffix):
    scheme = load_scheme(read_scheme_file(DATA / "small.yaml"))
    inputs = read_inputs_file(DATA / "small.inputs.yaml")
    target = tmp_path / f"inputs{suffix}"
    write_inputs_file(inputs, target)
    again = read_inputs_file(target)
    assert score_units(scheme, again["units"]).to_json() == score_units(scheme, inputs["units"]).to_json()


def test_an_office_sheet_with_dotted_codes_builds_the_tree(tmp_path):
    path = workbook(tmp_path / "s.xlsx", [
        ["编码", "名称", "分值", "类型", "评分标准", "规则", "数据来源"],
        ["1", "主责主业", 65, None, None, None, None],
        ["1.1", "工作成效度", 40, "核心", "对照年度目标逐项打分", "录入", "实地评估"],
        ["1.2", "重点任务完成情况", 25, None, None, "type: ratio, target: 100", "案头审核"],
        ["2", "满意度", 35, None, None, None, None],
        ["2.1", "群众满意度", 35, None, None, "满意度", "问卷:服务对象"],
        ["3", "察访核验减分", 10, "减分", None, "type: 按次, per: 1", None],
    ], extra={"方案": [["项目", "值"], ["编码", "office"], ["名称", "办公室表格"]]})
    scheme = load_scheme(read_scheme_file(path))
    assert [c.code for c in scheme.nodes["1"].children] == ["1.1", "1.2"]
    assert scheme.nodes["1.2"].rule.definition == {"type": "ratio", "target": 100, "cap": 1, "direction": "higher"}
    assert scheme.nodes["2.1"].definition["source"] == "survey:服务对象"
    assert scheme.nodes["3"].kind == "deduction"
    assert scheme.total == 100


def test_levels_may_be_given_in_a_column(tmp_path):
    path = workbook(tmp_path / "s.xlsx", [
        ["层级", "编码", "名称", "权重"],
        [1, "A", "职能工作目标", "60%"],
        [2, "A-1", "重点工作", 50],
        [2, "A-2", "常规工作", 50],
        [1, "B", "满意度", "40%"],
        [2, "B-1", "测评", 100],
    ], extra={"方案": [["项目", "值"], ["编码", "lv"], ["名称", "层级列"]]})
    scheme = load_scheme(read_scheme_file(path))
    assert [c.code for c in scheme.nodes["A"].children] == ["A-1", "A-2"]
    assert scheme.places(None)["A-2"].max == 30


def test_sheet_errors_name_the_row_and_column(tmp_path):
    path = workbook(tmp_path / "s.xlsx", [
        ["编码", "名称", "分值", "类型", "规则"],
        ["A", "主责主业", "六十", None, None],
        ["A.1", None, 30, "重要", None],
        ["B.1", "无上级", 10, None, "{type: ratio, target"],
    ])
    with pytest.raises(SchemeError) as exc:
        read_scheme_file(path)
    assert [str(i) for i in exc.value.issues] == [
        "指标!第2行「分值」：「六十」不是数字",
        "指标!第3行「名称」：名称不能为空",
        "指标!第3行「类型」：类型「重要」应为 一般、核心、印证、负面、加分、减分 之一",
        "指标!第4行「规则」：无法解析规则「{type: ratio, target」，应为规则名（如 录入）或 type: ratio, target: 100",
        "指标!第4行「编码」：找不到上级指标「B」（上级须写在下级之前）",
    ]


def test_unknown_sheet_columns_are_refused(tmp_path):
    path = workbook(tmp_path / "s.xlsx", [["编码", "名称", "分数"], ["A", "x", 1]])
    with pytest.raises(SchemeError) as exc:
        read_scheme_file(path)
    assert str(exc.value.issues[0]).startswith("指标!第1行：不认识的列「分数」")


def test_duplicate_yaml_keys_are_an_error_with_the_line(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("code: a\nname: x\ncode: b\nindicators: []\n", encoding="utf-8")
    with pytest.raises(SchemeError) as exc:
        read_scheme_file(path)
    assert str(exc.value) == "dup.yaml：第3行第1列：YAML 格式错误（重复的键「code」）"


def test_an_inputs_sheet_with_one_row_per_unit(tmp_path):
    path = workbook(tmp_path / "in.xlsx", [
        ["单位", "名称", "类别", "不适用", "A1", "A2", "B1", "B2", "X"],
        ["fgj", "发改局", "政务服务", None, 95, 28, "[优秀, 良好]", 90, 1],
        ["sjj", "审计局", "政务服务", "B2", 80, 20, "一般", None, 8],
    ], title="数据")
    data = read_inputs_file(path)
    assert data["units"]["fgj"]["values"]["B1"] == ["优秀", "良好"]
    assert data["units"]["sjj"]["not_applicable"] == ["B2"]
    scheme = load_scheme(read_scheme_file(DATA / "small.yaml"))
    # 95% of 30 + 28 + 92.5% of 20 + 90% of 20 − 2 = 28.5 + 28 + 18.5 + 18 − 2
    assert str(score_units(scheme, data["units"]).units["fgj"].total) == "91.00"


def test_an_inputs_sheet_with_one_row_per_value(tmp_path):
    path = workbook(tmp_path / "in.xlsx", [
        ["单位", "类别", "编码", "子项", "值"],
        ["fgj", "政务服务", "A1", None, 95],
        ["fgj", "政务服务", "B1", None, "优秀"],
        ["fgj", "政务服务", "B1", None, "良好"],
        ["fgj", "政务服务", "B2", "satisfied", 90],
        ["fgj", "政务服务", "B2", "total", 100],
    ])
    values = read_inputs_file(path)["units"]["fgj"]["values"]
    assert values == {"A1": 95, "B1": ["优秀", "良好"], "B2": {"satisfied": 90, "total": 100}}


def test_inputs_sheet_errors_name_the_row_and_column(tmp_path):
    path = workbook(tmp_path / "in.xlsx", [
        ["单位", "类别", "A1", "B1"],
        ["fgj", "政务服务", 95, "{优秀: 1"],
        [None, "政务服务", 90, None],
        ["fgj", "党群系统", 80, None],
    ], title="数据")
    with pytest.raises(InputsError) as exc:
        read_inputs_file(path)
    assert [str(i) for i in exc.value.issues] == [
        "数据!第2行「B1」：无法解析「{优秀: 1」，结构化的值应写作 Q1: 90, Q2: 85 或 [优秀, 良好]",
        "数据!第3行「单位」：单位不能为空",
        "数据!第4行「类别」：单位「fgj」的类别前后不一致（政务服务 / 党群系统）",
        "数据!第4行「单位」：单位「fgj」出现了不止一行",
    ]


def test_inputs_files_must_have_units():
    with pytest.raises(InputsError) as exc:
        read_inputs_file(DATA / "small.yaml")
    assert "输入文件应有 units" in str(exc.value)


def test_an_unsupported_file_type_is_refused(tmp_path):
    with pytest.raises(SchemeError) as exc:
        read_scheme_file(tmp_path / "scheme.txt")
    assert "不支持的文件类型" in str(exc.value)
