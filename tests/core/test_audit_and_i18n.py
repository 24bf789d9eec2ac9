from __future__ import annotations

from mostra.core.models import AuditEvent, User
from tests.conftest import PASSWORD, client_for


def test_login_is_audited_and_shown_in_the_workspace_log(workspace, owner, teammate):
    client = client_for(None)
    response = client.post("/accounts/login/", {"username": teammate.email, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(actor=teammate, action="login").exists()
    page = client_for(owner).get(f"/w/{workspace.slug}/audit/?action=login").content.decode()
    assert "Bob Durand" in page


def test_failed_login_is_audited_with_a_helpful_message(db):
    response = client_for(None).post(
        "/accounts/login/", {"username": "nobody@example.org", "password": "nope"}
    )
    assert "do not match" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="login_failed", object_label="nobody@example.org"
    ).exists()


def test_audit_log_is_per_workspace(workspace, owner_client, outsider):
    page = owner_client.get(f"/w/{workspace.slug}/audit/").content.decode()
    assert "Fromagerie du Lac" in page
    assert "Other brand" not in page


def test_language_switch_is_remembered_on_the_user(workspace, owner, owner_client):
    response = owner_client.post("/language/", {"language": "fr", "next": f"/w/{workspace.slug}/"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.language == "fr"
    page = client_for(owner).get(f"/w/{workspace.slug}/organisation/").content.decode()
    assert 'lang="fr"' in page
    assert "Matrice RACI" in page


def test_browser_language_is_the_default(db):
    page = client_for(None).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert 'lang="fr"' in page.content.decode()
    page = client_for(None).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert 'lang="en"' in page.content.decode()


def test_language_switch_refuses_open_redirects(db):
    response = client_for(None).post(
        "/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_user_content_is_escaped(workspace, owner_client, owner):
    User.objects.filter(pk=owner.pk).update(display_name="<script>alert(1)</script>")
    page = owner_client.get(f"/w/{workspace.slug}/members/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_csrf_is_enforced(workspace, owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(f"/w/{workspace.slug}/organisation/policy/", {"approval_policy": "none"})
    assert response.status_code == 403


def test_audit_details_are_readable(workspace, owner_client, owner_membership, teammate_membership):
    from mostra.core.services import members, organisation

    members.update_member(
        owner_membership, teammate_membership, is_approver=True, org_level="director"
    )
    level = workspace.crisis_levels.get(key="alert")
    organisation.update_level(
        owner_membership,
        level,
        name="",
        response_minutes="30",
        first_actions="Pause posts\nCall <the> sponsor",
        responder_ids=[teammate_membership.pk],
        triggers=[("reposts_per_hour", "10000", "1")],
    )
    page = owner_client.get(f"/w/{workspace.slug}/audit/").content.decode()
    assert "<b>approver</b>: no → yes" in page
    assert "<b>level in the organisation</b>: Staff → Head of department" in page
    assert "<b>responders</b>: Alice Martin → Bob Durand" in page
    assert "Pause posts / Call &lt;the&gt; sponsor" in page
    assert "10,000 reposts within 1 hour" in page
