"""What the findings room's pages, API and files share: the ledger filtered, its counts, time to close, a unit's
findings (open ones first), the overdue list, a finding's audit trail. Nothing here writes."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone

from lvzhi.audit.models import AuditEvent

from .models import Finding, Highlight, Institution

S = Finding.Status
# Open work first (returned, then not started, then in progress), done last.
STATUS_ORDER = Case(
    When(status=S.RETURNED, then=Value(0)), When(status=S.OPEN, then=Value(1)),
    When(status=S.RECTIFYING, then=Value(2)), When(status=S.SUBMITTED, then=Value(3)),
    When(status=S.VERIFIED, then=Value(4)), default=Value(5), output_field=IntegerField(),
)  # fmt: skip
FILTERS = ("unit", "category", "campaign", "status", "source", "severity")


def ledger(user: Any, filters: dict[str, Any] | None = None) -> Any:
    """The findings the user sees, narrowed by the filters given (unit, category, campaign, status, source,
    severity, overdue, common), open ones first."""
    filters = filters or {}
    qs = Finding.objects.visible_to(user).select_related("unit", "campaign", "common")
    for name in FILTERS:
        value = filters.get(name)
        if value not in (None, ""):
            qs = qs.filter(**{f"{name}_id" if name in ("unit", "campaign") else name: value})
    if filters.get("overdue"):
        qs = qs.overdue()
    if filters.get("common"):
        qs = qs.filter(common__isnull=False)
    return qs.annotate(status_order=STATUS_ORDER).order_by("status_order", "deadline", "unit__order", "id")


def unit_findings(user: Any, unit: Any) -> Any:
    return ledger(user, {"unit": unit.pk})


def overdue(user: Any, today: datetime.date | None = None) -> Any:
    return Finding.objects.visible_to(user).overdue(today).select_related("unit").order_by("deadline", "id")


@dataclass
class Counts:
    total: int
    by_status: list[tuple[str, str, int]]
    by_category: list[tuple[str, str, int]]
    by_source: list[tuple[str, str, int]]
    overdue: int
    closed: int
    average_days_to_close: float | None
    by_campaign: list[tuple[int, str, int]] = field(default_factory=list)


def counts(findings: Any, today: datetime.date | None = None) -> Counts:
    today = today or timezone.localdate()
    rows = list(findings.values_list("status", "category", "source", "deadline", "raised_at", "issued_at",
                                     "closed_at"))  # fmt: skip
    status = Counter(r[0] for r in rows)
    category = Counter(r[1] for r in rows)
    source = Counter(r[2] for r in rows)
    days = [(r[6] - (r[5] or r[4])).days for r in rows if r[6] is not None]
    late = sum(1 for r in rows if r[3] and r[3] < today and r[0] not in Finding.DONE_STATES)
    category_labels = dict(Finding.Category.choices)
    return Counts(
        total=len(rows),
        by_status=[(v, str(lbl), status[v]) for v, lbl in S.choices],
        by_category=[(v, str(category_labels.get(v, v)), n) for v, n in category.most_common()],
        by_source=[(v, str(dict(Finding.Source.choices).get(v, v)), n) for v, n in source.most_common()],
        overdue=late,
        closed=status[S.CLOSED],
        average_days_to_close=round(sum(days) / len(days), 1) if days else None,
        by_campaign=[
            (pk, name, n)
            for pk, name, n in findings.exclude(campaign=None)
            .values_list("campaign_id", "campaign__name")
            .annotate(n=Count("id"))
            .order_by("campaign_id")
        ],
    )


def trail(finding: Finding) -> Any:
    """Every audit record of the finding (its creation, each step, each change), oldest first."""
    return AuditEvent.objects.for_object(finding).order_by("at", "id")


def list_items(user: Any, kind: str, params: Any = None) -> Any:
    """The items of 特色亮点清单 or 制度完善清单 the user sees, narrowed by unit, campaign, finding, year and the
    kind (highlights) or progress (institutions)."""
    model = Highlight if kind == "highlights" else Institution
    qs = model.objects.visible_to(user).select_related("unit", "campaign", "finding")
    params = params or {}
    for name in ("unit", "campaign", "finding", "year"):
        value = params.get(name)
        if value not in (None, "") and str(value).isdigit():
            qs = qs.filter(**{f"{name}_id" if name != "year" else name: int(value)})
    choice = "kind" if kind == "highlights" else "status"
    if params.get(choice):
        qs = qs.filter(**{choice: params[choice]})
    return qs


def list_counts(items: Any, kind: str) -> list[tuple[str, str, int]]:
    """(value, label, count) of the list's kinds (highlights) or progress (institutions)."""
    field, choices = ("kind", Highlight.Kind.choices) if kind == "highlights" else (
        "status", Institution.Status.choices)  # fmt: skip
    found = Counter(items.values_list(field, flat=True))
    return [(v, str(label), found[v]) for v, label in choices]
