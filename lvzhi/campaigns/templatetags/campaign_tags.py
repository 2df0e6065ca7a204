"""Template helpers of the campaign pages: Chinese dates, scores, stage badges."""

from decimal import Decimal

from django import template

from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_datetime

register = template.Library()


@register.filter
def cndate(value):
    """2026年11月22日 (a datetime is shown in local time); empty for no date."""
    return cn_date(value) if value else ""


@register.filter
def cntime(value):
    """2026年11月22日 14:05; empty for no time."""
    return cn_datetime(value) if value else ""


@register.filter
def score(value):
    """A number without trailing zeros: 18.5, 20, 7.25 — for maxima (分值, 满分), raw imported figures, margins
    and form field values. Scores people read (totals, points, contributions, self and reviewed scores) use
    `cn_score` (lvzhi_format): 90.40."""
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
