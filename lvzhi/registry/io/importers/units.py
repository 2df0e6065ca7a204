"""Importing units and their internal bodies."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lvzhi.registry.models import Category, InternalBody, Region, Unit

from .base import Importer, _in_chunks


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
