"""Scoring: computing the results (lvzhi.campaigns.scoring.compute) and verifying triangulation flags."""

from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid

from ..models import TriangulationFlag
from ..policy import require
from ..scoring import compute
from .common import campaign_action, current_time


@campaign_action
def resolve_flag(flag, *, actor, note: str) -> TriangulationFlag:
    require(actor, "resolve_flag", flag.campaign, flag.unit_id)
    note = (note or "").strip()
    if not note:
        raise Invalid(_("请填写核实说明。"))
    flag.status = TriangulationFlag.Status.RESOLVED
    flag.note = note
    flag.resolved_by = actor
    flag.resolved_at = current_time()
    flag.save()
    return flag


__all__ = ["compute", "resolve_flag"]
