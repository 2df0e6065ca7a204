"""The two result lists kept beside the ledger: highlights (特色亮点清单: the office's methods and the units'
practice worth spreading) and institutions to build (制度完善清单), each linked to a unit, a campaign and a
finding where there is one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel

from .ledger import Finding, UnitItemQuerySet


class ListItem(AuditedModel):
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("具体内容"), blank=True)
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), null=True, blank=True, on_delete=models.SET_NULL,
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
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = UnitItemQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class Highlight(ListItem):
    class Kind(models.TextChoices):
        OFFICE_METHOD = "office_method", _("编办工作方法")
        UNIT_PRACTICE = "unit_practice", _("单位经验做法")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.UNIT_PRACTICE)

    class Meta:
        verbose_name = _("特色亮点")
        verbose_name_plural = _("特色亮点清单")
        ordering = ["kind", "-created_at", "id"]


class Institution(ListItem):
    class Status(models.TextChoices):
        PLANNED = "planned", _("待建立")
        DRAFTING = "drafting", _("起草中")
        ISSUED = "issued", _("已出台")

    status = models.CharField(_("进展"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    due = models.DateField(_("计划完成时间"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("待完善制度")
        verbose_name_plural = _("制度完善清单")
        ordering = ["status", "due", "id"]
