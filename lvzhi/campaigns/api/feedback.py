"""Feedback and re-check: objections and their answers."""

from django.utils.translation import gettext_lazy
from ninja import Status

from lvzhi.api.errors import not_found
from lvzhi.core.policy import enforces

from .. import actions
from ..models import Objection
from ..policy import CAMPAIGNS
from .common import R, call, campaign_for, campaign_unit_for, router
from .schemas import AnswerIn, ObjectionIn, ObjectionOut


def _objection_out(o) -> dict:
    return {
        "id": o.pk,
        "unit_id": o.campaign_unit.unit_id,
        "code": o.code,
        "reason": o.reason,
        "requested_score": o.requested_score,
        "status": o.status,
        "answer": o.answer,
        "old_score": o.old_score,
        "new_score": o.new_score,
    }


@router.get(
    "/{int:campaign_id}/objections", response={200: list[ObjectionOut], **R}, summary=gettext_lazy("异议")
)
def list_objections(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    qs = (
        Objection.objects.visible_to(request.auth)
        .filter(campaign_unit__campaign=campaign)
        .select_related("campaign_unit")
    )
    return [_objection_out(o) for o in qs]


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/objections",
    response={201: ObjectionOut, **R},
    summary=gettext_lazy("对初步结果提出异议"),
)
@enforces(CAMPAIGNS, "object")
def add_objection(request, campaign_id: int, unit_id: int, payload: ObjectionIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    objection = call(
        actions.raise_objection, cu, actor=request.auth, code=payload.code, reason=payload.reason,
        requested_score=payload.requested_score,
    )  # fmt: skip
    return Status(201, _objection_out(objection))


@router.post(
    "/{int:campaign_id}/objections/{int:objection_id}/answer",
    response={200: ObjectionOut, **R},
    summary=gettext_lazy("复核答复异议"),
)
@enforces(CAMPAIGNS, "answer_objection")
def answer_objection(request, campaign_id: int, objection_id: int, payload: AnswerIn):
    campaign = campaign_for(request, campaign_id)
    objection = (
        Objection.objects.visible_to(request.auth)
        .filter(campaign_unit__campaign=campaign, pk=objection_id)
        .select_related("campaign_unit__unit")
        .first()
    )
    if objection is None:
        raise not_found()
    objection.campaign_unit.campaign = campaign
    result = call(
        actions.answer_objection, objection, actor=request.auth, upheld=payload.upheld, answer=payload.answer,
        new_score=payload.new_score,
    )  # fmt: skip
    return _objection_out(result)
