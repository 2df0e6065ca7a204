"""逐项核查 on the campaign's visit page: the goal items of a visit's checklist with their goals' progress and
evidence, and the score form (loaded by name from campaigns/unit_visit.html, so the campaign room does not import
the goals room)."""

from typing import Any

from django import template

from lvzhi.goals import onsite

register = template.Library()


@register.simple_tag
def goal_checklist(visit: Any) -> onsite.Summary:
    return onsite.summary(visit)


@register.inclusion_tag("goals/_check.html")
def goal_check(checks: onsite.Summary, item: Any, campaign: Any, cu: Any, may_act: bool) -> dict[str, Any]:
    return {"row": checks.rows.get(item.pk), "item": item, "campaign": campaign, "cu": cu, "may_act": may_act}
