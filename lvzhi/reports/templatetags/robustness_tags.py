"""{% robustness_note campaign %}: the units whose grade depends on the weighting, on the campaign's results and
approval pages — for those who may read the analysis only (the policy's `view_robustness`)."""

from typing import Any

from django import template

from lvzhi.reports import robustness
from lvzhi.reports.policy import POLICY

register = template.Library()


@register.inclusion_tag("reports/_robustness_note.html", takes_context=True)
def robustness_note(context: dict[str, Any], campaign: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    note = robustness.summary(user, campaign) if user is not None else None
    return {"note": note, "campaign": campaign}


@register.inclusion_tag("reports/_report_links.html", takes_context=True)
def report_links(context: dict[str, Any], campaign: Any) -> dict[str, Any]:
    """Links to the campaign's report and bulletin, each shown to those the policy lets read it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    has_results = campaign.results.exists()
    return {
        "campaign": campaign,
        "report": has_results and POLICY.allowed(user, "campaign_report", campaign),
        "bulletin": has_results and POLICY.allowed(user, "view_bulletin", campaign),
        "dashboards": POLICY.allowed(user, "view_dashboards", campaign),
    }
