"""Triangulation flags (their figures set the leader rating beside the other sources) and leader assignments (they
name who rates the unit) are not part of the unit's audit history any more: detach the events written before
(administrators still see every event)."""

from django.db import migrations


def detach(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Assignment = apps.get_model("campaigns", "Assignment")
    flag = ContentType.objects.filter(app_label="campaigns", model="triangulationflag").first()
    if flag is not None:
        AuditEvent.objects.filter(content_type=flag).exclude(unit_id=None).update(unit_id=None)
    assignment = ContentType.objects.filter(app_label="campaigns", model="assignment").first()
    if assignment is not None:
        leader_ids = [str(pk) for pk in Assignment.objects.filter(kind="leader").values_list("pk", flat=True)]
        events = AuditEvent.objects.filter(content_type=assignment).exclude(unit_id=None)
        events.filter(object_id__in=leader_ids).update(unit_id=None)
        # Assignments deleted since: their last snapshot says the kind.
        for event in events.exclude(object_id__in=leader_ids).only("pk", "before", "after"):
            snapshot = event.after or event.before or {}
            if snapshot.get("kind") == "leader":
                AuditEvent.objects.filter(pk=event.pk).update(unit_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_leader_rating_entered_on_behalf"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(detach, migrations.RunPython.noop)]
