import datetime
import decimal
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.access import VisibleQuerySet
from lvzhi.core.policy import OWN_UNIT_ROLES, role_of

from .policy import POLICY as AUDIT_POLICY


def json_value(value):
    """A model field value as JSON: dates as ISO text, decimals as text, files as their name."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


class AuditedModel(models.Model):
    """Mix in to have every create, change and delete recorded in the audit log (lvzhi.audit.signals).

    `audit_unit_id()` says which unit an object belongs to, so that a unit contact sees its own history.
    `audit_exclude` names fields left out of snapshots.
    """

    audit_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def audit_snapshot(self) -> dict:
        data = {}
        for field in self._meta.concrete_fields:
            if field.name in self.audit_exclude:
                continue
            data[field.attname] = json_value(getattr(self, field.attname))
        return data

    def audit_unit_id(self):
        return getattr(self, "unit_id", None)


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    EVENT = "event", _("业务操作")


# Rooms whose records of a unit are not yet the unit's to read (e.g. review scores before a campaign opens them to
# the unit) narrow a unit contact's history: fn(user, queryset) -> queryset. Registered in AppConfig.ready.
UNIT_HISTORY_FILTERS: list = []


def register_unit_history_filter(fn) -> None:
    if fn not in UNIT_HISTORY_FILTERS:
        UNIT_HISTORY_FILTERS.append(fn)


class AuditEventQuerySet(VisibleQuerySet):
    def visible_to(self, user, action: str = "view"):
        """The records the audit table lets `user` read: all of them, or its own unit's (rule scope "unit"),
        less what a room keeps from the unit for now (UNIT_HISTORY_FILTERS)."""
        if not AUDIT_POLICY.allowed(user, action):
            return self.none()
        if role_of(user) in OWN_UNIT_ROLES:
            if not user.unit_id:
                return self.none()
            events = self.filter(unit_id=user.unit_id)
            for narrow in UNIT_HISTORY_FILTERS:
                events = narrow(user, events)
            return events
        return self

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditEvent(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=AuditAction.choices)
    event_type = models.CharField(_("事件类型"), max_length=60, blank=True, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    # The unit an object belongs to, kept as a plain id so the history outlives the unit.
    unit_id = models.BigIntegerField(_("所属单位"), null=True, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    source = models.CharField(_("来源"), max_length=20, blank=True)
    ip = models.CharField(max_length=45, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["unit_id", "at"], name="audit_unit_at"),
            models.Index(fields=["content_type", "object_id", "at"], name="audit_object_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    @property
    def changes(self) -> list[dict]:
        """Field by field: name, before, after — only the fields that differ."""
        before = self.before or {}
        after = self.after or {}
        names = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [
            {"field": name, "before": before.get(name), "after": after.get(name)}
            for name in names
            if before.get(name) != after.get(name)
        ]
