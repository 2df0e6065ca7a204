"""Objects of the room as the API's schemas read them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.core.policy import get_for

from ..checks import UnitChecks, percent
from ..models import SignOff, Step, Workflow, WorkflowVersion, WorkNorm
from ..policy import POLICY
from ..sections import SectionParts, UnitMissing
from ..selectors import Figures, StepNode, responsible_of, step_tree

SIGN_OFF_LABELS = dict(SignOff.choices)


def workflow_of(user: Any, pk: int, action: str = "view") -> Workflow:
    workflow: Workflow = get_for(
        user, Workflow.objects.select_related("unit", "internal_body"), action, pk=pk
    )
    return workflow


def version_of(user: Any, pk: int, action: str = "view") -> WorkflowVersion:
    version: WorkflowVersion = get_for(
        user, WorkflowVersion.objects.select_related("workflow"), action, pk=pk
    )
    return version


def step_of(user: Any, pk: int, action: str = "view") -> Step:
    step: Step = get_for(user, Step.objects.select_related("version"), action, pk=pk)
    return step


def brief(v: WorkflowVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "number": v.number,
        "status": v.status,
        "status_label": v.get_status_display(),
        "valid_from": v.valid_from,
        "valid_to": v.valid_to,
        "reason": v.reason,
        "returned_reason": v.returned_reason,
    }


def workflow_out(w: Workflow) -> dict[str, Any]:
    return {
        "id": w.pk,
        "unit": w.unit_id,
        "unit_name": w.unit.name,
        "code": w.code,
        "name": w.name,
        "subject_kind": w.subject_kind,
        "subject_name": w.subject_name,
        "power_item_key": w.power_item_key,
        "task": w.task_id,
        "internal_body": w.internal_body_id,
        "internal_body_name": w.internal_body.name if w.internal_body else "",
        "versions": [brief(v) for v in w.versions.order_by("number")],
    }


def step_number(step: Step) -> str:
    for node in step_tree(step.version):
        for item in [node, *node.children]:
            if item.step.pk == step.pk:
                return item.number
    return ""


def step_out(node: StepNode | None = None, step: Step | None = None) -> dict[str, Any]:
    s = node.step if node is not None else step
    if s is None:
        raise ValueError("a node or a step")
    return {
        "id": s.pk,
        "number": node.number if node is not None else step_number(s),
        "parent": s.parent_id,
        "name": s.name,
        "post": s.post_id,
        "post_name": s.post.name if s.post_id and s.post else "",
        "responsible": responsible_of(s),
        "time_limit": s.time_limit,
        "time_unit": s.time_unit,
        "limit_basis": s.limit_basis,
        "materials": s.material_list,
        "sign_off": s.sign_off,
        "sign_off_label": str(SIGN_OFF_LABELS.get(s.sign_off, "")),
        "description": s.description,
    }


def figures_out(f: Figures) -> dict[str, Any]:
    return {
        "steps": f.steps,
        "procedures": f.procedures,
        "materials": f.materials,
        "sign_off_levels": f.sign_off_labels,
        "levels": f.levels,
        "too_many_levels": f.too_many_levels,
        "inside_section": f.inside_section,
        "days": f.days,
        "hours": f.hours,
    }


def version_out(v: WorkflowVersion) -> dict[str, Any]:
    from ..selectors import figures_of_tree

    tree = step_tree(v)
    steps = [step_out(item) for node in tree for item in [node, *node.children]]
    return {
        **brief(v),
        "workflow": v.workflow_id,
        "steps": steps,
        "figures": figures_out(figures_of_tree(tree)),
    }


def checks_out(row: UnitChecks) -> dict[str, Any]:
    return {
        "unit": row.unit_id or None,
        "unit_name": row.unit_name,
        "drawn": row.drawn,
        "workflows": row.workflows,
        "flagged": row.flagged,
        "share_before": percent(row.share_before),
        "share_now": percent(row.share_now),
        "redesigned": row.redesigned,
        "steps_cut": row.steps_cut,
        "procedures_cut": row.procedures_cut,
        "materials_cut": row.materials_cut,
        "days_cut": row.days_cut,
        "hours_cut": row.hours_cut,
    }


def norm_out(n: WorkNorm) -> dict[str, Any]:
    return {
        "id": n.pk,
        "internal_body": n.internal_body_id,
        "title": n.title,
        "document_number": n.document_number,
        "issued_on": n.issued_on,
        "file_name": n.file_name,
        "url": reverse("protected_file", args=[n.file.name]) if n.file else "",
    }


def section_out(p: SectionParts) -> dict[str, Any]:
    return {
        "internal_body": p.body.pk,
        "name": p.body.name,
        "unit": p.body.unit_id,
        "tasks": [t.pk for t in p.tasks],
        "workflows": [w.pk for w in p.workflows],
        "workflows_in_force": sorted(p.in_force),
        "norms": [norm_out(n) for n in p.norms],
        "boundaries": [b.pk for b in p.boundaries],
        "missing": p.missing,
        "missing_labels": p.missing_labels,
    }


def missing_out(row: UnitMissing) -> dict[str, Any]:
    return {
        "unit": row.unit.pk,
        "unit_name": row.unit.name,
        "sections": row.sections,
        "complete": row.complete,
        "missing": row.missing,
        "incomplete_sections": [p.body.pk for p in row.incomplete],
    }


def may(user: Any, action: str, obj: Any = None) -> bool:
    return POLICY.allowed(user, action, obj)
