"""{% robustness_note campaign %}: the units whose grade depends on the weighting, on the campaign's results and
approval pages — for those who may read the analysis only (the policy's `view_robustness`)."""

from typing import Any

from django import template

from lvzhi.reports import robustness

register = template.Library()


@register.inclusion_tag("reports/_robustness_note.html", takes_context=True)
def robustness_note(context: dict[str, Any], campaign: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    note = robustness.summary(user, campaign) if user is not None else None
    return {"note": note, "campaign": campaign}
