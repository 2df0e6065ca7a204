"""Importing a registry table (units, internal bodies, posts, persons, quotas).

The whole file is one transaction. Rows are read, checked and written chunk by chunk, so that memory stays flat
for a province's million persons; after the first error nothing more is written, but every row is still
checked, and at the end the transaction is rolled back: a file with any error stores nothing and the user gets
every error with its row, column (letter and header) and reason.

Identity: a row whose code exists updates that object, otherwise it creates one (mode "upsert"; "create" treats
an existing code as a duplicate, "update" treats an unknown one as an error). Columns absent from the file keep
their values. Every created or changed object gets an audit record naming the importing user and the file.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.audit.models import AuditEvent, json_value
from lvzhi.registry.models import (
    Category,
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
    UnitLeadership,
    UnitStaffing,
    refresh_staffing_summaries,
)

from . import bulk
from .columns import KINDS, CellError, Column, Kind, column_letter
from .formats import REQUIRED_MARKS
from .reader import Table

CHUNK = 5000
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


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError], error_count: int, rows: int):
        self.errors = errors
        self.error_count = error_count
        self.rows = rows
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _("文件有 %(count)s 处错误,未导入任何数据。请按错误清单改正后重新上传。") % {
            "count": self.error_count
        }


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

    # -- helpers
    @property
    def writing(self) -> bool:
        return not self.errors

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
        add = self.audit.add
        touched = self.touched_units
        touched.update(self.unit_of(new) for _rowno, new in creates)
        self.audit.add_created(model, ids, unit_column=self.unit_column)
        for _rowno, old, new in updates:
            unit = self.unit_of(new)
            touched.add(unit)
            touched.add(self.unit_of(old))
            add("update", model, new["id"], self.repr_of(new), unit, self.snapshot(old), self.snapshot(new))


def _in_chunks(values, size=bulk.IN_BATCH):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class UnitImporter(Importer):
    model = Unit
    chunk_size = None  # all rows at once: a parent may come later in the file

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = dict(Region.objects.values_list("code", "pk"))
        self.categories = {}
        for pk, code, name in Category.objects.values_list("pk", "code", "name"):
            self.categories[code] = pk
            self.categories[name] = pk
        self.parent_codes: dict[int, str] = {}  # rowno -> parent code, resolved at write time

    def key_of(self, record):
        return record["code"]

    def describe_key(self, key):
        return _("单位代码「%(code)s」") % {"code": key}

    unit_column = "id"

    def unit_of(self, record):
        return record["id"]

    def resolve(self, rowno, values):
        record = {}
        ok = True
        for key in ("code", "name", "short_name", "kind", "order", "is_active", "note"):
            if key in values:
                record[key] = values[key]
        if "region" in values:
            region = self.regions.get(values["region"]) if values["region"] else None
            if region is None:
                self.error(rowno, "region", _("区划代码「%(code)s」不存在") % {"code": values["region"]})
                ok = False
            record["region_id"] = region
        if "category" in values:
            name = values["category"]
            category = self.categories.get(name) if name else None
            if name and category is None:
                self.error(rowno, "category", _("评估类别「%(name)s」不存在") % {"name": name})
                ok = False
            record["category_id"] = category
        if "parent" in values:
            parent = values["parent"]
            if parent and parent == values.get("code"):
                self.error(rowno, "parent", _("主管部门不能是单位自身"))
                ok = False
            elif parent:
                known = self.units_by_code().get(parent)
                # A unit of this file not yet in the database gets its id when written (see before_write).
                record["parent_id"] = known[0] if known else NewUnit(parent)
            else:
                record["parent_id"] = None
        return record if ok else None

    def fetch_existing(self, keys):
        found = {}
        for part in _in_chunks(keys):
            for row in Unit.objects.filter(code__in=part).values(*self.attnames):
                found[row["code"]] = row
        return found

    def process(self, chunk):
        # Parent codes must name a unit in the database or in this file, and must not form a cycle.
        file_codes = {values.get("code") for _r, values, _ok in chunk}
        known = self.units_by_code()
        self._file_parents: dict[str, tuple[str | None, int]] = {}
        for rowno, values, _ok in chunk:
            if "parent" not in values or not values.get("code"):
                continue
            parent = values["parent"] or None
            if parent and parent not in known and parent not in file_codes:
                self.error(
                    rowno,
                    "parent",
                    _("主管部门代码「%(code)s」不存在(系统中和本文件中都没有)") % {"code": parent},
                )
            else:
                self._file_parents[values["code"]] = (parent, rowno)
        self._check_cycles()
        super().process(chunk)

    def _check_cycles(self):
        if not any(parent for parent, _r in self._file_parents.values()):
            return
        db_parent = dict(Unit.objects.filter(parent__isnull=False).values_list("code", "parent__code"))
        for code, (parent, rowno) in self._file_parents.items():
            if not parent:
                continue
            path = {code}
            current = code
            while True:
                if current in self._file_parents:
                    nxt = self._file_parents[current][0]
                else:
                    nxt = db_parent.get(current)
                if nxt is None:
                    break
                if nxt in path:
                    self.error(
                        rowno, "parent", _("主管部门关系形成循环(涉及单位代码「%(code)s」)") % {"code": nxt}
                    )
                    break
                path.add(nxt)
                current = nxt

    def before_write(self, creates, updates):
        new_ids = {new["code"]: new["id"] for _r, new in creates}
        for new in [n for _r, n in creates] + [n for _r, _o, n in updates]:
            if isinstance(new.get("parent_id"), NewUnit):
                new["parent_id"] = new_ids[new["parent_id"].code]
        for _rowno, new in creates:
            self._units[new["code"]] = (new["id"], new["name"])


@dataclass(frozen=True)
class NewUnit:
    """A parent named by the code of a unit that this file creates."""

    code: str


class BodyImporter(Importer):
    model = InternalBody
    identity_columns = ("unit", "code")

    def key_of(self, record):
        return (record["unit_id"], record["code"])

    def describe_key(self, key):
        return _("机构代码「%(code)s」") % {"code": key[1]}

    def resolve(self, rowno, values):
        unit = self.unit_id(rowno, values.get("unit"))
        if unit is None:
            return None
        record = {"unit_id": unit}
        for key in ("code", "name", "duties", "order", "is_active"):
            if key in values:
                record[key] = values[key]
        return record

    def fetch_existing(self, keys):
        found = {}
        for part in _in_chunks({u for u, _c in keys}):
            for row in InternalBody.objects.filter(unit_id__in=part).values(*self.attnames):
                found[(row["unit_id"], row["code"])] = row
        return {k: found[k] for k in keys if k in found}


class QuotaLedger:
    """Counts that a quota rule compares: in-post persons by (unit, staffing kind) and leadership posts held by
    (unit, level), before the import and as the import changes them, against the current 三定's approvals."""

    def __init__(self):
        self.loaded: set[int] = set()
        self.actual: dict[tuple[int, str], int] = defaultdict(int)
        self.used: dict[tuple[int, str], int] = defaultdict(int)
        self.delta_actual: dict[tuple[int, str], int] = defaultdict(int)
        self.delta_used: dict[tuple[int, str], int] = defaultdict(int)
        self.staff_rows: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.leader_rows: dict[tuple[int, str], list[int]] = defaultdict(list)

    def load(self, unit_ids) -> None:
        """Counts as they stand in the database, for units not loaded yet (call before writing to them)."""
        new = [u for u in set(unit_ids) if u is not None and u not in self.loaded]
        if not new:
            return
        self.loaded.update(new)
        for part in _in_chunks(new):
            rows = (
                Person.objects.filter(unit_id__in=part, is_active=True)
                .order_by()
                .values_list("unit_id", "staffing_kind")
                .annotate(n=Count("*"))
            )
            for unit, kind, n in rows:
                self.actual[(unit, kind)] += n
            rows = (
                Person.objects.filter(unit_id__in=part, is_active=True)
                .exclude(post__leadership_level="")
                .filter(post__isnull=False)
                .order_by()
                .values_list("unit_id", "post__leadership_level")
                .annotate(n=Count("*"))
            )
            for unit, level, n in rows:
                self.used[(unit, level)] += n

    def staff(self, unit, kind, n, rowno=None):
        self.delta_actual[(unit, kind)] += n
        if rowno is not None and n > 0:
            self.staff_rows[(unit, kind)].append(rowno)

    def leader(self, unit, level, n, rowno=None):
        if not level:
            return
        self.delta_used[(unit, level)] += n
        if rowno is not None and n > 0:
            self.leader_rows[(unit, level)].append(rowno)

    @staticmethod
    def approvals(unit_ids) -> tuple[dict, dict]:
        staffing, leadership = {}, {}
        for part in _in_chunks(unit_ids):
            for unit, kind, n in StaffingQuota.objects.filter(
                sanding__is_current=True, sanding__unit_id__in=part
            ).values_list("sanding__unit_id", "kind", "approved"):
                staffing[(unit, kind)] = n
            for unit, level, n in LeadershipQuota.objects.filter(
                sanding__is_current=True, sanding__unit_id__in=part
            ).values_list("sanding__unit_id", "level", "approved"):
                leadership[(unit, level)] = n
        return staffing, leadership

    def over(self):
        """[(kind of rule, (unit, kind or level), approved, before, after, rows to blame)] where the import pushes
        a count above its approval (a count already above it and not raised by the import is left alone)."""
        units = {u for u, _k in self.delta_actual} | {u for u, _k in self.delta_used}
        staffing, leadership = self.approvals(units)
        found = []
        for rule, deltas, before, approved, blame in (
            ("staff", self.delta_actual, self.actual, staffing, self.staff_rows),
            ("leader", self.delta_used, self.used, leadership, self.leader_rows),
        ):
            for key, delta in deltas.items():
                if delta <= 0:
                    continue
                was = before.get(key, 0)
                now = was + delta
                allowed = approved.get(key, 0)
                if now > allowed:
                    excess = now - max(allowed, was)
                    rows = blame.get(key, [])
                    found.append((rule, key, allowed, was, now, rows[-excess:] if excess > 0 else []))
        return found


class PostImporter(Importer):
    model = Post
    identity_columns = ("unit", "code")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies: dict[int, dict[str, int]] = {}
        self.ledger = QuotaLedger()

    def key_of(self, record):
        return (record["unit_id"], record["code"])

    def describe_key(self, key):
        return _("岗位代码「%(code)s」") % {"code": key[1]}

    def load_bodies(self, unit_ids):
        new = [u for u in unit_ids if u not in self.bodies]
        for u in new:
            self.bodies[u] = {}
        for part in _in_chunks(new):
            for pk, unit, code in InternalBody.objects.filter(unit_id__in=part).values_list(
                "pk", "unit_id", "code"
            ):
                self.bodies[unit][code] = pk

    def process(self, chunk):
        if "internal_body" in self.present:
            codes = self.units_by_code()
            self.load_bodies({codes[v["unit"]][0] for _r, v, _ok in chunk if v.get("unit") in codes})
        super().process(chunk)

    def resolve(self, rowno, values):
        unit = self.unit_id(rowno, values.get("unit"))
        if unit is None:
            return None
        record = {"unit_id": unit}
        for key in ("code", "name", "leadership_level", "duties"):
            if key in values:
                record[key] = values[key]
        if "internal_body" in values:
            code = values["internal_body"]
            body = None
            if code:
                body = self.bodies.get(unit, {}).get(code)
                if body is None:
                    self.error(
                        rowno,
                        "internal_body",
                        _("内设机构代码「%(code)s」在单位「%(unit)s」中不存在")
                        % {"code": code, "unit": values["unit"]},
                    )
                    return None
            record["internal_body_id"] = body
        return record

    def fetch_existing(self, keys):
        found = {}
        for part in _in_chunks({u for u, _c in keys}):
            for row in Post.objects.filter(unit_id__in=part).values(*self.attnames):
                found[(row["unit_id"], row["code"])] = row
        return {k: found[k] for k in keys if k in found}

    def check(self, creates, updates):
        if self.options.allow_over_quota:
            return
        changed = [
            (rowno, old, new)
            for rowno, old, new in updates
            if old["leadership_level"] != new["leadership_level"]
        ]
        if not changed:
            return
        holders = dict(
            Person.objects.filter(post_id__in=[old["id"] for _r, old, _n in changed], is_active=True)
            .order_by()
            .values_list("post_id")
            .annotate(n=Count("*"))
        )
        self.ledger.load({old["unit_id"] for _r, old, _n in changed})
        for rowno, old, new in changed:
            n = holders.get(old["id"], 0)
            if n:
                self.ledger.leader(old["unit_id"], old["leadership_level"], -n)
                self.ledger.leader(new["unit_id"], new["leadership_level"], n, rowno)

    def finish(self):
        names = self.unit_names()
        for _rule, (unit, level), allowed, _was, now, rows in self.ledger.over():
            for rowno in rows:
                self.error(
                    rowno,
                    "leadership_level",
                    _("%(unit)s%(level)s核定 %(allowed)s 名,调整后在任 %(now)s 名,超出领导职数")
                    % {
                        "unit": names.get(unit, unit),
                        "level": LEVEL_LABELS.get(level, level),
                        "allowed": allowed,
                        "now": now,
                    },
                )


class PersonImporter(Importer):
    model = Person
    key_column = "staff_no"
    identity_columns = ("staff_no",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.posts: dict[int, dict[str, tuple[int, str]]] = {}
        self.post_levels: dict[int, str] = {}
        self.ledger = QuotaLedger()
        self.table_empty = not Person.objects.exists()

    def key_of(self, record):
        return record["staff_no"]

    def describe_key(self, key):
        return _("人员编号「%(code)s」") % {"code": key}

    def load_posts(self, unit_ids):
        new = [u for u in unit_ids if u not in self.posts]
        for u in new:
            self.posts[u] = {}
        for part in _in_chunks(new):
            for pk, unit, code, level in Post.objects.filter(unit_id__in=part).values_list(
                "pk", "unit_id", "code", "leadership_level"
            ):
                self.posts[unit][code] = (pk, level)
                self.post_levels[pk] = level

    def process(self, chunk):
        codes = self.units_by_code()
        if "post" in self.present:
            self.load_posts({codes[v["unit"]][0] for _r, v, _ok in chunk if v.get("unit") in codes})
        super().process(chunk)

    def resolve(self, rowno, values):
        unit = self.unit_id(rowno, values.get("unit"))
        if unit is None:
            return None
        record = {"unit_id": unit}
        for key in ("staff_no", "name", "gender", "birth_year", "staffing_kind", "joined_on", "is_active"):
            if key in values:
                record[key] = values[key]
        if "post" in values:
            code = values["post"]
            post = None
            if code:
                found = self.posts.get(unit, {}).get(code)
                if found is None:
                    self.error(
                        rowno,
                        "post",
                        _("岗位代码「%(code)s」在单位「%(unit)s」中不存在")
                        % {"code": code, "unit": values["unit"]},
                    )
                    return None
                post = found[0]
            record["post_id"] = post
        return record

    def fetch_existing(self, keys):
        if self.table_empty:
            return {}
        found = {}
        for part in _in_chunks(keys):
            for row in Person.objects.filter(staff_no__in=part).values(
                *self.attnames, "post__leadership_level"
            ):
                level = row.pop("post__leadership_level")
                if row["post_id"] is not None:
                    self.post_levels.setdefault(row["post_id"], level or "")
                found[row["staff_no"]] = row
        return found

    def check(self, creates, updates):
        if self.options.allow_over_quota:
            return
        ledger = self.ledger
        ledger.load({new["unit_id"] for _r, new in creates})
        ledger.load({new["unit_id"] for _r, _o, new in updates} | {old["unit_id"] for _r, old, _n in updates})
        levels = self.post_levels
        for rowno, new in creates:
            if new["is_active"]:
                ledger.staff(new["unit_id"], new["staffing_kind"], 1, rowno)
                if new["post_id"]:
                    ledger.leader(new["unit_id"], levels.get(new["post_id"], ""), 1, rowno)
        for rowno, old, new in updates:
            if old["is_active"]:
                ledger.staff(old["unit_id"], old["staffing_kind"], -1)
                if old["post_id"]:
                    ledger.leader(old["unit_id"], levels.get(old["post_id"], ""), -1)
            if new["is_active"]:
                ledger.staff(new["unit_id"], new["staffing_kind"], 1, rowno)
                if new["post_id"]:
                    ledger.leader(new["unit_id"], levels.get(new["post_id"], ""), 1, rowno)

    def finish(self):
        names = self.unit_names()
        for rule, (unit, key), allowed, _was, now, rows in self.ledger.over():
            if rule == "staff":
                label = KIND_LABELS.get(key, key)
                reason = _("%(unit)s%(kind)s核定 %(allowed)s 名,导入后在编 %(now)s 名,超编 %(over)s 名") % {
                    "unit": names.get(unit, unit),
                    "kind": label,
                    "allowed": allowed,
                    "now": now,
                    "over": now - allowed,
                }
                column = "staffing_kind"
            else:
                label = LEVEL_LABELS.get(key, key)
                reason = _("%(unit)s%(level)s职数核定 %(allowed)s 名,导入后在任 %(now)s 名,超职数配备") % {
                    "unit": names.get(unit, unit),
                    "level": label,
                    "allowed": allowed,
                    "now": now,
                }
                column = "post"
            for rowno in rows:
                self.error(rowno, column, reason)


class QuotaImporter(Importer):
    """One row per unit: the current 三定's document number, date, staffing quotas and leadership posts."""

    def written_models(self) -> list:
        return [SanDing, StaffingQuota, LeadershipQuota, AuditEvent, UnitStaffing, UnitLeadership]

    model = StaffingQuota
    chunk_size = None
    key_column = "unit"
    identity_columns = ("unit",)

    def key_of(self, record):
        return record["unit_id"]

    def describe_key(self, key):
        codes = {pk: code for code, (pk, _n) in self.units_by_code().items()}
        return _("单位代码「%(code)s」") % {"code": codes.get(key, key)}

    def resolve(self, rowno, values):
        unit = self.unit_id(rowno, values.get("unit"))
        if unit is None:
            return None
        return {"unit_id": unit, "values": values, "rowno": rowno}

    def process(self, chunk):
        rows = []
        for rowno, values, ok in chunk:
            duplicate = self.is_duplicate(rowno, values)
            record = self.resolve(rowno, values)
            if record is None or not ok or duplicate:
                continue
            rows.append(record)
        if not rows:
            return
        unit_ids = [r["unit_id"] for r in rows]
        current = {}
        versions = defaultdict(int)
        sanding_fields = [f.attname for f in SanDing._meta.concrete_fields]
        for part in _in_chunks(unit_ids):
            for s in SanDing.objects.filter(unit_id__in=part).values(*sanding_fields):
                versions[s["unit_id"]] = max(versions[s["unit_id"]], s["version"])
                if s["is_current"]:
                    current[s["unit_id"]] = s
        staffing = defaultdict(dict)
        leadership = defaultdict(dict)
        sq_fields = [f.attname for f in StaffingQuota._meta.concrete_fields]
        lq_fields = [f.attname for f in LeadershipQuota._meta.concrete_fields]
        sanding_ids = {s["id"]: u for u, s in current.items()}
        for part in _in_chunks(sanding_ids):
            for q in StaffingQuota.objects.filter(sanding_id__in=part).values(*sq_fields):
                staffing[sanding_ids[q["sanding_id"]]][q["kind"]] = q
            for q in LeadershipQuota.objects.filter(sanding_id__in=part).values(*lq_fields):
                leadership[sanding_ids[q["sanding_id"]]][q["level"]] = q
        ledger = QuotaLedger()
        if not self.options.allow_over_quota:
            ledger.load(unit_ids)
        names = self.unit_names()

        plan = []  # (unit_id, sanding changes, staffing changes, leadership changes)
        for record in rows:
            unit, values, rowno = record["unit_id"], record["values"], record["rowno"]
            old_sanding = current.get(unit)
            mode = self.options.mode
            if mode == "create" and old_sanding is not None:
                self.error(
                    rowno,
                    "unit",
                    _("单位代码「%(code)s」已有现行三定(仅新增模式不更新)") % {"code": values["unit"]},
                )
                continue
            if mode == "update" and old_sanding is None:
                self.error(
                    rowno,
                    "unit",
                    _("单位代码「%(code)s」还没有现行三定(仅更新模式不新增)") % {"code": values["unit"]},
                )
                continue
            quota_changes = []
            for prefix, existing, kind_field, table, labels in (
                ("quota", staffing.get(unit, {}), "kind", ledger.actual, KIND_LABELS),
                ("leader", leadership.get(unit, {}), "level", ledger.used, LEVEL_LABELS),
            ):
                for code in labels:
                    key = f"{prefix}:{code}"
                    if key not in self.present:
                        continue
                    new_value = values.get(key)
                    old = existing.get(code)
                    old_value = old["approved"] if old else None
                    if new_value == old_value:
                        continue
                    if not self.options.allow_over_quota:
                        holding = table.get((unit, code), 0)
                        # Refused: lowering an approval below the persons (or leaders) it already covers.
                        if holding > (new_value or 0) and (new_value or 0) < (old_value or 0):
                            words = {
                                "unit": names.get(unit, unit),
                                "what": labels[code],
                                "new": new_value or 0,
                            }
                            if prefix == "quota":
                                reason = _("%(unit)s%(what)s核定 %(new)s 名,少于在编人数 %(holding)s 名")
                            else:
                                reason = _("%(unit)s%(what)s职数核定 %(new)s 名,少于在任人数 %(holding)s 名")
                            self.error(rowno, key, reason % {**words, "holding": holding})
                            continue
                    quota_changes.append((prefix, kind_field, code, old, new_value))
            sanding_change = {}
            for key in ("document_number", "approved_on"):
                given = key in self.present and values.get(key) not in (None, "")
                if given and (old_sanding is None or old_sanding[key] != values[key]):
                    sanding_change[key] = values[key]
            if not quota_changes and not sanding_change and old_sanding is not None:
                self.result.unchanged += 1
                continue
            plan.append((unit, old_sanding, versions.get(unit, 0), sanding_change, quota_changes))
        self.result.extra.setdefault("sandings_created", 0)
        self.result.extra.setdefault("quotas_changed", 0)
        for _unit, old_sanding, _v, _s, changes in plan:
            if old_sanding is None:
                self.result.created += 1
                self.result.extra["sandings_created"] += 1
            else:
                self.result.updated += 1
            self.result.extra["quotas_changed"] += len(changes)
        if self.writing and plan:
            self.write_plan(plan)

    def write_plan(self, plan):
        add = self.audit.add
        sanding_fields = list(SanDing._meta.concrete_fields)
        s_attnames = [f.attname for f in sanding_fields]
        new_sandings = [p for p in plan if p[1] is None]
        ids = bulk.allocate_ids(SanDing, len(new_sandings))
        s_defaults = {f.attname: f.get_default() for f in sanding_fields}
        inserts, updates, sanding_of_unit = [], [], {}
        names = self.unit_names()
        for (unit, _old, version, change, _q), pk in zip(new_sandings, ids, strict=True):
            record = {
                **s_defaults,
                "id": pk,
                "unit_id": unit,
                "version": version + 1,
                "is_current": True,
                **change,
            }
            inserts.append(record)
            sanding_of_unit[unit] = pk
        for unit, old, _version, change, _q in plan:
            if old is not None:
                sanding_of_unit[unit] = old["id"]
                if change:
                    updates.append((old, {**old, **change}))

        def adapt(record):
            return tuple(bulk.adapt_date(record[a]) if a == "approved_on" else record[a] for a in s_attnames)

        bulk.insert_rows(SanDing, [f.column for f in sanding_fields], [adapt(r) for r in inserts])
        bulk.update_rows(
            SanDing,
            [f.column for f in sanding_fields[1:]],
            [(*adapt(new)[1:], new["id"]) for _o, new in updates],
        )

        def sanding_repr(record):  # as SanDing.__str__ says it
            return str(SanDing(unit=Unit(name=names.get(record["unit_id"], "")), version=record["version"]))

        def snap(record):
            return {a: json_value(record[a]) for a in s_attnames}

        for record in inserts:
            add("create", SanDing, record["id"], sanding_repr(record), record["unit_id"], None, snap(record))
        for old, new in updates:
            add("update", SanDing, new["id"], sanding_repr(new), new["unit_id"], snap(old), snap(new))

        # Quotas: create, update or delete (blank cell) rows of StaffingQuota and LeadershipQuota.
        for prefix, model, field_name in (
            ("quota", StaffingQuota, "kind"),
            ("leader", LeadershipQuota, "level"),
        ):
            fields = [f.attname for f in model._meta.concrete_fields]
            creates, changes, deletes = [], [], []
            for unit, _old, _v, _c, quota_changes in plan:
                for p, _f, code, old, value in quota_changes:
                    if p != prefix:
                        continue
                    if old is None:
                        creates.append(
                            {
                                "unit": unit,
                                "sanding_id": sanding_of_unit[unit],
                                field_name: code,
                                "approved": value,
                            }
                        )
                    elif value is None:
                        deletes.append((unit, old))
                    else:
                        changes.append((unit, old, {**old, "approved": value}))
            ids = bulk.allocate_ids(model, len(creates))
            for record, pk in zip(creates, ids, strict=True):
                record["id"] = pk
            bulk.insert_rows(
                model,
                [model._meta.get_field(a).column for a in fields],
                [tuple(r[a] for a in fields) for r in creates],
            )
            bulk.update_rows(
                model,
                [model._meta.get_field("approved").column],
                [(n["approved"], n["id"]) for _u, _o, n in changes],
            )
            bulk.delete_rows(model, [old["id"] for _u, old in deletes])

            def quota_repr(record, model=model, field_name=field_name):  # as the model's __str__ says it
                return str(model(**{field_name: record[field_name], "approved": record["approved"]}))

            for record in creates:
                after = {a: record[a] for a in fields}
                add("create", model, record["id"], quota_repr(record), record["unit"], None, after)
            for unit, old, new in changes:
                add("update", model, new["id"], quota_repr(new), unit, dict(old), dict(new))
            for unit, old in deletes:
                add("delete", model, old["id"], quota_repr(old), unit, dict(old), None)
        self.touched_units.update(p[0] for p in plan)


IMPORTERS = {
    "units": UnitImporter,
    "bodies": BodyImporter,
    "posts": PostImporter,
    "persons": PersonImporter,
    "quotas": QuotaImporter,
}


def _is_blank(raw: list) -> bool:
    if not any(raw):
        return True
    first = raw[0]
    if first and (type(first) is not str or not first.isspace()):
        return False  # the common case: a data row whose first cell has something
    for value in raw:
        if value is None:
            continue
        if type(value) is str:
            if value.strip():
                return False
        else:
            return False
    return True


# A title row (e.g. "莱阳市实名制人员名册", merged across the columns) may sit above the header.
HEADER_SEARCH_ROWS = 5


def _known_headers(kind: Kind, row) -> int:
    names = {normalize_header(c.header) for c in kind.columns}
    return sum(1 for value in row if normalize_header(value) in names)


def find_header(kind: Kind, table: Table) -> tuple[list, int]:
    """The header row and its row number: the first row, unless it has no header of this kind and one of the
    next few rows does (title rows above it are skipped)."""
    if _known_headers(kind, table.headers):
        return table.headers, 1
    peeked = []
    for _attempt in range(HEADER_SEARCH_ROWS):
        row = next(table.rows, None)
        if row is None:
            break
        peeked.append(row)
        if _known_headers(kind, row) >= min(2, len(kind.columns)):
            return list(row), 1 + len(peeked)
    # No header found: report the first row's; the rows looked at go back in front of the data.
    table.rows = itertools.chain(peeked, table.rows)
    return table.headers, 1


def import_table(
    kind_key: str, table: Table, *, actor=None, options: ImportOptions | None = None, progress=None, reason=""
) -> ImportResult:
    """Import a table of the given kind. Raises ImportRejected (nothing stored) when any row is wrong."""
    kind = KINDS[kind_key]
    options = options or ImportOptions()
    started = time.perf_counter()
    headers, header_row = find_header(kind, table)
    cells = Cells(kind, headers, header_row)
    if cells.errors:
        errors = sorted(cells.errors)
        raise ImportRejected(errors, len(errors), 0)
    errors = Errors()
    present = cells.present
    rows_seen = 0
    with bulk.large_cache(), transaction.atomic():
        audit = bulk.AuditWriter(reason=reason)
        importer = IMPORTERS[kind_key](kind, cells, options, actor, errors, audit)
        size = importer.chunk_size
        if progress:
            progress.stage(_("校验并写入"), total=table.total)
        chunk: list[tuple[int, dict, bool]] = []
        rowno = header_row
        for raw in table.rows:
            rowno += 1
            if _is_blank(raw):
                continue
            rows_seen += 1
            values = {}
            ok = True
            width = len(raw)
            for index, col in present:
                value = raw[index] if index < width else ""
                try:
                    values[col.key] = col.convert(value)
                except CellError as exc:
                    errors.add(
                        RowError(rowno, index, column_letter(index), cells.positions[col.key][2], str(exc))
                    )
                    ok = False
            chunk.append((rowno, values, ok))
            if size and len(chunk) >= size:
                importer.process(chunk)
                chunk = []
                if progress:
                    progress.advance(rowno - 1)
        if chunk:
            importer.process(chunk)
        importer.finish()
        if progress:
            progress.advance(rowno - 1)
        if errors:
            transaction.set_rollback(True)
        else:
            audit.flush()
            after_import(importer.touched_units - {None})
    if errors:
        raise ImportRejected(sorted(errors.items), errors.count, rows_seen)
    if rows_seen >= bulk.ANALYZE_ROWS:
        bulk.refresh_statistics(importer.written_models())
    result = importer.result
    result.rows = rows_seen
    result.audit_records = audit.count
    result.seconds = time.perf_counter() - started
    return result


def after_import(unit_ids: set[int]) -> None:
    """Keep the derived staffing figures (UnitStaffing, UnitLeadership) in step with the rows just written."""
    if unit_ids:
        refresh_staffing_summaries(unit_ids)


def column_of(kind_key: str, key: str) -> Column:
    return KINDS[kind_key].column(key)
