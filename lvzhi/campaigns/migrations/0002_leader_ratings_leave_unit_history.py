"""Leader ratings are confidential to the rated unit: audit events written about them before
LeaderRating.audit_unit_id() returned None carried the unit, so the unit's contact saw them in its audit
history. Detach them (administrators still see every event)."""

from django.db import migrations


def detach(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ct = ContentType.objects.filter(app_label="campaigns", model="leaderrating").first()
    if ct is not None:
        AuditEvent.objects.filter(content_type=ct).exclude(unit_id=None).update(unit_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(detach, migrations.RunPython.noop)]
