"""What the stages collect for a unit: self-assessment and review entries, evidence, forms, the on-site visit
and its records, leader ratings and imported data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.access import VisibleQuerySet

from ..formats import RATING_LABELS
from .campaign import (
    SCORE_DIGITS,
    Campaign,
    CampaignChildQuerySet,
    CampaignUnit,
    UnitChildQuerySet,
    is_active_user,
)


class IndicatorEntry(AuditedModel):
    """One indicator of one unit: the unit's self score and the evaluators' reviewed score, with the reason.

    The value scoring uses is the reviewed score when there is one, else the self score.
    """

    class ReviewSource(models.TextChoices):
        DESK = "desk_review", _("案头审核")
        ON_SITE = "on_site", _("实地评估")
        RECHECK = "recheck", _("复核")

    campaign_unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(_("指标代码"), max_length=60)
    # For a leaf with periods (quarters, halves): one entry per period; "" otherwise.
    period = models.CharField(_("期别"), max_length=20, blank=True, default="")
    self_score = models.DecimalField(_("自评分"), null=True, blank=True, **SCORE_DIGITS)
    self_note = models.TextField(_("自评说明"), blank=True)
    self_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    self_at = models.DateTimeField(null=True, blank=True)
    reviewed_score = models.DecimalField(_("审核分"), null=True, blank=True, **SCORE_DIGITS)
    review_reason = models.TextField(_("审核说明"), blank=True)
    review_source = models.CharField(_("审核环节"), max_length=20, choices=ReviewSource.choices, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["campaign_unit", "code", "period"]
        constraints = [
            models.UniqueConstraint(fields=["campaign_unit", "code", "period"], name="indicatorentry_unique")
        ]

    def __str__(self):
        return f"{self.campaign_unit.unit} · {self.code}"

    def audit_unit_id(self):
        return self.campaign_unit.unit_id

    @property
    def effective_score(self):
        return self.reviewed_score if self.reviewed_score is not None else self.self_score


def evidence_upload_to(instance, filename):
    cu = instance.campaign_unit
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "._-")[-80:] or "file"
    return f"evidence/c{cu.campaign_id}/u{cu.unit_id}/{stamp}_{safe}"


class Evidence(AuditedModel):
    """A file, a link or a text backing a self score, a checklist item, an objection or the self report."""

    class Kind(models.TextChoices):
        FILE = "file", _("文件")
        LINK = "link", _("链接")
        TEXT = "text", _("文字说明")

    class Purpose(models.TextChoices):
        SELF = "self", _("自评佐证")
        REPORT = "report", _("自评报告")
        CHECKLIST = "checklist", _("实地评估")
        INTERVIEW = "interview", _("访谈记录")
        OBJECTION = "objection", _("异议佐证")

    campaign_unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="evidence")
    purpose = models.CharField(_("用途"), max_length=12, choices=Purpose.choices, default=Purpose.SELF)
    code = models.CharField(_("指标代码"), max_length=60, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=300, blank=True)
    url = models.URLField(_("链接"), max_length=500, blank=True)
    text = models.TextField(_("说明"), blank=True)
    checklist_item = models.ForeignKey(
        "ChecklistItem", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    objection = models.ForeignKey(
        "Objection", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["campaign_unit", "code", "uploaded_at", "id"]
        indexes = [models.Index(fields=["file"], name="evidence_file")]

    def __str__(self):
        return self.title or self.url or (self.file.name.rsplit("/", 1)[-1] if self.file else self.text[:30])

    def audit_unit_id(self):
        return self.campaign_unit.unit_id

    @property
    def display_name(self) -> str:
        if self.title:
            return self.title
        if self.kind == self.Kind.FILE and self.file:
            return self.file.name.rsplit("/", 1)[-1].split("_", 1)[-1]
        if self.kind == self.Kind.LINK:
            return self.url
        return self.text[:40]


class FormSheet(AuditedModel):
    """A fill-in form of the self-assessment (lvzhi.campaigns.sheets names the forms and their fields)."""

    campaign_unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="sheets")
    form = models.CharField(_("表单"), max_length=40)
    data = models.JSONField(_("内容"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("自评表单")
        verbose_name_plural = _("自评表单")
        constraints = [models.UniqueConstraint(fields=["campaign_unit", "form"], name="formsheet_unique")]

    def __str__(self):
        return f"{self.campaign_unit.unit} · {self.form}"

    def audit_unit_id(self):
        return self.campaign_unit.unit_id


class Visit(AuditedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("已计划")
        CLOSED = "closed", _("已完成")

    campaign_unit = models.OneToOneField(CampaignUnit, on_delete=models.CASCADE, related_name="visit")
    planned_on = models.DateField(_("计划日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("评估组成员"), blank=True, related_name="+"
    )
    agenda = models.TextField(_("安排"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    summary = models.TextField(_("评估小结"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("实地评估")
        verbose_name_plural = _("实地评估")

    def __str__(self):
        return gettext("%(unit)s 实地评估") % {"unit": self.campaign_unit.unit}

    def audit_unit_id(self):
        return self.campaign_unit.unit_id


class VisitChildQuerySet(UnitChildQuerySet):
    cu_lookup = "visit__campaign_unit"


class ChecklistItem(AuditedModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    group = models.CharField(_("类别"), max_length=30)
    text = models.CharField(_("事项"), max_length=300)
    mandatory = models.BooleanField(_("必须"), default=True)
    ticked = models.BooleanField(_("已完成"), default=False)
    note = models.TextField(_("记录"), blank=True)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField(null=True, blank=True)

    objects = VisitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        ordering = ["visit", "order", "id"]

    def __str__(self):
        return f"{self.group}:{self.text}"

    def audit_unit_id(self):
        return self.visit.campaign_unit.unit_id


class Interview(AuditedModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="interviews")
    interviewee = models.CharField(_("访谈对象"), max_length=100)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    held_on = models.DateField(_("访谈日期"), null=True, blank=True)
    record = models.TextField(_("访谈记录"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = VisitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("访谈记录")
        verbose_name_plural = _("访谈记录")
        ordering = ["visit", "id"]

    def __str__(self):
        return gettext("访谈 %(name)s") % {"name": self.interviewee}

    def audit_unit_id(self):
        return self.visit.campaign_unit.unit_id


class ArchiveCheck(AuditedModel):
    class Result(models.TextChoices):
        CONFORMS = "conforms", _("相符")
        PROBLEM = "problem", _("存在问题")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="archive_checks")
    archive = models.CharField(_("档案/系统"), max_length=200)
    result = models.CharField(_("查验结果"), max_length=10, choices=Result.choices)
    note = models.TextField(_("说明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = VisitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("档案查验")
        verbose_name_plural = _("档案查验")
        ordering = ["visit", "id"]

    def __str__(self):
        return self.archive

    def audit_unit_id(self):
        return self.visit.campaign_unit.unit_id


RATINGS_CONFIDENTIAL = _("领导评价仅编办、编委会和评价领导本人可以查看。")


class LeaderRatingQuerySet(VisibleQuerySet):
    """Leader ratings are confidential to the rated unit: each rating (and who gave it) is seen by the office,
    the committee and the leader who gave it. The unit, its contact and the evaluators see only the points the
    ratings add up to in the result (lvzhi.campaigns.scoring.explanation_for)."""

    def visible_to(self, user):
        if not is_active_user(user):
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "leader":
            return self.filter(leader=user)
        return self.none()


class LeaderRating(AuditedModel):
    class Rating(models.TextChoices):
        # Stored as the label itself, which the scheme's rating scale names (lvzhi.campaigns.formats).
        EXCELLENT = RATING_LABELS[0], _("优秀")
        GOOD = RATING_LABELS[1], _("良好")
        FAIR = RATING_LABELS[2], _("一般")
        POOR = RATING_LABELS[3], _("差")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="leader_ratings")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价领导"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("评价周期"), max_length=10, default="year")
    # A label of the scheme's rating scale (优秀…), or a rater's score as a number (92) where the form is scored.
    rating = models.CharField(_("评价等次或分数"), max_length=10)
    comment = models.TextField(_("评语"), blank=True)
    rated_at = models.DateTimeField(default=timezone.now)
    # Entry on behalf (代录): the office enters a leader's rating from a paper form; who entered it, from which
    # document. Empty when the leader rated in the system.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_document = models.CharField(_("依据文件"), max_length=200, blank=True)

    objects = LeaderRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("领导评价")
        verbose_name_plural = _("领导评价")
        ordering = ["campaign", "unit", "period", "leader"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "leader", "period"], name="leaderrating_unique"
            )
        ]

    def __str__(self):
        return gettext("%(leader)s 评 %(unit)s:%(rating)s") % {
            "leader": self.leader,
            "unit": self.unit,
            "rating": self.rating,
        }

    def audit_unit_id(self):
        # Not the unit's: its audit history would show who rated it and how. Administrators still see the events.
        return None


class ImportBatch(AuditedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="import_batches")
    kind = models.CharField(_("数据类型"), max_length=20)
    file_name = models.CharField(_("文件名"), max_length=200)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return gettext("%(name)s(%(rows)s行)") % {"name": self.file_name, "rows": self.rows}

    def audit_unit_id(self):
        return None


class ImportedValue(AuditedModel):
    """One imported figure for one unit: a third-party score, a hotline statistic, a review rank, a deduction,
    a survey result. `key` is the name the scheme's rule reads (lvzhi.campaigns.schemeinfo)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="imported_values")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("数据类型"), max_length=20)
    key = models.CharField(_("数据项"), max_length=60)
    # 子项: a period, a survey or rater group, or actual/target; "" when the value is the whole value.
    part = models.CharField(_("子项"), max_length=40, blank=True, default="")
    value = models.DecimalField(_("数值"), null=True, blank=True, **SCORE_DIGITS)
    # The source says the indicator does not apply to this unit ("不适用"): the engine rescales its parent.
    not_applicable = models.BooleanField(_("不适用"), default=False)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="values"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    objects = CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入数据")
        verbose_name_plural = _("导入数据")
        ordering = ["campaign", "unit", "key", "part"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "key", "part"], name="importedvalue_unique")
        ]

    def __str__(self):
        return f"{self.unit} · {self.key} = {gettext('不适用') if self.not_applicable else self.value}"
