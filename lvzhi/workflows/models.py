"""The workflows room's tables: a workflow (流程图) of a task or power item, its versions (a redesign is a new
version; the old one stays), the steps of a version (ordered, with sub-steps), and the sections' work norms."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import OWN_UNIT_ROLES, PolicyQuerySet, Rule, role_of
from lvzhi.duties.models import Task
from lvzhi.registry.models import InternalBody, Post, Unit

from .policy import DRAFT, IN_FORCE, POLICY


class UnitScoped(PolicyQuerySet):
    """Objects of one unit: visible when the unit is (Unit.objects.visible_to); a unit contact acts on its own
    unit's under a rule scoped "unit"."""

    policy = POLICY

    def visible(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def related(self, user: Any, rule: Rule) -> Self:
        if rule.scope == "unit" and role_of(user) in OWN_UNIT_ROLES:
            return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()
        return self


class WorkflowQuerySet(UnitScoped):
    pass


class VersionQuerySet(UnitScoped):
    def in_force(self) -> Self:
        return self.filter(status=IN_FORCE)


class StepQuerySet(UnitScoped):
    pass


class NormQuerySet(UnitScoped):
    pass


class Status(models.TextChoices):
    """A version's status: the states of the room's table (policy.STATES, in this order)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    IN_FORCE = "in_force", _("现行")
    SUPERSEDED = "superseded", _("已废止")


class SubjectKind(models.TextChoices):
    POWER = "power", _("权责事项")
    TASK = "task", _("工作任务")


class TimeUnit(models.TextChoices):
    DAYS = "days", _("工作日")
    HOURS = "hours", _("工作小时")


class SignOff(models.TextChoices):
    """Who signs a step off (签批层级), from the post that handles it up; `RANKS` orders them."""

    POST = "post", _("经办岗位")
    SECTION = "section", _("科室负责人")
    DEPUTY = "deputy", _("分管负责人")
    HEAD = "head", _("主要负责人")
    COLLECTIVE = "collective", _("领导班子集体研究")
    HIGHER = "higher", _("报上级机关或本级政府")


SIGN_OFF_RANKS: dict[str, int] = {value: rank for rank, value in enumerate(SignOff.values, start=1)}
MAX_SIGN_OFF_LEVELS = 4  # Linyi: sign-off limited to at most four levels


class Workflow(AuditedModel):
    """流程图: how one power item or task of a unit is carried out, kept as versions."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="workflows")
    internal_body = models.ForeignKey(
        InternalBody,
        verbose_name=_("承办科室"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workflows",
    )
    code = models.CharField(_("流程编码"), max_length=60)
    name = models.CharField(_("流程名称"), max_length=200)
    subject_kind = models.CharField(_("事项类别"), max_length=10, choices=SubjectKind.choices)
    # A power item is a list of versions sharing a key (duties.VersionedItem); the workflow follows the key.
    power_item_key = models.CharField(_("权责事项标识"), max_length=32, blank=True, db_index=True)
    task = models.ForeignKey(
        Task, verbose_name=_("工作任务"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_name = models.CharField(_("事项名称"), max_length=300, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("流程图")
        verbose_name_plural = _("流程图")
        ordering = ["unit", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="workflow_unit_code")]

    def __str__(self) -> str:
        return self.name


class WorkflowVersion(AuditedModel):
    """One version of a workflow. A draft is edited, submitted and adopted; adoption puts it in force from
    `valid_from` and supersedes the version in force before it (valid_to). Versions in force or superseded are
    never edited: a redesign is a new draft copied from the version in force."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    workflow = models.ForeignKey(
        Workflow, verbose_name=_("流程图"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=DRAFT)
    reason = models.TextField(_("修订说明"), blank=True, help_text=_("如:流程再造,减环节、减材料、减时限"))
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_to = models.DateField(_("废止日期"), null=True, blank=True)
    returned_reason = models.TextField(_("退回原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("流程图版本")
        verbose_name_plural = _("流程图版本")
        ordering = ["workflow", "number"]
        constraints = [models.UniqueConstraint(fields=["workflow", "number"], name="workflow_version_number")]
        indexes = [models.Index(fields=["status", "unit"], name="wfversion_status_unit")]

    def __str__(self) -> str:
        return str(_("%(name)s(第%(n)s版)") % {"name": self.workflow.name, "n": self.number})


class Step(AuditedModel):
    """环节: one step of a version, or a sub-step (程序) of a step (`parent`). `seq` orders steps among their
    siblings; the number a user reads ("3", "3.2") comes from the order."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        WorkflowVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="steps"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属环节"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    seq = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("环节名称"), max_length=200)
    post = models.ForeignKey(
        Post, verbose_name=_("责任岗位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible = models.CharField(
        _("责任主体"), max_length=200, blank=True, help_text=_("不是本单位岗位时填写,如:申请人、村(居)委会")
    )
    time_limit = models.PositiveIntegerField(_("时限"), null=True, blank=True)
    time_unit = models.CharField(_("时限单位"), max_length=6, choices=TimeUnit.choices, default=TimeUnit.DAYS)
    limit_basis = models.TextField(_("时限依据"), blank=True)
    materials = models.TextField(_("材料"), blank=True, help_text=_("每行一项"))
    sign_off = models.CharField(_("签批层级"), max_length=12, choices=SignOff.choices, blank=True)
    description = models.TextField(_("办理要求"), blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("流程环节")
        verbose_name_plural = _("流程环节")
        ordering = ["version", "parent_id", "seq", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


def norm_upload_to(instance: WorkNorm, filename: str) -> str:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "._-")[-80:] or "file"
    return f"norms/u{instance.unit_id}/{stamp}_{safe}"


class WorkNorm(AuditedModel):
    """工作规范: a document (制度、规程、办事指南) a section works by; the file is served only behind the unit's
    access check."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="work_norms"
    )
    internal_body = models.ForeignKey(
        InternalBody, verbose_name=_("科室"), on_delete=models.CASCADE, related_name="work_norms"
    )
    title = models.CharField(_("规范名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to=norm_upload_to, max_length=300, blank=True)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = NormQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作规范")
        verbose_name_plural = _("工作规范")
        ordering = ["unit", "internal_body", "title", "id"]
        indexes = [models.Index(fields=["file"], name="worknorm_file")]

    def __str__(self) -> str:
        return self.title
