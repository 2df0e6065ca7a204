"""Decomposition (颗粒化): internal-body duties under the 三定 main duties, tasks under them, tasks to posts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.registry.models import InternalBody, MainDuty, Post, Unit

from ..models import BodyDuty, Task
from ..policy import POLICY
from .common import audited, require_text, validate


def save_body_duty(
    unit: Unit,
    *,
    internal_body: InternalBody,
    text: str,
    main_duty: MainDuty | None = None,
    seq: int | None = None,
    duty: BodyDuty | None = None,
    actor: Any,
    reason: str = "",
) -> BodyDuty:
    """Create (duty=None) or change an internal-body duty of `unit`."""
    POLICY.require(actor, "edit_decomposition", unit)
    if internal_body.unit_id != unit.pk:
        raise Invalid(_("内设机构不属于该单位。"), field="internal_body")
    if main_duty is not None and main_duty.sanding.unit_id != unit.pk:
        raise Invalid(_("三定主要职责不属于该单位。"), field="main_duty")
    with audited(actor=actor, reason=reason):
        duty = duty or BodyDuty(unit=unit)
        duty.internal_body = internal_body
        duty.main_duty = main_duty
        duty.text = require_text(text, "text", _("内设机构职责"))
        if seq is not None:
            duty.seq = seq
        elif not duty.pk:
            duty.seq = BodyDuty.objects.filter(internal_body=internal_body).count() + 1
        validate(duty)
        duty.save()
    return duty


def delete_body_duty(duty: BodyDuty, *, actor: Any, reason: str = "") -> None:
    POLICY.require(actor, "edit_decomposition", duty)
    with audited(actor=actor, reason=reason):
        for task in duty.tasks.all():
            task.delete()
        duty.delete()


def save_task(
    duty: BodyDuty,
    *,
    text: str,
    posts: Iterable[Post] = (),
    seq: int | None = None,
    task: Task | None = None,
    actor: Any,
    reason: str = "",
) -> Task:
    """Create (task=None) or change a task of an internal-body duty, and set the posts that carry it."""
    POLICY.require(actor, "edit_decomposition", duty)
    posts = list(posts)
    if any(post.unit_id != duty.unit_id for post in posts):
        raise Invalid(_("岗位不属于该单位。"), field="posts")
    with audited(actor=actor, reason=reason):
        task = task or Task(unit_id=duty.unit_id)
        task.body_duty = duty
        task.text = require_text(text, "text", _("工作任务"))
        if seq is not None:
            task.seq = seq
        elif not task.pk:
            task.seq = duty.tasks.count() + 1
        validate(task)
        task.save()
        task.posts.set(posts)
    return task


def delete_task(task: Task, *, actor: Any, reason: str = "") -> None:
    POLICY.require(actor, "edit_decomposition", task)
    with audited(actor=actor, reason=reason):
        task.delete()
