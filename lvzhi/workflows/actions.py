"""Every write of the workflows room: one transaction, keyword `actor`, the table enforced first
(POLICY.require), the audit inside (the models are AuditedModel; business steps record events)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid, Refused
from lvzhi.duties.actions.common import audited, require_text, validate
from lvzhi.duties.models import PowerItem, Task
from lvzhi.registry.models import InternalBody, Post, Unit

from .dates import cn_date
from .models import SignOff, Status, Step, SubjectKind, TimeUnit, Workflow, WorkflowVersion
from .policy import POLICY
from .selectors import current_version, open_version


class WorkflowConflict(Refused):
    """A change the workflow's state refuses (a second draft, an adoption date before the version in force): 409."""

    status_code = 409


def _subject(
    unit: Unit, subject_kind: str, power_item_key: str, task: Task | None
) -> tuple[str, Task | None, str]:
    if subject_kind == SubjectKind.POWER:
        item = PowerItem.objects.current().filter(unit=unit, key=power_item_key).first()
        if item is None:
            raise Invalid(_("请选择本单位现行权责清单中的事项。"), field="power_item")
        return item.key, None, item.name
    if subject_kind == SubjectKind.TASK:
        if task is None or task.unit_id != unit.pk:
            raise Invalid(_("请选择本单位职责分解中的工作任务。"), field="task")
        return "", task, task.text[:300]
    raise Invalid(_("事项类别只能是权责事项或工作任务。"), field="subject_kind")


def create_workflow(
    unit: Unit,
    *,
    code: str,
    name: str,
    subject_kind: str,
    power_item_key: str = "",
    task: Task | None = None,
    internal_body: InternalBody | None = None,
    note: str = "",
    actor: Any,
    reason: str = "",
) -> Workflow:
    """A new workflow of a power item or task of `unit`, with an empty first version (a draft)."""
    POLICY.require(actor, "create", unit)
    if internal_body is not None and internal_body.unit_id != unit.pk:
        raise Invalid(_("承办科室不属于该单位。"), field="internal_body")
    key, task, subject_name = _subject(unit, subject_kind, power_item_key, task)
    code = require_text(code, "code", _("流程编码"))
    if Workflow.objects.filter(unit=unit, code=code).exists():
        raise Invalid(_("本单位已有编码为“%(code)s”的流程图。") % {"code": code}, field="code")
    with audited(actor=actor, reason=reason):
        workflow = Workflow(
            unit=unit,
            internal_body=internal_body,
            code=code,
            name=require_text(name, "name", _("流程名称")),
            subject_kind=subject_kind,
            power_item_key=key,
            task=task,
            subject_name=subject_name,
            note=note,
        )
        validate(workflow)
        workflow.save()
        WorkflowVersion.objects.create(
            unit=unit, workflow=workflow, number=1, created_by=_user(actor), reason=_("首次绘制")
        )
    return workflow


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def new_version(workflow: Workflow, *, reason: str, actor: Any) -> WorkflowVersion:
    """A redesign (流程再造): a draft copied step by step from the version in force, to cut steps, procedures,
    materials and time limits from."""
    POLICY.require(actor, "create", workflow)
    reason = require_text(reason, "reason", _("修订说明"))
    if open_version(workflow) is not None:
        raise WorkflowConflict(_("该流程图已有未审定的版本,请先完成或删除它。"))
    source = current_version(workflow)
    if source is None:
        raise WorkflowConflict(_("该流程图还没有现行版本,请先审定启用第一版。"))
    with audited(actor=actor, reason=reason):
        number = (workflow.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = WorkflowVersion.objects.create(
            unit_id=workflow.unit_id, workflow=workflow, number=number, reason=reason, created_by=_user(actor)
        )
        copy_steps(source, version)
        record_event(
            "workflows.version_created", version, after={"number": number, "copied_from": source.number}
        )
    return version


def copy_steps(source: WorkflowVersion, target: WorkflowVersion) -> None:
    parents: dict[int, Step] = {}
    for step in source.steps.order_by("parent_id", "seq", "id"):
        old_pk, parent_pk = step.pk, step.parent_id
        step.pk = None
        step.id = None
        step._state.adding = True
        step.version = target
        step.parent = parents.get(parent_pk) if parent_pk else None
        step.save()
        parents[old_pk] = step


def save_version(version: WorkflowVersion, *, reason: str, actor: Any) -> WorkflowVersion:
    POLICY.require(actor, "edit", version)
    with audited(actor=actor):
        version.reason = reason.strip()
        version.save(update_fields=["reason"])
    return version


def save_step(
    version: WorkflowVersion,
    *,
    name: str,
    parent: Step | None = None,
    post: Post | None = None,
    responsible: str = "",
    time_limit: int | None = None,
    time_unit: str = TimeUnit.DAYS,
    limit_basis: str = "",
    materials: str = "",
    sign_off: str = "",
    description: str = "",
    step: Step | None = None,
    actor: Any,
    reason: str = "",
) -> Step:
    """Add (step=None) or change a step or sub-step of a draft version."""
    POLICY.require(actor, "edit", version)
    _check_step(version, parent, post, responsible, time_limit, time_unit, sign_off, step)
    with audited(actor=actor, reason=reason):
        if step is None:
            siblings = version.steps.filter(parent=parent)
            step = Step(
                unit_id=version.unit_id,
                version=version,
                parent=parent,
                seq=(siblings.aggregate(n=Max("seq"))["n"] or 0) + 1,
            )
        elif step.parent_id != (parent.pk if parent else None):
            step.parent = parent
            step.seq = (version.steps.filter(parent=parent).aggregate(n=Max("seq"))["n"] or 0) + 1
        step.name = require_text(name, "name", _("环节名称"))
        step.post = post
        step.responsible = responsible.strip()
        step.time_limit = time_limit
        step.time_unit = time_unit or TimeUnit.DAYS
        step.limit_basis = limit_basis.strip()
        step.materials = "\n".join(line.strip() for line in materials.splitlines() if line.strip())
        step.sign_off = sign_off or ""
        step.description = description.strip()
        validate(step)
        step.save()
    return step


def _check_step(
    version: WorkflowVersion,
    parent: Step | None,
    post: Post | None,
    responsible: str,
    time_limit: int | None,
    time_unit: str,
    sign_off: str,
    step: Step | None,
) -> None:
    if step is not None and step.version_id != version.pk:
        raise Invalid(_("该环节不属于这个版本。"))
    if parent is not None:
        if parent.version_id != version.pk or parent.parent_id is not None:
            raise Invalid(_("所属环节须是本版本的一级环节(子环节下不能再分)。"), field="parent")
        if step is not None and (parent.pk == step.pk or step.children.exists()):
            raise Invalid(_("有子环节的环节不能再放到其他环节之下。"), field="parent")
    if post is not None and post.unit_id != version.unit_id:
        raise Invalid(_("责任岗位须是本单位的岗位。"), field="post")
    if post is None and not responsible.strip():
        raise Invalid(_("请选择责任岗位,或填写责任主体(如:申请人)。"), field="post")
    if time_unit not in TimeUnit.values:
        raise Invalid(_("时限单位只能是工作日或工作小时。"), field="time_unit")
    if time_limit is not None and time_limit <= 0:
        raise Invalid(_("时限须是正整数。"), field="time_limit")
    if sign_off and sign_off not in SignOff.values:
        raise Invalid(_("签批层级无法识别。"), field="sign_off")


def delete_step(step: Step, *, actor: Any, reason: str = "") -> None:
    """Remove a step (and its sub-steps) from a draft; the steps after it close up."""
    POLICY.require(actor, "edit", step)
    with audited(actor=actor, reason=reason):
        for child in step.children.all():
            child.delete()
        parent, version = step.parent, step.version
        step.delete()
        _renumber(version, parent)


def move_step(step: Step, *, up: bool, actor: Any) -> None:
    """Swap a step with the one before (up) or after it among its siblings."""
    POLICY.require(actor, "edit", step)
    siblings = list(step.version.steps.filter(parent_id=step.parent_id).order_by("seq", "id"))
    i = next(n for n, s in enumerate(siblings) if s.pk == step.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(siblings):
        return
    siblings[i], siblings[j] = siblings[j], siblings[i]
    with audited(actor=actor):
        for seq, s in enumerate(siblings, start=1):
            if s.seq != seq:
                s.seq = seq
                s.save(update_fields=["seq"])


def _renumber(version: WorkflowVersion, parent: Step | None) -> None:
    for seq, s in enumerate(version.steps.filter(parent=parent).order_by("seq", "id"), start=1):
        if s.seq != seq:
            s.seq = seq
            s.save(update_fields=["seq"])


def delete_draft(version: WorkflowVersion, *, actor: Any, reason: str = "") -> Workflow | None:
    """Delete a draft; a workflow whose only version it was goes with it (returns the workflow if it stays)."""
    POLICY.require(actor, "edit", version)
    workflow = version.workflow
    with audited(actor=actor, reason=reason):
        for step in version.steps.exclude(parent=None):
            step.delete()
        for step in version.steps.all():
            step.delete()
        version.delete()
        if not workflow.versions.exists():
            workflow.delete()
            return None
    return workflow


def submit(version: WorkflowVersion, *, actor: Any, reason: str = "") -> WorkflowVersion:
    """The unit reports the draft to the office for adoption."""
    POLICY.require(actor, "submit", version)
    if not version.steps.exists():
        raise Invalid(_("流程图还没有环节,不能报送。"))
    with audited(actor=actor, reason=reason):
        version.status = Status.SUBMITTED
        version.submitted_at = timezone.now()
        version.returned_reason = ""
        version.save(update_fields=["status", "submitted_at", "returned_reason"])
        record_event("workflows.submitted", version, after={"number": version.number})
    return version


def adopt(
    version: WorkflowVersion, *, valid_from: datetime.date | None = None, actor: Any, reason: str = ""
) -> WorkflowVersion:
    """The office adopts the version: in force from `valid_from` (today by default); the version in force
    before it is superseded that day."""
    POLICY.require(actor, "adopt", version)
    if not version.steps.exists():
        raise Invalid(_("流程图还没有环节,不能启用。"))
    day = valid_from or timezone.localdate()
    previous = current_version(version.workflow)
    if previous is not None and previous.valid_from and day <= previous.valid_from:
        raise WorkflowConflict(
            _("启用日期须晚于现行第%(n)s版的启用日期(%(day)s)。")
            % {"n": previous.number, "day": cn_date(previous.valid_from)}
        )
    with audited(actor=actor, reason=reason):
        if previous is not None:
            previous.status = Status.SUPERSEDED
            previous.valid_to = day
            previous.save(update_fields=["status", "valid_to"])
        version.status = Status.IN_FORCE
        version.valid_from = day
        version.adopted_at = timezone.now()
        version.adopted_by = _user(actor)
        version.save(update_fields=["status", "valid_from", "adopted_at", "adopted_by"])
        record_event(
            "workflows.adopted", version, after={"number": version.number, "valid_from": day.isoformat()}
        )
    return version


def return_version(version: WorkflowVersion, *, reason: str, actor: Any) -> WorkflowVersion:
    """The office returns a submitted version to the unit, with the reason; it is a draft again."""
    POLICY.require(actor, "return", version)
    reason = require_text(reason, "reason", _("退回原因"))
    with audited(actor=actor, reason=reason):
        version.status = Status.DRAFT
        version.returned_reason = reason
        version.save(update_fields=["status", "returned_reason"])
        record_event("workflows.returned", version, after={"number": version.number}, reason=reason)
    return version
