"""The findings room's items on the workbench's to-do list (lvzhi.core.todo): for a unit, its findings to rectify
(returned ones urgent); for the office, submitted rectifications to verify, verified ones to close, and the overdue
list to remind. Asked of the policy table; nothing here compares roles."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.todo import TodoItem

from .models import Finding, Measure, Recommendation
from .policy import POLICY

S = Finding.Status


def findings_todo(user: Any) -> list[TodoItem]:
    room = _("问题整改")
    items: list[TodoItem] = []
    if POLICY.own_unit_only(user, "file_plan"):
        for action, status in (("file_plan", S.OPEN), ("submit_evidence", S.RECTIFYING),
                               ("submit_evidence", S.RETURNED)):  # fmt: skip
            for f in Finding.objects.visible_to(user, action).filter(status=status).order_by("deadline")[:20]:
                verb = _("提交整改方案") if action == "file_plan" else _("提交整改佐证")
                items.append(TodoItem(
                    title=_("%(verb)s:%(title)s") % {"verb": verb, "title": f.title},
                    link=reverse("findings:detail", args=[f.pk]), room=room, deadline=f.deadline,
                    detail=_("已退回:%(reason)s") % {"reason": f.return_reason} if status == S.RETURNED else "",
                    urgent=status == S.RETURNED,
                ))  # fmt: skip
        return items + _reports_todo(user)
    for action, status, verb in (("verify", S.SUBMITTED, _("核验整改")), ("close", S.VERIFIED, _("销号"))):
        pending = Finding.objects.visible_to(user, action).filter(status=status)
        n = pending.count()
        if n:
            items.append(TodoItem(
                title=_("%(n)s个问题待%(verb)s") % {"n": n, "verb": verb},
                link=reverse("findings:index") + f"?status={status}", room=room,
            ))  # fmt: skip
    if POLICY.allowed(user, "remind"):
        late = Finding.objects.visible_to(user, "remind").overdue()
        n = late.count()
        if n:
            first = late.order_by("deadline").first()
            items.append(TodoItem(
                title=_("%(n)s个问题整改逾期,请催办") % {"n": n}, link=reverse("findings:overdue"), room=room,
                deadline=first.deadline if first else None, urgent=True,
            ))  # fmt: skip
    if POLICY.allowed(user, "complete_measure"):
        pending = Measure.objects.visible_to(user, "complete_measure").filter(
            kind__in=Measure.CONSEQUENCES, done_at__isnull=True)  # fmt: skip
        n = pending.count()
        if n:
            first = pending.exclude(due=None).order_by("due").first()
            items.append(TodoItem(
                title=_("%(n)s项诫勉措施(书面报告、谈话提醒)待办结") % {"n": n},
                link=reverse("findings:consequences"), room=room, deadline=first.due if first else None,
                urgent=any(m.is_overdue() for m in pending.exclude(due=None)[:200]),
            ))  # fmt: skip
    if POLICY.allowed(user, "decide_recommendation"):
        pending = Recommendation.objects.visible_to(user, "decide_recommendation").filter(
            status=Recommendation.Status.PROPOSED)  # fmt: skip
        n = pending.count()
        if n:
            items.append(TodoItem(
                title=_("%(n)s条机构编制调整建议待决定") % {"n": n},
                link=reverse("findings:recommendations") + "?status=proposed", room=_("结果运用"),
            ))  # fmt: skip
    return items


def _reports_todo(user: Any) -> list[TodoItem]:
    """A unit's written reports due for its 诫勉 grade."""
    due = Measure.objects.visible_to(user, "submit_report").filter(
        kind=Measure.Kind.WRITTEN_REPORT, reported_at__isnull=True, done_at__isnull=True).order_by("due")[:20]  # fmt: skip
    return [
        TodoItem(
            title=_("提交书面报告:%(note)s") % {"note": m.note[:60]}, link=reverse("findings:consequences"),
            room=_("问题整改"), deadline=m.due, urgent=m.is_overdue(),
        )
        for m in due
    ]  # fmt: skip
