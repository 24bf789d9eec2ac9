"""Assigning inbox mentions: the members offered by name, an outsider refused, and the
member told once per assignment (one notification for a bulk action), by e-mail in
their language with a link to the mentions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mostra.core.models import User
from mostra.listening.models import Mention
from mostra.listening.services import triage
from mostra.notifications.models import Kind, Notification, Preference
from mostra.notifications.texts import link, path, quote, text
from tests.core.pending_french import pending

pytestmark = pytest.mark.django_db

BASE = "/w/fromagerie/listening/mentions"


def _mentions(workspace, n: int, prefix: str = "m") -> list[Mention]:
    return [
        Mention.objects.create(
            workspace=workspace,
            guid=f"{prefix}{i}",
            text=f"Mon vélo {prefix}{i} est toujours à l'atelier",
            author=f"@client{i}",
            url=f"https://masto.example/@client{i}/{i}",
            published_at=timezone.now(),
        )
        for i in range(n)
    ]


def _run_queued_emails() -> None:
    for queued in DBTaskResult.objects.filter(
        task_path="mostra.notifications.tasks.send_notification_emails"
    ):
        queued.task.call(*queued.task_result.args)


def test_the_bulk_form_offers_the_members_by_name(workspace, owner_client, teammate):
    _mentions(workspace, 1)
    html = owner_client.get(f"{BASE}/").content.decode()
    form = html.split('id="bulk"')[1].split("</form>")[0]
    assert '<select name="assignee">' in form
    assert f'<option value="{teammate.pk}">{teammate.name} ({teammate.email})</option>' in form
    assert "member id" not in html


def test_an_outsider_or_a_stray_value_is_refused_with_a_message(workspace, owner_client, outsider):
    [one] = _mentions(workspace, 1)
    for given, words in [
        (str(outsider.pk), "Assign to a member of this workspace"),
        ("bob", "Choose a member of this workspace in the list"),
    ]:
        page = owner_client.post(
            f"{BASE}/bulk/", {"ids": [one.pk], "assign": "1", "assignee": given}, follow=True
        )
        assert words in page.content.decode()
    one.refresh_from_db()
    assert one.assignee is None
    assert not Notification.objects.exists()


def test_a_bulk_assignment_tells_the_member_once_in_their_language(
    workspace, owner, owner_client, teammate, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    User.objects.filter(pk=teammate.pk).update(language="fr")
    made = _mentions(workspace, 20)
    with django_capture_on_commit_callbacks(execute=True):
        answer = owner_client.post(
            f"{BASE}/bulk/",
            {"ids": [m.pk for m in made], "assign": "1", "assignee": str(teammate.pk)},
        )
    assert answer.status_code == 302
    assert Mention.objects.filter(assignee=teammate).count() == 20
    [notice] = Notification.objects.filter(kind=Kind.MENTION_ASSIGNED)
    assert notice.recipient == teammate and notice.params["count"] == 20
    assert text(notice) == "Alice Martin assigned you 20 mentions."
    assert path(notice) == f"{BASE}/?assigned=me"
    with pending("alerts"):
        _run_queued_emails()
    [message] = mail.outbox
    assert message.to == [teammate.email]
    assert "Alice Martin vous a assigné 20 mentions." in message.subject + message.body
    assert f"{BASE}/?assigned=me" in message.body


def test_one_mention_assigned_says_whose_and_links_to_it(
    workspace, owner_membership, teammate, django_capture_on_commit_callbacks
):
    [one] = _mentions(workspace, 1)
    with django_capture_on_commit_callbacks(execute=True):
        triage.assign(owner_membership, [one.pk], teammate.pk)
    [notice] = Notification.objects.filter(kind=Kind.MENTION_ASSIGNED)
    assert text(notice) == "Alice Martin assigned you a mention by @client0."
    assert quote(notice) == "Mon vélo m0 est toujours à l'atelier"
    assert path(notice) == f"{BASE}/?assigned=me#mention-{one.pk}"
    assert link(notice) == "https://masto.example/@client0/0"
    # Assigned to them again: nothing changed, nobody told again.
    with django_capture_on_commit_callbacks(execute=True):
        triage.assign(owner_membership, [one.pk], teammate.pk)
    assert Notification.objects.filter(kind=Kind.MENTION_ASSIGNED).count() == 1


def test_nobody_is_told_of_their_own_assignment_nor_against_their_choice(
    workspace,
    owner_membership,
    teammate_membership,
    owner,
    teammate,
    django_capture_on_commit_callbacks,
):
    one, two = _mentions(workspace, 2)
    with django_capture_on_commit_callbacks(execute=True):
        triage.assign(teammate_membership, [one.pk], teammate.pk)  # to themselves
    Preference.objects.create(
        user=teammate, workspace=workspace, kind=Kind.MENTION_ASSIGNED, channel="off"
    )
    with django_capture_on_commit_callbacks(execute=True):
        triage.assign(owner_membership, [two.pk], teammate.pk)
    assert not Notification.objects.filter(kind=Kind.MENTION_ASSIGNED).exists()


def test_assigning_many_costs_what_assigning_two_does(
    workspace, owner_membership, teammate, django_capture_on_commit_callbacks
):
    def cost(ids: list[int]) -> int:
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                triage.assign(owner_membership, ids, teammate.pk)
        return len(queries)

    cost([m.pk for m in _mentions(workspace, 1, "first")])  # what is read once is read
    few = cost([m.pk for m in _mentions(workspace, 2, "few")])
    many = cost([m.pk for m in _mentions(workspace, 20, "many")])
    assert many == few
    assert Notification.objects.filter(kind=Kind.MENTION_ASSIGNED).count() == 3
