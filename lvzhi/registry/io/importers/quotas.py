"""Importing the current 三定's staffing quotas and leadership posts, and the ledger that checks quota rules."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _

from lvzhi.audit.models import AuditEvent, json_value
from lvzhi.registry.models import (
    LeadershipQuota,
    Person,
    SanDing,
    StaffingQuota,
    Unit,
    UnitLeadership,
    UnitStaffing,
)

from .. import bulk
from .base import KIND_LABELS, LEVEL_LABELS, Importer, _in_chunks


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
