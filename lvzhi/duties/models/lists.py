"""The lists (三张清单 and the delegation list), each item kept as versions (base.VersionedItem), and the
higher-level catalogue a power item is localised from (三级四同)."""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import PolicyQuerySet
from lvzhi.registry.models import InternalBody, MainDuty, Post, Region, Unit

from ..policy import POLICY
from .base import VersionedItem, VersionQuerySet


# One queryset class per list: django-stubs 5.2.9 drops the methods of a queryset from the second manager built
# from it with as_manager(), so the type checker would not see as_of/current on the other lists.
class PowerQuerySet(VersionQuerySet):
    pass


class TerritorialQuerySet(VersionQuerySet):
    pass


class DelegationQuerySet(VersionQuerySet):
    pass

class PowerType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    PAYMENT = "payment", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class Initiation(models.TextChoices):
    ON_APPLICATION = "application", _("依申请")
    EX_OFFICIO = "ex_officio", _("依职权")


class ListKind(models.TextChoices):
    POWER = "power", _("权责清单")
    BOUNDARY = "boundary", _("职责边界清单")
    TERRITORIAL = "territorial", _("属地管理清单")
    DELEGATION = "delegation", _("下放事项清单")


class CatalogueQuerySet(PolicyQuerySet):
    policy = POLICY

    def visible(self, user: Any) -> Self:
        return self if getattr(user, "is_authenticated", False) and user.is_active else self.none()


class CatalogueItem(AuditedModel):
    """An item standardised at a higher level (省、市 标准目录): same name, type, code and basis below."""

    region = models.ForeignKey(Region, verbose_name=_("发布层级"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("事项编码"), max_length=60)
    name = models.CharField(_("事项名称"), max_length=300)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=PowerType.choices)
    initiation = models.CharField(_("行使方式"), max_length=12, choices=Initiation.choices, blank=True)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    responsibilities = models.TextField(_("责任事项"), blank=True)
    accountability = models.TextField(_("追责情形"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("上级标准目录事项")
        verbose_name_plural = _("上级标准目录事项")
        ordering = ["region", "code"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="catalogue_region_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def audit_unit_id(self) -> None:
        return None


class PowerItem(VersionedItem):
    """权责清单事项 (one version)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="power_items"
    )
    internal_body = models.ForeignKey(
        InternalBody,
        verbose_name=_("承办机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    posts = models.ManyToManyField(Post, verbose_name=_("承办岗位"), blank=True, related_name="power_items")
    code = models.CharField(_("事项编码"), max_length=60)
    name = models.CharField(_("事项名称"), max_length=300)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=PowerType.choices)
    initiation = models.CharField(_("行使方式"), max_length=12, choices=Initiation.choices, blank=True)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    responsibilities = models.TextField(_("责任事项"), blank=True)
    accountability = models.TextField(_("追责情形"), blank=True)
    sanding_clause = models.ForeignKey(
        MainDuty,
        verbose_name=_("对应三定职责"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("上级标准目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="localised",
    )
    localisation = models.TextField(_("本地化说明"), blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects = PowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("权责清单事项")
        verbose_name_plural = _("权责清单事项")
        ordering = ["unit", "code", "valid_from"]
        indexes = [
            models.Index(fields=["unit", "valid_from", "valid_to"], name="power_unit_validity"),
            models.Index(fields=["is_published", "valid_to", "item_type"], name="power_public"),
            models.Index(fields=["code"], name="power_code"),
            models.Index(fields=["name"], name="power_name"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BoundaryQuerySet(VersionQuerySet):
    """A boundary item is visible to whoever sees its lead unit or one of its cooperating units."""

    def visible(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        units = Unit.objects.visible_to(user)
        return self.filter(Q(unit__in=units) | Q(cooperating_units__in=units)).distinct()


class BoundaryItem(VersionedItem):
    """职责边界清单事项: a matter several units (or internal bodies of one unit) share, and who does what."""

    class Scope(models.TextChoices):
        BETWEEN_UNITS = "units", _("部门间")
        BETWEEN_BODIES = "bodies", _("部门内设机构间")

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("类别"), max_length=10, choices=Scope.choices, default=Scope.BETWEEN_UNITS)
    code = models.CharField(_("编号"), max_length=60)
    matter = models.CharField(_("职责事项"), max_length=300)
    # The lead unit; empty while no unit leads the matter (a gap, 空白).
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_boundaries",
    )
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="cooperating_boundaries"
    )
    lead_body = models.ForeignKey(
        InternalBody,
        verbose_name=_("牵头机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cooperating_bodies = models.ManyToManyField(
        InternalBody, verbose_name=_("配合机构"), blank=True, related_name="+"
    )
    division = models.TextField(_("职责分工"), help_text=_("按环节逐行填写:环节:单位及职责"), blank=True)
    trigger = models.TextField(_("启动情形"), blank=True)
    mechanism = models.TextField(_("协调配合机制"), blank=True)
    dispute = models.TextField(_("争议解决方式"), blank=True)
    decided_by = models.CharField(_("确定依据(会议或文件)"), max_length=300, blank=True)
    power_items = models.ManyToManyField(
        PowerItem, verbose_name=_("关联权责事项"), blank=True, related_name="+"
    )
    sanding_clauses = models.ManyToManyField(
        MainDuty, verbose_name=_("关联三定职责"), blank=True, related_name="+"
    )

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("职责边界清单事项")
        verbose_name_plural = _("职责边界清单事项")
        ordering = ["region", "code", "valid_from"]
        indexes = [models.Index(fields=["region", "valid_from", "valid_to"], name="boundary_region_validity")]

    def __str__(self) -> str:
        return f"{self.code} {self.matter}"


class TerritorialItem(VersionedItem):
    """属地管理清单事项: a matter split between county departments and townships."""

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("编号"), max_length=60)
    matter = models.CharField(_("职责事项"), max_length=300)
    unit = models.ForeignKey(
        Unit, verbose_name=_("县级主责部门"), on_delete=models.PROTECT, related_name="territorial_items"
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("县级配合部门"), blank=True, related_name="+"
    )
    county_duties = models.TextField(_("县级部门职责"), blank=True)
    township_duties = models.TextField(_("乡镇(街道)职责"), blank=True)
    support = models.TextField(_("配合事项"), blank=True)
    legal_basis = models.TextField(_("依据"), blank=True)

    objects = TerritorialQuerySet.as_manager()

    class Meta:
        verbose_name = _("属地管理清单事项")
        verbose_name_plural = _("属地管理清单事项")
        ordering = ["region", "code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.code} {self.matter}"


class DelegationItem(VersionedItem):
    """下放事项: a power delegated down to a township or an industrial park, with the receiving body."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("下放单位"), on_delete=models.PROTECT, related_name="delegations"
    )
    power_item_key = models.CharField(_("权责事项标识"), max_length=32, blank=True, db_index=True)
    code = models.CharField(_("事项编码"), max_length=60)
    name = models.CharField(_("事项名称"), max_length=300)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=PowerType.choices)
    receiving_region = models.ForeignKey(
        Region,
        verbose_name=_("承接乡镇(街道)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiving_body = models.CharField(_("承接主体"), max_length=200)
    manner = models.CharField(_("下放方式"), max_length=100, blank=True, help_text=_("如:委托、赋权"))
    legal_basis = models.TextField(_("下放依据"), blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("下放事项")
        verbose_name_plural = _("下放事项")
        ordering = ["unit", "code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.code} {self.name} → {self.receiving_body}"


VERSIONED_MODELS: dict[str, type[VersionedItem]] = {
    ListKind.POWER: PowerItem,
    ListKind.BOUNDARY: BoundaryItem,
    ListKind.TERRITORIAL: TerritorialItem,
    ListKind.DELEGATION: DelegationItem,
}
