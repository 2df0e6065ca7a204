"""Multi-party inputs: leader ratings, given by the leader or entered on their behalf by the office from a paper form
(代录); the imports of survey, hotline and other data are lvzhi.campaigns.imports."""

from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from ..models import Assignment, LeaderRating
from ..policy import require
from ..selectors import period_label
from .common import campaign_action, current_time, mark_results_stale, set_if_changed


def _checked(campaign, rating: str, period: str) -> str:
    periods = campaign.leader_rating_periods or ["year"]
    period = period or periods[0]
    if period not in periods:
        raise Invalid(
            _("评价周期应为:%(periods)s。") % {"periods": "、".join(period_label(p) for p in periods)},
            field="period",
        )
    if rating not in LeaderRating.Rating.values:
        raise Invalid(_("评价等次应为优秀、良好、一般或差。"), field="rating")
    return period


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
    period = _checked(campaign, rating, period)
    return _store(campaign, leader=actor, unit=unit, rating=rating, period=period, comment=comment)


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
    period = _checked(campaign, rating, period)
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
