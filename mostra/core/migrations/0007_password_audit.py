# Passwords: the audit log records a change, a reset link asked and used, and a new
# password set by the administrator.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_two_factor_secrets_at_rest"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=[("login", "Logged in"), ("login_failed", "Failed login"), ("locked_out", "Locked out after failed attempts"), ("unlocked", "Unlocked"), ("two_factor_on", "Turned on two-factor authentication"), ("two_factor_off", "Turned off two-factor authentication"), ("recovery_codes", "Made new recovery codes"), ("password_changed", "Changed their password"), ("password_reset_asked", "Asked for a password reset link"), ("password_reset", "Chose a new password with a reset link"), ("password_set_by_admin", "Password set by the administrator"), ("create", "Created"), ("update", "Updated"), ("delete", "Deleted"), ("role_change", "Changed a role"), ("invite", "Invited"), ("join", "Joined"), ("approval", "Approved"), ("publication", "Published"), ("archive", "Archived"), ("restore", "Restored")], max_length=24, verbose_name="action"),
        ),
    ]
