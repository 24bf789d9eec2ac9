import django.db.models.deletion  # noqa: F401
from django.db import migrations, models

import mostra.core.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0002_scheduler_notification"),
    ]

    operations = [
        migrations.CreateModel(
            name="OAuthClient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("network", models.CharField(max_length=20, unique=True, verbose_name="network")),
                ("client_id", models.CharField(max_length=255, verbose_name="client id")),
                ("client_secret", mostra.core.crypto.EncryptedJSONField(blank=True, null=True)),
                ("extra", models.JSONField(blank=True, default=dict)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "network application",
                "ordering": ["network"],
            },
        ),
    ]
