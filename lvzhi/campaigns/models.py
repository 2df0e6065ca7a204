"""Evaluation campaigns (评估活动): scope, frozen scheme versions, schedule, teams, and every input a stage
collects — self-assessment, desk review, on-site visits, leader ratings, imported data — plus results,
objections, the committee decision and in-app notifications.

The stage machine and who may act when live in lvzhi.campaigns.stages; every change goes through
lvzhi.campaigns.actions. Visibility: `Model.objects.visible_to(user)` (see docs/campaigns.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.access import VisibleQuerySet

from .formats import RATING_LABELS

SCORE_DIGITS = {"max_digits": 12, "decimal_places": 4}


class Stage(models.TextChoices):
    DEPLOY = "deploy", _("部署")
    SELF_ASSESSMENT = "self_assessment", _("自查自评")
    DESK_REVIEW = "desk_review", _("案头审核")
    ON_SITE = "on_site", _("实地评估")
    MULTI_PARTY = "multi_party", _("多方评议")
    SCORING = "scoring", _("综合评定")
    FEEDBACK = "feedback", _("征求意见/复核")
    APPROVAL = "approval", _("编委会审定")
    PUBLICATION = "publication", _("公布/通报")


STAGE_ORDER = [s.value for s in Stage]


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


# ---------------------------------------------------------------------------------------------------------
# Visibility
# ---------------------------------------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


class CampaignQuerySet(VisibleQuerySet):
    def visible_to(self, user):
        if not _active(user):
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "unit_contact":
            if not user.unit_id:
                return self.none()
            return self.filter(pk__in=CampaignUnit.objects.filter(unit_id=user.unit_id).values("campaign_id"))
        return self.filter(
            Q(pk__in=Assignment.objects.filter(user=user).values("campaign_id"))
            | Q(pk__in=Team.objects.filter(members=user).values("campaign_id"))
        )

    def editable_by(self, user):
        return self.visible_to(user) if _active(user) and user.is_office_admin else self.none()


class CampaignUnitQuerySet(VisibleQuerySet):
    """A unit's campaign record is visible to the office and the committee, to the unit's contact, and to
    whoever is assigned to the unit in that campaign (evaluators, leader raters)."""

    campaign_lookup = "campaign"
    unit_lookup = "unit"

    def visible_to(self, user):
        if not _active(user):
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "unit_contact":
            return self.filter(**{f"{self.unit_lookup}_id": user.unit_id}) if user.unit_id else self.none()
        assigned = Assignment.objects.filter(
            user=user,
            campaign_id=OuterRef(f"{self.campaign_lookup}_id"),
            unit_id=OuterRef(f"{self.unit_lookup}_id"),
        )
        return self.filter(Exists(assigned))


class UnitChildQuerySet(VisibleQuerySet):
    """Objects hanging off one CampaignUnit: visible when it is."""

    cu_lookup = "campaign_unit"

    def visible_to(self, user):
        return self.filter(**{f"{self.cu_lookup}__in": CampaignUnit.objects.visible_to(user)})


class CampaignChildQuerySet(VisibleQuerySet):
    """Objects of a campaign that concern one unit (fields `campaign` and `unit`)."""

    def visible_to(self, user):
        if not _active(user):
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "unit_contact":
            return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()
        assigned = Assignment.objects.filter(
            user=user, campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id")
        )
        return self.filter(Exists(assigned))


# ---------------------------------------------------------------------------------------------------------
# Campaign, scope, schedule, teams
# ---------------------------------------------------------------------------------------------------------


class Campaign(AuditedModel):
    class Period(models.TextChoices):
        YEAR = "year", _("年度")
        H1 = "h1", _("上半年")
        H2 = "h2", _("下半年")

    name = models.CharField(_("活动名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("评估周期"), max_length=10, choices=Period.choices, default=Period.YEAR)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("组织区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("说明"), blank=True)
    # Scope rule: units of these categories and/or regions (with their sub-regions), plus units listed by hand
    # (CampaignUnit.included_by = "list"); subordinate institutions sampled at `subordinate_share`.
    scope_categories = models.ManyToManyField(
        "registry.Category", verbose_name=_("纳入类别"), blank=True, related_name="+"
    )
    scope_regions = models.ManyToManyField(
        "registry.Region", verbose_name=_("纳入区划"), blank=True, related_name="+"
    )
    subordinate_share = models.DecimalField(
        _("下属单位抽查比例"), max_digits=4, decimal_places=2, default=0.30
    )
    scheme_version = models.ForeignKey(
        "schemes.SchemeVersion",
        verbose_name=_("指标体系版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    stage = models.CharField(_("当前阶段"), max_length=20, choices=Stage.choices, default=Stage.DEPLOY)
    # Percentage points of the maximum by which two sources may differ before a triangulation flag is raised.
    triangulation_margin = models.DecimalField(
        _("印证差异阈值(百分点)"), max_digits=5, decimal_places=2, default=20
    )
    leader_rating_periods = models.JSONField(_("领导评价周期"), default=list, blank=True)
    # The on-site checklist used for new visits: [{"group": "三必看", "text": …, "mandatory": true}, …]
    checklist = models.JSONField(_("实地评估清单"), default=list, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    results_stale = models.BooleanField(_("结果待更新"), default=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估活动")
        verbose_name_plural = _("评估活动")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def stage_label(self) -> str:
        if self.is_published:
            return gettext("已公布")
        return self.get_stage_display()

    def version_for_category(self, category_id):
        for cs in self.category_schemes.all():
            if cs.category_id == category_id:
                return cs.scheme_version
        return self.scheme_version

    def stage_record(self, stage: str):
        return self.stages.filter(stage=stage).first()


class CategoryScheme(AuditedModel):
    """Where weights differ by category: the frozen scheme version used for one category's units."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="category_schemes")
    category = models.ForeignKey(
        "registry.Category", verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+"
    )
    scheme_version = models.ForeignKey(
        "schemes.SchemeVersion", verbose_name=_("指标体系版本"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("类别指标体系")
        verbose_name_plural = _("类别指标体系")
        constraints = [models.UniqueConstraint(fields=["campaign", "category"], name="categoryscheme_unique")]

    def __str__(self):
        return f"{self.campaign} · {self.category}"

    def audit_unit_id(self):
        return None


class CampaignStage(AuditedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("未开始")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    order = models.PositiveSmallIntegerField(_("顺序"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    due_date = models.DateField(_("截止日期"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("评估阶段")
        verbose_name_plural = _("评估阶段")
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "stage"], name="campaignstage_unique")]

    def __str__(self):
        return f"{self.campaign} · {self.get_stage_display()}"

    def audit_unit_id(self):
        return None

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date and self.status != self.Status.CLOSED and self.due_date < timezone.localdate()
        )


class CampaignUnit(AuditedModel):
    """A unit in a campaign's scope, with its progress through the unit-level steps."""

    class Included(models.TextChoices):
        CATEGORY = "category", _("按类别")
        REGION = "region", _("按区划")
        LIST = "list", _("按名单")
        SAMPLE = "sample", _("下属单位抽查")

    class SelfStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("未填报")
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("退回修改")
        REVIEWED = "reviewed", _("已审核")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="campaign_units"
    )
    category = models.ForeignKey(
        "registry.Category",
        verbose_name=_("评估类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    included_by = models.CharField(
        _("纳入方式"), max_length=10, choices=Included.choices, default=Included.LIST
    )
    self_status = models.CharField(
        _("自评状态"), max_length=12, choices=SelfStatus.choices, default=SelfStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    report = models.TextField(_("自评报告"), blank=True)
    # Indicator codes that do not apply to this unit (e.g. no 89000 hotline tickets), decided by the office.
    not_applicable = models.JSONField(_("不适用指标"), default=list, blank=True)
    review_done_at = models.DateTimeField(_("案头审核完成"), null=True, blank=True)

    objects = CampaignUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("参评单位")
        verbose_name_plural = _("参评单位")
        ordering = ["campaign", "category__order", "unit__order", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="campaignunit_unique")]

    def __str__(self):
        return f"{self.campaign} · {self.unit}"

    @property
    def is_locked_for_contact(self) -> bool:
        return self.self_status in {self.SelfStatus.SUBMITTED, self.SelfStatus.REVIEWED}


class Team(AuditedModel):
    class Kind(models.TextChoices):
        LEADING = "leading", _("领导小组")
        WORKING = "working", _("工作组(专班)")
        SPECIAL = "special", _("专项小组")
        THIRD_PARTY = "third_party", _("第三方机构")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="teams")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    duties = models.TextField(_("职责"), blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("成员"), blank=True, related_name="campaign_teams"
    )

    class Meta:
        verbose_name = _("工作组")
        verbose_name_plural = _("工作组")
        ordering = ["campaign", "kind", "id"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return None


class Assignment(AuditedModel):
    """Who covers which unit in a campaign: an evaluator reviews it, a leader rates it (their portfolio)."""

    class Kind(models.TextChoices):
        EVALUATOR = "evaluator", _("评估人员")
        LEADER = "leader", _("分管领导")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_assignments"
    )
    unit = models.ForeignKey("registry.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.EVALUATOR)

    class Meta:
        verbose_name = _("分工")
        verbose_name_plural = _("分工")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user", "unit", "kind"], name="assignment_unique")
        ]
        indexes = [models.Index(fields=["user", "campaign"], name="assignment_user_campaign")]

    def __str__(self):
        return f"{self.user} → {self.unit}({self.get_kind_display()})"


# ---------------------------------------------------------------------------------------------------------
# Self-assessment, desk review, evidence, forms
# ---------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------
# On-site evaluation
# ---------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------
# Multi-party inputs
# ---------------------------------------------------------------------------------------------------------


RATINGS_CONFIDENTIAL = _("领导评价仅编办、编委会和评价领导本人可以查看。")


class LeaderRatingQuerySet(VisibleQuerySet):
    """Leader ratings are confidential to the rated unit: each rating (and who gave it) is seen by the office,
    the committee and the leader who gave it. The unit, its contact and the evaluators see only the points the
    ratings add up to in the result (lvzhi.campaigns.scoring.explanation_for)."""

    def visible_to(self, user):
        if not _active(user):
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
    rating = models.CharField(_("评价等次"), max_length=4, choices=Rating.choices)
    comment = models.TextField(_("评语"), blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

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


# ---------------------------------------------------------------------------------------------------------
# Results, triangulation, feedback, approval
# ---------------------------------------------------------------------------------------------------------


class UnitResult(models.Model):
    """The engine's result for one unit, from the inputs stored beside it. Rewritten by every recompute
    (lvzhi.campaigns.scoring); a recompute is one audit event, not one per row."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "registry.Category",
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheme_version = models.ForeignKey("schemes.SchemeVersion", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("总分"), null=True, blank=True, **SCORE_DIGITS)
    grade = models.CharField(_("等次"), max_length=30, blank=True)
    rank = models.PositiveIntegerField(_("类别内排名"), null=True, blank=True)
    inputs = models.JSONField(_("原始数据"), default=dict)
    # The engine's batch summary of the unit (total, grade, rank, titles, missing …).
    summary = models.JSONField(_("结果摘要"), default=dict)
    # The explained tree (the engine's UnitResult.to_dict()); written by the recompute when the scheme ranks on an
    # input across units, otherwise on first reading (lvzhi.campaigns.scoring.explained) — the same bytes either way.
    result = models.JSONField(_("计算结果"), default=dict, blank=True)
    rank_context = models.JSONField(_("排名上下文"), null=True, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    objects = CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估结果")
        verbose_name_plural = _("评估结果")
        ordering = ["campaign", "category", "rank", "unit"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="unitresult_unique")]

    def __str__(self):
        return f"{self.unit} {self.total}"


class TriangulationFlag(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("待核实")
        RESOLVED = "resolved", _("已核实")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="flags")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("指标代码"), max_length=60, blank=True)
    figures = models.JSONField(_("各来源数据"), default=dict)
    spread = models.DecimalField(_("差异(百分点)"), max_digits=7, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("核实说明"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = CampaignChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("印证差异")
        verbose_name_plural = _("印证差异")
        ordering = ["campaign", "status", "-spread"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "code"], name="flag_unique")]

    def __str__(self):
        return gettext("%(unit)s %(code)s 差异 %(spread)s") % {
            "unit": self.unit,
            "code": self.code or gettext("总体"),
            "spread": self.spread,
        }


class Objection(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("待复核")
        UPHELD = "upheld", _("已采纳")
        REJECTED = "rejected", _("不予采纳")

    campaign_unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="objections")
    code = models.CharField(_("指标代码"), max_length=60)
    reason = models.TextField(_("异议理由"))
    requested_score = models.DecimalField(_("申请分值"), null=True, blank=True, **SCORE_DIGITS)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("复核意见"), blank=True)
    old_score = models.DecimalField(_("原分值"), null=True, blank=True, **SCORE_DIGITS)
    new_score = models.DecimalField(_("复核后分值"), null=True, blank=True, **SCORE_DIGITS)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["campaign_unit", "submitted_at", "id"]

    def __str__(self):
        return gettext("%(unit)s 对 %(code)s 的异议") % {"unit": self.campaign_unit.unit, "code": self.code}

    def audit_unit_id(self):
        return self.campaign_unit.unit_id


class CommitteeDecision(AuditedModel):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("审定通过")
        SENT_BACK = "sent_back", _("退回重新评定")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.CharField(_("会议"), max_length=200)
    decided_on = models.DateField(_("审定日期"))
    outcome = models.CharField(_("审定结论"), max_length=10, choices=Outcome.choices)
    text = models.TextField(_("决定内容"))
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    results_digest = models.CharField(_("结果摘要"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("编委会审定")
        verbose_name_plural = _("编委会审定")
        ordering = ["campaign", "-recorded_at"]

    def __str__(self):
        return f"{self.meeting} {self.get_outcome_display()}"

    def audit_unit_id(self):
        return None


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _active(user):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_notifications"
    )
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # Idempotency: the same reminder is not sent twice.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_user_key"
            )
        ]

    def __str__(self):
        return self.text
