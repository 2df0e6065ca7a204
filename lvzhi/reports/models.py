"""The reports room's tables: weight studies (pairwise judgements → weights, AHP) and ranking robustness runs.

A `WeightStudy` compares the indicators under one node of a scheme version (or its level-1 indicators); each
`Judgement` is one judge's answers (a panel has several, combined by their geometric mean). Accepting a study
writes its weights into a new draft of the scheme through lvzhi.schemes.actions; the study then keeps the draft.

A `RobustnessRun` is one Monte Carlo analysis of a campaign's stored results: the settings the office chose and
what came out (per unit: median rank, 90% interval, how often its grade changes; per indicator: sensitivity).
It holds draft scores' consequences (ranks of every unit), so it is read only by those who see every unit's draft
results (the policy's `view_robustness`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import PolicyQuerySet, role_of

STUDY_ROLES = frozenset({"admin", "evaluator", "committee"})
ROBUSTNESS_ROLES = frozenset({"admin", "committee"})


class StudyQuerySet(PolicyQuerySet):
    def visible(self, user: Any) -> StudyQuerySet:
        return self if role_of(user) in STUDY_ROLES else self.none()


class WeightStudy(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("征集判断")
        ACCEPTED = "accepted", _("已生成草稿")

    title = models.CharField(_("名称"), max_length=120)
    scheme_version = models.ForeignKey(
        "schemes.SchemeVersion", verbose_name=_("方案版本"), on_delete=models.PROTECT, related_name="+"
    )
    parent_code = models.CharField(_("上级指标"), max_length=60, blank=True, help_text=_("空:一级指标"))
    codes = models.JSONField(_("比较的指标"), default=list)
    names = models.JSONField(_("指标名称"), default=list)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    weights = models.JSONField(_("导出的权重"), default=list, blank=True)
    consistency_ratio = models.FloatField(_("一致性比率"), null=True, blank=True)
    draft_version = models.ForeignKey(
        "schemes.SchemeVersion",
        verbose_name=_("生成的草稿"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("权重判断")
        verbose_name_plural = _("权重判断")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def audit_unit_id(self) -> None:
        return None


class Judgement(AuditedModel):
    """One judge's comparisons: {"i-j": "3" | "1/3" …} for every pair i < j of the study's indicators."""

    study = models.ForeignKey(WeightStudy, on_delete=models.CASCADE, related_name="judgements")
    judge = models.CharField(_("判断人"), max_length=60)
    values = models.JSONField(_("判断值"), default=dict)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("两两比较判断")
        verbose_name_plural = _("两两比较判断")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["study", "judge"], name="reports_one_judgement_per_judge")
        ]

    def __str__(self) -> str:
        return self.judge

    def audit_unit_id(self) -> None:
        return None


class RunQuerySet(PolicyQuerySet):
    def visible(self, user: Any) -> RunQuerySet:
        return self if role_of(user) in ROBUSTNESS_ROLES else self.none()


class RobustnessRun(models.Model):
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    options = models.JSONField(_("设置"), default=dict)
    result = models.JSONField(_("结果"), default=dict)
    digest = models.CharField(_("所依据的结果"), max_length=64, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("排名稳健性分析")
        verbose_name_plural = _("排名稳健性分析")
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.computed_at:%Y-%m-%d %H:%M}"


# The campaign stages from which a released unit report is read by those outside the office and the committee:
# the stages in which the campaign shows a unit contact its results (lvzhi.campaigns.policy.CONTACT_SEES_REVIEW).
REPORT_STAGES = ("feedback", "approval", "publication")


def released_filter(user: Any) -> Q:
    """The unit reports a user outside the office and the committee reads: released, in a campaign that shows
    results to the units now, about a unit whose result the user may see (the campaign's own visible_to: a
    contact's own unit, an evaluator's or a leader's assigned units)."""
    from lvzhi.campaigns.models import UnitResult

    results = UnitResult.objects.visible_to(user).filter(
        campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id")
    )
    return (
        Q(status="released")
        & (Q(campaign__stage__in=REPORT_STAGES) | Q(campaign__published_at__isnull=False))
        & Q(Exists(results))
    )


class UnitReportQuerySet(PolicyQuerySet):
    """The office and the committee see every unit report, drafts included; anyone else a released report of a
    unit whose results they may read now (`released_filter` above, the campaign's stage policy)."""

    def visible(self, user: Any) -> UnitReportQuerySet:
        role = role_of(user)
        if role in ROBUSTNESS_ROLES:
            return self
        if role == "anonymous":
            return self.none()
        return self.filter(released_filter(user))


class UnitReport(AuditedModel):
    """A unit's evaluation report in a campaign: the evaluation opinion per level-1 indicator (drafted from the
    figures and findings, edited by the office) and whether it is released to the unit and those who read its
    results. The documents (Word, PDF, Excel) are rendered from the stored results each time."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待发布")
        RELEASED = "released", _("已发布")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # {level-1 code: opinion text}, and the summary paragraph under "__summary__"
    opinions = models.JSONField(_("评估意见"), default=dict, blank=True)
    edited = models.BooleanField(_("已人工修改"), default=False)
    drafted_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位评估报告")
        verbose_name_plural = _("单位评估报告")
        ordering = ["campaign", "unit__order", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="reports_one_report_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_status_display()}"

    def audit_unit_id(self) -> int | None:
        # The drafts hold the office's wording before release: not part of the unit's history until released.
        return self.unit_id if self.status == self.Status.RELEASED else None


class TemplateQuerySet(PolicyQuerySet):
    def visible(self, user: Any) -> TemplateQuerySet:
        return self if role_of(user) in ROBUSTNESS_ROLES else self.none()


class ReportTemplate(AuditedModel):
    """A Word template of the unit evaluation report that the office uploads: its own cover, sections and wording,
    with placeholders ({{单位名称}} …, lvzhi.reports.templating.PLACEHOLDERS) filled from each unit's report. One is
    in use at a time; the built-in layout stays the default when none is."""

    name = models.CharField(_("名称"), max_length=100)
    content = models.BinaryField(_("模板文件"))
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    placeholders = models.JSONField(_("占位符"), default=list, blank=True)
    in_use = models.BooleanField(_("使用中"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    audit_exclude = ("content",)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def audit_unit_id(self) -> None:
        return None
