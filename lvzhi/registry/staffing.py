"""Derived staffing figures (编制使用情况): approved vs actual headcount by staffing kind, vacancies (空编),
over-quota use (超编) and leadership posts used vs allowed (领导职数).

- approved: the quotas of the unit's current 三定 (SanDing.is_current);
- actual: active persons (Person.is_active) by staffing kind;
- vacancies and over-quota use are counted per unit and staffing kind, then summed: a vacancy in one unit
  (or one kind) never offsets over-quota use in another;
- leadership posts used: active persons holding a post with a leadership level, against the unit's current
  leadership quotas by level.

The figures are read from the per-unit summary tables UnitStaffing (unit × kind: approved, actual) and
UnitLeadership (unit × level: allowed, used), which saves, deletes, imports and the demo builder keep in step
with the quotas and persons (lvzhi.registry.models.refresh_staffing_summaries; `lvzhi refresh_staffing`
rebuilds them). A summary over a province reads a few rows per unit instead of counting a million persons.

Every function here runs a constant number of grouped queries whatever the number of units (never one query
per unit), and knows nothing about requests: the UI and the API both call it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import add

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Q, QuerySet

from .models import (
    Category,
    LeadershipLevel,
    Region,
    StaffingKind,
    Unit,
    UnitLeadership,
    UnitStaffing,
)

KINDS: tuple[str, ...] = tuple(StaffingKind.values)
KIND_LABELS: dict[str, str] = dict(StaffingKind.choices)
LEVELS: tuple[str, ...] = tuple(LeadershipLevel.values)
LEVEL_LABELS: dict[str, str] = dict(LeadershipLevel.choices)

# Above this many units the grouped queries take the units as a subquery rather than a list of ids.
_ID_LIST_LIMIT = 1000


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    approved: int
    actual: int
    vacancy: int
    over: int


@dataclass(frozen=True)
class LeadershipRow:
    level: str
    label: str
    allowed: int
    used: int

    @property
    def over(self) -> int:
        return max(self.used - self.allowed, 0)


@dataclass
class Staffing:
    """Figures for one unit or summed over many (a region subtree, a category).

    Dicts are keyed by staffing kind (approved, actual, vacancy, over) or leadership level; a missing key is 0.
    """

    approved: dict[str, int] = field(default_factory=dict)
    actual: dict[str, int] = field(default_factory=dict)
    vacancy: dict[str, int] = field(default_factory=dict)
    over: dict[str, int] = field(default_factory=dict)
    leadership_allowed: dict[str, int] = field(default_factory=dict)
    leadership_used: dict[str, int] = field(default_factory=dict)
    unit_count: int = 0

    # Totals over the staffing kinds.
    @property
    def approved_total(self) -> int:
        return sum(self.approved.values())

    @property
    def actual_total(self) -> int:
        return sum(self.actual.values())

    @property
    def vacancy_total(self) -> int:
        return sum(self.vacancy.values())

    @property
    def over_total(self) -> int:
        return sum(self.over.values())

    @property
    def leadership_allowed_total(self) -> int:
        return sum(self.leadership_allowed.values())

    @property
    def leadership_used_total(self) -> int:
        return sum(self.leadership_used.values())

    @property
    def leadership_over_total(self) -> int:
        return sum(
            max(self.leadership_used.get(lv, 0) - self.leadership_allowed.get(lv, 0), 0) for lv in LEVELS
        )

    @property
    def usage_rate(self) -> float | None:
        """Actual / approved headcount in percent (None when nothing is approved)."""
        if not self.approved_total:
            return None
        return round(100 * self.actual_total / self.approved_total, 1)

    @property
    def kinds(self) -> list[KindRow]:
        """One row per staffing kind that has a quota or a person, in the order of StaffingKind."""
        return [
            KindRow(
                kind=k,
                label=KIND_LABELS[k],
                approved=self.approved.get(k, 0),
                actual=self.actual.get(k, 0),
                vacancy=self.vacancy.get(k, 0),
                over=self.over.get(k, 0),
            )
            for k in KINDS
            if self.approved.get(k) or self.actual.get(k)
        ]

    @property
    def leadership(self) -> list[LeadershipRow]:
        return [
            LeadershipRow(
                level=lv,
                label=LEVEL_LABELS[lv],
                allowed=self.leadership_allowed.get(lv, 0),
                used=self.leadership_used.get(lv, 0),
            )
            for lv in LEVELS
            if self.leadership_allowed.get(lv) or self.leadership_used.get(lv)
        ]

    def add(self, other: Staffing) -> None:
        for name in ("approved", "actual", "vacancy", "over", "leadership_allowed", "leadership_used"):
            mine = getattr(self, name)
            for key, value in getattr(other, name).items():
                mine[key] = mine.get(key, 0) + value
        self.unit_count += other.unit_count

    def as_dict(self) -> dict:
        """Plain data for the API and charts."""
        return {
            "unit_count": self.unit_count,
            "approved": self.approved_total,
            "actual": self.actual_total,
            "vacancy": self.vacancy_total,
            "over": self.over_total,
            "usage_rate": self.usage_rate,
            "by_kind": [row.__dict__ for row in self.kinds],
            "leadership": [{**row.__dict__, "over": row.over} for row in self.leadership],
        }


# ---------------------------------------------------------------------------------------------------------
# Per-unit figures, read from the summary tables. `units` is a Unit queryset (used as a subquery), an iterable
# of Units or of ids, or None for every unit.


def _unit_filter(units, lookup: str = "unit") -> dict:
    if units is None:
        return {}
    if isinstance(units, QuerySet):
        return {f"{lookup}__in": units.order_by().values("pk")}
    ids = [u if isinstance(u, int) else u.pk for u in units]
    return {f"{lookup}__in": ids}


def _rows(qs) -> list[tuple]:
    """The rows of a values_list queryset of ids, codes and counts, fetched without per-value converters
    (they cost more than the query itself on tens of thousands of rows)."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # e.g. no unit in scope
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _nested(rows) -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, key, n in rows:
        if n:
            inner = result[unit_id]
            inner[key] = inner.get(key, 0) + n
    return result


def _staffing_rows(units) -> list[tuple[int, str, int, int]]:
    """(unit id, kind, approved, actual) from UnitStaffing."""
    return _rows(
        UnitStaffing.objects.filter(**_unit_filter(units))
        .order_by()
        .values_list("unit_id", "kind", "approved", "actual")
    )


def _leadership_rows(units) -> list[tuple[int, str, int, int]]:
    """(unit id, level, allowed, used) from UnitLeadership."""
    return _rows(
        UnitLeadership.objects.filter(**_unit_filter(units))
        .order_by()
        .values_list("unit_id", "level", "allowed", "used")
    )


def _column(rows, index: int) -> dict[int, dict[str, int]]:
    return _nested((row[0], row[1], row[index]) for row in rows)


def approved_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {kind: approved}} from the current 三定 of each unit."""
    return _column(_staffing_rows(units), 2)


def actual_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {kind: active persons}}."""
    return _column(_staffing_rows(units), 3)


def leadership_allowed_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {level: allowed}} from the current 三定 of each unit."""
    return _column(_leadership_rows(units), 2)


def leadership_used_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {level: active persons on posts of that level}}."""
    return _column(_leadership_rows(units), 3)


def _staffing(approved: dict, actual: dict, allowed: dict, used: dict) -> Staffing:
    vacancy = {}
    over = {}
    for kind in approved.keys() | actual.keys():
        diff = approved.get(kind, 0) - actual.get(kind, 0)
        if diff > 0:
            vacancy[kind] = diff
        elif diff < 0:
            over[kind] = -diff
    return Staffing(
        approved=dict(approved),
        actual=dict(actual),
        vacancy=vacancy,
        over=over,
        leadership_allowed=dict(allowed),
        leadership_used=dict(used),
        unit_count=1,
    )


def unit_staffing(units) -> dict[int, Staffing]:
    """{unit_id: Staffing} for the given units (a queryset, Units or ids), in two queries (three for a queryset:
    its ids first).

    Every given unit gets an entry, also one with no quota and no person.
    """
    if isinstance(units, QuerySet) and units.query.is_sliced:
        units = list(units)
    if isinstance(units, QuerySet):
        ids = list(units.order_by().values_list("pk", flat=True))
    else:
        ids = [u if isinstance(u, int) else u.pk for u in units]
    if not ids:
        return {}
    units_filter = units if isinstance(units, QuerySet) and len(ids) > _ID_LIST_LIMIT else ids
    staffing_rows = _staffing_rows(units_filter)
    leadership_rows = _leadership_rows(units_filter)
    approved, actual = _column(staffing_rows, 2), _column(staffing_rows, 3)
    allowed, used = _column(leadership_rows, 2), _column(leadership_rows, 3)
    return {
        uid: _staffing(approved.get(uid, {}), actual.get(uid, {}), allowed.get(uid, {}), used.get(uid, {}))
        for uid in ids
    }


def staffing_of_unit(unit: Unit) -> Staffing:
    return unit_staffing([unit.pk])[unit.pk]


def total(staffings: Iterable[Staffing]) -> Staffing:
    result = Staffing()
    for s in staffings:
        result.add(s)
    return result


# ---------------------------------------------------------------------------------------------------------
# Roll-ups over many units: regions (subtrees by Region.path) and categories. The database sums the summary
# rows by (region, category) — vacancies and over-quota use taken per unit and kind before summing, as
# UnitStaffing.objects.totals() does — and Python adds those groups up into regions and categories.


def _subtree(paths: Iterable[str], lookup: str) -> Q:
    cond = Q()
    for p in _minimal_paths(paths):
        # "370000/370600" must not match "370000/3706001": the region itself or below a "/".
        cond |= Q(**{lookup: p}) | Q(**{f"{lookup}__startswith": p + "/"})
    return cond


def in_subtree(units: QuerySet, paths: Iterable[str]) -> QuerySet:
    """The units whose region lies in the subtree of any of the given region paths."""
    return units.filter(_subtree(paths, "region__path"))


# Positions in the flat per-group vectors _rollup sums: approved, actual, vacancy, over by kind, then
# leadership allowed and used by level.
_NK = len(KINDS)
_NL = len(LEVELS)
_KIND_AT = {k: i for i, k in enumerate(KINDS)}
_LEVEL_AT = {lv: i for i, lv in enumerate(LEVELS)}
_APPROVED, _ACTUAL, _VACANCY, _OVER = 0, _NK, 2 * _NK, 3 * _NK
_ALLOWED, _USED = 4 * _NK, 4 * _NK + _NL
_WIDTH = 4 * _NK + 2 * _NL

_LEFT_OUT = object()  # a keying's answer for a group that goes into no bucket


def _vector_to_staffing(vec: list[int], unit_count: int) -> Staffing:
    def part(offset, keys):
        return {key: vec[offset + i] for i, key in enumerate(keys) if vec[offset + i]}

    return Staffing(
        approved=part(_APPROVED, KINDS),
        actual=part(_ACTUAL, KINDS),
        vacancy=part(_VACANCY, KINDS),
        over=part(_OVER, KINDS),
        leadership_allowed=part(_ALLOWED, LEVELS),
        leadership_used=part(_USED, LEVELS),
        unit_count=unit_count,
    )


def _rollup(scope: QuerySet, summary_filter: Q, keyings: list[Callable]) -> list[dict[object, Staffing]]:
    """Sum the figures of the units in `scope` into buckets, once per keying: a keying maps a group (region
    path, category id) to a bucket key, or to _LEFT_OUT. Three grouped queries in all (units, UnitStaffing,
    UnitLeadership); `summary_filter` is the scope's condition on the summary rows (through `unit__`)."""
    groups: dict[tuple[str, int | None], tuple[list[int], list[int]]] = {}
    for path, category, n in _rows(
        scope.order_by().values_list("region__path", "category_id").annotate(n=Count("*"))
    ):
        groups[(path, category)] = ([n], [0] * _WIDTH)
    group_by = ("unit__region__path", "unit__category_id")
    for path, category, kind, approved, actual, vacancy, over in _rows(
        UnitStaffing.objects.filter(summary_filter).totals(*group_by, "kind")
    ):
        group = groups.get((path, category))
        if group is None:  # written between the two queries
            continue
        vec, i = group[1], _KIND_AT[kind]
        vec[_APPROVED + i] += approved
        vec[_ACTUAL + i] += actual
        vec[_VACANCY + i] += vacancy
        vec[_OVER + i] += over
    for path, category, level, allowed, used, _over in _rows(
        UnitLeadership.objects.filter(summary_filter).totals(*group_by, "level")
    ):
        group = groups.get((path, category))
        if group is None:
            continue
        vec, i = group[1], _LEVEL_AT[level]
        vec[_ALLOWED + i] += allowed
        vec[_USED + i] += used
    results: list[dict[object, Staffing]] = []
    for keying in keyings:
        sums: dict[object, list[int]] = {}
        counts: dict[object, int] = defaultdict(int)
        for group_key, ((n,), vec) in groups.items():
            key = keying(*group_key)
            if key is _LEFT_OUT:
                continue
            counts[key] += n
            acc = sums.get(key)
            sums[key] = vec[:] if acc is None else list(map(add, acc, vec))
        results.append({key: _vector_to_staffing(sums[key], n) for key, n in counts.items()})
    return results


def _scope(units: QuerySet | None, paths: Iterable[str] | None, include_inactive: bool) -> tuple[QuerySet, Q]:
    """(the units that count, the same condition on the summary rows through their unit)."""
    scope = units if units is not None else Unit.objects.all()
    summary_filter = Q() if units is None else Q(unit__in=units.order_by().values("pk"))
    if paths is not None:
        roots = _minimal_paths(paths)
        if not (units is None and _is_whole_tree(roots)):
            scope = in_subtree(scope, roots)
            summary_filter &= _subtree(roots, "unit__region__path")
    if not include_inactive:
        scope = scope.filter(is_active=True)
        summary_filter &= Q(unit__is_active=True)
    return scope, summary_filter


def _region_keying(paths: dict[int, str], keep_outside: bool = False) -> Callable:
    """(region path, category) -> the ids of the given regions whose subtree holds that region (a tuple), or
    _LEFT_OUT when there are none (unless keep_outside)."""
    regions_at: dict[str, list[int]] = defaultdict(list)
    for rid, p in paths.items():
        regions_at[p].append(rid)

    def keying(upath: str, _category) -> object:
        parts = upath.split("/")
        combo = tuple(
            rid for i in range(1, len(parts) + 1) for rid in regions_at.get("/".join(parts[:i]), ())
        )
        return combo if combo or keep_outside else _LEFT_OUT

    return keying


def _category_keying(_path: str, category: int | None) -> int | None:
    return category


def _fan_out(buckets: dict, region_ids) -> dict[int, Staffing]:
    result = {rid: Staffing() for rid in region_ids}
    for combo, staffing in buckets.items():
        for rid in combo:
            result[rid].add(staffing)
    return result


def _by_category(buckets: dict) -> list[tuple[Category | None, Staffing]]:
    result: list[tuple[Category | None, Staffing]] = [
        (category, buckets.get(category.pk, Staffing())) for category in Category.objects.all()
    ]
    if None in buckets:
        result.append((None, buckets[None]))
    return result


def region_summary(
    regions: Iterable[Region], units: QuerySet | None = None, include_inactive: bool = False
) -> dict[int, Staffing]:
    """{region_id: Staffing} summed over each region's whole subtree (the region and every region below it).

    `units` restricts which units count (e.g. `Unit.objects.visible_to(user)`); None counts every unit.
    Deactivated units (Unit.is_active false) count only with include_inactive. Regions may nest (a region and
    its children): a unit counts in every given region above it.
    A constant number of queries: three grouped ones for the figures.
    """
    paths = {r.pk: r.path for r in regions}
    if not paths:
        return {}
    scope, summary_filter = _scope(units, paths.values(), include_inactive)
    (buckets,) = _rollup(scope, summary_filter, [_region_keying(paths)])
    return _fan_out(buckets, paths)


def region_staffing(
    region: Region, units: QuerySet | None = None, include_inactive: bool = False
) -> Staffing:
    """Figures summed over the region's subtree."""
    return region_summary([region], units, include_inactive)[region.pk]


def category_staffing(
    region: Region | None = None, units: QuerySet | None = None, include_inactive: bool = False
) -> list[tuple[Category | None, Staffing]]:
    """[(category, Staffing)] for every category in its order, over the units of a region subtree (or all),
    then (None, …) for units without a category if there are any. Feeds the chart of staffing per category."""
    scope, summary_filter = _scope(units, None if region is None else [region.path], include_inactive)
    (buckets,) = _rollup(scope, summary_filter, [_category_keying])
    return _by_category(buckets)


@dataclass
class RegionReport:
    """What the region summary page shows, computed in one pass over the units."""

    region: Region | None  # None: every region
    total: Staffing
    children: list[tuple[Region, Staffing]]
    categories: list[tuple[Category | None, Staffing]]


def region_report(
    region: Region | None = None, units: QuerySet | None = None, include_inactive: bool = False
) -> RegionReport:
    """The region's subtree figures (or everything's), each child region's, and each category's within it.

    Up to three queries for the regions and categories, three grouped ones for the figures, whatever the size.
    """
    if region is None:
        children = list(Region.objects.filter(parent__isnull=True))
        scope, summary_filter = _scope(units, [r.path for r in children] or None, include_inactive)
    else:
        children = list(region.children.all())
        scope, summary_filter = _scope(units, [region.path], include_inactive)
    paths = {r.pk: r.path for r in children}
    if region is not None:
        paths[region.pk] = region.path
    # Units in regions outside every top-level tree cannot exist; with no region given, count them all in the
    # total anyway.
    region_buckets, category_buckets = _rollup(
        scope, summary_filter, [_region_keying(paths, keep_outside=region is None), _category_keying]
    )
    by_region = _fan_out(region_buckets, paths)
    total = by_region[region.pk] if region is not None else _total_of(region_buckets)
    return RegionReport(
        region=region,
        total=total,
        children=[(child, by_region[child.pk]) for child in children],
        categories=_by_category(category_buckets),
    )


def _total_of(buckets: dict) -> Staffing:
    return total(buckets.values())


def _minimal_paths(paths: Iterable[str]) -> list[str]:
    """The given paths that are not inside another given path."""
    result: list[str] = []
    for p in sorted(set(paths)):
        if not any(p == r or p.startswith(r + "/") for r in result):
            result.append(p)
    return result


def _is_whole_tree(roots: list[str]) -> bool:
    """True when the given root paths are exactly the top-level regions (every unit lies below them)."""
    top = set(Region.objects.filter(parent__isnull=True).values_list("path", flat=True))
    return bool(top) and top == set(roots)
