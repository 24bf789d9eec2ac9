"""The "Done when" burst: 50 negative posts within minutes open an incident at the
playbook's level, tell its responders in the app and by e-mail, queue a signed
``incident.opened`` webhook event; the owner pauses the scheduled posts in one click
and resumes them when closing the incident."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mostra.core.models import CrisisLevel, Incident, IncidentAction
from mostra.listening.incidents.raising import raise_due
from mostra.notifications.models import Notification
from mostra.publishing.models import Webhook, WebhookDelivery
from mostra.publishing.models.webhook import new_secret
from tests.listening.incident_support import a_query, mentions


def _run_queued_emails() -> None:
    for queued in DBTaskResult.objects.filter(
        task_path="mostra.notifications.tasks.send_notification_emails"
    ):
        queued.task.call(*queued.task_result.args)  # as the worker runs it


def test_a_burst_of_negative_mentions_opens_an_incident_and_its_responder_is_told(
    workspace,
    teammate,
    teammate_membership,
    owner_client,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_ENABLED = True
    alert = CrisisLevel.objects.get(workspace=workspace, key="alert")
    alert.responders.set([teammate_membership])
    hook = Webhook.objects.create(
        workspace=workspace,
        url="https://hooks.example.org/mostra",
        secret=new_secret(),
        events=["incident.opened"],
    )
    now = timezone.now()
    mentions(workspace, 50, at=now, query=a_query(workspace))

    with django_capture_on_commit_callbacks(execute=True):
        assert raise_due(now) == 1
    incident = Incident.objects.get(workspace=workspace)
    # 50 people on the same issue within 3 hours: the playbook's "Alert" level.
    assert (incident.level, incident.trigger.kind, incident.trigger.threshold) == (
        alert,
        "same_issue",
        20,
    )
    # Kept in the workspace's language (French), as the playbook said it then.
    assert incident.level_name == "Alerte"
    assert incident.figures == {"issue": "Atelier", "people": 50, "hours": 3}
    [opened] = incident.events.all()
    assert opened.action == IncidentAction.OPENED
    assert opened.text.startswith("Alerte")
    assert opened.figures == incident.figures

    [notice] = Notification.objects.filter(kind="incident_opened")
    assert notice.recipient == teammate
    _run_queued_emails()
    [message] = mail.outbox
    assert message.to == [teammate.email]
    assert "Incident at level Alert: 20 people raise the same issue within 3 hours." in (
        message.subject + message.body
    )
    assert f"/w/fromagerie/listening/incidents/{incident.pk}/" in message.body

    [delivery] = WebhookDelivery.objects.filter(webhook=hook)
    assert delivery.event == "incident.opened"
    assert delivery.payload["event"] == "incident.opened"
    assert delivery.payload["data"]["incident"]["level"] == "Alerte"
    assert delivery.payload["data"]["incident"]["figures"]["people"] == 50

    # Evaluated again a minute later: the same burst raises nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_due(now + timezone.timedelta(minutes=1)) == 0
    assert Incident.objects.count() == 1
    assert Notification.objects.filter(kind="incident_opened").count() == 1

    # One click pauses the scheduled posts; a banner says so on every page.
    page = reverse("listening:incident", args=[workspace.slug, incident.pk])
    pause = reverse("listening:publishing_pause", args=[workspace.slug])
    response = owner_client.post(pause, {"incident": incident.pk}, follow=True)
    assert response.redirect_chain[-1][0] == page
    workspace.refresh_from_db()
    assert workspace.is_publishing_paused
    home = owner_client.get(reverse("listening:mentions", args=[workspace.slug]))
    assert b'id="paused-banner"' in home.content
    # Closing offers to resume; ticked, publishing resumes.
    detail = owner_client.get(page)
    assert b'name="resume" value="1" checked' in detail.content
    close = reverse("listening:incident_close", args=[workspace.slug, incident.pk])
    owner_client.post(close, {"resume": "1"})
    workspace.refresh_from_db()
    incident.refresh_from_db()
    assert not workspace.is_publishing_paused and incident.closed_at is not None
    actions = list(incident.events.values_list("action", flat=True))
    assert actions == ["opened", "paused", "resumed", "closed"]
    home = owner_client.get(reverse("listening:mentions", args=[workspace.slug]))
    assert b'id="paused-banner"' not in home.content
    # Closed, the same burst does not open another one at once.
    assert raise_due(now + timezone.timedelta(minutes=2)) == 0
