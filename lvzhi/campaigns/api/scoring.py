"""Scoring: computing and verifying results, the results and one unit's explained result, the stored inputs,
triangulation flags."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy

from lvzhi.api.errors import not_found
from lvzhi.core.policy import enforces

from .. import actions, scoring, selectors
from ..models import (
    TriangulationFlag,
)
from ..policy import CAMPAIGNS
from .common import (
    R,
    User,
    call,
    campaign_for,
    campaign_unit_for,
    result_out,
    router,
    visible_results,
)
from .schemas import (
    Count_,
    FlagOut,
    NoteIn,
    ResultOut,
)


@router.post(
    "/{int:campaign_id}/results/compute",
    response={200: Count_, **R},
    summary=gettext_lazy("按最新数据计算结果"),
)
@enforces(CAMPAIGNS, "compute")
def compute(request, campaign_id: int):
    return {"count": call(scoring.compute, campaign_for(request, campaign_id), actor=request.auth)}


@router.post(
    "/{int:campaign_id}/results/verify",
    response={200: dict, **R},
    summary=gettext_lazy("复算核对(与已存结果逐字节比较)"),
)
@enforces(CAMPAIGNS, "verify_results")
def verify(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "verify_results", campaign)
    differing = scoring.verify(campaign)
    return {"identical": not differing, "differing_units": differing}


@router.get(
    "/{int:campaign_id}/results",
    response={200: list[ResultOut], **R},
    summary=gettext_lazy("评估结果(总分、等次、类别内排名)"),
)
def list_results(request, campaign_id: int):
    return [result_out(r) for r in visible_results(request, campaign_for(request, campaign_id))]


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}/result",
    response={200: dict, **R},
    summary=gettext_lazy("单位结果明细(逐项解释、原始数据)"),
)
def unit_result(request, campaign_id: int, unit_id: int):
    campaign = campaign_for(request, campaign_id)
    cu = campaign_unit_for(request, campaign, unit_id)
    result = (
        visible_results(request, campaign).filter(unit_id=cu.unit_id).select_related("scheme_version").first()
    )
    if result is None:
        raise not_found()
    tree, inputs = scoring.explanation_for(request.auth, result)
    sources = _plain(selectors.provenance(cu, request.auth))
    return {
        **result_out(result),
        "inputs": inputs,
        "summary": result.summary,
        "treatments": result.treatments or [],
        "result": tree,
        "sources": {code: items for code, items in sources.items() if code != "__ratings__"},
        "leader_ratings": sources.get("__ratings__", []),
        "computed_at": result.computed_at,
    }


def _plain(value):
    """Provenance as JSON: people by name, dates as ISO text, numbers as text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, User):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@router.get(
    "/{int:campaign_id}/inputs",
    response={200: dict, **R},
    summary=gettext_lazy("已存原始数据(lvzhi-inputs/1,可用 lvzhi score 复算)"),
)
@enforces(CAMPAIGNS, "export_inputs")
def export_inputs(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "export_inputs", campaign)
    return scoring.export_inputs(campaign)


@router.get("/{int:campaign_id}/flags", response={200: list[FlagOut], **R}, summary=gettext_lazy("印证差异"))
@enforces(CAMPAIGNS, "view_flags")
def list_flags(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "view_flags", campaign)
    return list(TriangulationFlag.objects.visible_to(request.auth).filter(campaign=campaign))


@router.post(
    "/{int:campaign_id}/flags/{int:flag_id}/resolve",
    response={200: FlagOut, **R},
    summary=gettext_lazy("核实印证差异"),
)
@enforces(CAMPAIGNS, "resolve_flag")
def resolve_flag(request, campaign_id: int, flag_id: int, payload: NoteIn):
    campaign = campaign_for(request, campaign_id)
    flag = TriangulationFlag.objects.visible_to(request.auth).filter(campaign=campaign, pk=flag_id).first()
    if flag is None:
        raise not_found()
    return call(actions.resolve_flag, flag, actor=request.auth, note=payload.note)
