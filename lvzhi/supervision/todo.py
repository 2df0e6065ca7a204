"""The supervision room's items on the workbench's to-do list: for the office, the warnings waiting for its
judgement (confirm or dismiss). Asked of the policy table; nothing here compares roles."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem

from .models import Warning
from .policy import POLICY


def supervision_todo(user: Any) -> list[TodoItem]:
    if not POLICY.allowed(user, "confirm"):
        return []
    pending = Warning.objects.visible_to(user, "confirm").filter(status=Warning.Status.OPEN)
    n = pending.count()
    if not n:
        return []
    units = pending.values("unit").distinct().count()
    return [
        TodoItem(
            title=_("%(n)s条监管预警待研判") % {"n": n},
            link=reverse("supervision:warnings"),
            room=_("职能运行监管"),
            detail=_("涉及%(units)s个单位") % {"units": units},
            urgent=True,
        )
    ]
