"""The Finding model moves to the findings app (lvzhi/findings/migrations/0001_initial.py takes it over).

Only the migration state forgets it here; in the database the table is renamed to the findings app's name and
every row stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_leader_ratings_leave_unit_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="Finding", table="findings_finding")],
            state_operations=[migrations.DeleteModel(name="Finding")],
        ),
    ]
