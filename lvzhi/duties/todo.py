"""The duties room's items on the workbench to-do list (lvzhi.core.todo): claims a user may make (a unit contact:
its unit's; the office: none of its own, but the overdue ones to remind), overlap candidates waiting for review,
tasks not yet given to a post. The policy decides what the user may do; nothing here compares roles."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem

from .models import ClaimStatus, NoticeClaim, OverlapCandidate, Task
from .policy import POLICY


def duties_todo(user: Any) -> list[TodoItem]:
    items: list[TodoItem] = []
    room = _("职责清单")
    if POLICY.own_unit_only(user, "claim") and POLICY.allowed(user, "claim"):
        claims = NoticeClaim.objects.visible_to(user, "claim").filter(status=ClaimStatus.PENDING)
        items.extend(
            TodoItem(
                title=_("认领上级变更「%(title)s」") % {"title": claim.notice.title},
                link=reverse("duties:claim", args=[claim.pk]),
                room=room,
                deadline=claim.deadline,
                detail=claim.notice.document_number,
            )
            for claim in claims.select_related("notice")[:20]
        )
        missing = Task.objects.visible_to(user, "edit_decomposition").filter(posts__isnull=True).count()
        if missing and user.unit_id:
            items.append(
                TodoItem(
                    title=_("%(n)s 项工作任务尚未落实到岗位") % {"n": missing},
                    link=reverse("duties:decomposition", args=[user.unit_id]),
                    room=room,
                )
            )
    if POLICY.allowed(user, "remind"):
        overdue = NoticeClaim.objects.visible_to(user).overdue(timezone.localdate()).count()
        if overdue:
            items.append(
                TodoItem(
                    title=_("%(n)s 项上级变更逾期未认领,请提醒") % {"n": overdue},
                    link=reverse("duties:claims"),
                    room=room,
                    urgent=True,
                )
            )
    if POLICY.allowed(user, "review_overlaps"):
        pending = (
            OverlapCandidate.objects.visible_to(user).filter(status=OverlapCandidate.Status.PENDING).count()
        )
        if pending:
            items.append(
                TodoItem(
                    title=_("审核 %(n)s 条职责交叉线索") % {"n": pending},
                    link=reverse("duties:overlaps"),
                    room=room,
                )
            )
    return items
