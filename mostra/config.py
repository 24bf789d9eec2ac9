"""Every setting mostra reads from the environment, in one typed place.

Each field documents the environment variable it comes from. Values ending in
``_FILE`` are read from that file instead (for container secrets).
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

#: Secret keys that must never be used outside development.
INSECURE_SECRET_KEYS = frozenset(
    {"", "changeme", "change-me", "secret", "django-insecure", "mostra", "dev"}
)


def _env(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def _flag(name: str, default: bool = False) -> bool:
    raw = _env(name, "1" if default else "0").strip().lower()
    return raw in {"1", "true", "yes", "on"}


#: Written by ``dev.py`` into the virtual environment it makes: the data directory of
#: that checkout, so that ``.venv/bin/mostra`` finds the data ``python3 dev.py up`` keeps.
DATA_DIR_MARKER = "mostra-data-dir"


def default_data_dir() -> Path:
    """``MOSTRA_DATA_DIR`` unset: the checkout's ``var`` in a venv made by ``dev.py``, else XDG."""
    marker = Path(sys.prefix) / DATA_DIR_MARKER
    if marker.is_file():
        written = marker.read_text(encoding="utf-8").strip()
        if written:
            return Path(written)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "mostra"


@dataclass(frozen=True)
class Config:
    #: MOSTRA_DATA_DIR: where the SQLite file, the generated secret key and media live.
    data_dir: Path
    #: DATABASE_URL: sqlite:///path or postgres://user@host/db; SQLite in data_dir by default.
    database_url: str
    #: MOSTRA_ENV: "development" (default) or "production" (stricter checks).
    environment: str
    #: MOSTRA_DEBUG: Django's debug pages; never in production.
    debug: bool
    #: MOSTRA_SECRET_KEY: signs sessions; generated into data_dir when unset on SQLite.
    secret_key: str
    #: MOSTRA_ALLOWED_HOSTS: comma-separated host names the web server answers to.
    allowed_hosts: list[str]
    #: MOSTRA_BASE_URL: the public address, used in links; unset, links follow the request.
    base_url: str
    base_url_explicit: bool
    #: MOSTRA_SMTP_URL: smtp://user:password@host:port (smtps:// for TLS); e-mail is off when unset.
    smtp_url: str
    #: MOSTRA_EMAIL_FROM: the sender of mostra's e-mails.
    email_from: str
    #: MOSTRA_ADMIN_EMAIL / MOSTRA_ADMIN_PASSWORD: the first admin, created by `mostra up`.
    admin_email: str
    admin_password: str
    #: MOSTRA_INVITATION_DAYS: how long an invitation link stays valid.
    invitation_days: int
    #: MOSTRA_ALLOW_PRIVATE_ADDRESSES: let outbound HTTP reach private and loopback addresses.
    allow_private_addresses: bool
    #: MOSTRA_MAX_UPLOAD_MB: the largest media file accepted, in megabytes.
    max_upload_mb: int = 200
    #: MOSTRA_ENCRYPTION_KEYS: comma-separated Fernet keys for secrets at rest (the first
    #: encrypts, all decrypt); unset, one key is derived from the secret key.
    encryption_keys: tuple[str, ...] = ()
    #: MOSTRA_BLUESKY_APPVIEW_URL: where public Bluesky profiles are read without login.
    bluesky_appview_url: str = "https://public.api.bsky.app"
    #: MOSTRA_IMPORT_MAX_BYTES: the largest archive or export accepted, in bytes.
    import_max_bytes: int = 2 * 1024**3

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _secret_key(data_dir: Path, database_url: str, environment: str) -> str:
    key = _env("MOSTRA_SECRET_KEY")
    if key:
        if environment == "production" and (
            key.lower() in INSECURE_SECRET_KEYS
            or key.startswith("django-insecure")
            or len(key) < 32
        ):
            raise ImproperlyConfigured(
                "MOSTRA_SECRET_KEY is a default or too short for production: set a random value "
                "of at least 32 characters (for example: python3 -c 'import secrets; "
                "print(secrets.token_urlsafe(50))')."
            )
        return key
    if environment == "production" and not database_url.startswith("sqlite"):
        raise ImproperlyConfigured(
            "MOSTRA_SECRET_KEY must be set in production when the database is not the "
            "embedded SQLite file."
        )
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


def load() -> Config:
    data_dir = Path(_env("MOSTRA_DATA_DIR") or default_data_dir()).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = _env("DATABASE_URL") or f"sqlite:///{data_dir / 'mostra.sqlite3'}"
    environment = _env("MOSTRA_ENV", "development").strip().lower()
    if environment not in {"development", "production"}:
        raise ImproperlyConfigured(
            f"MOSTRA_ENV must be 'development' or 'production', not {environment!r}."
        )
    debug = _flag("MOSTRA_DEBUG")
    if debug and environment == "production":
        raise ImproperlyConfigured("MOSTRA_DEBUG cannot be on when MOSTRA_ENV=production.")
    try:
        invitation_days = int(_env("MOSTRA_INVITATION_DAYS", "7"))
    except ValueError as exc:
        raise ImproperlyConfigured("MOSTRA_INVITATION_DAYS must be a whole number.") from exc
    try:
        max_upload_mb = int(_env("MOSTRA_MAX_UPLOAD_MB", "200"))
    except ValueError as exc:
        raise ImproperlyConfigured("MOSTRA_MAX_UPLOAD_MB must be a whole number.") from exc
    if max_upload_mb < 1:
        raise ImproperlyConfigured("MOSTRA_MAX_UPLOAD_MB must be at least 1.")
    try:
        import_max_bytes = int(_env("MOSTRA_IMPORT_MAX_BYTES", str(2 * 1024**3)))
    except ValueError as exc:
        raise ImproperlyConfigured("MOSTRA_IMPORT_MAX_BYTES must be a whole number.") from exc
    if import_max_bytes < 1:
        raise ImproperlyConfigured("MOSTRA_IMPORT_MAX_BYTES must be at least 1.")
    hosts = [h.strip() for h in _env("MOSTRA_ALLOWED_HOSTS", "").split(",") if h.strip()]
    encryption_keys = tuple(
        k.strip() for k in _env("MOSTRA_ENCRYPTION_KEYS", "").split(",") if k.strip()
    )
    for key in encryption_keys:
        try:
            if len(base64.urlsafe_b64decode(key.encode())) != 32:
                raise ValueError
        except ValueError as exc:
            raise ImproperlyConfigured(
                "MOSTRA_ENCRYPTION_KEYS must hold Fernet keys (44 characters of URL-safe "
                'base64), such as the output of: python -c "from cryptography.fernet import '
                'Fernet; print(Fernet.generate_key().decode())"'
            ) from exc
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        environment=environment,
        debug=debug,
        secret_key=_secret_key(data_dir, database_url, environment),
        allowed_hosts=hosts or ["127.0.0.1", "localhost", "[::1]"],
        base_url=_env("MOSTRA_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        base_url_explicit=bool(_env("MOSTRA_BASE_URL")),
        smtp_url=_env("MOSTRA_SMTP_URL"),
        email_from=_env("MOSTRA_EMAIL_FROM", "mostra <mostra@localhost>"),
        admin_email=_env("MOSTRA_ADMIN_EMAIL", "admin@mostra.local"),
        admin_password=_env("MOSTRA_ADMIN_PASSWORD"),
        invitation_days=invitation_days,
        allow_private_addresses=_flag("MOSTRA_ALLOW_PRIVATE_ADDRESSES"),
        max_upload_mb=max_upload_mb,
        encryption_keys=encryption_keys,
        bluesky_appview_url=_env(
            "MOSTRA_BLUESKY_APPVIEW_URL", "https://public.api.bsky.app"
        ).rstrip("/"),
        import_max_bytes=import_max_bytes,
    )
