"""Read models of the duties room, shared by pages, API and exports; built on `visible_to`. Nothing here
writes."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lvzhi.registry.models import MainDuty, Region, Unit

from .models import (
    Adjustment,
    BodyDuty,
    BoundaryItem,
    DelegationItem,
    ListKind,
    NoticeClaim,
    PowerItem,
    Task,
    TerritorialItem,
)


def visible_units(user: Any) -> QuerySet[Unit]:
    units: QuerySet[Unit] = Unit.objects.visible_to(user)
    return units.filter(is_active=True).select_related("region")


def unit_lists(user: Any, unit: Unit, day: datetime.date) -> dict[str, QuerySet[Any]]:
    """A unit's lists as of `day`, as the user may see them."""
    return {
        ListKind.POWER: PowerItem.objects.visible_to(user)
        .as_of(day)
        .filter(unit=unit)
        .select_related("internal_body", "catalogue_item", "sanding_clause")
        .prefetch_related("posts"),
        ListKind.BOUNDARY: BoundaryItem.objects.visible_to(user)
        .as_of(day)
        .filter(Q(unit=unit) | Q(cooperating_units=unit))
        .distinct()
        .select_related("unit")
        .prefetch_related("cooperating_units"),
        ListKind.TERRITORIAL: TerritorialItem.objects.visible_to(user).as_of(day).filter(unit=unit),
        ListKind.DELEGATION: DelegationItem.objects.visible_to(user)
        .as_of(day)
        .filter(unit=unit)
        .select_related("receiving_region"),
    }


def adjustments_of(user: Any, unit: Unit) -> QuerySet[Adjustment]:
    return Adjustment.objects.visible_to(user).filter(unit=unit).select_related("claim__notice")


def claims_of(user: Any, unit: Unit | None = None) -> QuerySet[NoticeClaim]:
    queryset = NoticeClaim.objects.visible_to(user).select_related("notice", "unit")
    return queryset.filter(unit=unit) if unit is not None else queryset


@dataclass
class BodyNode:
    duty: BodyDuty
    tasks: list[Task] = field(default_factory=list)


@dataclass
class MainNode:
    main_duty: MainDuty | None  # None: internal-body duties not tied to a 三定 clause
    bodies: list[BodyNode] = field(default_factory=list)


def decomposition_tree(unit: Unit) -> list[MainNode]:
    """三定 main duties (current 三定) → internal-body duties → tasks (with their posts)."""
    sanding = unit.current_sanding
    mains = list(sanding.main_duties.all()) if sanding else []
    nodes: dict[Any, MainNode] = {m.pk: MainNode(m) for m in mains}
    loose = MainNode(None)
    tasks: dict[int, list[Task]] = defaultdict(list)
    for task in Task.objects.filter(unit=unit).prefetch_related("posts").order_by("seq", "id"):
        tasks[task.body_duty_id].append(task)
    for duty in (
        BodyDuty.objects.filter(unit=unit)
        .select_related("internal_body")
        .order_by("internal_body__order", "seq", "id")
    ):
        node = nodes.get(duty.main_duty_id, loose)
        node.bodies.append(BodyNode(duty, tasks.get(duty.pk, [])))
    return [*nodes.values(), *([loose] if loose.bodies else [])]


@dataclass
class UnitCoverage:
    unit_id: int
    unit_name: str
    main_duties: int = 0
    main_undecomposed: int = 0  # main duties reaching no internal body
    body_duties: int = 0
    tasks: int = 0
    tasks_without_post: int = 0  # tasks reaching no post

    @property
    def complete(self) -> bool:
        return (
            self.main_duties > 0
            and not self.main_undecomposed
            and not self.tasks_without_post
            and self.tasks > 0
        )


@dataclass
class Coverage:
    """ "两个全部分解": every main duty reaches an internal body, every task reaches a post."""

    units: list[UnitCoverage]
    missing_main: list[MainDuty]
    missing_post: list[Task]

    def total(self, name: str) -> int:
        return sum(getattr(u, name) for u in self.units)

    @property
    def totals(self) -> dict[str, int]:
        names = ("main_duties", "main_undecomposed", "body_duties", "tasks", "tasks_without_post")
        return {name: self.total(name) for name in names}


def coverage(units: QuerySet[Unit], detail_limit: int = 500) -> Coverage:
    """The coverage check for `units` (one unit or a region's), with counts per unit and the first
    `detail_limit` gaps of each kind listed. A few aggregate queries, whatever the number of tasks."""
    unit_ids = list(units.values_list("pk", flat=True))
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    rows = {pk: UnitCoverage(pk, names[pk]) for pk in unit_ids}
    mains = MainDuty.objects.filter(sanding__unit_id__in=unit_ids, sanding__is_current=True).annotate(
        reached=Exists(BodyDuty.objects.filter(main_duty=OuterRef("pk")))
    )
    for row in mains.values("sanding__unit_id").annotate(
        n=Count("pk"), missing=Count("pk", filter=Q(reached=False))
    ):
        rows[row["sanding__unit_id"]].main_duties = row["n"]
        rows[row["sanding__unit_id"]].main_undecomposed = row["missing"]
    for row in BodyDuty.objects.filter(unit_id__in=unit_ids).values("unit_id").annotate(n=Count("pk")):
        rows[row["unit_id"]].body_duties = row["n"]
    tasks = Task.objects.filter(unit_id__in=unit_ids).annotate(
        staffed=Exists(Task.posts.through.objects.filter(task_id=OuterRef("pk")))
    )
    for row in tasks.values("unit_id").annotate(n=Count("pk"), missing=Count("pk", filter=Q(staffed=False))):
        rows[row["unit_id"]].tasks = row["n"]
        rows[row["unit_id"]].tasks_without_post = row["missing"]
    missing_main = list(mains.filter(reached=False).select_related("sanding__unit")[:detail_limit])
    missing_post = list(
        tasks.filter(staffed=False).select_related("unit", "body_duty__internal_body")[:detail_limit]
    )
    ordered = sorted(rows.values(), key=lambda r: (r.complete, r.unit_name))
    return Coverage(ordered, missing_main, missing_post)


def region_units(user: Any, region: Region | None) -> QuerySet[Unit]:
    units = visible_units(user)
    return units.filter(region__path__startswith=region.path) if region is not None else units


def item_history(model: type, key: str, user: Any | None = None) -> QuerySet[Any]:
    """Every version of one item, oldest first, with the adjustment that made it."""
    manager: Any = model._default_manager  # type: ignore[attr-defined]
    queryset: QuerySet[Any] = manager.visible_to(user) if user is not None else manager.all()
    return queryset.filter(key=key).select_related("adjustment").order_by("valid_from", "id")


def gaps(user: Any) -> QuerySet[BoundaryItem]:
    """空白: matters in force in the user's regions that no unit leads (boundary items without a lead unit)."""
    regions = Region.objects.filter(pk__in=visible_units(user).values("region_id"))
    return (
        BoundaryItem.objects.current()
        .filter(unit__isnull=True, region__in=regions)
        .prefetch_related("cooperating_units")
    )


# -- the higher-level catalogue (三级四同) ------------------------------------------------------------------

CATALOGUE_STATUSES = {"active": True, "withdrawn": False}


def catalogue_search(
    user: Any, q: str = "", item_type: str = "", region: Any = None, status: str = ""
) -> QuerySet[Any]:
    """The catalogue items a user may read: words in the name, code or basis, the type, the issuing level
    (a region or its id) and the status ("active", "withdrawn"; anything else: both)."""
    from .models import CatalogueItem

    items = CatalogueItem.objects.visible_to(user).select_related("region")
    for word in (q or "").split():
        items = items.filter(
            Q(name__icontains=word) | Q(code__icontains=word) | Q(legal_basis__icontains=word)
        )
    if item_type:
        items = items.filter(item_type=item_type)
    if region:
        items = items.filter(region=region)
    if status in CATALOGUE_STATUSES:
        items = items.filter(is_active=CATALOGUE_STATUSES[status])
    return items.order_by("region__level", "region__code", "code")


def catalogue_regions() -> QuerySet[Region]:
    """The levels that issue catalogues: provinces and cities."""
    return Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY]).order_by(
        "level", "code"
    )


def localised_counts(items: Any) -> dict[int, int]:
    """How many units have each catalogue item in their power list today (catalogue id → units)."""
    rows = (
        PowerItem.objects.current()
        .filter(catalogue_item__in=items)
        .values("catalogue_item")
        .annotate(n=Count("unit", distinct=True))
    )
    return {row["catalogue_item"]: row["n"] for row in rows}


def localised_items(user: Any, item: Any) -> QuerySet[PowerItem]:
    """The power items in force that localise `item`, in the units the user sees."""
    return (
        PowerItem.objects.visible_to(user)
        .current()
        .filter(catalogue_item=item)
        .select_related("unit", "internal_body")
        .order_by("unit__order", "unit__code")
    )


def localised_by(unit_id: int, items: Any) -> set[int]:
    """Which of `items` the unit has in its power list today (the user's own unit, for the "本单位已承接" mark)."""
    return set(
        PowerItem.objects.current()
        .filter(unit_id=unit_id, catalogue_item__in=items)
        .values_list("catalogue_item", flat=True)
    )
