"""A failed publication is visible: in the app for its author and the managers, and by
e-mail when SMTP is configured; never with the account's token."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from mostra.core.models import AuditEvent, Membership, Role
from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.publishing.models import Notification, PublicationAttempt, PublicationState
from mostra.publishing.scheduler.publisher import publish_one
from mostra.publishing.services import notifications
from tests.peers import smtp
from tests.publishing.conftest import fresh

smtp_server = smtp.smtp_server

S = PublicationState


@pytest.fixture
def refused(make_publication, fake_server, moment, teammate_membership):
    """Bob's post, refused by the network."""

    def fail(error: TransportError | None = None):
        publication = make_publication(due=moment(), author=teammate_membership)
        fake_server.answers.append(
            error or TransportError("The image is larger than 1 MB", permanent=True)
        )
        assert publish_one(publication.pk, "w").state == S.FAILED
        return fresh(publication)

    return fail


def test_the_author_and_the_managers_are_notified_in_the_app(
    refused, workspace, owner, teammate, outsider
):
    from mostra.core.models import User

    manager = User.objects.create_user("mia@example.org", "x", display_name="Mia")
    viewer = User.objects.create_user("vera@example.org", "x", display_name="Vera")
    Membership.objects.create(workspace=workspace, user=manager, role=Role.MANAGER)
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    publication = refused()
    rows = Notification.objects.filter(publication=publication).order_by("id")
    assert [n.recipient for n in rows] == [teammate, owner, manager]
    assert {n.kind for n in rows} == {"publication_failed"}
    assert {n.message for n in rows} == {"The image is larger than 1 MB"}
    assert notifications.unread_count(teammate, workspace) == 1
    assert notifications.unread_count(outsider, workspace) == 0
    assert notifications.mark_read(teammate, workspace) == 1
    assert notifications.unread_count(teammate, workspace) == 0


def test_without_smtp_nothing_is_e_mailed(refused, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        refused()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_with_smtp_each_is_e_mailed_once_by_a_task(
    refused, settings, owner, teammate, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        publication = refused()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "mostra.publishing.tasks.email_notifications"
    queued.task.call(*queued.task_result.args)  # as the worker runs it
    assert sorted(m.to[0] for m in mail.outbox) == [owner.email, teammate.email]
    message = mail.outbox[0]
    assert "was not published on fakenet" in message.subject
    assert "The image is larger than 1 MB" in message.body
    assert f"/w/fromagerie/posts/{publication.variant.post_id}/" in message.body
    # Safe to run twice: nobody gets it again.
    notifications.email(list(Notification.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 2


def test_an_unknown_outcome_says_what_to_do(
    workspace, make_publication, fake_server, moment, settings, django_capture_on_commit_callbacks
):
    from tests.publishing import fake_network

    settings.EMAIL_ENABLED = True
    plain = fake_network.connect(workspace, "fakenet_plain")
    publication = make_publication(due=moment(), account=plain, error_code="interrupted")
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_one(publication.pk, "w").state == S.UNKNOWN
    notifications.email(list(Notification.objects.values_list("pk", flat=True)))
    message = mail.outbox[0]
    assert message.subject.startswith("Fromagerie du Lac: did ")
    assert "It will not be sent again on its own." in message.body
    assert "mark it as published or retry it anyway" in message.body


def test_the_token_is_nowhere_to_be_seen(
    refused, settings, fake_account, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        refused(CredentialsRejected("The token was revoked", http_status=401))
    notifications.email(list(Notification.objects.values_list("pk", flat=True)))
    seen = [m.subject + m.body for m in mail.outbox]
    seen += [json.dumps(e.changes) for e in AuditEvent.objects.all()]
    seen += [n.message for n in Notification.objects.all()]
    seen += [a.message for a in PublicationAttempt.objects.all()]
    seen += [fresh_account.last_error for fresh_account in [type(fake_account).objects.get()]]
    assert seen and not any("tok-SECRET" in text for text in seen)


# --- End to end: a real SMTP server, the worker command ----------------------------------


@pytest.mark.peer
@pytest.mark.django_db(transaction=True)
def test_a_refused_post_reaches_the_managers_mailbox_through_the_worker(
    make_publication, fake_server, settings, owner, teammate_membership, smtp_server
):
    from click.testing import CliRunner

    from mostra import cli

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_ENABLED = True
    publication = make_publication(author=teammate_membership)
    fake_server.answers.append(TransportError("The video is too long", permanent=True))

    result = CliRunner().invoke(cli.mostra, ["worker", "--until-idle"])

    assert result.exit_code == 0, result.output
    assert fresh(publication).state == S.FAILED
    received = sorted(m.rcpt_tos[0] for m in smtp_server.messages)
    assert received == [owner.email, teammate_membership.user.email]
    assert "The video is too long" in smtp_server.messages[0].text
    assert "tok-SECRET" not in smtp_server.messages[0].text
