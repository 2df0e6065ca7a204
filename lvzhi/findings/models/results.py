"""Use of results: a staffing recommendation per unit (reduce, keep, add; reorganise internal bodies) drawn from
its results, findings and vacancies with the reasons shown; accepted, it becomes a staffing matter with its
document number (Laiyang: 47 documents for 33 units)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel

from .ledger import UnitItemQuerySet


class Recommendation(AuditedModel):
    class Kind(models.TextChoices):
        REDUCE = "reduce", _("核减编制")
        KEEP = "keep", _("维持现状")
        ADD = "add", _("增加编制")
        REORGANISE = "reorganise", _("调整内设机构")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待决定")
        ACCEPTED = "accepted", _("已采纳")
        REJECTED = "rejected", _("不采纳")

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("建议"), max_length=12, choices=Kind.choices)
    reasons = models.JSONField(_("理由"), default=list)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decision_note = models.TextField(_("决定意见"), blank=True)
    matter = models.CharField(_("机构编制事项"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = UnitItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构编制调整建议")
        verbose_name_plural = _("机构编制调整建议")
        ordering = ["status", "unit", "id"]

    def __str__(self):
        return f"{self.unit}:{self.get_kind_display()}"


class StaffingRequest(AuditedModel):
    """A unit's request for a staffing change (机构编制事项请示) as the office registers it; its page gives the
    unit's performance dossier for the year before it was received, in one click (Laiyang)."""

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("请示单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("请示事项"), max_length=200)
    document_number = models.CharField(_("来文文号"), max_length=80, blank=True)
    received_on = models.DateField(_("收文日期"), default=timezone.localdate)
    note = models.TextField(_("请示内容"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = UnitItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构编制事项请示")
        verbose_name_plural = _("机构编制事项请示")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.unit}:{self.title}"
