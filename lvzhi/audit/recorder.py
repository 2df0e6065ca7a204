"""Functions that write audit records. Models use them through signals; actions call `record_event`
for business steps (a stage closed, a score reviewed) and imports call `record_bulk`."""

from django.contrib.contenttypes.models import ContentType

from .context import current
from .models import AuditEvent


def _actor_fields():
    ctx = current()
    actor = ctx.actor
    name = ""
    if actor is not None:
        name = getattr(actor, "full_name", "") or getattr(actor, "username", "")
    return {"actor": actor, "actor_name": name, "source": ctx.source, "ip": ctx.ip}, ctx


def _target_fields(obj):
    if obj is None:
        return {}
    unit_id = obj.audit_unit_id() if hasattr(obj, "audit_unit_id") else getattr(obj, "unit_id", None)
    return {
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:255],
        "unit_id": unit_id,
    }


def record_change(action, obj, *, before, after, reason: str = "") -> AuditEvent:
    actor_fields, ctx = _actor_fields()
    return AuditEvent.objects.create(
        action=action,
        before=before,
        after=after,
        reason=reason or ctx.reason,
        **actor_fields,
        **_target_fields(obj),
    )


def record_event(event_type: str, obj=None, *, before=None, after=None, reason: str = "", unit_id=None):
    """A business step that is not a plain field change, e.g. `campaign.stage_reopened`."""
    actor_fields, ctx = _actor_fields()
    target = _target_fields(obj)
    if unit_id is not None:
        target["unit_id"] = unit_id
    return AuditEvent.objects.create(
        action="event",
        event_type=event_type,
        before=before,
        after=after,
        reason=reason or ctx.reason,
        **actor_fields,
        **target,
    )


def record_bulk(action, objects, *, befores=None, batch_size: int = 5000) -> int:
    """Audit records for objects written with bulk_create/bulk_update (which send no signals)."""
    actor_fields, ctx = _actor_fields()
    content_types: dict = {}
    rows = []
    for i, obj in enumerate(objects):
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model, for_concrete_model=False)
        rows.append(
            AuditEvent(
                action=action,
                content_type=content_types[model],
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                unit_id=obj.audit_unit_id(),
                before=befores[i] if befores is not None else None,
                after=None if action == "delete" else obj.audit_snapshot(),
                reason=ctx.reason,
                **actor_fields,
            )
        )
        if len(rows) >= batch_size:
            AuditEvent.objects.bulk_create(rows)
            rows = []
    if rows:
        AuditEvent.objects.bulk_create(rows)
    return len(objects) if hasattr(objects, "__len__") else 0
