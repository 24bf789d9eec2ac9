# The Notification model moved to the notifications app (mostra.notifications), which
# takes its table over (notifications.0001_initial renames it): here only Django's
# record of the model goes, the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0004_mastodon_instance"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
