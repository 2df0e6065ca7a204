"""Indicator schemes stored as data. A version's `definition` is the document format of
docs/scheme-format.md, read by the pure engine in lvzhi.scoring. A published version never changes:
campaigns freeze one and recompute from it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from lvzhi.audit.models import AuditedModel


class Scheme(AuditedModel):
    class Level(models.TextChoices):
        CENTRAL = "central", "中央参考样式"
        PROVINCIAL = "provincial", "省级模板"
        LOCAL = "local", "本地方案"
        INTERNAL = "internal", "部门内部方案"

    code = models.SlugField("方案代码", max_length=60, unique=True)
    name = models.CharField("方案名称", max_length=200)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.LOCAL)
    parent = models.ForeignKey(
        "self", verbose_name="上级模板", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return None


class SchemeVersion(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    scheme = models.ForeignKey(Scheme, verbose_name="指标体系", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    definition = models.JSONField("指标定义")
    parent_version = models.ForeignKey(
        "self", verbose_name="继承自", null=True, blank=True, on_delete=models.PROTECT, related_name="derived"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "指标体系版本"
        verbose_name_plural = "指标体系版本"
        ordering = ["scheme", "-number"]
        constraints = [models.UniqueConstraint(fields=["scheme", "number"], name="schemeversion_scheme_number")]

    def __str__(self):
        return f"{self.scheme.name} v{self.number}"

    def audit_unit_id(self):
        return None

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED
