"""Template helpers of the campaign pages: Chinese dates, scores, stage badges."""

from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cndate(value):
    """2026年11月22日 (a datetime is shown in local time)."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cntime(value):
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


@register.filter
def score(value):
    """A score without trailing zeros: 18.5, 20, 7.25."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return value
    text = format(number.normalize(), "f")
    return text


@register.filter
def get(mapping, key):
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


STATUS_CLASSES = {
    "open": "bg-primary",
    "closed": "bg-secondary",
    "pending": "bg-light text-dark border",
    "not_started": "bg-light text-dark border",
    "draft": "bg-info text-dark",
    "submitted": "bg-primary",
    "returned": "bg-warning text-dark",
    "reviewed": "bg-success",
    "planned": "bg-info text-dark",
    "upheld": "bg-success",
    "rejected": "bg-secondary",
    "resolved": "bg-success",
}


@register.simple_tag
def badge(status, label):
    from django.utils.html import format_html

    return format_html('<span class="badge {}">{}</span>', STATUS_CLASSES.get(status, "bg-secondary"), label)
