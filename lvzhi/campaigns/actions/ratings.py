"""Multi-party inputs: leader ratings, given by the leader or entered on their behalf by the office from a paper form
(代录); the imports of survey, hotline and other data are lvzhi.campaigns.imports."""

from decimal import Decimal

from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from ..formats import format_score, leader_rating_scale, rating_score
from ..models import Assignment, LeaderRating
from ..policy import require
from ..selectors import period_label, scheme_info_for
from .common import campaign_action, current_time, mark_results_stale, set_if_changed


def _checked(campaign, rating: str, period: str) -> tuple[str, str]:
    """The period and the rating as stored: a label of the scale (优秀…) or a rater's score as a number from 0 to
    the scale's top score (92 out of 100), written without trailing zeros."""
    periods = campaign.leader_rating_periods or ["year"]
    period = period or periods[0]
    if period not in periods:
        raise Invalid(
            _("评价周期应为:%(periods)s。") % {"periods": "、".join(period_label(p) for p in periods)},
            field="period",
        )
    rating = (rating or "").strip()
    scale = leader_rating_scale(scheme_info_for(campaign))
    if rating in scale:
        return rating, period
    top = max(scale.values()) if scale else Decimal(100)
    score = rating_score(rating)
    if score is None or not 0 <= score <= top:
        raise Invalid(
            _("评价应为%(labels)s之一,或 0 至 %(top)s 之间的分数(如 92),不能是「%(given)s」。")
            % {"labels": "、".join(scale), "top": format_score(top), "given": rating},
            field="rating",
        )
    if score != score.quantize(Decimal("0.01")):
        raise Invalid(_("分数最多保留两位小数:「%(given)s」。") % {"given": rating}, field="rating")
    return format_score(score), period


def _store(campaign, *, leader, unit, rating, period, comment, entered_by=None, document="") -> LeaderRating:
    values = {
        "rating": rating,
        "comment": (comment or "").strip(),
        "entered_by": entered_by,
        "source_document": document,
    }
    obj, created = LeaderRating.objects.get_or_create(
        campaign=campaign, unit=unit, leader=leader, period=period, defaults=values
    )
    if not created and set_if_changed(obj, **values):
        obj.rated_at = current_time()
        obj.save()
    mark_results_stale(campaign)
    return obj


@campaign_action
def rate_unit(campaign, *, actor, unit, rating: str, period: str = "", comment: str = "") -> LeaderRating:
    require(actor, "leader_rate", campaign, unit.pk)
    rating, period = _checked(campaign, rating, period)
    return _store(campaign, leader=actor, unit=unit, rating=rating, period=period, comment=comment)


@campaign_action
def rate_portfolio(campaign, *, actor, entries) -> int:
    """A leader's ratings of several units at once (the rating page): `entries` is [(unit, period, label, score,
    comment)], a label or a score each. All are stored or, when one is wrong, none; the message names the unit."""
    saved = 0
    for unit, period, label, score, comment in entries:
        label, score = (label or "").strip(), (score or "").strip()
        if not label and not score:
            continue
        if label and score:
            raise Invalid(
                _("「%(unit)s」%(period)s:请选择等次或填写分数,不要同时填写。")
                % {"unit": unit, "period": period_label(period)},
                field="rating",
            )
        try:
            rate_unit(campaign, actor=actor, unit=unit, rating=label or score, period=period, comment=comment)
        except Invalid as exc:
            raise Invalid(f"「{unit}」{period_label(period)}:{exc}", field="rating") from exc
        saved += 1
    return saved


@campaign_action
def rate_on_behalf(
    campaign, *, actor, leader, unit, rating: str, document: str, period: str = "", comment: str = ""
) -> LeaderRating:
    """The office enters `leader`'s rating of `unit` from a paper form (代录): the rating is the leader's, the audit
    names both (the entry is recorded by `actor` for `leader`) and the document it came from. Like every leader
    rating it stays out of the rated unit's sight (the audit entries carry no unit)."""
    require(actor, "rate_on_behalf", campaign)
    document = (document or "").strip()
    if not document:
        raise Invalid(_("请填写代录依据的文件(如纸质评价表的名称或文号)。"), field="document")
    assigned = Assignment.objects.filter(
        campaign=campaign, user=leader, unit=unit, kind=Assignment.Kind.LEADER
    ).exists()
    if not assigned:
        raise Invalid(
            _("「%(unit)s」不在%(leader)s的分管范围内,不能代录其评价。") % {"unit": unit, "leader": leader},
            field="unit_id",
        )
    rating, period = _checked(campaign, rating, period)
    obj = _store(
        campaign,
        leader=leader,
        unit=unit,
        rating=rating,
        period=period,
        comment=comment,
        entered_by=actor,
        document=document,
    )
    record_event(
        "campaign.rating_on_behalf",
        campaign,
        after={
            "leader": str(leader),
            "unit": str(unit),
            "period": period_label(period),
            "document": document,
        },
        reason=_("代%(leader)s录入,依据:%(document)s") % {"leader": leader, "document": document},
    )
    return obj
