"""Results, triangulation flags, objections, the committee's decision, and in-app notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel

from .campaign import (
    SCORE_DIGITS,
    Campaign,
    CampaignChildQuerySet,
    CampaignUnit,
    UnitChildQuerySet,
    is_active_user,
)


class UnitResult(models.Model):
    """The engine's result for one unit, from the inputs stored beside it. Rewritten by every recompute
    (lvzhi.campaigns.scoring); a recompute is one audit event, not one per row."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "registry.Category",
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheme_version = models.ForeignKey("schemes.SchemeVersion", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("总分"), null=True, blank=True, **SCORE_DIGITS)
    grade = models.CharField(_("等次"), max_length=30, blank=True)
    rank = models.PositiveIntegerField(_("类别内排名"), null=True, blank=True)
    inputs = models.JSONField(_("原始数据"), default=dict)
    # The engine's batch summary of the unit (total, grade, rank, titles, missing …).
    summary = models.JSONField(_("结果摘要"), default=dict)
    # The explained tree (the engine's UnitResult.to_dict()); written by the recompute when the scheme ranks on an
    # input across units, otherwise on first reading (lvzhi.campaigns.scoring.explained) — the same bytes either way.
    result = models.JSONField(_("计算结果"), default=dict, blank=True)
    rank_context = models.JSONField(_("排名上下文"), null=True, blank=True)
    # How the campaign's set-up treated the unit's inputs (not visited on site, late self-assessment), as words
    # and codes for its explained result: [{"kind", "treatment", "text", "codes"}]
    treatments = models.JSONField(_("处理方式"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    objects = CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估结果")
        verbose_name_plural = _("评估结果")
        ordering = ["campaign", "category", "rank", "unit"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="unitresult_unique")]

    def __str__(self):
        return f"{self.unit} {self.total}"


class TriangulationFlag(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("待核实")
        RESOLVED = "resolved", _("已核实")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="flags")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("指标代码"), max_length=60, blank=True)
    figures = models.JSONField(_("各来源数据"), default=dict)
    spread = models.DecimalField(_("差异(百分点)"), max_digits=7, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("核实说明"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("印证差异")
        verbose_name_plural = _("印证差异")
        ordering = ["campaign", "status", "-spread"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "code"], name="flag_unique")]

    def __str__(self):
        return gettext("%(unit)s %(code)s 差异 %(spread)s") % {
            "unit": self.unit,
            "code": self.code or gettext("总体"),
            "spread": self.spread,
        }

    def audit_unit_id(self):
        # A flag's figures set the sources side by side, the leader rating among them: office business, not part
        # of the unit's history. Administrators still see the events.
        return None


class Objection(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("待复核")
        UPHELD = "upheld", _("已采纳")
        REJECTED = "rejected", _("不予采纳")

    campaign_unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="objections")
    code = models.CharField(_("指标代码"), max_length=60)
    reason = models.TextField(_("异议理由"))
    requested_score = models.DecimalField(_("申请分值"), null=True, blank=True, **SCORE_DIGITS)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("复核意见"), blank=True)
    old_score = models.DecimalField(_("原分值"), null=True, blank=True, **SCORE_DIGITS)
    new_score = models.DecimalField(_("复核后分值"), null=True, blank=True, **SCORE_DIGITS)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["campaign_unit", "submitted_at", "id"]

    def __str__(self):
        return gettext("%(unit)s 对 %(code)s 的异议") % {"unit": self.campaign_unit.unit, "code": self.code}

    def audit_unit_id(self):
        return self.campaign_unit.unit_id


class CommitteeDecision(AuditedModel):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("审定通过")
        SENT_BACK = "sent_back", _("退回重新评定")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.CharField(_("会议"), max_length=200)
    decided_on = models.DateField(_("审定日期"))
    outcome = models.CharField(_("审定结论"), max_length=10, choices=Outcome.choices)
    text = models.TextField(_("决定内容"))
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    results_digest = models.CharField(_("结果摘要"), max_length=64, blank=True)
    # What the committee saw was incomplete when it decided (lvzhi.campaigns.completeness), and whether it
    # approved knowing it: approving with gaps needs the acknowledgement.
    gaps = models.JSONField(_("审定时的不完整情况"), default=list, blank=True)
    gaps_acknowledged = models.BooleanField(_("已知悉不完整情况"), default=False)

    class Meta:
        verbose_name = _("编委会审定")
        verbose_name_plural = _("编委会审定")
        ordering = ["campaign", "-recorded_at"]

    def __str__(self):
        return f"{self.meeting} {self.get_outcome_display()}"

    def audit_unit_id(self):
        return None


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_active_user(user):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_notifications"
    )
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # Idempotency: the same reminder is not sent twice.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_user_key"
            )
        ]

    def __str__(self):
        return self.text
