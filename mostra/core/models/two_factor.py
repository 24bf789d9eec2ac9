"""Two-factor authentication's secrets, kept so that a copy of the database gives none away.

:class:`AuthenticatorApp` holds the secret from which a person's authenticator app
computes its codes (TOTP, RFC 6238). mostra must read it back to check a code, so it is
encrypted (:mod:`mostra.core.crypto`, like the networks' tokens). :class:`RecoveryCodeSet`
holds a person's one-time recovery codes as hashes only, like passwords: what is typed is
hashed and compared, and a code is deleted once used.

Both are django-otp devices (``Device``, with its throttling and timestamps), so that
django-otp's ``OTPMiddleware``, ``login``, ``verify_token`` and ``match_token`` work
with them as with its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from mostra.core.crypto import EncryptedJSONField, UnreadableSecret

#: The name the authenticator app shows beside the person's e-mail address.
ISSUER = "mostra"
#: Wrong codes in a row wait 1 s, 2 s, 4 s… (django-otp's throttle factor).
THROTTLE_FACTOR = 1
#: scrypt's cost (n, r, p) for recovery codes: 16 MiB and about 0.1 s a hash, the
#: parameters its author gives for interactive sign-ins. A code has 40 bits, too few for a
#: fast hash: a copy of the database must not give the codes away to a brute-force search.
SCRYPT_COST = (2**14, 8, 1)


def normalise(code: str) -> str:
    """A code as typed, without spaces and dashes, in lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def new_app_secret() -> str:
    """A new authenticator app's secret: 20 random bytes in hex (160 bits, RFC 4226)."""
    return random_hex(20)


class AuthenticatorApp(TimestampMixin, ThrottlingMixin, Device):
    """The authenticator app of a person: six digits every 30 seconds from its secret.

    Unconfirmed while being set up (the QR code is shown), confirmed by a first code.
    """

    #: The secret in hex, encrypted at rest; an :class:`UnreadableSecret` when no
    #: configured key decrypts it (see :attr:`readable`).
    secret = EncryptedJSONField(default=new_app_secret)
    #: How many 30-second steps the phone's clock is off, learnt from the codes typed.
    drift = models.SmallIntegerField(default=0)
    #: The step of the last code accepted: a code is accepted once, and only a later one after.
    last_t = models.BigIntegerField(default=-1)

    #: Six digits, a new code every 30 seconds from the Unix epoch, the one before and the
    #: one after accepted too (the phone's clock may be a little off): what every app uses.
    step = 30
    t0 = 0
    digits = 6
    tolerance = 1

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    @property
    def readable(self) -> bool:
        """Whether a configured key decrypts the secret (else no code can be checked)."""
        return not isinstance(self.secret, UnreadableSecret)

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.secret.encode())

    @property
    def config_url(self) -> str:
        """The ``otpauth://`` address that the QR code holds, for the app to scan."""
        label = quote(f"{ISSUER}:{self.user.get_username()}")
        params = urlencode(
            {
                "secret": base64.b32encode(self.bin_key).decode(),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
                "issuer": ISSUER,
            },
            quote_via=quote,
        )
        return f"otpauth://totp/{label}?{params}"

    def get_throttle_factor(self) -> int:
        return THROTTLE_FACTOR

    def verify_token(self, token: Any) -> bool:
        """Whether ``token`` is the code of now (or of the step before or after), not used yet.

        As django-otp's ``TOTPDevice``: an accepted code moves ``last_t`` (no replay) and
        ``drift``, and resets the wait; a wrong one makes the next wait longer. An
        unreadable secret accepts nothing and counts nothing.
        """
        allowed, _data = self.verify_is_allowed()
        if not allowed or not self.readable:
            return False
        try:
            code = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(code, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def forget_unreadable_secret(self, field: str) -> None:
        """The key of the secret is lost for good (``mostra secrets forget-unreadable``).

        The app can never be checked again: a confirmed one turns two-factor
        authentication off for its person, as ``mostra users disable-2fa`` does (audited;
        their password alone signs them in until they turn it on again); one still being
        set up is deleted, and the next visit shows a new QR code.
        """
        from mostra.core.services.two_factor import turn_off_for

        if self.confirmed:
            turn_off_for(self.user)
        else:
            self.delete()


def new_salt() -> str:
    """The salt of a person's recovery codes (one for the set: a code is hashed once)."""
    return secrets.token_urlsafe(16)


def hash_recovery_code(code: str, salt: str, cost: tuple[int, int, int] | None = None) -> str:
    """``scrypt$n$r$p$salt$digest``: the code cannot be read back from it, only checked.

    ``cost`` is :data:`SCRYPT_COST` unless given (a stored hash's own, to check a code).
    """
    n, r, p = cost or SCRYPT_COST
    digest = hashlib.scrypt(normalise(code).encode(), salt=salt.encode(), n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt}${base64.b64encode(digest).decode()}"


def hash_recovery_codes(codes: list[str]) -> list[str]:
    """The hashes of a person's new codes, with one salt for the set (about 0.1 s each:
    made before a transaction, which would hold the database's write lock meanwhile)."""
    salt = new_salt()
    return [hash_recovery_code(code, salt) for code in codes]


def _hash_like(code: str, stored: str) -> str:
    """``code`` hashed with the cost and salt of ``stored`` (one hash of the set)."""
    _algorithm, n, r, p, salt, _digest = stored.split("$")
    return hash_recovery_code(code, salt, (int(n), int(r), int(p)))


class RecoveryCodeSet(TimestampMixin, ThrottlingMixin, Device):
    """A person's one-time recovery codes, for the day the phone is lost."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return THROTTLE_FACTOR

    def keep(self, hashes: list[str]) -> None:
        """Store the set's codes, by their hashes (:func:`hash_recovery_codes`)."""
        RecoveryCode.objects.bulk_create(RecoveryCode(code_set=self, code_hash=h) for h in hashes)

    def matching_code(self, token: str) -> RecoveryCode | None:
        """The stored code that ``token`` is, or None.

        ``token`` is hashed once per salt (one for the set), then compared with every
        stored code in constant time, so that the answer takes as long whichever matched.
        """
        found = None
        hashed: dict[str, str] = {}
        for stored in self.codes.all():
            settings_part = stored.code_hash.rpartition("$")[0]
            if settings_part not in hashed:
                hashed[settings_part] = _hash_like(token, stored.code_hash)
            if hmac.compare_digest(hashed[settings_part], stored.code_hash) and found is None:
                found = stored
        return found

    def verify_token(self, token: Any) -> bool:
        """Whether ``token`` is one of the codes, which is then deleted: each works once.

        As django-otp's ``StaticDevice``, with its waits after wrong codes.
        """
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.matching_code(str(token))
        # Deleted by its id: of two sign-ins with the same code at once, one deletes it.
        if used is not None and RecoveryCode.objects.filter(pk=used.pk).delete()[0]:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    """One recovery code, as its hash (:func:`hash_recovery_code`)."""

    code_set = models.ForeignKey(RecoveryCodeSet, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=128)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return str(_("recovery code"))
