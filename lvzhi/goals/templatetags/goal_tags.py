from typing import Any

from django import template

from lvzhi.core.templatetags.lvzhi_format import cn_number

register = template.Library()


@register.filter
def quarter_target(goal: Any, quarter: int) -> str:
    return str(cn_number(goal.quarter_target(int(quarter))))


@register.filter
def quarter_measure(goal: Any, quarter: int) -> str:
    return str(goal.measure(int(quarter)))
