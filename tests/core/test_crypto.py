"""Secrets are stored encrypted and read back; a wrong key says what to do."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from mostra.core import crypto


def test_round_trip_and_no_plain_text(settings):
    settings.MOSTRA_ENCRYPTION_KEYS = ()
    stored = crypto.encrypt("app-password-1234")
    assert stored.startswith("fernet:") and "app-password" not in stored
    assert crypto.decrypt(stored) == "app-password-1234"
    field = crypto.EncryptedJSONField()
    prepared = field.get_prep_value({"token": "secret-token"})
    assert "secret-token" not in prepared
    assert field.from_db_value(prepared, None, None) == {"token": "secret-token"}
    assert field.get_prep_value(None) is None


def test_rotation_reads_old_secrets_and_writes_with_the_new_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MOSTRA_ENCRYPTION_KEYS = (old,)
    stored = crypto.encrypt("token")
    settings.MOSTRA_ENCRYPTION_KEYS = (new, old)
    assert crypto.decrypt(stored) == "token"
    settings.MOSTRA_ENCRYPTION_KEYS = (new,)
    with pytest.raises(crypto.SecretUnreadable, match="MOSTRA_ENCRYPTION_KEYS"):
        crypto.decrypt(stored)


def test_a_bad_key_in_the_environment_is_refused(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from mostra.config import load as load_config

    monkeypatch.setenv("MOSTRA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MOSTRA_ENCRYPTION_KEYS", "not-a-key")
    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        load_config()
    monkeypatch.setenv("MOSTRA_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    assert len(load_config().encryption_keys) == 1
