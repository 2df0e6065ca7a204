"""Indicator schemes stored as data. A version's `definition` is the document format of
docs/scheme-format.md, read by the pure engine in lvzhi.scoring. A published version never changes:
campaigns freeze one and recompute from it.

Who sees what (docs/schemes.md): office administrators, evaluators and committee members read every scheme and
version, drafts included; every other signed-in role reads published versions only. Only office administrators
change anything (lvzhi.schemes.actions).
"""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.access import VisibleQuerySet

from .policy import POLICY, FrozenVersionError

__all__ = ["FrozenVersionError", "Scheme", "SchemeNode", "SchemeResult", "SchemeVersion"]


def reads_drafts(user) -> bool:
    """Office administrators, evaluators and committee members read drafts; others only published versions."""
    return POLICY.allowed(user, "view_drafts")


def may_change_schemes(user) -> bool:
    return POLICY.allowed(user, "create")


class SchemeQuerySet(VisibleQuerySet):
    def visible_to(self, user, action: str = "view"):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if reads_drafts(user):
            return self
        return self.filter(versions__status=SchemeVersion.Status.PUBLISHED).distinct()

    def editable_by(self, user):
        return self.visible_to(user) if POLICY.allowed(user, "start_draft") else self.none()


class Scheme(AuditedModel):
    class Level(models.TextChoices):
        CENTRAL = "central", _("中央参考样式")
        PROVINCIAL = "provincial", _("省级模板")
        LOCAL = "local", _("本地方案")
        INTERNAL = "internal", _("部门内部方案")

    code = models.SlugField(_("方案代码"), max_length=60, unique=True)
    name = models.CharField(_("方案名称"), max_length=200)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, default=Level.LOCAL)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级模板"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标体系")
        verbose_name_plural = _("指标体系")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return None

    def latest_version(self, user=None):
        versions = self.versions.all()
        if user is not None:
            versions = SchemeVersion.objects.visible_to(user).filter(scheme=self)
        return versions.order_by("-number").first()

    def latest_published(self):
        return self.versions.filter(status=SchemeVersion.Status.PUBLISHED).order_by("-number").first()

    def open_draft(self):
        return self.versions.filter(status=SchemeVersion.Status.DRAFT).order_by("-number").first()

    def next_number(self) -> int:
        last = self.versions.order_by("-number").values_list("number", flat=True).first()
        return (last or 0) + 1


class SchemeVersionQuerySet(VisibleQuerySet):
    def visible_to(self, user, action: str = "view"):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if reads_drafts(user):
            return self
        return self.filter(status=SchemeVersion.Status.PUBLISHED)

    def editable_by(self, user):
        """The versions `user` may edit now: the drafts, for office administrators (the "edit_draft" rule)."""
        return POLICY.narrow(self.visible_to(user), user, "edit_draft")

    def published(self):
        return self.filter(status=SchemeVersion.Status.PUBLISHED)

    def update(self, **kwargs):
        """Bulk updates may not touch what a published version froze."""
        frozen_fields = set(kwargs) & SchemeVersion.FROZEN_FIELDS
        if frozen_fields and self.filter(status=SchemeVersion.Status.PUBLISHED).exists():
            raise FrozenVersionError(_("已发布的版本不可修改;如需调整,请基于它新建草稿版本。"))
        return super().update(**kwargs)


class SchemeVersion(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    # What publishing freezes: none of these may change once a version is published.
    FROZEN_FIELDS = frozenset({"definition", "status", "number", "scheme", "scheme_id", "parent_version",
                               "parent_version_id", "published_at"})

    scheme = models.ForeignKey(Scheme, verbose_name=_("指标体系"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    definition = models.JSONField(_("指标定义"))
    parent_version = models.ForeignKey(
        "self", verbose_name=_("继承自"), null=True, blank=True, on_delete=models.PROTECT, related_name="derived"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("版本说明"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("最后修改"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The number of problems load_scheme found when the definition was last saved (0: valid).
    issue_count = models.PositiveIntegerField(_("校验问题数"), default=0)

    objects = SchemeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标体系版本")
        verbose_name_plural = _("指标体系版本")
        ordering = ["scheme", "-number"]
        constraints = [models.UniqueConstraint(fields=["scheme", "number"], name="schemeversion_scheme_number")]

    def __str__(self):
        return f"{self.scheme.name} v{self.number}"

    def audit_unit_id(self):
        return None

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            stored = SchemeVersion._base_manager.filter(pk=self.pk).values(
                "status", "definition", "number", "scheme_id", "parent_version_id", "published_at"
            ).first()
            if stored is not None and stored["status"] == self.Status.PUBLISHED:
                current = {
                    "status": self.status,
                    "definition": self.definition,
                    "number": self.number,
                    "scheme_id": self.scheme_id,
                    "parent_version_id": self.parent_version_id,
                    "published_at": self.published_at,
                }
                if current != stored:
                    raise FrozenVersionError(
                        _("%(version)s 已发布,内容不可修改;如需调整,请基于它新建草稿版本。") % {"version": self}
                    )
        super().save(*args, **kwargs)

    def parent_effective(self) -> dict | None:
        return self.parent_version.effective_definition() if self.parent_version_id else None

    def effective_definition(self) -> dict:
        """The full definition the engine scores (resolved against the parent version when inheriting)."""
        from . import engine

        key = json.dumps(self.definition, sort_keys=True, ensure_ascii=False, default=str)
        cached = getattr(self, "_effective_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        value = engine.effective(self.definition, self.parent_effective())
        self._effective_cache = (key, value)
        return value

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise FrozenVersionError(_("%(version)s 已发布,不可删除。") % {"version": self})
        return super().delete(*args, **kwargs)


class SchemeNodeQuerySet(VisibleQuerySet):
    def visible_to(self, user, action: str = "view"):
        return self.filter(version__in=SchemeVersion.objects.visible_to(user))


class SchemeNode(models.Model):
    """One indicator of one version, derived from `SchemeVersion.definition` for querying (which versions use
    an indicator, every negative indicator, the points of level 1 …). The definition stays the source of truth;
    these rows are rebuilt whenever a draft's definition is saved and never change once it is published."""

    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="nodes")
    code = models.CharField(_("指标代码"), max_length=60)
    parent_code = models.CharField(_("上级指标代码"), max_length=60, blank=True)
    name = models.CharField(_("指标名称"), max_length=300)
    level = models.PositiveSmallIntegerField(_("层级"))
    position = models.PositiveIntegerField(_("顺序"))
    kind = models.CharField(_("类型"), max_length=30, blank=True)
    points = models.DecimalField(_("分值"), max_digits=12, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=12, decimal_places=6, null=True, blank=True)
    rule_type = models.CharField(_("计分规则"), max_length=40, blank=True)
    source = models.CharField(_("数据来源"), max_length=60, blank=True)
    is_leaf = models.BooleanField(_("末级指标"), default=False)

    objects = SchemeNodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="schemenode_version_code")]
        indexes = [models.Index(fields=["code"], name="schemenode_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class SchemeResultQuerySet(VisibleQuerySet):
    def visible_to(self, user, action: str = "view"):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        from lvzhi.registry.models import Unit

        if user.sees_all_units:
            return self.filter(version__in=SchemeVersion.objects.visible_to(user))
        units = Unit.objects.visible_to(user)
        scoped = self.filter(unit__in=units)
        if reads_drafts(user):
            return scoped
        return scoped.filter(version__status=SchemeVersion.Status.PUBLISHED)


class SchemeResult(AuditedModel):
    """An engine result stored for one subject (usually a unit) under one scheme version.

    `result` is the engine's `to_dict()` (the explained tree), `inputs` the raw inputs it was computed from, so
    that anyone can recompute it and compare byte for byte. `context` says who computed it for what
    (e.g. "campaign:12"), so one room's results do not mix with another's. See docs/schemes.md.
    """

    version = models.ForeignKey(SchemeVersion, verbose_name=_("指标体系版本"), on_delete=models.PROTECT,
                                related_name="results")
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="scheme_results",
    )
    subject = models.CharField(_("评估对象"), max_length=200, blank=True)
    category = models.CharField(_("类别"), max_length=60, blank=True)
    context = models.CharField(_("用途"), max_length=100, blank=True, db_index=True)
    total = models.DecimalField(_("总分"), max_digits=12, decimal_places=4, null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=30, blank=True)
    rank = models.PositiveIntegerField(_("类别内排名"), null=True, blank=True)
    inputs = models.JSONField(_("原始数据"), default=dict)
    result = models.JSONField(_("计算结果"))
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("计算人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SchemeResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("评分结果")
        verbose_name_plural = _("评分结果")
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["version", "context"], name="schemeresult_version_context")]

    def __str__(self):
        who = self.subject or (str(self.unit) if self.unit_id else "")
        return f"{self.version} · {who}"
