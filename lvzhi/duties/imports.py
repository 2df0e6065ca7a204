"""Excel/CSV imports of the duties room: the decomposition table (科室职责任务分解表) and each list. Atomic:
a file with any error (row, column, reason in Chinese) stores nothing; read with the one reader
(lvzhi.duties.sheets over lvzhi.registry.io.reader)."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.registry.models import InternalBody, MainDuty, Post, Region, Unit

from .actions.catalogue import save_catalogue_item
from .actions.common import audited
from .actions.lists import Change, add_item, change_item, delegate_power, localise
from .formats import BOUNDARY, CATALOGUE, DECOMPOSITION, DELEGATION, POWER, TERRITORIAL, split_codes
from .models import BodyDuty, BoundaryItem, CatalogueItem, PowerItem, Task, TerritorialItem
from .policy import POLICY
from .sheets import Row, RowReader


class _Lookups:
    """Units, internal bodies, posts and 三定 clauses by code, loaded once for a file."""

    def __init__(self, unit_codes: set[str]):
        self.units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
        ids = [u.pk for u in self.units.values()]
        self.bodies = {(b.unit_id, b.code): b for b in InternalBody.objects.filter(unit_id__in=ids)}
        self.posts = {(p.unit_id, p.code): p for p in Post.objects.filter(unit_id__in=ids)}
        self.mains = {
            (m.sanding.unit_id, m.seq): m
            for m in MainDuty.objects.filter(
                sanding__unit_id__in=ids, sanding__is_current=True
            ).select_related("sanding")
        }

    def unit(self, reader: RowReader, row: Row, key: str = "unit") -> Unit | None:
        code = row.values.get(key) or ""
        if not code:
            return None
        unit = self.units.get(code)
        if unit is None:
            reader.error(row.number, key, _("系统中没有代码为“%(code)s”的单位") % {"code": code})
        return unit

    def units_of(self, reader: RowReader, row: Row, key: str) -> list[Unit]:
        found = []
        for code in split_codes(row.values.get(key) or ""):
            unit = self.units.get(code)
            if unit is None:
                reader.error(row.number, key, _("系统中没有代码为“%(code)s”的单位") % {"code": code})
            else:
                found.append(unit)
        return found

    def body(self, reader: RowReader, row: Row, unit: Unit) -> InternalBody | None:
        code = row.values.get("body") or ""
        if not code:
            return None
        body = self.bodies.get((unit.pk, code))
        if body is None:
            reader.error(
                row.number,
                "body",
                _("%(unit)s没有代码为“%(code)s”的内设机构") % {"unit": unit.name, "code": code},
            )
        return body

    def posts_of(self, reader: RowReader, row: Row, unit: Unit) -> list[Post]:
        found = []
        for code in split_codes(row.values.get("posts") or ""):
            post = self.posts.get((unit.pk, code))
            if post is None:
                reader.error(
                    row.number,
                    "posts",
                    _("%(unit)s没有代码为“%(code)s”的岗位") % {"unit": unit.name, "code": code},
                )
            else:
                found.append(post)
        return found

    def main(self, reader: RowReader, row: Row, unit: Unit) -> MainDuty | None:
        seq = row.values.get("main_seq")
        if not seq:
            return None
        main = self.mains.get((unit.pk, seq))
        if main is None:
            reader.error(
                row.number,
                "main_seq",
                _("%(unit)s现行三定没有第%(seq)s项主要职责") % {"unit": unit.name, "seq": seq},
            )
        return main


def _codes(rows: list[Row], *keys: str) -> set[str]:
    return {code for r in rows for k in keys for code in split_codes(str(r.values.get(k) or ""))}


def import_decomposition(path: str | Path, name: str = "", *, actor: Any, reason: str = "") -> dict[str, int]:
    """科室职责任务分解表: each row a task of an internal-body duty; the units in the file get exactly the file's
    decomposition (their earlier one is replaced)."""
    POLICY.require(actor, "import")
    reader = RowReader(DECOMPOSITION)
    rows = reader.read(path, name)
    look = _Lookups(_codes(rows, "unit"))
    plan: dict[tuple[int, int, str], dict[str, Any]] = {}
    tasks: dict[tuple[int, int, str], list[tuple[str, list[Post]]]] = defaultdict(list)
    for row in rows:
        unit = look.unit(reader, row)
        if unit is None:
            continue
        body = look.body(reader, row, unit)
        main = look.main(reader, row, unit)
        posts = look.posts_of(reader, row, unit)
        if body is None:
            continue
        key = (unit.pk, body.pk, row.values["duty"])
        plan.setdefault(key, {"unit": unit, "body": body, "main": main, "text": row.values["duty"]})
        tasks[key].append((row.values["task"], posts))
    reader.check()
    with audited(actor=actor, reason=reason or _("导入科室职责任务分解表")):
        unit_ids = {k[0] for k in plan}
        Task.objects.filter(unit_id__in=unit_ids).delete()
        BodyDuty.objects.filter(unit_id__in=unit_ids).delete()
        seqs: dict[int, int] = defaultdict(int)
        task_count = 0
        for key, item in plan.items():
            seqs[item["body"].pk] += 1
            duty = BodyDuty.objects.create(
                unit=item["unit"],
                internal_body=item["body"],
                main_duty=item["main"],
                seq=seqs[item["body"].pk],
                text=item["text"],
            )
            for seq, (text, posts) in enumerate(tasks[key], start=1):
                task = Task.objects.create(unit=item["unit"], body_duty=duty, seq=seq, text=text)
                task.posts.set(posts)
                task_count += 1
        result = {"rows": len(rows), "units": len(unit_ids), "body_duties": len(plan), "tasks": task_count}
        record_event("duties.decomposition_imported", None, after=result)
    return result


def _current(model: Any, **lookup: Any) -> Any:
    return model.objects.current().filter(**lookup).first()


def _store(
    existing: Any, kind: str, values: dict[str, Any], m2m: dict[str, Any], change: Change, actor: Any
) -> str:
    if existing is None:
        add_item(kind, values, change=change, m2m=m2m, actor=actor)
        return "created"
    differs = any(getattr(existing, k) != v for k, v in values.items())
    differs = differs or any(
        {o.pk for o in getattr(existing, k).all()} != {o.pk for o in v} for k, v in m2m.items()
    )
    if not differs:
        return "unchanged"
    change_item(existing, values, change=change, m2m=m2m, actor=actor)
    return "changed"


def import_list(
    kind: str, path: str | Path, name: str = "", *, change: Change, actor: Any, region: Region | None = None
) -> dict[str, int]:
    """A list file: each row adds an item, or records a change of the item with the same code (one
    adjustment per changed row, all with the file's reason, document number and effective date)."""
    POLICY.require(actor, "import")
    spec = {"power": POWER, "boundary": BOUNDARY, "territorial": TERRITORIAL, "delegation": DELEGATION}[kind]
    reader = RowReader(spec)
    rows = reader.read(path, name)
    look = _Lookups(_codes(rows, "unit", "lead", "cooperating", "supporting"))
    jobs: list[tuple[Row, dict[str, Any], dict[str, Any], Any]] = []
    for row in rows:
        v = row.values
        if kind == "power":
            unit = look.unit(reader, row)
            if unit is None:
                continue
            catalogue = None
            if v["catalogue"]:
                catalogue = CatalogueItem.objects.filter(code=v["catalogue"]).first()
                if catalogue is None:
                    reader.error(
                        row.number,
                        "catalogue",
                        _("上级标准目录中没有编码“%(code)s”") % {"code": v["catalogue"]},
                    )
            values = {
                "unit": unit,
                "code": v["code"],
                "name": v["name"],
                "item_type": v["item_type"],
                "initiation": v["initiation"] or "",
                "legal_basis": v["legal_basis"],
                "responsibilities": v["responsibilities"],
                "accountability": v["accountability"],
                "internal_body": look.body(reader, row, unit),
                "sanding_clause": look.main(reader, row, unit),
                "catalogue_item": catalogue,
            }
            jobs.append(
                (
                    row,
                    values,
                    {"posts": look.posts_of(reader, row, unit)},
                    _current(PowerItem, unit=unit, code=v["code"]),
                )
            )
        elif kind == "boundary":
            lead = look.unit(reader, row, "lead")
            where = region or (lead.region if lead else None)
            if where is None:
                reader.error(row.number, "lead", _("没有牵头单位时,请在导入页面选择区划"))
                continue
            values = {
                "region": where,
                "code": v["code"],
                "matter": v["matter"],
                "scope": v["scope"] or "units",
                "unit": lead,
                "division": v["division"],
                "trigger": v["trigger"],
                "mechanism": v["mechanism"],
                "dispute": v["dispute"],
                "decided_by": v["decided_by"],
            }
            jobs.append(
                (
                    row,
                    values,
                    {"cooperating_units": look.units_of(reader, row, "cooperating")},
                    _current(BoundaryItem, region=where, code=v["code"]),
                )
            )
        elif kind == "territorial":
            unit = look.unit(reader, row)
            if unit is None:
                continue
            values = {
                "region": region or unit.region,
                "code": v["code"],
                "matter": v["matter"],
                "unit": unit,
                "county_duties": v["county_duties"],
                "township_duties": v["township_duties"],
                "support": v["support"],
                "legal_basis": v["legal_basis"],
            }
            jobs.append(
                (
                    row,
                    values,
                    {"supporting_units": look.units_of(reader, row, "supporting")},
                    _current(TerritorialItem, region=values["region"], code=v["code"]),
                )
            )
        else:
            unit = look.unit(reader, row)
            if unit is None:
                continue
            item = _current(PowerItem, unit=unit, code=v["code"])
            if item is None:
                reader.error(
                    row.number,
                    "code",
                    _("%(unit)s的权责清单中没有事项“%(code)s”") % {"unit": unit.name, "code": v["code"]},
                )
                continue
            township = (
                Region.objects.filter(code=v["receiving_region"]).first() if v["receiving_region"] else None
            )
            if v["receiving_region"] and township is None:
                reader.error(
                    row.number,
                    "receiving_region",
                    _("没有代码为“%(code)s”的区划") % {"code": v["receiving_region"]},
                )
            jobs.append(
                (
                    row,
                    {"item": item, "body": v["receiving_body"], "region": township, "manner": v["manner"]},
                    {},
                    None,
                )
            )
    reader.check()
    counts = {"rows": len(rows), "created": 0, "changed": 0, "unchanged": 0}
    with audited(actor=actor, reason=change.reason):
        for _row, values, m2m, existing in jobs:
            if kind == "delegation":
                delegate_power(
                    values["item"],
                    receiving_body=values["body"],
                    receiving_region=values["region"],
                    manner=values["manner"],
                    change=change,
                    actor=actor,
                )
                counts["created"] += 1
            elif kind == "power" and existing is None and values["catalogue_item"] is not None:
                catalogue = values.pop("catalogue_item")
                local = {
                    k: values[k]
                    for k in ("internal_body", "sanding_clause", "responsibilities", "accountability")
                    if values[k]
                }
                item = localise(catalogue, values["unit"], values=local, change=change, actor=actor)
                item.posts.set(m2m["posts"])  # type: ignore[attr-defined]
                counts["created"] += 1
            else:
                counts[_store(existing, kind, values, m2m, change, actor)] += 1
        record_event("duties.imported", None, after={"清单": str(spec.label), **counts}, reason=change.reason)
    return counts


# -- the higher-level catalogue (三级四同) ------------------------------------------------------------------

CATALOGUE_FIELDS = ("name", "item_type", "initiation", "legal_basis", "responsibilities", "accountability",
                    "is_active")  # fmt: skip


def import_catalogue(path: str | Path, name: str = "", *, actor: Any, reason: str = "") -> dict[str, Any]:
    """上级标准目录: each row an item, found by its level (区划代码) and code: a new one is added, an existing
    one gets the file's columns (columns the file leaves out keep their values); rows that change nothing are
    counted as unchanged. The result names what was added and what changed (with the changed columns)."""
    POLICY.require(actor, "edit_catalogue")
    reader = RowReader(CATALOGUE)
    rows = reader.read(path, name)
    assert reader.cells is not None
    present = {col.key for _index, col in reader.cells.present}
    regions = {r.code: r for r in Region.objects.filter(code__in={r.values["region"] for r in rows})}
    existing = {(i.region_id, i.code): i for i in CatalogueItem.objects.filter(region__in=regions.values())}
    seen: dict[tuple[int, str], int] = {}
    jobs: list[tuple[Row, Any, dict[str, Any], CatalogueItem | None]] = []
    for row in rows:
        v = row.values
        region = regions.get(v["region"])
        if v["region"] and region is None:
            reader.error(row.number, "region", _("系统中没有代码为“%(code)s”的区划") % {"code": v["region"]})
        if region is None or not v["code"]:
            continue
        if region.level not in (Region.Level.PROVINCE, Region.Level.CITY):
            reader.error(
                row.number, "region", _("「%(region)s」不是省、市,不发布标准目录") % {"region": region.name}
            )
            continue
        key = (region.pk, v["code"])
        if key in seen:
            reader.error(row.number, "code", _("与第%(row)s行的事项重复") % {"row": seen[key]})
            continue
        seen[key] = row.number
        item = existing.get(key)
        values = {f: v[f] for f in CATALOGUE_FIELDS if f in present}
        if item is None:
            for f in ("name", "item_type"):
                if f not in present:
                    reader.error(row.number, f, _("新增的事项须填写该列,文件中没有该列"))
        jobs.append((row, region, values, item))
    reader.check()
    result: dict[str, Any] = {"rows": len(rows), "created": 0, "changed": 0, "unchanged": 0,
                              "added": [], "updated": []}  # fmt: skip
    labels = {col.key: col.header for col in CATALOGUE.columns}
    with audited(actor=actor, reason=reason or _("导入上级标准目录:%(name)s") % {"name": name}):
        for row, region, values, item in jobs:
            changed = [f for f in values if item is not None and getattr(item, f) != values[f]]
            if item is not None and not changed:
                result["unchanged"] += 1
                continue
            try:
                saved = save_catalogue_item(
                    {"code": row.values["code"], **values}, region=region, item=item, actor=actor
                )
            except Invalid as exc:
                for problem in exc.problems:
                    key = problem.field if problem.field in labels else "code"
                    reader.error(row.number, key, problem.message)
                continue
            entry = {"region": region.name, "code": saved.code, "name": saved.name}
            if item is None:
                result["created"] += 1
                result["added"].append(entry)
            else:
                result["changed"] += 1
                result["updated"].append({**entry, "columns": [labels[f] for f in changed]})
        reader.check()  # an error found while storing undoes the whole file
        record_event(
            "duties.catalogue_imported",
            None,
            after={"文件": name, "行数": len(rows), "新增": result["created"], "修改": result["changed"],
                   "未变": result["unchanged"]},
        )  # fmt: skip
    return result


def import_catalogue_upload(upload: Any, *, actor: Any, reason: str = "") -> dict[str, Any]:
    """`import_catalogue` of an uploaded file (page or API), on disk only while it is read."""
    name = Path(upload.name or "catalogue.xlsx").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_catalogue(path, name, actor=actor, reason=reason)
