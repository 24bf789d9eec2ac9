"""Settings from the environment: the secret key, production checks, the databases, e-mail."""

from __future__ import annotations

import dataclasses
import io
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from mostra import config
from mostra import settings as mostra_settings

LONG_KEY = "k" * 20 + "3x9-Qp_vW7zL2mN8rT5yB1cD4fG6hJ0s"
ROOT = Path(__file__).resolve().parents[2]


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


def test_sign_in_limits_default_and_read(env):
    loaded = config.load()
    assert (loaded.login_failures, loaded.login_address_failures) == (5, 20)
    assert loaded.login_lockout_minutes == 15
    env.setenv("MOSTRA_LOGIN_FAILURES", "3")
    env.setenv("MOSTRA_LOGIN_ADDRESS_FAILURES", "0")
    env.setenv("MOSTRA_LOGIN_LOCKOUT_MINUTES", "60")
    loaded = config.load()
    assert (loaded.login_failures, loaded.login_address_failures) == (3, 0)
    assert loaded.login_lockout_minutes == 60


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MOSTRA_LOGIN_FAILURES": "0"}, "MOSTRA_LOGIN_FAILURES must be a whole number from 1"),
        ({"MOSTRA_LOGIN_LOCKOUT_MINUTES": "a while"}, "MOSTRA_LOGIN_LOCKOUT_MINUTES must be"),
        ({"MOSTRA_LOGIN_ADDRESS_FAILURES": "-1"}, "MOSTRA_LOGIN_ADDRESS_FAILURES must be"),
        (
            {"MOSTRA_LOGIN_FAILURES": "10", "MOSTRA_LOGIN_ADDRESS_FAILURES": "5"},
            r"MOSTRA_LOGIN_ADDRESS_FAILURES must be 0 \(off\) or at least MOSTRA_LOGIN_FAILURES",
        ),
    ],
)
def test_sign_in_limits_out_of_range_are_refused(env, variables, message):
    for name, value in variables.items():
        env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        config.load()


# --- production over HTTPS


@pytest.mark.parametrize(
    "address",
    ["https://mostra.example.org", "HTTPS://mostra.example.org/", "http://127.0.0.1:8000"],
)
def test_production_starts_at_an_https_address_or_on_this_machine(env, address):
    env.setenv("MOSTRA_ENV", "production")
    env.setenv("MOSTRA_SECRET_KEY", LONG_KEY)
    env.setenv("MOSTRA_BASE_URL", address)
    assert config.load().is_production


@pytest.mark.parametrize(
    ("address", "hosts"),
    [
        ("http://localhost:8000", "localhost"),
        ("http://[::1]:8000", "[::1],127.0.0.1"),
        ("http://127.0.0.2", "127.0.0.2,.localhost"),
        ("", ""),  # The default address and hosts: this machine only.
    ],
)
def test_production_over_http_on_this_machine_alone(env, address, hosts):
    env.setenv("MOSTRA_ENV", "production")
    env.setenv("MOSTRA_SECRET_KEY", LONG_KEY)
    env.setenv("MOSTRA_BASE_URL", address)
    env.setenv("MOSTRA_ALLOWED_HOSTS", hosts)
    loaded = config.load()
    assert loaded.is_production and not loaded.uses_https


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"MOSTRA_BASE_URL": "http://mostra.example.org"},
            "MOSTRA_BASE_URL must be https:// when MOSTRA_ENV=production, not "
            "'http://mostra.example.org': sign-in cookies would cross the network unencrypted; "
            "serve mostra behind HTTPS and give that address (http:// is accepted for "
            "localhost only).",
        ),
        ({"MOSTRA_BASE_URL": "http://10.0.0.5:8000"}, "not 'http://10.0.0.5:8000'"),
        ({"MOSTRA_BASE_URL": "http://localhost.example.org"}, "for localhost only"),
        (
            {"MOSTRA_ALLOWED_HOSTS": "localhost,mostra.example.org,*"},
            "MOSTRA_BASE_URL must be https:// when MOSTRA_ENV=production and "
            "MOSTRA_ALLOWED_HOSTS lets other machines in (mostra.example.org, *), not unset "
            "(so http://127.0.0.1:8000): sign-in cookies would cross the network unencrypted; "
            "serve mostra behind HTTPS and give that address.",
        ),
        (
            {"MOSTRA_BASE_URL": "http://localhost:8000", "MOSTRA_ALLOWED_HOSTS": "10.0.0.5"},
            "lets other machines in (10.0.0.5), not 'http://localhost:8000'",
        ),
    ],
)
def test_production_refuses_an_http_address_others_reach(env, variables, message):
    env.setenv("MOSTRA_ENV", "production")
    env.setenv("MOSTRA_SECRET_KEY", LONG_KEY)
    for name, value in variables.items():
        env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured) as refused:
        config.load()
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_development_accepts_an_http_address(env):
    env.setenv("MOSTRA_BASE_URL", "http://mostra.example.org")
    env.setenv("MOSTRA_ALLOWED_HOSTS", "mostra.example.org")
    assert config.load().base_url == "http://mostra.example.org"


def https_settings(monkeypatch, **fields) -> dict:
    monkeypatch.setattr(
        mostra_settings, "CONFIG", dataclasses.replace(mostra_settings.CONFIG, **fields)
    )
    return mostra_settings._https()


def test_production_at_https_sends_secure_cookies_and_hsts_for_a_year(monkeypatch):
    values = https_settings(
        monkeypatch, environment="production", base_url="https://mostra.example.org"
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
    }


@pytest.mark.parametrize(
    ("environment", "base_url"),
    [
        ("production", "http://127.0.0.1:8000"),  # This machine only: HTTPS cannot be had.
        ("development", "https://mostra.example.org"),  # HSTS would stick to a test host.
    ],
)
def test_no_hsts_nor_secure_cookies_otherwise(monkeypatch, environment, base_url):
    assert https_settings(monkeypatch, environment=environment, base_url=base_url) == {}


@pytest.mark.django_db
def test_behind_a_trusted_proxy_https_requests_get_hsts_and_secure_cookies(
    client, settings, monkeypatch
):
    values = https_settings(
        monkeypatch,
        environment="production",
        base_url="https://mostra.example.org",
        trust_x_forwarded_proto=True,
    )
    for name, value in values.items():
        setattr(settings, name, value)
    secure = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    assert secure.cookies["csrftoken"]["secure"] is True
    # A request the proxy did not mark https: browsers must not be told over plain HTTP.
    assert "Strict-Transport-Security" not in client.get("/accounts/login/").headers


def wsgi_get(application, path: str, **headers: str) -> dict[str, str]:
    """The headers of the answer to a GET of ``path`` from 192.0.2.7 through ``application``."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "192.0.2.7",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer: dict[str, str] = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(response_headers)

    b"".join(application(environ, start_response))
    return answer


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trusted", [True, False])
@pytest.mark.parametrize("kind", ["gunicorn", "waitress"])
def test_mostra_serve_passes_the_proxys_https_on_only_when_trusted(
    settings, trusted, kind, monkeypatch
):
    """The servers mostra serve and up run (gunicorn, waitress on Windows) drop
    X-Forwarded-Proto unless told."""
    from mostra.cli import serving

    if kind == "gunicorn" and not serving.web_server.gunicorn_runs_here():
        pytest.skip("gunicorn runs on POSIX only")
    from django.core.handlers.wsgi import WSGIHandler

    settings.SECURE_HSTS_SECONDS = 31_536_000
    if trusted:
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The middleware reads these settings when it is built: build it now, not when another
    # test first imported mostra.wsgi.
    monkeypatch.setattr("mostra.wsgi.application", WSGIHandler())
    server = serving._open_server("127.0.0.1", 0, 1, 1, kind=kind)
    try:
        answer = wsgi_get(server.application, "/accounts/login/", X_FORWARDED_PROTO="https")
    finally:
        server.close()
    assert ("Strict-Transport-Security" in answer) is trusted


def test_the_proxy_says_https_only_when_trusted(env, monkeypatch):
    assert config.load().trust_x_forwarded_proto is False
    env.setenv("MOSTRA_TRUST_X_FORWARDED_PROTO", "1")
    assert config.load().trust_x_forwarded_proto is True
    assert https_settings(monkeypatch, trust_x_forwarded_proto=True) == {
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")
    }
    env.setenv("MOSTRA_TRUST_X_FORWARDED_PROTO", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="MOSTRA_TRUST_X_FORWARDED_PROTO must be 0 or 1"):
        config.load()


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


# --- every setting refused in one sentence naming it


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"DATABASE_URL": "garbage"},
            "DATABASE_URL must be sqlite:////absolute/path/mostra.sqlite3 or "
            "postgres://user:password@host:5432/name, not 'garbage'.",
        ),
        ({"DATABASE_URL": "mysql://mostra@db/mostra"}, "DATABASE_URL must be sqlite:"),
        ({"DATABASE_URL": "postgres://mostra@db.internal:abc/mostra"}, "DATABASE_URL must be"),
        ({"DATABASE_URL": "postgres://mostra@db.internal/"}, "DATABASE_URL must be"),
        (
            {"DATABASE_URL": "sqlite://:memory:"},
            "DATABASE_URL must name a SQLite file (sqlite:////absolute/path/mostra.sqlite3): "
            "a database in memory would lose everything when mostra stops.",
        ),
        (
            {"MOSTRA_DEBUG": "maybe"},
            "MOSTRA_DEBUG must be 0 or 1 (also true/false, yes/no, on/off), not 'maybe'.",
        ),
        (
            {"MOSTRA_ALLOW_PRIVATE_ADDRESSES": "sometimes"},
            "MOSTRA_ALLOW_PRIVATE_ADDRESSES must be 0 or 1 (also true/false, yes/no, on/off), "
            "not 'sometimes'.",
        ),
        (
            {"MOSTRA_ALLOWED_HOSTS": "mostra.example.org, https://mostra.example.org"},
            "MOSTRA_ALLOWED_HOSTS must list host names separated by commas, such as "
            "mostra.example.org,.example.net (no scheme, port or path): "
            "'https://mostra.example.org' is not one.",
        ),
        ({"MOSTRA_ALLOWED_HOSTS": "mostra.example.org:8000"}, "'mostra.example.org:8000' is not"),
        ({"MOSTRA_ALLOWED_HOSTS": " , "}, "(no scheme, port or path), not ','."),
        (
            {"MOSTRA_BASE_URL": "mostra.example.org"},
            "MOSTRA_BASE_URL must be an http:// or https:// address with a host, "
            "not 'mostra.example.org'.",
        ),
        ({"MOSTRA_BASE_URL": "https://"}, "MOSTRA_BASE_URL must be an http:// or https://"),
        (
            {"MOSTRA_SMTP_URL": "http://x"},
            "MOSTRA_SMTP_URL must be smtp://user:password@host:25, smtp+starttls://…:587 or "
            "smtps://…:465 (the port a number), not 'http://x'.",
        ),
        ({"MOSTRA_SMTP_URL": "smtp://h:abc"}, "(the port a number), not 'smtp://h:abc'."),
        ({"MOSTRA_SMTP_URL": "smtp:relay.example.org"}, "not 'smtp:relay.example.org'."),
        (
            {"MOSTRA_EMAIL_FROM": "Atelier"},
            "MOSTRA_EMAIL_FROM must be an e-mail address, alone or as 'Name <address>', "
            "not 'Atelier'.",
        ),
        (
            {"MOSTRA_ADMIN_EMAIL": "admin"},
            "MOSTRA_ADMIN_EMAIL must be an e-mail address, not 'admin'.",
        ),
        (
            {"MOSTRA_INVITATION_DAYS": "a week"},
            "MOSTRA_INVITATION_DAYS must be a whole number from 1 to 365, not 'a week'.",
        ),
        ({"MOSTRA_INVITATION_DAYS": "0"}, "from 1 to 365, not '0'."),
        (
            {"MOSTRA_MAX_UPLOAD_MB": "1GB"},
            "MOSTRA_MAX_UPLOAD_MB must be a whole number from 1 to 102400, not '1GB'.",
        ),
        (
            {"MOSTRA_IMPORT_MAX_BYTES": "2 GiB"},
            "MOSTRA_IMPORT_MAX_BYTES must be a whole number from 1 to 1099511627776, not '2 GiB'.",
        ),
        ({"MOSTRA_IMPORT_MAX_BYTES": "-1"}, "from 1 to 1099511627776, not '-1'."),
        (
            {"MOSTRA_ENCRYPTION_KEYS": "cHJvcGVyLWxvb2tpbmcta2V5LWJ1dC0zMi1ieXRlcyE=,nope"},
            "key 2 is not one.",
        ),
        (
            {"MOSTRA_BLUESKY_APPVIEW_URL": "public.api.bsky.app"},
            "MOSTRA_BLUESKY_APPVIEW_URL must be an http:// or https:// address with a host, "
            "not 'public.api.bsky.app'.",
        ),
        (
            {"MOSTRA_LANGUAGE": "de"},
            "MOSTRA_LANGUAGE must be fr or en (or a locale such as fr_FR.UTF-8), not 'de'.",
        ),
    ],
)
def test_each_setting_that_cannot_work_is_named_with_what_it_accepts(env, variables, message):
    for name, value in variables.items():
        env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured) as refused:
        config.load()
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_refused_url_is_quoted_without_its_password(env):
    env.setenv("DATABASE_URL", "postgres://mostra:s3cr%40t/x@db.internal:abc/mostra")
    with pytest.raises(ImproperlyConfigured) as refused:
        config.load()
    assert "'postgres://mostra:***@db.internal:abc/mostra'" in str(refused.value)
    assert "s3cr" not in str(refused.value)
    env.setenv("DATABASE_URL", "")
    env.setenv("MOSTRA_SMTP_URL", "smtps://news:hunter2@mail.example.org:tls")
    with pytest.raises(ImproperlyConfigured, match=r"smtps://news:\*\*\*@mail") as refused:
        config.load()
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("TRUE", True), ("yes", True), ("On", True), ("0", False), ("off", False)],
)
def test_flags_accept_the_documented_words(env, value, expected):
    env.setenv("MOSTRA_DEBUG", value)
    env.setenv("MOSTRA_ALLOW_PRIVATE_ADDRESSES", value)
    loaded = config.load()
    assert loaded.debug is expected and loaded.allow_private_addresses is expected


def test_accepted_forms_of_the_addresses_and_names(env, tmp_path):
    env.setenv("DATABASE_URL", "postgresql://mostra:pw@db.internal:5433/mostra")
    env.setenv("MOSTRA_SMTP_URL", "smtp+starttls://relay.example.org:587")
    env.setenv("MOSTRA_EMAIL_FROM", "Atelier Vélo <news@atelier.example.org>")
    env.setenv("MOSTRA_ADMIN_EMAIL", "root@atelier.example.org")
    env.setenv("MOSTRA_ALLOWED_HOSTS", "mostra.example.org,.example.net,10.0.0.5,[::1],*")
    env.setenv("MOSTRA_BLUESKY_APPVIEW_URL", "http://127.0.0.1:2584/")
    env.setenv("MOSTRA_LANGUAGE", "fr_FR.UTF-8")
    loaded = config.load()
    assert loaded.database_url_explicit and not loaded.uses_sqlite
    assert loaded.allowed_hosts == ["mostra.example.org", ".example.net", "10.0.0.5", "[::1]", "*"]
    assert loaded.bluesky_appview_url == "http://127.0.0.1:2584"
    env.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new' / 'folder' / 'mostra.sqlite3'}")
    assert config.load().uses_sqlite
    assert (tmp_path / "new" / "folder").is_dir()  # Made for the SQLite file.


def test_an_empty_value_is_the_default(env):
    for name in ("MOSTRA_DEBUG", "MOSTRA_INVITATION_DAYS", "MOSTRA_EMAIL_FROM", "MOSTRA_ENV"):
        env.setenv(name, "")
    loaded = config.load()
    assert (loaded.debug, loaded.invitation_days, loaded.environment) == (
        False,
        7,
        "development",
    )
    assert loaded.email_from == "mostra <mostra@localhost>"


def test_a_data_dir_that_is_a_file_is_refused(env, tmp_path):
    (tmp_path / "data").write_text("not a directory")
    with pytest.raises(ImproperlyConfigured) as refused:
        config.load()
    assert str(refused.value) == (
        f"MOSTRA_DATA_DIR is {tmp_path / 'data'}, which is a file: choose a directory that "
        "mostra can write to."
    )


# --- the _FILE variants


def test_a_missing_file_names_the_variable_and_the_path(env, tmp_path):
    env.setenv("MOSTRA_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured) as refused:
        config.load()
    assert str(refused.value) == (
        f"MOSTRA_SECRET_KEY_FILE names {tmp_path / 'missing'}, which cannot be read (No such "
        "file or directory): give the path of a file that mostra can read."
    )


@pytest.mark.parametrize(
    ("variable", "content", "message"),
    [
        ("MOSTRA_SMTP_URL", None, "which cannot be read (Is a directory)"),
        ("MOSTRA_ADMIN_PASSWORD", "  \n", "which is empty: write the value of"),
        ("MOSTRA_SECRET_KEY", b"\xff\xfe", "which is not UTF-8 text"),
    ],
)
def test_an_unreadable_or_empty_file_is_refused(env, tmp_path, variable, content, message):
    path = tmp_path / "secret"
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    env.setenv(f"{variable}_FILE", str(path))
    with pytest.raises(ImproperlyConfigured) as refused:
        config.load()
    assert str(refused.value).startswith(f"{variable}_FILE names {path}, {message}")


def test_a_value_and_its_file_together_are_refused(env, tmp_path):
    (tmp_path / "password").write_text("from the file")
    env.setenv("MOSTRA_ADMIN_PASSWORD", "from the environment")
    env.setenv("MOSTRA_ADMIN_PASSWORD_FILE", str(tmp_path / "password"))
    with pytest.raises(ImproperlyConfigured) as refused:
        config.load()
    assert str(refused.value) == (
        "MOSTRA_ADMIN_PASSWORD and MOSTRA_ADMIN_PASSWORD_FILE are both set: keep only one of them."
    )


def test_every_setting_is_read_through_its_file_too(env, tmp_path):
    values = {
        "DATABASE_URL": "postgres://mostra@db.internal/mostra",
        "MOSTRA_SECRET_KEY": LONG_KEY,
        "MOSTRA_SMTP_URL": "smtps://news%40asso.fr:pw@mail.example.org",
        "MOSTRA_ADMIN_PASSWORD": "correct horse battery staple",
        "MOSTRA_INVITATION_DAYS": "3",
    }
    for name, value in values.items():
        (tmp_path / name).write_text(value + "\n")
        env.setenv(f"{name}_FILE", str(tmp_path / name))
    loaded = config.load()
    assert loaded.database_url == values["DATABASE_URL"]
    assert loaded.secret_key == LONG_KEY
    assert loaded.smtp_url == values["MOSTRA_SMTP_URL"]
    assert loaded.admin_password == "correct horse battery staple"
    assert loaded.invitation_days == 3


# --- how the command says it: one line, no traceback


def run_mostra(tmp_path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """``python -m mostra ARGS`` in a fresh process, as a user types it."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.update(MOSTRA_DATA_DIR=str(tmp_path / "data"), MOSTRA_LANGUAGE="en", **variables)
    return subprocess.run(
        [sys.executable, "-m", "mostra", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("command", "variables", "line"),
    [
        (
            ["migrate"],
            {"DATABASE_URL": "garbage"},
            "mostra: DATABASE_URL must be sqlite:////absolute/path/mostra.sqlite3 or "
            "postgres://user:password@host:5432/name, not 'garbage'.",
        ),
        (
            ["serve"],
            {"MOSTRA_SECRET_KEY_FILE": "/missing/secret_key"},
            "mostra: MOSTRA_SECRET_KEY_FILE names /missing/secret_key, which cannot be read "
            "(No such file or directory): give the path of a file that mostra can read.",
        ),
        (
            ["serve"],
            {
                "MOSTRA_ENV": "production",
                "MOSTRA_SECRET_KEY": LONG_KEY,
                "MOSTRA_BASE_URL": "http://mostra.example.org",
            },
            "mostra: MOSTRA_BASE_URL must be https:// when MOSTRA_ENV=production, not "
            "'http://mostra.example.org': sign-in cookies would cross the network unencrypted; "
            "serve mostra behind HTTPS and give that address (http:// is accepted for "
            "localhost only).",
        ),
        (
            ["kpi", "--workspace", "demo"],
            {"MOSTRA_DEBUG": "maybe"},
            "mostra: MOSTRA_DEBUG must be 0 or 1 (also true/false, yes/no, on/off), not 'maybe'.",
        ),
    ],
)
def test_the_command_prints_one_line_and_no_traceback(tmp_path, command, variables, line):
    done = run_mostra(tmp_path, *command, **variables)
    assert done.returncode == 1
    assert done.stderr == line + "\n"
    assert done.stdout == ""
