"""Desk review: returning a self-assessment, reviewed scores, completing the review, indicators that do not
apply, findings."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Status

from lvzhi.accounts.models import User
from lvzhi.api.errors import ApiError
from lvzhi.core.policy import enforces
from lvzhi.findings.models import Finding

from .. import actions
from ..policy import CAMPAIGNS
from .common import R, call, campaign_for, campaign_unit_for, hides_review, router, unit_detail
from .schemas import (
    FindingIn,
    FindingOut,
    NotApplicableIn,
    NotEvaluatedIn,
    ReasonIn,
    ReviewIn,
    ReviewOnBehalfIn,
    UnitDetailOut,
)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/return",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("退回自评修改"),
)
@enforces(CAMPAIGNS, "return_self")
def return_self(request, campaign_id: int, unit_id: int, payload: ReasonIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    call(actions.return_self_assessment, cu, actor=request.auth, reason=payload.reason)
    return unit_detail(request, cu)


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/review",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("录入审核分(案头审核或实地评估)"),
)
@enforces(CAMPAIGNS, "desk_review")
def review(request, campaign_id: int, unit_id: int, payload: ReviewIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    if payload.source not in {"desk_review", "on_site"}:
        raise ApiError(
            422, _("source 应为 desk_review 或 on_site。"), [{"field": "source", "message": _("取值无效。")}]
        )
    call(
        actions.review_scores,
        cu,
        actor=request.auth,
        scores={(s.code, s.period): s.value for s in payload.scores},
        reasons={(s.code, s.period): s.reason for s in payload.scores},
        source=payload.source,
    )
    return unit_detail(request, cu)


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/review/on-behalf",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("代录评估得分(编办按评估人员的纸质评分表录入,注明评估人员和依据文件)"),
)
@enforces(CAMPAIGNS, "review_on_behalf")
def review_on_behalf(request, campaign_id: int, unit_id: int, payload: ReviewOnBehalfIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    evaluator = User.objects.filter(pk=payload.evaluator_id).first() if payload.evaluator_id else None
    call(
        actions.enter_review_on_behalf,
        cu,
        actor=request.auth,
        evaluator=evaluator,
        document=payload.document,
        scores={(s.code, s.period): s.value for s in payload.scores},
        reasons={(s.code, s.period): s.reason for s in payload.scores},
        source=payload.source,
    )
    return unit_detail(request, cu)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/review/complete",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("完成案头审核"),
)
@enforces(CAMPAIGNS, "desk_review")
def complete_review(request, campaign_id: int, unit_id: int):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    call(actions.complete_review, cu, actor=request.auth)
    return unit_detail(request, cu)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/not-applicable",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("标记指标对本单位不适用"),
)
@enforces(CAMPAIGNS, "mark_na")
def mark_not_applicable(request, campaign_id: int, unit_id: int, payload: NotApplicableIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    call(
        actions.set_not_applicable, cu, actor=request.auth, code=payload.code, not_applicable=payload.not_applicable,
        reason=payload.reason,
    )  # fmt: skip
    return unit_detail(request, cu)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/not-evaluated",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("标记单位本期不参评(说明原因)或恢复参评"),
)
@enforces(CAMPAIGNS, "mark_not_evaluated")
def mark_not_evaluated(request, campaign_id: int, unit_id: int, payload: NotEvaluatedIn):
    cu = campaign_unit_for(request, campaign_for(request, campaign_id), unit_id)
    call(actions.set_not_evaluated, cu, actor=request.auth, not_evaluated=payload.not_evaluated, reason=payload.reason)
    return unit_detail(request, cu)


def _finding_out(f) -> dict:
    return {
        k: getattr(f, k)
        for k in (
            "id",
            "unit_id",
            "source",
            "category",
            "severity",
            "indicator_code",
            "title",
            "description",
            "status",
        )
    }


@router.get(
    "/{int:campaign_id}/findings",
    response={200: list[FindingOut], **R},
    summary=gettext_lazy("评估发现的问题"),
)
def list_findings(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    if hides_review(request, campaign):
        return []
    return [_finding_out(f) for f in Finding.objects.visible_to(request.auth).filter(campaign=campaign)]


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/findings",
    response={201: FindingOut, **R},
    summary=gettext_lazy("记录评估发现的问题"),
)
@enforces(CAMPAIGNS, "raise_finding")
def add_finding(request, campaign_id: int, unit_id: int, payload: FindingIn):
    campaign = campaign_for(request, campaign_id)
    cu = campaign_unit_for(request, campaign, unit_id)
    source = {"on_site": "on_site", "multi_party": "multi_party"}.get(campaign.stage, "desk_review")
    finding = call(
        actions.raise_finding, campaign, actor=request.auth, unit=cu.unit, source=source, **payload.dict()
    )
    return Status(201, _finding_out(finding))
