"""Reading a duties file with the one reader (lvzhi.registry.io.reader) and the registry's columns and row
errors: each row becomes a dict of converted values with its row number; a file with any error is refused as a
whole (ImportRejected, row + column + reason in Chinese)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lvzhi.registry.io.cells import CellError
from lvzhi.registry.io.columns import Kind
from lvzhi.registry.io.importers.base import Cells, Errors, ImportRejected, RowError
from lvzhi.registry.io.importers.pipeline import _is_blank, find_header
from lvzhi.registry.io.reader import open_table


@dataclass
class Row:
    number: int  # the row in the file, as Excel numbers it
    values: dict[str, Any]


class RowReader:
    """The rows of a file of one kind, and the errors found in them (add more with `error`)."""

    def __init__(self, kind: Kind):
        self.kind = kind
        self.errors = Errors()
        self.cells: Cells | None = None
        self.rows = 0

    def read(self, path: str | Path, name: str = "") -> list[Row]:
        table = open_table(path, name, sheet_name=self.kind.sheet)
        try:
            headers, header_row = find_header(self.kind, table)
            self.cells = Cells(self.kind, headers, header_row)
            for error in self.cells.errors:
                self.errors.add(error)
            if self.cells.errors:
                self.reject()
            return list(self._rows(table.rows, header_row))
        finally:
            table.close()

    def _rows(self, rows: Iterator[list[Any]], header_row: int) -> Iterator[Row]:
        assert self.cells is not None
        for offset, raw in enumerate(rows, start=header_row + 1):
            raw = list(raw)
            if _is_blank(raw):
                continue
            self.rows += 1
            values: dict[str, Any] = {}
            for index, col in self.cells.present:
                value = raw[index] if index < len(raw) else None
                try:
                    values[col.key] = col.convert(value)
                except CellError as exc:
                    self.error(offset, col.key, exc.message)
            for col in self.kind.columns:
                values.setdefault(col.key, col.default if col.default is not None else "")
            yield Row(offset, values)

    def error(self, row: int, key: str, reason: str) -> None:
        assert self.cells is not None
        index, letter, header = self.cells.where(key)
        self.errors.add(RowError(row, index, letter, header, reason))

    def reject(self) -> None:
        raise ImportRejected(
            sorted(self.errors.items, key=lambda e: (e.row, e.col)), self.errors.count, self.rows
        )

    def check(self) -> None:
        """Refuse the file if any error was found."""
        if self.errors:
            self.reject()
