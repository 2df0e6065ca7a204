"""The four areas of accountability the catalogue starts with (the Beijing scheme's 行政问责倒扣分 areas); the
office adds situations to them and more areas as its rules say."""

from django.db import migrations

AREAS = ["勤政廉政", "安全生产", "绩效审计", "预算支出"]


def seed(apps, schema_editor):
    Area = apps.get_model("findings", "AccountabilityArea")
    for order, name in enumerate(AREAS, start=1):
        Area.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("findings", "0003_ledger_lists_accountability")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
