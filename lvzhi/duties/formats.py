"""The words of the duties room's files: sheet names, headers, enumeration labels (Chinese in every interface
language, like the registry's files). Columns are the registry's (lvzhi.registry.io.cells.Column), read by the
one reader (lvzhi.registry.io.reader) through lvzhi.duties.sheets."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.registry.io.cells import Column
from lvzhi.registry.io.columns import Kind

POWER_TYPES = (
    ("licensing", "行政许可"),
    ("penalty", "行政处罚"),
    ("coercion", "行政强制"),
    ("levy", "行政征收"),
    ("payment", "行政给付"),
    ("inspection", "行政检查"),
    ("confirmation", "行政确认"),
    ("reward", "行政奖励"),
    ("adjudication", "行政裁决"),
    ("other", "其他行政权力"),
    ("public_service", "公共服务"),
)
INITIATIONS = (("application", "依申请"), ("ex_officio", "依职权"))
BOUNDARY_SCOPES = (("units", "部门间"), ("bodies", "部门内设机构间"))
LIST_SEPARATORS = "、,;/ \n\uff0c\uff1b"

DECOMPOSITION = Kind(
    key="decomposition",
    label=_("科室职责任务分解表"),
    sheet="科室职责任务分解表",
    identity=_(
        "每行一项工作任务;同一单位、同一内设机构、同一“内设机构职责”的行归入同一项职责。导入时替换该单位原有的分解。"
    ),
    key_columns=("unit", "body", "duty", "task"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30, example="LY001"),
        Column("body", "内设机构代码", "code", required=True, max_length=30, example="02"),
        Column(
            "main_seq",
            "三定职责序号",
            "int",
            min_value=1,
            help=_("该项职责落实的三定主要职责的序号"),
            example=1,
        ),
        Column("duty", "内设机构职责", required=True, example="负责国民经济和社会发展规划的编制。"),
        Column("task", "工作任务", required=True, example="起草五年规划纲要"),
        Column("posts", "承担岗位代码", help=_("一个或多个岗位代码,以顿号分隔"), example="A-02"),
    ),
)

POWER = Kind(
    key="power",
    label=_("权责清单"),
    sheet="权责清单",
    identity=_("按“单位代码+事项编码”识别:已有则登记一次变更,没有则新增。"),
    key_columns=("unit", "code", "name"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30, example="LY001"),
        Column("code", "事项编码", "code", required=True, max_length=60, example="370682-XK-001"),
        Column("name", "事项名称", required=True, max_length=300, example="企业投资项目核准"),
        Column("item_type", "事项类型", "enum", required=True, choices=POWER_TYPES, example="行政许可"),
        Column("initiation", "行使方式", "enum", choices=INITIATIONS, example="依申请"),
        Column("legal_basis", "设定依据", example="《企业投资项目核准和备案管理条例》第三条"),
        Column("responsibilities", "责任事项"),
        Column("accountability", "追责情形"),
        Column("body", "承办机构代码", "code", max_length=30),
        Column("posts", "承办岗位代码", help=_("以顿号分隔")),
        Column("main_seq", "三定职责序号", "int", min_value=1),
        Column(
            "catalogue",
            "标准目录编码",
            "code",
            max_length=60,
            help=_("上级标准目录的事项编码;填写后名称、类型、依据以目录为准"),
        ),
    ),
)

BOUNDARY = Kind(
    key="boundary",
    label=_("职责边界清单"),
    sheet="职责边界清单",
    identity=_("按“编号”识别:已有则登记一次变更,没有则新增。"),
    key_columns=("code", "matter"),
    columns=(
        Column("code", "编号", "code", required=True, max_length=60, example="BJ-001"),
        Column("matter", "职责事项", required=True, max_length=300, example="餐饮服务业油烟污染监管"),
        Column("scope", "类别", "enum", choices=BOUNDARY_SCOPES, default="units", example="部门间"),
        Column("lead", "牵头单位代码", "code", max_length=30, help=_("空:尚无牵头单位(空白)")),
        Column("cooperating", "配合单位代码", help=_("以顿号分隔")),
        Column("division", "职责分工"),
        Column("trigger", "启动情形"),
        Column("mechanism", "协调配合机制"),
        Column("dispute", "争议解决方式"),
        Column("decided_by", "确定依据", max_length=300, example="县编委会2024年第2次会议"),
    ),
)

TERRITORIAL = Kind(
    key="territorial",
    label=_("属地管理清单"),
    sheet="属地管理清单",
    identity=_("按“编号”识别:已有则登记一次变更,没有则新增。"),
    key_columns=("code", "matter", "unit"),
    columns=(
        Column("code", "编号", "code", required=True, max_length=60, example="SD-001"),
        Column("matter", "职责事项", required=True, max_length=300),
        Column("unit", "县级主责部门代码", "code", required=True, max_length=30),
        Column("supporting", "县级配合部门代码", help=_("以顿号分隔")),
        Column("county_duties", "县级部门职责"),
        Column("township_duties", "乡镇(街道)职责"),
        Column("support", "配合事项"),
        Column("legal_basis", "依据"),
    ),
)

DELEGATION = Kind(
    key="delegation",
    label=_("下放事项清单"),
    sheet="下放事项清单",
    identity=_("每行下放一项权责事项(按“单位代码+事项编码”找到该事项)。"),
    key_columns=("unit", "code", "receiving_body"),
    columns=(
        Column("unit", "单位代码", "code", required=True, max_length=30),
        Column("code", "事项编码", "code", required=True, max_length=60),
        Column("receiving_body", "承接主体", required=True, max_length=200, example="古柳街道办事处"),
        Column("receiving_region", "承接区划代码", "code", max_length=12),
        Column("manner", "下放方式", max_length=100, example="委托"),
    ),
)

CATALOGUE = Kind(
    key="catalogue",
    label=_("上级标准目录"),
    sheet="上级标准目录",
    identity=_("按“发布层级代码+事项编码”识别:已有则修改该事项,没有则新增。"),
    key_columns=("region", "code"),
    notes=(
        _("发布层级填省或市的区划代码(如山东省 370000、烟台市 370600);县、乡镇不发布标准目录。"),
        _("不再使用的事项填“在用=否”(已承接的单位清单不受影响,但不能再承接);导入不删除事项。"),
    ),
    columns=(
        Column("region", "发布层级代码", "code", required=True, max_length=12, example="370000",
               help=_("省或市的区划代码")),
        Column("code", "事项编码", "code", required=True, max_length=60, example="370000-XK-0101",
               help=_("在同一发布层级内唯一")),
        Column("name", "事项名称", required=True, max_length=300, example="企业投资项目核准", width=30),
        Column("item_type", "事项类型", "enum", required=True, choices=POWER_TYPES, example="行政许可"),
        Column("initiation", "行使方式", "enum", choices=INITIATIONS, example="依申请"),
        Column("legal_basis", "设定依据", example="《企业投资项目核准和备案管理条例》第三条", width=40,
               help=_("具体到条款")),
        Column("responsibilities", "责任事项", width=30),
        Column("accountability", "追责情形", width=30),
        Column("is_active", "在用", "bool", default=True, help=_("留空为“是”;停用的事项不能再承接")),
    ),
)  # fmt: skip

# Every import also names the adjustment it makes (one for the whole file).
OVERLAP_FILE = Kind(
    key="overlaps",
    label=_("职责交叉核查"),
    sheet="职责",
    identity=_("每行一项职责;编号须唯一。"),
    key_columns=("id", "unit", "text"),
    columns=(
        Column("id", "编号", "code", required=True, max_length=60),
        Column("unit", "单位", required=True, max_length=100),
        Column("text", "职责", required=True),
        Column("basis", "依据"),
    ),
)

KINDS = {k.key: k for k in (DECOMPOSITION, POWER, BOUNDARY, TERRITORIAL, DELEGATION)}
# The higher-level catalogue is not a list of a unit (its own page, import and export).
CATALOGUE_RULES = (
    _(
        "第一行是表头,列名须与模板一致;列的顺序可以调整。修改已有事项时,除“发布层级代码”“事项编码”外其他列都可以删去;新增事项时表头红色的列都要有。从第二行起每行一个事项,空行忽略。"
    ),
    _("导入是整体的:任何一行有错,整个文件都不导入,并列出每个错误所在的行、列和原因;改正后重新上传即可。"),
    _("文件中有的列按文件内容写入(选填列留空即清空该项);文件中没有的列保持原值不变。"),
    _("支持 Excel(.xlsx)和 CSV(UTF-8 编码,Excel“另存为 CSV UTF-8”即可)。"),
)


def split_codes(value: str) -> list[str]:
    """ "A-01、A-02" → ["A-01", "A-02"]."""
    out: list[str] = []
    word = ""
    for ch in value or "":
        if ch in LIST_SEPARATORS:
            if word:
                out.append(word)
            word = ""
        else:
            word += ch
    if word:
        out.append(word)
    return out
