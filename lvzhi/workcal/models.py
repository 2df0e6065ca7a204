"""The year table of the working calendar: per year, the statutory holidays (休) and the make-up working days
(调休上班, 班), versioned. A year present here is *published*; any other year is computed provisionally (weekends
only) and flagged. Each change to a year writes a `CalendarRevision` (the days as they were before, who, why)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import PolicyQuerySet

from .engine import HOLIDAY, WORKDAY


class DayKind(models.TextChoices):
    HOLIDAY = HOLIDAY, _("休(法定节假日)")
    WORKDAY = WORKDAY, _("班(调休上班)")


class Source(models.TextChoices):
    LIBRARY = "library", _("日历库(chinese-calendar)")
    FILE = "file", _("导入文件")
    MANUAL = "manual", _("管理员修改")


class CalendarQuerySet(PolicyQuerySet):
    def visible(self, user: Any) -> CalendarQuerySet:
        return self.all()  # the calendar is the same for everyone


class CalendarYear(models.Model):
    year = models.PositiveIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    version = models.PositiveIntegerField(_("版本"), default=1)
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("如国务院办公厅通知的文号"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CalendarQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")

    def __str__(self) -> str:
        return f"{self.year}"


class CalendarDay(models.Model):
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=1, choices=DayKind.choices)
    note = models.CharField(_("说明"), max_length=100, blank=True)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日历日期")
        verbose_name_plural = _("工作日历日期")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.kind}"


class CalendarRevision(models.Model):
    """One version of a year: the days it had (a list of [date, kind, note]) when it was replaced or changed."""

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("版本"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    days = models.JSONField(_("日期"), default=list)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recomputed = models.JSONField(_("重算"), default=dict, help_text=_("各房间重算的期限数"))

    objects = CalendarQuerySet.as_manager()

    class Meta:
        ordering = ["year", "-version"]
        unique_together = [("year", "version")]
        verbose_name = _("工作日历版本")
        verbose_name_plural = _("工作日历版本")

    def __str__(self) -> str:
        return f"{self.year.year} v{self.version}"

    @property
    def recomputed_total(self) -> int:
        return sum((self.recomputed or {}).values())
