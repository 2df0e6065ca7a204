"""Read models of the workflows room, shared by pages, API, exports and other rooms; built on `visible_to`.
Nothing here writes.

For other rooms (supervision checks workflow events against the workflows defined here):

- `version_on(workflow, day)`: the version in force on `day` (None before the first adoption);
- `steps_of(version)`: its steps in order as `StepSpec` (number "3" or "3.2", name, post, time limit and unit,
  sign-off level, the parent's number for a sub-step), each step followed by its sub-steps;
- `workflow_steps(unit_code, workflow_code, day)`: both at once, by the codes an event carries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from lvzhi.registry.models import Region, Unit

from .models import MAX_SIGN_OFF_LEVELS, SIGN_OFF_RANKS, SignOff, Status, Step, Workflow, WorkflowVersion

SECTION_RANK = SIGN_OFF_RANKS[SignOff.SECTION]


@dataclass(frozen=True)
class StepSpec:
    """One step of a version as other rooms read it."""

    number: str  # "3", or "3.2" for the second sub-step of step 3
    name: str
    parent: str  # the parent step's number; "" for a step
    post_id: int | None
    post_name: str  # the registry post, or the responsible party named in words
    time_limit: int | None
    time_unit: str  # "days" (working days) or "hours" (working hours)
    sign_off: str  # a SignOff value, or ""
    step_id: int


@dataclass
class StepNode:
    step: Step
    number: str
    children: list[StepNode] = field(default_factory=list)


def step_tree(version: WorkflowVersion) -> list[StepNode]:
    """The steps of a version in order, each with its sub-steps, numbered as users read them."""
    return _tree(list(version.steps.select_related("post").order_by("seq", "id")))


def trees_for(version_ids: list[int]) -> dict[int, list[StepNode]]:
    """The step trees of many versions, in one query."""
    steps: dict[int, list[Step]] = defaultdict(list)
    for step in Step.objects.filter(version_id__in=version_ids).select_related("post").order_by("seq", "id"):
        steps[step.version_id].append(step)
    return {pk: _tree(steps.get(pk, [])) for pk in version_ids}


def _tree(steps: list[Step]) -> list[StepNode]:
    by_parent: dict[int | None, list[Step]] = defaultdict(list)
    for step in steps:
        by_parent[step.parent_id].append(step)
    nodes = []
    for i, step in enumerate(by_parent[None], start=1):
        node = StepNode(step, str(i))
        node.children = [StepNode(c, f"{i}.{j}") for j, c in enumerate(by_parent[step.pk], start=1)]
        nodes.append(node)
    return nodes


def responsible_of(step: Step) -> str:
    return step.post.name if step.post_id and step.post else step.responsible


def steps_of(version: WorkflowVersion) -> list[StepSpec]:
    specs = []
    for node in step_tree(version):
        for item, parent in [(node, ""), *((c, node.number) for c in node.children)]:
            s = item.step
            specs.append(
                StepSpec(
                    item.number,
                    s.name,
                    parent,
                    s.post_id,
                    responsible_of(s),
                    s.time_limit,
                    s.time_unit,
                    s.sign_off,
                    s.pk,
                )
            )
    return specs


def version_on(workflow: Workflow, day: datetime.date) -> WorkflowVersion | None:
    """The version in force on `day`: adopted from valid_from, up to (not including) valid_to."""
    return (
        workflow.versions.filter(status__in=[Status.IN_FORCE, Status.SUPERSEDED], valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-valid_from", "-number")
        .first()
    )


def workflow_steps(unit_code: str, workflow_code: str, day: datetime.date) -> list[StepSpec]:
    """The steps of the workflow `workflow_code` of the unit `unit_code` in force on `day` ([] if none)."""
    workflow = Workflow.objects.filter(unit__code=unit_code, code=workflow_code).first()
    version = version_on(workflow, day) if workflow is not None else None
    return steps_of(version) if version is not None else []


# --- figures of one version ----------------------------------------------------------------------------------


@dataclass
class Figures:
    """What a version has: steps (环节: top-level steps), procedures (程序: the sub-steps, a step without
    sub-steps counting as one), distinct materials, sign-off levels, the sum of the steps' time limits."""

    steps: int = 0
    procedures: int = 0
    materials: list[str] = field(default_factory=list)
    sign_offs: list[str] = field(default_factory=list)  # the distinct levels, lowest first
    days: int = 0
    hours: int = 0
    step_names: list[str] = field(default_factory=list)
    sub_names: list[str] = field(default_factory=list)  # the sub-steps' names

    @property
    def levels(self) -> int:
        return len(self.sign_offs)

    @property
    def too_many_levels(self) -> bool:
        return self.levels > MAX_SIGN_OFF_LEVELS

    @property
    def inside_section(self) -> bool:
        """Every sign-off is done within the section (经办岗位 or 科室负责人)."""
        return all(SIGN_OFF_RANKS[s] <= SECTION_RANK for s in self.sign_offs)

    @property
    def sign_off_labels(self) -> list[str]:
        labels = dict(SignOff.choices)
        return [str(labels[s]) for s in self.sign_offs]


def _limit(node: StepNode) -> tuple[int, int]:
    """(working days, working hours) of a step: its own limit, or its sub-steps' when it has none."""
    s = node.step
    if s.time_limit is not None:
        return (s.time_limit, 0) if s.time_unit == "days" else (0, s.time_limit)
    days = hours = 0
    for child in node.children:
        d, h = _limit(child)
        days, hours = days + d, hours + h
    return days, hours


def figures_of_tree(tree: list[StepNode]) -> Figures:
    f = Figures()
    materials: dict[str, None] = {}
    levels: set[str] = set()
    for node in tree:
        f.steps += 1
        f.step_names.append(node.step.name)
        f.procedures += len(node.children) or 1
        f.sub_names.extend(c.step.name for c in node.children)
        d, h = _limit(node)
        f.days, f.hours = f.days + d, f.hours + h
        for item in [node, *node.children]:
            for m in item.step.material_list:
                materials.setdefault(m, None)
            if item.step.sign_off:
                levels.add(item.step.sign_off)
    f.materials = list(materials)
    f.sign_offs = sorted(levels, key=SIGN_OFF_RANKS.__getitem__)
    return f


def figures(version: WorkflowVersion) -> Figures:
    return figures_of_tree(step_tree(version))


@dataclass
class Comparison:
    """What a later version cut (or added) against an earlier one: counts and the named steps and materials."""

    old: Figures
    new: Figures
    removed_steps: list[str]
    added_steps: list[str]
    removed_materials: list[str]
    added_materials: list[str]
    removed_subs: list[str] = field(default_factory=list)
    added_subs: list[str] = field(default_factory=list)

    @property
    def steps_cut(self) -> int:
        return self.old.steps - self.new.steps

    @property
    def procedures_cut(self) -> int:
        return self.old.procedures - self.new.procedures

    @property
    def materials_cut(self) -> int:
        return len(self.old.materials) - len(self.new.materials)

    @property
    def days_cut(self) -> int:
        return self.old.days - self.new.days

    @property
    def hours_cut(self) -> int:
        return self.old.hours - self.new.hours

    @property
    def levels_cut(self) -> int:
        return self.old.levels - self.new.levels

    @property
    def kinds(self) -> list[str]:
        """减环节、减程序、减材料、减时限 (and 减层级) as they apply."""
        out = []
        for cut, label in (
            (self.steps_cut, gettext("减环节")),
            (self.procedures_cut, gettext("减程序")),
            (self.materials_cut, gettext("减材料")),
            (self.days_cut * 1000 + self.hours_cut, gettext("减时限")),
            (self.levels_cut, gettext("减层级")),
        ):
            if cut > 0:
                out.append(str(label))
        return out


def compare_figures(old: Figures, new: Figures) -> Comparison:
    old_steps, new_steps = set(old.step_names), set(new.step_names)
    return Comparison(
        old,
        new,
        [s for s in old.step_names if s not in new_steps],
        [s for s in new.step_names if s not in old_steps],
        [m for m in old.materials if m not in new.materials],
        [m for m in new.materials if m not in old.materials],
        [s for s in old.sub_names if s not in set(new.sub_names)],
        [s for s in new.sub_names if s not in set(old.sub_names)],
    )


def compare(old: WorkflowVersion, new: WorkflowVersion) -> Comparison:
    return compare_figures(figures(old), figures(new))


# --- lists ---------------------------------------------------------------------------------------------------


def workflows_of(user: Any, unit: Unit | None = None) -> QuerySet[Workflow]:
    queryset: QuerySet[Workflow] = Workflow.objects.visible_to(user).select_related("unit", "internal_body")
    return queryset.filter(unit=unit) if unit is not None else queryset


def current_version(workflow: Workflow) -> WorkflowVersion | None:
    """The version in force (None before the first adoption)."""
    return workflow.versions.filter(status=Status.IN_FORCE).order_by("-number").first()


def open_version(workflow: Workflow) -> WorkflowVersion | None:
    """The draft or submitted version being worked on (at most one at a time)."""
    return workflow.versions.filter(status__in=[Status.DRAFT, Status.SUBMITTED]).order_by("-number").first()


def region_units(user: Any, region: Region | None) -> QuerySet[Unit]:
    units: QuerySet[Unit] = Unit.objects.visible_to(user).filter(is_active=True).select_related("region")
    return units.filter(region__path__startswith=region.path) if region is not None else units
