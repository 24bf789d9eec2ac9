"""The upgrade that moved two-factor authentication onto mostra's own devices (core 0006):
the secrets and recovery codes that django-otp's otp_totp and otp_static plugins kept in
clear move encrypted and hashed, everyone keeps signing in with their app and their codes,
and the plugins' tables are gone, as on a database that never had them.

The database before is made by the plugins' own migrations, as the previous mostra did.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY

from mostra.core.models import AuthenticatorApp, RecoveryCode, Workspace
from tests.conftest import client_for
from tests.core.test_two_factor import START, code_of, sign_in, signed_in

BEFORE = [("core", "0005_two_factor")]
AFTER = [("core", "0006_two_factor_secrets_at_rest")]
PLUGINS = ["django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
PLUGINS_MIGRATED = [("otp_totp", "0003_add_timestamps"), ("otp_static", "0003_add_timestamps")]
OLD_TABLES = {"otp_totp_totpdevice", "otp_static_staticdevice", "otp_static_statictoken"}
#: RFC 6238's test secret ("12345678901234567890"), in hex as otp_totp stored it.
KEY = "3132333435363738393031323334353637383930"


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def latest_schema_after():
    """End on every migration, as the other tests expect."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def raw(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_old_secrets_and_codes_move_encrypted_and_hashed_and_still_sign_in(
    owner, teammate, workspace, settings, latest_schema_after
):
    migrate(BEFORE)
    try:
        with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, *PLUGINS]):
            migrate(PLUGINS_MIGRATED)
            old = MigrationExecutor(connection).loader.project_state(PLUGINS_MIGRATED).apps
            TOTPDevice = old.get_model("otp_totp", "TOTPDevice")
            StaticDevice = old.get_model("otp_static", "StaticDevice")
            StaticToken = old.get_model("otp_static", "StaticToken")
            with time_machine.travel(START - dt.timedelta(days=30), tick=False):
                old_app = TOTPDevice.objects.create(
                    user_id=owner.pk, name="authenticator", key=KEY, drift=1, confirmed=True
                )
            TOTPDevice.objects.create(user_id=teammate.pk, name="authenticator", confirmed=False)
            codes = StaticDevice.objects.create(
                user_id=owner.pk, name="recovery codes", confirmed=True
            )
            for token in ("abcdefgh", "ijklmnop"):
                StaticToken.objects.create(device_id=codes.pk, token=token)
            # A session that gave its code before the upgrade.
            session = client_for(owner)
            stored = session.session
            stored[DEVICE_ID_SESSION_KEY] = f"otp_totp.totpdevice/{old_app.pk}"
            stored.save()
    finally:
        migrate(AFTER)

    # Nothing left of the plugins, nor in clear.
    assert OLD_TABLES & set(connection.introspection.table_names()) == set()
    recorded = MigrationRecorder(connection).migration_qs
    assert not recorded.filter(app__in=["otp_totp", "otp_static"]).exists()
    secrets = [row[0] for row in raw("SELECT secret FROM core_authenticatorapp")]
    assert len(secrets) == 2 and all(s.startswith("fernet:") and KEY not in s for s in secrets)
    hashes = [row[0] for row in raw("SELECT code_hash FROM core_recoverycode")]
    assert len(hashes) == 2 and all(h.startswith("scrypt$") for h in hashes)
    assert not any("abcdefgh" in h or "ijklmnop" in h for h in hashes)

    # The later migrations too, so that today's models read the upgraded database.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    app = AuthenticatorApp.objects.get(user=owner)
    assert app.confirmed and app.secret == KEY and app.drift == 1
    assert app.created_at.date() == (START - dt.timedelta(days=30)).date()
    assert not AuthenticatorApp.objects.get(user=teammate).confirmed  # Still being set up.

    # The app's code signs in, as before.
    with time_machine.travel(START, tick=False):
        client = client_for(None)
        sign_in(client, owner.email)
        client.post("/accounts/login/code/", {"code": code_of(app)})
        assert signed_in(client)
    # So does a recovery code, once.
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        for attempt in ("accepted", "refused"):
            client = client_for(None)
            sign_in(client, owner.email)
            client.post("/accounts/login/code/", {"code": "ijkl-mnop"})
            assert signed_in(client) is (attempt == "accepted")
    assert RecoveryCode.objects.filter(code_set__user=owner).count() == 1

    # The session verified by the old device gives a code again: asked, not a 500.
    Workspace.objects.filter(pk=workspace.pk).update(require_two_factor=True)
    response = session.get("/w/fromagerie/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/?next=%2Fw%2Ffromagerie%2F"
