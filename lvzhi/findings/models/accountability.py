"""Accountability (问责): the office's catalogue of situations in areas (one city's rules: 36 situations in 4
areas), and the cases raised against a unit, a post or a person. A case's deduction reaches the scheme's
deduction indicator that its situation names (lvzhi.findings.feed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel

from .ledger import Finding, UnitItemQuerySet


class AccountabilityArea(AuditedModel):
    name = models.CharField(_("问责领域"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("问责领域")
        verbose_name_plural = _("问责领域")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Situation(AuditedModel):
    area = models.ForeignKey(
        AccountabilityArea, verbose_name=_("问责领域"), on_delete=models.PROTECT, related_name="situations"
    )
    name = models.CharField(_("问责情形"), max_length=200)
    deduction = models.DecimalField(_("每起扣分"), max_digits=6, decimal_places=2, default=0)
    # The code of the scheme's deduction leaf its cases count for ("X1"); empty: no deduction in the scheme.
    indicator_code = models.CharField(_("对应减分指标"), max_length=60, blank=True)
    downgrade = models.BooleanField(_("降低等次"), default=False)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("问责情形")
        verbose_name_plural = _("问责情形")
        ordering = ["area__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="situation_area_name")]

    def __str__(self):
        return self.name


class AccountabilityCase(AuditedModel):
    situation = models.ForeignKey(
        Situation, verbose_name=_("问责情形"), on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.ForeignKey(
        "registry.Post",
        verbose_name=_("岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("人员"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("关联问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("案由"), max_length=200)
    occurred_on = models.DateField(_("问责日期"), default=timezone.localdate)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    deduction = models.DecimalField(_("扣分"), max_digits=6, decimal_places=2, default=0)
    note = models.TextField(_("情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = UnitItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("问责案件")
        verbose_name_plural = _("问责案件")
        ordering = ["-occurred_on", "id"]

    def __str__(self):
        return self.title
