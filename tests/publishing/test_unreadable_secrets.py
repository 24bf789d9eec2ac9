"""Secrets that no configured key decrypts (a restore without its key, another
MOSTRA_ENCRYPTION_KEYS): pages show "needs reconnecting" instead of failing, nothing is
overwritten, and every start refuses with the way out in words."""

from __future__ import annotations

import click
import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from mostra.cli.backup import refuse_unreadable_secrets
from mostra.core import keys
from mostra.publishing.models import AccountStatus, SocialAccount
from tests.conftest import client_for
from tests.publishing.builders_ui import SECRET_PASSWORD, make_account

OTHER_KEY = Fernet.generate_key().decode()


@pytest.fixture
def account(workspace):
    return make_account(workspace)


def raw(account: SocialAccount) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        table = SocialAccount._meta.db_table
        cursor.execute(f"SELECT credentials FROM {table} WHERE id = %s", [account.pk])
        return cursor.fetchone()[0]


def test_the_accounts_page_asks_for_a_reconnection(account, owner, teammate, outsider):
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        page = client_for(owner).get("/w/fromagerie/accounts/")
        assert page.status_code == 200
        assert "Needs reconnecting" in page.text
        assert "encrypted with a key this mostra does not have" in page.text
        assert client_for(teammate).get("/w/fromagerie/accounts/").status_code == 200
        assert client_for(outsider).get("/w/fromagerie/accounts/").status_code == 404


def test_saving_keeps_the_secret_for_the_right_key(account):
    before = raw(account)
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        loaded = SocialAccount.objects.get(pk=account.pk)
        assert loaded.credentials == {} and not loaded.credentials
        loaded.display_name = "Fromagerie"
        loaded.save()
        assert raw(account) == before
    assert SocialAccount.objects.get(pk=account.pk).credentials == {"password": SECRET_PASSWORD}


def test_a_start_is_refused_with_what_to_do(account):
    assert keys.check_at_start() is None
    refuse_unreadable_secrets()  # readable: nothing to say
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        with pytest.raises(click.ClickException) as refused:
            refuse_unreadable_secrets()
    message = refused.value.message
    assert message.startswith("1 stored secret (network accounts (credentials): 1)")
    assert "with the keys of MOSTRA_ENCRYPTION_KEYS" in message
    assert "mostra secrets forget-unreadable" in message


def test_forgetting_asks_for_a_reconnection_and_spares_readable_secrets(workspace):
    lost = make_account(workspace, handle="lost.example")
    with override_settings(MOSTRA_ENCRYPTION_KEYS=(OTHER_KEY,)):
        kept = make_account(workspace, handle="kept.example")
        assert keys.forget_unreadable() == 1
        assert keys.unreadable() == []
        lost.refresh_from_db()
        assert lost.credentials is None and lost.status == AccountStatus.NEEDS_RECONNECT
        assert SocialAccount.objects.get(pk=kept.pk).credentials == {"password": SECRET_PASSWORD}
