"""The lists' statistics into a campaign's list-management indicators (lvzhi.duties.feed): preview and write."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.core.policy import enforces, get_for

from .. import feed
from ..policy import POLICY

router = Router()


class FeedRowOut(Schema):
    unit_code: str
    unit_name: str
    indicator: str
    part: str
    value: str
    note: str


class FeedPreviewOut(Schema):
    indicators: list[str]
    rows: list[FeedRowOut]
    left_out: list[str]


class FeedOut(Schema):
    rows: int


def _campaign(user: Any, campaign_id: int) -> Any:
    from lvzhi.campaigns.models import Campaign

    return get_for(user, Campaign.objects.all(), "view", pk=campaign_id)


@router.get(
    "/feed/{int:campaign_id}",
    response={200: FeedPreviewOut, **ERROR_RESPONSES},
    summary=_("预览清单管理统计计入评估指标的数值"),
)
@enforces(POLICY, "feed_scores")
def feed_preview(request: Any, campaign_id: int) -> Any:
    POLICY.require(request.auth, "feed_scores")
    leaves, rows, left_out = feed.feed_rows(_campaign(request.auth, campaign_id), request.auth)
    keys = ("unit_code", "unit_name", "indicator", "part", "value", "note")
    return {
        "indicators": [leaf.label for leaf in leaves],
        "rows": [dict(zip(keys, (str(v) for v in row), strict=True)) for row in rows],
        "left_out": left_out,
    }


@router.post(
    "/feed/{int:campaign_id}",
    response={200: FeedOut, **ERROR_RESPONSES},
    summary=_("清单管理统计计入评估指标"),
)
@enforces(POLICY, "feed_scores")
def feed_scores(request: Any, campaign_id: int) -> Any:
    POLICY.require(request.auth, "feed_scores")
    campaign = _campaign(request.auth, campaign_id)
    return {"rows": feed.feed_scores(campaign, actor=request.auth).rows}
