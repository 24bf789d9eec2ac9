"""Django settings, all derived from :mod:`mostra.config` (the environment)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from mostra import config as _config

CONFIG = _config.load()
PACKAGE_DIR = Path(__file__).resolve().parent

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = [CONFIG.base_url] if CONFIG.base_url.startswith("http") else []

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "django_otp",  # Its devices are mostra's own: mostra.core.models.two_factor.
    "axes",
    "django_tasks",
    "django_tasks_db",
    "mostra.core",
    "mostra.strategy",
    "mostra.editorial",
    "mostra.charter",
    "mostra.publishing",
    "mostra.listening",
    "mostra.links",
    "mostra.paid",
    "mostra.toolbox",
    "mostra.ambassadors",
    "mostra.analytics",
    "mostra.notifications",
    "mostra.reports",
    "mostra.api",
    "mostra.home",  # The top layer: the home page reads every app above.
]

MIDDLEWARE = [
    "mostra.core.hosts.AllowedHostsMiddleware",  # First: names MOSTRA_ALLOWED_HOSTS.
    "django.middleware.security.SecurityMiddleware",
    # /l/<code>: no CSP policy built for a bodiless 302 (its own fixed one on its two
    # pages), no session, CSRF or auth (docs/performance.md, short links).
    "mostra.links.redirect.ShortLinkMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mostra.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mostra.urls"
WSGI_APPLICATION = "mostra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mostra.core.context_processors.navigation",
            ],
        },
    }
]


def _database() -> dict:
    db = dj_database_url.parse(CONFIG.database_url)  # Checked, its folder made, by config.
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["OPTIONS"] = {
            # Without IMMEDIATE, concurrent read-then-write transactions fail
            # with "database is locked" instead of waiting for the lock.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA foreign_keys=ON;"
                # Reads through the page cache without copying (KPIs over a year of
                # posts: 1.2 s → 0.9 s in the worst case, bench/kpi_dashboard.py).
                "PRAGMA mmap_size=268435456;"
            ),
        }
    else:
        db["CONN_MAX_AGE"] = 600
        db["CONN_HEALTH_CHECKS"] = True
    return db


DATABASES = {"default": _database()}
# Each server process's own memory: the figures of the year-long pages
# (mostra.core.figures_cache), the calendar feeds. Keys carry the data's version.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# How long computed figures are kept at most (0: not kept); a change moves their key first.
FIGURES_CACHE_SECONDS = 600
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
AUTHENTICATION_BACKENDS = [
    # Refuses a sign-in while its account or address is locked out: mostra.core.sign_in_limits.
    "mostra.core.sign_in_limits.LockOutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A password reset link (mostra.core.services.passwords) works for an hour, and once.
PASSWORD_RESET_TIMEOUT = 60 * 60
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "mostra_language"
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = CONFIG.data_dir / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = CONFIG.data_dir / "media"
# Media are served by the editorial:media view to members only, never under MEDIA_URL.
# Uploads stream to temporary files past 2.5 MB; a file over MOSTRA_MAX_UPLOAD_MB is
# dropped while it arrives and the view says so (see mostra.editorial.services.media).
MOSTRA_MAX_UPLOAD_BYTES = CONFIG.max_upload_mb * 1024 * 1024
MOSTRA_ENCRYPTION_KEYS = CONFIG.encryption_keys
MOSTRA_ALLOW_PRIVATE_ADDRESSES = CONFIG.allow_private_addresses
MOSTRA_BLUESKY_APPVIEW_URL = CONFIG.bluesky_appview_url
MOSTRA_IMPORT_MAX_BYTES = CONFIG.import_max_bytes
MOSTRA_SHORT_LINK_BASE = CONFIG.short_link_base or CONFIG.base_url
FILE_UPLOAD_HANDLERS = [
    "mostra.editorial.services.media.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sign-in limits (mostra.core.sign_in_limits): failures are counted by django-axes, in the
# database; the rules are mostra's handler's. The client's address is REMOTE_ADDR.
MOSTRA_LOGIN_FAILURES = CONFIG.login_failures
MOSTRA_LOGIN_ADDRESS_FAILURES = CONFIG.login_address_failures
AXES_HANDLER = "mostra.core.sign_in_limits.SignInLimits"
AXES_FAILURE_LIMIT = 1  # SignInLimits counts the limits reached, not the failures.
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG.login_lockout_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # What a successful sign-in resets.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # A lock-out ends on time.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "mostra.core.sign_in_limits.account_of"
AXES_CLIENT_IP_CALLABLE = "mostra.core.views.base.client_ip"
AXES_LOCKOUT_CALLABLE = "mostra.core.sign_in_limits.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # Sign-ins are in the audit log already.
AXES_ENABLE_ADMIN = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No script but mostra's own files, none inline (docs/security.md): a page whose markup
# let someone in still runs nothing of theirs. Styles may be inline: style="…" carries
# data (pillars' colours, progress bars), and Swagger UI and htmx set styles too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],  # Widened on the accounts page, which sends people to sign in.
        "frame-ancestors": [NONE],
    }
}


def _https() -> dict:
    """In production at an https:// address (mostra.config refuses http:// there but on
    localhost): cookies only over HTTPS, and browsers told to use nothing else for a year
    (HSTS, sent on secure requests only; no preload or subdomains: the operator's call).
    The proxy's X-Forwarded-Proto says a request is secure only when trusted."""
    values: dict = {}
    if CONFIG.is_production and CONFIG.uses_https:
        values.update(
            SESSION_COOKIE_SECURE=True,
            CSRF_COOKIE_SECURE=True,
            SECURE_HSTS_SECONDS=365 * 24 * 60 * 60,
        )
    if CONFIG.trust_x_forwarded_proto:
        values["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    return values


globals().update(_https())


def _email() -> dict:
    if not CONFIG.smtp_url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parts = urlsplit(CONFIG.smtp_url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "127.0.0.1",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp+starttls",
        "EMAIL_TIMEOUT": 15,
    }


globals().update(_email())
EMAIL_ENABLED = bool(CONFIG.smtp_url)
DEFAULT_FROM_EMAIL = CONFIG.email_from

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"without_traceback": {"()": "mostra.core.hosts.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "mostra": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
        # An unknown Host header: one line naming MOSTRA_ALLOWED_HOSTS (mostra.core.hosts).
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}
