"""No secret in the task table: each task the project enqueues, through the path a user
takes, carries ids, never a token, a password or a link holding one.

The task rows (django-tasks' database backend) keep their arguments in clear, in a table
that backups, the admin's SQL console and support dumps all see. Each test below makes
one kind of task the way the product does, then reads the stored rows as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from mostra.core.models import ApiToken, Invitation
from mostra.editorial.models import PostStatus
from mostra.integrations.base import REGISTRY, TransportError
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services.metrics import collect_due
from tests.conftest import client_for
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon
from tests.publishing import builders_ui
from tests.publishing.conftest import fake_account, fake_server, make_publication, moment  # noqa: F401
from tests.publishing.fake_network import FakeNetwork, connect

ACCOUNT_TOKEN = "tok-SECRET-123"  # the fake network's accounts' credentials
COVERED = {
    "mostra.core.tasks.send_invitation_email",
    "mostra.core.tasks.send_password_reset_email",
    "mostra.publishing.tasks.publish_publication",
    "mostra.publishing.tasks.email_notifications",  # queued before the notification centre
    "mostra.notifications.tasks.send_notification_emails",
    "mostra.analytics.sync.sync_publications_task",
}
#: Tasks that take no argument at all: nothing to leak.
WITHOUT_ARGUMENTS = {"mostra.publishing.tasks.publishing_tick"}


def stored(task_path: str) -> str:
    """The arguments of the stored rows of ``task_path``, as the database holds them."""
    rows = DBTaskResult.objects.filter(task_path=task_path)
    assert rows.exists(), f"no {task_path} task was enqueued"
    return "\n".join(json.dumps(row.args_kwargs) for row in rows)


def run(task_path: str) -> None:
    """Run the stored rows of ``task_path`` as the worker does, from their arguments."""
    for row in DBTaskResult.objects.filter(task_path=task_path):
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


# --- Invitations ------------------------------------------------------------------------------


@pytest.fixture
def smtp(settings):
    settings.EMAIL_ENABLED = True
    return settings


def test_an_invitation_from_the_members_page_is_e_mailed_without_its_link_in_the_queue(
    workspace, owner_client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = owner_client.post(
            f"/w/{workspace.slug}/members/invite/", {"role": "editor", "email": "dora@example.org"}
        ).content.decode()
    link = re.search(r'value="(http[^"]+/invitations/[^"]+/)"', page).group(1)
    token = link.split("/invitations/")[1].rstrip("/")

    queued = stored("mostra.core.tasks.send_invitation_email")
    assert token not in queued and "/invitations/" not in queued
    invitation = Invitation.objects.get(workspace=workspace)
    assert invitation.token_to_email.startswith("fernet:")
    assert token not in invitation.token_to_email

    run("mostra.core.tasks.send_invitation_email")
    (message,) = mail.outbox
    assert message.to == ["dora@example.org"]
    assert link in message.body  # the link the inviter was shown is the one e-mailed
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None and invitation.token_to_email == ""


def test_an_invitation_from_the_api_keeps_its_link_and_the_caller_s_token_out(
    workspace, owner, smtp, django_capture_on_commit_callbacks
):
    api_token = ApiToken.issue(owner, "script")[1]
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/api/workspaces/{workspace.slug}/invitations",
            data=json.dumps({"email": "emile@example.org"}),
            content_type="application/json",
        )
    assert answer.status_code == 201
    link = answer.json()["url"]
    token = link.rstrip("/").rsplit("/", 1)[-1]

    queued = stored("mostra.core.tasks.send_invitation_email")
    assert token not in queued and api_token not in queued

    run("mostra.core.tasks.send_invitation_email")
    assert link in mail.outbox[0].body


def test_a_withdrawn_invitation_forgets_its_link_and_is_not_e_mailed(
    workspace, owner_client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            f"/w/{workspace.slug}/members/invite/", {"role": "editor", "email": "fanny@example.org"}
        )
    invitation = Invitation.objects.get(workspace=workspace)
    owner_client.post(f"/w/{workspace.slug}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and invitation.token_to_email == ""
    run("mostra.core.tasks.send_invitation_email")
    assert mail.outbox == []


def test_an_invitation_accepted_before_the_worker_ran_forgets_its_link(
    workspace, owner_client, outsider, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = owner_client.post(
            f"/w/{workspace.slug}/members/invite/", {"role": "editor", "email": "gil@example.org"}
        ).content.decode()
    link = re.search(r'value="(http[^"]+/invitations/[^"]+/)"', page).group(1)
    assert client_for(outsider).post(link).status_code == 302
    assert Invitation.objects.get(workspace=workspace).token_to_email == ""
    run("mostra.core.tasks.send_invitation_email")
    assert mail.outbox == []


# --- Publishing and measurement ---------------------------------------------------------------


@pytest.fixture
def facebook(workspace, fake_server, monkeypatch):  # noqa: F811
    monkeypatch.setitem(REGISTRY, "facebook", FakeNetwork)
    return connect(workspace, "facebook", "fromagerie-page")


def test_publish_now_queues_the_publication_s_id_not_the_account_s_token(
    facebook, make_post, strategy, teammate_client, django_capture_on_commit_callbacks
):
    post = make_post(networks=("facebook",), when=soon(), status=PostStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        response = teammate_client.post(f"/w/fromagerie/posts/{post.pk}/publish-now/")
    assert response.status_code == 302
    queued = stored("mostra.publishing.tasks.publish_publication")
    assert ACCOUNT_TOKEN not in queued


def test_a_failed_publication_s_e_mails_are_queued_by_notification_ids(
    make_publication,  # noqa: F811
    fake_server,  # noqa: F811
    moment,  # noqa: F811
    smtp,
    django_capture_on_commit_callbacks,
):
    publication = make_publication(due=moment())
    fake_server.answers.append(TransportError("The image is larger than 1 MB", permanent=True))
    with django_capture_on_commit_callbacks(execute=True):
        publish_one(publication.pk, "w")
    queued = stored("mostra.notifications.tasks.send_notification_emails")
    assert ACCOUNT_TOKEN not in queued


def test_the_metrics_collection_queues_publication_ids_not_the_account_s_password(workspace):
    import datetime as dt

    network = builders_ui.install_fake_network()
    try:
        account = builders_ui.make_account(workspace)
        at = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
        publication = builders_ui.make_publication(
            account, published_at=at, next_metrics_at=at + dt.timedelta(hours=1)
        )
        network.counts = {publication.remote_id: {"likes": 3}}
        assert collect_due(at + dt.timedelta(hours=1)) == 1
    finally:
        builders_ui.uninstall_fake_network()
    queued = stored("mostra.analytics.sync.sync_publications_task")
    assert builders_ui.SECRET_PASSWORD not in queued


# --- Password reset links ------------------------------------------------------------------


def test_a_password_reset_is_queued_by_the_account_s_id_and_its_link_made_by_the_worker(
    teammate, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": teammate.email})
    queued = stored("mostra.core.tasks.send_password_reset_email")
    assert "/accounts/password/reset/" not in queued and teammate.password not in queued
    run("mostra.core.tasks.send_password_reset_email")
    link = re.search(r"/accounts/password/reset/(\S+)/(\S+)/", mail.outbox[0].body)
    assert link is not None and link.group(2) not in queued


def test_every_task_of_the_project_is_checked_here():
    """A new task must join this file: its arguments are stored in clear too."""
    root = Path(__file__).resolve().parents[1]
    defined = set()
    for path in (root / "mostra").rglob("*.py"):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        for name in re.findall(r"@task\([^)]*\)\s*\n(?:async )?def (\w+)", path.read_text()):
            defined.add(f"{module}.{name}")
    assert defined == COVERED | WITHOUT_ARGUMENTS
