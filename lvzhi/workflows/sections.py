"""一表一图一规范一机制: each section's (内设机构, 科室) task table (its tasks in the duties decomposition), its
workflows, its work norms and the boundary mechanisms it takes part in, and which of the four are missing. Read
models shared by the pages and the API; nothing here writes.

A section takes part in a boundary item (lvzhi.duties.BoundaryItem, in force) when it is the item's lead or a
cooperating section, or when the item is its unit's (leading or cooperating) and links a power item the section
handles. A workflow counts once a version of it is in force.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lvzhi.duties.models import BoundaryItem, PowerItem, Task
from lvzhi.registry.models import InternalBody, Unit

from .models import Status, Workflow, WorkNorm

PARTS = (("tasks", _("一表(任务分解表)")), ("workflows", _("一图(流程图)")), ("norms", _("一规范(工作规范)")),
         ("boundaries", _("一机制(边界机制)")))  # fmt: skip
PART_LABELS = dict(PARTS)


@dataclass
class SectionParts:
    body: InternalBody
    tasks: list[Task] = field(default_factory=list)
    workflows: list[Workflow] = field(default_factory=list)
    norms: list[WorkNorm] = field(default_factory=list)
    boundaries: list[BoundaryItem] = field(default_factory=list)
    in_force: set[int] = field(default_factory=set)  # workflows with a version in force

    @property
    def missing(self) -> list[str]:
        have = {
            "tasks": bool(self.tasks),
            "workflows": bool(self.in_force),
            "norms": bool(self.norms),
            "boundaries": bool(self.boundaries),
        }
        return [key for key, _label in PARTS if not have[key]]

    @property
    def missing_labels(self) -> list[str]:
        return [str(PART_LABELS[key]) for key in self.missing]

    @property
    def complete(self) -> bool:
        return not self.missing


def sections_of(units: QuerySet[Unit], bodies: QuerySet[InternalBody] | None = None) -> list[SectionParts]:
    """The four parts of every active section of `units` (or of `bodies`), in a few queries."""
    if bodies is None:
        bodies = InternalBody.objects.filter(unit__in=units, is_active=True)
    body_list = list(bodies.select_related("unit").order_by("unit__code", "order", "code"))
    ids = [b.pk for b in body_list]
    parts = {b.pk: SectionParts(b) for b in body_list}
    for task in (
        Task.objects.filter(body_duty__internal_body_id__in=ids)
        .select_related("body_duty")
        .prefetch_related("posts")
        .order_by("body_duty__seq", "seq", "id")
    ):
        parts[task.body_duty.internal_body_id].tasks.append(task)
    in_force = set(
        Workflow.objects.filter(internal_body_id__in=ids, versions__status=Status.IN_FORCE).values_list(
            "pk", flat=True
        )
    )
    for workflow in Workflow.objects.filter(internal_body_id__in=ids).order_by("code"):
        part = parts[workflow.internal_body_id]
        part.workflows.append(workflow)
        if workflow.pk in in_force:
            part.in_force.add(workflow.pk)
    for norm in WorkNorm.objects.filter(internal_body_id__in=ids).order_by("title"):
        parts[norm.internal_body_id].norms.append(norm)
    _boundaries(parts, body_list)
    return list(parts.values())


def _boundaries(parts: dict[int, SectionParts], bodies: list[InternalBody]) -> None:
    ids = [b.pk for b in bodies]
    unit_ids = {b.unit_id for b in bodies}
    items = (
        BoundaryItem.objects.current()
        .filter(
            Q(lead_body_id__in=ids)
            | Q(cooperating_bodies__in=ids)
            | Q(unit_id__in=unit_ids)
            | Q(cooperating_units__in=unit_ids)
        )
        .distinct()
        .prefetch_related("cooperating_bodies", "cooperating_units", "power_items")
        .select_related("unit", "lead_body")
        .order_by("code")
    )
    # A power item is handled by its internal body (承办机构); the workflow room follows the current version.
    handled: dict[int, set[str]] = defaultdict(set)
    for key, body_id in (
        PowerItem.objects.current().filter(internal_body_id__in=ids).values_list("key", "internal_body_id")
    ):
        handled[body_id].add(key)
    for item in items:
        co_bodies = {b.pk for b in item.cooperating_bodies.all()}
        co_units = {u.pk for u in item.cooperating_units.all()}
        keys = {p.key for p in item.power_items.all()}
        for body in bodies:
            takes_part = item.lead_body_id == body.pk or body.pk in co_bodies
            if not takes_part and (item.unit_id == body.unit_id or body.unit_id in co_units):
                takes_part = bool(keys & handled[body.pk])
            if takes_part:
                parts[body.pk].boundaries.append(item)


def role_in(item: BoundaryItem, body: InternalBody) -> str:
    """牵头 or 配合: the section's (or its unit's) part in a boundary item."""
    if item.lead_body_id == body.pk or (item.lead_body_id is None and item.unit_id == body.unit_id):
        return str(_("牵头"))
    return str(_("配合"))


@dataclass
class UnitMissing:
    unit: Unit
    sections: int = 0
    complete: int = 0
    missing: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _label in PARTS})
    incomplete: list[SectionParts] = field(default_factory=list)


def missing_by_unit(units: QuerySet[Unit]) -> tuple[list[UnitMissing], UnitMissing]:
    """Per unit: how many sections, how many complete, how many miss each part, and which; with the total."""
    rows: dict[int, UnitMissing] = {
        u.pk: UnitMissing(u) for u in units.order_by("region__path", "order", "code")
    }
    total = UnitMissing(Unit(name=str(_("合计"))))
    for part in sections_of(units):
        row = rows.get(part.body.unit_id)
        if row is None:
            continue
        for target in (row, total):
            target.sections += 1
            target.complete += part.complete
            for key in part.missing:
                target.missing[key] += 1
        if part.missing:
            row.incomplete.append(part)
    return [r for r in rows.values() if r.sections], total


def visible_bodies(user: Any, unit: Unit) -> QuerySet[InternalBody]:
    bodies: QuerySet[InternalBody] = InternalBody.objects.visible_to(user)
    return bodies.filter(unit=unit, is_active=True)
