"""Panels of the home page (工作台), one per room, each showing what the signed-in user's role needs."""

from django import template
from django.db.models import Sum

from lvzhi.audit.models import AuditEvent
from lvzhi.audit.views import event_rows, may_browse
from lvzhi.registry import staffing
from lvzhi.registry.models import Person, StaffingQuota, Unit

register = template.Library()

SCOPE_LIMIT = 20


@register.inclusion_tag("core/_workbench_registry.html", takes_context=True)
def registry_workbench(context):
    """Office administrators and committee members: totals over every unit (cheap counts, not the per-unit
    roll-up); a unit contact: its unit's figures; evaluators, leader raters, third parties: their units."""
    user = context["user"]
    panel = {"user": user}
    if user.sees_all_units:
        panel["totals"] = {
            "units": Unit.objects.filter(is_active=True).count(),
            "approved": StaffingQuota.objects.filter(
                sanding__is_current=True, sanding__unit__is_active=True
            ).aggregate(n=Sum("approved"))["n"]
            or 0,
            "actual": Person.objects.filter(is_active=True).count(),
        }
    elif user.role == "unit_contact":
        unit = Unit.objects.visible_to(user).select_related("region").first()
        panel["unit"] = unit
        panel["figures"] = staffing.staffing_of_unit(unit) if unit else None
    else:
        units = list(
            Unit.objects.visible_to(user).filter(is_active=True).order_by("order", "code")[: SCOPE_LIMIT + 1]
        )
        figures = staffing.unit_staffing(units[:SCOPE_LIMIT])
        panel["scope_rows"] = [(u, figures[u.pk]) for u in units[:SCOPE_LIMIT]]
        panel["scope_more"] = len(units) > SCOPE_LIMIT
    if may_browse(user):
        panel["recent"] = event_rows(AuditEvent.objects.visible_to(user).select_related("content_type")[:8])
    return panel
