from django.db import migrations


class Migration(migrations.Migration):
    """ImportJob now belongs to intake, which keeps its table (plans_importjob): only the
    migration state changes here, no data moves."""

    dependencies = [
        ('plans', '0003_stored_status_sees_plan_changes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ImportJob')],
            database_operations=[],
        ),
    ]
