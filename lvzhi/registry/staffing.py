"""Derived staffing figures (编制使用情况): approved vs actual headcount by staffing kind, vacancies (空编),
over-quota use (超编) and leadership posts used vs allowed (领导职数).

- approved: the quotas of the unit's current 三定 (SanDing.is_current);
- actual: active persons (Person.is_active) by staffing kind;
- vacancies and over-quota use are counted per unit and staffing kind, then summed: a vacancy in one unit
  (or one kind) never offsets over-quota use in another;
- leadership posts used: active persons holding a post with a leadership level, against the unit's current
  leadership quotas by level.

Every function here runs a constant number of grouped queries whatever the number of units (never one query
per unit), and knows nothing about requests: the UI and the API both call it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import add

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Q, QuerySet

from .models import (
    Category,
    LeadershipLevel,
    LeadershipQuota,
    Person,
    Post,
    Region,
    StaffingKind,
    StaffingQuota,
    Unit,
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
# Grouped queries. `units` is a Unit queryset (used as a subquery), an iterable of Units or of ids, or None
# for every unit. Each returns {unit_id: {key: n}} with one query.


def _unit_filter(units, lookup: str) -> dict:
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


def _unit_query(model, unit_lookup: str, key: str, value: str, units) -> QuerySet:
    """(unit id, key, value) of the quotas of each unit's current 三定."""
    return (
        model.objects.filter(sanding__is_current=True, **_unit_filter(units, unit_lookup))
        .order_by()
        .values_list(f"{unit_lookup}_id", key, value)
    )


def _actual_query(units) -> QuerySet:
    """(unit id, kind, active persons): an index-only scan of Person(unit, staffing_kind, is_active)."""
    return (
        Person.objects.filter(is_active=True, **_unit_filter(units, "unit"))
        .order_by()
        .values("unit_id", "staffing_kind")
        .annotate(n=Count("*"))
        .values_list("unit_id", "staffing_kind", "n")
    )


def _leadership_used_query(units) -> QuerySet:
    """(unit id, level, active persons on posts of that level), driven from the leadership posts (a small
    share of all posts) rather than from every person."""
    return (
        Post.objects.filter(leadership_level__in=LEVELS, **_unit_filter(units, "unit"))
        .order_by()
        .values("unit_id", "leadership_level")
        .annotate(n=Count("persons", filter=Q(persons__is_active=True)))
        .values_list("unit_id", "leadership_level", "n")
    )


def approved_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {kind: approved}} from the current 三定 of each unit."""
    return _nested(_rows(_unit_query(StaffingQuota, "sanding__unit", "kind", "approved", units)))


def actual_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {kind: active persons}}."""
    return _nested(_rows(_actual_query(units)))


def leadership_allowed_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {level: allowed}} from the current 三定 of each unit."""
    return _nested(_rows(_unit_query(LeadershipQuota, "sanding__unit", "level", "approved", units)))


def leadership_used_by_unit(units=None) -> dict[int, dict[str, int]]:
    """{unit_id: {level: active persons on posts of that level}}."""
    return _nested(_rows(_leadership_used_query(units)))


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
    """{unit_id: Staffing} for the given units (a queryset, Units or ids), in four grouped queries.

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
    approved = approved_by_unit(units_filter)
    actual = actual_by_unit(units_filter)
    allowed = leadership_allowed_by_unit(units_filter)
    used = leadership_used_by_unit(units_filter)
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
# Roll-ups over many units: regions (subtrees by Region.path) and categories.


def in_subtree(units: QuerySet, paths: Iterable[str]) -> QuerySet:
    """The units whose region lies in the subtree of any of the given region paths."""
    cond = Q()
    for p in _minimal_paths(paths):
        # "370000/370600" must not match "370000/3706001": the region itself or below a "/".
        cond |= Q(region__path=p) | Q(region__path__startswith=p + "/")
    return units.filter(cond)


# Positions in the flat per-unit vectors _rollup sums: approved, actual, vacancy, over by kind, then
# leadership allowed and used by level.
_NK = len(KINDS)
_NL = len(LEVELS)
_KIND_AT = {k: i for i, k in enumerate(KINDS)}
_LEVEL_AT = {lv: i for i, lv in enumerate(LEVELS)}
_APPROVED, _ACTUAL, _VACANCY, _OVER = 0, _NK, 2 * _NK, 3 * _NK
_ALLOWED, _USED = 4 * _NK, 4 * _NK + _NL
_WIDTH = 4 * _NK + 2 * _NL


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


def _rollup(keyings: list[dict[int, object]], units_filter) -> list[dict[object, Staffing]]:
    """Sum per-unit figures into buckets, once per keying: a keying maps unit id -> bucket key (units not in
    it are left out). Four grouped queries in all, limited by `units_filter` (a queryset, ids, or None for a
    pass over every unit). Vacancies and over-quota use are taken per unit and kind before summing.

    Works on flat integer vectors: at province scale (10,000 units) the Python side stays a few tens of ms.
    """
    wanted = set().union(*(k.keys() for k in keyings))
    vectors: dict[int, list[int]] = {}
    sources = (
        (_unit_query(StaffingQuota, "sanding__unit", "kind", "approved", units_filter), _APPROVED, _KIND_AT),
        (_actual_query(units_filter), _ACTUAL, _KIND_AT),
        (
            _unit_query(LeadershipQuota, "sanding__unit", "level", "approved", units_filter),
            _ALLOWED,
            _LEVEL_AT,
        ),
        (_leadership_used_query(units_filter), _USED, _LEVEL_AT),
    )
    for qs, offset, positions in sources:
        for uid, key, n in _rows(qs):
            if n and uid in wanted:
                vec = vectors.get(uid)
                if vec is None:
                    vec = vectors[uid] = [0] * _WIDTH
                vec[offset + positions[key]] += n
    for vec in vectors.values():
        for i in range(_NK):
            diff = vec[_APPROVED + i] - vec[_ACTUAL + i]
            if diff > 0:
                vec[_VACANCY + i] = diff
            elif diff < 0:
                vec[_OVER + i] = -diff
    results: list[dict[object, Staffing]] = []
    zero = [0] * _WIDTH
    for keying in keyings:
        sums: dict[object, list[int]] = {}
        counts: dict[object, int] = defaultdict(int)
        for uid, key in keying.items():
            counts[key] += 1
            vec = vectors.get(uid)
            if vec is None:
                continue
            acc = sums.get(key)
            sums[key] = vec[:] if acc is None else list(map(add, acc, vec))
        results.append({key: _vector_to_staffing(sums.get(key, zero), n) for key, n in counts.items()})
    return results


def _scope(units: QuerySet | None, paths: Iterable[str] | None, include_inactive: bool):
    """(the units that count, the filter for the grouped queries: None for one pass over every unit).

    The grouped queries are filtered by region subtree and by `units`, never by is_active: leaving deactivated
    units out of the keying is cheaper than a subquery over ten thousand units.
    """
    everything = units is None
    scope = units if units is not None else Unit.objects.all()
    if paths is not None:
        roots = _minimal_paths(paths)
        if not (everything and _is_whole_tree(roots)):
            scope = in_subtree(scope, roots)
            everything = False
    units_filter = None if everything else scope
    if not include_inactive:
        scope = scope.filter(is_active=True)
    return scope, units_filter


def _narrow(units_filter, unit_ids):
    """Prefer a short list of ids over a subquery for the grouped queries."""
    if units_filter is None or len(unit_ids) > _ID_LIST_LIMIT:
        return units_filter
    return list(unit_ids)


def _region_keying(unit_rows, paths: dict[int, str]) -> dict[int, tuple[int, ...]]:
    """unit id -> the ids of the given regions whose subtree holds the unit's region (skipped when none)."""
    regions_at: dict[str, list[int]] = defaultdict(list)
    for rid, p in paths.items():
        regions_at[p].append(rid)
    keying: dict[int, tuple[int, ...]] = {}
    combo_of_path: dict[str, tuple[int, ...]] = {}
    for uid, upath, _category in unit_rows:
        combo = combo_of_path.get(upath)
        if combo is None:
            parts = upath.split("/")
            combo = tuple(
                rid for i in range(1, len(parts) + 1) for rid in regions_at.get("/".join(parts[:i]), ())
            )
            combo_of_path[upath] = combo
        if combo:
            keying[uid] = combo
    return keying


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


def _unit_rows(scope: QuerySet) -> list[tuple[int, str, int | None]]:
    return _rows(scope.order_by().values_list("pk", "region__path", "category_id"))


def region_summary(
    regions: Iterable[Region], units: QuerySet | None = None, include_inactive: bool = False
) -> dict[int, Staffing]:
    """{region_id: Staffing} summed over each region's whole subtree (the region and every region below it).

    `units` restricts which units count (e.g. `Unit.objects.visible_to(user)`); None counts every unit.
    Deactivated units (Unit.is_active false) count only with include_inactive. Regions may nest (a region and its children): a unit counts in every given region above it.
    A constant number of queries: the units' regions, then four grouped queries.
    """
    paths = {r.pk: r.path for r in regions}
    if not paths:
        return {}
    scope, units_filter = _scope(units, paths.values(), include_inactive)
    keying = _region_keying(_unit_rows(scope), paths)
    (buckets,) = _rollup([keying], _narrow(units_filter, keying))
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
    scope, units_filter = _scope(units, None if region is None else [region.path], include_inactive)
    keying = {uid: category for uid, _path, category in _unit_rows(scope)}
    (buckets,) = _rollup([keying], _narrow(units_filter, keying))
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

    Five queries for the regions and units, four grouped ones for the figures, whatever the size.
    """
    if region is None:
        children = list(Region.objects.filter(parent__isnull=True))
        scope, units_filter = _scope(units, [r.path for r in children] or None, include_inactive)
    else:
        children = list(region.children.all())
        scope, units_filter = _scope(units, [region.path], include_inactive)
    unit_rows = _unit_rows(scope)
    paths = {r.pk: r.path for r in children}
    if region is not None:
        paths[region.pk] = region.path
    region_keying = _region_keying(unit_rows, paths)
    category_keying = {uid: category for uid, _path, category in unit_rows}
    if region is None:
        # Units in regions outside every top-level tree cannot exist; count them all in the total anyway.
        region_keying = {uid: region_keying.get(uid, ()) for uid, _p, _c in unit_rows}
    region_buckets, category_buckets = _rollup(
        [region_keying, category_keying], _narrow(units_filter, category_keying)
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
