"""颗粒化: a unit's 三定 main duties (registry.MainDuty) → internal-body duties → tasks → posts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.registry.models import InternalBody, MainDuty, Post, Unit

from .base import UnitScoped


class BodyDuty(AuditedModel):
    """内设机构职责: what one internal body does of one 三定 main duty."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="body_duties"
    )
    internal_body = models.ForeignKey(
        InternalBody, verbose_name=_("内设机构"), on_delete=models.CASCADE, related_name="body_duties"
    )
    main_duty = models.ForeignKey(
        MainDuty,
        verbose_name=_("三定主要职责"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="body_duties",
    )
    seq = models.PositiveIntegerField(_("序号"), default=0)
    text = models.TextField(_("内设机构职责"))

    objects = UnitScoped.as_manager()

    class Meta:
        verbose_name = _("内设机构职责")
        verbose_name_plural = _("内设机构职责")
        ordering = ["unit", "internal_body", "seq", "id"]
        indexes = [models.Index(fields=["unit", "main_duty"], name="bodyduty_unit_main")]

    def __str__(self) -> str:
        return f"{self.internal_body} ({self.seq}) {self.text[:30]}"


class Task(AuditedModel):
    """工作任务: one task of an internal-body duty, carried out at one or more posts."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="duty_tasks"
    )
    body_duty = models.ForeignKey(
        BodyDuty, verbose_name=_("内设机构职责"), on_delete=models.CASCADE, related_name="tasks"
    )
    seq = models.PositiveIntegerField(_("序号"), default=0)
    text = models.TextField(_("工作任务"))
    posts = models.ManyToManyField(Post, verbose_name=_("承担岗位"), blank=True, related_name="duty_tasks")

    objects = UnitScoped.as_manager()

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["unit", "body_duty", "seq", "id"]

    def __str__(self) -> str:
        return f"({self.seq}) {self.text[:30]}"
