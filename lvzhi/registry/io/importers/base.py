"""What every registry importer shares: options, row errors, the result, the header's cells and the
Importer base class that checks and writes a file chunk by chunk."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.audit.models import AuditEvent, json_value
from lvzhi.core.errors import FieldProblem, Invalid
from lvzhi.registry.models import (
    LeadershipLevel,
    StaffingKind,
    Unit,
    UnitLeadership,
    UnitStaffing,
)

from .. import bulk
from ..cells import column_letter
from ..columns import Kind
from ..formats import REQUIRED_MARKS

CHUNK = 5000
# Row errors an ImportRejected also carries as Invalid problems (all of them stay in `errors`).
PROBLEMS_SHOWN = 20
# Errors kept in memory; beyond this they are only counted.
MAX_ERRORS = 200_000

MISSING = 1_000_000  # column index of a missing column: its errors sort after those of the columns present
MODES = {
    "upsert": gettext_lazy("新增或更新"),
    "create": gettext_lazy("仅新增"),
    "update": gettext_lazy("仅更新"),
}
KIND_LABELS = dict(StaffingKind.choices)
LEVEL_LABELS = dict(LeadershipLevel.choices)


@dataclass
class ImportOptions:
    mode: str = "upsert"
    allow_over_quota: bool = False

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"unknown import mode {self.mode}")


@dataclass(frozen=True, order=True)
class RowError:
    row: int
    col: int  # 0-based column index (MISSING for a column the file lacks)
    column: str  # Excel column letter, "" when the column is missing
    header: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "header": self.header, "reason": self.reason}

    def __str__(self) -> str:
        if self.column:
            where = _("第%(row)s行 %(column)s列「%(header)s」") % {
                "row": self.row,
                "column": self.column,
                "header": self.header,
            }
        elif self.header:
            where = _("第%(row)s行「%(header)s」") % {"row": self.row, "header": self.header}
        else:
            where = _("第%(row)s行") % {"row": self.row}
        return _("%(where)s:%(reason)s") % {"where": where, "reason": self.reason}


class ImportRejected(Invalid):
    """The file was refused as a whole and nothing of it stored. `errors` keeps every RowError (row, column,
    header, reason) for the import report; as an Invalid it names the `file`, with the first errors as problems."""

    def __init__(self, errors: list[RowError], error_count: int, rows: int):
        self.errors = errors
        self.error_count = error_count
        self.rows = rows
        message = _("文件有 %(count)s 处错误,未导入任何数据。请按错误清单改正后重新上传。") % {
            "count": error_count
        }
        super().__init__(
            message, field="file", problems=[FieldProblem("file", str(e)) for e in errors[:PROBLEMS_SHOWN]]
        )


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    audit_records: int = 0
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "audit_records": self.audit_records,
            "seconds": round(self.seconds, 3),
            **self.extra,
            "message": _("共 %(rows)s 行:新增 %(created)s,更新 %(updated)s,未变 %(unchanged)s。")
            % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
            },
        }


class Errors:
    def __init__(self):
        self.items: list[RowError] = []
        self.count = 0

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(error)

    def __bool__(self) -> bool:
        return self.count > 0


def normalize_header(value) -> str:
    text = str(value).strip() if value is not None else ""
    for suffix in REQUIRED_MARKS:
        text = text.removesuffix(suffix).strip()
    return text.replace("\n", "").replace(" ", "")


class Cells:
    """Where each column of the kind sits in the file: key → (index, letter, header as written)."""

    def __init__(self, kind: Kind, headers: list, header_row: int = 1):
        self.kind = kind
        self.header_row = header_row
        self.positions: dict[str, tuple[int, str, str]] = {}
        self.errors: list[RowError] = []
        by_header = {normalize_header(c.header): c for c in kind.columns}
        seen: dict[str, int] = {}
        last = len(headers)
        while last and normalize_header(headers[last - 1]) == "":
            last -= 1
        for index, raw in enumerate(headers[:last]):
            name = normalize_header(raw)
            letter = column_letter(index)
            if not name:
                self.errors.append(
                    RowError(header_row, index, letter, "", _("表头为空,请填写列名或删除该列"))
                )
                continue
            col = by_header.get(name)
            if col is None:
                allowed = "、".join(kind.headers)
                self.errors.append(
                    RowError(
                        header_row,
                        index,
                        letter,
                        str(raw),
                        _("不是“%(kind)s”表的列。可用的列:%(allowed)s")
                        % {"kind": kind.label, "allowed": allowed},
                    )
                )
                continue
            if col.key in seen:
                self.errors.append(
                    RowError(
                        header_row,
                        index,
                        letter,
                        str(raw),
                        _("与 %(column)s 列重复") % {"column": column_letter(seen[col.key])},
                    )
                )
                continue
            seen[col.key] = index
            self.positions[col.key] = (index, letter, str(raw).strip())
        for key in kind.key_columns:
            if key not in self.positions:
                header = kind.column(key).header
                self.errors.append(
                    RowError(header_row, MISSING, "", header, _("缺少必填列,请使用导入模板的表头"))
                )
        self.present = [(self.positions[c.key][0], c) for c in kind.columns if c.key in self.positions]

    def where(self, key: str) -> tuple[int, str, str]:
        if key in self.positions:
            return self.positions[key]
        return MISSING, "", self.kind.column(key).header


# ---------------------------------------------------------------------------------------------------------


class Importer:
    """One kind of row. Subclasses say how a row finds its object and what it may change."""

    model = None
    chunk_size: int | None = CHUNK
    key_column = "code"

    def __init__(self, kind: Kind, cells: Cells, options: ImportOptions, actor, errors: Errors, audit):
        self.kind = kind
        self.cells = cells
        self.options = options
        self.actor = actor
        self.errors = errors
        self.audit = audit
        self.present = {c.key for _i, c in cells.present}
        # Required columns the file leaves out: fine for updating rows, not for creating them.
        self.missing_required = [c for c in kind.columns if c.required and c.key not in self.present]
        self.result = ImportResult(kind=kind.key)
        self.seen: dict = {}
        self.touched_units: set[int] = set()
        meta = self.model._meta
        exclude = set(getattr(self.model, "audit_exclude", ()))
        self.fields = list(meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.snapshot_attnames = [f.attname for f in self.fields if f.name not in exclude]
        self.date_attnames = {f.attname for f in self.fields if f.get_internal_type() == "DateField"}
        self.columns = [f.column for f in self.fields]
        self.defaults = {f.attname: f.get_default() for f in self.fields if not f.primary_key}
        self.dates_as_text = bulk.dates_as_text()
        # A checking pass (see staged.py) reads and checks every row and writes nothing.
        self.dry = False
        # What the rows written so far did, for undoing them (staged.py); None when one transaction holds all.
        self.journal: Journal | None = None

    # -- helpers
    @property
    def writing(self) -> bool:
        return not self.errors and not self.dry

    def error(self, rowno: int, key: str, reason: str) -> None:
        index, letter, header = self.cells.where(key)
        self.errors.add(RowError(rowno, index, letter, header, reason))

    def units_by_code(self) -> dict[str, tuple[int, str]]:
        if not hasattr(self, "_units"):
            qs = Unit.objects.all() if self.actor is None else Unit.objects.visible_to(self.actor)
            self._units = {code: (pk, name) for pk, code, name in qs.values_list("pk", "code", "name")}
        return self._units

    def unit_names(self) -> dict[int, str]:
        return dict(self.units_by_code().values())

    def unit_id(self, rowno: int, code: str | None, key: str = "unit") -> int | None:
        if code is None:  # the cell itself was wrong, already reported
            return None
        found = self.units_by_code().get(code)
        if found is None:
            self.error(rowno, key, _("单位代码「%(code)s」不存在") % {"code": code})
            return None
        return found[0]

    def snapshot(self, record: dict) -> dict:
        """The record as AuditedModel.audit_snapshot() gives it (dates as ISO text)."""
        snap = {a: record[a] for a in self.snapshot_attnames}
        for a in self.date_attnames:
            value = snap.get(a)
            if value is not None:
                snap[a] = json_value(value)
        return snap

    # The column the audit record takes the object's name from (str(obj) is the name), and its unit's.
    unit_column = "unit_id"

    def repr_of(self, record: dict) -> str:
        return record["name"]

    def unit_of(self, record: dict):
        return record.get("unit_id")

    def written_models(self) -> list:
        return [self.model, AuditEvent, UnitStaffing, UnitLeadership]

    # -- the pipeline
    def resolve(self, rowno: int, values: dict) -> dict | None:
        """The row's values as model attnames (codes looked up), or None after reporting errors."""
        raise NotImplementedError

    def key_of(self, record: dict):
        raise NotImplementedError

    def describe_key(self, key) -> str:
        return str(key)

    def missing_for_create(self, rowno: int, key) -> None:
        for col in self.missing_required:
            self.errors.add(
                RowError(
                    rowno,
                    MISSING,
                    "",
                    col.header,
                    _("%(key)s是新增的,文件中没有该必填列,无法新增") % {"key": self.describe_key(key)},
                )
            )

    # The columns that identify a row within the file (codes as written, before any lookup).
    identity_columns: tuple[str, ...] = ("code",)

    def is_duplicate(self, rowno: int, values: dict) -> bool:
        """Whether an earlier row of the file has the same identity (reported on the key column)."""
        columns = self.identity_columns
        try:
            key = values[columns[0]] if len(columns) == 1 else tuple(values[c] for c in columns)
        except KeyError:  # an identity cell was unreadable, already reported
            return False
        first = self.seen.get(key)
        if first is not None:
            header = self.cells.where(self.key_column)[2]
            self.error(
                rowno,
                self.key_column,
                _("%(header)s「%(code)s」与第%(row)s行重复")
                % {"header": header, "code": values[self.key_column], "row": first},
            )
            return True
        self.seen[key] = rowno
        return False

    def fetch_existing(self, keys: list) -> dict:
        raise NotImplementedError

    def process(self, chunk: list[tuple[int, dict, bool]]) -> None:
        """`chunk` holds (row number, values, whether every cell was readable); rows with unreadable cells are
        still looked up, so that their other errors are reported too, but go no further."""
        rows = []
        for rowno, values, ok in chunk:
            duplicate = self.is_duplicate(rowno, values)
            record = self.resolve(rowno, values)
            if record is None or not ok or duplicate:
                continue
            rows.append((rowno, self.key_of(record), record))
        existing = self.fetch_existing([key for _r, key, _v in rows]) if rows else {}
        creates, updates = [], []
        mode = self.options.mode
        for rowno, key, record in rows:
            old = existing.get(key)
            if old is None:
                if mode == "update":
                    self.error(
                        rowno,
                        self.key_column,
                        _("%(key)s不存在(仅更新模式不新增)") % {"key": self.describe_key(key)},
                    )
                    continue
                if self.missing_required:
                    self.missing_for_create(rowno, key)
                    continue
                new = dict(self.defaults)
                new.update(record)
                creates.append((rowno, new))
            else:
                if mode == "create":
                    self.error(
                        rowno,
                        self.key_column,
                        _("%(key)s已存在(仅新增模式不更新)") % {"key": self.describe_key(key)},
                    )
                    continue
                new = dict(old)
                new.update(record)
                if new == old:
                    self.result.unchanged += 1
                    continue
                updates.append((rowno, old, new))
        self.check(creates, updates)
        self.result.created += len(creates)
        self.result.updated += len(updates)
        if self.writing:
            self.write(creates, updates)

    def check(self, creates, updates) -> None:
        """Rules across rows (e.g. quotas); called for every chunk before it is written."""

    def finish(self) -> None:
        """Checks that need the whole file; called after the last chunk."""

    def adapt_row(self, record: dict, attnames) -> list:
        row = [record[a] for a in attnames]
        if self.date_attnames and self.dates_as_text:
            for i, a in enumerate(attnames):
                if a in self.date_attnames and row[i] is not None:
                    row[i] = row[i].isoformat()
        return row

    def before_write(self, creates, updates) -> None:
        """Last touches once the new rows have their ids."""

    def write(self, creates, updates) -> None:
        model = self.model
        ids = bulk.allocate_ids(model, len(creates))
        for (_rowno, new), pk in zip(creates, ids, strict=True):
            new["id"] = pk
        self.before_write(creates, updates)
        attnames = self.attnames
        bulk.insert_rows(model, self.columns, [self.adapt_row(new, attnames) for _r, new in creates])
        value_fields = [f for f in self.fields if not f.primary_key]
        value_attnames = [f.attname for f in value_fields]
        bulk.update_rows(
            model,
            [f.column for f in value_fields],
            [(*self.adapt_row(new, value_attnames), new["id"]) for _r, _o, new in updates],
        )
        if self.journal is not None:
            self.journal.created(model, ids)
            self.journal.updated(
                model,
                [f.column for f in value_fields],
                [(*self.adapt_row(old, value_attnames), old["id"]) for _r, old, _n in updates],
            )
        add = self.audit.add
        touched = self.touched_units
        touched.update(self.unit_of(new) for _rowno, new in creates)
        self.audit.add_created(model, ids, unit_column=self.unit_column)
        for _rowno, old, new in updates:
            unit = self.unit_of(new)
            touched.add(unit)
            touched.add(self.unit_of(old))
            add("update", model, new["id"], self.repr_of(new), unit, self.snapshot(old), self.snapshot(new))


class Journal:
    """The ids a staged import created and the values its updates replaced, per model, to undo them."""

    def __init__(self):
        self.created_ids: dict = {}
        self.replaced: dict = {}

    def created(self, model, ids: list[int]) -> None:
        self.created_ids.setdefault(model, []).extend(ids)

    def updated(self, model, columns: list[str], rows: list[tuple]) -> None:
        if rows:
            self.replaced.setdefault(model, (columns, []))[1].extend(rows)


def _in_chunks(values, size=bulk.IN_BATCH):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
