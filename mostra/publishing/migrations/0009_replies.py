from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0008_webhook_incident_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="reply_to",
            field=models.CharField(blank=True, max_length=2000),
        ),
    ]
