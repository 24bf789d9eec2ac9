"""The upgrade that took invitation links out of the task table (core 0002): the rows
queued before lose their link; one still waiting gets its token moved, encrypted, onto
its invitation, so that its e-mail still leaves with the link the inviter was shown."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mostra.core.crypto import decrypt
from mostra.core.models import Invitation
from mostra.core.models.invitation import hash_token
from mostra.core.tasks import send_invitation_email

BEFORE = [("core", "0001_initial")]
AFTER = [("core", "0002_invitation_token_to_email")]
BASE = "https://mostra.example.org"


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def latest_schema_after():
    """Later migrations add columns the models read (a workspace's): end on all of them."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_queued_links_leave_the_task_table_and_a_waiting_e_mail_still_leaves(
    owner_membership, settings, latest_schema_after
):
    settings.EMAIL_ENABLED = True
    migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldInvitation = old.get_model("core", "Invitation")
        ids = {}
        for token, emailed in (("waiting-token", None), ("sent-token", timezone.now())):
            ids[token] = OldInvitation.objects.create(
                workspace_id=owner_membership.workspace_id,
                email=f"{token}@example.org",
                token_hash=hash_token(token),
                created_by_id=owner_membership.user_id,
                expires_at=timezone.now() + dt.timedelta(days=7),
                emailed_at=emailed,
            ).pk
            send_invitation_email.enqueue(ids[token], f"{BASE}/invitations/{token}/", "en")
        DBTaskResult.objects.filter(args_kwargs__args__0=ids["sent-token"]).update(
            status="SUCCESSFUL"
        )
    finally:
        migrate(AFTER)

    rows = {row.args_kwargs["args"][0]: row for row in DBTaskResult.objects.all()}
    assert rows[ids["waiting-token"]].args_kwargs == {
        "args": [ids["waiting-token"], BASE, "en"],
        "kwargs": {},
    }
    assert rows[ids["sent-token"]].args_kwargs["args"] == [ids["sent-token"], BASE, "en"]
    stored = json.dumps([row.args_kwargs for row in rows.values()])
    assert "token" not in stored and "/invitations/" not in stored
    waiting = Invitation.objects.get(pk=ids["waiting-token"])
    assert decrypt(waiting.token_to_email) == "waiting-token"
    assert Invitation.objects.get(pk=ids["sent-token"]).token_to_email == ""

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    row = rows[ids["waiting-token"]]
    assert row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]) is True
    assert f"{BASE}/invitations/waiting-token/" in mail.outbox[0].body
