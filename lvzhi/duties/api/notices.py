"""Upper-level change notices and claims."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from lvzhi.api.crud import resolve
from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Region, Unit

from .. import actions, selectors
from ..models import Adjustment, ChangeNotice, NoticeClaim
from ..policy import POLICY
from .schemas import ClaimIn, ClaimOut, CountOut, NoticeIn, NoticeOut, RemindIn

router = Router()


@router.get("/notices", response={200: list[NoticeOut], **ERROR_RESPONSES}, summary=_("上级变更通知"))
@enforces(POLICY, "view")
def list_notices(request: Any) -> Any:
    return list(ChangeNotice.objects.visible_to(request.auth))


@router.post(
    "/notices", response={201: NoticeOut, **ERROR_RESPONSES}, summary=_("录入上级变更通知并发给涉及的单位")
)
@enforces(POLICY, "issue_notice")
def create_notice(request: Any, data: NoticeIn) -> Any:
    user = request.auth
    POLICY.require(user, "issue_notice")
    region = resolve(Region.objects.all(), data.region, "region", str(_("区划")))
    units = list(Unit.objects.visible_to(user).filter(pk__in=data.units))
    if len(units) != len(set(data.units)):
        raise invalid("units", str(_("未找到部分单位,或您无权使用。")))
    notice = actions.issue_notice(
        region=region,
        issuer=data.issuer,
        document_number=data.document_number,
        title=data.title,
        summary=data.summary,
        change_type=data.change_type,
        deadline=data.deadline,
        received_on=data.received_on,
        units=units,
        actor=user,
    )
    return Status(201, notice)


@router.get("/claims", response={200: list[ClaimOut], **ERROR_RESPONSES}, summary=_("变更认领(看得到的单位)"))
@enforces(POLICY, "view")
def list_claims(request: Any, pending: bool = False) -> Any:
    claims = selectors.claims_of(request.auth)
    return list(claims.pending() if pending else claims)


@router.post("/claims/{int:claim_id}", response={200: ClaimOut, **ERROR_RESPONSES}, summary=_("认领上级变更"))
@enforces(POLICY, "claim")
def claim(request: Any, claim_id: int, data: ClaimIn) -> Any:
    user = request.auth
    found = get_for(user, NoticeClaim.objects.all(), "view", policy=POLICY, pk=claim_id)
    adjustment = None
    if data.adjustment is not None:
        adjustment = resolve(
            Adjustment.objects.visible_to(user), data.adjustment, "adjustment", str(_("调整记录"))
        )
    return actions.claim(found, applies=data.applies, note=data.note, adjustment=adjustment, actor=user)


@router.post("/claims/remind", response={200: CountOut, **ERROR_RESPONSES}, summary=_("提醒未认领的单位"))
@enforces(POLICY, "remind")
def remind(request: Any, data: RemindIn) -> Any:
    user = request.auth
    POLICY.require(user, "remind")
    notice = (
        get_for(user, ChangeNotice.objects.all(), "view", policy=POLICY, pk=data.notice)
        if data.notice
        else None
    )
    return {"count": actions.remind_unclaimed(notice=notice, actor=user)}
