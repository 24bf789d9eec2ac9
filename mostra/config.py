"""Every setting mostra reads from the environment, in one typed place.

Each field documents the environment variable it comes from. Values ending in
``_FILE`` are read from that file instead (for container secrets).

Every value is checked here, when mostra starts: a setting that cannot work raises
:class:`~django.core.exceptions.ImproperlyConfigured` with one sentence naming the
variable and what it accepts, which the ``mostra`` command prints as one line. These
messages are printed before Django is set up, so they stay in English.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import secrets
import sys
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

#: Secret keys that must never be used outside development.
INSECURE_SECRET_KEYS = frozenset(
    {"", "changeme", "change-me", "secret", "django-insecure", "mostra", "dev"}
)

#: The words a yes/no setting accepts, whatever their case.
FLAG_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}

#: A host name as Django's ALLOWED_HOSTS matches it: ``*``, ``name``, ``.domain`` or ``[IPv6]``.
HOST_PATTERN = re.compile(r"\*|\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\]", re.IGNORECASE)

#: What MOSTRA_LANGUAGE accepts: ``fr``, ``en``, or a locale of theirs (``fr_FR.UTF-8``).
LANGUAGE_PATTERN = re.compile(r"(fr|en)([_-][a-z]{2})?(\.[\w-]+)?(@\w+)?|C|POSIX", re.IGNORECASE)

DATABASE_FORMS = (
    "sqlite:////absolute/path/mostra.sqlite3 or postgres://user:password@host:5432/name"
)
SMTP_FORMS = (
    "smtp://user:password@host:25, smtp+starttls://…:587 or smtps://…:465 (the port a number)"
)

#: MOSTRA_BASE_URL when unset: links then follow the request.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def _env(name: str, default: str = "") -> str:
    """The variable ``name``, or the content of the file that ``name_FILE`` names."""
    file_path = os.environ.get(f"{name}_FILE", "")
    if not file_path:
        return os.environ.get(name, default)
    if os.environ.get(name):
        raise ImproperlyConfigured(f"{name} and {name}_FILE are both set: keep only one of them.")
    try:
        value = Path(file_path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{name}_FILE names {file_path}, which cannot be read ({exc.strerror or exc}): "
            "give the path of a file that mostra can read."
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImproperlyConfigured(
            f"{name}_FILE names {file_path}, which is not UTF-8 text: write the value of "
            f"{name} in it as text."
        ) from exc
    if not value:
        raise ImproperlyConfigured(
            f"{name}_FILE names {file_path}, which is empty: write the value of {name} in it."
        )
    return value


def _flag(name: str, default: bool = False) -> bool:
    raw = _env(name).strip()
    if not raw:
        return default
    try:
        return FLAG_WORDS[raw.lower()]
    except KeyError:
        raise ImproperlyConfigured(
            f"{name} must be 0 or 1 (also true/false, yes/no, on/off), not {raw!r}."
        ) from None


def _whole_number(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = _env(name).strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {minimum} to {maximum}, not {raw!r}."
        )
    return value


def redacted(url: str) -> str:
    """``url`` with its password, if any, replaced by ``***``: fit to print or log.

    The credentials end at the last ``@`` (a host name has none, a password may).
    """
    scheme, separator, rest = url.partition("://")
    credentials, at, address = rest.rpartition("@")
    if not separator or not at or ":" not in credentials:
        return url
    return f"{scheme}://{credentials.partition(':')[0]}:***@{address}"


def _url(name: str, default: str, schemes: set[str], forms: str) -> str:
    """A URL with one of ``schemes``, a host and a numeric port if any; ``forms`` says which."""
    raw = _env(name).strip()
    if not raw:
        return default
    try:
        parts = urlsplit(raw)
        # .port raises ValueError when the port is not a number from 0 to 65535.
        valid = parts.scheme.lower() in schemes and bool(parts.hostname) and parts.port != 0
    except ValueError:
        valid = False
    if not valid:
        raise ImproperlyConfigured(f"{name} must be {forms}, not {redacted(raw)!r}.")
    return raw


def _email_address(name: str, default: str, forms: str) -> str:
    raw = _env(name).strip() or default
    try:
        validate_email(parseaddr(raw)[1])
    except ValidationError:
        raise ImproperlyConfigured(f"{name} must be {forms}, not {raw!r}.") from None
    return raw


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


def _data_dir() -> Path:
    data_dir = Path(_env("MOSTRA_DATA_DIR") or default_data_dir()).expanduser().resolve()
    if data_dir.exists() and not data_dir.is_dir():
        raise ImproperlyConfigured(
            f"MOSTRA_DATA_DIR is {data_dir}, which is a file: choose a directory that mostra "
            "can write to."
        )
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"MOSTRA_DATA_DIR is {data_dir}, which cannot be created as a directory "
            f"({exc.strerror or exc}): choose a directory that mostra can write to."
        ) from exc
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise ImproperlyConfigured(
            f"MOSTRA_DATA_DIR is {data_dir}, which this user cannot write to: choose a "
            "directory that mostra can write to, or change its permissions."
        )
    return data_dir


def _database_url() -> str:
    """DATABASE_URL checked (a SQLite file, or PostgreSQL), the SQLite file's folder made.

    Empty when unset: the SQLite file in the data directory then.
    """
    url = _env("DATABASE_URL").strip()
    if not url:
        return ""
    refused = ImproperlyConfigured(f"DATABASE_URL must be {DATABASE_FORMS}, not {redacted(url)!r}.")
    scheme = url.partition(":")[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        raise refused
    try:
        database = dj_database_url.parse(url)  # Its ParseError is a ValueError.
        if scheme != "sqlite" and (not database["NAME"] or urlsplit(url).port == 0):
            raise refused
    except ValueError as exc:
        raise refused from exc
    if scheme != "sqlite":
        return url
    if database["NAME"] in {"", ":memory:"}:
        raise ImproperlyConfigured(
            "DATABASE_URL must name a SQLite file (sqlite:////absolute/path/mostra.sqlite3): "
            "a database in memory would lose everything when mostra stops."
        )
    folder = Path(database["NAME"]).expanduser().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL names a SQLite file in {folder}, which cannot be created as a "
            f"directory ({exc.strerror or exc}): choose a file in a directory mostra can "
            "write to."
        ) from exc
    return url


def _allowed_hosts() -> list[str]:
    raw = _env("MOSTRA_ALLOWED_HOSTS").strip()
    if not raw:
        return ["127.0.0.1", "localhost", "[::1]"]
    hosts = [host.strip() for host in raw.split(",") if host.strip()]
    forms = (
        "MOSTRA_ALLOWED_HOSTS must list host names separated by commas, such as "
        "mostra.example.org,.example.net (no scheme, port or path)"
    )
    if not hosts:
        raise ImproperlyConfigured(f"{forms}, not {raw!r}.")
    for host in hosts:
        if not HOST_PATTERN.fullmatch(host):
            raise ImproperlyConfigured(f"{forms}: {host!r} is not one.")
    return hosts


def _encryption_keys(data_dir: Path) -> tuple[str, ...]:
    """MOSTRA_ENCRYPTION_KEYS, else the data directory's ``encryption_keys`` file (which
    ``mostra restore`` writes from a backup made with such keys), else none."""
    raw = _env("MOSTRA_ENCRYPTION_KEYS")
    key_file = data_dir / "encryption_keys"
    if not raw and key_file.is_file():
        raw = key_file.read_text(encoding="utf-8").strip()
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    for position, key in enumerate(keys, start=1):
        try:
            if len(base64.urlsafe_b64decode(key.encode())) != 32:
                raise ValueError
        except ValueError as exc:
            raise ImproperlyConfigured(
                "MOSTRA_ENCRYPTION_KEYS must hold Fernet keys (44 characters of URL-safe "
                'base64), such as the output of: python -c "from cryptography.fernet import '
                f'Fernet; print(Fernet.generate_key().decode())"; key {position} is not one.'
            ) from exc
    return keys


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name, an address, ``[IPv6]``) is this machine: only it reaches it."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _check_production_address(base_url: str, explicit: bool, allowed_hosts: list[str]) -> None:
    """In production, sign-in cookies go only over HTTPS: MOSTRA_BASE_URL must be https://,
    unless mostra answers to this machine alone (http:// on a loopback host, and
    MOSTRA_ALLOWED_HOSTS all loopback), where nothing crosses a network."""
    if base_url.lower().startswith("https://"):
        return
    outside = [host for host in allowed_hosts if not is_loopback(host)]
    if not is_loopback(urlsplit(base_url).hostname or ""):
        raise ImproperlyConfigured(
            f"MOSTRA_BASE_URL must be https:// when MOSTRA_ENV=production, not {base_url!r}: "
            "sign-in cookies would cross the network unencrypted; serve mostra behind HTTPS "
            "and give that address (http:// is accepted for localhost only)."
        )
    if outside:
        current = repr(base_url) if explicit else f"unset (so {base_url})"
        raise ImproperlyConfigured(
            "MOSTRA_BASE_URL must be https:// when MOSTRA_ENV=production and "
            f"MOSTRA_ALLOWED_HOSTS lets other machines in ({', '.join(outside)}), not "
            f"{current}: sign-in cookies would cross the network unencrypted; serve mostra "
            "behind HTTPS and give that address."
        )


def _check_language() -> None:
    """MOSTRA_LANGUAGE, read by :func:`mostra.core.i18n.terminal_language`, must be fr or en."""
    raw = os.environ.get("MOSTRA_LANGUAGE", "").strip()
    if raw and not LANGUAGE_PATTERN.fullmatch(raw):
        raise ImproperlyConfigured(
            f"MOSTRA_LANGUAGE must be fr or en (or a locale such as fr_FR.UTF-8), not {raw!r}."
        )


@dataclass(frozen=True)
class Config:
    #: MOSTRA_DATA_DIR: where the SQLite file, the generated secret key and media live.
    data_dir: Path
    #: DATABASE_URL: sqlite:////path or postgres://user@host/db; SQLite in data_dir by default.
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
    #: Whether DATABASE_URL was given (else the SQLite file in data_dir).
    database_url_explicit: bool = False
    #: MOSTRA_LOGIN_FAILURES: wrong passwords for one account from one address that lock
    #: it out from there (mostra.core.sign_in_limits).
    login_failures: int = 5
    #: MOSTRA_LOGIN_ADDRESS_FAILURES: wrong passwords from one address, whatever the
    #: accounts, that lock it out of all (also wrong API tokens, refused invitation links,
    #: each counted apart); 0 turns this off, for an address everyone shares (a proxy).
    login_address_failures: int = 20
    #: MOSTRA_LOGIN_LOCKOUT_MINUTES: how long a lock-out lasts, and how long after the last
    #: failure the count starts again.
    login_lockout_minutes: int = 15
    #: MOSTRA_TRUST_X_FORWARDED_PROTO: the reverse proxy in front of mostra sets
    #: X-Forwarded-Proto (and drops the client's): a request it says is https is secure.
    trust_x_forwarded_proto: bool = False
    #: MOSTRA_SHORT_LINK_BASE: the address short links are printed with (a short domain
    #: pointing at mostra, such as https://go.example.org); unset, MOSTRA_BASE_URL.
    short_link_base: str = ""

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def uses_https(self) -> bool:
        """Whether the public address, MOSTRA_BASE_URL, is https://."""
        return self.base_url.lower().startswith("https://")

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
    try:
        if key_file.exists():
            return key_file.read_text(encoding="utf-8").strip()
        key = secrets.token_urlsafe(50)
        key_file.write_text(key, encoding="utf-8")
        key_file.chmod(0o600)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"MOSTRA_SECRET_KEY is unset and {key_file}, the key mostra generates in "
            f"MOSTRA_DATA_DIR, cannot be used ({exc.strerror or exc}): set MOSTRA_SECRET_KEY, "
            "or let mostra read and write that file."
        ) from exc
    return key


def load() -> Config:
    data_dir = _data_dir()
    given_database_url = _database_url()
    database_url = given_database_url or f"sqlite:///{data_dir / 'mostra.sqlite3'}"
    environment = (_env("MOSTRA_ENV").strip() or "development").lower()
    if environment not in {"development", "production"}:
        raise ImproperlyConfigured(
            f"MOSTRA_ENV must be 'development' or 'production', not {environment!r}."
        )
    debug = _flag("MOSTRA_DEBUG")
    if debug and environment == "production":
        raise ImproperlyConfigured("MOSTRA_DEBUG cannot be on when MOSTRA_ENV=production.")
    _check_language()
    base_url = _url(
        "MOSTRA_BASE_URL", "", {"http", "https"}, "an http:// or https:// address with a host"
    )
    allowed_hosts = _allowed_hosts()
    if environment == "production":
        _check_production_address(base_url or DEFAULT_BASE_URL, bool(base_url), allowed_hosts)
    login_failures = _whole_number("MOSTRA_LOGIN_FAILURES", 5, 1, 1000)
    login_address_failures = _whole_number("MOSTRA_LOGIN_ADDRESS_FAILURES", 20, 0, 100_000)
    if 0 < login_address_failures < login_failures:
        raise ImproperlyConfigured(
            "MOSTRA_LOGIN_ADDRESS_FAILURES must be 0 (off) or at least MOSTRA_LOGIN_FAILURES "
            f"({login_failures}), not {login_address_failures}: it counts the failures of "
            "every account from one address."
        )
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        environment=environment,
        debug=debug,
        secret_key=_secret_key(data_dir, database_url, environment),
        allowed_hosts=allowed_hosts,
        base_url=(base_url or DEFAULT_BASE_URL).rstrip("/"),
        base_url_explicit=bool(base_url),
        smtp_url=_url("MOSTRA_SMTP_URL", "", {"smtp", "smtp+starttls", "smtps"}, SMTP_FORMS),
        email_from=_email_address(
            "MOSTRA_EMAIL_FROM",
            "mostra <mostra@localhost>",
            "an e-mail address, alone or as 'Name <address>'",
        ),
        admin_email=_email_address("MOSTRA_ADMIN_EMAIL", "admin@mostra.local", "an e-mail address"),
        admin_password=_env("MOSTRA_ADMIN_PASSWORD"),
        invitation_days=_whole_number("MOSTRA_INVITATION_DAYS", 7, 1, 365),
        allow_private_addresses=_flag("MOSTRA_ALLOW_PRIVATE_ADDRESSES"),
        max_upload_mb=_whole_number("MOSTRA_MAX_UPLOAD_MB", 200, 1, 100 * 1024),
        encryption_keys=_encryption_keys(data_dir),
        bluesky_appview_url=_url(
            "MOSTRA_BLUESKY_APPVIEW_URL",
            "https://public.api.bsky.app",
            {"http", "https"},
            "an http:// or https:// address with a host",
        ).rstrip("/"),
        import_max_bytes=_whole_number("MOSTRA_IMPORT_MAX_BYTES", 2 * 1024**3, 1, 1024**4),
        database_url_explicit=bool(given_database_url),
        login_failures=login_failures,
        login_address_failures=login_address_failures,
        login_lockout_minutes=_whole_number("MOSTRA_LOGIN_LOCKOUT_MINUTES", 15, 1, 24 * 60),
        trust_x_forwarded_proto=_flag("MOSTRA_TRUST_X_FORWARDED_PROTO"),
        short_link_base=_url(
            "MOSTRA_SHORT_LINK_BASE",
            "",
            {"http", "https"},
            "an http:// or https:// address with a host (a short domain pointing at mostra)",
        ).rstrip("/"),
    )
