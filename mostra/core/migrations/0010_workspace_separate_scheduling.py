from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_workspace_by_hand_escalation_hours_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="separate_scheduling",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Approved posts wait for someone to schedule them. Otherwise approving a "
                    "post whose date is to come schedules it at once."
                ),
                verbose_name="separate scheduling step",
            ),
        ),
    ]
