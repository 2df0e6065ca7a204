"""Multi-party inputs: leader ratings (the imports of survey, hotline and other data are lvzhi.campaigns.imports)."""

from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid

from ..models import LeaderRating
from ..policy import require
from ..selectors import period_label
from .common import campaign_action, current_time, mark_results_stale, set_if_changed


@campaign_action
def rate_unit(campaign, *, actor, unit, rating: str, period: str = "", comment: str = "") -> LeaderRating:
    require(actor, "leader_rate", campaign, unit.pk)
    periods = campaign.leader_rating_periods or ["year"]
    period = period or periods[0]
    if period not in periods:
        raise Invalid(
            _("评价周期应为:%(periods)s。") % {"periods": "、".join(period_label(p) for p in periods)}
        )
    if rating not in LeaderRating.Rating.values:
        raise Invalid(_("评价等次应为优秀、良好、一般或差。"))
    obj, created = LeaderRating.objects.get_or_create(
        campaign=campaign,
        unit=unit,
        leader=actor,
        period=period,
        defaults={"rating": rating, "comment": (comment or "").strip()},
    )
    if not created and set_if_changed(obj, rating=rating, comment=(comment or "").strip()):
        obj.rated_at = current_time()
        obj.save()
    mark_results_stale(campaign)
    return obj
