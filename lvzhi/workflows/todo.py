"""The workflows room's items on the workbench to-do list (lvzhi.core.todo): a unit's drafts to finish and
submit (returned ones first), the power items in force that have no workflow yet; the office's submitted versions
to adopt and the workflows signed off at more than four levels. The policy decides; nothing here compares roles."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem
from lvzhi.duties.models import PowerItem

from .models import MAX_SIGN_OFF_LEVELS, Status, Workflow, WorkflowVersion
from .policy import POLICY
from .selectors import figures_of_tree, trees_for


def workflows_todo(user: Any) -> list[TodoItem]:
    items: list[TodoItem] = []
    room = _("流程图")
    if POLICY.own_unit_only(user, "submit") and POLICY.allowed(user, "submit"):
        drafts = (
            WorkflowVersion.objects.visible_to(user, "submit")
            .filter(status=Status.DRAFT)
            .select_related("workflow")
            .order_by("-returned_reason", "workflow__code")
        )
        for version in drafts[:20]:
            returned = bool(version.returned_reason)
            items.append(
                TodoItem(
                    title=(
                        _("修改退回的流程图「%(name)s」") if returned else _("完成并报送流程图「%(name)s」")
                    )
                    % {"name": version.workflow.name},
                    link=reverse("workflows:workflow", args=[version.workflow_id]) + f"?v={version.number}",
                    room=room,
                    detail=version.returned_reason,
                    urgent=returned,
                )
            )
        if user.unit_id:
            drawn = Workflow.objects.filter(unit_id=user.unit_id).values("power_item_key")
            missing = PowerItem.objects.current().filter(unit_id=user.unit_id).exclude(key__in=drawn).count()
            if missing:
                items.append(
                    TodoItem(
                        title=_("%(n)s 项权责事项尚无流程图") % {"n": missing},
                        link=reverse("workflows:unit_sections", args=[user.unit_id]),
                        room=room,
                    )
                )
    if POLICY.allowed(user, "adopt"):
        submitted = WorkflowVersion.objects.visible_to(user, "adopt").filter(status=Status.SUBMITTED)
        items.extend(
            TodoItem(
                title=_("审定%(unit)s报送的流程图「%(name)s」")
                % {"unit": version.unit.name, "name": version.workflow.name},
                link=reverse("workflows:workflow", args=[version.workflow_id]) + f"?v={version.number}",
                room=room,
            )
            for version in submitted.select_related("workflow", "unit").order_by("submitted_at")[:20]
        )
        ids = list(
            WorkflowVersion.objects.visible_to(user)
            .filter(status=Status.IN_FORCE)
            .values_list("pk", flat=True)
        )
        flagged = [
            pk for pk, tree in trees_for(ids).items() if figures_of_tree(tree).levels > MAX_SIGN_OFF_LEVELS
        ]
        if flagged:
            items.append(
                TodoItem(
                    title=_("%(n)s 个现行流程图签批超过四级") % {"n": len(flagged)},
                    link=reverse("workflows:checks"),
                    room=room,
                )
            )
    return items
