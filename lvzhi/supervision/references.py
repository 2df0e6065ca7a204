"""The registry, the lists and the workflows as the reference tables records are checked against
(lvzhi.supervision.checking.References), and the store the settings name."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lvzhi.duties.models import PowerItem, Task
from lvzhi.registry.models import InternalBody, Post, Unit
from lvzhi.workflows.models import Status, WorkflowVersion
from lvzhi.workflows.selectors import trees_for

from .checking import References
from .policy import POLICY
from .store import Store


def store() -> Store:
    return Store(settings.SUPERVISION_DIR)


def references(user: Any = None) -> References:
    """Read per batch (a code changed a moment ago counts at once): tuples, not model instances."""
    units = list(Unit.objects.values_list("pk", "code", "region__code", "category__code"))
    code = {pk: c for pk, c, _r, _k in units}
    refs = References(
        units=[{"unit": c, "region": r, "category": k or ""} for _pk, c, r, k in units],
        bodies=[{"unit": code[u], "body": b} for u, b in InternalBody.objects.values_list("unit_id", "code")],
        posts=[{"unit": code[u], "post": p} for u, p in Post.objects.values_list("unit_id", "code")],
    )
    items = {(code[u], "power", c) for u, c in PowerItem.objects.values_list("unit_id", "code")}
    items |= {(code[u], "task", str(pk)) for u, pk in Task.objects.values_list("unit_id", "pk")}
    refs.items = [{"unit": u, "item_kind": k, "item": i} for u, k, i in items]
    refs.steps = step_rows()
    if user is not None and POLICY.own_unit_only(user, "submit"):
        refs.allowed_units = [code[user.unit_id]] if user.unit_id in code else []
    return refs


def step_rows() -> list[dict[str, Any]]:
    """Every step of every version that is or was in force, with its version's dates: the step's order in the
    workflow (sub-steps counted), the number of steps, and its time limit."""
    versions = list(
        WorkflowVersion.objects.filter(
            status__in=[Status.IN_FORCE, Status.SUPERSEDED], valid_from__isnull=False
        ).select_related("workflow__unit")
    )
    trees = trees_for([v.pk for v in versions])
    rows = []
    for version in versions:
        flat = [(n, "") for n in trees[version.pk]]
        ordered = []
        for node, _parent in flat:
            ordered.append(node)
            ordered.extend(node.children)
        for order, node in enumerate(ordered, start=1):
            rows.append(
                {
                    "unit": version.workflow.unit.code,
                    "workflow": version.workflow.code,
                    "step": node.number,
                    "step_name": node.step.name,
                    "step_order": order,
                    "step_total": len(ordered),
                    "time_limit": node.step.time_limit,
                    "time_unit": node.step.time_unit or "days",
                    "valid_from": version.valid_from,
                    "valid_to": version.valid_to,
                }
            )
    return rows
