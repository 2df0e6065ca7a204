"""Read models over the lists' versions: the difference between two dates, and the per-unit statistics of the
《权责清单动态管理统计表》 (adjustments by type, claims on time and late). Nothing here writes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from lvzhi.registry.models import Unit

from .models import VERSIONED_MODELS, Adjustment, AdjustmentType, ClaimStatus, ListKind, NoticeClaim

# The fields a difference compares, per list (what a reader of the list sees).
COMPARED: dict[str, tuple[str, ...]] = {
    ListKind.POWER: (
        "code",
        "name",
        "item_type",
        "initiation",
        "legal_basis",
        "responsibilities",
        "accountability",
        "internal_body_id",
        "sanding_clause_id",
        "unit_id",
    ),
    ListKind.BOUNDARY: (
        "code",
        "matter",
        "unit_id",
        "division",
        "trigger",
        "mechanism",
        "dispute",
        "decided_by",
    ),
    ListKind.TERRITORIAL: (
        "code",
        "matter",
        "unit_id",
        "county_duties",
        "township_duties",
        "support",
        "legal_basis",
    ),
    ListKind.DELEGATION: ("code", "name", "receiving_body", "receiving_region_id", "manner"),
}


@dataclass
class Changed:
    key: str
    before: Any
    after: Any
    fields: list[str]


@dataclass
class Difference:
    kind: str
    start: datetime.date
    end: datetime.date
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def difference(queryset: QuerySet[Any], kind: str, start: datetime.date, end: datetime.date) -> Difference:
    """What changed in a list (`queryset`: the versions the user may see, e.g. one unit's) between two days:
    items added, removed, and changed (with the fields that differ)."""
    before = {v.key: v for v in queryset.as_of(start)}  # type: ignore[attr-defined]
    after = {v.key: v for v in queryset.as_of(end)}  # type: ignore[attr-defined]
    result = Difference(kind, start, end)
    result.added = [after[k] for k in after.keys() - before.keys()]
    result.removed = [before[k] for k in before.keys() - after.keys()]
    for key in before.keys() & after.keys():
        old, new = before[key], after[key]
        if old.pk == new.pk:
            continue
        fields = [f for f in COMPARED[kind] if getattr(old, f) != getattr(new, f)]
        if fields:
            result.changed.append(Changed(key, old, new, fields))
    result.added.sort(key=lambda v: v.code)
    result.removed.sort(key=lambda v: v.code)
    result.changed.sort(key=lambda c: c.after.code)
    return result


@dataclass
class UnitStatistics:
    """One row of the 《权责清单动态管理统计表》."""

    unit_id: int
    unit_name: str
    items: int = 0  # power items in force at the end of the period
    by_type: dict[str, int] = field(default_factory=dict)  # adjustments in the period, by type
    adjustments: int = 0
    claims: int = 0  # notices sent to the unit with a deadline in the period
    claimed_on_time: int = 0
    claimed_late: int = 0
    unclaimed: int = 0  # still pending past the deadline

    @property
    def claim_rate(self) -> float | None:
        """Share of claims made by the deadline (None when nothing was to be claimed)."""
        return self.claimed_on_time / self.claims if self.claims else None


def statistics(units: QuerySet[Unit], start: datetime.date, end: datetime.date) -> list[UnitStatistics]:
    """Per unit, for the period [start, end]: adjustments by type, power items in force at the end, and the
    claims due in the period (on time, late, still unclaimed)."""
    rows = {u.pk: UnitStatistics(u.pk, u.name) for u in units.order_by("order", "code")}
    ids = list(rows)
    power: Any = VERSIONED_MODELS[ListKind.POWER]
    for r in power.objects.as_of(end).filter(unit_id__in=ids).values("unit_id").annotate(n=Count("pk")):
        rows[r["unit_id"]].items = r["n"]
    adjustments = Adjustment.objects.filter(unit_id__in=ids, effective_date__range=(start, end))
    for r in adjustments.values("unit_id", "adjustment_type").annotate(n=Count("pk")):
        row = rows[r["unit_id"]]
        row.by_type[r["adjustment_type"]] = r["n"]
        row.adjustments += r["n"]
    claims = NoticeClaim.objects.filter(unit_id__in=ids, deadline__range=(start, end))
    done = ~Q(status=ClaimStatus.PENDING)
    for r in claims.values("unit_id").annotate(
        n=Count("pk"),
        on_time=Count("pk", filter=done & Q(claimed_at__date__lte=F("deadline"))),
        late=Count("pk", filter=done & Q(claimed_at__date__gt=F("deadline"))),
        pending=Count("pk", filter=Q(status=ClaimStatus.PENDING, deadline__lt=end)),
    ):
        row = rows[r["unit_id"]]
        row.claims, row.claimed_on_time, row.claimed_late, row.unclaimed = (
            r["n"],
            r["on_time"],
            r["late"],
            r["pending"],
        )
    for row in rows.values():
        for value in AdjustmentType.values:
            row.by_type.setdefault(value, 0)
    return list(rows.values())
