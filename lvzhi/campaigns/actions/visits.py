"""On-site evaluation: the visit plan, the checklist, interviews, archive checks, closing the visit."""

from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid, Refused

from ..models import ArchiveCheck, ChecklistItem, Interview, Visit
from ..policy import require
from .common import campaign_action, current_time, set_if_changed
from .setup import default_checklist


@campaign_action
def plan_visit(cu, *, actor, planned_on=None, place="", agenda="", team=()) -> Visit:
    require(actor, "plan_visit", cu.campaign, cu.unit_id)
    visit = Visit.objects.filter(campaign_unit=cu).first()
    if visit is not None and visit.status == Visit.Status.CLOSED:
        raise Refused(_("该单位的实地评估已完成,记录已锁定。"))
    if visit is None:
        visit = Visit.objects.create(campaign_unit=cu, planned_on=planned_on, place=place, agenda=agenda)
        for order, item in enumerate(cu.campaign.checklist or default_checklist()):
            ChecklistItem.objects.create(
                visit=visit,
                order=order,
                group=item["group"],
                text=item["text"],
                mandatory=item.get("mandatory", True),
            )
    elif set_if_changed(visit, planned_on=planned_on, place=place, agenda=agenda):
        visit.save()
    if team:
        visit.team.set(team)
    return visit


def _open_visit(actor, visit):
    require(actor, "on_site", visit.campaign_unit.campaign, visit.campaign_unit.unit_id)
    if visit.status == Visit.Status.CLOSED:
        raise Refused(_("该单位的实地评估已完成,记录已锁定。"))


@campaign_action
def tick_item(item, *, actor, ticked: bool, note: str = "") -> ChecklistItem:
    _open_visit(actor, item.visit)
    if set_if_changed(item, ticked=bool(ticked), note=(note or "").strip()):
        item.ticked_by = actor if ticked else None
        item.ticked_at = current_time() if ticked else None
        item.save()
    return item


@campaign_action
def add_checklist_item(visit, *, actor, group: str, text: str, mandatory: bool = False) -> ChecklistItem:
    _open_visit(actor, visit)
    if not (group or "").strip() or not (text or "").strip():
        raise Invalid(_("清单事项的类别和内容都必须填写。"))
    order = (visit.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return ChecklistItem.objects.create(
        visit=visit, order=order, group=group.strip(), text=text.strip(), mandatory=mandatory
    )


@campaign_action
def add_interview(visit, *, actor, interviewee, post="", held_on=None, record="") -> Interview:
    _open_visit(actor, visit)
    if not (interviewee or "").strip() or not (record or "").strip():
        raise Invalid(_("请填写访谈对象和访谈记录。"))
    return Interview.objects.create(
        visit=visit,
        interviewee=interviewee.strip(),
        post=(post or "").strip(),
        held_on=held_on,
        record=record.strip(),
        recorded_by=actor,
    )


@campaign_action
def add_archive_check(visit, *, actor, archive, result, note="") -> ArchiveCheck:
    _open_visit(actor, visit)
    if not (archive or "").strip():
        raise Invalid(_("请填写查验的档案或系统。"))
    if result not in ArchiveCheck.Result.values:
        raise Invalid(_("请选择查验结果。"))
    return ArchiveCheck.objects.create(
        visit=visit, archive=archive.strip(), result=result, note=(note or "").strip(), checked_by=actor
    )


@campaign_action
def close_visit(visit, *, actor, summary: str = "") -> Visit:
    _open_visit(actor, visit)
    unticked = [f"{i.group}「{i.text}」" for i in visit.items.all() if i.mandatory and not i.ticked]
    if unticked:
        raise Invalid(_("不能完成实地评估,以下必查事项尚未完成:%(items)s。") % {"items": "、".join(unticked)})
    visit.status = Visit.Status.CLOSED
    visit.summary = (summary or visit.summary or "").strip()
    visit.closed_at = current_time()
    visit.closed_by = actor
    visit.save()
    record_event("campaign.visit_closed", visit)
    return visit
