"""An account's health, in words, and the three things that change it.

What a member reads on the accounts page, from the most to the least urgent:

1. *disconnected*: someone disconnected it; nothing is published to it;
2. *needs reconnecting*: the network refused its credentials (or the token expired);
   the reason and a Reconnect button are shown;
3. *token expiring on DATE*: within :data:`EXPIRY_WARNING` days;
4. *last error on DATE*: the latest thing that went wrong, when more recent than the
   latest success (a network that was down, a refused request…);
5. *connected*: with the time of the last success;
6. *published by hand*: no connection to break (a person publishes, mostra tells them).

The workers record what happens with :func:`mark_ok`, :func:`mark_error` and
:func:`mark_rejected`; each writes only the account's status columns (one query).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core.crypto import UnreadableSecret
from mostra.publishing.models import AccountStatus, SocialAccount

#: How many days before its expiry a token is shown as expiring.
EXPIRY_WARNING = dt.timedelta(days=7)
#: The longest error message kept on an account (the network's words, trimmed).
ERROR_MAX = 500


@dataclass(frozen=True)
class Health:
    """What the accounts page shows for one account."""

    #: "connected", "expiring", "needs_reconnect", "error", "disconnected" or "by_hand".
    kind: str
    #: A short label for the badge.
    label: str
    #: The badge's colour class in app.css: "ok", "warn", "err" or "".
    css: str
    #: The date that goes with it (last success, expiry, error), if any.
    when: dt.datetime | None = None
    #: The network's reason (needs reconnecting, last error), if any.
    detail: str = ""

    @property
    def needs_reconnect(self) -> bool:
        return self.kind in {"needs_reconnect", "disconnected"}


def health(account: SocialAccount, now: dt.datetime | None = None) -> Health:
    """The account's health at ``now`` (see the module's docstring for the order)."""
    now = now or timezone.now()
    if account.status == AccountStatus.DISCONNECTED:
        return Health("disconnected", _("Disconnected"), "", account.last_error_at)
    if account.by_hand:
        return Health("by_hand", _("Published by hand"), "ok")
    expires = account.token_expires_at
    if isinstance(account.credentials, UnreadableSecret):
        return Health(
            "needs_reconnect",
            _("Needs reconnecting"),
            "err",
            None,
            _(
                "Its credentials were encrypted with a key this mostra does not have: "
                "reconnect the account, or give mostra the old key (MOSTRA_ENCRYPTION_KEYS, "
                "or the secret_key file of the data directory)."
            ),
        )
    if account.status == AccountStatus.NEEDS_RECONNECT:
        return Health(
            "needs_reconnect",
            _("Needs reconnecting"),
            "err",
            account.last_error_at,
            account.last_error or _("The network refused the account's credentials."),
        )
    if expires is not None and expires <= now:
        return Health(
            "needs_reconnect",
            _("Needs reconnecting"),
            "err",
            expires,
            _("The network's permission expired: reconnect the account to renew it."),
        )
    if expires is not None and expires - now <= EXPIRY_WARNING:
        return Health("expiring", _("Token expiring"), "warn", expires)
    if account.last_error_at and (
        account.last_ok_at is None or account.last_error_at > account.last_ok_at
    ):
        return Health("error", _("Last error"), "warn", account.last_error_at, account.last_error)
    return Health("connected", _("Connected"), "ok", account.last_ok_at)


def _trim(message: str) -> str:
    message = " ".join(str(message).split())
    return message if len(message) <= ERROR_MAX else message[: ERROR_MAX - 1] + "…"


def mark_ok(account: SocialAccount, now: dt.datetime) -> None:
    """A request to the network succeeded (an error status is cleared, not the text)."""
    fields: dict[str, object] = {"last_ok_at": now}
    if account.status == AccountStatus.ERROR:
        fields["status"] = AccountStatus.CONNECTED
    SocialAccount.objects.filter(pk=account.pk).update(**fields)
    for name, value in fields.items():
        setattr(account, name, value)


def mark_error(account: SocialAccount, message: str, now: dt.datetime) -> None:
    """Something went wrong that may pass (the network down, a refused request)."""
    fields = {"last_error": _trim(message), "last_error_at": now}
    SocialAccount.objects.filter(pk=account.pk).update(**fields)
    for name, value in fields.items():
        setattr(account, name, value)


def mark_rejected(account: SocialAccount, message: str, now: dt.datetime) -> None:
    """The network refused the credentials: the account needs reconnecting."""
    fields = {
        "status": AccountStatus.NEEDS_RECONNECT,
        "last_error": _trim(message),
        "last_error_at": now,
    }
    SocialAccount.objects.filter(pk=account.pk).exclude(status=AccountStatus.DISCONNECTED).update(
        **fields
    )
    if account.status != AccountStatus.DISCONNECTED:
        for name, value in fields.items():
            setattr(account, name, value)
