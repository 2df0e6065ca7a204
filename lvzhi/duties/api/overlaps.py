"""The overlap review (职责交叉): scan a region, list candidates, confirm, dismiss, settle."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from lvzhi.api.crud import resolve
from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Region

from ..actions import overlaps as review
from ..models import BoundaryItem, OverlapCandidate
from ..policy import POLICY
from .schemas import CandidateOut, DecisionIn, ScanIn, ScanOut, SettleIn

router = Router()


@router.get(
    "/overlaps", response={200: Page[CandidateOut], **ERROR_RESPONSES}, summary=_("职责交叉线索(按相似度,分页)")
)
@enforces(POLICY, "view")
def list_overlaps(request: Any, page: Query[PageParams], status: str = "") -> Any:
    rows = OverlapCandidate.objects.visible_to(request.auth)
    rows = rows.filter(status=status) if status else rows
    return paginate(rows.order_by("-score", "id"), page)


@router.post("/overlaps/scan", response={200: ScanOut, **ERROR_RESPONSES}, summary=_("扫描区划内的职责交叉"))
@enforces(POLICY, "review_overlaps")
def scan(request: Any, data: ScanIn) -> Any:
    user = request.auth
    POLICY.require(user, "review_overlaps")
    region = resolve(Region.objects.all(), data.region, "region", str(_("区划")))
    stats = review.scan_overlaps(region, actor=user)
    return {
        "texts": stats.texts,
        "candidates": stats.candidates,
        "pairs": stats.pairs,
        "skipped_boilerplate": stats.skipped_boilerplate,
        "seconds": round(stats.seconds, 3),
    }


def _candidate(user: Any, pk: int) -> OverlapCandidate:
    found: OverlapCandidate = get_for(user, OverlapCandidate.objects.all(), "review_overlaps", pk=pk)
    return found


@router.post(
    "/overlaps/{int:candidate_id}/confirm",
    response={200: CandidateOut, **ERROR_RESPONSES},
    summary=_("确认职责交叉(记为问题)"),
)
@enforces(POLICY, "review_overlaps")
def confirm(request: Any, candidate_id: int, data: DecisionIn) -> Any:
    candidate = _candidate(request.auth, candidate_id)
    review.confirm_overlap(candidate, note=data.note, actor=request.auth)
    return OverlapCandidate.objects.get(pk=candidate.pk)


@router.post(
    "/overlaps/{int:candidate_id}/dismiss",
    response={200: CandidateOut, **ERROR_RESPONSES},
    summary=_("排除职责交叉"),
)
@enforces(POLICY, "review_overlaps")
def dismiss(request: Any, candidate_id: int, data: DecisionIn) -> Any:
    return review.dismiss_overlap(_candidate(request.auth, candidate_id), note=data.note, actor=request.auth)


@router.post(
    "/overlaps/{int:candidate_id}/settle",
    response={200: CandidateOut, **ERROR_RESPONSES},
    summary=_("以职责边界清单事项化解"),
)
@enforces(POLICY, "review_overlaps")
def settle(request: Any, candidate_id: int, data: SettleIn) -> Any:
    user = request.auth
    candidate = _candidate(user, candidate_id)
    boundary = resolve(
        BoundaryItem.objects.visible_to(user), data.boundary_item, "boundary_item", str(_("边界清单事项"))
    )
    return review.settle_overlap(candidate, boundary, actor=user)
