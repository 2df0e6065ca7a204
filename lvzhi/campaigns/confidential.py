"""What a unit contact's audit history leaves out while a campaign keeps it from the unit: the evaluators' side of
the unit's records (review and on-site scores, visit records) before the stage that opens the review to the unit
(policy.CONTACT_SEES_REVIEW). Leader ratings, leader assignments and triangulation flags are never part of the
unit's history (their `audit_unit_id()` is None)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from .models import ArchiveCheck, ChecklistItem, IndicatorEntry, Interview, Visit
from .policy import CONTACT_SEES_REVIEW

# Model → the lookup from it to its campaign unit.
REVIEW_RECORDS: dict[type, str] = {
    IndicatorEntry: "campaign_unit",
    Visit: "campaign_unit",
    ChecklistItem: "visit__campaign_unit",
    Interview: "visit__campaign_unit",
    ArchiveCheck: "visit__campaign_unit",
}


def unit_history_filter(user: Any, events: QuerySet[Any]) -> QuerySet[Any]:
    """The unit's audit events less the review records of campaigns that do not show the review to it yet."""
    hidden = Q()
    for model, to_cu in REVIEW_RECORDS.items():
        ids = (
            model.objects.filter(**{f"{to_cu}__unit_id": user.unit_id})  # type: ignore[attr-defined]
            .exclude(**{f"{to_cu}__campaign__stage__in": sorted(CONTACT_SEES_REVIEW)})
            .exclude(**{f"{to_cu}__campaign__published_at__isnull": False})
            .annotate(key=Cast("pk", CharField()))
            .values("key")
        )
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        hidden |= Q(content_type=content_type, object_id__in=ids)
    return events.exclude(hidden)
