"""What every scoped model of the room shares: the queryset that reads the duties table, and the versioned
item (a list item's versions share a `key`; each version is valid from `valid_from` up to, not including,
`valid_to`, so "the list as of date D" is one query: `as_of(D)`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.audit.models import AuditedModel
from lvzhi.core.policy import OWN_UNIT_ROLES, PolicyQuerySet, Rule, role_of
from lvzhi.registry.models import Unit

from ..policy import POLICY


def new_key() -> str:
    return uuid.uuid4().hex


class UnitScoped(PolicyQuerySet):
    """Objects of one unit: visible when the unit is (Unit.objects.visible_to); a unit contact acts on its own
    unit's under a rule scoped "unit"."""

    policy = POLICY
    unit_lookup = "unit"

    def visible(self, user: Any) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(**{f"{self.unit_lookup}__in": Unit.objects.visible_to(user)})

    def related(self, user: Any, rule: Rule) -> Self:
        if rule.scope == "unit" and role_of(user) in OWN_UNIT_ROLES:
            return self.filter(**{f"{self.unit_lookup}_id": user.unit_id}) if user.unit_id else self.none()
        return self


class VersionQuerySet(UnitScoped):
    def as_of(self, day: datetime.date) -> Self:
        """The versions in force on `day`: the list as it was that day."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))

    def current(self) -> Self:
        return self.filter(valid_to__isnull=True)

    def published(self) -> Self:
        return self.filter(is_published=True)


class VersionedItem(AuditedModel):
    """One version of a list item. A change closes the version in force (valid_to = the effective date) and
    adds the next one; a cancellation only closes it. Versions are never edited after publication."""

    key = models.CharField(_("事项标识"), max_length=32, default=new_key, db_index=True, editable=False)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    adjustment = models.ForeignKey(
        "duties.Adjustment",
        verbose_name=_("调整记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_published = models.BooleanField(_("已公示"), default=False)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.valid_to is None
