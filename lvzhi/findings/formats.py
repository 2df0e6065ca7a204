"""The words of the findings room's files: the ledger and the three result lists as Excel sheets (Chinese in every
interface language, like the registry's files). Columns are the registry's, read by the one reader
(lvzhi.registry.io.reader through lvzhi.duties.sheets.RowReader) and written by the one writer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.registry.io.cells import Column
from lvzhi.registry.io.columns import Kind

from .models import Finding, Highlight, Institution

EXPORT_ONLY = ("status", "plan", "evidence_note", "closed_at", "returns")

FINDINGS = Kind(
    key="findings",
    label=_("问题台账"),
    sheet="问题台账",
    identity=_(
        "每行登记一个新问题,导入后即下发给单位整改;“状态”“整改方案”“整改情况”“退回次数”“销号时间”为导出列,导入时不读。"
    ),
    key_columns=("unit", "title"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30, example="LY001"),
        Column(
            "unit_name",
            "单位名称",
            max_length=200,
            help=_("仅供核对,按单位代码识别"),
            example="莱阳市发展和改革局",
        ),
        Column("title", "问题", required=True, max_length=300, example="12345热线反映办证排队时间长"),
        Column(
            "source",
            "来源",
            "enum",
            required=True,
            choices=tuple((v, str(lbl)) for v, lbl in Finding.Source.choices),
            example="12345热线",
        ),
        Column(
            "category",
            "问题类别",
            required=True,
            max_length=20,
            help=_("内置类别或本地增设的类别名称"),
            example="履职不到位",
        ),
        Column(
            "severity",
            "严重程度",
            "enum",
            choices=tuple((v, str(lbl)) for v, lbl in Finding.Severity.choices),
            default="medium",
            example="一般",
        ),
        Column("description", "具体情况", example="窗口少,高峰时段排队超过1小时"),
        Column("root_cause", "问题根源", example="窗口设置未随业务量调整"),
        Column("indicator_code", "关联指标", "code", max_length=60, example="B2"),
        Column("deduction", "扣分", max_length=10, help=_("数字,可空"), example="2"),
        Column("immediate", "立行立改", "bool", default=False, example="否"),
        Column("deadline", "整改期限", "date", example="2026-12-31"),
        Column("responsible", "整改责任人", max_length=100, example="王建国"),
        Column("status", "状态", max_length=20),
        Column("plan", "整改方案"),
        Column("evidence_note", "整改情况"),
        Column("returns", "退回次数", "int", min_value=0),
        Column("closed_at", "销号时间", "date"),
    ),
)

_LIST_COLUMNS = (
    Column("title", "名称", required=True, max_length=200, example="“三查三看”自查法"),
    Column("unit", "单位代码", "code", max_length=30, help=_("编办自身的做法可空"), example="LY001"),
    Column("unit_name", "单位名称", max_length=200, help=_("仅供核对"), example="莱阳市发展和改革局"),
    Column("year", "年度", "int", min_value=2000, max_value=2100, example=2026),
    Column("description", "具体内容", example="对照三定查职责、对照清单查履职"),
)

HIGHLIGHTS = Kind(
    key="highlights",
    label=_("特色亮点清单"),
    sheet="特色亮点清单",
    identity=_("按“名称+单位代码”识别:已有则更新,没有则新增。"),
    key_columns=("title",),
    columns=(
        *_LIST_COLUMNS,
        Column(
            "kind",
            "类型",
            "enum",
            choices=tuple((v, str(lbl)) for v, lbl in Highlight.Kind.choices),
            default="unit_practice",
            example="单位经验做法",
        ),
    ),
)

INSTITUTIONS = Kind(
    key="institutions",
    label=_("制度完善清单"),
    sheet="制度完善清单",
    identity=_("按“名称+单位代码”识别:已有则更新,没有则新增。"),
    key_columns=("title",),
    columns=(
        *_LIST_COLUMNS,
        Column(
            "status",
            "进展",
            "enum",
            choices=tuple((v, str(lbl)) for v, lbl in Institution.Status.choices),
            default="planned",
            example="待建立",
        ),
        Column("due", "计划完成时间", "date", example="2026-12-31"),
        Column("document_number", "文号", max_length=80, example="莱编办发〔2026〕3号"),
    ),
)

CASES = Kind(
    key="cases",
    label=_("问责案件"),
    sheet="问责案件",
    identity=_(
        "每行登记一起问责案件;问责情形按“问责领域+问责情形”识别,岗位按本单位的岗位代码、人员按人员编号识别。"
    ),
    key_columns=("unit", "title"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30, example="LY001"),
        Column(
            "unit_name",
            "单位名称",
            max_length=200,
            help=_("仅供核对,按单位代码识别"),
            example="莱阳市发展和改革局",
        ),
        Column("area", "问责领域", required=True, max_length=50, example="勤政廉政"),
        Column(
            "situation", "问责情形", required=True, max_length=200, example="不作为、慢作为、乱作为被通报"
        ),
        Column("title", "案由", required=True, max_length=200, example="项目备案超时限"),
        Column("occurred_on", "问责日期", "date", required=True, example="2026-06-01"),
        Column("post", "岗位代码", "code", max_length=30, help=_("可空"), example="A-02"),
        Column("person", "人员编号", "code", max_length=30, help=_("可空"), example="P0002"),
        Column("document_number", "文号", max_length=80, example="莱纪〔2026〕4号"),
        Column("deduction", "扣分", max_length=10, help=_("数字;空则按问责情形的每起扣分"), example="1"),
        Column("note", "情况", example="群众投诉后仍未办结"),
    ),
)

KINDS = {k.key: k for k in (FINDINGS, HIGHLIGHTS, INSTITUTIONS, CASES)}


# The grade a scheme gives a unit to be admonished (诫勉), as the results store it.
PROBATION = "诫勉"
