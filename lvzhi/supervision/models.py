"""The supervision room's database side: the batches received (the records themselves are in the Parquet store,
lvzhi.supervision.store), the warnings raised on the metrics, and the key-supervision list (重点监管名单)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import PolicyQuerySet, Rule, role_of
from lvzhi.registry.models import Unit


class UnitScopedQuerySet(PolicyQuerySet):
    """Rows about one unit: those who see all units see all; others the units they may see."""

    def visible(self, user: Any) -> UnitScopedQuerySet:
        if role_of(user) == "anonymous":
            return self.none()
        if user.sees_all_units:
            return self
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def related(self, user: Any, rule: Rule) -> UnitScopedQuerySet:
        if rule.scope == "unit" and role_of(user) == "unit_contact":
            return self.filter(unit_id=user.unit_id)
        return self


class BatchQuerySet(PolicyQuerySet):
    """A batch is seen by whoever sent it, and by those who see all units."""

    def visible(self, user: Any) -> BatchQuerySet:
        if role_of(user) == "anonymous":
            return self.none()
        if user.sees_all_units:
            return self
        return self.filter(sent_by=user)


class Batch(models.Model):
    class Kind(models.TextChoices):
        PERFORMANCE = "performance", _("履职记录")
        EVENTS = "events", _("流程环节")
        HOTLINE = "hotline", _("热线工单")

    class Channel(models.TextChoices):
        API = "api", _("接口")
        FILE = "file", _("文件导入")
        FORM = "form", _("页面录入")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("全部接收")
        PARTIAL = "partial", _("部分接收")
        REJECTED = "rejected", _("整批退回")

    batch_id = models.CharField(_("批次号"), max_length=100, unique=True)
    kind = models.CharField(_("数据类型"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("报送方式"), max_length=10, choices=Channel.choices)
    allow_partial = models.BooleanField(_("允许部分接收"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    received = models.PositiveIntegerField(_("收到条数"), default=0)
    accepted = models.PositiveIntegerField(_("新存条数"), default=0)
    duplicates = models.PositiveIntegerField(_("重复条数"), default=0)
    refused = models.PositiveIntegerField(_("退回条数"), default=0)
    problems = models.JSONField(_("退回原因"), default=list, blank=True)
    months = models.JSONField(_("月份"), default=list, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("报送时间"), default=timezone.now)

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据批次")
        verbose_name_plural = _("数据批次")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.batch_id}"

    def audit_unit_id(self) -> None:
        return None


class Warning(models.Model):
    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("超时率过高")
        HOTLINE_SPIKE = "hotline_spike", _("热线投诉激增")
        SILENT_TASK = "silent_task", _("任务长期无履职记录")
        WORKLOAD = "workload", _("工作饱和度偏离同类单位")
        BOUNCED = "bounced", _("工单多次转办(推诿)")

    class Status(models.TextChoices):
        OPEN = "open", _("待研判")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已排除")

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("预警类型"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("预警标识"), max_length=200)  # what makes it the same warning on a re-run
    period = models.CharField(_("期间"), max_length=40)
    value = models.FloatField(_("指标值"))
    threshold = models.FloatField(_("阈值"))
    summary = models.CharField(_("预警内容"), max_length=300)
    evidence = models.JSONField(_("依据"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(_("研判意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("研判人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    finding = models.ForeignKey(
        "findings.Finding",
        verbose_name=_("问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("预警时间"), default=timezone.now)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("监管预警")
        verbose_name_plural = _("监管预警")
        ordering = ["status", "-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "key"], name="supervision_warning_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}:{self.summary}"


class KeySupervision(models.Model):
    """One unit on the key-supervision list (重点监管名单), with the warnings that put it there."""

    unit = models.OneToOneField(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    active = models.BooleanField(_("监管中"), default=True)
    since = models.DateTimeField(_("列入时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点监管单位")
        verbose_name_plural = _("重点监管名单")
        ordering = ["-active", "-since"]

    def __str__(self) -> str:
        return self.unit.name
