"""The goals room's items on the workbench to-do list (lvzhi.core.todo): for a unit contact, the goals returned
to correct, the drafts to submit and the quarterly reports due or overdue; for the office, the goals waiting for
review and the overdue reports to remind. The policy decides; nothing here compares roles."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem

from . import deadlines, selectors
from .models import Goal, Status
from .policy import POLICY


def goals_todo(user: Any) -> list[TodoItem]:
    items: list[TodoItem] = []
    room = _("年度工作目标")
    today = timezone.localdate()
    if POLICY.own_unit_only(user, "edit"):
        returned = (
            Goal.objects.visible_to(user, "edit").filter(status=Status.RETURNED).order_by("year", "seq")
        )
        items.extend(
            TodoItem(
                title=_("修改被退回的目标「%(title)s」") % {"title": goal.title[:40]},
                link=reverse("goals:goal", args=[goal.pk]),
                room=room,
                detail=goal.return_reason[:80],
                urgent=True,
            )
            for goal in returned[:20]
        )
        drafts = Goal.objects.visible_to(user, "submit").filter(status=Status.DRAFT)
        items.extend(
            TodoItem(
                title=_("报送%(year)s年度工作目标(%(n)s项草稿)")
                % {"year": year, "n": drafts.filter(year=year).count()},
                link=reverse("goals:unit", args=[user.unit_id, year]),
                room=room,
            )
            for year in sorted(set(drafts.values_list("year", flat=True)))
        )
    if POLICY.own_unit_only(user, "report"):
        approved = Goal.objects.visible_to(user, "report").filter(status=Status.APPROVED)
        for year in sorted(set(approved.values_list("year", flat=True))):
            for quarter, period in deadlines.periods(year).items():
                if today <= period.ends or (today - period.due).days > 120:
                    continue
                missing = approved.filter(year=year).exclude(reports__quarter=quarter).count()
                if missing:
                    items.append(
                        TodoItem(
                            title=_("报告%(year)s年第%(q)s季度目标进展(%(n)s项未报)")
                            % {"year": year, "q": quarter, "n": missing},
                            link=reverse("goals:unit", args=[user.unit_id, year]),
                            room=room,
                            deadline=period.due,
                        )
                    )
    if POLICY.allowed(user, "review"):
        waiting = Goal.objects.visible_to(user, "review").count()
        if waiting:
            items.append(
                TodoItem(
                    title=_("审核 %(n)s 项报送的年度工作目标") % {"n": waiting},
                    link=reverse("goals:index") + "?status=submitted",
                    room=room,
                )
            )
    if POLICY.allowed(user, "remind"):
        late = selectors.overdue(user, today)
        if late:
            units = len({item.goal.unit_id for item in late})
            items.append(
                TodoItem(
                    title=_("%(units)s 个单位 %(n)s 项季度进展逾期未报,请提醒")
                    % {"units": units, "n": len(late)},
                    link=reverse("goals:overdue"),
                    room=room,
                    urgent=True,
                )
            )
    return items
