from __future__ import annotations

from mostra.core.models import AuditEvent, Membership, Workspace


def test_create_workspace_makes_me_owner_with_a_valid_organisation(owner_client, owner, db):
    response = owner_client.post(
        "/w/new/",
        {
            "name": "Coopérative des Alpes",
            "slug": "",
            "description": "",
            "country": "fr",
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    ws = Workspace.objects.get(name="Coopérative des Alpes")
    assert ws.slug == "cooperative-des-alpes"
    assert ws.country == "FR"
    assert ws.approval_policy == "none"
    assert Membership.objects.get(workspace=ws, user=owner).role == "owner"
    assert ws.activities.count() == 10
    for activity in ws.activities.all():
        assert activity.assignments.filter(letter="A").count() == 1
    assert [lvl.key for lvl in ws.crisis_levels.all()] == [
        "watch",
        "incident",
        "alert",
        "crisis",
        "major_crisis",
    ]
    assert AuditEvent.objects.filter(workspace=ws, action="create").exists()


def test_duplicate_slug_is_refused_with_a_message(owner_client, workspace):
    response = owner_client.post(
        "/w/new/",
        {"name": "X", "slug": workspace.slug, "country": "FR", "timezone": "Europe/Paris"},
    )
    assert response.status_code == 200
    assert "already taken" in response.content.decode()
    assert Workspace.objects.filter(name="X").count() == 0


def test_bad_country_is_refused(owner_client, db):
    response = owner_client.post(
        "/w/new/", {"name": "Y", "country": "France", "timezone": "Europe/Paris"}
    )
    assert "two-letter" in response.content.decode()
    assert not Workspace.objects.filter(name="Y").exists()


def test_settings_update_is_audited(workspace, owner_client):
    response = owner_client.post(
        f"/w/{workspace.slug}/settings/",
        {
            "name": "Fromagerie du Grand Lac",
            "description": "AOP",
            "country": "FR",
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.name == "Fromagerie du Grand Lac"
    event = AuditEvent.objects.filter(workspace=workspace, action="update").latest("id")
    assert event.changes["name"] == ["Fromagerie du Lac", "Fromagerie du Grand Lac"]


def test_delete_needs_the_archive_the_slug_typed_and_an_owner(
    workspace, owner_client, teammate_client
):
    url = f"/w/{workspace.slug}/delete/"
    assert teammate_client.post(url, {"confirm_slug": workspace.slug}).status_code == 404
    refused = owner_client.post(url, {"confirm_slug": workspace.slug})
    assert refused.status_code == 400
    assert "Archive the workspace first" in refused.content.decode()
    owner_client.post(f"/w/{workspace.slug}/archive/")
    assert teammate_client.post(url, {"confirm_slug": workspace.slug}).status_code == 404
    refused = owner_client.post(url, {"confirm_slug": "wrong"})
    assert refused.status_code == 400
    assert "short name exactly to confirm the deletion" in refused.content.decode()
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    owner_client.post(url, {"confirm_slug": workspace.slug})
    assert not Workspace.objects.filter(pk=workspace.pk).exists()
