"""The goals room's tables: annual goals (年度工作目标) of a unit, of one of its sections or of one person (目标计划书),
their breakdown into tasks of internal bodies, the office's reviews, the quarterly reporting periods with their
deadlines (from the working calendar), and the quarterly progress reports with their evidence files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import OWN_UNIT_ROLES, PolicyQuerySet, Rule, role_of
from lvzhi.registry.models import InternalBody, MainDuty, Person, Unit

QUARTERS = (1, 2, 3, 4)


class Level(models.TextChoices):
    UNIT = "unit", _("单位")
    BODY = "body", _("科室")
    PERSON = "person", _("个人")


class Source(models.TextChoices):
    CENTRAL_TASK = "central_task", _("中心工作")
    SANDING = "sanding", _("三定职责")
    ASSIGNED = "assigned", _("上级交办")


class Category(models.TextChoices):
    KEY = "key", _("重点工作")
    REGULAR = "regular", _("常规工作")
    OTHER = "other", _("其他工作")


class Nature(models.TextChoices):
    QUANTITATIVE = "quantitative", _("定量")
    QUALITATIVE = "qualitative", _("定性")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")


class Completion(models.TextChoices):
    DONE = "done", _("已完成")
    PARTIAL = "partial", _("部分完成")
    NOT_DONE = "not_done", _("未完成")


class UnitScoped(PolicyQuerySet):
    """Objects of one unit's goals: visible when the unit is; a unit contact acts on its own unit's under a rule
    scoped "unit". The table is set by lvzhi.goals.policy."""

    unit_lookup = "unit"

    def visible(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(**{f"{self.unit_lookup}__in": Unit.objects.visible_to(user)})

    def related(self, user: Any, rule: Rule) -> Self:
        if rule.scope == "unit" and role_of(user) in OWN_UNIT_ROLES:
            return self.filter(**{f"{self.unit_lookup}_id": user.unit_id}) if user.unit_id else self.none()
        return self


class GoalQuerySet(UnitScoped):
    pass


class TaskQuerySet(UnitScoped):
    unit_lookup = "goal__unit"


class ReportQuerySet(UnitScoped):
    unit_lookup = "goal__unit"


class EvidenceQuerySet(UnitScoped):
    unit_lookup = "report__goal__unit"


class Goal(AuditedModel):
    """一项年度工作目标. Quantitative goals have a metric, a unit of measure and a target (with optional
    cumulative targets by the end of the first three quarters); qualitative goals have a measure per quarter."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("目标层级"), max_length=10, choices=Level.choices, default=Level.UNIT)
    internal_body = models.ForeignKey(
        InternalBody,
        verbose_name=_("科室"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("个人"), null=True, blank=True, on_delete=models.CASCADE, related_name="goals"
    )
    seq = models.PositiveIntegerField(_("序号"), default=0)
    title = models.CharField(_("目标内容"), max_length=300)
    source = models.CharField(_("目标来源"), max_length=20, choices=Source.choices)
    main_duty = models.ForeignKey(
        MainDuty,
        verbose_name=_("三定主要职责"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    source_note = models.CharField(_("来源说明"), max_length=300, blank=True)
    category = models.CharField(
        _("目标类别"), max_length=10, choices=Category.choices, default=Category.REGULAR
    )
    nature = models.CharField(_("目标性质"), max_length=15, choices=Nature.choices)
    metric = models.CharField(_("指标名称"), max_length=100, blank=True)
    measure_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    target = models.DecimalField(_("年度目标值"), max_digits=16, decimal_places=2, null=True, blank=True)
    target_q1 = models.DecimalField(
        _("一季度末目标值"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_q2 = models.DecimalField(
        _("二季度末目标值"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_q3 = models.DecimalField(
        _("三季度末目标值"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    measure_q1 = models.TextField(_("一季度措施"), blank=True)
    measure_q2 = models.TextField(_("二季度措施"), blank=True)
    measure_q3 = models.TextField(_("三季度措施"), blank=True)
    measure_q4 = models.TextField(_("四季度措施"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度工作目标")
        verbose_name_plural = _("年度工作目标")
        ordering = ["unit", "year", "level", "seq", "id"]
        indexes = [models.Index(fields=["unit", "year", "status"], name="goal_unit_year_status")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.seq}. {self.title[:40]}"

    @property
    def is_quantitative(self) -> bool:
        return self.nature == Nature.QUANTITATIVE

    def quarter_target(self, quarter: int) -> Decimal | None:
        """The cumulative target by the end of `quarter`: the one filed, else the annual target at an even pace
        (a quarter of it per quarter); the fourth quarter's is the annual target."""
        if self.target is None:
            return None
        if quarter == 4:
            return self.target
        filed = getattr(self, f"target_q{quarter}")
        return filed if filed is not None else self.target * quarter / 4

    def measure(self, quarter: int) -> str:
        return str(getattr(self, f"measure_q{quarter}") or "")

    @property
    def owner_label(self) -> str:
        if self.level == Level.BODY and self.internal_body_id:
            return str(self.internal_body.name) if self.internal_body else ""
        if self.level == Level.PERSON and self.person_id:
            return str(self.person.name) if self.person else ""
        return str(self.unit.name)


class GoalTask(AuditedModel):
    """目标分解: one task of a goal, for an internal body, with a deadline and the units or bodies cooperating."""

    goal = models.ForeignKey(Goal, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="tasks")
    seq = models.PositiveIntegerField(_("序号"), default=0)
    internal_body = models.ForeignKey(
        InternalBody, verbose_name=_("责任科室"), on_delete=models.PROTECT, related_name="goal_tasks"
    )
    text = models.TextField(_("工作任务"))
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_goal_tasks"
    )
    cooperating_bodies = models.ManyToManyField(
        InternalBody, verbose_name=_("配合科室"), blank=True, related_name="cooperating_goal_tasks"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("目标分解任务")
        verbose_name_plural = _("目标分解任务")
        ordering = ["goal", "seq", "id"]

    def __str__(self) -> str:
        return f"({self.seq}) {self.text[:40]}"

    def audit_unit_id(self) -> Any:
        return self.goal.unit_id


class Review(models.Model):
    """One decision of the office on a goal: approved, or returned with the reasons (also in the audit log)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回修改")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(_("审核意见"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("理由"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["goal", "reviewed_at", "id"]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.decision}"


class ReportingPeriod(models.Model):
    """A quarter of a goal year and the last day of its progress report (quarter end + the report limit in
    working days, LVZHI_GOALS_REPORT_WORKDAYS, on the working calendar; recomputed when the calendar changes)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    ends = models.DateField(_("季度末"))
    due = models.DateField(_("报送期限"))
    provisional = models.BooleanField(_("按未公布的日历推算"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="goal_period_unique")]
        ordering = ["year", "quarter"]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


class ProgressReport(AuditedModel):
    """A goal's progress in one quarter: what was done, the cumulative figure reached (quantitative) or how far
    the quarter's measure was carried out (qualitative), the problems; evidence files attached."""

    goal = models.ForeignKey(Goal, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="reports")
    quarter = models.PositiveSmallIntegerField(_("季度"))
    actual = models.DecimalField(_("累计完成值"), max_digits=16, decimal_places=2, null=True, blank=True)
    completion = models.CharField(_("完成情况"), max_length=10, choices=Completion.choices)
    progress = models.TextField(_("进展情况"))
    problems = models.TextField(_("存在问题及下步打算"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("最后修改"), default=timezone.now)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("季度进展")
        verbose_name_plural = _("季度进展")
        constraints = [models.UniqueConstraint(fields=["goal", "quarter"], name="goal_report_unique")]
        ordering = ["goal", "quarter"]

    def __str__(self) -> str:
        return f"{self.goal} 第{self.quarter}季度"

    def audit_unit_id(self) -> Any:
        return self.goal.unit_id


def evidence_upload_to(instance: ProgressEvidence, filename: str) -> str:
    goal = instance.report.goal
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "._-")[-80:] or "file"
    return f"goals/u{goal.unit_id}/g{goal.pk}/q{instance.report.quarter}/{stamp}_{safe}"


class ProgressEvidence(AuditedModel):
    """A file backing a progress report; stored under var/media/goals/ and served only through
    core.views.protected_file after the report's access check (lvzhi.goals.apps)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("材料名称"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展佐证材料")
        verbose_name_plural = _("进展佐证材料")
        ordering = ["report", "uploaded_at", "id"]
        indexes = [models.Index(fields=["file"], name="goal_evidence_file")]

    def __str__(self) -> str:
        return self.title or self.file_name

    def audit_unit_id(self) -> Any:
        return self.report.goal.unit_id

    @property
    def file_name(self) -> str:
        return str(self.file.name or "").rsplit("/", 1)[-1].split("_", 1)[-1]


class CheckQuerySet(UnitScoped):
    unit_lookup = "goal__unit"


class GoalCheck(AuditedModel):
    """逐项核查: a campaign visit's checklist item that stands for one of the unit's goals (or one task of it), so
    the evaluators check the goal's evidence item by item on site and score it (逐项量化打分, 0–100). The item
    itself is the campaign room's (ticked, noted, with attachments); this row ties it to the goal and keeps the
    score."""

    item = models.OneToOneField(
        "campaigns.ChecklistItem",
        verbose_name=_("清单事项"),
        on_delete=models.CASCADE,
        related_name="goal_check",
    )
    goal = models.ForeignKey(Goal, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="checks")
    task = models.ForeignKey(
        GoalTask,
        verbose_name=_("分解任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checks",
    )
    score = models.DecimalField(_("核查得分"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("目标逐项核查")
        verbose_name_plural = _("目标逐项核查")
        ordering = ["item__order", "id"]

    def __str__(self) -> str:
        return f"{self.goal} {self.score if self.score is not None else '—'}"

    def audit_unit_id(self) -> Any:
        return self.goal.unit_id
