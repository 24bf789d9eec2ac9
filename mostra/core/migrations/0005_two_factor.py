# Two-factor authentication: a workspace may require it of its members; the audit log
# records turning it on and off and new recovery codes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_sign_in_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="require_two_factor",
            field=models.BooleanField(
                default=False,
                help_text="Members open the workspace only once they sign in with a code too.",
                verbose_name="two-factor authentication required",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "Logged in"),
                    ("login_failed", "Failed login"),
                    ("locked_out", "Locked out after failed attempts"),
                    ("unlocked", "Unlocked"),
                    ("two_factor_on", "Turned on two-factor authentication"),
                    ("two_factor_off", "Turned off two-factor authentication"),
                    ("recovery_codes", "Made new recovery codes"),
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
