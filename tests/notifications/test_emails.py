"""E-mails: at once by a task after the commit, or in a daily digest at the workspace's
morning; never twice, whatever the workers; in the recipient's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from mostra.core.models import Membership, User, Workspace
from mostra.notifications.models import Delivery, Kind, Notification, Preference
from mostra.notifications.services import emails, notify
from mostra.notifications.services.emails import CLAIM_TTL, claim, send_digests, send_due, send_now
from tests.core.pending_french import pending


@pytest.fixture(autouse=True)
def smtp(settings):
    settings.EMAIL_ENABLED = True


def approval(workspace, owner, teammate, post=None):
    return notify(workspace.pk, Kind.APPROVAL_REQUESTED, [teammate.pk], actor=owner, post=post)


def test_an_e_mail_at_once_goes_by_a_task_after_the_commit_once(
    workspace, owner, teammate, make_post, django_capture_on_commit_callbacks
):
    post = make_post(title="Tomme d'hiver")
    with django_capture_on_commit_callbacks(execute=True):
        [n] = approval(workspace, owner, teammate, post)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "mostra.notifications.tasks.send_notification_emails"
    queued.task.call(*queued.task_result.args)  # as the worker runs it
    [message] = mail.outbox
    assert message.to == [teammate.email]
    assert (
        message.subject
        == "Fromagerie du Lac: Alice Martin asks for your approval of “Tomme d'hiver”."
    )
    assert f"http://testserver/w/fromagerie/posts/{post.pk}/" in message.body or (
        f"/w/fromagerie/posts/{post.pk}/" in message.body and "://" in message.body
    )
    queued.task.call(*queued.task_result.args)  # run twice: nobody gets it again
    assert send_due(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_without_smtp_nothing_is_queued_nor_sent(
    settings, workspace, owner, teammate, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        [n] = approval(workspace, owner, teammate)
    assert n.email == Delivery.NONE and not DBTaskResult.objects.exists()
    assert send_now([n.pk]) == 0 and mail.outbox == []


def test_two_workers_never_send_one_notification_twice(workspace, owner, teammate):
    [n] = approval(workspace, owner, teammate)
    now = dt.datetime.now(dt.UTC)
    first = claim([n.pk], now)  # worker A holds it...
    assert first is not None
    assert claim([n.pk], now) is None  # ... worker B gets nothing
    assert send_now([n.pk], now) == 0  # nor does B's task
    assert mail.outbox == []


def test_a_crashed_senders_claim_expires_and_the_e_mail_goes_once(workspace, owner, teammate):
    [n] = approval(workspace, owner, teammate)
    now = dt.datetime.now(dt.UTC)
    assert claim([n.pk], now)  # the sender dies here, having sent nothing
    assert send_due(now + CLAIM_TTL / 2) == 0  # its claim still holds
    assert send_due(now + CLAIM_TTL + dt.timedelta(seconds=1)) == 1
    assert send_due(now + 3 * CLAIM_TTL) == 0
    assert [m.to for m in mail.outbox] == [[teammate.email]]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_time_send_each_notification_once(workspace, owner, teammate):
    import threading

    from django.db import connection

    made = [approval(workspace, owner, teammate)[0].pk for _ in range(20)]
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        barrier.wait()
        try:
            counts.append(send_now(made))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 20
    assert len(mail.outbox) == 20
    assert Notification.objects.filter(emailed_at=None).count() == 0


def test_a_failing_smtp_server_is_retried_when_the_claim_expires(
    workspace, owner, teammate, monkeypatch
):
    [n] = approval(workspace, owner, teammate)
    now = dt.datetime.now(dt.UTC)

    def down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(emails, "send_mail", down)
    assert send_now([n.pk], now) == 0
    monkeypatch.undo()
    assert send_due(now + CLAIM_TTL + dt.timedelta(seconds=1)) == 1
    assert len(mail.outbox) == 1


def test_a_french_recipient_reads_french(workspace, owner, teammate, make_post):
    User.objects.filter(pk=teammate.pk).update(language="fr")
    post = make_post(title="Tomme d'hiver")
    [n] = approval(workspace, owner, teammate, post)
    with pending("NOTIF"):  # the French waiting in var/fr-pending for the merge
        send_now([n.pk])
    [message] = mail.outbox
    assert "Alice Martin vous demande d’approuver « Tomme d'hiver »" in message.subject, (
        message.subject
    )
    assert "Ouvrir dans mostra" in message.body


def test_the_digest_groups_a_persons_notifications_in_one_e_mail_at_8_in_the_workspace_zone(
    workspace, owner, teammate, make_post
):
    Workspace.objects.filter(pk=workspace.pk).update(timezone="Europe/Paris")
    Preference.objects.create(
        user=teammate, workspace=workspace, kind=Kind.APPROVAL_REQUESTED, channel="digest"
    )
    Preference.objects.create(
        user=teammate, workspace=workspace, kind=Kind.MENTIONED, channel="digest"
    )
    Preference.objects.create(
        user=owner, workspace=workspace, kind=Kind.MENTIONED, channel="digest"
    )
    post = make_post(title="Tomme d'hiver")
    approval(workspace, owner, teammate, post)
    notify(
        workspace.pk, Kind.MENTIONED, [teammate.pk, owner.pk], post=post, params={"actor": "Dana"}
    )
    evening = dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)
    Notification.objects.update(created_at=evening)
    assert set(Notification.objects.values_list("email", flat=True)) == {Delivery.DIGEST}

    # 06:59 UTC is 07:59 in Paris: not yet.
    assert send_digests(dt.datetime(2026, 12, 2, 6, 59, tzinfo=dt.UTC)) == 0
    assert send_digests(dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.UTC)) == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {owner.email, teammate.email}
    bob = by_person[teammate.email]
    assert bob.subject == "mostra: 2 notifications since yesterday"
    assert "asks for your approval of “Tomme d'hiver”" in bob.body
    assert "Dana mentioned you" in bob.body
    # Sent once: later turns, other workers, find nothing.
    assert send_digests(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)) == 0
    assert len(mail.outbox) == 2


def test_a_notification_made_after_the_morning_waits_for_the_next_one(workspace, owner, teammate):
    Preference.objects.create(
        user=teammate, workspace=workspace, kind=Kind.APPROVAL_REQUESTED, channel="digest"
    )
    approval(workspace, owner, teammate)
    Notification.objects.update(created_at=dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC))
    assert send_digests(dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)) == 0
    assert send_digests(dt.datetime(2026, 12, 3, 7, 0, tzinfo=dt.UTC)) == 1


def test_a_member_who_left_gets_no_e_mail_for_a_workspace_they_left(workspace, owner, teammate):
    [n] = approval(workspace, owner, teammate)
    Membership.objects.filter(user=teammate, workspace=workspace).delete()
    assert n.email == Delivery.NOW  # made while a member; e-mailed as it was made
    assert send_now([n.pk]) == 1
