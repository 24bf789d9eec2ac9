# An archived workspace: read-only for its members, skipped by the workers, restorable
# by its owners, and the only kind that can be deleted for good.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_invitation_token_to_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="archived_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="archived"),
        ),
        migrations.AddField(
            model_name="workspace",
            name="archived_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="archived by",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "Logged in"),
                    ("login_failed", "Failed login"),
                    ("create", "Created"),
                    ("update", "Updated"),
                    ("delete", "Deleted"),
                    ("role_change", "Changed a role"),
                    ("invite", "Invited"),
                    ("join", "Joined"),
                    ("approval", "Approved"),
                    ("publication", "Published"),
                    ("archive", "Archived"),
                    ("restore", "Restored"),
                ],
                max_length=24,
                verbose_name="action",
            ),
        ),
    ]
