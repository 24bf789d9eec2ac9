from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from mostra.core.models import AuditEvent, Invitation, Membership, User
from tests.conftest import PASSWORD, client_for


def _invite(client, workspace, **data):
    response = client.post(f"/w/{workspace.slug}/members/invite/", {"role": "editor", **data})
    match = re.search(r'value="(http[^"]+/invitations/[^"]+/)"', response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1).split("/invitations/")[1].rstrip("/")


def test_invite_by_link_and_join_with_a_new_account(workspace, owner_client):
    token = _invite(owner_client, workspace, role="contributor")
    visitor = client_for(None)
    page = visitor.get(f"/invitations/{token}/")
    assert page.status_code == 200 and "Fromagerie du Lac" in page.content.decode()
    response = visitor.post(
        f"/invitations/{token}/",
        {
            "signup-email": "dana@example.org",
            "signup-display_name": "Dana",
            "signup-password": "a-good-long-passphrase",
        },
    )
    assert response.status_code == 302
    dana = User.objects.get(email="dana@example.org")
    assert Membership.objects.get(workspace=workspace, user=dana).role == "contributor"
    assert AuditEvent.objects.filter(workspace=workspace, action="join").exists()


def test_existing_user_accepts(workspace, owner_client, outsider):
    token = _invite(owner_client, workspace)
    client = client_for(outsider)
    assert client.post(f"/invitations/{token}/").status_code == 302
    assert Membership.objects.filter(workspace=workspace, user=outsider).exists()


def test_reused_link_is_refused(workspace, owner_client, outsider, db):
    token = _invite(owner_client, workspace)
    client_for(outsider).post(f"/invitations/{token}/")
    other = User.objects.create_user("eve@example.org", PASSWORD)
    response = client_for(other).post(f"/invitations/{token}/")
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not Membership.objects.filter(workspace=workspace, user=other).exists()


def test_expired_link_is_refused(workspace, owner_client, outsider):
    token = _invite(owner_client, workspace)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client_for(outsider).post(f"/invitations/{token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()


def test_unknown_link_is_refused(db):
    response = client_for(None).get("/invitations/nonsense/")
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_withdrawn_link_is_refused(workspace, owner_client, outsider):
    token = _invite(owner_client, workspace)
    invitation = Invitation.objects.get(workspace=workspace)
    owner_client.post(f"/w/{workspace.slug}/invitations/{invitation.pk}/revoke/")
    response = client_for(outsider).post(f"/invitations/{token}/")
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_only_the_hash_is_stored(workspace, owner_client):
    token = _invite(owner_client, workspace)
    invitation = Invitation.objects.get(workspace=workspace)
    assert token not in invitation.token_hash


def test_editor_cannot_invite_and_manager_cannot_make_owners(
    workspace, teammate_client, teammate_membership
):
    assert (
        teammate_client.post(f"/w/{workspace.slug}/members/invite/", {"role": "editor"}).status_code
        == 404
    )
    teammate_membership.role = "manager"
    teammate_membership.save()
    response = teammate_client.post(f"/w/{workspace.slug}/members/invite/", {"role": "owner"})
    assert response.status_code == 400
    assert not Invitation.objects.filter(workspace=workspace).exists()


def test_weak_password_refused_without_joining(workspace, owner_client):
    token = _invite(owner_client, workspace)
    response = client_for(None).post(
        f"/invitations/{token}/",
        {"signup-email": "weak@example.org", "signup-password": "1234567890"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="weak@example.org").exists()
    assert Invitation.objects.get(workspace=workspace).accepted_at is None


def test_link_follows_the_address_used_unless_base_url_is_set(workspace, owner, settings):
    import dataclasses

    client = client_for(owner)
    response = client.post(
        f"/w/{workspace.slug}/members/invite/", {"role": "editor"}, HTTP_HOST="localhost:8851"
    )
    assert 'value="http://localhost:8851/invitations/' in response.content.decode()
    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, base_url="https://mostra.example.org", base_url_explicit=True
    )
    response = client.post(
        f"/w/{workspace.slug}/members/invite/", {"role": "editor"}, HTTP_HOST="localhost:8851"
    )
    assert 'value="https://mostra.example.org/invitations/' in response.content.decode()
