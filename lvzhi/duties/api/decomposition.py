"""Decomposition and coverage."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from lvzhi.api.crud import resolve
from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import InternalBody, MainDuty, Post, Region, Unit

from .. import actions, selectors
from ..models import BodyDuty, Task
from ..policy import POLICY
from .schemas import BodyDutyIn, BodyDutyOut, CoverageOut, TaskIn, TaskOut

router = Router()
NO_CONTENT = {204: None, **ERROR_RESPONSES}


def _unit(user: Any, pk: int) -> Unit:
    unit: Unit = get_for(user, Unit.objects.all(), "view", policy=POLICY, pk=pk)
    return unit


def _duty_out(duty: BodyDuty) -> dict[str, Any]:
    return {
        "id": duty.pk,
        "internal_body": duty.internal_body_id,
        "internal_body_name": duty.internal_body.name,
        "main_duty": duty.main_duty_id,
        "seq": duty.seq,
        "text": duty.text,
        "tasks": [_task_out(t) for t in duty.tasks.all()],
    }


def _task_out(task: Task) -> dict[str, Any]:
    return {"id": task.pk, "seq": task.seq, "text": task.text, "posts": [p.pk for p in task.posts.all()]}


def _posts(unit_id: int, ids: list[int]) -> list[Post]:
    posts = list(Post.objects.filter(unit_id=unit_id, pk__in=ids))
    if len(posts) != len(set(ids)):
        raise invalid("posts", _("岗位须是该单位的岗位。"))
    return posts


def _coverage_out(figures: selectors.Coverage) -> dict[str, Any]:
    rows = [{**row.__dict__, "complete": row.complete} for row in figures.units]
    return {
        "units": rows,
        "totals": figures.totals,
        "missing_main": [m.pk for m in figures.missing_main],
        "missing_post": [t.pk for t in figures.missing_post],
    }


@router.get(
    "/units/{int:unit_id}/decomposition",
    response={200: list[BodyDutyOut], **ERROR_RESPONSES},
    summary=_("单位的职责分解(内设机构职责及其工作任务、岗位)"),
)
@enforces(POLICY, "view")
def get_decomposition(request: Any, unit_id: int) -> Any:
    unit = _unit(request.auth, unit_id)
    duties = (
        BodyDuty.objects.filter(unit=unit).select_related("internal_body").prefetch_related("tasks__posts")
    )
    return [_duty_out(d) for d in duties]


@router.get(
    "/units/{int:unit_id}/coverage",
    response={200: CoverageOut, **ERROR_RESPONSES},
    summary=_("单位的两个全部分解核查"),
)
@enforces(POLICY, "view")
def unit_coverage(request: Any, unit_id: int) -> Any:
    unit = _unit(request.auth, unit_id)
    return _coverage_out(selectors.coverage(Unit.objects.filter(pk=unit.pk)))


@router.get("/coverage", response={200: CoverageOut, **ERROR_RESPONSES}, summary=_("区划的两个全部分解核查"))
@enforces(POLICY, "view_region")
def region_coverage(request: Any, region: int | None = None) -> Any:
    POLICY.require(request.auth, "view_region")
    where = Region.objects.filter(pk=region).first() if region else None
    return _coverage_out(selectors.coverage(selectors.region_units(request.auth, where)))


@router.post(
    "/units/{int:unit_id}/body-duties",
    response={201: BodyDutyOut, **ERROR_RESPONSES},
    summary=_("新增内设机构职责"),
)
@enforces(POLICY, "edit_decomposition")
def create_body_duty(request: Any, unit_id: int, data: BodyDutyIn) -> Any:
    user = request.auth
    unit = _unit(user, unit_id)
    body = resolve(InternalBody.objects.filter(unit=unit), data.internal_body, "internal_body", _("内设机构"))
    main = resolve(
        MainDuty.objects.filter(sanding__unit=unit), data.main_duty, "main_duty", _("三定主要职责")
    )
    duty = actions.save_body_duty(
        unit, internal_body=body, main_duty=main, text=data.text, seq=data.seq, actor=user
    )
    return Status(201, _duty_out(duty))


@router.put(
    "/body-duties/{int:duty_id}",
    response={200: BodyDutyOut, **ERROR_RESPONSES},
    summary=_("修改内设机构职责"),
)
@enforces(POLICY, "edit_decomposition")
def update_body_duty(request: Any, duty_id: int, data: BodyDutyIn) -> Any:
    user = request.auth
    duty = get_for(user, BodyDuty.objects.select_related("unit"), "view", pk=duty_id)
    body = resolve(
        InternalBody.objects.filter(unit=duty.unit), data.internal_body, "internal_body", _("内设机构")
    )
    main = resolve(
        MainDuty.objects.filter(sanding__unit=duty.unit), data.main_duty, "main_duty", _("三定主要职责")
    )
    duty = actions.save_body_duty(
        duty.unit, duty=duty, internal_body=body, main_duty=main, text=data.text, seq=data.seq, actor=user
    )
    return _duty_out(duty)


@router.delete("/body-duties/{int:duty_id}", response=NO_CONTENT, summary=_("删除内设机构职责(及其工作任务)"))
@enforces(POLICY, "edit_decomposition")
def delete_body_duty(request: Any, duty_id: int) -> Any:
    duty = get_for(request.auth, BodyDuty.objects.all(), "view", pk=duty_id)
    actions.delete_body_duty(duty, actor=request.auth)
    return Status(204, None)


@router.post(
    "/body-duties/{int:duty_id}/tasks", response={201: TaskOut, **ERROR_RESPONSES}, summary=_("新增工作任务")
)
@enforces(POLICY, "edit_decomposition")
def create_task(request: Any, duty_id: int, data: TaskIn) -> Any:
    user = request.auth
    duty = get_for(user, BodyDuty.objects.all(), "view", pk=duty_id)
    posts = _posts(duty.unit_id, data.posts)
    task = actions.save_task(duty, text=data.text, posts=posts, seq=data.seq, actor=user)
    return Status(201, _task_out(task))


@router.put(
    "/tasks/{int:task_id}", response={200: TaskOut, **ERROR_RESPONSES}, summary=_("修改工作任务及其岗位")
)
@enforces(POLICY, "edit_decomposition")
def update_task(request: Any, task_id: int, data: TaskIn) -> Any:
    user = request.auth
    task = get_for(user, Task.objects.select_related("body_duty"), "view", pk=task_id)
    posts = _posts(task.unit_id, data.posts)
    task = actions.save_task(task.body_duty, task=task, text=data.text, posts=posts, seq=data.seq, actor=user)
    return _task_out(task)


@router.delete("/tasks/{int:task_id}", response=NO_CONTENT, summary=_("删除工作任务"))
@enforces(POLICY, "edit_decomposition")
def delete_task(request: Any, task_id: int) -> Any:
    task = get_for(request.auth, Task.objects.all(), "view", pk=task_id)
    actions.delete_task(task, actor=request.auth)
    return Status(204, None)
