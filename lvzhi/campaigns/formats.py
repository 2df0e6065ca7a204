"""The Chinese words of the campaign room's data formats: the layouts of the self-assessment forms as the seeds
prescribe them (《机关职能运行评估情况提报表》, 《权责清单动态管理统计表》: titles, items, rows, columns — the page
and the workbook read back by these labels), the header names of the multi-party import files (docs/campaigns.md
"Import layout"), and the leader-rating labels (stored as they are and matched against the scheme's rating scale).

They are part of the files and the stored data, not interface text, so they do not go through the i18n catalogue
(docs/i18n.md): a workbook downloaded in one language must read back in any other. Messages about them do, with
these words as placeholders.
"""

from dataclasses import dataclass
from decimal import Decimal

# -- Self-assessment forms (lvzhi.campaigns.sheets) --------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text | long | int
    section: str = ""


@dataclass(frozen=True)
class TableSpec:
    rows: tuple
    columns: tuple  # (key, label)
    notes_label: str = "调整依据(文号)及说明"


@dataclass(frozen=True)
class Sheet:
    code: str
    title: str
    fields: tuple = ()
    table: TableSpec | None = None


PERFORMANCE_REPORT = Sheet(
    "performance_report",
    "机关职能运行评估情况提报表",
    fields=(
        FieldSpec("main_duties", "“三定”规定主要职责(项)", "int", "基本情况"),
        FieldSpec("internal_bodies", "内设机构(个)", "int", "基本情况"),
        FieldSpec("approved_staff", "核定编制(名)", "int", "基本情况"),
        FieldSpec("actual_staff", "实有人员(名)", "int", "基本情况"),
        FieldSpec("approved_leaders", "核定领导职数(名)", "int", "基本情况"),
        FieldSpec("actual_leaders", "实配领导(名)", "int", "基本情况"),
        FieldSpec("goals_total", "年度工作目标(条)", "int", "一查年度工作目标,看中心工作和重点任务完成情况"),
        FieldSpec("goals_done", "已完成(条)", "int", "一查年度工作目标,看中心工作和重点任务完成情况"),
        FieldSpec(
            "goals_note",
            "未完成目标及原因,是否存在履职不到位",
            "long",
            "一查年度工作目标,看中心工作和重点任务完成情况",
        ),
        FieldSpec(
            "sanding_bodies",
            "内设机构挂牌组建、人员设置、职能运转情况",
            "long",
            "二查“三定”规定执行,看是否存在缺位、越位、错位",
        ),
        FieldSpec(
            "sanding_problems",
            "缺位、越位、错位情况",
            "long",
            "二查“三定”规定执行,看是否存在缺位、越位、错位",
        ),
        FieldSpec("list_adjustments", "权责清单动态调整情况", "long", "三查权责清单,看承接落实情况"),
        FieldSpec("list_problems", "承接落实不到位的情况", "long", "三查权责清单,看承接落实情况"),
        FieldSpec("problems", "存在的主要问题", "long", "问题与措施"),
        FieldSpec("measures", "下一步改进措施", "long", "问题与措施"),
        FieldSpec("filled_by", "填报人", "text", "填报"),
        FieldSpec("phone", "联系电话", "text", "填报"),
    ),
)

POWER_TYPES = (
    "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查",
    "行政确认", "行政奖励", "行政裁决", "其他行政权力", "公共服务事项",
)  # fmt: skip

POWER_LIST_STATS = Sheet(
    "power_list_stats",
    "权责清单动态管理统计表",
    table=TableSpec(
        rows=POWER_TYPES,
        columns=(
            ("start", "年初事项数"),
            ("added", "本年新增"),
            ("cancelled", "本年取消"),
            ("changed", "本年变更"),
            ("delegated", "下放"),
            ("end", "年末事项数"),
            ("claimed", "认领上级变更事项"),
        ),
    ),
)

SHEETS = {s.code: s for s in (PERFORMANCE_REPORT, POWER_LIST_STATS)}

# The workbook of a form: heading lines, the header of the item list, the first header cell and the total row of
# the table.
WORKBOOK_CAMPAIGN = "活动:{}"
WORKBOOK_UNIT = "填报单位:{}"
ITEM_HEADER = ("项目", "填报内容", "分类")
TABLE_HEAD = "事项类型"
TABLE_TOTAL = "合计"

# -- Import files (lvzhi.campaigns.imports): accepted header names, the first one is written in templates ---------

UNIT_CODE = ("单位代码", "单位")
UNIT_NAME = ("单位名称", "名称")
KEY = ("数据项", "编码", "指标代码")
PART = ("子项",)
VALUE = ("数值", "值")
NOTE = ("备注", "说明")

# -- Leader ratings ----------------------------------------------------------------------------------------------

RATING_LABELS = ("优秀", "良好", "一般", "差")
# Used where the scheme names no rating scale (triangulation): 优秀100/良好85/一般70/差50.
DEFAULT_RATING_SCALE = dict(
    zip(RATING_LABELS, (Decimal(100), Decimal(85), Decimal(70), Decimal(50)), strict=True)
)


def leader_rating_scale(info) -> dict[str, Decimal]:
    """The rating scale of the scheme's leader-rating indicator ({label: score}), or the default one."""
    leaves = info.leaves if info is not None else ()
    scale = next((lf.rating_scale for lf in leaves if lf.source == "leader_rating" and lf.rating_scale), None)
    # Best first (优秀、良好、一般、差), whatever order the stored definition keeps its keys in.
    return dict(sorted((scale or DEFAULT_RATING_SCALE).items(), key=lambda item: -item[1]))


def rating_score(text: str) -> Decimal | None:
    """A rater's score written as a number ("92", "88.5"), or None when the text is not a plain number (a label,
    a percent)."""
    try:
        number = Decimal(text.strip())
    except (ArithmeticError, ValueError):
        return None
    return number if number.is_finite() else None


def format_score(score: Decimal) -> str:
    """A score as written on a form: 92, 88.5 (at most two decimals, no trailing zeros)."""
    text = format(score.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rating_points(rating: str, scale: dict[str, Decimal]) -> Decimal | None:
    """The points a rating stands for: its label's score on the scale, or the rater's score itself (a number from
    0 to the scale's top score, as the engine's rating rule takes it)."""
    if rating in scale:
        return scale[rating]
    score = rating_score(rating)
    top = max(scale.values()) if scale else Decimal(100)
    return score if score is not None and 0 <= score <= top else None


# -- The Word bulletin (lvzhi.campaigns.bulletin): fonts of Chinese government documents (GB/T 9704) -------------

FONT_TITLE = "方正小标宋简体"  # title, 二号 (22 pt)
FONT_BODY = "仿宋_GB2312"  # body text, 三号 (16 pt)
FONT_HEADING = "黑体"  # first-level headings
CHINESE_NUMERALS = "〇一二三四五六七八九十"
