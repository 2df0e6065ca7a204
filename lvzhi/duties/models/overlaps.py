"""Overlap candidates (职责交叉): pairs of duties or items of different units that the text engine
(lvzhi.duties.textmatch) found alike, and the administrator's decision on each. A pair is keyed by its two
sources, so a dismissed pair stays dismissed when the next scan finds it again."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import PolicyQuerySet
from lvzhi.registry.models import Region, Unit

from ..policy import POLICY
from ..textmatch import shared_phrases


class OverlapQuerySet(PolicyQuerySet):
    policy = POLICY

    def visible(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        units = Unit.objects.visible_to(user)
        return self.filter(Q(unit_a__in=units) | Q(unit_b__in=units))


class OverlapCandidate(AuditedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        CONFIRMED = "confirmed", _("确认交叉")
        DISMISSED = "dismissed", _("排除")
        SETTLED = "settled", _("已以边界清单化解")

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    pair_key = models.CharField(max_length=80, unique=True)  # "<source a>|<source b>", sorted
    source_a = models.CharField(max_length=40)  # "task:12", "power:<key>"
    source_b = models.CharField(max_length=40)
    unit_a = models.ForeignKey(Unit, verbose_name=_("单位甲"), on_delete=models.CASCADE, related_name="+")
    unit_b = models.ForeignKey(Unit, verbose_name=_("单位乙"), on_delete=models.CASCADE, related_name="+")
    text_a = models.TextField(_("职责甲"))
    text_b = models.TextField(_("职责乙"))
    basis_a = models.TextField(_("依据甲"), blank=True)
    basis_b = models.TextField(_("依据乙"), blank=True)
    score = models.FloatField(_("相似度"))
    shared_phrases = models.JSONField(_("共同表述"), default=list)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)
    finding = models.ForeignKey(
        "findings.Finding",
        verbose_name=_("问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    boundary_key = models.CharField(_("化解的边界清单事项"), max_length=32, blank=True)

    objects = OverlapQuerySet.as_manager()

    class Meta:
        verbose_name = _("职责交叉线索")
        verbose_name_plural = _("职责交叉线索")
        ordering = ["status", "-score", "id"]

    def phrases(self) -> list[str]:
        """The phrases both texts share: as stored, or worked out now (the scan leaves them to the reading)."""
        return list(self.shared_phrases) or shared_phrases(self.text_a, self.text_b)

    def __str__(self) -> str:
        return f"{self.unit_a} / {self.unit_b}: {self.text_a[:20]}"

    def audit_unit_id(self) -> Any:
        return self.unit_a_id
