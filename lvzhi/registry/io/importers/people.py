"""Importing posts and persons (实名制)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from lvzhi.registry.models import InternalBody, Person, Post

from .base import KIND_LABELS, LEVEL_LABELS, Importer, _in_chunks
from .quotas import QuotaLedger


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
