"""One column of a registry file and how its cells become values: the types, dates, enumerations, 是/否,
and the reason a cell is refused (CellError)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import text as clean
from lvzhi.core.errors import Invalid

from .formats import (
    CHINESE_DATE,
    FALSE_WORDS,
    NO,
    TRUE_WORDS,
    YES,
)


class CellError(Invalid):
    """A cell that cannot be read; the message is the reason shown to the user. The importer, which knows the
    row and the column, turns it into a RowError of the file's ImportRejected."""


TYPE_LABELS = {
    "text": gettext_lazy("文本"),
    "code": gettext_lazy("代码(文本)"),
    "int": gettext_lazy("整数"),
    "decimal": gettext_lazy("数值"),
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
        if self.type == "decimal":
            return _("数值,最多两位小数")
        if self.max_length:
            return _("不超过 %(n)s 个字符") % {"n": self.max_length}
        return ""


class UncachedFormula(str):
    """A formula cell of an Excel file that carries no computed value (written by a program that does not
    calculate, or saved with calculation off): the reader cannot know its value, so it is refused as such."""


def _text(value) -> str:
    """A cell as text: numbers Excel stored as 370682.0 read back as 370682."""
    if isinstance(value, UncachedFormula):
        raise CellError(
            _("是公式「%(formula)s」但没有计算结果,请在 Excel 中打开并保存该文件,或把公式换成数值")
            % {"formula": str(value)[:60]}
        )
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

        is_code = col.type == "code"

        def convert_text(value):
            text = value.strip() if type(value) is str else _text(value)
            if is_code and not text.isascii():
                text = clean.normalize_code(text)
            reason = clean.problem(text)
            if reason:
                raise CellError(reason)
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
                text = clean.normalize_number(_text(value))
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

    if col.type == "decimal":

        def convert_decimal(value):
            if isinstance(value, bool):
                raise CellError(_("「%(text)s」不是数值") % {"text": _text(value)})
            if isinstance(value, float):
                value = round(value, 6)  # a figure Excel computed: 0.1 + 0.2 reads as 0.3
            text = clean.normalize_number(_text(value)).replace(",", "")
            if not text:
                if required:
                    raise CellError(_("必填,不能为空"))
                return col.default
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise CellError(_("「%(text)s」不是数值") % {"text": text}) from None
            if not number.is_finite() or abs(number) >= 10**14:
                raise CellError(_("「%(text)s」不是数值") % {"text": text})
            rounded = number.quantize(Decimal("0.01"))
            if rounded != number:
                raise CellError(_("「%(text)s」最多两位小数") % {"text": text})
            if col.min_value is not None and rounded < col.min_value:
                raise CellError(_("%(number)s 小于最小值 %(min)s") % {"number": text, "min": col.min_value})
            return rounded

        return convert_decimal

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
