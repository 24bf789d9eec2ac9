"""End to end with a real SMTP server (tests/peers/smtp.py) and the worker command: an
approval asked in the app reaches the approver's mailbox once, in their language."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mostra import cli
from mostra.core.models import User
from mostra.notifications.models import Kind, Notification
from mostra.notifications.services import notify
from tests.core.pending_french import pending
from tests.peers import smtp

smtp_server = smtp.smtp_server


@pytest.mark.peer
@pytest.mark.django_db(transaction=True)
def test_an_approval_request_reaches_the_approvers_mailbox_once_through_the_worker(
    settings, workspace, owner, teammate, smtp_server
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_ENABLED = True
    User.objects.filter(pk=teammate.pk).update(language="fr")
    notify(workspace.pk, Kind.APPROVAL_REQUESTED, [teammate.pk, owner.pk], actor=owner)

    with pending("NOTIF"):
        result = CliRunner().invoke(cli.mostra, ["worker", "--until-idle"])
        again = CliRunner().invoke(cli.mostra, ["worker", "--until-idle"])

    assert result.exit_code == 0 and again.exit_code == 0, result.output + again.output
    [received] = smtp_server.messages  # the actor is not told; nobody twice
    assert received.rcpt_tos == [teammate.email]
    assert "Alice Martin vous demande d’approuver" in received["Subject"]
    assert "Ouvrir dans mostra" in received.text
    assert Notification.objects.get().emailed_at is not None
