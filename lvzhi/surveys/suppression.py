"""Which figures of a survey table may be shown (pure: no Django).

A table has cells (row, column) with the number of answers behind each, and totals per row and per column that
are shown too. A cell with fewer than `minimum` answers is suppressed (primary). A total is the sum of its cells,
so a row (or column) with exactly one suppressed cell would let a reader subtract their way to it: then the
smallest other shown cell of that line is suppressed as well (complementary), and this repeats until no line
has exactly one suppressed cell. A line whose own total is below the minimum has its total suppressed too.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field


@dataclass
class Suppressed:
    cells: set[tuple[Hashable, Hashable]] = field(default_factory=set)
    primary: set[tuple[Hashable, Hashable]] = field(default_factory=set)
    rows: set[Hashable] = field(default_factory=set)  # row totals not shown
    columns: set[Hashable] = field(default_factory=set)  # column totals not shown

    def hides(self, row: Hashable, column: Hashable) -> bool:
        return (row, column) in self.cells


def suppress(
    counts: Mapping[tuple[Hashable, Hashable], int], minimum: int, by_column: Mapping[Hashable, int] | None = None
) -> Suppressed:
    """`counts`: (row, column) → answers behind the cell (cells absent from the mapping are empty and shown as
    such). Rows and columns are each summed into a shown total. `by_column` gives a column its own minimum (a
    respondent group's 最少答卷数); a row's total needs the largest minimum of its cells' columns."""
    floor = dict(by_column or {})

    def least(column: Hashable) -> int:
        return floor.get(column, minimum)

    out = Suppressed()
    for key, n in counts.items():
        if 0 < n < least(key[1]):
            out.cells.add(key)
            out.primary.add(key)
    rows: dict[Hashable, list[tuple[Hashable, Hashable]]] = {}
    columns: dict[Hashable, list[tuple[Hashable, Hashable]]] = {}
    for key, n in counts.items():
        if n > 0:
            rows.setdefault(key[0], []).append(key)
            columns.setdefault(key[1], []).append(key)
    changed = True
    while changed:
        changed = False
        for lines, totals in ((rows, out.rows), (columns, out.columns)):
            for name, keys in lines.items():
                hidden = [k for k in keys if k in out.cells]
                if len(hidden) != 1 or name in totals:
                    continue
                shown = sorted((k for k in keys if k not in out.cells), key=lambda k: (counts[k], str(k)))
                if shown:
                    out.cells.add(shown[0])
                else:
                    totals.add(name)  # the total would be the hidden cell itself
                changed = True
    for name, keys in rows.items():
        if sum(counts[k] for k in keys) < max(least(k[1]) for k in keys):
            out.rows.add(name)
    for name, keys in columns.items():
        if sum(counts[k] for k in keys) < least(name):
            out.columns.add(name)
    return out
