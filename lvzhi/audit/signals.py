"""Writes an AuditEvent for every save and delete of an AuditedModel, with the actor from lvzhi.audit.context."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import AuditedModel
from .recorder import record_change


@receiver(pre_save)
def remember_previous_state(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    previous = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
        previous = old.audit_snapshot() if old is not None else None
    instance._audit_before = previous


@receiver(post_save)
def record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = instance.audit_snapshot()
    if not created and before == after:
        return
    record_change("create" if created else "update", instance, before=before, after=after)


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    if not isinstance(instance, AuditedModel):
        return
    record_change("delete", instance, before=instance.audit_snapshot(), after=None)
