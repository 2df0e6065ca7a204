"""The surveys room's items on the workbench's to-do list (lvzhi.core.todo): for the office, each open survey
with its response rate, and groups ready to be fed into their indicator; asked of the policy table."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem

from . import selectors
from .models import RespondentGroup
from .policy import POLICY


def surveys_todo(user: Any) -> list[TodoItem]:
    if not POLICY.allowed(user, "view_rates"):
        return []
    items = []
    for group in RespondentGroup.objects.visible_to(user).filter(status="open").select_related("campaign"):
        progress = selectors.progress(group)
        rate = f"{progress.rate}%" if progress.rate is not None else "—"
        items.append(TodoItem(
            title=_("问卷调查「%(group)s」进行中") % {"group": group.name},
            link=reverse("surveys:group", args=[group.pk]), room="surveys",
            detail=_("%(campaign)s:已收回答卷 %(n)s 份,回收率 %(rate)s") % {
                "campaign": group.campaign.name, "n": progress.responses, "rate": rate},
        ))  # fmt: skip
    return items
