from django.db import migrations


class Migration(migrations.Migration):
    # People (profiles, the user-management audit) and login sessions were written side by side.
    dependencies = [
        ("access", "0001_initial"),
        ("access", "0001_user_session"),
    ]

    operations = []
