"""Two-factor authentication: turning it on from the profile, the code after the password,
recovery codes, turning it off; and a workspace that requires it of its members.

Alice owns the workspace, Bob is on her team (editor), Charlie is an outsider.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time

import pytest
import time_machine
from click.testing import CliRunner
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from mostra import cli
from mostra.core.models import (
    ApiToken,
    AuditEvent,
    AuthenticatorApp,
    Membership,
    RecoveryCode,
    RecoveryCodeSet,
    Role,
    Workspace,
)
from mostra.core.models import two_factor as two_factor_models
from mostra.core.services.workspaces import create_workspace
from tests.conftest import PASSWORD, client_for
from tests.core.pending_french import pending_french  # noqa: F401 - a fixture

#: Near the real time, so that sessions saved while time stands still are still valid after.
START = dt.datetime.now(dt.UTC).replace(microsecond=0)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _fast_recovery_code_hashing(monkeypatch):
    """scrypt's real cost makes ten codes take a second; tests need no strength (as the
    passwords' MD5 in conftest). tests/core/test_two_factor_secrets.py checks the real one."""
    monkeypatch.setattr(two_factor_models, "SCRYPT_COST", (16, 1, 1))


def code_of(device: AuthenticatorApp) -> str:
    """The code the app shows now (time_machine moves "now")."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def give_app(user) -> AuthenticatorApp:
    return AuthenticatorApp.objects.create(user=user, name="authenticator", confirmed=True)


def give_recovery_codes(user, *codes: str) -> RecoveryCodeSet:
    device = RecoveryCodeSet.objects.create(user=user, name="recovery codes", confirmed=True)
    device.keep(two_factor_models.hash_recovery_codes(list(codes)))
    return device


def verified_client(user, device) -> Client:
    """A session that signed in with its code."""
    client = client_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def sign_in(client: Client, email: str, password: str = PASSWORD, next_url: str = ""):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": email, "password": password})


def require_two_factor(workspace: Workspace) -> None:
    Workspace.objects.filter(pk=workspace.pk).update(require_two_factor=True)


# --- Turning it on


def test_the_profile_says_it_is_off_and_links_to_turning_it_on(owner_client):
    page = owner_client.get("/accounts/profile/").content.decode()
    assert "Two-factor authentication" in page
    assert 'href="/accounts/two-factor/"' in page and "Turn on two-factor authentication" in page


def test_the_setup_page_shows_a_qr_code_made_on_the_server_and_no_script(owner, owner_client):
    response = owner_client.get("/accounts/two-factor/")
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert '<svg width="' in page and "QR code to scan with your authenticator app" in page
    device = AuthenticatorApp.objects.get(user=owner, confirmed=False)
    assert "issuer=mostra" in device.config_url and "alice%40example.org" in device.config_url
    secret = re.search(r'<span class="secret">([A-Z2-7 ]+)</span>', page).group(1)
    assert device.config_url.split("secret=")[1].startswith(secret.replace(" ", "")[:16])
    assert not INLINE_SCRIPT.search(page)
    # A reload keeps the same secret: the app scanned it already.
    owner_client.get("/accounts/two-factor/")
    assert AuthenticatorApp.objects.filter(user=owner).count() == 1


def test_turning_it_on_takes_a_right_code_and_shows_ten_recovery_codes_once(owner, owner_client):
    with time_machine.travel(START, tick=False):
        owner_client.get("/accounts/two-factor/")
        device = AuthenticatorApp.objects.get(user=owner)
        wrong = owner_client.post("/accounts/two-factor/", {"code": "000000"})
        assert wrong.status_code == 400 and "This code is not right" in wrong.content.decode()
        assert "phone&#x27;s clock is on time" in wrong.content.decode()
    with time_machine.travel(START + dt.timedelta(seconds=2), tick=False):
        response = owner_client.post("/accounts/two-factor/", {"code": code_of(device)})
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", page)
    assert len(codes) == 10 and "shown only this once" in page
    assert not INLINE_SCRIPT.search(page)
    device.refresh_from_db()
    assert device.confirmed
    assert RecoveryCode.objects.filter(code_set__user=owner).count() == 10
    event = AuditEvent.objects.get(action="two_factor_on")
    assert event.actor == owner
    # The session that turned it on gave a code: it is verified.
    assert owner_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert (
        "Recovery codes, or turn it off" in owner_client.get("/accounts/profile/").content.decode()
    )


def test_the_recovery_codes_download_as_a_text_file(owner_client):
    response = owner_client.post(
        "/accounts/two-factor/recovery-codes.txt",
        {"code": ["abcd-efgh", "ijkl-mnop", "<script>", "not a code at all"]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="mostra-recovery-codes.txt"' in response["Content-Disposition"]
    text = response.content.decode()
    assert "abcd-efgh\nijkl-mnop\n" in text and "alice@example.org" in text
    assert "script" not in text
    assert client_for(None).post("/accounts/two-factor/recovery-codes.txt").status_code == 302


# --- Signing in with it


def test_after_the_password_the_code_is_asked_and_only_a_right_one_signs_in(owner, workspace):
    device = give_app(owner)
    client = client_for(None)
    with time_machine.travel(START, tick=False):
        response = sign_in(client, owner.email, next_url="/w/fromagerie/crisis/")
        assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
        assert not signed_in(client)
        page = client.get("/accounts/login/code/").content.decode()
        assert "Type the code your authenticator app shows" in page
        wrong = client.post("/accounts/login/code/", {"code": "123456"})
        assert wrong.status_code == 400 and not signed_in(client)
        assert "This code is not right" in wrong.content.decode()
    with time_machine.travel(START + dt.timedelta(seconds=5), tick=False):
        response = client.post("/accounts/login/code/", {"code": code_of(device)})
        assert response.status_code == 302 and response["Location"] == "/w/fromagerie/crisis/"
        assert signed_in(client)
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert AuditEvent.objects.filter(action="login", actor=owner).count() == 1


def test_a_wrong_password_never_reaches_the_code(owner):
    give_app(owner)
    client = client_for(None)
    response = sign_in(client, owner.email, "not the password")
    assert response.status_code == 200 and "do not match" in response.content.decode()
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_a_recovery_code_signs_in_once(owner):
    give_app(owner)
    give_recovery_codes(owner, "abcdefgh", "ijklmnop")
    client = client_for(None)
    sign_in(client, owner.email)
    response = client.post("/accounts/login/code/", {"code": "ABCD-EFGH"}, follow=True)
    assert signed_in(client)
    assert "You used a recovery code: 1 is left." in response.content.decode()
    client.post("/accounts/logout/")
    sign_in(client, owner.email)
    again = client.post("/accounts/login/code/", {"code": "abcd-efgh"})
    assert again.status_code == 400 and not signed_in(client)


def test_wrong_codes_in_a_row_make_the_next_one_wait(owner):
    device = give_app(owner)
    client = client_for(None)
    with time_machine.travel(START, tick=False):
        sign_in(client, owner.email)
    # Each wrong code in a row doubles the wait before the next: 1, 2, 4, 8 seconds.
    for second in (0, 2, 5, 10):
        with time_machine.travel(START + dt.timedelta(seconds=second), tick=False):
            wrong = client.post("/accounts/login/code/", {"code": "000000"})
            assert "This code is not right" in wrong.content.decode()
    with time_machine.travel(START + dt.timedelta(seconds=10), tick=False):
        response = client.post("/accounts/login/code/", {"code": code_of(device)})
        assert response.status_code == 400 and not signed_in(client)
        assert "Too many wrong codes: wait 8 seconds, then try again." in response.content.decode()
    with time_machine.travel(START + dt.timedelta(seconds=19), tick=False):
        client.post("/accounts/login/code/", {"code": code_of(device)})
        assert signed_in(client)


def test_the_code_waits_five_minutes_at_most_after_the_password(owner):
    device = give_app(owner)
    client = client_for(None)
    with time_machine.travel(START, tick=False):
        sign_in(client, owner.email)
    with time_machine.travel(START + dt.timedelta(minutes=5, seconds=1), tick=False):
        response = client.post("/accounts/login/code/", {"code": code_of(device)}, follow=True)
    assert not signed_in(client)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "The sign-in took too long: type your password again." in response.content.decode()


def test_nobody_reaches_the_code_page_without_the_password(db):
    response = client_for(None).post("/accounts/login/code/", {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


# --- New recovery codes, turning it off


def test_new_recovery_codes_take_a_code_and_replace_the_old_ones(owner):
    device = give_app(owner)
    give_recovery_codes(owner, "abcdefgh")
    client = verified_client(owner, device)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "1 recovery code left." in page
    wrong = client.post("/accounts/two-factor/recovery-codes/", {"codes-code": "999999"})
    assert wrong.status_code == 400 and "This code is not right" in wrong.content.decode()
    response = client.post("/accounts/two-factor/recovery-codes/", {"codes-code": "abcd-efgh"})
    assert len(re.findall(r"<li>[a-z2-7]{4}-[a-z2-7]{4}</li>", response.content.decode())) == 10
    assert RecoveryCodeSet.objects.get(user=owner).matching_code("abcdefgh") is None
    assert RecoveryCode.objects.filter(code_set__user=owner).count() == 10
    assert AuditEvent.objects.filter(action="recovery_codes", actor=owner).count() == 1


def test_turning_it_off_takes_the_password_and_a_code(owner):
    device = give_app(owner)
    give_recovery_codes(owner, "abcdefgh", "ijklmnop")
    client = verified_client(owner, device)
    wrong = client.post(
        "/accounts/two-factor/off/", {"off-password": "guess", "off-code": "abcdefgh"}
    )
    assert wrong.status_code == 400 and "This is not your password" in wrong.content.decode()
    assert AuthenticatorApp.objects.filter(user=owner).exists()
    response = client.post(
        "/accounts/two-factor/off/", {"off-password": PASSWORD, "off-code": "ijklmnop"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert not AuthenticatorApp.objects.filter(user=owner).exists()
    assert not RecoveryCodeSet.objects.filter(user=owner).exists()
    assert AuditEvent.objects.filter(action="two_factor_off", actor=owner).count() == 1
    fresh = client_for(None)
    assert sign_in(fresh, owner.email)["Location"] == "/" and signed_in(fresh)


def test_an_administrator_turns_it_off_for_a_person_who_lost_everything(owner):
    give_app(owner)
    runner = CliRunner()
    result = runner.invoke(cli.mostra, ["users", "disable-2fa", "Alice@example.org"])
    assert result.exit_code == 0, result.output
    assert "Two-factor authentication is off for alice@example.org" in result.output
    assert not AuthenticatorApp.objects.filter(user=owner).exists()
    event = AuditEvent.objects.get(action="two_factor_off")
    assert event.actor is None and event.object_label == "alice@example.org"
    again = runner.invoke(cli.mostra, ["users", "disable-2fa", "alice@example.org"])
    assert "does not use two-factor authentication: nothing to do" in again.output
    unknown = runner.invoke(cli.mostra, ["users", "disable-2fa", "nobody@example.org"])
    assert unknown.exit_code == 2 and "No user has the e-mail nobody@example.org" in unknown.output


# --- A workspace that requires it


def test_only_an_owner_who_uses_it_requires_it_of_the_members(
    workspace, owner, teammate_client, outsider_client
):
    url = f"/w/{workspace.slug}/settings/two-factor/"
    assert teammate_client.post(url, {"require_two_factor": "on"}).status_code == 404
    assert outsider_client.post(url, {"require_two_factor": "on"}).status_code == 404
    manager = Membership.objects.get(workspace=workspace, user__email="bob@example.org")
    manager.role = Role.MANAGER
    manager.save()
    assert teammate_client.post(url, {"require_two_factor": "on"}).status_code == 404
    page = teammate_client.get(f"/w/{workspace.slug}/settings/").content.decode()
    assert "Not required." in page and 'name="require_two_factor"' not in page
    # The owner turns it on for herself first: she would be sent there at once otherwise.
    response = client_for(owner).post(url, {"require_two_factor": "on"}, follow=True)
    assert "Turn on two-factor authentication for yourself first" in response.content.decode()
    assert not Workspace.objects.get(pk=workspace.pk).require_two_factor
    owner_client = verified_client(owner, give_app(owner))
    page = owner_client.get(f"/w/{workspace.slug}/settings/").content.decode()
    assert 'name="require_two_factor"' in page
    response = owner_client.post(url, {"require_two_factor": "on"})
    assert response["Location"] == f"/w/{workspace.slug}/settings/#two-factor"
    assert Workspace.objects.get(pk=workspace.pk).require_two_factor
    event = AuditEvent.objects.get(action="update", workspace=workspace)
    assert event.changes == {"require_two_factor": [False, True]}
    log = owner_client.get(f"/w/{workspace.slug}/audit/").content.decode()
    assert "two-factor authentication required" in log
    owner_client.post(url, {})
    assert not Workspace.objects.get(pk=workspace.pk).require_two_factor


def test_a_member_without_it_is_sent_to_turn_it_on_for_that_workspace_only(
    workspace, teammate, teammate_client, outsider_client
):
    elsewhere = create_workspace(teammate, "Bob's own brand", slug="bob-brand")
    require_two_factor(workspace)
    response = teammate_client.get(f"/w/{workspace.slug}/strategy/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fw%2Ffromagerie%2Fstrategy%2F"
    page = teammate_client.get(response["Location"]).content.decode()
    assert "Fromagerie du Lac requires two-factor authentication" in page
    assert teammate_client.get(f"/w/{elsewhere.slug}/").status_code == 200
    # An outsider learns nothing: 404 as before.
    assert outsider_client.get(f"/w/{workspace.slug}/").status_code == 404


def test_once_it_is_on_the_member_comes_back_to_the_workspace(workspace, teammate):
    require_two_factor(workspace)
    client = client_for(teammate)
    target = "/w/fromagerie/"
    with time_machine.travel(START, tick=False):
        client.get(f"/accounts/two-factor/?next={target}")
        device = AuthenticatorApp.objects.get(user=teammate)
        page = client.post(
            "/accounts/two-factor/", {"code": code_of(device), "next": target}
        ).content.decode()
        assert f'href="{target}"' in page
        assert client.get(target).status_code == 200


def test_a_session_older_than_its_two_factor_gives_a_code_first(workspace, teammate):
    device = give_app(teammate)
    require_two_factor(workspace)
    client = client_for(teammate)  # signed in before turning it on: no code given
    response = client.get("/w/fromagerie/")
    assert response["Location"] == "/accounts/login/code/?next=%2Fw%2Ffromagerie%2F"
    with time_machine.travel(START, tick=False):
        response = client.post(response["Location"], {"code": code_of(device)})
        assert response["Location"] == "/w/fromagerie/"
        assert client.get("/w/fromagerie/").status_code == 200


def test_htmx_requests_are_redirected_by_htmx(workspace, teammate_client):
    require_two_factor(workspace)
    response = teammate_client.get(
        "/w/fromagerie/organisation/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/w/fromagerie/"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/two-factor/?next=%2Fw%2Ffromagerie%2F"


def test_the_api_keeps_tokens_working_but_holds_the_session_to_the_rule(
    workspace, teammate, teammate_client
):
    raw = ApiToken.issue(teammate, "script")[1]
    require_two_factor(workspace)
    by_token = Client(headers={"Authorization": f"Bearer {raw}"})
    assert by_token.get("/api/workspaces/fromagerie").status_code == 200
    by_session = teammate_client.get("/api/workspaces/fromagerie")
    assert by_session.status_code == 403
    assert "requires two-factor authentication" in by_session.json()["detail"]
    # A password alone cannot make a new token while a workspace requires two factors.
    response = teammate_client.post("/accounts/tokens/", {"token-name": "another"}, follow=True)
    assert "turn it on before creating a token" in response.content.decode()
    assert ApiToken.objects.filter(user=teammate).count() == 1


def test_members_two_factor_changes_are_in_the_workspace_audit_log(workspace, owner, teammate):
    with time_machine.travel(START, tick=False):
        client = client_for(teammate)
        client.get("/accounts/two-factor/")
        client.post(
            "/accounts/two-factor/", {"code": code_of(AuthenticatorApp.objects.get(user=teammate))}
        )
    log = client_for(owner).get(f"/w/{workspace.slug}/audit/").content.decode()
    assert "Turned on two-factor authentication" in log and "Bob Durand" in log
    other = client_for(Membership.objects.get(workspace__slug="other-brand").user)
    assert "Bob Durand" not in other.get("/w/other-brand/audit/").content.decode()


# --- In French


@pytest.mark.usefixtures("pending_french")
def test_the_pages_in_french(owner, workspace):
    client = client_for(owner)
    client.post("/language/", {"language": "fr", "next": "/"})
    page = html.unescape(client.get("/accounts/two-factor/").content.decode())
    assert 'lang="fr"' in page
    assert "<h1>Authentification à deux facteurs</h1>" in page
    assert "ajoutez un compte et scannez ce code QR" in page
    assert "Code affiché par l'application" in page
    profile = html.unescape(client.get("/accounts/profile/").content.decode())
    assert "Activer l'authentification à deux facteurs" in profile
    settings_page = html.unescape(client.get("/w/fromagerie/settings/").content.decode())
    assert "Exiger l'authentification à deux facteurs de chaque membre" in settings_page
    give_app(owner)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    sign_in(visitor, owner.email)
    page = html.unescape(visitor.get("/accounts/login/code/").content.decode())
    assert "<h1>Votre code</h1>" in page and "l'un de vos codes de secours" in page
    wrong = html.unescape(visitor.post("/accounts/login/code/", {"code": "12"}).content.decode())
    assert "Saisissez les six chiffres qu'affiche votre application" in wrong


def test_the_pages_in_english(owner, workspace):
    page = client_for(owner).get("/accounts/two-factor/").content.decode()
    assert 'lang="en"' in page and "<h1>Two-factor authentication</h1>" in page
    assert "In the app, add an account and scan this QR code:" in page
