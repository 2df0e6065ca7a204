"""Which figures of a survey table may be shown (pure: no Django).

A table has cells (row = unit, column = respondent group) with the number of answers behind each. The rule: the
answers of a cell below its column's minimum enter no figure that is shown anywhere.

- A cell with fewer than the minimum answers is hidden; every cell at or above the minimum is shown.
- A row's combined figure (the unit's weighted satisfaction) is withheld when any of its cells is hidden.
- A column's total (the group's pooled figure) is computed over its shown cells only, so a shown total minus
  the shown cells is nothing and no hidden cell can be derived from it; `excluded` counts the hidden cells left
  out, so the page can say so. A column whose shown part is itself below the minimum shows no total.

There is no complementary suppression: a unit with enough answers is shown (and scored) whatever its
neighbours' counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Suppressed:
    cells: set[tuple[Hashable, Hashable]] = field(default_factory=set)  # hidden: below the column's minimum
    rows: set[Hashable] = field(default_factory=set)  # rows whose combined figure is withheld
    columns: set[Hashable] = field(default_factory=set)  # columns whose total (of shown cells) is not shown
    excluded: dict[Hashable, int] = field(default_factory=dict)  # column → hidden cells left out of its total

    def hides(self, row: Hashable, column: Hashable) -> bool:
        return (row, column) in self.cells


def suppress(
    counts: Mapping[tuple[Hashable, Hashable], int],
    minimum: int,
    by_column: Mapping[Any, int] | None = None,
) -> Suppressed:
    """`counts`: (row, column) → answers behind the cell (cells absent from the mapping, or with no answer, are
    empty and shown as such). `by_column` gives a column its own minimum (a respondent group's 最少答卷数)."""
    floor: dict[Hashable, int] = dict(by_column or {})

    def least(column: Hashable) -> int:
        return floor.get(column, minimum)

    out = Suppressed()
    shown: dict[Hashable, int] = {}
    for (row, column), n in counts.items():
        if n <= 0:
            continue
        if n < least(column):
            out.cells.add((row, column))
            out.rows.add(row)
            out.excluded[column] = out.excluded.get(column, 0) + 1
        else:
            shown[column] = shown.get(column, 0) + n
    for column in {c for (_r, c) in counts}:
        if shown.get(column, 0) < least(column):
            out.columns.add(column)
    return out
