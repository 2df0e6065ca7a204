"""The columns of each registry file: Chinese header, type, whether required, enumerations, and how a cell
becomes a value. One definition serves the import, the export, the downloadable template and the documentation.

The file format itself — headers, sheet names, the choice labels and 是/否 written in cells — is Chinese in every
interface language (like the field names of an API); the explanations around it go through gettext.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formats import (
    CHINESE_DATE,
    EXAMPLES,
    FALSE_WORDS,
    GENDERS,
    HEADERS,
    LEADERSHIP_LEVELS,
    NO,
    SHEETS,
    STAFFING_KINDS,
    TRUE_WORDS,
    UNIT_KINDS,
    YES,
)


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


TYPE_LABELS = {
    "text": gettext_lazy("文本"),
    "code": gettext_lazy("代码(文本)"),
    "int": gettext_lazy("整数"),
    "date": gettext_lazy("日期"),
    "bool": gettext_lazy("是/否"),
    "enum": gettext_lazy("选项"),
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: str = "text"
    required: bool = False
    max_length: int | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (code, Chinese label)
    default: object = None
    min_value: int | None = None
    max_value: int | None = None
    help: str = ""
    example: object = ""
    width: int = 14
    convert: Callable = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "convert", _converter(self))

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])

    @property
    def choice_labels(self) -> list[str]:
        return [label for _code, label in self.choices]

    def label_of(self, code) -> str:
        for c, label in self.choices:
            if c == code:
                return label
        return code or ""

    def describe_values(self) -> str:
        """The allowed values as the instructions sheet and the docs show them."""
        if self.type == "enum":
            return "、".join(f"{label}({code})" for code, label in self.choices)
        if self.type == "bool":
            return _("%(yes)s / %(no)s(留空为“%(default)s”)") % {
                "yes": YES,
                "no": NO,
                "default": YES if self.default else NO,
            }
        if self.type == "date":
            return _("日期,如 2019-03-01 或 2019年3月1日")
        if self.type == "int":
            if self.min_value is not None and self.max_value is not None:
                return _("整数,不小于 %(min)s,不大于 %(max)s") % {
                    "min": self.min_value,
                    "max": self.max_value,
                }
            if self.min_value is not None:
                return _("整数,不小于 %(min)s") % {"min": self.min_value}
            return _("整数")
        if self.max_length:
            return _("不超过 %(n)s 个字符") % {"n": self.max_length}
        return ""


def _text(value) -> str:
    """A cell as text: numbers Excel stored as 370682.0 read back as 370682."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if value.time() != datetime.time()
            else value.date().isoformat()
        )
    if value is None:
        return ""
    return str(value).strip()


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(CHINESE_DATE),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value) -> datetime.date | None:
    if type(value) is str and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)  # the common case, 2019-03-01
        except ValueError:
            pass
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    text = text.split(" ")[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise CellError(_("「%(text)s」不是有效的日期,请写成 2019-03-01 或 2019年3月1日") % {"text": text})


def _converter(col: Column) -> Callable:
    required = col.required
    if col.type in {"text", "code"}:
        max_length = col.max_length

        def convert_text(value):
            text = value.strip() if type(value) is str else _text(value)
            if not text:
                if required:
                    raise CellError(_("必填,不能为空"))
                return ""
            if max_length and len(text) > max_length:
                raise CellError(
                    _("长度 %(length)s 超过 %(max)s 个字符") % {"length": len(text), "max": max_length}
                )
            return text

        return convert_text

    if col.type == "int":
        lo, hi = col.min_value, col.max_value

        def convert_int(value):
            if type(value) is int:
                number = value
            elif isinstance(value, float) and value.is_integer():
                number = int(value)
            else:
                text = _text(value)
                if not text:
                    if required:
                        raise CellError(_("必填,不能为空"))
                    return col.default
                try:
                    number = int(text.replace(",", ""))
                except ValueError:
                    try:
                        f = float(text)
                    except ValueError:
                        raise CellError(_("「%(text)s」不是整数") % {"text": text}) from None
                    if not f.is_integer():
                        raise CellError(_("「%(text)s」不是整数") % {"text": text}) from None
                    number = int(f)
            if lo is not None and number < lo:
                raise CellError(_("%(number)s 小于最小值 %(min)s") % {"number": number, "min": lo})
            if hi is not None and number > hi:
                raise CellError(_("%(number)s 大于最大值 %(max)s") % {"number": number, "max": hi})
            return number

        return convert_int

    if col.type == "date":

        def convert_date(value):
            d = parse_date(value)
            if d is None and required:
                raise CellError(_("必填,不能为空"))
            return d

        return convert_date

    if col.type == "bool":
        default = col.default

        def convert_bool(value):
            if isinstance(value, bool):
                return value
            text = _text(value).lower()
            if not text:
                if required:
                    raise CellError(_("必填,不能为空"))
                return default
            if text in TRUE_WORDS:
                return True
            if text in FALSE_WORDS:
                return False
            raise CellError(
                _("「%(text)s」无效,应填“%(yes)s”或“%(no)s”") % {"text": _text(value), "yes": YES, "no": NO}
            )

        return convert_bool

    if col.type == "enum":
        lookup = {}
        for code, label in col.choices:
            lookup[code] = code
            lookup[code.lower()] = code
            lookup[label] = code
        allowed = "、".join(label for _code, label in col.choices)
        header = col.header

        def convert_enum(value):
            text = value.strip() if type(value) is str else _text(value)
            if not text:
                if required:
                    raise CellError(_("必填,不能为空"))
                return col.default if col.default is not None else ""
            code = lookup.get(text)
            if code is None:
                code = lookup.get(text.lower())
                if code is None:
                    raise CellError(
                        _("「%(text)s」不是有效的%(header)s,可选:%(allowed)s")
                        % {"text": text, "header": header, "allowed": allowed}
                    )
            return code

        return convert_enum

    raise ValueError(f"unknown column type {col.type}")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---------------------------------------------------------------------------------------------------------
# The five kinds of file.


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
