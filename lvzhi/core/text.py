"""Text at the door: every text a page, the API or an import stores passes here.

- Control characters (C0 other than tab, newline and carriage return; DEL) are refused with a message naming the
  field: they are invisible on screen, break every later export and cannot be typed on purpose.
- Codes (unit codes, body and post codes, staff numbers) are normalised with NFKC, so full-width ``ＬＹ０２１``
  typed with a Chinese input method is the code ``LY021``; numbers read from text go through the same
  normalisation before they are parsed.

Models are checked once, before every save (`check_instance`, connected in ``lvzhi.core.apps``), so a page, an
endpoint, an import or a command cannot store such text by forgetting a check; the registry importer, which
writes in bulk, calls `problem` per cell and reports the row and column.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext as _

from .errors import FieldProblem, Invalid

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Model fields that hold a code: normalised to half-width on save.
CODE_FIELDS = frozenset({"code", "staff_no", "unit_code"})


def has_control(value: str) -> bool:
    return CONTROL.search(value) is not None


def problem(value: object) -> str | None:
    """Why `value` cannot be stored as text, or None."""
    if isinstance(value, str) and has_control(value):
        return _("含有不可见的控制字符,请删除后重新输入")
    return None


def normalize_code(value: str) -> str:
    """ＬＹ０２１ → LY021 (and surrounding spaces gone)."""
    return unicodedata.normalize("NFKC", value).strip()


def normalize_number(value: str) -> str:
    """Full-width digits, signs and separators as ASCII: １，２００ → 1,200."""
    return unicodedata.normalize("NFKC", value).strip()


def check_text(value: str, *, field: str, label: object) -> str:
    """`value`, or Invalid naming the field `label` (what the user reads) / `field` (as the form spells it)."""
    reason = problem(value)
    if reason:
        raise Invalid(_("「%(label)s」%(reason)s。") % {"label": label, "reason": reason}, field=field)
    return value


def check_instance(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: refuse control characters in any text field; normalise code fields."""
    if raw or not sender.__module__.startswith("lvzhi."):
        return
    problems = []
    for f in sender._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField):
            continue
        value = getattr(instance, f.attname)
        if not isinstance(value, str):
            continue
        if f.name in CODE_FIELDS and not value.isascii():
            value = normalize_code(value)
            setattr(instance, f.attname, value)
        reason = problem(value)
        if reason:
            problems.append(
                (f.name, _("「%(label)s」%(reason)s。") % {"label": f.verbose_name, "reason": reason})
            )
    if len(problems) == 1:
        raise Invalid(problems[0][1], field=problems[0][0])
    if problems:
        raise Invalid("".join(m for _f, m in problems), problems=[FieldProblem(f, m) for f, m in problems])
