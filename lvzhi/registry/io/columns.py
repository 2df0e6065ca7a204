"""The columns of each registry file: Chinese header, type, whether required, enumerations, and how a cell
becomes a value. One definition serves the import, the export, the downloadable template and the documentation.

The file format itself — headers, sheet names, the choice labels and 是/否 written in cells — is Chinese in every
interface language (like the field names of an API); the explanations around it go through gettext.

How one column reads its cells: lvzhi.registry.io.cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .cells import Column
from .formats import (
    EXAMPLES,
    GENDERS,
    HEADERS,
    LEADERSHIP_LEVELS,
    SHEETS,
    STAFFING_KINDS,
    UNIT_KINDS,
    YES,
)

# The enumerations as files write them (lvzhi.registry.io.formats): the same in any interface language.
UNIT_KIND_CHOICES = UNIT_KINDS
STAFFING_KIND_CHOICES = STAFFING_KINDS
LEADERSHIP_CHOICES = LEADERSHIP_LEVELS
GENDER_CHOICES = GENDERS

UNIT_CODE_HELP = gettext_lazy("单位的唯一代码,须是系统中已有的单位(可先导入单位)")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    sheet: str
    columns: tuple[Column, ...]
    identity: str  # how a row finds its existing object, for the instructions and docs
    key_columns: tuple[str, ...] = ()  # columns every file must have; other required ones only to create rows
    notes: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


UNITS = Kind(
    key="units",
    label=gettext_lazy("单位"),
    sheet=SHEETS["units"],
    identity=gettext_lazy("按“单位代码”识别:代码已存在则更新该单位,不存在则新增。"),
    key_columns=("code",),
    columns=(
        Column(
            "code",
            HEADERS["units"]["code"],
            "code",
            required=True,
            max_length=30,
            help=gettext_lazy("单位的唯一代码"),
            example="LY001",
        ),
        Column(
            "name",
            HEADERS["units"]["name"],
            required=True,
            max_length=100,
            example=EXAMPLES["units"]["name"],
            width=28,
        ),
        Column(
            "short_name",
            HEADERS["units"]["short_name"],
            max_length=50,
            example=EXAMPLES["units"]["short_name"],
        ),
        Column(
            "kind",
            HEADERS["units"]["kind"],
            "enum",
            required=True,
            choices=UNIT_KIND_CHOICES,
            example=EXAMPLES["units"]["kind"],
            width=18,
        ),
        Column(
            "region",
            HEADERS["units"]["region"],
            "code",
            required=True,
            max_length=12,
            help=gettext_lazy("区划代码,须是系统中已有的区划(见“代码参考”表)"),
            example="370682",
        ),
        Column(
            "category",
            HEADERS["units"]["category"],
            max_length=50,
            help=gettext_lazy("类别名称或代码,须是系统中已有的类别(见“代码参考”表);可留空"),
            example=EXAMPLES["units"]["category"],
        ),
        Column(
            "parent",
            HEADERS["units"]["parent"],
            "code",
            max_length=30,
            help=gettext_lazy("下属单位填写主管部门的单位代码(系统中已有的或本文件中的单位);可留空"),
            example="",
        ),
        Column(
            "order",
            HEADERS["units"]["order"],
            "int",
            min_value=0,
            max_value=2_000_000_000,
            default=0,
            help=gettext_lazy("数字小的在前;留空为 0"),
            example=1,
            width=8,
        ),
        Column("is_active", HEADERS["units"]["is_active"], "bool", default=True, example=YES, width=8),
        Column("note", HEADERS["units"]["note"], max_length=2000, example="", width=24),
    ),
)


def unit_code_column(kind: str) -> Column:
    """The 单位代码 column that ties a row of bodies, posts, persons or quotas to its unit."""
    return Column(
        "unit",
        HEADERS[kind]["unit"],
        "code",
        required=True,
        max_length=30,
        help=UNIT_CODE_HELP,
        example="LY001",
    )


BODIES = Kind(
    key="bodies",
    label=gettext_lazy("内设机构"),
    sheet=SHEETS["bodies"],
    identity=gettext_lazy("按“单位代码 + 机构代码”识别:已存在则更新,不存在则新增。"),
    key_columns=("unit", "code"),
    columns=(
        unit_code_column("bodies"),
        Column(
            "code",
            HEADERS["bodies"]["code"],
            "code",
            required=True,
            max_length=30,
            help=gettext_lazy("在本单位内唯一"),
            example="01",
        ),
        Column(
            "name",
            HEADERS["bodies"]["name"],
            required=True,
            max_length=100,
            example=EXAMPLES["bodies"]["name"],
            width=20,
        ),
        Column(
            "duties",
            HEADERS["bodies"]["duties"],
            max_length=20000,
            example=EXAMPLES["bodies"]["duties"],
            width=40,
        ),
        Column(
            "order",
            HEADERS["bodies"]["order"],
            "int",
            min_value=0,
            max_value=2_000_000_000,
            default=0,
            help=gettext_lazy("留空为 0"),
            example=1,
            width=8,
        ),
        Column("is_active", HEADERS["bodies"]["is_active"], "bool", default=True, example=YES, width=8),
    ),
)

POSTS = Kind(
    key="posts",
    label=gettext_lazy("岗位"),
    sheet=SHEETS["posts"],
    identity=gettext_lazy("按“单位代码 + 岗位代码”识别:已存在则更新,不存在则新增。"),
    key_columns=("unit", "code"),
    columns=(
        unit_code_column("posts"),
        Column(
            "code",
            HEADERS["posts"]["code"],
            "code",
            required=True,
            max_length=40,
            help=gettext_lazy("在本单位内唯一"),
            example="A-02",
        ),
        Column(
            "name",
            HEADERS["posts"]["name"],
            required=True,
            max_length=100,
            example=EXAMPLES["posts"]["name"],
            width=20,
        ),
        Column(
            "internal_body",
            HEADERS["posts"]["internal_body"],
            "code",
            max_length=30,
            help=gettext_lazy("岗位所在的内设机构,须是该单位已有的内设机构;可留空"),
            example="01",
        ),
        Column(
            "leadership_level",
            HEADERS["posts"]["leadership_level"],
            "enum",
            choices=LEADERSHIP_CHOICES,
            default="",
            help=gettext_lazy("领导岗位填写职数类型,非领导岗位留空"),
            example="",
            width=18,
        ),
        Column(
            "duties",
            HEADERS["posts"]["duties"],
            max_length=20000,
            example=EXAMPLES["posts"]["duties"],
            width=40,
        ),
    ),
)

PERSONS = Kind(
    key="persons",
    label=gettext_lazy("实名制人员"),
    sheet=SHEETS["persons"],
    identity=gettext_lazy("按“人员编号”识别(全系统唯一):已存在则更新该人员(可调整单位、岗位),不存在则新增。"),
    key_columns=("staff_no", "unit"),
    notes=(
        gettext_lazy(
            "导入后各单位各类编制的在编人数不得超过现行三定核定的编制数;领导岗位上的在编人数不得超过核定的领导职数。"
            "确需超编导入的,须勾选“允许超编”。"
        ),
    ),
    columns=(
        Column(
            "staff_no",
            HEADERS["persons"]["staff_no"],
            "code",
            required=True,
            max_length=30,
            help=gettext_lazy("全系统唯一"),
            example="P0001",
        ),
        Column(
            "name",
            HEADERS["persons"]["name"],
            required=True,
            max_length=50,
            example=EXAMPLES["persons"]["name"],
            width=10,
        ),
        unit_code_column("persons"),
        Column(
            "post",
            HEADERS["persons"]["post"],
            "code",
            max_length=40,
            help=gettext_lazy("所在岗位,须是该单位已有的岗位;可留空"),
            example="A-01",
        ),
        Column(
            "gender",
            HEADERS["persons"]["gender"],
            "enum",
            choices=GENDER_CHOICES,
            default="",
            example=EXAMPLES["persons"]["gender"],
            width=8,
        ),
        Column(
            "birth_year",
            HEADERS["persons"]["birth_year"],
            "int",
            min_value=1900,
            max_value=2100,
            example=1975,
            width=10,
        ),
        Column(
            "staffing_kind",
            HEADERS["persons"]["staffing_kind"],
            "enum",
            required=True,
            choices=STAFFING_KIND_CHOICES,
            example=EXAMPLES["persons"]["staffing_kind"],
            width=14,
        ),
        Column("joined_on", HEADERS["persons"]["joined_on"], "date", example="2001-08-01", width=12),
        Column(
            "is_active",
            HEADERS["persons"]["is_active"],
            "bool",
            default=True,
            help=gettext_lazy("已调出或退休的人员填“否”"),
            example=YES,
            width=8,
        ),
    ),
)

_QUOTA_COLUMNS = tuple(
    Column(
        f"quota:{code}",
        HEADERS["quotas"][f"quota:{code}"],
        "int",
        min_value=0,
        max_value=1_000_000,
        help=lazy(
            lambda label=label: _("现行三定核定的%(label)s数;留空表示未核定该类编制") % {"label": label}, str
        )(),
        example={"administrative": 10, "logistics": 2}.get(code, ""),
        width=12,
    )
    for code, label in STAFFING_KIND_CHOICES
)
_LEADERSHIP_COLUMNS = tuple(
    Column(
        f"leader:{code}",
        HEADERS["quotas"][f"leader:{code}"],
        "int",
        min_value=0,
        max_value=10_000,
        help=lazy(
            lambda label=label: _("现行三定核定的%(label)s职数;留空表示未核定") % {"label": label}, str
        )(),
        example={"unit_head": 1, "unit_deputy": 3}.get(code, ""),
        width=16,
    )
    for code, label in LEADERSHIP_CHOICES
)

QUOTAS = Kind(
    key="quotas",
    label=gettext_lazy("编制和领导职数"),
    sheet=SHEETS["quotas"],
    identity=gettext_lazy(
        "按“单位代码”识别,写入该单位现行三定;单位尚无现行三定的,新建一版三定。每个单位一行。"
    ),
    key_columns=("unit",),
    notes=(
        gettext_lazy(
            "编制数和领导职数留空表示未核定该项(已有的核定将被取消);填 0 表示核定为 0。不想改动的列可以从表中删去。"
        ),
        gettext_lazy(
            "核定数不得少于该单位该类编制的在编人数(领导职数不得少于在任人数),确需如此的须勾选“允许超编”。"
        ),
    ),
    columns=(
        unit_code_column("quotas"),
        Column(
            "document_number",
            HEADERS["quotas"]["document_number"],
            max_length=60,
            help=gettext_lazy("现行三定的文号;留空则不改动"),
            example=EXAMPLES["quotas"]["document_number"],
            width=18,
        ),
        Column(
            "approved_on",
            HEADERS["quotas"]["approved_on"],
            "date",
            help=gettext_lazy("现行三定的印发日期;留空则不改动"),
            example="2019-03-01",
            width=12,
        ),
        *_QUOTA_COLUMNS,
        *_LEADERSHIP_COLUMNS,
    ),
)

KINDS: dict[str, Kind] = {k.key: k for k in (UNITS, BODIES, POSTS, PERSONS, QUOTAS)}
KIND_CHOICES = [(k.key, k.label) for k in KINDS.values()]

COMMON_RULES = (
    gettext_lazy(
        "第一行是表头,列名须与模板一致;列的顺序可以调整。只更新已有数据时,除识别数据所需的列外,其他列都可以删去;"
        "新增数据时必填列(表头红色)都要有。从第二行起每行一条数据,空行忽略。"
    ),
    gettext_lazy(
        "导入是整体的:任何一行有错,整个文件都不导入,并列出每个错误所在的行、列和原因;改正后重新上传即可。"
    ),
    gettext_lazy("文件中有的列按文件内容写入(选填列留空即清空该项);文件中没有的列保持原值不变。"),
    gettext_lazy("导入不会删除数据:不再使用的单位、机构填“在用=否”,调出或退休的人员填“在编=否”。"),
    gettext_lazy("支持 Excel(.xlsx)和 CSV(UTF-8 编码,Excel“另存为 CSV UTF-8”即可)。"),
)
