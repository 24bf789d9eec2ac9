"""A new password revokes the person's API tokens: Alice changes hers and her scripts'
token stops working (the page says so); Bob's stays. A reset or the administrator's
new password does the same."""

from __future__ import annotations

import pytest
from django.test import Client

from mostra.core.models import ApiToken, AuditEvent
from mostra.core.services import passwords
from tests.conftest import PASSWORD

NEW = "a new and long passphrase 42"


def _works(raw: str) -> bool:
    return Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").status_code == 200


@pytest.mark.django_db
def test_changing_one_s_password_revokes_one_s_api_tokens(owner, teammate, owner_client):
    _, first = ApiToken.issue(owner, "backup script")
    _, second = ApiToken.issue(owner, "reporting")
    _, bobs = ApiToken.issue(teammate, "bob's script")
    assert _works(first) and _works(second)
    answer = owner_client.post(
        "/accounts/password/",
        {
            "password-current_password": PASSWORD,
            "password-new_password": NEW,
            "password-new_password_again": NEW,
        },
        follow=True,
    )
    html = answer.content.decode()
    assert "Your 2 API tokens are revoked with the old password" in html
    assert not _works(first) and not _works(second)
    assert _works(bobs)
    event = AuditEvent.objects.get(action="password_changed")
    assert event.changes == {"api_tokens_revoked": 2}


@pytest.mark.django_db
def test_a_refused_change_keeps_the_tokens(owner, owner_client):
    _, raw = ApiToken.issue(owner, "script")
    owner_client.post(
        "/accounts/password/",
        {
            "password-current_password": "not my password",
            "password-new_password": NEW,
            "password-new_password_again": NEW,
        },
    )
    assert _works(raw)


@pytest.mark.django_db
def test_a_reset_or_the_administrator_s_password_revokes_them_too(owner, teammate):
    _, owners = ApiToken.issue(owner, "script")
    _, bobs = ApiToken.issue(teammate, "script")
    passwords.reset_password(owner, NEW)
    passwords.set_by_administrator(teammate, NEW)
    assert not _works(owners) and not _works(bobs)
    assert not ApiToken.objects.exists()
