"""Incidents through the API, the command line and the pages: every member reads them,
an editor acknowledges and writes notes, owners and managers close them and pause or
resume the publishing; outsiders get 404 and never see another workspace's incident."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.urls import reverse
from django.utils import timezone

from mostra.cli import mostra
from mostra.core.models import ApiToken, AuditAction, AuditEvent, Incident, Workspace
from mostra.listening.services.incidents import summary
from tests.api.conftest import Api, token_client

pytestmark = pytest.mark.django_db

BASE = "/workspaces/fromagerie"


@pytest.fixture
def incident(workspace) -> Incident:
    return Incident.objects.create(
        workspace=workspace,
        level_name="Alert",
        level_rank=3,
        trigger_kind="same_issue",
        trigger_text="20 people raise the same issue within 3 hours",
        figures={"issue": "Atelier", "people": 24, "hours": 3},
        opened_at=timezone.now(),
    )


@pytest.fixture
def as_(workspace):
    def make(user) -> Api:
        return Api(token_client(ApiToken.issue(user, "script")[1]))

    return make


def test_api_owner_teammate_and_outsider(incident, owner, teammate, outsider, as_):
    alice, bob, charlie = as_(owner), as_(teammate), as_(outsider)
    path = f"{BASE}/incidents/{incident.pk}"
    assert [i["id"] for i in bob.get(f"{BASE}/incidents").json()] == [incident.pk]
    assert charlie.get(f"{BASE}/incidents").status_code == 404
    assert charlie.get(path).status_code == 404
    # Bob (editor) acknowledges and writes a note; he may not close nor pause.
    assert bob.post(f"{path}/acknowledge").json()["acknowledged_at"] is not None
    empty = bob.post(f"{path}/notes", {"note": "  "})
    assert empty.status_code == 422 and "Write the note" in empty.content.decode()
    assert bob.post(f"{path}/notes", {"note": "Réponse publiée <b>"}).status_code == 200
    assert bob.post(f"{path}/close", {}).status_code == 404
    assert bob.post(f"{BASE}/publishing/pause").status_code == 404
    assert charlie.post(f"{BASE}/publishing/pause").status_code == 404
    paused = alice.post(f"{BASE}/publishing/pause").json()
    assert paused["paused"] is True
    closed = alice.post(f"{path}/close", {"resume": True}).json()
    assert closed["closed_at"] is not None
    assert [(e["action"], e["actor"]) for e in closed["timeline"]] == [
        ("acknowledged", "Bob Durand"),
        ("note", "Bob Durand"),
        ("paused", "Alice Martin"),
        ("resumed", "Alice Martin"),
        ("closed", "Alice Martin"),
    ]
    assert alice.post(f"{path}/close", {}).status_code == 422  # closed already
    assert not Workspace.objects.get(slug="fromagerie").is_publishing_paused
    assert alice.get(f"{BASE}/incidents?open=true").json() == []


def test_another_workspace_s_incident_is_not_reachable(incident, owner, outsider, as_):
    other = Workspace.objects.get(slug="other-brand")
    theirs = Incident.objects.create(
        workspace=other,
        level_name="Watch",
        trigger_kind="negative_mentions",
        trigger_text="3",
        opened_at=timezone.now(),
    )
    assert as_(owner).get(f"{BASE}/incidents/{theirs.pk}").status_code == 404
    assert as_(outsider).get(f"/workspaces/other-brand/incidents/{theirs.pk}").status_code == 200


def run(*args: str):
    return CliRunner().invoke(mostra, list(args), catch_exceptions=False)


def test_cli_lists_pauses_and_resumes(incident, workspace, teammate):
    listed = run("incident", "list", "--workspace", "fromagerie", "--format", "json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert data["publishing_paused_at"] is None
    assert [i["trigger_text"] for i in data["incidents"]] == [incident.trigger_text]
    refused = run("incident", "pause", "--workspace", "fromagerie", "--as", teammate.email)
    assert refused.exit_code == 2 and "Only owners and managers" in refused.output
    paused = run("incident", "pause", "--workspace", "fromagerie")
    assert paused.exit_code == 0 and "paused" in paused.output
    assert (
        "Scheduled publishing is paused."
        in run("incident", "list", "--workspace", "fromagerie").output
    )
    shown = json.loads(
        run("incident", "show", "--workspace", "fromagerie", str(incident.pk)).output
    )
    assert [e["action"] for e in shown["timeline"]] == ["paused"]
    resumed = run("incident", "resume", "--workspace", "fromagerie")
    assert resumed.exit_code == 0 and "in their order" in resumed.output
    actions = set(AuditEvent.objects.filter(workspace=workspace).values_list("action", flat=True))
    assert {AuditAction.PAUSE, AuditAction.RESUME} <= actions
    closed = run("incident", "close", "--workspace", "fromagerie", str(incident.pk))
    assert closed.exit_code == 0
    missing = run("incident", "show", "--workspace", "fromagerie", "999999")
    assert missing.exit_code == 2 and "No incident 999999" in missing.output


def test_pages_for_owner_teammate_and_outsider(
    incident, owner_client, teammate_client, outsider_client, workspace
):
    listing = reverse("listening:incidents", args=[workspace.slug])
    page = reverse("listening:incident", args=[workspace.slug, incident.pk])
    assert outsider_client.get(listing).status_code == 404
    assert outsider_client.get(page).status_code == 404
    bob = teammate_client.get(page).content.decode()
    assert "Acknowledge" in bob and "Pause all scheduled publishing" not in bob
    assert "people: 24" in bob  # the figures that fired, named
    teammate_client.post(
        reverse("listening:incident_note", args=[workspace.slug, incident.pk]),
        {"note": "<script>alert(1)</script>"},
    )
    bob = teammate_client.get(page).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bob and "<script>alert(1)" not in bob
    sources = owner_client.get(reverse("listening:sources", args=[workspace.slug]))
    assert f'href="{listing}"' in sources.content.decode()  # the Listening tabs lead there
    alice = owner_client.get(listing).content.decode()
    assert "Pause all scheduled publishing" in alice and f"incident-{incident.pk}" in alice
    pause = reverse("listening:publishing_pause", args=[workspace.slug])
    assert teammate_client.post(pause).status_code == 404
    owner_client.post(pause)
    assert 'id="paused-banner"' in teammate_client.get(listing).content.decode()


def test_pages_in_french(incident, owner_client, owner, workspace):
    owner.language = "fr"
    owner.save()
    from tests.core.pending_french import pending

    with pending("INCIDENTS"):
        page = owner_client.get(reverse("listening:incident", args=[workspace.slug, incident.pk]))
    html = page.content.decode()
    assert "Mettre en pause toutes les publications programmées" in html
    assert "Chronologie" in html


def test_the_report_summary(incident, workspace, owner_membership):
    from mostra.listening.services import incidents as service

    service.close(owner_membership, incident)
    start = incident.opened_at - timezone.timedelta(days=1)
    [row] = summary(workspace, start, start + timezone.timedelta(days=30))
    assert (row.level, row.trigger, row.figures["people"]) == (
        "Alert",
        incident.trigger_text,
        24,
    )
    assert row.duration is not None and row.actions == {"closed": 1}
    assert summary(workspace, start - timezone.timedelta(days=60), start) == []
