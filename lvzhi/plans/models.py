"""Evaluation plans across years (评估规划): which unit is evaluated in which year of a term, so that every unit is
evaluated once within it (Feicheng: 12 units in 2013, all by 2016). Each year's campaign takes its units from the
plan (lvzhi.campaigns: `Campaign.plan`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import PolicyQuerySet
from lvzhi.registry.models import Region, Unit, UnitKind

from .policy import POLICY

# A term is a few years (a 届 is five); a longer span is a typing error.
MAX_TERM_YEARS = 10


class PlanQuerySet(PolicyQuerySet):
    policy = POLICY

    def visible(self, user):
        return self if POLICY.allowed(user, "view") else self.none()


class EvaluationPlan(AuditedModel):
    name = models.CharField(_("规划名称"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("终止年度"))
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("制定人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("制定时间"), auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估规划")
        verbose_name_plural = _("评估规划")
        ordering = ["-first_year", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def units_in_scope(self):
        """The units the plan must cover: the active units of its region (all regions when none), less
        subordinate institutions (sampled by each year's campaign)."""
        units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.SUBORDINATE_INSTITUTION)
        if self.region_id:
            region = self.region
            units = units.filter(Q(region__path=region.path) | Q(region__path__startswith=region.path + "/"))
        return units


class PlannedUnitQuerySet(PolicyQuerySet):
    policy = POLICY

    def visible(self, user):
        return self.filter(plan__in=EvaluationPlan.objects.visible_to(user))


class PlannedUnit(AuditedModel):
    plan = models.ForeignKey(
        EvaluationPlan, verbose_name=_("评估规划"), on_delete=models.CASCADE, related_name="entries"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("评估年度"))

    objects = PlannedUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("规划评估单位")
        verbose_name_plural = _("规划评估单位")
        ordering = ["year", "unit__order", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="plans_one_year_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}年"
