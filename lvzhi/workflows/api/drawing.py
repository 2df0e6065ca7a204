"""Workflows, versions, steps, the images and the comparison."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from lvzhi.api.crud import resolve
from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.policy import enforces, get_for
from lvzhi.duties.models import Task
from lvzhi.registry.models import InternalBody, Post, Unit

from .. import actions, charts, selectors
from ..diagram import to_svg
from ..images import png_response
from ..models import Step
from ..policy import POLICY
from .schemas import (
    WorkflowAdoptIn,
    WorkflowComparisonOut,
    WorkflowIn,
    WorkflowMoveIn,
    WorkflowNewVersionIn,
    WorkflowOut,
    WorkflowReturnIn,
    WorkflowStepIn,
    WorkflowStepOut,
    WorkflowStepSpecOut,
    WorkflowVersionOut,
)
from .serialise import step_of, step_out, version_of, version_out, workflow_of, workflow_out

router = Router()
NO_CONTENT = {204: None, **ERROR_RESPONSES}


@router.get(
    "/", response={200: list[WorkflowOut], **ERROR_RESPONSES}, summary=_("看得到的流程图(可按单位筛选)")
)
@enforces(POLICY, "view")
def list_workflows(request: Any, unit: int | None = None) -> Any:
    workflows = (
        selectors.workflows_of(request.auth).prefetch_related("versions").order_by("unit__code", "code")
    )
    if unit is not None:
        workflows = workflows.filter(unit_id=unit)
    return [workflow_out(w) for w in workflows[:1000]]


@router.post("/", response={201: WorkflowOut, **ERROR_RESPONSES}, summary=_("新建流程图(第1版草稿)"))
@enforces(POLICY, "create")
def create_workflow(request: Any, data: WorkflowIn) -> Any:
    user = request.auth
    unit: Unit = get_for(user, Unit.objects.all(), "view", policy=POLICY, pk=data.unit)
    task = resolve(Task.objects.filter(unit=unit), data.task, "task", _("工作任务"))
    body = resolve(InternalBody.objects.filter(unit=unit), data.internal_body, "internal_body", _("内设机构"))
    workflow = actions.create_workflow(
        unit,
        code=data.code,
        name=data.name,
        subject_kind=data.subject_kind,
        power_item_key=data.power_item_key,
        task=task,
        internal_body=body,
        note=data.note,
        actor=user,
    )
    return Status(201, workflow_out(workflow))


@router.get("/{int:workflow_id}", response={200: WorkflowOut, **ERROR_RESPONSES}, summary=_("流程图及其版本"))
@enforces(POLICY, "view")
def get_workflow(request: Any, workflow_id: int) -> Any:
    return workflow_out(workflow_of(request.auth, workflow_id))


@router.get(
    "/versions/{int:version_id}",
    response={200: WorkflowVersionOut, **ERROR_RESPONSES},
    summary=_("一个版本的环节与统计"),
)
@enforces(POLICY, "view")
def get_version(request: Any, version_id: int) -> Any:
    return version_out(version_of(request.auth, version_id))


@router.get(
    "/versions/{int:version_id}/spec",
    response={200: list[WorkflowStepSpecOut], **ERROR_RESPONSES},
    summary=_("一个版本的环节顺序与时限(供履职监管比对流程事件)"),
)
@enforces(POLICY, "view")
def version_spec(request: Any, version_id: int) -> Any:
    return [spec.__dict__ for spec in selectors.steps_of(version_of(request.auth, version_id))]


@router.get(
    "/versions/{int:version_id}/image.{fmt}",
    response={200: None, **ERROR_RESPONSES},
    summary=_("流程图图片(fmt 为 svg 或 png)"),
)
@enforces(POLICY, "view")
def version_image(request: Any, version_id: int, fmt: str) -> Any:
    version = version_of(request.auth, version_id)
    drawing = charts.layout_of(version)
    name = file_name(version.workflow.name, _("流程图(第%(n)s版)") % {"n": version.number}, suffix=fmt)
    if fmt == "svg":
        return attach(HttpResponse(to_svg(drawing), content_type="image/svg+xml; charset=utf-8"), name)
    if fmt == "png":
        return attach(png_response(drawing), name)
    raise Http404


@router.get(
    "/{int:workflow_id}/compare",
    response={200: WorkflowComparisonOut, **ERROR_RESPONSES},
    summary=_("两个版本对比:减环节、减程序、减材料、减时限"),
)
@enforces(POLICY, "view")
def compare(request: Any, workflow_id: int, a: int | None = None, b: int | None = None) -> Any:
    """`a` the earlier version, `b` the later (default: the latest and the one before it)."""
    workflow = workflow_of(request.auth, workflow_id)
    versions = {v.number: v for v in workflow.versions.all()}
    b = b if b is not None else max(versions, default=0)
    a = a if a is not None else max((n for n in versions if n < b), default=b)
    if a not in versions or b not in versions:
        raise Http404
    c = selectors.compare(versions[a], versions[b])
    return {
        "old": a, "new": b, "kinds": c.kinds, "steps_cut": c.steps_cut, "procedures_cut": c.procedures_cut,
        "materials_cut": c.materials_cut, "days_cut": c.days_cut, "hours_cut": c.hours_cut,
        "levels_cut": c.levels_cut, "removed_steps": c.removed_steps, "added_steps": c.added_steps,
        "removed_materials": c.removed_materials, "added_materials": c.added_materials,
    }  # fmt: skip


@router.post(
    "/{int:workflow_id}/versions",
    response={201: WorkflowVersionOut, **ERROR_RESPONSES},
    summary=_("流程再造:由现行版本复制一版草稿"),
)
@enforces(POLICY, "create")
def new_version(request: Any, workflow_id: int, data: WorkflowNewVersionIn) -> Any:
    workflow = workflow_of(request.auth, workflow_id)
    return Status(201, version_out(actions.new_version(workflow, reason=data.reason, actor=request.auth)))


def _step_values(user: Any, version: Any, data: WorkflowStepIn) -> dict[str, Any]:
    return {
        "name": data.name,
        "parent": resolve(Step.objects.filter(version=version), data.parent, "parent", _("环节")),
        "post": resolve(Post.objects.filter(unit_id=version.unit_id), data.post, "post", _("岗位")),
        "responsible": data.responsible,
        "time_limit": data.time_limit,
        "time_unit": data.time_unit,
        "limit_basis": data.limit_basis,
        "materials": "\n".join(data.materials),
        "sign_off": data.sign_off,
        "description": data.description,
    }


@router.post(
    "/versions/{int:version_id}/steps",
    response={201: WorkflowStepOut, **ERROR_RESPONSES},
    summary=_("添加环节"),
)
@enforces(POLICY, "edit")
def add_step(request: Any, version_id: int, data: WorkflowStepIn) -> Any:
    version = version_of(request.auth, version_id)
    step = actions.save_step(version, **_step_values(request.auth, version, data), actor=request.auth)
    return Status(201, step_out(step=step))


@router.put("/steps/{int:step_id}", response={200: WorkflowStepOut, **ERROR_RESPONSES}, summary=_("修改环节"))
@enforces(POLICY, "edit")
def update_step(request: Any, step_id: int, data: WorkflowStepIn) -> Any:
    step = step_of(request.auth, step_id)
    values = _step_values(request.auth, step.version, data)
    step = actions.save_step(step.version, step=step, **values, actor=request.auth)
    return step_out(step=step)


@router.delete("/steps/{int:step_id}", response=NO_CONTENT, summary=_("删除环节(及其子环节)"))
@enforces(POLICY, "edit")
def delete_step(request: Any, step_id: int) -> Any:
    actions.delete_step(step_of(request.auth, step_id), actor=request.auth)
    return Status(204, None)


@router.post(
    "/steps/{int:step_id}/move",
    response={200: WorkflowVersionOut, **ERROR_RESPONSES},
    summary=_("上移或下移环节"),
)
@enforces(POLICY, "edit")
def move_step(request: Any, step_id: int, data: WorkflowMoveIn) -> Any:
    step = step_of(request.auth, step_id)
    actions.move_step(step, up=data.up, actor=request.auth)
    return version_out(step.version)


@router.delete("/versions/{int:version_id}", response=NO_CONTENT, summary=_("删除草稿"))
@enforces(POLICY, "edit")
def delete_version(request: Any, version_id: int) -> Any:
    actions.delete_draft(version_of(request.auth, version_id), actor=request.auth)
    return Status(204, None)


@router.post(
    "/versions/{int:version_id}/submit",
    response={200: WorkflowVersionOut, **ERROR_RESPONSES},
    summary=_("报送编办审定"),
)
@enforces(POLICY, "submit")
def submit(request: Any, version_id: int) -> Any:
    return version_out(actions.submit(version_of(request.auth, version_id), actor=request.auth))


@router.post(
    "/versions/{int:version_id}/adopt",
    response={200: WorkflowVersionOut, **ERROR_RESPONSES},
    summary=_("审定启用"),
)
@enforces(POLICY, "adopt")
def adopt(request: Any, version_id: int, data: WorkflowAdoptIn) -> Any:
    version = version_of(request.auth, version_id)
    return version_out(actions.adopt(version, valid_from=data.valid_from, actor=request.auth))


@router.post(
    "/versions/{int:version_id}/return",
    response={200: WorkflowVersionOut, **ERROR_RESPONSES},
    summary=_("退回修改"),
)
@enforces(POLICY, "return")
def return_version(request: Any, version_id: int, data: WorkflowReturnIn) -> Any:
    version = version_of(request.auth, version_id)
    return version_out(actions.return_version(version, reason=data.reason, actor=request.auth))
