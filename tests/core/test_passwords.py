"""Passwords: Alice changes hers from her profile; Bob, who forgot his, gets a link by
e-mail when mostra sends e-mail, or is told to ask the administrator when it does not.
Charlie, an outsider, learns nothing about who has an account."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from click.testing import CliRunner
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from mostra import cli
from mostra.core.models import AuditEvent, AuthenticatorApp, User
from mostra.core.tasks import send_password_reset_email
from tests.conftest import PASSWORD, client_for
from tests.core.pending_french import pending

NEW = "a new and long passphrase 42"
TASK = "mostra.core.tasks.send_password_reset_email"
LINK = re.compile(r"http://[^\s\"<]+/accounts/password/reset/[^/\s]+/[^/\s]+/")


@pytest.fixture
def smtp(settings):
    settings.EMAIL_ENABLED = True
    return settings


def sign_in(client: Client, email: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def change(client: Client, current: str, new: str, again: str | None = None):
    return client.post(
        "/accounts/password/",
        {
            "password-current_password": current,
            "password-new_password": new,
            "password-new_password_again": new if again is None else again,
        },
    )


def ask_link(client: Client, email: str, address: str = "127.0.0.1"):
    return client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address)


def run_queued() -> None:
    """Run the queued reset e-mails as the worker does, from their stored arguments."""
    for row in DBTaskResult.objects.filter(task_path=TASK):
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.delete()


def emailed_link() -> str:
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return LINK.search(mail.outbox[0].body).group(0)


def reset_with_link(link: str, password: str = NEW) -> Client:
    client = Client()
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"].endswith("/set/")
    page = client.get(opened["Location"])
    assert page.status_code == 200
    done = client.post(
        opened["Location"], {"new_password": password, "new_password_again": password}
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/login/", done.content
    return client


# --- Changing it from the profile ---------------------------------------------------------


def test_the_profile_has_a_password_form_with_the_rules(owner_client):
    page = owner_client.get("/accounts/profile/").content.decode()
    assert 'action="/accounts/password/"' in page
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page
    assert "at least 8 characters" in page  # Django's validators, said before typing


def test_changing_it_takes_the_current_password(owner, owner_client):
    response = change(owner_client, "not my password", NEW)
    assert response.status_code == 400
    assert "This is not your current password" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_the_new_one_typed_twice_must_match_and_pass_the_validators(owner, owner_client):
    differ = change(owner_client, PASSWORD, NEW, again=NEW + "!")
    assert differ.status_code == 400
    assert "The two new passwords differ" in differ.content.decode()
    weak = change(owner_client, PASSWORD, "12345678")
    assert weak.status_code == 400
    assert "This password is too common." in weak.content.decode()
    assert "This password is entirely numeric." in weak.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_changing_it_keeps_this_device_and_signs_the_others_out(owner):
    here, phone = Client(), Client()
    sign_in(here, owner.email, PASSWORD)
    sign_in(phone, owner.email, PASSWORD)
    assert signed_in(here) and signed_in(phone)

    response = change(here, PASSWORD, NEW)
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/#password"
    assert "Your password is changed" in here.get("/accounts/profile/").content.decode()
    assert here.get("/accounts/profile/").status_code == 200
    assert phone.get("/accounts/profile/")["Location"].startswith("/accounts/login/")

    assert not sign_in(Client(), owner.email, PASSWORD).has_header("Location")
    assert sign_in(Client(), owner.email, NEW)["Location"] == "/"
    event = AuditEvent.objects.get(action="password_changed")
    assert event.actor == owner and event.ip_address == "127.0.0.1"


def test_nobody_changes_a_password_without_being_signed_in(owner):
    response = change(client_for(None), PASSWORD, NEW)
    assert response["Location"].startswith("/accounts/login/")
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# --- Forgotten, without e-mail --------------------------------------------------------------


def test_without_e_mail_the_page_says_to_ask_the_administrator(teammate):
    client = client_for(None)
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()
    page = client.get("/accounts/password/reset/").content.decode()
    assert "This mostra sends no e-mail" in page
    assert "mostra createuser YOUR-ADDRESS --reset-password" in page
    assert 'name="email"' not in page
    ask_link(client, teammate.email)
    assert not DBTaskResult.objects.filter(task_path=TASK).exists() and mail.outbox == []


def test_the_administrator_s_new_password_is_in_the_audit_log(teammate):
    result = CliRunner().invoke(
        cli.mostra, ["createuser", teammate.email, "--reset-password", "--password", NEW]
    )
    assert result.exit_code == 0, result.output
    teammate.refresh_from_db()
    assert teammate.check_password(NEW)
    event = AuditEvent.objects.get(action="password_set_by_admin")
    assert event.object_label == teammate.email and event.actor is None


# --- Forgotten, with e-mail ----------------------------------------------------------------


def test_a_link_is_e_mailed_by_the_worker_and_sets_a_new_password_once(
    teammate, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_link(client_for(None), "  Bob@Example.org ")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []  # the worker sends it
    queued = DBTaskResult.objects.get(task_path=TASK).args_kwargs
    assert queued["args"][0] == teammate.pk
    run_queued()
    message = mail.outbox[0]
    assert message.to == [teammate.email]
    assert message.subject == "Choose a new password for mostra"
    link = emailed_link()
    assert link.split("/accounts/")[1] not in json.dumps(queued)  # never in the task table
    assert "works once, for 1 hour" in message.body

    reset_with_link(link)
    teammate.refresh_from_db()
    assert teammate.check_password(NEW)
    assert AuditEvent.objects.filter(action="password_reset", actor=teammate).count() == 1
    assert AuditEvent.objects.filter(action="password_reset_asked").count() == 1

    again = Client()
    page = again.get(again.get(link)["Location"])
    assert page.status_code == 410
    assert "This link no longer works" in page.content.decode()
    assert 'href="/accounts/password/reset/"' in page.content.decode()


def test_the_answer_is_the_same_whether_an_account_uses_the_address_or_not(
    teammate, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask_link(client_for(None), teammate.email)
        unknown = ask_link(client_for(None), "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    sent_page = client_for(None).get(known["Location"]).content.decode()
    assert "If an account uses this address, a link to choose a new password" in sent_page
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    run_queued()
    assert [m.to for m in mail.outbox] == [[teammate.email]]


def test_a_link_stops_working_after_an_hour(teammate, smtp, django_capture_on_commit_callbacks):
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            ask_link(client_for(None), teammate.email)
        run_queued()
    link = emailed_link()
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        client = Client()
        page = client.get(client.get(link)["Location"])
    assert page.status_code == 410
    assert "more than 1 hour old" in page.content.decode()


def test_a_request_the_worker_reaches_too_late_is_not_sent(teammate, smtp):
    asked = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat()
    assert send_password_reset_email.call(teammate.pk, "http://testserver", "en", asked) is False
    assert mail.outbox == []


def test_after_a_reset_two_factor_still_asks_the_code(
    teammate, smtp, django_capture_on_commit_callbacks
):
    AuthenticatorApp.objects.create(user=teammate, name="authenticator", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        ask_link(client_for(None), teammate.email)
    run_queued()
    client = reset_with_link(emailed_link())
    assert not signed_in(client)
    response = sign_in(client, teammate.email, NEW)
    assert response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)


def test_a_reset_ends_the_account_s_sign_in_lock_out(
    teammate, smtp, django_capture_on_commit_callbacks
):
    for _ in range(5):
        sign_in(client_for(None), teammate.email, "not the password")
    assert sign_in(client_for(None), teammate.email, PASSWORD).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        ask_link(client_for(None), teammate.email)
    run_queued()
    reset_with_link(emailed_link())
    client = client_for(None)
    assert sign_in(client, teammate.email, NEW)["Location"] == "/"


def test_requests_are_limited_per_address_as_wrong_passwords_are(teammate, smtp):
    client = client_for(None)
    for _ in range(20):
        assert ask_link(client, "nobody@example.org", "192.0.2.66").status_code == 302
    refused = ask_link(client, teammate.email, "192.0.2.66")
    assert refused.status_code == 429
    assert "Too many failed attempts: try again in 15 minutes" in refused.content.decode()
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
    # Another address is not held back.
    assert ask_link(client, teammate.email, "198.51.100.7").status_code == 302
    assert AuditEvent.objects.filter(action="locked_out").count() == 1


def test_one_account_gets_five_links_at_most_per_quarter_hour(
    teammate, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(7):
            response = ask_link(client_for(None), teammate.email, f"192.0.2.{n + 1}")
            assert response["Location"] == "/accounts/password/reset/sent/"
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 5


def test_an_unreadable_address_says_what_to_type(db, smtp):
    response = ask_link(client_for(None), "bob at example")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_a_link_for_a_deactivated_account_does_not_work(
    teammate, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_link(client_for(None), teammate.email)
    run_queued()
    link = emailed_link()
    User.objects.filter(pk=teammate.pk).update(is_active=False)
    client = Client()
    assert client.get(client.get(link)["Location"]).status_code == 410


def test_a_made_up_link_says_to_ask_for_a_new_one(db):
    client = Client()
    page = client.get(client.get("/accounts/password/reset/MTIz/abc-def/")["Location"])
    assert page.status_code == 410
    assert "Ask for a new one." in page.content.decode()


# --- In French -------------------------------------------------------------------------------


def test_the_pages_and_the_e_mail_in_french(teammate, smtp, django_capture_on_commit_callbacks):
    User.objects.filter(pk=teammate.pk).update(language="fr")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    with pending("h15-basics-polish"):
        page = client.get("/accounts/password/reset/").content.decode()
        assert "Mot de passe oublié" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_link(client, teammate.email)
        sent = client.get(response["Location"]).content.decode()
        assert "Si un compte utilise cette adresse" in sent
        run_queued()
        assert mail.outbox[0].subject == "Choisissez un nouveau mot de passe pour mostra"
        assert "Ouvrez ce lien pour le choisir" in mail.outbox[0].body
