"""Two-factor authentication's secrets at rest: a copy of the database gives away neither
an authenticator app's secret (encrypted) nor a recovery code (hashed with scrypt); an
app whose key is lost says what to do instead of failing; ``mostra secrets`` covers it.

Alice uses two-factor authentication; Bob, her teammate, too where said.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re

import time_machine
from click.testing import CliRunner
from cryptography.fernet import Fernet
from django.db import connection
from django.test import override_settings
from django_otp import devices_for_user, match_token
from django_otp.models import Device

from mostra import cli
from mostra.core.models import AuditEvent, AuthenticatorApp, RecoveryCode, RecoveryCodeSet
from tests.conftest import client_for
from tests.core.test_two_factor import (
    START,
    code_of,
    give_app,
    give_recovery_codes,
    sign_in,
    signed_in,
)

OTHER_KEY = Fernet.generate_key().decode()


def database_dump() -> str:
    """Every row of every table, as a database copy or console would show them."""
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            lines += [repr(row) for row in cursor.fetchall()]
    return "\n".join(lines)


def column(table: str, name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {name} FROM {table}")
        return [row[0] for row in cursor.fetchall()]


def test_a_copy_of_the_database_holds_neither_the_app_secret_nor_a_recovery_code(
    owner, owner_client
):
    with time_machine.travel(START, tick=False):
        page = owner_client.get("/accounts/two-factor/").content.decode()
        shown = re.search(r'<span class="secret">([A-Z2-7 ]+)</span>', page).group(1)
        secret = shown.replace(" ", "")
        app = AuthenticatorApp.objects.get(user=owner)
        response = owner_client.post("/accounts/two-factor/", {"code": code_of(app)})
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(codes) == 10

    dump = database_dump().lower()
    hex_secret = base64.b32decode(secret).hex()
    assert secret.lower() not in dump and hex_secret not in dump
    for code in codes:
        assert code not in dump and code.replace("-", "") not in dump
    # What is kept instead: a Fernet token, and scrypt hashes at the real cost.
    stored = column("core_authenticatorapp", "secret")
    assert len(stored) == 1 and stored[0].startswith("fernet:")
    hashes = column("core_recoverycode", "code_hash")
    assert len(hashes) == 10 and all(h.startswith("scrypt$16384$8$1$") for h in hashes)

    # And both still sign in: the app's code, then a recovery code, once.
    with time_machine.travel(START + dt.timedelta(seconds=40), tick=False):
        visitor = client_for(None)
        sign_in(visitor, owner.email)
        visitor.post("/accounts/login/code/", {"code": code_of(app)})
        assert signed_in(visitor)
    for attempt in ("accepted", "refused"):
        visitor = client_for(None)
        sign_in(visitor, owner.email)
        visitor.post("/accounts/login/code/", {"code": codes[3].upper()})
        assert signed_in(visitor) is (attempt == "accepted")
    assert RecoveryCode.objects.filter(code_set__user=owner).count() == 9


def test_an_app_whose_key_is_lost_says_what_to_do_and_a_recovery_code_still_signs_in(owner):
    give_app(owner)
    give_recovery_codes(owner, "abcdefgh")
    client = client_for(None)
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        sign_in(client, owner.email)
        response = client.post("/accounts/login/code/", {"code": "123456"})
        page = html.unescape(response.content.decode())
        assert response.status_code == 400 and not signed_in(client)
        assert "Your authenticator app cannot be checked" in page
        assert "Type one of your recovery codes instead" in page
        assert "(mostra users disable-2fa)" in page
        client.post("/accounts/login/code/", {"code": "abcd-efgh"})
        assert signed_in(client)
        # The two-factor page opens, to make new codes or turn it off with a recovery code.
        assert client.get("/accounts/two-factor/").status_code == 200


def test_a_setup_whose_key_is_lost_starts_again_with_a_new_secret(owner, owner_client):
    owner_client.get("/accounts/two-factor/")
    before = AuthenticatorApp.objects.get(user=owner)
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        response = owner_client.get("/accounts/two-factor/")
        assert response.status_code == 200 and '<svg width="' in response.content.decode()
        after = AuthenticatorApp.objects.get(user=owner)
        assert after.pk != before.pk and after.readable


def test_secrets_check_names_the_apps_and_forgetting_turns_two_factor_off(owner, teammate):
    give_app(owner)
    give_recovery_codes(owner, "abcdefgh")
    runner = CliRunner()
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        readable = give_app(teammate)  # Encrypted with the key in use: kept.
        check = runner.invoke(cli.mostra, ["secrets", "check"])
        assert check.exit_code == 1
        assert "1 stored secret (authenticator apps (secret): 1)" in check.output
        assert "two-factor authentication is turned off for the people" in check.output
        forget = runner.invoke(cli.mostra, ["secrets", "forget-unreadable", "--yes"])
        assert forget.exit_code == 0 and "1 secret forgotten." in forget.output
        assert runner.invoke(cli.mostra, ["secrets", "check"]).exit_code == 0
    assert not AuthenticatorApp.objects.filter(user=owner).exists()
    assert not RecoveryCodeSet.objects.filter(user=owner).exists()
    assert AuthenticatorApp.objects.filter(pk=readable.pk).exists()
    event = AuditEvent.objects.get(action="two_factor_off")
    assert event.actor is None and event.object_label == "alice@example.org"
    client = client_for(None)
    assert sign_in(client, owner.email)["Location"] == "/" and signed_in(client)


def test_forgetting_a_setup_whose_key_is_lost_turns_nothing_off(owner):
    owner_client = client_for(owner)
    owner_client.get("/accounts/two-factor/")
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        assert (
            CliRunner().invoke(cli.mostra, ["secrets", "forget-unreadable", "--yes"]).exit_code == 0
        )
    assert not AuthenticatorApp.objects.filter(user=owner).exists()
    assert not AuditEvent.objects.filter(action="two_factor_off").exists()


def test_django_otps_own_functions_find_and_check_mostras_devices(owner):
    app = give_app(owner)
    codes = give_recovery_codes(owner, "abcdefgh")
    assert {type(device) for device in devices_for_user(owner)} == {
        AuthenticatorApp,
        RecoveryCodeSet,
    }
    assert Device.from_persistent_id(app.persistent_id) == app
    with time_machine.travel(START, tick=False):
        assert match_token(owner, code_of(app)) == app
        assert match_token(owner, code_of(app)) is None  # Each code of the app works once.
    assert match_token(owner, "ABCD-EFGH") == codes
    assert match_token(owner, "abcdefgh") is None
