# Each measured post's format (text, image, video, link, poll), None when unknown.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_account_day")]

    operations = [
        migrations.AddField(
            model_name="accountpost",
            name="format",
            field=models.CharField(
                blank=True,
                choices=[
                    ("text", "Text"),
                    ("image", "Image"),
                    ("video", "Video"),
                    ("link", "Link"),
                    ("poll", "Poll"),
                ],
                max_length=10,
                null=True,
                verbose_name="format",
            ),
        ),
    ]
