"""The plans room's items on the workbench to-do list (lvzhi.core.todo): units of a current plan that have no
year yet, and a planned year whose campaign leaves out units the plan puts in it. The policy decides."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem

from .policy import POLICY
from .selectors import overview, plans_for


def plans_todo(user: Any) -> list[TodoItem]:
    if not POLICY.allowed(user, "edit"):
        return []
    year = timezone.localdate().year
    items = []
    room = _("评估规划")
    for plan in plans_for(user).filter(last_year__gte=year):
        summary = overview(plan)
        link = reverse("plans:plan_detail", args=[plan.pk])
        if summary.unplanned:
            items.append(
                TodoItem(
                    title=_("「%(plan)s」还有 %(n)s 个单位未安排评估年度")
                    % {"plan": plan.name, "n": len(summary.unplanned)},
                    link=link,
                    room=room,
                    detail=_("规划期内每个单位应评估一次"),
                )
            )
        items.extend(
            TodoItem(
                title=_("%(year)s年度评估活动未纳入规划安排的 %(n)s 个单位")
                % {"year": planned.year, "n": len(planned.not_in_campaign)},
                link=link,
                room=room,
                detail=plan.name,
            )
            for planned in summary.years
            if planned.not_in_campaign
        )
    return items
