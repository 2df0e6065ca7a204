"""A campaign, its scope, frozen scheme versions, schedule, teams and assignments, and who sees what of it
(the querysets every campaign model's `visible_to` builds on)."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.access import VisibleQuerySet

if TYPE_CHECKING:
    from lvzhi.schemes.models import SchemeVersion

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


def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


class CampaignQuerySet(VisibleQuerySet):
    def visible_to(self, user):
        if not is_active_user(user):
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
        return self.visible_to(user) if is_active_user(user) and user.is_office_admin else self.none()


class CampaignUnitQuerySet(VisibleQuerySet):
    """A unit's campaign record is visible to the office and the committee, to the unit's contact, and to
    whoever is assigned to the unit in that campaign (evaluators, leader raters)."""

    campaign_lookup = "campaign"
    unit_lookup = "unit"

    def visible_to(self, user):
        if not is_active_user(user):
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
        if not is_active_user(user):
            return self.none()
        if user.sees_all_units:
            return self
        if user.role == "unit_contact":
            return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()
        assigned = Assignment.objects.filter(
            user=user, campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id")
        )
        return self.filter(Exists(assigned))


class Campaign(AuditedModel):
    class Period(models.TextChoices):
        YEAR = "year", _("年度")
        H1 = "h1", _("上半年")
        H2 = "h2", _("下半年")

    class Unvisited(models.TextChoices):
        """How the on-site indicators of a unit not planned for an on-site visit are scored."""

        DESK_REVIEW = "desk_review", _("按案头审核得分计(评估人员在案头审核中评定实地评估指标)")
        NOT_APPLICABLE = "not_applicable", _("不适用,同级指标按比例折算")
        DEFAULT = "default", _("按设定的得分率计")

    class Late(models.TextChoices):
        """How a unit that has not submitted its self-assessment by the deadline is handled."""

        OFFICE_REVIEW = "office_review", _("由评估人员根据编办掌握的材料审核")
        ZERO = "zero", _("自评和案头审核指标计零分,并列为评估发现的问题")
        EXCLUDE = "exclude", _("不参加评定和排名,单独列出")

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
    plan = models.ForeignKey(
        "plans.EvaluationPlan",
        verbose_name=_("评估规划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("按规划中本年度安排的单位确定评估范围"),
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
    unvisited_treatment = models.CharField(
        _("未实地评估单位的实地评估指标"), max_length=20, choices=Unvisited.choices, default=Unvisited.DESK_REVIEW
    )
    unvisited_default_percent = models.DecimalField(
        _("未实地评估单位的设定得分率(%)"), max_digits=5, decimal_places=2, default=80
    )
    late_treatment = models.CharField(
        _("逾期未提交自评的单位"), max_length=20, choices=Late.choices, default=Late.OFFICE_REVIEW
    )
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

    def version_for_category(self, category_id: int | None) -> "SchemeVersion | None":
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
        PLAN = "plan", _("按评估规划")

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
    # Set when the self-assessment stage closed (or, for a unit returned for correction, the desk review stage)
    # without the unit's self-assessment: handled as the campaign's `late_treatment` says.
    late = models.BooleanField(_("逾期未提交自评"), default=False)
    # Set by the office for a unit with nothing to be evaluated on this period (nothing due, no cases): the unit is
    # listed apart with this reason, not graded, ranked or counted in quotas (the engine's `not_evaluated`).
    not_evaluated_reason = models.CharField(_("不参评原因"), max_length=200, blank=True)

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

    def audit_unit_id(self):
        # A leader's assignment names who rates the unit: not part of the unit's own history (raters are
        # confidential to the rated unit). Administrators still see the events.
        return None if self.kind == self.Kind.LEADER else self.unit_id
