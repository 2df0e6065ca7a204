"""目标计划书 in an internal scheme: the bureau's scheme (a scheme of level 部门内部方案, e.g. 某局处室、单位绩效评估
指标体系) scores each section's functional work quarter by quarter from the section's 目标计划书, and a person's
from theirs. This read model takes an internal scheme's goal indicators (source `goals:…`, the same words as a
campaign's, lvzhi.goals.feed) and works out, for each section and each person of a unit with approved goals of the
year, the figure of each indicator per quarter (lvzhi.goals.completion, the goals behind it in the note), and the
points the scheme's rule gives it. Built on visible_to; nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from lvzhi.campaigns import schemeinfo
from lvzhi.registry.models import Unit
from lvzhi.schemes.models import Scheme, SchemeVersion

from . import selectors
from .completion import COMPLETION, Figure, figure
from .feed import GoalLeaf, leaves_of
from .models import Goal, Level, Status


def internal_versions(user: Any) -> QuerySet[SchemeVersion]:
    """The published versions of internal schemes the user sees, newest first."""
    versions: QuerySet[SchemeVersion] = SchemeVersion.objects.visible_to(user)
    return (
        versions.filter(status=SchemeVersion.Status.PUBLISHED, scheme__level=Scheme.Level.INTERNAL)
        .select_related("scheme")
        .order_by("scheme__name", "-number")
    )


@dataclass
class Cell:
    leaf: GoalLeaf
    figures: list[tuple[str, Figure | None]]  # (period name or "", figure) in the leaf's order


@dataclass
class OwnerRow:
    level: str  # body or person
    name: str
    goals: int
    cells: list[Cell] = field(default_factory=list)


def _parts(leaf: GoalLeaf) -> list[tuple[str, int | None]]:
    if leaf.periods:
        return [(name, i + 1) for i, name in enumerate(leaf.periods)]
    return [("", 4)] if leaf.selection.measure == COMPLETION else [("", None)]


def owner_rows(
    user: Any, version: SchemeVersion, unit: Unit, year: int
) -> tuple[list[GoalLeaf], list[OwnerRow]]:
    """(the scheme's goal indicators, one row per section and per person with approved goals of the year)."""
    leaves = leaves_of(schemeinfo.info_for(version))
    goals = list(
        selectors.with_detail(
            selectors.goals_of(user).filter(
                unit=unit, year=year, status=Status.APPROVED, level__in=[Level.BODY, Level.PERSON]
            )
        ).order_by("level", "seq")
    )
    owners: dict[tuple[str, int], list[Goal]] = {}
    names: dict[tuple[str, int], str] = {}
    for goal in goals:
        key = (goal.level, goal.internal_body_id if goal.level == Level.BODY else goal.person_id)
        if key[1] is None:
            continue
        owners.setdefault(key, []).append(goal)  # type: ignore[arg-type]
        names[key] = goal.owner_label  # type: ignore[index]
    reports = selectors.reports_by_goal(goals)
    rows = []
    for key in sorted(owners, key=lambda k: (k[0] != Level.BODY, names[k])):
        mine = owners[key]
        row = OwnerRow(key[0], names[key], len(mine))
        for leaf in leaves:
            row.cells.append(
                Cell(leaf, [(part, figure(leaf.selection, mine, reports, q)) for part, q in _parts(leaf)])
            )
        rows.append(row)
    return leaves, rows


def mean(cell: Cell) -> Decimal | None:
    """The mean of a cell's figures over its periods (equal quarters), for the total column."""
    values = [f.value for _p, f in cell.figures if f is not None]
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None
