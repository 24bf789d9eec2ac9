"""Sign-in limits: wrong passwords lock an account out for a while, from one address, and
an address out of every account past a higher limit; wrong API tokens and refused
invitation links are limited by address too. Alice owns, Bob is on her team."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from click.testing import CliRunner
from django.test import Client

from mostra import cli
from mostra.core.models import ApiToken, AuditEvent
from mostra.core.services import invitations
from tests.conftest import PASSWORD, client_for
from tests.core.pending_french import pending_french  # noqa: F401 - a fixture

ATTACKER = "192.0.2.66"
OFFICE = "198.51.100.7"
LOCKED = "Too many failed attempts: try again in 15 minutes, or ask an administrator"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def sign_in(client: Client, email: str, password: str, address: str = ATTACKER, **headers):
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lock_out(email: str, address: str = ATTACKER, times: int = 5) -> Client:
    client = client_for(None)
    for _ in range(times):
        sign_in(client, email, "not the password", address)
    return client


def test_a_hundred_wrong_passwords_then_the_right_one_is_refused(owner):
    client = client_for(None)
    for _ in range(100):
        sign_in(client, owner.email, "not the password")
    response = sign_in(client, owner.email, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert LOCKED in response.content.decode()
    assert "do not match" not in response.content.decode()


def test_the_fifth_wrong_password_locks_and_says_so(owner):
    client = client_for(None)
    for _ in range(4):
        response = sign_in(client, owner.email, "not the password")
        assert response.status_code == 200 and "do not match" in response.content.decode()
    response = sign_in(client, owner.email, "not the password")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and 'value="alice@example.org"' in page


@pytest.mark.usefixtures("pending_french")
def test_the_lock_out_message_in_french(owner):
    client = lock_out(owner.email)
    response = sign_in(client, owner.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    page = response.content.decode()
    assert response.status_code == 429 and 'lang="fr"' in page
    assert "Trop de tentatives échouées : réessayez dans 15 minutes" in page


def test_the_lock_out_ends_fifteen_minutes_after_it_began_whatever_is_tried_meanwhile(owner):
    with time_machine.travel(START, tick=False):
        client = lock_out(owner.email)
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        assert sign_in(client, owner.email, "still not it").status_code == 429
        assert sign_in(client, owner.email, PASSWORD).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert sign_in(client, owner.email, PASSWORD).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=1), tick=False):
        response = sign_in(client, owner.email, PASSWORD)
        assert response.status_code == 302 and signed_in(client)


def test_one_accounts_failures_lock_neither_another_account_nor_another_address(owner, teammate):
    lock_out(owner.email)
    bob = client_for(None)
    assert sign_in(bob, teammate.email, PASSWORD).status_code == 302 and signed_in(bob)
    alice_at_the_office = client_for(None)
    assert sign_in(alice_at_the_office, owner.email, PASSWORD, OFFICE).status_code == 302


def test_past_the_address_limit_every_account_is_locked_from_that_address(
    owner, teammate, settings
):
    settings.MOSTRA_LOGIN_ADDRESS_FAILURES = 6
    for guessed in ("a@example.org", "b@example.org", owner.email):
        lock_out(guessed, times=2)  # below the account limit each time
    assert AuditEvent.objects.get(action="locked_out").changes["limits"] == ["address"]
    bob = client_for(None)
    response = sign_in(bob, teammate.email, PASSWORD)
    assert response.status_code == 429 and not signed_in(bob)
    assert sign_in(bob, teammate.email, PASSWORD, OFFICE).status_code == 302


def test_the_address_limit_can_be_turned_off_for_a_shared_address(teammate, settings):
    settings.MOSTRA_LOGIN_ADDRESS_FAILURES = 0  # behind a proxy: everyone has its address
    for n in range(10):
        lock_out(f"guess{n}@example.org", times=4)
    bob = client_for(None)
    assert sign_in(bob, teammate.email, PASSWORD).status_code == 302


def test_a_sign_in_starts_the_count_again(owner):
    for _ in range(2):
        client = lock_out(owner.email, times=4)
        assert sign_in(client, owner.email, PASSWORD).status_code == 302
    assert not AuditEvent.objects.filter(action="locked_out").exists()


def test_the_address_is_read_from_remote_addr_not_from_forwarded_headers(owner):
    client = client_for(None)
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": owner.email, "password": "not the password"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert sign_in(client, owner.email, PASSWORD).status_code == 429


def test_a_lock_out_is_audited_once_with_the_account_and_the_address(owner):
    client = lock_out(owner.email)
    for _ in range(3):
        sign_in(client, owner.email, PASSWORD)
    events = AuditEvent.objects.filter(action="locked_out")
    assert events.count() == 1
    event = events.get()
    assert event.object_label == "alice@example.org" and event.ip_address == ATTACKER
    assert event.changes == {"limits": ["account"], "account": owner.email, "address": ATTACKER}
    assert event.get_action_display() == "Locked out after failed attempts"


# --- mostra users unlock


def invoke(*args: str):
    return CliRunner().invoke(cli.mostra, list(args), catch_exceptions=False)


def test_an_administrator_unlocks_an_account_and_the_release_is_audited(owner):
    client = lock_out(owner.email)
    result = invoke("users", "unlock", "Alice@Example.org")
    assert result.exit_code == 0, result.output
    assert "Unlocked alice@example.org: 1 record of failed attempts forgotten." in result.output
    assert sign_in(client, owner.email, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="unlocked")
    assert event.object_label == "alice@example.org"
    assert event.changes == {"account": "alice@example.org", "address": "", "records": 1}


def test_an_administrator_unlocks_an_address(owner, teammate, settings):
    settings.MOSTRA_LOGIN_ADDRESS_FAILURES = 4
    lock_out("a@example.org", times=2)
    lock_out("b@example.org", times=2)
    result = invoke("users", "unlock", "--address", ATTACKER)
    assert f"Unlocked {ATTACKER}: 2 records" in result.output
    assert sign_in(client_for(None), teammate.email, PASSWORD).status_code == 302


def test_unlock_says_when_there_is_nothing_to_unlock_and_refuses_bad_input(db):
    result = invoke("users", "unlock", "nobody@example.org")
    assert result.exit_code == 0
    assert "No failed sign-in is recorded for nobody@example.org" in result.output
    assert not AuditEvent.objects.filter(action="unlocked").exists()
    refused = CliRunner().invoke(cli.mostra, ["users", "unlock", "--address", "the office"])
    assert refused.exit_code == 2 and "is not an IP address" in refused.output
    refused = CliRunner().invoke(cli.mostra, ["users", "unlock"])
    assert refused.exit_code == 2 and "Name the account to unlock" in refused.output


# --- API tokens and invitation links


def test_wrong_api_tokens_are_answered_429_past_the_address_limit(
    owner, teammate, workspace, settings
):
    settings.MOSTRA_LOGIN_ADDRESS_FAILURES = 3
    guesser = Client(headers={"Authorization": "Bearer mostra_guessed"}, REMOTE_ADDR=ATTACKER)
    assert [guesser.get("/api/me").status_code for _ in range(3)] == [401, 401, 401]
    response = guesser.get("/api/me")
    assert response.status_code == 429
    assert LOCKED in response.json()["detail"]
    assert response["Retry-After"] == "900"
    assert AuditEvent.objects.get(action="locked_out").changes["limits"] == ["api-token"]
    # A real token, which cannot be guessed, still works from there; so does signing in.
    raw = ApiToken.issue(owner, "script")[1]
    script = Client(headers={"Authorization": f"Bearer {raw}"}, REMOTE_ADDR=ATTACKER)
    assert script.get("/api/me").status_code == 200
    assert sign_in(client_for(None), teammate.email, PASSWORD).status_code == 302


def test_refused_invitation_links_are_answered_429_past_the_address_limit(
    owner_membership, settings
):
    settings.MOSTRA_LOGIN_ADDRESS_FAILURES = 3
    guesser = Client(REMOTE_ADDR=ATTACKER)
    codes = [guesser.get(f"/invitations/guess-{n}/").status_code for n in range(4)]
    assert codes == [410, 410, 410, 429]
    page = guesser.get("/invitations/guess-5/").content.decode()
    assert LOCKED in page
    _invitation, raw = invitations.create_invitation(owner_membership)
    assert guesser.get(f"/invitations/{raw}/").status_code == 200


def test_invitation_failures_do_not_lock_the_sign_in_page(owner, settings):
    settings.MOSTRA_LOGIN_ADDRESS_FAILURES = 3
    guesser = Client(REMOTE_ADDR=ATTACKER)
    for n in range(4):
        guesser.get(f"/invitations/guess-{n}/")
    assert sign_in(guesser, owner.email, PASSWORD).status_code == 302
