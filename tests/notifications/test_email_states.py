"""A notification's e-mail, a state machine beside its model (EMAIL_MACHINE): every
declared transition is made by the real senders (claim, send_now, send_due), and an
undeclared change is refused with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from mostra.core.state_machines import RefusedTransition
from mostra.notifications.models import EMAIL_MACHINE, EmailState, Kind, Notification
from mostra.notifications.services import emails, notify

E = EmailState
LATER = emails.CLAIM_TTL + dt.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def smtp(settings):
    settings.EMAIL_ENABLED = True


def approval(workspace, owner, teammate) -> Notification:
    [made] = notify(workspace.pk, Kind.APPROVAL_REQUESTED, [teammate.pk], actor=owner)
    return made


def state(n: Notification) -> str:
    return Notification.objects.get(pk=n.pk).email_state


def test_every_declared_transition_is_made_by_the_senders(workspace, owner, teammate, monkeypatch):
    reached: set[tuple[str, str]] = set()
    now = dt.datetime.now(dt.UTC)
    n = approval(workspace, owner, teammate)
    assert state(n) == E.WAITING  # made to be e-mailed
    assert emails.claim([n.pk], now)  # a sender takes it, then dies
    reached.add((E.WAITING, state(n)))
    assert emails.claim([n.pk], now + LATER)  # its claim expired: taken again
    reached.add((E.SENDING, state(n)))
    assert emails.send_due(now + 2 * LATER) == 1  # and sent, once
    reached.add((E.SENDING, state(n)))
    assert [m.to for m in mail.outbox] == [[teammate.email]]
    # An SMTP server that keeps failing: tried ATTEMPTS times, then given up.
    failing = approval(workspace, owner, teammate)

    def down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(emails, "send_mail", down)
    assert emails.send_now([failing.pk], now) == 0
    for turn in range(1, emails.ATTEMPTS):
        assert emails.send_due(now + turn * LATER) == 0
    assert Notification.objects.get(pk=failing.pk).email_attempts == emails.ATTEMPTS
    assert state(failing) == E.SENDING
    emails.send_due(now + emails.ATTEMPTS * LATER)
    reached.add((E.SENDING, state(failing)))
    assert state(failing) == E.GIVEN_UP
    assert reached == set(EMAIL_MACHINE.transitions)


def test_an_undeclared_change_is_refused_and_a_sent_e_mail_is_never_claimed_again(
    workspace, owner, teammate
):
    now = dt.datetime.now(dt.UTC)
    n = approval(workspace, owner, teammate)
    assert emails.send_now([n.pk], now) == 1
    rows = Notification.objects.filter(pk=n.pk)
    with pytest.raises(RefusedTransition, match="sent → waiting"):
        EMAIL_MACHINE.move(rows, E.SENT, E.WAITING, emailed_at=None)
    assert state(n) == E.SENT and rows.get().emailed_at is not None
    assert emails.claim([n.pk], now + 10 * LATER) is None
    assert len(mail.outbox) == 1


def test_a_notification_not_to_be_e_mailed_has_no_e_mail_state(
    settings, workspace, owner, teammate
):
    settings.EMAIL_ENABLED = False
    n = approval(workspace, owner, teammate)
    assert state(n) == E.NONE and emails.claim([n.pk], dt.datetime.now(dt.UTC)) is None
