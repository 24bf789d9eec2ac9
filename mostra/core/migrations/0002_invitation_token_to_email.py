# The invitation e-mail task carries the invitation's id, no longer its link: the raw
# token waits encrypted on the invitation until the worker sends the e-mail. The task
# rows written before held the link in clear: each loses it here; a task still waiting
# gets its token moved onto its invitation (encrypted), so that the e-mail still leaves.

import hashlib

from django.db import migrations, models

TASK_PATH = "mostra.core.tasks.send_invitation_email"
LINK_PATH = "/invitations/"


def move_links_out_of_the_task_table(apps, schema_editor):
    from mostra.core.crypto import encrypt

    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    Invitation = apps.get_model("core", "Invitation")
    for row in DBTaskResult.objects.filter(task_path=TASK_PATH).iterator():
        args = list(row.args_kwargs.get("args") or [])
        kwargs = dict(row.args_kwargs.get("kwargs") or {})
        invitation_id = args[0] if args else kwargs.get("invitation_id")
        url = args[1] if len(args) > 1 else kwargs.get("url", "")
        language = args[2] if len(args) > 2 else kwargs.get("language", "fr")
        if LINK_PATH not in str(url):
            continue  # already an id and an address
        base, _, rest = str(url).rpartition(LINK_PATH)
        token = rest.strip("/")
        if row.status == "READY" and token:
            Invitation.objects.filter(
                pk=invitation_id,
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                emailed_at=None,
            ).update(token_to_email=encrypt(token))
        row.args_kwargs = {"args": [invitation_id, base, language], "kwargs": {}}
        row.save(update_fields=["args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="token_to_email",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(move_links_out_of_the_task_table, migrations.RunPython.noop),
    ]
