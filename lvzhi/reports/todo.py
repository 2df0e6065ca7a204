"""The reports room's items on the workbench's to-do list (lvzhi.core.todo): for the office, the drafted unit
evaluation reports of each campaign waiting to be released. Asked of the policy table; nothing here compares roles."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem

from .models import UnitReport


def reports_todo(user: Any) -> list[TodoItem]:
    pending = (
        UnitReport.objects.visible_to(user, "release_report")
        .filter(status=UnitReport.Status.DRAFT)
        .values("campaign_id", "campaign__name")
        .annotate(n=Count("id"))
        .order_by("campaign_id")
    )
    return [
        TodoItem(
            title=_("%(n)s份单位评估报告待发布") % {"n": row["n"]},
            link=reverse("reports:unit_reports", args=[row["campaign_id"]]),
            room=_("报告与分析"),
            detail=row["campaign__name"],
        )
        for row in pending
    ]
