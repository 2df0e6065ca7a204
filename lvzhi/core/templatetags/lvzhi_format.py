"""Dates and numbers as Chinese users read them: 2026年11月22日, 2026年11月22日 14:05, 1,234, 90.40."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

EMPTY = "—"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value


@register.filter
def cn_date(value):
    """2026年11月22日 (a date, or a datetime in the site's time zone)."""
    if not value:
        return EMPTY
    value = _local(value)
    return _("%(year)s年%(month)s月%(day)s日") % {"year": value.year, "month": value.month, "day": value.day}


@register.filter
def cn_datetime(value):
    """2026年11月22日 14:05."""
    if not value:
        return EMPTY
    value = _local(value)
    return _("%(year)s年%(month)s月%(day)s日 %(hour)02d:%(minute)02d") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
        "hour": value.hour,
        "minute": value.minute,
    }


@register.filter
def cn_number(value):
    """An integer with thousands separators (1,234,567); empty as a dash."""
    if value is None or value == "":
        return EMPTY
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.1f}"


@register.filter
def cn_score(value, empty=EMPTY):
    """A score with two decimals, as Chinese bulletins print it: 90.40, 7.25, 20.00 (rounded half up); empty as
    a dash, or as the argument: {{ value|cn_score:"" }}."""
    if value is None or value == "":
        return empty
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return value
    if number == 0:
        number = abs(number)  # no "-0.00"
    return f"{number:f}"


@register.filter
def percent(value):
    """95.3% (the value is already a percentage); empty as a dash."""
    if value is None or value == "":
        return EMPTY
    return f"{float(value):.1f}%"


@register.filter
def as_strings(value) -> set[str]:
    """The selected values of a field as strings, to mark options selected: {% if v|stringformat:"s" in x %}."""
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}
