# Sign-in limits: the audit log records lock-outs after failed sign-ins, and their release.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_workspace_archive"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "Logged in"),
                    ("login_failed", "Failed login"),
                    ("locked_out", "Locked out after failed attempts"),
                    ("unlocked", "Unlocked"),
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
