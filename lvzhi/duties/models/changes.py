"""Adjustments (every change to a list), upper-level change notices and the units' claims of them."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import PolicyQuerySet
from lvzhi.registry.models import Region, Unit

from ..policy import POLICY
from .base import UnitScoped
from .lists import CatalogueItem, ListKind


class AdjustmentType(models.TextChoices):
    ADD = "add", _("新增")
    CANCEL = "cancel", _("取消")
    CHANGE = "change", _("变更")
    DELEGATE = "delegate", _("下放")
    TAKE_BACK = "take_back", _("收回")


class AdjustmentQuerySet(UnitScoped):
    def visible(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        units = Unit.objects.visible_to(user)
        if POLICY.allowed(user, "view_region"):
            return self.filter(Q(unit__in=units) | Q(unit__isnull=True))
        return self.filter(unit__in=units)


class Adjustment(AuditedModel):
    """One change to one list item: its type, reason, document number and effective date. The version it
    made points back here (VersionedItem.adjustment); a cancellation made none, it closed one."""

    list_kind = models.CharField(_("清单"), max_length=12, choices=ListKind.choices)
    item_key = models.CharField(_("事项标识"), max_length=32, db_index=True)
    item_label = models.CharField(_("事项"), max_length=400)
    adjustment_type = models.CharField(_("调整类型"), max_length=12, choices=AdjustmentType.choices)
    reason = models.TextField(_("调整原因"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    effective_date = models.DateField(_("生效日期"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="list_adjustments",
    )
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(
        "duties.NoticeClaim",
        verbose_name=_("认领的上级变更"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = AdjustmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单调整")
        verbose_name_plural = _("清单调整")
        ordering = ["-effective_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "effective_date"], name="adjustment_unit_date"),
            models.Index(fields=["region", "effective_date"], name="adjustment_region_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_adjustment_type_display()} {self.item_label}"


class NoticeQuerySet(PolicyQuerySet):
    """A notice is seen by the office and by every unit it was sent to."""

    policy = POLICY

    def visible(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if POLICY.allowed(user, "view_region"):
            return self
        return self.filter(claims__unit__in=Unit.objects.visible_to(user)).distinct()


class ChangeNotice(AuditedModel):
    """上级变更通知: a change to the standard catalogue or the lists announced from above, to be claimed."""

    region = models.ForeignKey(Region, verbose_name=_("下发区划"), on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField(_("发文机关"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100)
    title = models.CharField(_("标题"), max_length=300)
    summary = models.TextField(_("变更内容"), blank=True)
    change_type = models.CharField(_("调整类型"), max_length=12, choices=AdjustmentType.choices)
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("涉及目录事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_on = models.DateField(_("收文日期"), default=datetime.date.today)
    deadline = models.DateField(_("认领期限"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("上级变更通知")
        verbose_name_plural = _("上级变更通知")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"

    def audit_unit_id(self) -> None:
        return None


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("待认领")
    CLAIMED = "claimed", _("已认领")
    NOT_APPLICABLE = "not_applicable", _("不涉及")


class ClaimQuerySet(UnitScoped):
    def overdue(self, today: datetime.date) -> Self:
        return self.filter(status=ClaimStatus.PENDING, deadline__lt=today)

    def pending(self) -> Self:
        return self.filter(status=ClaimStatus.PENDING)


class NoticeClaim(AuditedModel):
    """An affected unit's claim (认领) of a notice, due by `deadline`."""

    notice = models.ForeignKey(
        ChangeNotice, verbose_name=_("上级变更通知"), on_delete=models.CASCADE, related_name="claims"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="notice_claims"
    )
    deadline = models.DateField(_("认领期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    note = models.TextField(_("认领说明"), blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认领人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("提醒次数"), default=0)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("变更认领")
        verbose_name_plural = _("变更认领")
        ordering = ["deadline", "unit", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "unit"], name="claim_notice_unit")]
        indexes = [models.Index(fields=["status", "deadline"], name="claim_status_deadline")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.notice}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == ClaimStatus.PENDING and self.deadline < (today or timezone.localdate())
