"""Signing up from an invitation: the account and the membership are made in one
transaction by :func:`mostra.core.services.invitations.sign_up_and_accept` (the page
logs the person in after it): a refusal leaves no account behind, on the page as in
the service."""

from __future__ import annotations

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, User
from mostra.core.services import invitations
from tests.conftest import client_for

SIGNUP = {
    "signup-email": "dana@example.org",
    "signup-display_name": "Dana",
    "signup-password": "a-good-long-passphrase",
}


@pytest.fixture
def token(owner_membership) -> str:
    return invitations.create_invitation(owner_membership, role="contributor")[1]


def test_the_service_makes_the_account_and_the_member_at_once(workspace, token):
    membership = invitations.sign_up_and_accept(
        token, email="dana@example.org", password="a-good-long-passphrase", display_name="Dana"
    )
    assert membership.workspace == workspace and membership.role == "contributor"
    assert membership.user.check_password("a-good-long-passphrase")
    join = AuditEvent.objects.get(workspace=workspace, action="join")
    assert join.actor == membership.user
    # The link is used: a second sign-up with it is refused, and creates no account.
    with pytest.raises(DomainError) as refused:
        invitations.sign_up_and_accept(token, email="eve@example.org", password="x" * 20)
    assert "already been used" in refused.value.message
    assert not User.objects.filter(email="eve@example.org").exists()


def test_a_refusal_at_acceptance_leaves_no_account_and_nobody_logged_in(
    workspace, token, monkeypatch
):
    """The link was valid when the page opened; accepting is refused (another tab used it
    meanwhile): the page says why, and the account it was about to create is not made."""

    def used_meanwhile(raw_token, user):
        raise DomainError("This invitation link has already been used. Ask for a new one.")

    monkeypatch.setattr(invitations, "accept_invitation", used_meanwhile)
    visitor = client_for(None)
    response = visitor.post(f"/invitations/{token}/", SIGNUP)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not User.objects.filter(email="dana@example.org").exists()
    assert "_auth_user_id" not in visitor.session
    assert not Membership.objects.filter(workspace=workspace, role="contributor").exists()


def test_the_page_signs_up_then_logs_in(workspace, token):
    visitor = client_for(None)
    response = visitor.post(f"/invitations/{token}/", SIGNUP)
    assert response.status_code == 302
    dana = User.objects.get(email="dana@example.org")
    assert visitor.session["_auth_user_id"] == str(dana.pk)
    assert Membership.objects.get(workspace=workspace, user=dana).role == "contributor"
