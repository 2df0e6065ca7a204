"""On-site evaluation: the visit plan and record, checklist items, interviews, archive checks, closing."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Status

from lvzhi.api.errors import not_found
from lvzhi.core.policy import enforces

from .. import actions
from ..models import Visit
from ..policy import CAMPAIGNS
from .common import R, User, call, campaign_for, campaign_unit_for, hides_review, objects_by_ids, router
from .schemas import ArchiveIn, ChecklistItemIn, InterviewIn, ItemOut, SummaryIn, TickIn, VisitIn, VisitOut


def _visit(request, cu) -> Visit:
    visit = Visit.objects.filter(campaign_unit=cu).first()
    if visit is None:
        raise not_found()
    return visit


def _visit_out(visit) -> dict:
    return {
        "id": visit.pk,
        "status": visit.status,
        "planned_on": visit.planned_on,
        "place": visit.place,
        "summary": visit.summary,
        "items": list(visit.items.all()),
        "interviews": [
            {
                "id": i.pk,
                "interviewee": i.interviewee,
                "post": i.post,
                "held_on": i.held_on,
                "record": i.record,
            }
            for i in visit.interviews.all()
        ],
        "archive_checks": [
            {"id": a.pk, "archive": a.archive, "result": a.result, "note": a.note}
            for a in visit.archive_checks.all()
        ],
    }


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}/visit",
    response={200: VisitOut, **R},
    summary=gettext_lazy("实地评估记录"),
)
@enforces(CAMPAIGNS, "view_review")
def get_visit(request, campaign_id: int, unit_id: int):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    if hides_review(request, cu.campaign):
        raise not_found()
    return _visit_out(_visit(request, cu))


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/visit",
    response={200: VisitOut, **R},
    summary=gettext_lazy("制定或更新实地评估计划"),
)
@enforces(CAMPAIGNS, "plan_visit")
def plan_visit(request, campaign_id: int, unit_id: int, payload: VisitIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    team = objects_by_ids(User, payload.team_ids, "team_ids", _("评估组成员"))
    visit = call(
        actions.plan_visit, cu, actor=request.auth, planned_on=payload.planned_on, place=payload.place,
        agenda=payload.agenda, team=team,
    )  # fmt: skip
    return _visit_out(visit)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/items/{int:item_id}",
    response={200: ItemOut, **R},
    summary=gettext_lazy("勾选清单事项"),
)
@enforces(CAMPAIGNS, "on_site")
def tick(request, campaign_id: int, unit_id: int, item_id: int, payload: TickIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    item = _visit(request, cu).items.filter(pk=item_id).first()
    if item is None:
        raise not_found()
    return call(actions.tick_item, item, actor=request.auth, ticked=payload.ticked, note=payload.note)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/items",
    response={201: ItemOut, **R},
    summary=gettext_lazy("增加清单事项"),
)
@enforces(CAMPAIGNS, "on_site")
def add_item(request, campaign_id: int, unit_id: int, payload: ChecklistItemIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    item = call(actions.add_checklist_item, _visit(request, cu), actor=request.auth, **payload.dict())
    return Status(201, item)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/interviews",
    response={201: dict, **R},
    summary=gettext_lazy("访谈记录"),
)
@enforces(CAMPAIGNS, "on_site")
def add_interview(request, campaign_id: int, unit_id: int, payload: InterviewIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    interview = call(actions.add_interview, _visit(request, cu), actor=request.auth, **payload.dict())
    return Status(201, {"id": interview.pk})


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/archive-checks",
    response={201: dict, **R},
    summary=gettext_lazy("档案查验"),
)
@enforces(CAMPAIGNS, "on_site")
def add_archive(request, campaign_id: int, unit_id: int, payload: ArchiveIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    check = call(actions.add_archive_check, _visit(request, cu), actor=request.auth, **payload.dict())
    return Status(201, {"id": check.pk})


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/close",
    response={200: VisitOut, **R},
    summary=gettext_lazy("完成实地评估"),
)
@enforces(CAMPAIGNS, "on_site")
def close_visit(request, campaign_id: int, unit_id: int, payload: SummaryIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    visit = call(actions.close_visit, _visit(request, cu), actor=request.auth, summary=payload.summary)
    return _visit_out(visit)
