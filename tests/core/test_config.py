"""Settings from the environment: the secret key, production checks, the databases, e-mail."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from mostra import config
from mostra import settings as mostra_settings

LONG_KEY = "k" * 20 + "3x9-Qp_vW7zL2mN8rT5yB1cD4fG6hJ0s"


@pytest.fixture
def env(monkeypatch, tmp_path):
    """A clean environment with its own data directory."""
    for name in list(os.environ):
        if name.startswith("MOSTRA_") or name.startswith("DATABASE_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MOSTRA_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def test_secret_key_is_generated_in_the_data_dir_and_reused(env, tmp_path):
    first = config.load()
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text().strip() == first.secret_key
    assert len(first.secret_key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert config.load().secret_key == first.secret_key


def test_defaults_use_sqlite_in_the_data_dir(env, tmp_path):
    loaded = config.load()
    assert loaded.data_dir == (tmp_path / "data").resolve()
    assert loaded.database_url == f"sqlite:///{loaded.data_dir / 'mostra.sqlite3'}"
    assert loaded.uses_sqlite and not loaded.is_production
    assert loaded.allowed_hosts == ["127.0.0.1", "localhost", "[::1]"]
    assert loaded.smtp_url == ""


def test_secret_key_from_a_file(env, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(LONG_KEY + "\n")
    env.setenv("MOSTRA_SECRET_KEY_FILE", str(secret))
    env.setenv("MOSTRA_ENV", "production")
    assert config.load().secret_key == LONG_KEY


@pytest.mark.parametrize(
    "key", ["changeme", "secret", "django-insecure-abcdefghijklmnopqrstuvwxyz0123456789", "short-1"]
)
def test_production_refuses_a_default_or_short_secret_key(env, key):
    env.setenv("MOSTRA_ENV", "production")
    env.setenv("MOSTRA_SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match="MOSTRA_SECRET_KEY"):
        config.load()


def test_development_accepts_a_short_key(env):
    env.setenv("MOSTRA_SECRET_KEY", "dev")
    assert config.load().secret_key == "dev"


def test_production_accepts_a_long_random_key(env):
    env.setenv("MOSTRA_ENV", "production")
    env.setenv("MOSTRA_SECRET_KEY", LONG_KEY)
    loaded = config.load()
    assert loaded.is_production and loaded.secret_key == LONG_KEY


def test_production_on_postgresql_needs_an_explicit_key(env):
    env.setenv("MOSTRA_ENV", "production")
    env.setenv("DATABASE_URL", "postgres://mostra@db.internal/mostra")
    with pytest.raises(ImproperlyConfigured, match="must be set in production"):
        config.load()


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MOSTRA_ENV": "staging"}, "MOSTRA_ENV must be"),
        ({"MOSTRA_ENV": "production", "MOSTRA_DEBUG": "1"}, "MOSTRA_DEBUG"),
        ({"MOSTRA_INVITATION_DAYS": "a week"}, "MOSTRA_INVITATION_DAYS"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_named(env, variables, message):
    for name, value in variables.items():
        env.setenv(name, value)
    env.setenv("MOSTRA_SECRET_KEY", LONG_KEY)
    with pytest.raises(ImproperlyConfigured, match=message):
        config.load()


def test_lists_and_flags_are_parsed(env):
    env.setenv("MOSTRA_ALLOWED_HOSTS", " mostra.example.org, , 10.0.0.5 ")
    env.setenv("MOSTRA_ALLOW_PRIVATE_ADDRESSES", "yes")
    env.setenv("MOSTRA_BASE_URL", "https://mostra.example.org/")
    env.setenv("MOSTRA_INVITATION_DAYS", "3")
    loaded = config.load()
    assert loaded.allowed_hosts == ["mostra.example.org", "10.0.0.5"]
    assert loaded.allow_private_addresses is True
    assert loaded.base_url == "https://mostra.example.org"
    assert loaded.invitation_days == 3


# --- databases


def database_settings(monkeypatch, url: str) -> dict:
    monkeypatch.setattr(
        mostra_settings, "CONFIG", dataclasses.replace(mostra_settings.CONFIG, database_url=url)
    )
    return mostra_settings._database()


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_immediate_transactions(
    monkeypatch, tmp_path, django_db_blocker
):
    """Checked on a real file, since the test database may be in memory or PostgreSQL."""
    db = database_settings(monkeypatch, f"sqlite:///{tmp_path / 'check.sqlite3'}")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    handler = ConnectionHandler({"default": db})
    connection = handler["default"]
    with django_db_blocker.unblock():
        _check_sqlite_connection(connection, tmp_path)
    handler.close_all()


def _check_sqlite_connection(connection, tmp_path) -> None:
    with connection.cursor() as cursor:
        pragmas = {}
        for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys"):
            cursor.execute(f"PRAGMA {name}")
            pragmas[name] = cursor.fetchone()[0]
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20000,
        "foreign_keys": 1,
    }
    assert connection.transaction_mode == "IMMEDIATE"
    # A transaction that has only read already holds the write lock: another
    # writer waits for it (busy timeout) instead of failing half-way later.
    other = sqlite3.connect(tmp_path / "check.sqlite3", timeout=0)
    try:
        # WAL is a property of the file: any other connection sees it too.
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        connection._start_transaction_under_autocommit()  # What atomic() does on SQLite.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")
        other.execute("BEGIN IMMEDIATE")  # Free again once the transaction ended.
    finally:
        other.close()


def test_postgresql_keeps_its_connections_with_health_checks(monkeypatch):
    db = database_settings(monkeypatch, "postgres://mostra:pw@db.internal:5433/mostra")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "db.internal",
        5433,
        "mostra",
        "mostra",
    )
    assert db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True


# --- e-mail


def email_settings(monkeypatch, url: str) -> dict:
    monkeypatch.setattr(
        mostra_settings, "CONFIG", dataclasses.replace(mostra_settings.CONFIG, smtp_url=url)
    )
    return mostra_settings._email()


def test_email_is_kept_in_memory_without_smtp(monkeypatch):
    assert email_settings(monkeypatch, "") == {
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"
    }


def test_smtps_url_gives_ssl_and_decoded_credentials(monkeypatch):
    mail = email_settings(monkeypatch, "smtps://news%40asso.fr:p%40ss%2Fword@mail.example.org")
    assert mail["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (mail["EMAIL_HOST"], mail["EMAIL_PORT"]) == ("mail.example.org", 465)
    assert (mail["EMAIL_HOST_USER"], mail["EMAIL_HOST_PASSWORD"]) == ("news@asso.fr", "p@ss/word")
    assert mail["EMAIL_USE_SSL"] and not mail["EMAIL_USE_TLS"]


def test_starttls_url(monkeypatch):
    mail = email_settings(monkeypatch, "smtp+starttls://relay.example.org:587")
    assert (mail["EMAIL_HOST"], mail["EMAIL_PORT"]) == ("relay.example.org", 587)
    assert mail["EMAIL_USE_TLS"] and not mail["EMAIL_USE_SSL"]
