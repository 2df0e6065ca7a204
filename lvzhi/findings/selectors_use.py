"""Read models of the use of results: the staffing recommendations as a user may see them (the office and the
committee), filtered by campaign, unit, status and kind, with their counts. Nothing here writes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .models import Recommendation

R = Recommendation


def recommendations(user: Any, params: Any = None) -> Any:
    """The recommendations the user may read, proposed ones first, narrowed by campaign, unit, status, kind."""
    params = params or {}
    qs = R.objects.visible_to(user, "view_recommendations").select_related("unit", "campaign", "decided_by")
    for name in ("campaign", "unit"):
        value = params.get(name)
        if value not in (None, "") and str(value).isdigit():
            qs = qs.filter(**{f"{name}_id": int(value)})
    for name, choices in (("status", R.Status.values), ("kind", R.Kind.values)):
        value = params.get(name)
        if value in choices:
            qs = qs.filter(**{name: value})
    return qs.order_by("status", "campaign_id", "unit__order", "unit__code", "id")


def recommendation_counts(qs: Any) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per status and per kind."""
    rows = list(qs.values_list("status", "kind"))
    status, kind = Counter(r[0] for r in rows), Counter(r[1] for r in rows)
    return {
        "status": [(v, str(lbl), status[v]) for v, lbl in R.Status.choices],
        "kind": [(v, str(lbl), kind[v]) for v, lbl in R.Kind.choices],
    }
