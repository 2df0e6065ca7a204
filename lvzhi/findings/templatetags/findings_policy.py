"""{% findings_allowed "action" as name %}: whether the page's user may take a rule of the findings room (for the
room's menu: a link is shown only to those the table lets use it)."""

from typing import Any

from django import template

from ..policy import POLICY

register = template.Library()


@register.simple_tag(takes_context=True)
def findings_allowed(context: Any, action: str) -> bool:
    request = context.get("request")
    return bool(request is not None and POLICY.allowed(request.user, action))
