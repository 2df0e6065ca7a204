"""The words of the workflows room's file (the 流程图 sheet): headers and enumeration labels, Chinese in every
interface language, read by the one reader (lvzhi.registry.io.reader, through lvzhi.duties.sheets) and written
by the one writer (lvzhi.registry.io.exporters.write_xlsx over lvzhi.core.spreadsheets)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.registry.io.cells import Column
from lvzhi.registry.io.columns import Kind

SUBJECTS = (("power", "权责事项"), ("task", "工作任务"))
TIME_UNITS = (("days", "工作日"), ("hours", "工作小时"))
SIGN_OFFS = (
    ("post", "经办岗位"),
    ("section", "科室负责人"),
    ("deputy", "分管负责人"),
    ("head", "主要负责人"),
    ("collective", "领导班子集体研究"),
    ("higher", "报上级机关或本级政府"),
)
MATERIAL_SEPARATORS = "\n;;"

WORKFLOWS = Kind(
    key="workflows",
    label=_("流程图"),
    sheet="流程图",
    identity=_(
        "每行一个环节或子环节;同一“单位代码+流程编码”的行是一张流程图。流程图不存在则新建(第1版草稿);"
        "已有草稿则以文件中的环节替换草稿的环节;只有现行版本则新建一版草稿(流程再造)。导入后须审定启用。"
    ),
    key_columns=("unit", "code", "step_no", "step"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30, example="LY002"),
        Column("code", "流程编码", "code", required=True, max_length=60, example="LC-GF-002"),
        Column("name", "流程名称", required=True, max_length=200, example="受灾人员冬春生活救助流程"),
        Column("subject", "事项类别", "enum", required=True, choices=SUBJECTS, example="权责事项"),
        Column(
            "power", "权责事项编码", "code", max_length=60, help=_("事项类别为权责事项时填写(本单位现行清单)")
        ),
        Column("task", "工作任务", help=_("事项类别为工作任务时填写,与职责分解中的任务文字一致")),
        Column("body", "承办科室代码", "code", max_length=30, example="03"),
        Column("step_no", "环节序号", "int", required=True, min_value=1, example=3),
        Column(
            "sub_no", "子环节序号", "int", min_value=1, help=_("子环节(程序)填写,一级环节留空"), example=2
        ),
        Column("step", "环节名称", required=True, max_length=200, example="民主评议"),
        Column("post", "责任岗位代码", "code", max_length=40, help=_("本单位的岗位代码")),
        Column("responsible", "责任主体", max_length=200, help=_("不是本单位岗位时填写,如:申请人")),
        Column("limit", "时限", "int", min_value=1, example=5),
        Column("limit_unit", "时限单位", "enum", choices=TIME_UNITS, example="工作日"),
        Column("basis", "时限依据", example="《自然灾害救助条例》第二十一条"),
        Column("materials", "材料", help=_("多项以分号或换行分隔")),
        Column("sign_off", "签批层级", "enum", choices=SIGN_OFFS, example="科室负责人"),
        Column("description", "办理要求"),
        Column("reason", "修订说明", help=_("新建一版时的说明,如:流程再造,减环节、减材料")),
    ),
)


def split_materials(text: str) -> list[str]:
    out, current = [], ""
    for ch in text or "":
        if ch in MATERIAL_SEPARATORS:
            if current.strip():
                out.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        out.append(current.strip())
    return out
