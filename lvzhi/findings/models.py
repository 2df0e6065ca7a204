"""Findings (评估发现问题): the problems a campaign's desk review or on-site evaluation raises about a unit.

The findings ledger builds on this model; today a campaign raises findings (lvzhi.campaigns.actions.raise_finding)
and shows them. Campaigns are referred to by name ("campaigns.Campaign") so that this app imports nothing of
the campaign room: campaigns import findings, never the reverse. The model came from campaigns with its rows
(campaigns migration 0003 renamed the table, findings 0001 took the model over).
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.access import VisibleQuerySet


class FindingQuerySet(VisibleQuerySet):
    """Everyone who sees all units sees every finding; a unit contact sees their own unit's; anyone else those
    of the units they are assigned to in the finding's campaign."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "unit_contact":
            return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()
        assigned = user.campaign_assignments.filter(campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id"))
        return self.filter(Exists(assigned))


class Finding(AuditedModel):
    """A problem raised by the desk review or the on-site evaluation; `indicator_code` keeps the link to the
    scheme."""

    class Source(models.TextChoices):
        DESK_REVIEW = "desk_review", _("案头审核")
        ON_SITE = "on_site", _("实地评估")
        MULTI_PARTY = "multi_party", _("多方评议")
        RECHECK = "recheck", _("复核")
        LIST_REVIEW = "list_review", _("清单核查")

    class Category(models.TextChoices):
        VIOLATION = "violation", _("违规违纪")
        OVERLAP = "overlap", _("职责交叉")
        UNDERPERFORMANCE = "underperformance", _("履职不到位")
        STAFFING = "staffing", _("机构编制管理不规范")
        LISTS = "lists", _("清单管理不到位")
        OTHER = "other", _("其他")

    class Severity(models.TextChoices):
        HIGH = "high", _("严重")
        MEDIUM = "medium", _("一般")
        LOW = "low", _("轻微")

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        RECTIFYING = "rectifying", _("整改中")
        SUBMITTED = "submitted", _("已提交整改")
        VERIFIED = "verified", _("已核验")
        CLOSED = "closed", _("已销号")

    # Empty for a finding raised outside a campaign (a confirmed overlap from the duties room's list review).
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="campaign_findings"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    category = models.CharField(_("问题类别"), max_length=20, choices=Category.choices)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    indicator_code = models.CharField(_("关联指标"), max_length=60, blank=True)
    title = models.CharField(_("问题"), max_length=300)
    description = models.TextField(_("具体情况"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估发现问题")
        verbose_name_plural = _("评估发现问题")
        ordering = ["campaign", "unit", "raised_at", "id"]

    def __str__(self):
        return self.title
