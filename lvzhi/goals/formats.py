"""The words of the goals room's files: the 年度目标 sheet (one row per task of a goal; a goal without tasks is one
row) and the 季度进展 sheet (one row per goal and quarter). Chinese in every interface language; read by the one
reader (lvzhi.registry.io.reader, through lvzhi.duties.sheets) and written by the one writer
(lvzhi.registry.io.exporters.write_xlsx / write_csv over lvzhi.core.spreadsheets). Layout: docs/import-formats.md."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.registry.io.cells import Column
from lvzhi.registry.io.columns import Kind

LEVELS = (("unit", "单位"), ("body", "科室"), ("person", "个人"))
SOURCES = (("central_task", "中心工作"), ("sanding", "三定职责"), ("assigned", "上级交办"))
CATEGORIES = (("key", "重点工作"), ("regular", "常规工作"), ("other", "其他工作"))
NATURES = (("quantitative", "定量"), ("qualitative", "定性"))
COMPLETIONS = (("done", "已完成"), ("partial", "部分完成"), ("not_done", "未完成"))
STATUSES = (("draft", "草稿"), ("submitted", "待审核"), ("returned", "已退回"), ("approved", "已通过"))
CODE_SEPARATORS = "\n;;,,、"

GOALS = Kind(
    key="goals",
    label=_("年度目标"),
    sheet="年度目标",
    identity=_(
        "按“单位代码+年度+目标序号”识别一项目标:每行是目标的一项分解任务,同一目标的各行目标内容须一致"
        "(后续行的目标各列可留空);没有分解任务的目标占一行,任务各列留空。目标不存在则新建为草稿;已有的目标"
        "须是草稿或已退回的,其内容和分解任务以文件为准;待审核、已通过的目标不能通过导入修改。"
    ),
    key_columns=("unit", "year", "seq"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30, example="LY002"),
        Column("year", "年度", "int", required=True, min_value=2000, max_value=2100, example=2026),
        Column("seq", "目标序号", "int", required=True, min_value=1, example=1),
        Column("level", "目标层级", "enum", choices=LEVELS, default="unit", example="单位"),
        Column("body", "科室代码", "code", max_length=30, help=_("目标层级为科室时填写(本单位内设机构代码)")),
        Column("person", "人员编号", "code", max_length=30, help=_("目标层级为个人时填写(本单位人员编号)")),
        Column("title", "目标内容", max_length=300, example="新增市场主体400户", width=30),
        Column("source", "目标来源", "enum", choices=SOURCES, example="中心工作"),
        Column(
            "duty", "三定职责序号", "int", min_value=1, help=_("目标来源为三定职责时填写(本单位现行三定)")
        ),
        Column("source_note", "来源说明", max_length=300, help=_("中心工作、上级交办须写明出处")),
        Column("category", "目标类别", "enum", choices=CATEGORIES, default="regular", example="重点工作"),
        Column("nature", "目标性质", "enum", choices=NATURES, example="定量"),
        Column("metric", "指标名称", max_length=100, help=_("定量目标必填")),
        Column("measure_unit", "计量单位", max_length=20, help=_("定量目标必填"), example="户"),
        Column("target", "年度目标值", "decimal", min_value=0, example=400),
        Column("target_q1", "一季度末目标值", "decimal", min_value=0, help=_("累计值,可留空(按进度均分)")),
        Column("target_q2", "二季度末目标值", "decimal", min_value=0),
        Column("target_q3", "三季度末目标值", "decimal", min_value=0),
        Column("measure_q1", "一季度措施", help=_("定性目标每季度必填")),
        Column("measure_q2", "二季度措施"),
        Column("measure_q3", "三季度措施"),
        Column("measure_q4", "四季度措施"),
        Column(
            "task_body", "责任科室代码", "code", max_length=30, help=_("分解任务的责任科室"), example="03"
        ),
        Column("task", "工作任务", help=_("分解任务;留空则该行没有任务"), width=30),
        Column("deadline", "完成时限", "date", example="2026-12-31"),
        Column("co_units", "配合单位代码", help=_("多个以分号分隔")),
        Column("co_bodies", "配合科室代码", help=_("本单位的内设机构,多个以分号分隔")),
        Column("status", "状态", "enum", choices=STATUSES, help=_("导出时填写;导入时不读")),
    ),
)

PROGRESS = Kind(
    key="goal_progress",
    label=_("季度进展"),
    sheet="季度进展",
    identity=_(
        "按“单位代码+年度+目标序号+季度”识别一份季度进展:已有则以文件为准修改,没有则新报。目标须已审核通过;"
        "定量目标的完成情况由累计完成值和季度目标值算出,定性目标须填完成情况。佐证材料在目标页面上传。"
    ),
    key_columns=("unit", "year", "seq", "quarter"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30, example="LY002"),
        Column("year", "年度", "int", required=True, min_value=2000, max_value=2100, example=2026),
        Column("seq", "目标序号", "int", required=True, min_value=1, example=1),
        Column("title", "目标内容", max_length=300, help=_("导出时填写;导入时只核对"), width=30),
        Column("quarter", "季度", "int", required=True, min_value=1, max_value=4, example=1),
        Column("actual", "累计完成值", "decimal", min_value=0, help=_("定量目标必填")),
        Column(
            "completion", "完成情况", "enum", choices=COMPLETIONS, help=_("定性目标必填;定量目标按数值算出")
        ),
        Column("progress", "进展情况", required=True, width=40),
        Column("problems", "存在问题及下步打算", width=30),
    ),
)


def split_codes(text: str) -> list[str]:
    out, current = [], ""
    for ch in text or "":
        if ch in CODE_SEPARATORS:
            if current.strip():
                out.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        out.append(current.strip())
    return out
