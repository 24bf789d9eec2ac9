"""Secrets at rest: tokens, passwords and webhook keys are stored encrypted.

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) with keys from the
settings: ``MOSTRA_ENCRYPTION_KEYS`` (comma-separated Fernet keys, the first encrypts,
all decrypt, for rotation), or else one key derived from the secret key with HKDF. A
database dump shows only ``fernet:…`` tokens; the key is never in the database.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


class SecretUnreadable(Exception):
    """The stored secret was encrypted with a key the settings no longer hold."""


def derived_key(secret_key: str) -> bytes:
    """A Fernet key derived from Django's secret key (used when no key is configured)."""
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"mostra-secrets", info=b"fernet v1"
    ).derive(secret_key.encode())
    return base64.urlsafe_b64encode(raw)


@functools.cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    chosen = [k.encode() for k in keys] or [derived_key(secret_key)]
    return MultiFernet([Fernet(k) for k in chosen])


def fernet() -> MultiFernet:
    keys = tuple(getattr(settings, "MOSTRA_ENCRYPTION_KEYS", ()) or ())
    return _fernet(keys, settings.SECRET_KEY)


def encrypt(plain: str) -> str:
    return PREFIX + fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise SecretUnreadable("not an encrypted value")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "the secret was encrypted with another key: set MOSTRA_ENCRYPTION_KEYS "
            "to include the old key, or reconnect the account"
        ) from exc


class UnreadableSecret(dict[str, Any]):
    """What an encrypted field reads when no configured key decrypts its value.

    Empty and false, so that code reading a token finds none (the account shows
    "needs reconnecting" rather than a page failing); saved back unchanged, so that
    the right key, configured later, reads the secret again: nothing is lost.
    """

    def __init__(self, stored: str) -> None:
        super().__init__()
        self.stored = stored

    def __repr__(self) -> str:
        return "UnreadableSecret()"


def readable(stored: str) -> bool:
    """Whether a configured key decrypts ``stored`` (an encrypted column's value)."""
    try:
        decrypt(stored)
    except SecretUnreadable:
        return False
    return True


class EncryptedJSONField(models.TextField):
    """A JSON value stored encrypted (a dict of tokens, a password…); None stays NULL.

    A value no configured key decrypts reads as an :class:`UnreadableSecret`.
    """

    # For django-stubs: the attribute holds any JSON value (or None), not a str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        try:
            return json.loads(decrypt(value))
        except SecretUnreadable:
            return UnreadableSecret(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return self.from_db_value(value, None, None)
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, UnreadableSecret):
            return value.stored
        return encrypt(json.dumps(value, sort_keys=True))
