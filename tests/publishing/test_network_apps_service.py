"""The networks' applications are written by one service
(:mod:`mostra.publishing.services.network_apps`): the administrators' page calls it, any
other surface gets the same refusals; every change is audited."""

from __future__ import annotations

from html import escape

import pytest
from django.urls import reverse

from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, AuditEvent, User
from mostra.publishing.models import OAuthClient
from mostra.publishing.services import network_apps
from tests.publishing.test_oauth_network_apps import admin_client, save  # noqa: F401


@pytest.fixture
def admin(admin_client):  # noqa: F811
    return User.objects.get(email="admin@mostra.local")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"client_id": "two words", "client_secret": "s"}, "client_id"),
        ({"client_id": "abc", "client_secret": ""}, "client_secret"),
        ({"client_id": "abc", "client_secret": "s", "scopes": "w_member_social;drop"}, "scopes"),
        ({"client_id": "abc", "client_secret": "s", "api_version": "2026-11"}, "api_version"),
    ],
)
def test_the_page_and_the_service_refuse_alike(admin_client, admin, fields, field):  # noqa: F811
    with pytest.raises(DomainError) as refused:
        network_apps.save_network_app(admin, "linkedin", **fields)
    assert refused.value.field == field
    page = save(admin_client, "linkedin", **fields)
    assert page.status_code == 400
    assert escape(refused.value.message) in page.content.decode()
    assert not OAuthClient.objects.exists()
    assert not AuditEvent.objects.filter(object_type="oauthclient").exists()


def test_saving_and_removing_on_the_page_are_audited(admin_client, admin):  # noqa: F811
    assert save(admin_client, "x", client_id="abc", client_secret="s3cret").status_code == 302
    network_apps.save_network_app(admin, "x", client_id="def", scopes="tweet.read,users.read")
    app = OAuthClient.objects.get(network="x")
    assert app.client_id == "def" and app.client_secret == "s3cret"
    assert app.extra == {"scopes": "tweet.read users.read"}
    removed = admin_client.post(reverse("oauth:remove_network_app", args=["x"]))
    assert removed.status_code == 302 and not OAuthClient.objects.exists()
    events = AuditEvent.objects.filter(object_type="oauthclient").order_by("id")
    assert [(e.action, e.changes) for e in events] == [
        (AuditAction.UPDATE, {"client id": ["", "abc"], "secret": ["not set", "replaced"]}),
        (AuditAction.UPDATE, {"client id": ["abc", "def"]}),
        (AuditAction.DELETE, {}),
    ]
    assert "s3cret" not in str([e.changes for e in events])


def test_only_a_superuser_changes_them(owner, owner_client):
    with pytest.raises(DomainError):
        network_apps.save_network_app(owner, "x", client_id="abc", client_secret="s")
    with pytest.raises(DomainError):
        network_apps.remove_network_app(owner, "x")
    assert save(owner_client, "x", client_id="abc", client_secret="s").status_code == 404
    assert not OAuthClient.objects.exists()
