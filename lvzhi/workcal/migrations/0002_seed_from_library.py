"""The year table starts with every year the chinese-calendar library knows (2004 to its last year)."""

from django.db import migrations


def seed(apps, schema_editor):
    from lvzhi.workcal import library

    year_model = apps.get_model("workcal", "CalendarYear")
    day_model = apps.get_model("workcal", "CalendarDay")
    note = f"{library.LIBRARY_NAME} {library.version()}"
    for year, rows in library.years().items():
        if year_model.objects.filter(year=year).exists():
            continue
        y = year_model.objects.create(year=year, source="library", note=note)
        day_model.objects.bulk_create(day_model(year=y, date=d, kind=k, note=n) for d, k, n in rows)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
