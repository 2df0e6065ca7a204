"""Multi-party inputs: leader ratings and imported data."""

from django.utils.translation import gettext_lazy
from ninja import File, Form, Status
from ninja.files import UploadedFile

from lvzhi.accounts.models import User
from lvzhi.api.errors import not_found
from lvzhi.core.policy import enforces
from lvzhi.registry.models import Unit

from .. import actions, imports
from ..models import ImportedValue, LeaderRating
from ..policy import CAMPAIGNS
from .common import R, call, campaign_for, decimal_text, router
from .schemas import RatingIn, RatingOnBehalfIn, RatingOut


@router.get(
    "/{int:campaign_id}/ratings", response={200: list[RatingOut], **R}, summary=gettext_lazy("领导评价")
)
@enforces(CAMPAIGNS, "view_ratings")
def list_ratings(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "view_ratings", campaign)
    return list(LeaderRating.objects.visible_to(request.auth).filter(campaign=campaign))


@router.post(
    "/{int:campaign_id}/ratings",
    response={200: RatingOut, **R},
    summary=gettext_lazy("评价分管单位(等次或分数)"),
)
@enforces(CAMPAIGNS, "leader_rate")
def rate(request, campaign_id: int, payload: RatingIn):
    campaign = campaign_for(request, campaign_id)
    unit = Unit.objects.visible_to(request.auth).filter(pk=payload.unit_id).first()
    if unit is None:
        raise not_found()
    return call(
        actions.rate_unit, campaign, actor=request.auth, unit=unit, rating=payload.rating, period=payload.period,
        comment=payload.comment,
    )  # fmt: skip


@router.post(
    "/{int:campaign_id}/ratings/on-behalf",
    response={200: RatingOut, **R},
    summary=gettext_lazy("代录领导评价(编办按纸质评价表录入,注明依据文件)"),
)
@enforces(CAMPAIGNS, "rate_on_behalf")
def rate_on_behalf(request, campaign_id: int, payload: RatingOnBehalfIn):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "rate_on_behalf", campaign)
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    leader = User.objects.filter(pk=payload.leader_id).first()
    if unit is None or leader is None:
        raise not_found()
    return call(
        actions.rate_on_behalf, campaign, actor=request.auth, leader=leader, unit=unit, rating=payload.rating,
        period=payload.period, comment=payload.comment, document=payload.document,
    )  # fmt: skip


@router.post(
    "/{int:campaign_id}/imports",
    response={201: dict, **R},
    summary=gettext_lazy("导入评议数据(Excel/CSV,整体校验)"),
)
@enforces(CAMPAIGNS, "import_data")
def import_data(request, campaign_id: int, kind: Form[str], file: File[UploadedFile], note: Form[str] = ""):
    campaign = campaign_for(request, campaign_id)
    batch = call(
        imports.import_file,
        campaign,
        actor=request.auth,
        kind=kind,
        content=file.read(),
        filename=file.name,
        note=note,
    )
    return Status(201, {"id": batch.pk, "kind": batch.kind, "file_name": batch.file_name, "rows": batch.rows})


@router.get(
    "/{int:campaign_id}/imported", response={200: list[dict], **R}, summary=gettext_lazy("已导入的评议数据")
)
def list_imported(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    qs = ImportedValue.objects.visible_to(request.auth).filter(campaign=campaign).select_related("unit")
    if not (
        CAMPAIGNS.allowed(request.auth, "view_imports", campaign)
        or CAMPAIGNS.allowed(request.auth, "view_review", campaign)
    ):
        qs = qs.none()  # imported figures are review material: a unit contact sees them from feedback on
    return [
        {
            "unit_id": v.unit_id,
            "unit_code": v.unit.code,
            "kind": v.kind,
            "key": v.key,
            "part": v.part,
            "value": decimal_text(v.value),
        }
        for v in qs
    ]
