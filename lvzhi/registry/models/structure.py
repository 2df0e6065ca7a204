"""The registry's objects: regions, categories, units, their 三定 rules (duties, quotas, leadership posts),
internal bodies, posts and persons."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.audit.models import AuditedModel
from lvzhi.core.access import UNIT_SCOPE_PROVIDERS, VisibleQuerySet
from lvzhi.core.policy import OWN_UNIT_ROLES, role_of

from ..policy import POLICY as REGISTRY


class StaffingKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", gettext_lazy("行政编制")
    POLITICAL_LEGAL = "political_legal", gettext_lazy("政法专项编制")
    PUBLIC_INSTITUTION = "public_institution", gettext_lazy("事业编制")
    LOGISTICS = "logistics", gettext_lazy("工勤编制")


class LeadershipLevel(models.TextChoices):
    UNIT_HEAD = "unit_head", gettext_lazy("单位领导正职")
    UNIT_DEPUTY = "unit_deputy", gettext_lazy("单位领导副职")
    BODY_HEAD = "body_head", gettext_lazy("内设机构领导正职")
    BODY_DEPUTY = "body_deputy", gettext_lazy("内设机构领导副职")


class UnitKind(models.TextChoices):
    PARTY = "party", gettext_lazy("党委部门")
    GOVERNMENT = "government", gettext_lazy("政府工作部门")
    PEOPLES_CONGRESS = "congress", gettext_lazy("人大机关")
    CPPCC = "cppcc", gettext_lazy("政协机关")
    JUDICIAL = "judicial", gettext_lazy("审判检察机关")
    MASS_ORG = "mass_org", gettext_lazy("群团机关")
    COORDINATION = "coordination", gettext_lazy("议事协调机构")
    DISPATCHED = "dispatched", gettext_lazy("派出机构")
    DIRECT_INSTITUTION = "direct_institution", gettext_lazy("直属事业单位")
    SUBORDINATE_INSTITUTION = "subordinate_institution", gettext_lazy("下属事业单位")


class Region(AuditedModel):
    class Level(models.IntegerChoices):
        PROVINCE = 1, gettext_lazy("省")
        CITY = 2, gettext_lazy("市")
        COUNTY = 3, gettext_lazy("县(市、区)")
        TOWNSHIP = 4, gettext_lazy("乡镇(街道)")

    code = models.CharField(gettext_lazy("区划代码"), max_length=12, unique=True)
    name = models.CharField(gettext_lazy("名称"), max_length=50)
    level = models.PositiveSmallIntegerField(gettext_lazy("层级"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=gettext_lazy("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Codes of the ancestors and itself joined by "/", for subtree queries: path__startswith.
    path = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = gettext_lazy("区划")
        verbose_name_plural = gettext_lazy("区划")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.level is None:  # the field's own check reports it
            return
        if self.parent_id and self.parent.level >= self.level:
            raise ValidationError({"level": _("下级区划的层级必须低于上级区划。")})

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.code}" if self.parent_id else self.code
        super().save(*args, **kwargs)

    def audit_unit_id(self):
        return None


class Category(AuditedModel):
    """A group of units ranked together, e.g. 党群系统, 政务服务 (configurable)."""

    code = models.CharField(gettext_lazy("代码"), max_length=20, unique=True)
    name = models.CharField(gettext_lazy("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(gettext_lazy("排序"), default=0)
    description = models.TextField(gettext_lazy("说明"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("单位类别")
        verbose_name_plural = gettext_lazy("单位类别")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return None


class UnitQuerySet(VisibleQuerySet):
    def visible_to(self, user, action: str = "view"):
        """Every unit for the roles of the "view_all_units" rule; a unit contact its own unit; every other role
        the units assigned to it (`scope_units`, and the rooms' assignments, UNIT_SCOPE_PROVIDERS)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if REGISTRY.allowed(user, "view_all_units"):
            return self
        if role_of(user) in OWN_UNIT_ROLES:
            return self.filter(pk=user.unit_id) if user.unit_id else self.none()
        scope = models.Q(pk__in=user.scope_units.values("pk"))
        for provider in UNIT_SCOPE_PROVIDERS:
            scope |= models.Q(pk__in=provider(user))
        return self.filter(scope)

    def editable_by(self, user, action: str = "edit_unit"):
        """The visible units the registry table lets `user` take `action` on (a contact: its own unit)."""
        return self.visible_to(user) if REGISTRY.allowed(user, action) else self.none()


class Unit(AuditedModel):
    code = models.CharField(gettext_lazy("单位代码"), max_length=30, unique=True)
    name = models.CharField(gettext_lazy("单位名称"), max_length=100)
    short_name = models.CharField(gettext_lazy("简称"), max_length=50, blank=True)
    kind = models.CharField(gettext_lazy("单位性质"), max_length=30, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=gettext_lazy("所属区划"), on_delete=models.PROTECT, related_name="units"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=gettext_lazy("评估类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=gettext_lazy("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    order = models.PositiveIntegerField(gettext_lazy("排序"), default=0)
    is_active = models.BooleanField(gettext_lazy("在用"), default=True)
    note = models.TextField(gettext_lazy("备注"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("单位")
        verbose_name_plural = gettext_lazy("单位")
        ordering = ["order", "code"]
        indexes = [models.Index(fields=["region", "category"], name="unit_region_category")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("主管部门不能是单位自身。")})

    def audit_unit_id(self):
        return self.pk

    @property
    def current_sanding(self):
        return self.sandings.filter(is_current=True).first()


class UnitScopedQuerySet(VisibleQuerySet):
    """For objects that belong to one unit: visible when the unit is."""

    unit_lookup = "unit"

    def visible_to(self, user, action: str = "view"):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if REGISTRY.allowed(user, "view_all_units"):
            return self
        return self.filter(**{f"{self.unit_lookup}__in": Unit.objects.visible_to(user)})

    def editable_by(self, user, action: str = "edit_unit"):
        return self.visible_to(user) if REGISTRY.allowed(user, action) else self.none()


class SanDingQuerySet(UnitScopedQuerySet):
    pass


class SanDing(AuditedModel):
    """One version of a unit's 三定 rules (职能配置、内设机构和人员编制规定)."""

    unit = models.ForeignKey(
        Unit, verbose_name=gettext_lazy("单位"), on_delete=models.CASCADE, related_name="sandings"
    )
    version = models.PositiveIntegerField(gettext_lazy("版本"))
    document_number = models.CharField(gettext_lazy("文号"), max_length=60, blank=True)
    approved_on = models.DateField(gettext_lazy("印发日期"), null=True, blank=True)
    is_current = models.BooleanField(gettext_lazy("现行"), default=True)
    note = models.TextField(gettext_lazy("说明"), blank=True)

    objects = SanDingQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("三定规定")
        verbose_name_plural = gettext_lazy("三定规定")
        ordering = ["unit", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "version"], name="sanding_unit_version"),
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(is_current=True), name="sanding_one_current_per_unit"
            ),
        ]

    def __str__(self):
        return _("%(unit)s 三定 第%(version)s版") % {"unit": self.unit, "version": self.version}


class SanDingChildQuerySet(UnitScopedQuerySet):
    unit_lookup = "sanding__unit"


class MainDuty(AuditedModel):
    sanding = models.ForeignKey(SanDing, on_delete=models.CASCADE, related_name="main_duties")
    seq = models.PositiveSmallIntegerField(gettext_lazy("序号"))
    text = models.TextField(gettext_lazy("主要职责"))

    objects = SanDingChildQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("主要职责")
        verbose_name_plural = gettext_lazy("主要职责")
        ordering = ["sanding", "seq"]
        constraints = [models.UniqueConstraint(fields=["sanding", "seq"], name="mainduty_sanding_seq")]

    def __str__(self):
        return f"({self.seq}) {self.text[:30]}"

    def audit_unit_id(self):
        return self.sanding.unit_id


class StaffingQuota(AuditedModel):
    sanding = models.ForeignKey(SanDing, on_delete=models.CASCADE, related_name="quotas")
    kind = models.CharField(gettext_lazy("编制类型"), max_length=30, choices=StaffingKind.choices)
    approved = models.PositiveIntegerField(gettext_lazy("核定数"))

    objects = SanDingChildQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("编制核定")
        verbose_name_plural = gettext_lazy("编制核定")
        constraints = [models.UniqueConstraint(fields=["sanding", "kind"], name="quota_sanding_kind")]

    def __str__(self):
        return _("%(kind)s %(approved)s名") % {"kind": self.get_kind_display(), "approved": self.approved}

    def audit_unit_id(self):
        return self.sanding.unit_id


class LeadershipQuota(AuditedModel):
    sanding = models.ForeignKey(SanDing, on_delete=models.CASCADE, related_name="leadership_quotas")
    level = models.CharField(gettext_lazy("领导职数类型"), max_length=20, choices=LeadershipLevel.choices)
    approved = models.PositiveIntegerField(gettext_lazy("核定职数"))

    objects = SanDingChildQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("领导职数")
        verbose_name_plural = gettext_lazy("领导职数")
        constraints = [models.UniqueConstraint(fields=["sanding", "level"], name="leadership_sanding_level")]

    def __str__(self):
        return _("%(level)s %(approved)s名") % {"level": self.get_level_display(), "approved": self.approved}

    def audit_unit_id(self):
        return self.sanding.unit_id


class InternalBody(AuditedModel):
    """内设机构/科室 with the duties the 三定 gives it."""

    unit = models.ForeignKey(
        Unit, verbose_name=gettext_lazy("单位"), on_delete=models.CASCADE, related_name="internal_bodies"
    )
    code = models.CharField(gettext_lazy("机构代码"), max_length=30)
    name = models.CharField(gettext_lazy("机构名称"), max_length=100)
    duties = models.TextField(gettext_lazy("主要职责"), blank=True)
    order = models.PositiveIntegerField(gettext_lazy("排序"), default=0)
    is_active = models.BooleanField(gettext_lazy("在用"), default=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("内设机构")
        verbose_name_plural = gettext_lazy("内设机构")
        ordering = ["unit", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="body_unit_code")]

    def __str__(self):
        return self.name


class Post(AuditedModel):
    unit = models.ForeignKey(
        Unit, verbose_name=gettext_lazy("单位"), on_delete=models.CASCADE, related_name="posts"
    )
    internal_body = models.ForeignKey(
        InternalBody,
        verbose_name=gettext_lazy("内设机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    code = models.CharField(gettext_lazy("岗位代码"), max_length=40)
    name = models.CharField(gettext_lazy("岗位名称"), max_length=100)
    leadership_level = models.CharField(
        gettext_lazy("领导职务"), max_length=20, choices=LeadershipLevel.choices, blank=True, default=""
    )
    duties = models.TextField(gettext_lazy("岗位职责"), blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("岗位")
        verbose_name_plural = gettext_lazy("岗位")
        ordering = ["unit", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="post_unit_code")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.internal_body_id and self.internal_body.unit_id != self.unit_id:
            raise ValidationError({"internal_body": _("内设机构不属于该单位。")})
        if self.pk and self.persons.exclude(unit_id=self.unit_id).exists():
            raise ValidationError({"unit": _("该岗位上还有原单位的人员,不能改到其他单位;请先调整人员。")})


class Person(AuditedModel):
    """实名制: who holds which post, on which staffing kind."""

    class Gender(models.TextChoices):
        MALE = "M", gettext_lazy("男")
        FEMALE = "F", gettext_lazy("女")

    unit = models.ForeignKey(
        Unit, verbose_name=gettext_lazy("单位"), on_delete=models.PROTECT, related_name="persons"
    )
    post = models.ForeignKey(
        Post,
        verbose_name=gettext_lazy("岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
    )
    staff_no = models.CharField(gettext_lazy("人员编号"), max_length=30, unique=True)
    name = models.CharField(gettext_lazy("姓名"), max_length=50)
    gender = models.CharField(gettext_lazy("性别"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(gettext_lazy("出生年份"), null=True, blank=True)
    staffing_kind = models.CharField(gettext_lazy("编制类型"), max_length=30, choices=StaffingKind.choices)
    joined_on = models.DateField(gettext_lazy("入编时间"), null=True, blank=True)
    is_active = models.BooleanField(gettext_lazy("在编"), default=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("实名制人员")
        verbose_name_plural = gettext_lazy("实名制人员")
        ordering = ["unit", "staff_no"]
        indexes = [models.Index(fields=["unit", "staffing_kind", "is_active"], name="person_unit_kind")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.post_id and self.post.unit_id != self.unit_id:
            raise ValidationError({"post": _("岗位不属于该单位。")})
