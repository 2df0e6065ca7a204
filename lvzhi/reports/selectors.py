"""What the reports room's pages, API and documents read: built on visible_to and the policy; nothing here writes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lvzhi.schemes.models import SchemeVersion

from .models import WeightStudy
from .policy import POLICY


def studies(user: Any) -> QuerySet[WeightStudy]:
    return WeightStudy.objects.visible_to(user).select_related("scheme_version__scheme", "draft_version")


def versions_to_study(user: Any) -> QuerySet[SchemeVersion]:
    """The scheme versions a study may start from: those the user sees (drafts included for the office)."""
    if not POLICY.allowed(user, "start_weights"):
        return SchemeVersion.objects.none()
    versions: QuerySet[SchemeVersion] = SchemeVersion.objects.visible_to(user)
    return versions.select_related("scheme").order_by("scheme__code", "-number")


def study_actions(user: Any, study: WeightStudy) -> dict[str, bool]:
    return POLICY.allowed_actions(user, study, ("judge", "accept_weights"))
