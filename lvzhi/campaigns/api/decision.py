"""The committee's decision, publication and the bulletin."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Status

from lvzhi.api.errors import not_found
from lvzhi.core.downloads import attach
from lvzhi.core.policy import enforces

from .. import actions, completeness
from .. import bulletin as word_bulletin
from ..models import UnitResult
from ..policy import CAMPAIGNS
from .common import R, call, campaign_detail, campaign_for, result_out, router
from .schemas import CampaignDetailOut, DecisionIn, DecisionOut, GapOut, ResultOut


@router.get(
    "/{int:campaign_id}/decisions",
    response={200: list[DecisionOut], **R},
    summary=gettext_lazy("编委会审定记录"),
)
@enforces(CAMPAIGNS, "view_decisions")
def list_decisions(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "view_decisions", campaign)
    return list(campaign.decisions.all())


@router.get(
    "/{int:campaign_id}/completeness",
    response={200: list[GapOut], **R},
    summary=gettext_lazy("审定前的评估数据完整情况"),
)
@enforces(CAMPAIGNS, "view_approval")
def completeness_of(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "view_approval", campaign)
    return completeness.gaps(campaign)


@router.post(
    "/{int:campaign_id}/decisions", response={201: DecisionOut, **R}, summary=gettext_lazy("编委会审定")
)
@enforces(CAMPAIGNS, "decide")
def decide(request, campaign_id: int, payload: DecisionIn):
    decision = call(
        actions.record_decision, campaign_for(request, campaign_id), actor=request.auth, **payload.dict()
    )
    return Status(201, decision)


@router.post(
    "/{int:campaign_id}/publish", response={200: CampaignDetailOut, **R}, summary=gettext_lazy("公布结果")
)
@enforces(CAMPAIGNS, "publish")
def publish(request, campaign_id: int):
    campaign = call(actions.publish, campaign_for(request, campaign_id), actor=request.auth)
    return campaign_detail(request, campaign)


@router.get(
    "/{int:campaign_id}/bulletin",
    response={200: list[ResultOut], **R},
    summary=gettext_lazy("结果通报(公布后)"),
)
def bulletin(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    if not campaign.is_published:
        raise not_found()
    qs = (
        UnitResult.objects.filter(campaign=campaign)
        .select_related("unit", "category")
        .order_by("category__order", "rank", "unit__code")
    )
    return [result_out(r) for r in qs]


@router.get(
    "/{int:campaign_id}/bulletin/docx",
    response=R,
    summary=gettext_lazy("结果通报 Word 文件(公布后)"),
)
def bulletin_docx(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    if not campaign.is_published:
        raise not_found()
    response = HttpResponse(word_bulletin.build(campaign), content_type=word_bulletin.CONTENT_TYPE)
    return attach(response, word_bulletin.filename(campaign))
