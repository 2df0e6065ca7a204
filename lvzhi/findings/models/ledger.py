"""The findings ledger (问题台账): a problem raised about one unit, from a campaign stage, another room (an overlap
review, a supervision warning) or on its own, and its rectification until it is closed (销号).

Campaigns are referred to by name ("campaigns.Campaign") so that this app's models import nothing of the campaign
room: campaigns import findings, never the reverse. The model came from campaigns with its rows (campaigns
migration 0003 renamed the table, findings 0001 took the model over).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import PolicyQuerySet, Rule, role_of

# The campaign stages from which a unit contact sees its unit's findings of the campaign (the campaign room's
# CONTACT_SEES_REVIEW, named here so that the models import nothing of campaigns); before, the office issues a
# finding to the unit (下发) for it to be seen.
CONTACT_SEES_CAMPAIGN_FINDINGS = ("feedback", "approval", "publication")


def shown_to_unit() -> Q:
    return (
        Q(issued_at__isnull=False)
        | Q(campaign__isnull=True)
        | Q(campaign__stage__in=CONTACT_SEES_CAMPAIGN_FINDINGS)
    )


class FindingQuerySet(PolicyQuerySet):
    """Everyone who sees all units sees every finding; a unit contact its own unit's once they are issued to it;
    an evaluator those of the units assigned to them in the finding's campaign."""

    def visible(self, user: Any) -> FindingQuerySet:
        if role_of(user) == "anonymous":
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "unit_contact":
            return self.filter(shown_to_unit(), unit_id=user.unit_id) if user.unit_id else self.none()
        assigned = user.campaign_assignments.filter(
            campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id")
        )
        return self.filter(Exists(assigned))

    def related(self, user: Any, rule: Rule) -> FindingQuerySet:
        if rule.scope == "unit" and user.role == "unit_contact":
            return self.filter(unit_id=user.unit_id)
        return self

    def overdue(self, today: Any = None) -> FindingQuerySet:
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today).exclude(status__in=Finding.DONE_STATES)


class UnitItemQuerySet(PolicyQuerySet):
    """Rows about one unit (or about the office's own work, unit empty): all to those who see all units, a unit
    contact its own unit's rows."""

    def visible(self, user: Any) -> UnitItemQuerySet:
        if role_of(user) == "anonymous":
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "unit_contact" and user.unit_id:
            return self.filter(unit_id=user.unit_id)
        return self.none()

    def related(self, user: Any, rule: Rule) -> UnitItemQuerySet:
        if rule.scope == "unit" and user.role == "unit_contact":
            return self.filter(unit_id=user.unit_id)
        return self


class ExtraCategory(AuditedModel):
    """A category of findings the office adds to the built-in ones; a finding stores its name as the category."""

    name = models.CharField(_("类别名称"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class CommonFinding(AuditedModel):
    """A common problem (共性问题) issued to many units at once; each unit gets its own finding, closed on its own."""

    title = models.CharField(_("问题"), max_length=300)
    description = models.TextField(_("具体情况"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(_("下发时间"), default=timezone.now)

    class Meta:
        verbose_name = _("共性问题")
        verbose_name_plural = _("共性问题")
        ordering = ["-raised_at", "id"]

    def __str__(self):
        return self.title


class Finding(AuditedModel):
    """One problem of one unit and its rectification; `indicator_code` keeps the link to the scheme."""

    class Source(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("自查自评")
        DESK_REVIEW = "desk_review", _("案头审核")
        ON_SITE = "on_site", _("实地评估")
        MULTI_PARTY = "multi_party", _("多方评议")
        SURVEY = "survey", _("问卷调查")
        RECHECK = "recheck", _("复核")
        HOTLINE = "hotline", _("12345热线")
        NPC_CPPCC = "npc_cppcc", _("人大代表政协委员意见")
        AUDIT = "audit", _("审计或巡察报告")
        SUPERVISION = "supervision", _("监管预警")
        LIST_REVIEW = "list_review", _("清单核查")
        OTHER = "other", _("日常发现")

    class Category(models.TextChoices):
        VIOLATION = "violation", _("违规违纪")
        OVERLAP = "overlap", _("职责交叉")
        UNDERPERFORMANCE = "underperformance", _("履职不到位")
        STAFFING = "staffing", _("机构编制管理不规范")
        INTERFERENCE = "interference", _("条条干预")
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
        RETURNED = "returned", _("已退回")
        VERIFIED = "verified", _("已核验")
        CLOSED = "closed", _("已销号")

    DONE_STATES = ("verified", "closed")

    # Empty for a finding raised outside a campaign (a confirmed overlap, a supervision warning, a hotline case).
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="campaign_findings"
    )
    common = models.ForeignKey(
        CommonFinding,
        verbose_name=_("共性问题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    # A built-in category's code, or the name of an ExtraCategory.
    category = models.CharField(_("问题类别"), max_length=20, choices=Category.choices)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    indicator_code = models.CharField(_("关联指标"), max_length=60, blank=True)
    deduction = models.DecimalField(_("扣分"), max_digits=7, decimal_places=2, null=True, blank=True)
    title = models.CharField(_("问题"), max_length=300)
    description = models.TextField(_("具体情况"), blank=True)
    root_cause = models.TextField(_("问题根源"), blank=True)
    immediate = models.BooleanField(_("立行立改"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    responsible = models.CharField(_("整改责任人"), max_length=100, blank=True)
    # Where another room's record raised it ("duties.OverlapCandidate:12", "supervision.Warning:3").
    origin = models.CharField(_("来源记录"), max_length=80, blank=True)
    # The adjustment of the three lists (duties.Adjustment) that settles a finding about duties.
    settled_by = models.ForeignKey(
        "duties.Adjustment", verbose_name=_("整改对应的清单调整"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    issued_at = models.DateTimeField(_("下发时间"), null=True, blank=True)
    plan = models.TextField(_("整改方案"), blank=True)
    plan_filed_at = models.DateTimeField(_("方案提交时间"), null=True, blank=True)
    evidence_note = models.TextField(_("整改情况说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交整改时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    returns = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    verify_note = models.TextField(_("核验意见"), blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("最近催办时间"), null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估发现问题")
        verbose_name_plural = _("评估发现问题")
        ordering = ["campaign", "unit", "raised_at", "id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="finding_unit_status"),
            models.Index(fields=["status", "deadline"], name="finding_status_deadline"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("findings:detail", args=[self.pk])

    @property
    def category_label(self) -> str:
        return str(self.get_category_display())

    @property
    def is_common(self) -> bool:
        return self.common_id is not None

    def is_overdue(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.deadline and self.deadline < today and self.status not in self.DONE_STATES)

    def days_to_close(self) -> int | None:
        if self.closed_at is None:
            return None
        return (self.closed_at - (self.issued_at or self.raised_at)).days


def evidence_upload_to(instance: FindingEvidence, filename: str) -> str:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "._-")[-80:] or "file"
    return f"findings/u{instance.finding.unit_id}/f{instance.finding_id}/{stamp}_{safe}"


class FindingEvidence(AuditedModel):
    """A file a unit uploads as evidence of its rectification; served only to those who see the finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")
        ordering = ["finding", "uploaded_at", "id"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return self.finding.unit_id


class Measure(AuditedModel):
    """A measure taken to press a unit (约谈, 通报, 暂停机构编制事项) or a consequence for a 诫勉 unit or person
    (书面报告, 谈话), against a finding or the unit as a whole, tracked to done."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("约谈")
        BULLETIN = "bulletin", _("通报")
        SUSPEND = "suspend", _("暂停机构编制事项")
        WRITTEN_REPORT = "written_report", _("书面报告")
        TALK = "talk", _("谈话提醒")

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    kind = models.CharField(_("措施"), max_length=20, choices=Kind.choices)
    person = models.CharField(_("对象"), max_length=100, blank=True)
    taken_on = models.DateField(_("日期"), default=timezone.localdate)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    note = models.TextField(_("情况"), blank=True)
    # A consequence for a 诫勉 unit or person is due by a day; the unit files its written report here.
    due = models.DateField(_("办结期限"), null=True, blank=True)
    report = models.TextField(_("书面报告"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UnitItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("督促措施")
        verbose_name_plural = _("督促措施")
        ordering = ["-taken_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}:{self.unit}"

    CONSEQUENCES = ("written_report", "talk")

    def is_overdue(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due and self.due < today and self.done_at is None)
